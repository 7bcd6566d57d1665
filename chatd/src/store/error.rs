//! Store errors, normalized at the boundary so callers never see a driver error.

/// What a store call can fail with.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist.
    #[error("not found")]
    NotFound,
    /// A uniqueness rule was broken; the text names what collided.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The write queue is full; the caller should retry shortly.
    #[error("store is busy, retry")]
    Busy,
    /// The database cannot be used right now (locked, gone, full, read-only).
    #[error("store unavailable: {0}")]
    Unavailable(String),
    /// Anything else; a bug or data the code does not understand.
    #[error("store error: {0}")]
    Other(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => Self::NotFound,
            sqlx::Error::Database(db) => {
                if db.is_unique_violation() {
                    return Self::Conflict(db.message().to_string());
                }
                // SQLite primary result codes (low byte) that mean "cannot use
                // the file now": BUSY, LOCKED, READONLY, IOERR, FULL, CANTOPEN.
                let code = db.code().and_then(|c| c.parse::<i64>().ok());
                match code.map(|c| c & 0xff) {
                    Some(5 | 6 | 8 | 10 | 13 | 14) => Self::Unavailable(db.message().to_string()),
                    _ => Self::Other(e.to_string()),
                }
            }
            sqlx::Error::Io(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed => Self::Unavailable(e.to_string()),
            _ => Self::Other(e.to_string()),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        Self::Other(format!("stored JSON is unreadable: {e}"))
    }
}
