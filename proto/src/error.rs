//! The one error shape every chatd endpoint answers with.

use serde::{Deserialize, Serialize};

/// `{"error":{"code":…,"message":…}}`, the body of every non-2xx answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The code and the human-readable message of an error.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Stable, machine-readable code; clients branch on this, never on `message`.
    pub code: ErrorCode,
    /// A sentence for people: what failed and, where it helps, what to do.
    pub message: String,
}

/// Stable error codes. New codes may be added; clients treat unknown ones as `internal`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request is well-formed JSON but a field is missing or invalid (400).
    BadRequest,
    /// The body is not valid JSON or does not match the expected shape (400).
    InvalidJson,
    /// No credentials, or credentials that are wrong, expired or revoked (401).
    Unauthorized,
    /// Valid credentials without the needed role (403).
    Forbidden,
    /// The visitor is blocked on this widget (403); do not retry.
    Blocked,
    /// The resource or route does not exist (404).
    NotFound,
    /// The HTTP method is not allowed on this route (405).
    MethodNotAllowed,
    /// The request conflicts with existing state, e.g. a duplicate email (409).
    Conflict,
    /// The body is larger than the server accepts (413).
    PayloadTooLarge,
    /// The body has a content type other than `application/json` (415).
    UnsupportedMediaType,
    /// Too many requests; retry after the `Retry-After` header (429).
    RateLimited,
    /// The server is temporarily unable to take the request, retry it (503).
    Unavailable,
    /// The request took longer than the server's time limit (503).
    Timeout,
    /// A bug or an unexpected failure on the server; details are in its log (500).
    Internal,
    /// A code this client does not know yet.
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    /// The code as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadRequest => "bad_request",
            Self::InvalidJson => "invalid_json",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::Blocked => "blocked",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Conflict => "conflict",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::RateLimited => "rate_limited",
            Self::Unavailable => "unavailable",
            Self::Timeout => "timeout",
            Self::Internal => "internal",
            Self::Unknown => "unknown",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
