//! The single SQLite writer: one connection owns every write and commits
//! queued jobs in batches (group commit).
//!
//! SQLite allows one writer at a time; letting several pool connections fight
//! over the lock wastes time in busy-waits and makes latency unpredictable
//! (MEASURED.md). One task with one connection never fights. Each job runs
//! inside its own SAVEPOINT, so a job that fails (a unique violation, say)
//! is rolled back alone while the rest of the batch commits. Callers are
//! answered only after COMMIT returns, which is what "ack after commit" means.

use super::super::StoreError;
use sqlx::SqliteConnection;
use std::future::Future;
use std::pin::Pin;
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;

/// A boxed future borrowing the writer's connection.
pub type WriteFuture<'c, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'c>>;

type Finish = Box<dyn FnOnce(Result<(), StoreError>) + Send>;
type JobFuture<'c> = Pin<Box<dyn Future<Output = (bool, Finish)> + Send + 'c>>;
type Job = Box<dyn for<'c> FnOnce(&'c mut SqliteConnection) -> JobFuture<'c> + Send>;

/// Jobs committed together at most; bounds the time one COMMIT holds the lock.
const MAX_BATCH: usize = 512;

/// Handle to the writer task.
#[derive(Clone)]
pub struct Writer {
    tx: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer on `conn` with a queue of `capacity` jobs. When
    /// `stop` is cancelled it refuses new jobs, commits the queued ones and ends.
    pub fn start(
        conn: SqliteConnection,
        capacity: usize,
        stop: CancellationToken,
    ) -> (Self, tokio::task::JoinHandle<()>) {
        let (tx, rx) = mpsc::channel(capacity.max(1));
        let handle = tokio::spawn(run(conn, rx, stop));
        (Self { tx }, handle)
    }

    /// Runs `f` in the next batch and answers after that batch is committed.
    ///
    /// A full queue answers `Busy` at once instead of queueing without bound.
    pub async fn run<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut SqliteConnection) -> WriteFuture<'c, T> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel::<Result<T, StoreError>>();
        let job: Job = Box::new(move |conn| {
            Box::pin(async move {
                let result = f(conn).await;
                let ok = result.is_ok();
                let finish: Finish = Box::new(move |commit| {
                    let out = match (commit, result) {
                        (_, Err(e)) | (Err(e), Ok(_)) => Err(e),
                        (Ok(()), Ok(v)) => Ok(v),
                    };
                    let _ = reply.send(out);
                });
                (ok, finish)
            })
        });
        self.tx.try_send(job).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => StoreError::Busy,
            mpsc::error::TrySendError::Closed(_) => {
                StoreError::Unavailable("the store is shutting down".into())
            }
        })?;
        answer.await.unwrap_or_else(|_| {
            Err(StoreError::Unavailable(
                "the write could not be committed; see the server log".into(),
            ))
        })
    }
}

async fn exec(conn: &mut SqliteConnection, sql: &'static str) -> Result<(), StoreError> {
    sqlx::query(sql).execute(&mut *conn).await?;
    Ok(())
}

async fn run(mut conn: SqliteConnection, mut rx: mpsc::Receiver<Job>, stop: CancellationToken) {
    let mut batch: Vec<Job> = Vec::with_capacity(MAX_BATCH);
    loop {
        let n = tokio::select! {
            n = rx.recv_many(&mut batch, MAX_BATCH) => n,
            () = stop.cancelled() => break,
        };
        if n == 0 {
            break;
        }
        commit_batch(&mut conn, batch.drain(..)).await;
    }
    rx.close();
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        commit_batch(&mut conn, batch.drain(..)).await;
    }
    tracing::debug!("store writer stopped");
}

async fn commit_batch(conn: &mut SqliteConnection, jobs: impl Iterator<Item = Job>) {
    if let Err(e) = exec(conn, "BEGIN IMMEDIATE").await {
        // Dropping the jobs drops their reply channels: callers get Unavailable.
        tracing::error!(error = %e, "store writer cannot begin a transaction");
        return;
    }
    let mut finishers: Vec<Finish> = Vec::new();
    for job in jobs {
        if let Err(e) = exec(conn, "SAVEPOINT job").await {
            tracing::error!(error = %e, "store writer cannot open a savepoint");
            continue;
        }
        let (ok, finish) = job(&mut *conn).await;
        let end = if ok {
            exec(conn, "RELEASE job").await
        } else {
            match exec(conn, "ROLLBACK TO job").await {
                Ok(()) => exec(conn, "RELEASE job").await,
                Err(e) => Err(e),
            }
        };
        match end {
            Ok(()) => finishers.push(finish),
            Err(e) => finish(Err(e)),
        }
    }
    let commit = exec(conn, "COMMIT").await;
    if let Err(e) = &commit {
        tracing::error!(error = %e, "store writer commit failed; batch rolled back");
        let _ = exec(conn, "ROLLBACK").await;
    }
    for finish in finishers {
        finish(commit.clone());
    }
}
