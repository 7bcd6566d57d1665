//! The audit log: admin actions are recorded with who, what, when and from
//! where, and listed with filters, by admins only.

use crate::harness::{
    ADMIN_EMAIL, chatd_command, expect_api_error, expect_error, run_command, spawn_app,
};
use proto::ErrorCode;
use proto::auth::{CreateApiToken, Role};
use proto::canned::CreateCannedReply;
use proto::lifecycle::{AuditEntry, AuditQuery};
use proto::widgets::{CreateWidget, WidgetPatch};

fn find<'a>(log: &'a [AuditEntry], action: &str) -> &'a AuditEntry {
    log.iter()
        .find(|e| e.action == action)
        .unwrap_or_else(|| panic!("no {action} in {log:#?}"))
}

#[tokio::test]
async fn admin_actions_are_recorded_and_filtered() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let me = admin.me().await.unwrap().user;
    let since = admin
        .list_audit(&AuditQuery::default())
        .await
        .unwrap()
        .first()
        .map_or(0, |e| e.at + 1);

    let w = admin
        .create_widget(&CreateWidget {
            name: "Shop".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    admin
        .update_widget(
            w.id,
            &WidgetPatch {
                title: Some("Help".into()),
                retention_days: Some(30),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let (agent, _, agent_client) = app.new_user(&admin, Role::Agent).await;
    admin.add_widget_member(w.id, agent.id).await.unwrap();
    let token = admin
        .create_token(&CreateApiToken {
            name: "ci".into(),
            role: None,
            expires_in: None,
        })
        .await
        .unwrap();
    // The same admin through an API token: recorded as such.
    let ci = app.client().with_token(token.secret.clone());
    let canned = ci
        .create_canned(&CreateCannedReply {
            shortcut: "hours".into(),
            title: "Hours".into(),
            body: "9 to 5".into(),
            widget_id: None,
        })
        .await
        .unwrap();
    admin.revoke_token(token.token.id).await.unwrap();
    admin.delete_widget(w.id).await.unwrap();

    let log = admin
        .list_audit(&AuditQuery {
            since: Some(since),
            ..Default::default()
        })
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "widget.delete",
            "token.revoke",
            "canned.create",
            "token.create",
            "widget.member.add",
            "user.create",
            "widget.update",
            "widget.create",
        ],
        "newest first, one entry per mutation, none for reads"
    );
    let created = find(&log, "widget.create");
    assert_eq!(created.actor_id, Some(me.id));
    assert_eq!(created.actor_name, ADMIN_EMAIL);
    assert_eq!(created.actor_kind, "user");
    assert_eq!(created.target.as_deref(), Some(w.id.to_string().as_str()));
    assert_eq!(created.ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(created.details["name"], "Shop");
    let updated = find(&log, "widget.update");
    assert_eq!(updated.details["retention_days"], 30, "{updated:?}");
    assert_eq!(updated.details["title"], "Help");
    let by_token = find(&log, "canned.create");
    assert_eq!(by_token.actor_kind, "api_token");
    assert_eq!(by_token.actor_id, Some(me.id));
    assert_eq!(
        by_token.target.as_deref(),
        Some(canned.id.to_string().as_str())
    );
    let member = find(&log, "widget.member.add");
    assert_eq!(member.details["user_id"], agent.id.to_string());
    let text = serde_json::to_string(&log).unwrap();
    assert!(!text.contains(&token.secret), "a secret in the audit log");

    // Filters: an action, a prefix, an actor, a limit.
    let only = |q: AuditQuery| {
        let admin = admin.clone();
        async move {
            admin
                .list_audit(&AuditQuery {
                    since: Some(since),
                    ..q
                })
                .await
                .unwrap()
                .into_iter()
                .map(|e| e.action)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        only(AuditQuery {
            action: Some("widget.".into()),
            ..Default::default()
        })
        .await,
        [
            "widget.delete",
            "widget.member.add",
            "widget.update",
            "widget.create"
        ]
    );
    assert_eq!(
        only(AuditQuery {
            action: Some("token.create".into()),
            ..Default::default()
        })
        .await,
        ["token.create"]
    );
    assert_eq!(
        only(AuditQuery {
            actor: Some(ADMIN_EMAIL.into()),
            limit: Some(2),
            ..Default::default()
        })
        .await,
        ["widget.delete", "token.revoke"]
    );
    assert!(
        only(AuditQuery {
            actor: Some(agent.id.to_string()),
            ..Default::default()
        })
        .await
        .is_empty(),
        "the agent did nothing"
    );

    // Admins only; bad filters are refused.
    expect_api_error(
        agent_client.list_audit(&AuditQuery::default()).await,
        403,
        ErrorCode::Forbidden,
    );
    for q in ["limit=abc", "since=yesterday", "action="] {
        let resp = app
            .http
            .get(app.url(&format!("/api/v1/audit?{q}")))
            .bearer_auth(admin.token().unwrap())
            .send()
            .await
            .unwrap();
        expect_error(resp, 400, "bad_request").await;
    }
}

#[tokio::test]
async fn offline_admin_commands_are_recorded() {
    let app = spawn_app();
    let mut cmd = chatd_command(app.scratch_dir());
    cmd.arg("--data-dir").arg(app.data_dir()).args([
        "admin",
        "reset-password",
        "--email",
        ADMIN_EMAIL,
        "--password-stdin",
    ]);
    let out = run_command(cmd, "a-new-password-1\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pair = app
        .client()
        .login(ADMIN_EMAIL, "a-new-password-1")
        .await
        .unwrap();
    let admin = app.client().with_token(pair.access_token);
    let log = admin
        .list_audit(&AuditQuery {
            action: Some("user.reset_password".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(log.len(), 1, "{log:#?}");
    assert_eq!(
        (log[0].actor_kind.as_str(), log[0].actor_name.as_str()),
        ("cli", "chatd admin")
    );
    assert_eq!(log[0].target, Some(pair.user.id.to_string()));
    assert_eq!(log[0].details["email"], ADMIN_EMAIL);
}
