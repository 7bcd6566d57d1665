//! Canned replies: saved answers agents insert, found by a short shortcut.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

/// Longest shortcut, in characters.
pub const SHORTCUT_MAX: usize = 64;
/// Longest title, in characters.
pub const TITLE_MAX: usize = 200;
/// Longest body, in characters.
pub const BODY_MAX: usize = 4000;

/// Checks a shortcut: 1 to 64 of `a-z`, `0-9`, `-` and `_`. The error says
/// what is wrong, without the field name, so chatd and chatctl can each say
/// where the value came from.
pub fn check_shortcut(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err("must not be empty".into());
    }
    if s.chars().count() > SHORTCUT_MAX {
        return Err(format!("must be at most {SHORTCUT_MAX} characters"));
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        return Err(format!(
            "{s:?} may only contain lowercase letters, digits, - and _ (like refund-policy)"
        ));
    }
    Ok(())
}

/// A saved answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CannedReply {
    /// Stable id.
    pub id: Uuid,
    /// Unique slug agents type to find it, e.g. `refund-policy`.
    pub shortcut: String,
    /// What it is about, for lists.
    pub title: String,
    /// The text inserted into the reply.
    pub body: String,
    /// The widget it is offered on; none: every widget.
    pub widget_id: Option<Uuid>,
    /// Creation time, Unix milliseconds.
    pub created_at: i64,
    /// Last change, Unix milliseconds.
    pub updated_at: i64,
}

/// `POST /api/v1/canned`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateCannedReply {
    /// Unique slug: 1 to 64 of a-z, 0-9, `-` and `_`.
    pub shortcut: String,
    /// Title, at most 200 characters.
    pub title: String,
    /// Text, at most 4000 characters.
    pub body: String,
    /// Only on this widget; left out or null: every widget.
    #[serde(default)]
    pub widget_id: Option<Uuid>,
}

/// `PATCH /api/v1/canned/{id}`: only the fields given change.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CannedReplyPatch {
    /// New shortcut.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortcut: Option<String>,
    /// New title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// New body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Move it to a widget, or to every widget with `null`; left out: unchanged.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present",
        serialize_with = "inner"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>, nullable))]
    pub widget_id: Option<Option<Uuid>>,
}

impl CannedReplyPatch {
    /// Whether the patch changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

// A field that is present (even as null) is `Some`; `default` makes an
// absent one `None`. This is how PATCH tells "clear" from "leave alone".
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<Uuid>>, D::Error> {
    Option::<Uuid>::deserialize(d).map(Some)
}

// Only called when the outer option is `Some` (see `skip_serializing_if`).
#[allow(clippy::ref_option)]
fn inner<S: Serializer>(v: &Option<Option<Uuid>>, s: S) -> Result<S::Ok, S::Error> {
    v.flatten().serialize(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts() {
        for ok in ["a", "refund-policy", "faq_2", &"x".repeat(SHORTCUT_MAX)] {
            assert!(check_shortcut(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "Refund",
            "a b",
            "é",
            "a/b",
            &"x".repeat(SHORTCUT_MAX + 1),
        ] {
            assert!(check_shortcut(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_patch_tells_null_from_absent() {
        let p: CannedReplyPatch = serde_json::from_str("{}").unwrap();
        assert_eq!(p.widget_id, None);
        let p: CannedReplyPatch = serde_json::from_str(r#"{"widget_id":null}"#).unwrap();
        assert_eq!(p.widget_id, Some(None));
        let id = Uuid::nil();
        let p = CannedReplyPatch {
            widget_id: Some(Some(id)),
            ..Default::default()
        };
        let text = serde_json::to_string(&p).unwrap();
        assert_eq!(text, format!(r#"{{"widget_id":"{id}"}}"#));
        let clear = CannedReplyPatch {
            widget_id: Some(None),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&clear).unwrap(),
            r#"{"widget_id":null}"#
        );
        assert_eq!(
            serde_json::to_string(&CannedReplyPatch::default()).unwrap(),
            "{}"
        );
    }
}
