//! The offline responder: answers from the widget's own FAQ with BM25, so the
//! product gives useful answers with no provider and no network.
//!
//! Each entry is one document: its question counts twice, its answer once
//! (a visitor's words usually echo the question). A match must clear two
//! bars: a minimum BM25 score, and a minimum confidence, the score as a share
//! of the best score possible for the question, where words the FAQ never
//! uses weigh the most. The second bar is what keeps "I need a transfer to
//! the airport" from answering with the payment methods just because
//! "transfer" matched. The thresholds were tuned on the table in the tests.

use super::text::words;
use super::{AiError, AiReply, AiRequest, Responder, last_visitor_text};
use proto::conversations::Message;
use proto::widgets::FaqEntry;
use std::collections::{HashMap, HashSet};
use tokio::sync::mpsc;

/// What the offline responder says when no FAQ entry fits; the engine decides
/// whether to escalate.
pub const OFFER_HUMAN: &str = "I don't know that one. Would you like to talk to a person? \
    Press 'Talk to a human' or just say so.";

/// BM25 term-frequency saturation.
const K1: f64 = 1.2;
/// BM25 length normalization.
const B: f64 = 0.75;
/// Weight of the question's words relative to the answer's.
const QUESTION_WEIGHT: f64 = 2.0;
/// Lowest BM25 score that can answer.
const MIN_SCORE: f64 = 0.9;
/// Lowest share of the best possible score the best entry must reach.
const MIN_CONFIDENCE: f64 = 0.2;

/// Words that carry no topic in a support question.
const STOPWORDS: &[&str] = &[
    // Function words.
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been",
    "being", "but", "by", "can", "could", "d", "did", "do", "does", "doing", "for", "from", "had",
    "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "ll", "m", "me", "might",
    "my", "of", "on", "or", "our", "re", "s", "shall", "should", "so", "some", "t", "than", "that",
    "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "us", "ve",
    "very", "was", "we", "were", "what", "whats", "when", "where", "which", "who", "why", "will",
    "with", "would", "you", "your", "yours",
    // Verbs that frame any question ("can I get", "I'd like to know").
    "get", "got", "go", "know", "let", "like", "make", "need", "take", "tell", "want",
    // Chat filler, which would otherwise count as rare words the FAQ lacks.
    "alright", "great", "hello", "hey", "hi", "hmm", "just", "ok", "okay", "please", "sure",
    "thank", "thanks", "well", "yeah", "yes",
];

/// Support-domain words that mean the same thing, after stemming: a tiny
/// thesaurus so "delivery" finds "shipping" and "phone" finds "contact".
const SYNONYMS: &[(&str, &str)] = &[
    ("deliver", "ship"),
    ("delivery", "ship"),
    ("dispatch", "ship"),
    ("cost", "pric"),
    ("fee", "pric"),
    ("payment", "pay"),
    ("paid", "pay"),
    ("phon", "contact"),
    ("cal", "contact"),
    ("email", "contact"),
    ("mail", "contact"),
    ("reach", "contact"),
    ("unsubscrib", "cancel"),
    ("terminat", "cancel"),
    ("log", "sign"),
    ("login", "sign"),
    ("signin", "sign"),
    ("clos", "open"),
    ("refund", "return"),
];

/// Strips common English inflections ("shipping", "shipped", "ships" all
/// become "ship") and a final "e" ("price"/"pricing" meet at "pric"); the
/// result only needs to be consistent, not a dictionary word.
fn stem(word: &str) -> String {
    let mut w = word.to_owned();
    if w.chars().count() <= 3 || !w.is_ascii() {
        return w;
    }
    if let Some(s) = w.strip_suffix("ies").filter(|s| s.len() >= 2) {
        w = format!("{s}y");
    } else if w.ends_with("sses") {
        w.truncate(w.len() - 2);
    } else if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
    } else if ["ses", "xes", "zes", "ches", "shes"]
        .iter()
        .any(|s| w.ends_with(s))
    {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') {
        w.truncate(w.len() - 1);
    }
    for suffix in ["ing", "ed", "ation", "ment", "ly"] {
        if let Some(s) = w.strip_suffix(suffix).filter(|s| s.len() >= 3) {
            w = s.to_owned();
            break;
        }
    }
    if w.len() > 3 && w.ends_with('e') {
        w.pop();
    }
    let b = w.as_bytes();
    if b.len() > 3 && b[b.len() - 1] == b[b.len() - 2] && !b"aeiou".contains(&b[b.len() - 1]) {
        w.pop();
    }
    w
}

/// The search terms of `text`: folded words, stopwords dropped, stemmed,
/// synonyms merged.
fn terms(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .map(|w| {
            let s = stem(&w);
            SYNONYMS
                .iter()
                .find(|(from, _)| *from == s)
                .map_or(s, |(_, to)| (*to).to_owned())
        })
        .collect()
}

/// A BM25 index over FAQ entries; cheap enough to build per question.
#[derive(Debug)]
pub struct FaqIndex {
    docs: Vec<HashMap<String, f64>>,
    lens: Vec<f64>,
    avg_len: f64,
    df: HashMap<String, usize>,
}

/// The best entry for a question, and how sure the index is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaqMatch {
    /// Index into the FAQ.
    pub entry: usize,
    /// BM25 score.
    pub score: f64,
    /// The score as a share of the best score possible for this question, 0 to 1.
    pub confidence: f64,
}

impl FaqIndex {
    /// Indexes `faq`.
    pub fn new(faq: &[FaqEntry]) -> Self {
        let mut docs = Vec::with_capacity(faq.len());
        let mut lens = Vec::with_capacity(faq.len());
        let mut df: HashMap<String, usize> = HashMap::new();
        for e in faq {
            let mut tf: HashMap<String, f64> = HashMap::new();
            for t in terms(&e.question) {
                *tf.entry(t).or_default() += QUESTION_WEIGHT;
            }
            for t in terms(&e.answer) {
                *tf.entry(t).or_default() += 1.0;
            }
            for t in tf.keys() {
                *df.entry(t.clone()).or_default() += 1;
            }
            lens.push(tf.values().sum());
            docs.push(tf);
        }
        let avg_len = if lens.is_empty() {
            1.0
        } else {
            (lens.iter().sum::<f64>() / lens.len() as f64).max(1.0)
        };
        Self {
            docs,
            lens,
            avg_len,
            df,
        }
    }

    fn idf(&self, term: &str) -> f64 {
        let n = self.docs.len() as f64;
        let df = self.df.get(term).copied().unwrap_or(0) as f64;
        // Lucene's variant: never negative, and a word no entry uses gets
        // the highest weight, which is what coverage needs.
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// The best-scoring entry for `question`, whether or not it clears the bars.
    pub fn best(&self, question: &str) -> Option<FaqMatch> {
        let mut seen = HashSet::new();
        let q: Vec<String> = terms(question)
            .into_iter()
            .filter(|t| seen.insert(t.clone()))
            .collect();
        let total: f64 = q.iter().map(|t| self.idf(t)).sum();
        if q.is_empty() || total <= 0.0 {
            return None;
        }
        let mut best: Option<FaqMatch> = None;
        for (i, doc) in self.docs.iter().enumerate() {
            let norm = K1 * (1.0 - B + B * self.lens[i] / self.avg_len);
            let score: f64 = q
                .iter()
                .filter_map(|t| {
                    doc.get(t)
                        .map(|&tf| self.idf(t) * tf * (K1 + 1.0) / (tf + norm))
                })
                .sum();
            if score > 0.0 && best.is_none_or(|b| score > b.score) {
                best = Some(FaqMatch {
                    entry: i,
                    score,
                    // The most a document could score is every query word at
                    // saturated frequency: idf·(K1 + 1).
                    confidence: score / (total * (K1 + 1.0)),
                });
            }
        }
        best
    }

    /// The entry that answers `question`, if one is a confident match.
    pub fn answer(&self, question: &str) -> Option<usize> {
        self.best(question)
            .filter(|m| m.score >= MIN_SCORE && m.confidence >= MIN_CONFIDENCE)
            .map(|m| m.entry)
    }
}

/// The offline responder: the widget's FAQ, ranked with BM25.
#[derive(Debug, Clone, Copy, Default)]
pub struct FaqResponder;

#[async_trait::async_trait]
impl Responder for FaqResponder {
    async fn respond(
        &self,
        req: AiRequest,
        deltas: mpsc::Sender<String>,
    ) -> Result<AiReply, AiError> {
        let question = last_visitor_text(&req.history).unwrap_or_default();
        let faq = &req.settings.faq;
        let text = FaqIndex::new(faq)
            .answer(question)
            .and_then(|i| faq.get(i))
            .map_or(OFFER_HUMAN, |e| e.answer.as_str())
            .to_owned();
        // A few deltas, so the widget shows the same streaming behaviour as
        // with a model and the engine has one code path.
        for piece in pieces(&text, 3) {
            deltas
                .send(piece.to_owned())
                .await
                .map_err(|_| AiError::Cancelled)?;
        }
        Ok(AiReply::Answer(text))
    }

    async fn summarize(&self, _history: &[Message]) -> Option<String> {
        None
    }

    fn name(&self) -> &'static str {
        "offline"
    }
}

/// `text` cut at word boundaries into about `n` pieces that concatenate back to it.
fn pieces(text: &str, n: usize) -> Vec<&str> {
    let target = text.len().div_ceil(n.max(1)).max(1);
    let mut out = Vec::with_capacity(n);
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + target).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        if end < text.len() {
            // Extend to the next space, so a word is never split.
            end = text[end..].find(' ').map_or(text.len(), |i| end + i + 1);
        }
        out.push(&text[start..end]);
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proto::conversations::SenderKind;
    use proto::widgets::WidgetSettings;
    use uuid::Uuid;

    fn seeded() -> Vec<FaqEntry> {
        [
            (
                "How long does shipping take?",
                "Orders ship within 1-2 business days and arrive within 3-5 business days in the EU.",
            ),
            (
                "What is your return policy?",
                "You can return any unused item within 30 days for a full refund. Start a return from your order page.",
            ),
            (
                "What are your opening hours?",
                "Our support team is available Monday to Friday, 9:00 to 17:00 CET.",
            ),
            (
                "How do I reset my password?",
                "Click 'Forgot password' on the sign-in page and follow the link we email you.",
            ),
            (
                "How much does it cost?",
                "Plans start at 9 EUR per month; see our pricing page for details.",
            ),
            (
                "How can I contact you?",
                "Email support@example.com or call +49 30 1234567.",
            ),
            (
                "Which payment methods do you accept?",
                "We accept Visa, Mastercard, PayPal and bank transfer.",
            ),
            (
                "How do I cancel my subscription?",
                "Go to Settings, Billing and press 'Cancel subscription'. You keep access until the end of the period.",
            ),
        ]
        .into_iter()
        .map(|(q, a)| FaqEntry {
            question: q.into(),
            answer: a.into(),
        })
        .collect()
    }

    const SHIPPING: Option<usize> = Some(0);
    const RETURNS: Option<usize> = Some(1);
    const HOURS: Option<usize> = Some(2);
    const PASSWORD: Option<usize> = Some(3);
    const PRICING: Option<usize> = Some(4);
    const CONTACT: Option<usize> = Some(5);
    const PAYMENT: Option<usize> = Some(6);
    const CANCEL: Option<usize> = Some(7);
    const HUMAN: Option<usize> = None;

    #[test]
    fn answers_paraphrases_and_offers_a_human_otherwise() {
        let cases: &[(&str, Option<usize>)] = &[
            // Paraphrases, most sharing only one or two words with the entry.
            ("How long until my package is delivered?", SHIPPING),
            ("when will my order arrive", SHIPPING),
            ("how many days does delivery take", SHIPPING),
            ("Do you ship fast?", SHIPPING),
            ("Can I get a refund?", RETURNS),
            ("I want to return my shoes", RETURNS),
            ("when are you open?", HOURS),
            ("What time do you close on Friday", HOURS),
            ("Is support available on Monday?", HOURS),
            ("I forgot my password", PASSWORD),
            ("how can I change my password, I can't log in", PASSWORD),
            ("What's the price?", PRICING),
            ("how much is a plan per month", PRICING),
            ("What's your phone number?", CONTACT),
            ("how do I reach you by email", CONTACT),
            ("Do you take PayPal?", PAYMENT),
            ("can I pay by bank transfer", PAYMENT),
            ("how to end my subscription", CANCEL),
            ("I'd like to cancel", CANCEL),
            // Unrelated: the offer of a human.
            ("what's the weather on mars", HUMAN),
            ("tell me a joke", HUMAN),
            ("who won the world cup", HUMAN),
            ("what is the meaning of life", HUMAN),
            ("what time is it on mars", HUMAN),
            // Unrelated but sharing one word with an entry.
            ("I need a transfer to the airport", HUMAN),
            ("what is the best month to visit Paris", HUMAN),
            ("what day is it today", HUMAN),
            ("do you have an office in Berlin", HUMAN),
            ("can my order be gift wrapped with a card", HUMAN),
            ("asdf qwerty", HUMAN),
            ("", HUMAN),
            ("hi", HUMAN),
        ];
        let index = FaqIndex::new(&seeded());
        let mut failures = Vec::new();
        for (question, want) in cases {
            let got = index.answer(question);
            if got != *want {
                failures.push(format!(
                    "{question:?}: want {want:?}, got {got:?} (best {:?})",
                    index.best(question)
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn stems_inflections_together() {
        for group in [
            &["ship", "ships", "shipping", "shipped"][..],
            &["price", "prices", "pricing", "priced"],
            &[
                "cancel",
                "cancels",
                "cancelled",
                "canceled",
                "cancelling",
                "cancellation",
            ],
            &["open", "opens", "opening", "opened"],
            &["box", "boxes"],
            &["policy", "policies"],
        ] {
            let stems: HashSet<String> = group.iter().map(|w| stem(w)).collect();
            assert_eq!(stems.len(), 1, "{group:?} -> {stems:?}");
        }
        assert_eq!(stem("address"), "addres");
        assert_eq!(stem("mars"), "mar");
    }

    #[test]
    fn empty_faq_offers_a_human() {
        assert_eq!(
            FaqIndex::new(&[]).answer("how long does shipping take"),
            None
        );
    }

    #[test]
    fn pieces_rejoin() {
        for text in [OFFER_HUMAN, "short", "", "ünïcödé wörds everywhere ok"] {
            let p = pieces(text, 3);
            assert_eq!(p.concat(), text);
            assert!(p.len() <= 4, "{p:?}");
        }
    }

    fn msg(sender: SenderKind, body: &str) -> Message {
        Message {
            conversation_id: Uuid::nil(),
            seq: 1,
            client_id: "c".into(),
            sender,
            author_id: None,
            author_name: None,
            body: body.into(),
            created_at: 0,
        }
    }

    #[tokio::test]
    async fn responder_streams_the_answer_of_the_last_question() {
        let settings = WidgetSettings {
            faq: seeded(),
            ..WidgetSettings::default()
        };
        let req = AiRequest {
            settings,
            history: vec![
                msg(SenderKind::Visitor, "tell me a joke"),
                msg(SenderKind::Ai, OFFER_HUMAN),
                msg(SenderKind::Visitor, "ok then: do you take paypal?"),
            ],
        };
        let (tx, mut rx) = mpsc::channel(16);
        let reply = FaqResponder.respond(req, tx).await.unwrap();
        let want = seeded()[6].answer.clone();
        assert_eq!(reply, AiReply::Answer(want.clone()));
        let mut streamed = String::new();
        let mut n = 0;
        while let Some(d) = rx.recv().await {
            streamed.push_str(&d);
            n += 1;
        }
        assert_eq!(streamed, want);
        assert!(n > 1, "streamed as several deltas");
        assert_eq!(FaqResponder.summarize(&[]).await, None);
    }

    #[tokio::test]
    async fn responder_offers_a_human_and_notices_cancellation() {
        let req = AiRequest {
            settings: WidgetSettings::default(),
            history: vec![msg(SenderKind::Visitor, "what's the weather on mars")],
        };
        let (tx, rx) = mpsc::channel(16);
        let reply = FaqResponder.respond(req.clone(), tx).await.unwrap();
        assert_eq!(reply, AiReply::Answer(OFFER_HUMAN.into()));
        drop(rx);
        let (tx, rx) = mpsc::channel(16);
        drop(rx);
        assert_eq!(FaqResponder.respond(req, tx).await, Err(AiError::Cancelled));
    }
}
