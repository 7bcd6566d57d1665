//! Private notes: what agents write on a conversation for each other. chatd
//! never sends them to the visitor (not over the visitor's socket or event
//! stream, not in the visitor's history).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Longest note, in characters.
pub const NOTE_MAX: usize = 4000;

/// A private note on a conversation.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Note {
    /// Stable id.
    pub id: Uuid,
    /// The conversation it is about.
    pub conversation_id: Uuid,
    /// Who wrote it (none once that user is deleted).
    pub author_id: Option<Uuid>,
    /// The author's display name when they wrote it.
    pub author_name: String,
    /// The text.
    pub body: String,
    /// When it was written, Unix milliseconds.
    pub created_at: i64,
}

/// `POST /api/v1/conversations/{id}/notes`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateNote {
    /// The text: 1 to 4000 characters, not only spaces.
    pub body: String,
}
