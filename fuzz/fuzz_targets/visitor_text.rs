//! What the engine reads in every visitor message before an AI or a person
//! sees it: the plain-words request for a human (`ai::intent::wants_human`),
//! the widget's handoff keywords (`ai::intent::matches_rule`) and the offline
//! FAQ ranking (`ai::faq::FaqIndex`). The input's first line is the message,
//! the other lines are keywords and FAQ entries.
#![no_main]

use chatd::ai::faq::FaqIndex;
use chatd::ai::intent::{matches_rule, wants_human};
use libfuzzer_sys::fuzz_target;
use proto::widgets::FaqEntry;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.split('\n');
    let message = lines.next().unwrap_or_default();
    let rest: Vec<String> = lines.map(str::to_string).collect();
    let _ = wants_human(message);
    let _ = wants_human(text);
    if let Some(k) = matches_rule(message, &rest) {
        assert!(rest.contains(&k));
    }
    let faq: Vec<FaqEntry> = rest
        .chunks(2)
        .map(|c| FaqEntry {
            question: c[0].clone(),
            answer: c.get(1).cloned().unwrap_or_default(),
        })
        .collect();
    let index = FaqIndex::new(&faq);
    if let Some(m) = index.best(message) {
        assert!(m.entry < faq.len());
        assert!(m.score.is_finite() && m.score > 0.0, "{m:?}");
        assert!(m.confidence.is_finite(), "{m:?}");
    }
    let _ = index.answer(message);
});
