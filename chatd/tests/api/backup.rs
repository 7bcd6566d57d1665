//! `chatd backup PATH`: a consistent copy taken while chatd runs and
//! writes, which another chatd then serves.

use crate::harness::{TestApp, chatd_command, run_command, spawn_app, spawn_app_with};
use proto::Client;
use proto::conversations::{SendMessage, StartConversation};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use uuid::Uuid;

fn backup_cmd(app: &TestApp, path: &Path) -> std::process::Output {
    let mut cmd = chatd_command(app.scratch_dir());
    cmd.arg("--data-dir")
        .arg(app.data_dir())
        .arg("backup")
        .arg(path);
    run_command(cmd, "")
}

async fn start(app: &TestApp, site_key: &str) -> (Uuid, Client) {
    let s = app
        .client()
        .start_conversation(&StartConversation {
            site_key: site_key.into(),
            ..Default::default()
        })
        .await
        .unwrap();
    (s.conversation_id, app.client().with_token(s.visitor_token))
}

#[tokio::test]
async fn a_backup_taken_under_load_serves_on_another_chatd() {
    // The writer below sends visitor messages as fast as it can, from one
    // address: the per-IP limit on visitor requests would refuse the
    // test's own later requests, depending on the machine's speed.
    let app = spawn_app_with(&["--public-rate-per-min", "0"]);
    let admin = app.admin_client().await;
    let site_key = admin
        .list_widgets()
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.name == "Demo")
        .unwrap()
        .site_key;
    // Committed before the backup: all of it must be in the copy.
    let mut before = Vec::new();
    for i in 0..5 {
        let (id, visitor) = start(&app, &site_key).await;
        for j in 0..4 {
            visitor
                .visitor_send_message(
                    id,
                    &SendMessage {
                        client_id: format!("b{i}-{j}"),
                        body: format!("before {i} {j}"),
                    },
                )
                .await
                .unwrap();
        }
        before.push(id);
    }
    // Writes keep coming while the backup runs.
    let stop = Arc::new(AtomicBool::new(false));
    let (busy_id, busy_visitor) = start(&app, &site_key).await;
    let writer = {
        let stop = Arc::clone(&stop);
        tokio::spawn(async move {
            let mut n = 0u32;
            while !stop.load(Ordering::Relaxed) {
                let sent = busy_visitor
                    .visitor_send_message(
                        busy_id,
                        &SendMessage {
                            client_id: format!("w{n}"),
                            body: format!("during {n}"),
                        },
                    )
                    .await;
                if sent.is_ok() {
                    n += 1;
                }
            }
            n
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let dest = app.scratch_dir().join("backup.db");
    let out = tokio::task::spawn_blocking({
        let dest = dest.clone();
        let data = app.data_dir();
        let scratch = app.scratch_dir().to_path_buf();
        move || {
            let mut cmd = chatd_command(&scratch);
            cmd.arg("--data-dir").arg(data).arg("backup").arg(&dest);
            run_command(cmd, "")
        }
    })
    .await
    .unwrap();
    stop.store(true, Ordering::Relaxed);
    let during = writer.await.unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("backed up"), "{stderr}");
    assert!(during > 0, "nothing was written during the backup");

    // A second backup to the same path is refused and leaves the file alone.
    let size = std::fs::metadata(&dest).unwrap().len();
    let again = backup_cmd(&app, &dest);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("exists"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(std::fs::metadata(&dest).unwrap().len(), size);

    // Another chatd on the copy (and the original's keys).
    let mut restored = spawn_app();
    restored.terminate();
    let data = restored.data_dir();
    for f in ["chatd.db", "chatd.db-wal", "chatd.db-shm"] {
        let _ = std::fs::remove_file(data.join(f));
    }
    std::fs::copy(&dest, data.join("chatd.db")).unwrap();
    for f in ["jwt.key", "initial-admin-password"] {
        std::fs::copy(app.data_dir().join(f), data.join(f)).unwrap();
    }
    restored.restart();
    let admin2 = restored.admin_client().await;
    for id in &before {
        let page = admin2
            .conversation_messages(*id, 0, Some(500))
            .await
            .unwrap();
        let bodies: Vec<&str> = page
            .messages
            .iter()
            .filter(|m| m.sender == proto::conversations::SenderKind::Visitor)
            .map(|m| m.body.as_str())
            .collect();
        assert_eq!(bodies.len(), 4, "{id}: {bodies:?}");
        let seqs: Vec<i64> = page.messages.iter().map(|m| m.seq).collect();
        assert_eq!(seqs, (1..=page.last_seq).collect::<Vec<_>>(), "no gaps");
    }
    // The conversation written during the backup is a consistent prefix.
    let busy = admin2
        .conversation_messages(busy_id, 0, Some(500))
        .await
        .unwrap();
    let seqs: Vec<i64> = busy.messages.iter().map(|m| m.seq).collect();
    assert_eq!(seqs, (1..=busy.last_seq).collect::<Vec<_>>());
    // A restore is a new epoch: clients reload instead of trusting seqs.
    let old_epoch = app
        .client()
        .start_conversation(&StartConversation {
            site_key: site_key.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .epoch;
    let new_epoch = restored
        .client()
        .start_conversation(&StartConversation {
            site_key,
            ..Default::default()
        })
        .await
        .unwrap()
        .epoch;
    assert_ne!(old_epoch, new_epoch);
}

#[tokio::test]
async fn backup_refuses_bad_targets() {
    let app = spawn_app();
    let missing_dir = app.scratch_dir().join("no/such/dir/b.db");
    let out = backup_cmd(&app, &missing_dir);
    assert!(!out.status.success());
    assert!(!missing_dir.exists());
    let mut cmd = chatd_command(app.scratch_dir());
    cmd.arg("--data-dir")
        .arg(app.data_dir())
        .args(["--database-url", "postgres://127.0.0.1:5432/none", "backup"])
        .arg(app.scratch_dir().join("pg.db"));
    let out = run_command(cmd, "");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("pg_dump"), "{stderr}");
}
