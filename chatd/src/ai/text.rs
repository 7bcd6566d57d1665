//! Text normalization shared by the FAQ ranking and the intent detection.

/// Lowercases `text` and folds common Latin accents, so "Möchte" and "mochte"
/// compare equal: visitors often type without accents on phone keyboards.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => out.push('a'),
            'æ' => out.push_str("ae"),
            'ç' | 'ć' | 'č' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' => out.push('i'),
            'ñ' | 'ń' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => out.push('o'),
            'œ' => out.push_str("oe"),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ß' => out.push_str("ss"),
            'ł' => out.push('l'),
            'š' | 'ś' => out.push('s'),
            'ž' | 'ź' | 'ż' => out.push('z'),
            c => out.push(c),
        }
    }
    out
}

/// The words of `text`, folded; anything not alphanumeric separates words, so
/// elisions split too ("d'un" is "d un", "don't" is "don t").
pub(crate) fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The clauses of `text` (split at sentence and comma punctuation), each as
/// its words: "No, I want a human" must not read as a negated request.
pub(crate) fn clauses(text: &str) -> Vec<Vec<String>> {
    text.split(['.', ',', '!', '?', ';', ':', '¿', '¡', '\n', '(', ')'])
        .map(words)
        .filter(|c| !c.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_and_splits() {
        assert_eq!(
            words("Ich MÖCHTE mit einem Menschen sprechen, bitte!"),
            [
                "ich", "mochte", "mit", "einem", "menschen", "sprechen", "bitte"
            ]
        );
        assert_eq!(words("parler à l'agent"), ["parler", "a", "l", "agent"]);
        assert_eq!(words("Straße"), ["strasse"]);
        assert_eq!(
            clauses("No, I want a human."),
            vec![vec!["no"], vec!["i", "want", "a", "human"]]
        );
    }
}
