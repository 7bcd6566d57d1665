//! A database another process has locked: retryable 503s, never a hang or a 500.

use crate::harness::{TestApp, expect_error, spawn_app_with};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{ConnectOptions, SqliteConnection};
use std::time::{Duration, Instant};

/// A connection of our own holding the database's write lock.
async fn lock_database(app: &TestApp) -> SqliteConnection {
    let mut conn = SqliteConnectOptions::new()
        .filename(app.data_dir().join("chatd.db"))
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(5))
        .connect()
        .await
        .unwrap();
    sqlx::query("BEGIN EXCLUSIVE")
        .execute(&mut conn)
        .await
        .unwrap();
    conn
}

async fn create(app: &TestApp, token: &str, name: &str) -> (reqwest::Response, Duration) {
    let started = Instant::now();
    let resp = tokio::time::timeout(
        Duration::from_secs(10),
        app.http
            .post(app.url("/api/v1/widgets"))
            .bearer_auth(token)
            .json(&serde_json::json!({"name": name}))
            .send(),
    )
    .await
    .expect("the request hung while the database was locked")
    .unwrap();
    (resp, started.elapsed())
}

#[tokio::test]
async fn a_locked_database_answers_503_with_retry_after_then_recovers() {
    let app = spawn_app_with(&["--db-busy-timeout-ms", "200"]);
    let admin = app.admin_client().await;
    let token = admin.token().unwrap().to_string();

    let mut lock = lock_database(&app).await;
    let (resp, took) = create(&app, &token, "while-locked").await;
    assert_eq!(
        resp.headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("1"),
        "{:?}",
        resp.headers()
    );
    expect_error(resp, 503, "unavailable").await;
    assert!(took < Duration::from_secs(5), "the 503 took {took:?}");
    // Readiness reports the store cannot take writes; liveness is unaffected.
    let resp = app.http.get(app.url("/readyz")).send().await.unwrap();
    expect_error(resp, 503, "unavailable").await;
    app.assert_healthy().await;
    // Reads do not need the write lock.
    assert_eq!(admin.list_widgets().await.unwrap().len(), 1);

    sqlx::query("ROLLBACK").execute(&mut lock).await.unwrap();
    drop(lock);
    let (resp, _) = create(&app, &token, "while-locked").await;
    assert_eq!(
        resp.status().as_u16(),
        201,
        "{}",
        resp.text().await.unwrap()
    );
    let names: Vec<String> = admin
        .list_widgets()
        .await
        .unwrap()
        .into_iter()
        .map(|w| w.name)
        .collect();
    assert_eq!(names, ["Demo", "while-locked"]);
    app.assert_healthy().await;
    assert_eq!(app.get_status("/readyz").await, 200);
}

#[tokio::test]
async fn a_request_over_the_time_limit_answers_503_timeout() {
    let app = spawn_app_with(&[
        "--db-busy-timeout-ms",
        "4000",
        "--request-timeout-secs",
        "1",
    ]);
    let admin = app.admin_client().await;
    let token = admin.token().unwrap().to_string();
    let mut lock = lock_database(&app).await;
    let (resp, took) = create(&app, &token, "slow").await;
    assert!(resp.headers().contains_key("retry-after"));
    expect_error(resp, 503, "timeout").await;
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(3),
        "the time limit answered after {took:?}"
    );
    sqlx::query("ROLLBACK").execute(&mut lock).await.unwrap();
    drop(lock);
    app.assert_healthy().await;
    assert_eq!(app.get_status("/readyz").await, 200);
}
