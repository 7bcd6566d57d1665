//! The text filter of `list_conversations` (`GET /api/v1/conversations?q=`):
//! a conversation matches when one of its message bodies or one of its
//! pre-chat answers (values, not field names) contains the text. SQLite's
//! LIKE ignores case for ASCII letters only.

use sqlx::{QueryBuilder, Sqlite};

/// `text` as a LIKE pattern matching it anywhere, `%`, `_` and `\` taken
/// literally (with `ESCAPE '\'`).
fn contains_pattern(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    p
}

/// Adds ` AND (…)` for conversations `c` containing `text`.
pub(super) fn push_text_filter(qb: &mut QueryBuilder<Sqlite>, text: &str) {
    let pattern = contains_pattern(text);
    qb.push(
        " AND (EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id \
         AND m.body LIKE ",
    )
    .push_bind(pattern.clone())
    .push(" ESCAPE '\\') OR EXISTS (SELECT 1 FROM json_each(c.prechat) j WHERE j.value LIKE ")
    .push_bind(pattern)
    .push(" ESCAPE '\\'))");
}

#[cfg(test)]
mod tests {
    use super::contains_pattern;

    #[test]
    fn wildcards_are_literal() {
        assert_eq!(contains_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(contains_pattern("plain"), "%plain%");
    }
}
