//! Retention: the background sweep deletes exactly the closed
//! conversations of a widget idle for longer than its `retention_days`.

use crate::harness::{TestApp, expect_api_error, spawn_app_with};
use proto::conversations::StartConversation;
use proto::lifecycle::AuditQuery;
use proto::widgets::{CreateWidget, Widget, WidgetPatch};
use proto::{Client, ErrorCode};
use sqlx::Connection;
use std::time::{Duration, Instant};
use uuid::Uuid;

const DAY_MS: i64 = 86_400_000;

fn now_ms() -> i64 {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    i64::try_from(d.as_millis()).unwrap()
}

async fn widget(admin: &Client, name: &str, retention_days: Option<u32>) -> Widget {
    admin
        .create_widget(&CreateWidget {
            name: name.into(),
            settings: WidgetPatch {
                retention_days,
                ..Default::default()
            },
        })
        .await
        .unwrap()
}

/// A conversation, closed unless `open`, last active at `updated_at`.
async fn conversation(app: &TestApp, admin: &Client, w: &Widget, open: bool) -> Uuid {
    let id = app
        .client()
        .start_conversation(&StartConversation {
            site_key: w.site_key.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .conversation_id;
    if !open {
        admin.close_conversation(id).await.unwrap();
    }
    id
}

/// Back-dates conversations in the live database, as time passing would.
async fn set_updated_at(app: &TestApp, at: &[(Uuid, i64)]) {
    let url = format!("sqlite://{}", app.data_dir().join("chatd.db").display());
    let mut db = sqlx::SqliteConnection::connect(&url).await.unwrap();
    for (id, t) in at {
        let done = sqlx::query("UPDATE conversations SET updated_at = ? WHERE id = ?")
            .bind(t)
            .bind(id)
            .execute(&mut db)
            .await
            .unwrap();
        assert_eq!(done.rows_affected(), 1);
    }
    db.close().await.unwrap();
}

async fn exists(admin: &Client, id: Uuid) -> bool {
    match admin.get_conversation(id).await {
        Ok(_) => true,
        Err(proto::ClientError::Api { status, .. }) if status.as_u16() == 404 => false,
        Err(e) => panic!("{e}"),
    }
}

#[tokio::test]
async fn retention_deletes_exactly_what_is_older_than_the_window() {
    let app = spawn_app_with(&["--retention-interval-secs", "1"]);
    let admin = app.admin_client().await;
    let kept = widget(&admin, "Kept", Some(2)).await;
    let forever = widget(&admin, "Forever", None).await;

    let started = app
        .client()
        .start_conversation(&StartConversation {
            site_key: kept.site_key.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let outside = started.conversation_id;
    // Messages go with their conversation.
    app.client()
        .with_token(started.visitor_token.clone())
        .visitor_send_message(
            outside,
            &proto::conversations::SendMessage {
                client_id: "m1".into(),
                body: "old news".into(),
            },
        )
        .await
        .unwrap();
    let inside = conversation(&app, &admin, &kept, false).await;
    let open_old = conversation(&app, &admin, &kept, true).await;
    let no_retention = conversation(&app, &admin, &forever, false).await;
    // Let the AI's answer (if any) land before closing.
    tokio::time::sleep(Duration::from_millis(300)).await;
    admin.close_conversation(outside).await.unwrap();
    let now = now_ms();
    // A minute either side of the 2-day window: far from the sweep's own
    // clock, close to the edge.
    set_updated_at(
        &app,
        &[
            (outside, now - 2 * DAY_MS - 60_000),
            (inside, now - 2 * DAY_MS + 60_000),
            (open_old, now - 30 * DAY_MS),
            (no_retention, now - 365 * DAY_MS),
        ],
    )
    .await;

    let deadline = Instant::now() + Duration::from_secs(15);
    while exists(&admin, outside).await {
        assert!(Instant::now() < deadline, "the sweep never deleted it");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Another sweep or two, then nothing else may have gone.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert!(exists(&admin, inside).await, "inside the window");
    assert!(exists(&admin, open_old).await, "open conversations stay");
    assert!(
        exists(&admin, no_retention).await,
        "a widget without retention"
    );

    let purges = admin
        .list_audit(&AuditQuery {
            action: Some("retention.purge".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(purges.len(), 1, "{purges:#?}");
    assert_eq!(purges[0].actor_kind, "system");
    assert_eq!(
        purges[0].target.as_deref(),
        Some(kept.id.to_string().as_str())
    );
    assert_eq!(purges[0].details["conversations"], 1);
}

#[tokio::test]
async fn retention_settings_are_checked_and_cleared() {
    let app = spawn_app_with(&[]);
    let admin = app.admin_client().await;
    let w = widget(&admin, "Shop", Some(30)).await;
    assert_eq!(w.settings.retention_days, Some(30));
    let patched = admin
        .update_widget(
            w.id,
            &WidgetPatch {
                retention_days: Some(0),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(patched.settings.retention_days, None, "0 keeps forever");
    expect_api_error(
        admin
            .update_widget(
                w.id,
                &WidgetPatch {
                    retention_days: Some(36_501),
                    ..Default::default()
                },
            )
            .await,
        400,
        ErrorCode::BadRequest,
    );
    let resp = app
        .http
        .patch(app.url(&format!("/api/v1/widgets/{}", w.id)))
        .bearer_auth(admin.token().unwrap())
        .json(&serde_json::json!({"retention_days": -1}))
        .send()
        .await
        .unwrap();
    crate::harness::expect_error(resp, 400, "invalid_json").await;
    // The public view of a widget does not tell visitors the retention.
    let public = app
        .http
        .get(app.url(&format!("/api/v1/public/widgets/{}", w.site_key)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!public.contains("retention"), "{public}");
}
