//! Visitor ids, retention, erasure, blocks and the audit log.

use super::{assert_not_found, make_widget, tick, unique};
use crate::store::{
    AuditFilter, ConversationFilter, NewAudit, NewBlock, NewConversation, NewMessage, Store,
    Transition, TransitionOutcome, now_ms,
};
use proto::conversations::{Conversation, ConversationStatus, SenderKind};
use std::collections::BTreeMap;
use uuid::Uuid;

async fn start(s: &dyn Store, widget_id: Uuid, visitor_id: Uuid) -> Conversation {
    let c = s
        .create_conversation(NewConversation {
            widget_id,
            visitor_token_hash: unique("vt-life"),
            prechat: BTreeMap::new(),
            page_url: None,
            verified_user_id: None,
            visitor_id,
            visitor_ip: Some("203.0.113.9".into()),
        })
        .await
        .unwrap();
    s.append_message(NewMessage {
        conversation_id: c.id,
        client_id: unique("m"),
        sender: SenderKind::Visitor,
        author_id: None,
        author_name: None,
        body: "hello".into(),
    })
    .await
    .unwrap();
    c
}

async fn close(s: &dyn Store, id: Uuid) -> Conversation {
    match s
        .transition(
            id,
            Transition {
                status: Some(ConversationStatus::Closed),
                ..Transition::default()
            },
        )
        .await
        .unwrap()
    {
        TransitionOutcome::Applied(c) => c,
        TransitionOutcome::Refused(c) => panic!("cannot close {c:?}"),
    }
}

async fn exists(s: &dyn Store, id: Uuid) -> bool {
    s.get_conversation(id).await.is_ok()
}

pub(super) async fn visitors(s: &dyn Store) {
    let w = make_widget(s).await;
    let other = make_widget(s).await;
    let v = Uuid::now_v7();
    let a = start(s, w.id, v).await;
    let b = start(s, w.id, v).await;
    let elsewhere = start(s, other.id, v).await;
    let stranger = start(s, w.id, Uuid::now_v7()).await;

    let got = s.get_conversation(a.id).await.unwrap();
    assert_eq!(got.visitor_id, v);
    assert_eq!(got.visitor_ip.as_deref(), Some("203.0.113.9"));
    assert!(s.visitor_known(w.id, v).await.unwrap());
    assert!(
        !s.visitor_known(w.id, Uuid::now_v7()).await.unwrap(),
        "an id nobody was given"
    );
    let ids = |f: ConversationFilter| async move {
        let mut ids: Vec<Uuid> = s
            .list_conversations(f)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect();
        ids.sort();
        ids
    };
    let mut want = vec![a.id, b.id, elsewhere.id];
    want.sort();
    let filter = ConversationFilter {
        visitor_id: Some(v),
        limit: 100,
        ..ConversationFilter::default()
    };
    assert_eq!(ids(filter.clone()).await, want);
    let mut on_w = vec![a.id, b.id];
    on_w.sort();
    assert_eq!(
        ids(ConversationFilter {
            widget_id: Some(w.id),
            ..filter
        })
        .await,
        on_w
    );

    assert_eq!(s.delete_visitor(v).await.unwrap(), 3);
    for c in [&a, &b, &elsewhere] {
        assert!(!exists(s, c.id).await, "{} survived its visitor", c.id);
        assert!(s.messages_after(c.id, 0, 10).await.unwrap().is_empty());
    }
    assert!(
        exists(s, stranger.id).await,
        "another visitor's conversation went"
    );
    assert_eq!(s.delete_visitor(v).await.unwrap(), 0);
}

/// Exactly the closed conversations last active before the cutoff go: the
/// boundary is strict (`updated_at < cutoff`), open ones stay however old,
/// and other widgets are untouched.
pub(super) async fn retention(s: &dyn Store) {
    let w = make_widget(s).await;
    let other = make_widget(s).await;
    let old_open = start(s, w.id, Uuid::now_v7()).await;
    let others_old = close(s, start(s, other.id, Uuid::now_v7()).await.id).await;
    tick().await;
    let old = close(s, start(s, w.id, Uuid::now_v7()).await.id).await;
    tick().await;
    let newer = close(s, start(s, w.id, Uuid::now_v7()).await.id).await;
    assert!(newer.updated_at > old.updated_at);

    assert_eq!(
        s.purge_closed_before(w.id, old.updated_at).await.unwrap(),
        0,
        "a conversation exactly at the cutoff is inside the window"
    );
    assert!(exists(s, old.id).await);
    assert_eq!(
        s.purge_closed_before(w.id, old.updated_at + 1)
            .await
            .unwrap(),
        1,
        "one millisecond past the window"
    );
    assert!(!exists(s, old.id).await);
    assert!(s.messages_after(old.id, 0, 10).await.unwrap().is_empty());
    assert!(exists(s, newer.id).await, "a newer one went");
    assert!(exists(s, old_open.id).await, "an open one went");
    assert!(exists(s, others_old.id).await, "another widget's went");

    // Many at once: more than one delete batch.
    let many = 0..520;
    for _ in many.clone() {
        let c = s
            .create_conversation(NewConversation {
                widget_id: other.id,
                visitor_token_hash: unique("vt-many"),
                prechat: BTreeMap::new(),
                page_url: None,
                verified_user_id: None,
                visitor_id: Uuid::now_v7(),
                visitor_ip: None,
            })
            .await
            .unwrap();
        close(s, c.id).await;
    }
    let n = s.purge_closed_before(other.id, now_ms() + 1).await.unwrap();
    assert_eq!(n, many.len() as u64 + 1, "every closed one of the widget");
}

pub(super) async fn blocks(s: &dyn Store) {
    let w = make_widget(s).await;
    let v = Uuid::now_v7();
    let new = |ip: Option<&str>, expires_at| NewBlock {
        widget_id: w.id,
        visitor_id: v,
        ip: ip.map(str::to_string),
        reason: "spam".into(),
        created_by: None,
        created_by_name: "Sam".into(),
        expires_at,
    };
    let b1 = s.create_block(new(None, None)).await.unwrap();
    tick().await;
    let b2 = s
        .create_block(new(Some("2001:db8::1"), Some(now_ms() + 1000)))
        .await
        .unwrap();
    assert_eq!(
        (
            b2.widget_id,
            b2.visitor_id,
            b2.ip.as_deref(),
            b2.reason.as_str()
        ),
        (w.id, v, Some("2001:db8::1"), "spam")
    );
    let listed: Vec<_> = s
        .list_blocks()
        .await
        .unwrap()
        .into_iter()
        .filter(|b| b.widget_id == w.id)
        .collect();
    assert_eq!(listed, vec![b2.clone(), b1.clone()], "newest first");
    assert_eq!(s.delete_block(b1.id).await.unwrap(), b1);
    assert_not_found(s.delete_block(b1.id).await, "a deleted block");
    let mut orphan = new(None, None);
    orphan.widget_id = Uuid::now_v7();
    assert_not_found(s.create_block(orphan).await, "a block on no widget");
    s.delete_widget(w.id).await.unwrap();
    assert!(
        !s.list_blocks().await.unwrap().iter().any(|b| b.id == b2.id),
        "blocks go with their widget"
    );
}

pub(super) async fn audit(s: &dyn Store) {
    let actor = Uuid::now_v7();
    let name = format!("{}@example.com", unique("auditor"));
    let since = now_ms();
    let entry = |action: &str, id: Option<Uuid>, n: &str| NewAudit {
        actor_id: id,
        actor_name: n.to_string(),
        actor_kind: "user".into(),
        action: action.into(),
        target: Some("t-1".into()),
        details: serde_json::json!({"name": "x", "n": 1}),
        ip: Some("192.0.2.1".into()),
    };
    let first = s
        .append_audit(entry("widget.create", Some(actor), &name))
        .await
        .unwrap();
    tick().await;
    let second = s
        .append_audit(entry("widget.update", Some(actor), &name))
        .await
        .unwrap();
    tick().await;
    let third = s
        .append_audit(entry("user.delete", None, "chatd"))
        .await
        .unwrap();
    let list = |f: AuditFilter| async move {
        s.list_audit(AuditFilter { limit: 100, ..f })
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.at >= since)
            .map(|e| e.id)
            .collect::<Vec<_>>()
    };
    let all = list(AuditFilter {
        since: Some(since),
        ..AuditFilter::default()
    })
    .await;
    for e in [&first, &second, &third] {
        assert!(all.contains(&e.id), "{all:?} lacks {}", e.action);
    }
    let by_actor = list(AuditFilter {
        actor: Some(actor.to_string()),
        ..AuditFilter::default()
    })
    .await;
    assert_eq!(by_actor, vec![second.id, first.id], "by id, newest first");
    let by_name = list(AuditFilter {
        actor: Some(name.clone()),
        ..AuditFilter::default()
    })
    .await;
    assert_eq!(by_name, vec![second.id, first.id], "by name");
    let exact = list(AuditFilter {
        actor: Some(name.clone()),
        action: Some("widget.create".into()),
        ..AuditFilter::default()
    })
    .await;
    assert_eq!(exact, vec![first.id]);
    let prefix = list(AuditFilter {
        actor: Some(name.clone()),
        action: Some("widget.".into()),
        ..AuditFilter::default()
    })
    .await;
    assert_eq!(prefix, vec![second.id, first.id], "a prefix ending in .");
    let underscore = list(AuditFilter {
        actor: Some(name.clone()),
        action: Some("widget_create".into()),
        ..AuditFilter::default()
    })
    .await;
    assert!(underscore.is_empty(), "`_` is not a wildcard");
    let limited = s
        .list_audit(AuditFilter {
            actor: Some(name.clone()),
            limit: 1,
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(limited.len(), 1);
    assert_eq!(limited[0], second, "details and every field round-trip");
    let later = list(AuditFilter {
        since: Some(third.at),
        actor: Some("chatd".into()),
        ..AuditFilter::default()
    })
    .await;
    assert!(later.contains(&third.id));
}
