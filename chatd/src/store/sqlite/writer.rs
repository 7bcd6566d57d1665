//! The single SQLite writer: one connection owns every write and commits
//! queued work in batches (group commit).
//!
//! SQLite allows one writer at a time; letting several pool connections fight
//! over the lock wastes time in busy-waits and makes latency unpredictable
//! (MEASURED.md). One task with one connection never fights. Generic jobs
//! (admin writes) run each inside its own SAVEPOINT, so one that fails is
//! rolled back alone. Message appends take a fast path with a constant number
//! of statements per batch (see `append.rs`). Callers are answered only after
//! COMMIT returns: that is what "ack after commit" means.

use super::append::{AppendReq, Appender};
use crate::store::{Appended, CommitSink, NewMessage, StoreError};
use sqlx::SqliteConnection;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;

/// A boxed future borrowing the writer's connection.
pub type WriteFuture<'c, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'c>>;

type Finish = Box<dyn FnOnce(Result<(), StoreError>) + Send>;
type JobFuture<'c> = Pin<Box<dyn Future<Output = (bool, Finish)> + Send + 'c>>;
type Job = Box<dyn for<'c> FnOnce(&'c mut SqliteConnection) -> JobFuture<'c> + Send>;

enum Op {
    Job(Job),
    Append(AppendReq),
}

/// Operations committed together at most; bounds the time one COMMIT holds
/// the lock and the latency of the first operation in a batch.
const MAX_BATCH: usize = 1000;

/// Handle to the writer task.
#[derive(Clone)]
pub struct Writer {
    tx: mpsc::Sender<Op>,
}

impl Writer {
    /// Starts the writer on `conn` with a queue of `capacity` operations. When
    /// `stop` is cancelled it refuses new work, commits what is queued and ends.
    pub fn start(
        conn: SqliteConnection,
        capacity: usize,
        sink: Arc<dyn CommitSink>,
        stop: CancellationToken,
    ) -> (Self, tokio::task::JoinHandle<()>) {
        let (tx, rx) = mpsc::channel(capacity.max(1));
        let handle = tokio::spawn(run(conn, rx, Appender::new(sink), stop));
        (Self { tx }, handle)
    }

    fn enqueue(&self, op: Op) -> Result<(), StoreError> {
        self.tx.try_send(op).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => StoreError::Busy,
            mpsc::error::TrySendError::Closed(_) => {
                StoreError::Unavailable("the store is shutting down".into())
            }
        })
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
        self.enqueue(Op::Job(job))?;
        answer.await.unwrap_or_else(|_| Err(lost()))
    }

    /// Appends a message in the next batch; answers after commit.
    pub async fn append(&self, msg: NewMessage) -> Result<Appended, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.enqueue(Op::Append(AppendReq { msg, reply }))?;
        answer.await.unwrap_or_else(|_| Err(lost()))
    }
}

fn lost() -> StoreError {
    StoreError::Unavailable("the write could not be committed; see the server log".into())
}

pub(super) async fn exec(conn: &mut SqliteConnection, sql: &'static str) -> Result<(), StoreError> {
    sqlx::query(sql).execute(&mut *conn).await?;
    Ok(())
}

async fn run(
    mut conn: SqliteConnection,
    mut rx: mpsc::Receiver<Op>,
    mut appender: Appender,
    stop: CancellationToken,
) {
    let mut batch: Vec<Op> = Vec::with_capacity(MAX_BATCH);
    loop {
        let n = tokio::select! {
            n = rx.recv_many(&mut batch, MAX_BATCH) => n,
            () = stop.cancelled() => break,
        };
        if n == 0 {
            break;
        }
        commit_batch(&mut conn, &mut appender, &mut batch).await;
    }
    rx.close();
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        commit_batch(&mut conn, &mut appender, &mut batch).await;
    }
    tracing::debug!("store writer stopped");
}

async fn commit_batch(conn: &mut SqliteConnection, appender: &mut Appender, batch: &mut Vec<Op>) {
    if let Err(e) = exec(conn, "BEGIN IMMEDIATE").await {
        // Dropping the operations drops their reply channels: callers get Unavailable.
        tracing::error!(error = %e, "store writer cannot begin a transaction");
        batch.clear();
        return;
    }
    let mut finishers: Vec<Finish> = Vec::new();
    let mut appends: Vec<AppendReq> = Vec::new();
    for op in batch.drain(..) {
        let job = match op {
            Op::Job(job) => job,
            Op::Append(req) => {
                appends.push(req);
                continue;
            }
        };
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
    let pending = appender.apply(conn, appends).await;
    let commit = exec(conn, "COMMIT").await;
    if let Err(e) = &commit {
        tracing::error!(error = %e, "store writer commit failed; batch rolled back");
        let _ = exec(conn, "ROLLBACK").await;
    }
    appender.finish(pending, commit.clone());
    for finish in finishers {
        finish(commit.clone());
    }
}
