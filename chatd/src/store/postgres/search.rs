//! The text filter of `list_conversations` (`GET /api/v1/conversations?q=`):
//! a conversation matches when one of its message bodies or one of its
//! pre-chat answers (values, not field names) contains the text, ignoring
//! case (ILIKE).

use sqlx::{Postgres, QueryBuilder};

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
pub(super) fn push_text_filter(qb: &mut QueryBuilder<Postgres>, text: &str) {
    let pattern = contains_pattern(text);
    qb.push(
        " AND (EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id \
         AND m.body ILIKE ",
    )
    .push_bind(pattern.clone())
    .push(
        " ESCAPE '\\') OR EXISTS (SELECT 1 FROM jsonb_each_text(c.prechat) j WHERE j.value ILIKE ",
    )
    .push_bind(pattern)
    .push(" ESCAPE '\\'))");
}
