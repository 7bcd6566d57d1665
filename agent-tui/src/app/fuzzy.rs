//! A small fuzzy matcher for the pickers: the query's characters must appear
//! in order (a subsequence), case-insensitively; runs of adjacent characters
//! and matches at word starts score higher, so `rp` finds `refund-policy`
//! before `sharp`.

/// Points for every matched character.
const HIT: u32 = 1;
/// Extra points for a character right after the previous match.
const RUN: u32 = 5;
/// Extra points for a match at the start of a word.
const WORD_START: u32 = 3;

/// The score of `query` in `text`; `None` when it is not a subsequence. An
/// empty query matches everything with 0.
pub fn score(query: &str, text: &str) -> Option<u32> {
    let q: Vec<char> = query
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if q.is_empty() {
        return Some(0);
    }
    let t: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    // Try every start of the first character and keep the best greedy run,
    // so `re` in "a refund request" scores the word-start match.
    let mut best: Option<u32> = None;
    for start in (0..t.len()).filter(|&i| t[i] == q[0]) {
        if let Some(s) = greedy(&q, &t, start) {
            best = best.max(Some(s));
        }
    }
    best
}

/// Matches `q` in `t` from `start` (where `t[start] == q[0]`), each
/// following character at its first occurrence.
fn greedy(q: &[char], t: &[char], start: usize) -> Option<u32> {
    let mut total = 0;
    let mut prev: Option<usize> = None;
    let mut i = start;
    for &qc in q {
        while i < t.len() && t[i] != qc {
            i += 1;
        }
        if i >= t.len() {
            return None;
        }
        total += HIT;
        if prev.is_some_and(|p| p + 1 == i) {
            total += RUN;
        }
        if i == 0 || !t[i - 1].is_alphanumeric() {
            total += WORD_START;
        }
        prev = Some(i);
        i += 1;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::score;

    #[test]
    fn a_subsequence_matches_anything_else_does_not() {
        assert_eq!(score("", "anything"), Some(0));
        assert!(score("rfnd", "refund-policy").is_some());
        assert!(score("RFND", "Refund").is_some(), "case does not matter");
        assert_eq!(score("dnfr", "refund"), None, "order matters");
        assert_eq!(
            score("refunds", "refund"),
            None,
            "every character must appear"
        );
        assert!(
            score("ref pol", "refund-policy").is_some(),
            "spaces are ignored"
        );
    }

    #[test]
    fn runs_and_word_starts_rank_first() {
        let prefix = score("ref", "refund-policy").unwrap();
        let scattered = score("ref", "rate of fees").unwrap();
        assert!(prefix > scattered, "{prefix} > {scattered}");
        let initials = score("rp", "refund-policy").unwrap();
        let inside = score("rp", "sharp").unwrap();
        assert!(initials > inside, "{initials} > {inside}");
        // The best start is found, not only the first.
        let later = score("pol", "top of the policy").unwrap();
        assert!(later >= score("pol", "policy").unwrap());
    }
}
