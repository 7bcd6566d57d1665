//! `chatd backup PATH`: a consistent copy of the live SQLite database.
//!
//! `VACUUM INTO` reads one snapshot of the database (a read transaction, so
//! it runs beside a serving chatd's writer in WAL mode without stopping it)
//! and writes it to a new, compact file. The copy gets a new epoch: starting
//! chatd on it is a restore, and clients that saw later seqs must reload
//! their history rather than trust them. Postgres has its own tools
//! (pg_dump, pg_basebackup; see docs/operations.md).

use crate::config::Database;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use std::path::{Path, PathBuf};
use std::time::Duration;
use uuid::Uuid;

/// Why a backup failed.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The configured database is Postgres.
    #[error(
        "chatd backup copies SQLite databases; back up Postgres with pg_dump or pg_basebackup (docs/operations.md)"
    )]
    Postgres,
    /// The destination exists; a backup never overwrites.
    #[error("{0} exists; choose a new path (a backup never overwrites)")]
    Exists(PathBuf),
    /// The database to back up does not exist.
    #[error("no database at {0}")]
    NoDatabase(PathBuf),
    /// SQLite or the file system failed.
    #[error("{what}: {source}")]
    Failed {
        /// What was being done.
        what: String,
        /// The cause.
        #[source]
        source: sqlx::Error,
    },
    /// The written copy does not pass SQLite's integrity check.
    #[error("the copy at {0} failed its integrity check: {1}")]
    Corrupt(PathBuf, String),
}

/// What a backup wrote.
#[derive(Debug, Clone)]
pub struct BackupReport {
    /// The new file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Conversations in it.
    pub conversations: i64,
    /// Messages in it.
    pub messages: i64,
    /// The copy's new epoch.
    pub epoch: String,
}

fn failed(what: impl Into<String>) -> impl FnOnce(sqlx::Error) -> BackupError {
    let what = what.into();
    move |source| BackupError::Failed { what, source }
}

async fn connect(path: &Path, busy: Duration) -> Result<SqliteConnection, BackupError> {
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(busy)
        .connect()
        .await
        .map_err(failed(format!("cannot open {}", path.display())))
}

/// Writes a consistent copy of the configured SQLite database to `dest`,
/// which must not exist; the source may be in use by a running chatd.
pub async fn backup(
    db: &Database,
    dest: &Path,
    busy: Duration,
) -> Result<BackupReport, BackupError> {
    let Database::Sqlite(src) = db else {
        return Err(BackupError::Postgres);
    };
    if dest.exists() {
        return Err(BackupError::Exists(dest.to_path_buf()));
    }
    if !src.exists() {
        return Err(BackupError::NoDatabase(src.clone()));
    }
    // Written beside the destination and renamed at the end, so an
    // interrupted backup never leaves a file that looks complete.
    let partial = PathBuf::from(format!("{}.partial", dest.display()));
    // A leftover from an interrupted run: ours to remove, never a backup.
    let _ = std::fs::remove_file(&partial);
    let mut source = connect(src, busy).await?;
    let written = sqlx::query("VACUUM INTO ?")
        .bind(partial.to_string_lossy().into_owned())
        .execute(&mut source)
        .await
        .map_err(failed(format!("cannot write {}", partial.display())));
    let _ = source.close().await;
    written?;

    let checked = finish(&partial, busy).await;
    let (conversations, messages, epoch) = match checked {
        Ok(v) => v,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    if dest.exists() {
        let _ = std::fs::remove_file(&partial);
        return Err(BackupError::Exists(dest.to_path_buf()));
    }
    std::fs::rename(&partial, dest).map_err(|e| BackupError::Failed {
        what: format!("cannot rename {} to {}", partial.display(), dest.display()),
        source: sqlx::Error::Io(e),
    })?;
    let bytes = std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0);
    Ok(BackupReport {
        path: dest.to_path_buf(),
        bytes,
        conversations,
        messages,
        epoch,
    })
}

/// Checks the copy, gives it a new epoch and counts what it holds.
async fn finish(path: &Path, busy: Duration) -> Result<(i64, i64, String), BackupError> {
    let mut c = connect(path, busy).await?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut c)
        .await
        .map_err(failed("cannot check the copy"))?;
    if check != "ok" {
        let _ = c.close().await;
        return Err(BackupError::Corrupt(path.to_path_buf(), check));
    }
    let epoch = Uuid::new_v4().to_string();
    sqlx::query("UPDATE meta SET value = ? WHERE key = 'epoch'")
        .bind(&epoch)
        .execute(&mut c)
        .await
        .map_err(failed("cannot set the copy's epoch"))?;
    let conversations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM conversations")
        .fetch_one(&mut c)
        .await
        .map_err(failed("cannot count conversations"))?;
    let messages: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages")
        .fetch_one(&mut c)
        .await
        .map_err(failed("cannot count messages"))?;
    // Back to a single file: no -wal beside the backup to lose in a copy.
    sqlx::query("PRAGMA journal_mode = DELETE")
        .execute(&mut c)
        .await
        .map_err(failed("cannot checkpoint the copy"))?;
    let _ = c.close().await;
    Ok((conversations, messages, epoch))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn refuses_postgres_an_existing_path_and_a_missing_database() {
        let dir = tempfile::tempdir().unwrap();
        let busy = Duration::from_secs(1);
        let pg = Database::Postgres(String::from("postgres://localhost/x").into());
        assert!(matches!(
            backup(&pg, &dir.path().join("b.db"), busy).await,
            Err(BackupError::Postgres)
        ));
        let missing = Database::Sqlite(dir.path().join("none.db"));
        assert!(matches!(
            backup(&missing, &dir.path().join("b.db"), busy).await,
            Err(BackupError::NoDatabase(_))
        ));
        let taken = dir.path().join("taken.db");
        std::fs::write(&taken, b"keep me").unwrap();
        let db = Database::Sqlite(dir.path().join("chatd.db"));
        assert!(matches!(
            backup(&db, &taken, busy).await,
            Err(BackupError::Exists(_))
        ));
        assert_eq!(std::fs::read(&taken).unwrap(), b"keep me");
    }

    #[tokio::test]
    async fn copies_a_database_with_a_new_epoch() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chatd.db");
        let store = crate::store::sqlite::open(
            &crate::store::sqlite::SqliteOptions::new(&path),
            std::sync::Arc::new(crate::store::NoSink),
        )
        .await
        .unwrap();
        use crate::store::Store;
        let epoch = store.epoch().await.unwrap();
        let dest = dir.path().join("backup.db");
        let r = backup(&Database::Sqlite(path), &dest, Duration::from_secs(1))
            .await
            .unwrap();
        store.close().await;
        assert!(r.bytes > 0);
        assert_ne!(r.epoch, epoch, "a restore is a new epoch");
        assert!(!PathBuf::from(format!("{}.partial", dest.display())).exists());
        let copy = crate::store::sqlite::open(
            &crate::store::sqlite::SqliteOptions::new(&dest),
            std::sync::Arc::new(crate::store::NoSink),
        )
        .await
        .unwrap();
        assert_eq!(copy.epoch().await.unwrap(), r.epoch);
        copy.close().await;
    }
}
