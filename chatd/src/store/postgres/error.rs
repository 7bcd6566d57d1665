//! Postgres errors normalized to [`StoreError`] by SQLSTATE.
//!
//! `StoreError`'s generic `From<sqlx::Error>` reads SQLite result codes; a
//! SQLSTATE such as `53100` parsed as a number would land on unrelated ones,
//! so every Postgres call maps its error here instead.

use crate::store::StoreError;

/// Maps a driver error: unique violation → `Conflict`; serialization
/// failure or deadlock → `Busy` (retried by the caller first); connection,
/// resource and shutdown errors → `Unavailable`; anything else → `Other`.
pub(super) fn pg(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        sqlx::Error::Database(db) => {
            if db.is_unique_violation() {
                return StoreError::Conflict(db.message().to_string());
            }
            let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
            if is_retryable(&code) {
                return StoreError::Busy;
            }
            if is_unavailable(&code) {
                return StoreError::Unavailable(format!("{} ({code})", db.message()));
            }
            StoreError::Other(e.to_string())
        }
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => StoreError::Unavailable(e.to_string()),
        _ => StoreError::Other(e.to_string()),
    }
}

/// serialization_failure, deadlock_detected: the transaction may simply be run again.
fn is_retryable(code: &str) -> bool {
    matches!(code, "40001" | "40P01")
}

/// Classes 08 (connection), 53 (insufficient resources), 57 (operator
/// intervention: shutdown, cancel, database dropped), 58 (system I/O), and a
/// read-only transaction (a failover left us on a standby).
fn is_unavailable(code: &str) -> bool {
    ["08", "53", "57", "58"]
        .iter()
        .any(|class| code.starts_with(class))
        || code == "25006"
}

/// Whether `e` is a unique violation (an append racing another node's
/// append of the same client id).
pub(super) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// Whether `e` is a foreign key violation (a referenced row is gone).
pub(super) fn is_foreign_key_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_foreign_key_violation())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlstate_classes() {
        assert!(is_retryable("40001"));
        assert!(is_retryable("40P01"));
        assert!(!is_retryable("23505"));
        for code in [
            "08006", "53300", "53100", "57P01", "57014", "58030", "25006",
        ] {
            assert!(is_unavailable(code), "{code}");
        }
        for code in ["23505", "23503", "42P01", "22001", ""] {
            assert!(!is_unavailable(code), "{code}");
        }
    }
}
