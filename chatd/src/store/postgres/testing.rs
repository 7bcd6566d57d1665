//! A fresh database per test on the local Postgres server.
//!
//! The server comes from `CHATD_TEST_PG` (default
//! `postgres://postgres@127.0.0.1:5432`). An unreachable server fails the
//! test with a message saying how to start one: CI must fail, never skip.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use sqlx::Connection;
use sqlx::postgres::PgConnection;

/// The server tests use when `CHATD_TEST_PG` is not set.
pub const DEFAULT_SERVER: &str = "postgres://postgres@127.0.0.1:5432";

/// The test server's URL, without a database.
pub fn server_url() -> String {
    std::env::var("CHATD_TEST_PG")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_SERVER.to_string())
}

/// `base` (a server URL, maybe with a database and a query) naming `db` instead.
pub fn with_database(base: &str, db: &str) -> String {
    let (url, query) = match base.split_once('?') {
        Some((u, q)) => (u, Some(q)),
        None => (base, None),
    };
    let authority_start = url.find("://").map_or(0, |i| i + 3);
    let server = match url[authority_start..].find('/') {
        Some(slash) => &url[..authority_start + slash],
        None => url,
    };
    match query {
        Some(q) => format!("{server}/{db}?{q}"),
        None => format!("{server}/{db}"),
    }
}

async fn admin_connection(server: &str) -> PgConnection {
    let url = with_database(server, "postgres");
    match PgConnection::connect(&url).await {
        Ok(c) => c,
        Err(e) => panic!(
            "Postgres is unreachable at {server} ({e}). These tests need it and do not skip: \
             run scripts/ensure-postgres.sh, or point CHATD_TEST_PG at a server where this \
             user may CREATE DATABASE."
        ),
    }
}

/// A database created for one test, dropped (best effort) when this drops.
pub struct TestDb {
    server: String,
    name: String,
    /// URL of the database.
    pub url: String,
}

impl TestDb {
    /// Creates `chatd_test_<random>` on the test server.
    pub async fn create() -> Self {
        let server = server_url();
        let name = format!("chatd_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = admin_connection(&server).await;
        // The name is ours (hex), so formatting it into the statement is safe.
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .unwrap_or_else(|e| panic!("cannot create database {name} on {server}: {e}"));
        let _ = admin.close().await;
        let url = with_database(&server, &name);
        Self { server, name, url }
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let (server, name) = (self.server.clone(), self.name.clone());
        // Drop cannot await, and the test's runtime may be shutting down:
        // a thread with its own runtime drops the database.
        let done = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async move {
                let url = with_database(&server, "postgres");
                if let Ok(mut admin) = PgConnection::connect(&url).await {
                    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    if let Err(e) = sqlx::query(sqlx::AssertSqlSafe(sql))
                        .execute(&mut admin)
                        .await
                    {
                        eprintln!("could not drop test database {name}: {e}");
                    }
                    let _ = admin.close().await;
                }
            });
        });
        let _ = done.join();
    }
}

#[test]
fn database_urls() {
    let cases = [
        ("postgres://u@h:5432", "postgres://u@h:5432/d"),
        ("postgres://u@h:5432/", "postgres://u@h:5432/d"),
        ("postgres://u:p@h/other", "postgres://u:p@h/d"),
        (
            "postgres://u@h/other?sslmode=disable",
            "postgres://u@h/d?sslmode=disable",
        ),
        (
            "postgres://h?sslmode=disable",
            "postgres://h/d?sslmode=disable",
        ),
    ];
    for (base, want) in cases {
        assert_eq!(with_database(base, "d"), want, "{base}");
    }
}
