//! Plain-words checks on a visitor's message: does the visitor ask for a
//! human, and does a widget's keyword rule match.
//!
//! `wants_human` works per clause and per language (each language's verbs
//! only combine with its own nouns, so the Dutch "mens" never pairs with the
//! English "talk"). A clause asks for a human when:
//!
//! 1. a contact verb and a preposition before a person noun appear in it:
//!    "can I talk to a human", "mit einem Menschen sprechen", "parler à un
//!    humain", "hablar con una persona";
//! 2. a wish verb is directly followed by a person noun, optionally with "me"
//!    and politeness words in between: "I want a human", "get me an agent",
//!    "ich möchte einen Mitarbeiter sprechen", "passez-moi un conseiller";
//! 3. the clause is nothing but a person noun and filler: "agent", "human
//!    please", "real person!", "operador por favor".
//!
//! Deliberate choices, each covered by the tests:
//! - The person noun must end the request (or be followed only by filler,
//!   verbs or "about …"), so "talk to human resources" and "I need an agent
//!   license" are no requests.
//! - Mentions are not requests: "the human body", "what is an agent in your
//!   app" (no contact or wish verb).
//! - Negated clauses are not requests: "I don't need a human".
//! - Questions about who answers ("are you human?", "am I talking to a real
//!   person?") are not requests; the assistant can answer them, and a visitor
//!   who then wants a person says so.
//! - Some nouns only count in a phrase, never alone, because alone they mean
//!   something else: "someone", the German interjection "Mensch!", the French
//!   "personne" (also "nobody").

use super::text::{clauses, words};

/// One language's vocabulary, folded (lowercase, no accents).
struct Lang {
    /// Verbs of contact that take a preposition: talk (to), sprechen (mit).
    verbs: &'static [&'static str],
    /// Verbs of wishing that take the person directly: want, möchte, quiero.
    wishes: &'static [&'static str],
    /// Prepositions between a contact verb and the person.
    preps: &'static [&'static str],
    /// Articles and adjectives allowed before the person noun.
    dets: &'static [&'static str],
    /// Person nouns; several words for a phrase ("customer service").
    nouns: &'static [&'static str],
    /// Person nouns that never count alone (rule 3).
    not_alone: &'static [&'static str],
    /// Politeness and pronouns that may surround a request.
    fillers: &'static [&'static str],
    /// Words after the noun that still leave it the object of the request.
    follow: &'static [&'static str],
    /// Negations that turn a request around.
    negations: &'static [&'static str],
    /// Clause openings that ask who answers rather than ask for someone.
    questions: &'static [&'static str],
}

const LANGS: &[Lang] = &[
    // English
    Lang {
        verbs: &[
            "talk", "speak", "chat", "connect", "transfer", "escalate", "put", "pass", "forward",
            "switch", "hand", "redirect", "send", "write",
        ],
        wishes: &[
            "want", "need", "get", "give", "like", "prefer", "request", "have", "see", "reach",
            "contact", "call",
        ],
        preps: &["to", "with", "through"],
        dets: &[
            "a", "an", "the", "some", "your", "one", "of", "real", "live", "actual", "human",
            "support", "customer", "proper",
        ],
        nouns: &[
            "human",
            "humans",
            "person",
            "people",
            "agent",
            "agents",
            "representative",
            "rep",
            "operator",
            "someone",
            "somebody",
            "staff",
            "manager",
            "supervisor",
            "employee",
            "human being",
            "customer service",
            "customer support",
            "support team",
            "live chat",
        ],
        not_alone: &["someone", "somebody", "people", "staff", "live chat"],
        fillers: &[
            "please",
            "pls",
            "plz",
            "now",
            "asap",
            "right",
            "immediately",
            "instead",
            "thanks",
            "thank",
            "you",
            "i",
            "me",
            "us",
            "just",
            "hi",
            "hello",
            "hey",
            "ok",
            "okay",
            "yes",
            "a",
            "an",
            "the",
            "d",
            "can",
            "could",
            "would",
            "may",
            "let",
            "to",
            "talk",
            "speak",
            "here",
            "again",
            "already",
        ],
        follow: &[
            "about",
            "regarding",
            "for",
            "because",
            "as",
            "who",
            "that",
            "on",
            "and",
            "not",
            "rather",
        ],
        negations: &["not", "don", "doesn", "didn", "never", "no", "without"],
        questions: &[
            "are you",
            "am i talking",
            "am i chatting",
            "am i speaking",
            "is this a",
            "is this an",
            "is this human",
            "is that a",
            "is it a",
        ],
    },
    // German
    Lang {
        verbs: &[
            "sprechen",
            "reden",
            "chatten",
            "schreiben",
            "verbinden",
            "verbinde",
            "verbindet",
            "weiterleiten",
            "durchstellen",
            "spreche",
            "rede",
        ],
        wishes: &[
            "mochte", "moechte", "will", "wurde", "brauche", "hatte", "haette", "mochten",
            "wollen", "brauchen", "kann", "konnte",
        ],
        preps: &["mit", "an", "zu", "zum"],
        dets: &[
            "ein",
            "eine",
            "einen",
            "einem",
            "einer",
            "den",
            "dem",
            "der",
            "die",
            "das",
            "echten",
            "echte",
            "echter",
            "echtem",
            "richtigen",
            "richtige",
            "richtiger",
            "menschlichen",
            "menschliche",
            "menschlicher",
            "lebenden",
            "ihrem",
            "ihren",
            "eurem",
            "euren",
        ],
        nouns: &[
            "mensch",
            "menschen",
            "mitarbeiter",
            "mitarbeiterin",
            "mitarbeitenden",
            "person",
            "berater",
            "beraterin",
            "agent",
            "agenten",
            "kundendienst",
            "kundenservice",
            "support mitarbeiter",
            "jemand",
            "jemandem",
            "jemanden",
            "ansprechpartner",
            "operator",
        ],
        not_alone: &["mensch", "menschen", "jemand", "jemandem", "jemanden"],
        fillers: &[
            "bitte",
            "jetzt",
            "sofort",
            "danke",
            "mal",
            "doch",
            "gerne",
            "gern",
            "ich",
            "mir",
            "mich",
            "uns",
            "einfach",
            "hallo",
            "ja",
            "lieber",
            "sprechen",
            "reden",
            "kann",
            "konnte",
            "bitteschon",
        ],
        follow: &["uber", "wegen", "fur", "der", "die"],
        negations: &[
            "nicht", "kein", "keine", "keinen", "keinem", "nie", "niemals",
        ],
        questions: &[
            "bist du",
            "sind sie",
            "ist das ein",
            "ist das eine",
            "spreche ich mit",
            "rede ich mit",
            "chatte ich mit",
        ],
    },
    // French
    Lang {
        verbs: &[
            "parler",
            "discuter",
            "causer",
            "echanger",
            "transferer",
            "transferez",
            "mettre",
            "mettez",
            "parle",
            "joindre",
            "ecrire",
        ],
        wishes: &[
            "veux",
            "voudrais",
            "voudrait",
            "aimerais",
            "souhaite",
            "souhaiterais",
            "besoin",
            "passez",
            "passer",
            "contacter",
            "joindre",
            "avoir",
            "demande",
        ],
        preps: &["a", "avec", "au", "aupres", "relation"],
        dets: &[
            "un",
            "une",
            "le",
            "la",
            "l",
            "les",
            "d",
            "de",
            "du",
            "des",
            "vrai",
            "vraie",
            "veritable",
            "reel",
            "reelle",
            "votre",
            "vos",
            "en",
            "chair",
            "os",
        ],
        nouns: &[
            "humain",
            "humains",
            "personne",
            "agent",
            "conseiller",
            "conseillere",
            "operateur",
            "operatrice",
            "interlocuteur",
            "service client",
            "etre humain",
            "quelqu un",
            "vendeur",
            "technicien",
            "collaborateur",
        ],
        not_alone: &["personne", "quelqu un"],
        fillers: &[
            "svp",
            "stp",
            "s",
            "il",
            "vous",
            "plait",
            "te",
            "merci",
            "maintenant",
            "je",
            "j",
            "moi",
            "me",
            "m",
            "tout",
            "de",
            "suite",
            "bonjour",
            "oui",
            "parler",
            "peux",
            "pourrais",
            "ai",
            "un",
            "une",
        ],
        follow: &["pour", "concernant", "sur", "qui"],
        negations: &["ne", "n", "pas", "jamais", "aucun", "sans"],
        questions: &["es tu", "etes vous", "suis je", "c est un", "est ce un"],
    },
    // Spanish
    Lang {
        verbs: &[
            "hablar",
            "conversar",
            "chatear",
            "comunicarme",
            "comunicar",
            "transferir",
            "transfiereme",
            "pasar",
            "escribir",
            "hable",
            "contactar",
        ],
        wishes: &[
            "quiero",
            "quisiera",
            "necesito",
            "deseo",
            "pasame",
            "paseme",
            "dame",
            "deme",
            "contactar",
            "pido",
        ],
        preps: &["con", "a", "al"],
        dets: &[
            "un",
            "una",
            "el",
            "la",
            "los",
            "las",
            "algun",
            "alguna",
            "de",
            "verdadero",
            "verdadera",
            "real",
            "humano",
            "humana",
            "su",
        ],
        nouns: &[
            "humano",
            "humanos",
            "persona",
            "personas",
            "agente",
            "asesor",
            "asesora",
            "operador",
            "operadora",
            "representante",
            "alguien",
            "ejecutivo",
            "ejecutiva",
            "ser humano",
            "servicio al cliente",
            "atencion al cliente",
            "encargado",
            "encargada",
        ],
        not_alone: &["alguien", "personas"],
        fillers: &[
            "por", "favor", "porfa", "porfavor", "ahora", "ya", "me", "yo", "gracias", "hola",
            "si", "puedo", "podria", "quiero", "quisiera", "me", "gustaria", "hablar",
        ],
        follow: &["sobre", "para", "acerca", "que"],
        negations: &["no", "nunca", "ni", "sin"],
        questions: &[
            "eres",
            "es usted",
            "estoy hablando con",
            "hablo con",
            "es un",
            "es una",
        ],
    },
    // Dutch
    Lang {
        verbs: &[
            "spreken",
            "praten",
            "chatten",
            "verbinden",
            "doorverbinden",
            "spreek",
            "praat",
            "schrijven",
            "verbind",
        ],
        wishes: &[
            "wil", "wilt", "zou", "heb", "hebben", "wens", "mag", "graag", "kan", "kun",
        ],
        preps: &["met", "tot"],
        dets: &[
            "een",
            "de",
            "het",
            "echte",
            "echt",
            "menselijke",
            "levende",
            "jullie",
            "uw",
        ],
        nouns: &[
            "mens",
            "medewerker",
            "medewerkster",
            "persoon",
            "agent",
            "iemand",
            "klantenservice",
            "adviseur",
            "operator",
            "vertegenwoordiger",
        ],
        not_alone: &["mens", "iemand"],
        fillers: &[
            "alsjeblieft",
            "alstublieft",
            "aub",
            "graag",
            "nu",
            "nodig",
            "ik",
            "me",
            "mij",
            "even",
            "dank",
            "bedankt",
            "hallo",
            "ja",
            "spreken",
            "praten",
            "wil",
            "kan",
        ],
        follow: &["over", "voor", "die"],
        negations: &["niet", "geen", "nooit", "zonder"],
        questions: &[
            "ben je",
            "bent u",
            "praat ik met",
            "spreek ik met",
            "is dit een",
        ],
    },
    // Portuguese
    Lang {
        verbs: &[
            "falar",
            "conversar",
            "transferir",
            "transfira",
            "passar",
            "escrever",
            "fale",
            "contatar",
            "contactar",
        ],
        wishes: &[
            "quero", "queria", "gostaria", "preciso", "desejo", "passa", "passe", "contatar",
            "chamar", "chame",
        ],
        preps: &["com", "a", "ao", "para", "pra"],
        dets: &[
            "um",
            "uma",
            "o",
            "a",
            "os",
            "as",
            "algum",
            "alguma",
            "de",
            "verdadeiro",
            "verdadeira",
            "real",
            "humano",
            "humana",
            "seu",
            "sua",
        ],
        nouns: &[
            "humano",
            "humanos",
            "pessoa",
            "pessoas",
            "atendente",
            "agente",
            "operador",
            "operadora",
            "consultor",
            "consultora",
            "representante",
            "alguem",
            "ser humano",
            "suporte humano",
            "atendimento humano",
        ],
        not_alone: &["alguem", "pessoas"],
        fillers: &[
            "por", "favor", "agora", "ja", "obrigado", "obrigada", "eu", "me", "ola", "oi", "sim",
            "posso", "poderia", "falar", "quero",
        ],
        follow: &["sobre", "para", "que"],
        negations: &["nao", "nunca", "nem", "sem"],
        questions: &[
            "voce e",
            "vc e",
            "estou falando com",
            "falo com",
            "e um",
            "e uma",
        ],
    },
    // Italian
    Lang {
        verbs: &[
            "parlare",
            "chattare",
            "comunicare",
            "trasferire",
            "trasferisci",
            "passare",
            "mettermi",
            "scrivere",
            "parli",
            "contattare",
        ],
        wishes: &[
            "voglio",
            "vorrei",
            "desidero",
            "bisogno",
            "passami",
            "passi",
            "contattare",
            "chiedo",
        ],
        preps: &["con", "a", "al", "ad", "all", "alla", "contatto"],
        dets: &[
            "un", "una", "uno", "il", "la", "l", "lo", "di", "del", "della", "vero", "vera",
            "reale", "umano", "umana", "in", "vostro", "vostra", "qualche",
        ],
        nouns: &[
            "umano",
            "umani",
            "persona",
            "persone",
            "operatore",
            "operatrice",
            "agente",
            "consulente",
            "addetto",
            "addetta",
            "qualcuno",
            "essere umano",
            "servizio clienti",
            "assistenza clienti",
        ],
        not_alone: &["qualcuno", "persone"],
        fillers: &[
            "per",
            "favore",
            "perfavore",
            "ora",
            "adesso",
            "subito",
            "grazie",
            "io",
            "mi",
            "ciao",
            "si",
            "posso",
            "potrei",
            "vorrei",
            "parlare",
            "ho",
        ],
        follow: &["su", "per", "riguardo", "che"],
        negations: &["non", "mai", "senza"],
        questions: &["sei", "e un", "e una", "sto parlando con", "parlo con"],
    },
];

/// Whether `text` is a visitor asking, in plain words, for a human.
pub fn wants_human(text: &str) -> bool {
    clauses(text)
        .iter()
        .any(|c| LANGS.iter().any(|l| clause_wants_human(l, c)))
}

fn has(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

/// Length of the person noun starting at `i`, if one starts there.
fn noun_at(lang: &Lang, c: &[String], i: usize) -> Option<(usize, &'static str)> {
    lang.nouns
        .iter()
        .filter_map(|n| {
            let parts: Vec<&str> = n.split(' ').collect();
            let fits = c.len() >= i + parts.len()
                && parts.iter().zip(&c[i..]).all(|(p, w)| *p == w.as_str());
            fits.then_some((parts.len(), *n))
        })
        .max_by_key(|(len, _)| *len)
}

/// Whether the words after a person noun leave it the object of a request:
/// nothing, filler and verbs, or "about …".
fn tail_ok(lang: &Lang, rest: &[String]) -> bool {
    match rest.first() {
        None => true,
        Some(w) if has(lang.follow, w) => true,
        // Adjectives may follow the noun ("una persona reale").
        Some(_) => rest.iter().all(|w| {
            has(lang.fillers, w)
                || has(lang.verbs, w)
                || has(lang.preps, w)
                || has(lang.wishes, w)
                || has(lang.dets, w)
        }),
    }
}

fn clause_wants_human(lang: &Lang, c: &[String]) -> bool {
    // "no I want a human" typed without a comma: the "no" answers the
    // assistant, it does not negate the request.
    let c = match c {
        [no, i, ..] if matches!(no.as_str(), "no" | "nope" | "nah") && i == "i" => &c[1..],
        _ => c,
    };
    let joined = c.join(" ");
    if lang
        .questions
        .iter()
        .any(|q| joined == *q || joined.starts_with(&format!("{q} ")))
    {
        return false;
    }
    for i in 0..c.len() {
        let Some((len, noun)) = noun_at(lang, c, i) else {
            continue;
        };
        if !tail_ok(lang, &c[i + len..]) {
            continue;
        }
        // Walk back over articles and adjectives to what governs the noun.
        let mut j = i;
        while j > 0 && has(lang.dets, &c[j - 1]) {
            j -= 1;
        }
        let before = &c[..j];
        if before.iter().any(|w| has(lang.negations, w)) {
            continue;
        }
        // Rule 1: contact verb … preposition + noun (the verb may come after, as in German).
        let after_prep = j > 0 && has(lang.preps, &c[j - 1]);
        if after_prep && c.iter().any(|w| has(lang.verbs, w)) {
            return true;
        }
        // Rule 2: wish verb, maybe "me"/politeness, then the noun.
        let mut k = j;
        while k > 0 && has(lang.fillers, &c[k - 1]) && !has(lang.wishes, &c[k - 1]) {
            k -= 1;
        }
        if k > 0 && has(lang.wishes, &c[k - 1]) {
            return true;
        }
        // Rule 3: the clause is only the noun and filler.
        let alone = c[..j]
            .iter()
            .chain(&c[i + len..])
            .all(|w| has(lang.fillers, w) || has(lang.dets, w) || has(lang.wishes, w));
        let padded = j > 0 || i + len < c.len();
        if alone && (!has(lang.not_alone, noun) || padded && noun_ok_padded(noun)) {
            return true;
        }
    }
    false
}

/// Nouns that do not count alone may still count with filler ("Mensch,
/// bitte"), except the ones that are mostly another word ("personne").
fn noun_ok_padded(noun: &str) -> bool {
    matches!(noun, "mensch" | "menschen" | "mens")
}

/// The first of `keywords` found in `text` as a whole word or phrase
/// (case- and accent-insensitive); blank keywords never match.
pub fn matches_rule(text: &str, keywords: &[String]) -> Option<String> {
    let t = words(text);
    keywords
        .iter()
        .find(|k| {
            let kw = words(k);
            !kw.is_empty() && t.windows(kw.len()).any(|w| w == kw.as_slice())
        })
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wants_human_table() {
        let cases: &[(&str, bool)] = &[
            // English requests
            ("can I talk to a human", true),
            ("Can I talk to a human?", true),
            ("real person please", true),
            ("agent", true),
            ("Agent!", true),
            ("human", true),
            ("HUMAN PLEASE", true),
            ("I want a human", true),
            ("I want to speak to a real person", true),
            ("I'd like to talk to someone", true),
            ("get me an agent now", true),
            ("connect me with a representative", true),
            ("transfer me to a live agent please", true),
            ("Let me speak with your manager", true),
            ("customer service", true),
            ("Talk to a human about my refund", true),
            ("this bot is useless, I need a real person", true),
            ("No, I want a human.", true),
            ("no I want a human", true),
            ("talk to a human not a bot", true),
            ("do you have a human agent", true),
            ("no need for a human", false),
            ("why can't I talk to a human", true),
            ("I want a human to talk to", true),
            ("operator", true),
            // English non-requests
            ("the human body", false),
            ("is the human body mostly water", false),
            ("what is an agent in your app", false),
            ("How do I add an agent to my team?", false),
            ("I need an agent license", false),
            ("talk to human resources", false),
            ("I don't need a human", false),
            ("don't transfer me to an agent yet", false),
            ("are you a human?", false),
            ("am I talking to a real person?", false),
            ("Is this a bot or a person?", false),
            ("I talked to an agent yesterday about my order", false),
            ("someone", false),
            ("do you ship to people in Canada", false),
            ("can I talk about mens sizes", false),
            ("the agent told me to wait", false),
            ("I want a refund", false),
            // German
            ("ich möchte mit einem Menschen sprechen", true),
            ("Ich moechte mit einem Mitarbeiter reden", true),
            ("Kann ich bitte mit einem echten Menschen sprechen?", true),
            ("Ich möchte einen Mitarbeiter sprechen", true),
            ("Mitarbeiter bitte", true),
            ("Mensch bitte", true),
            ("Mensch!", false),
            ("Mensch, das ist toll", false),
            ("Ich will nicht mit einem Menschen sprechen", false),
            ("bist du ein Mensch?", false),
            ("Der menschliche Körper", false),
            // French
            ("je veux parler à un humain", true),
            ("parler a un humain", true),
            ("Je voudrais parler à un conseiller, s'il vous plaît", true),
            ("passez-moi un conseiller", true),
            ("j'ai besoin d'un humain", true),
            ("un vrai humain svp", true),
            ("personne ne répond", false),
            ("je ne veux pas parler à un humain", false),
            ("es-tu un humain ?", false),
            // Spanish
            ("hablar con una persona", true),
            ("Quiero hablar con un agente, por favor", true),
            ("¿Puedo hablar con un humano?", true),
            ("necesito un asesor", true),
            ("operador por favor", true),
            ("no quiero hablar con un humano", false),
            ("¿eres humano?", false),
            ("el cuerpo humano", false),
            // Dutch
            ("ik wil met een mens praten", true),
            ("Kan ik met een medewerker spreken?", true),
            ("medewerker alstublieft", true),
            ("ik wil niet met een mens praten", false),
            ("ben je een mens?", false),
            // Portuguese
            ("quero falar com um humano", true),
            ("Posso falar com um atendente?", true),
            ("preciso de um atendente", true),
            ("atendente por favor", true),
            ("não quero falar com uma pessoa", false),
            ("você é humano?", false),
            ("o corpo humano", false),
            // Italian
            ("voglio parlare con un operatore", true),
            ("Vorrei parlare con una persona reale", true),
            ("ho bisogno di un operatore", true),
            ("mi passi un operatore", true),
            ("operatore per favore", true),
            ("non voglio parlare con un operatore", false),
            ("sei umano?", false),
            ("il corpo umano", false),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter(|(text, want)| wants_human(text) != *want)
            .map(|(text, want)| format!("{text:?}: want {want}"))
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn matches_rule_table() {
        let rules: Vec<String> = ["refund", "legal action", "Kündigung", "  "]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let cases: &[(&str, Option<&str>)] = &[
            ("I want a REFUND now", Some("refund")),
            ("refund?", Some("refund")),
            ("refunds", None),
            ("I will take Legal   Action!", Some("legal action")),
            ("legal actions", None),
            ("meine kundigung bitte", Some("Kündigung")),
            ("nothing here", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(matches_rule(text, &rules).as_deref(), *want, "{text:?}");
        }
        assert_eq!(matches_rule("anything", &[]), None);
    }
}
