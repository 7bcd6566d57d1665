//! Access and erasure requests: a visitor's data exported whole, then
//! forgotten, by admins only.

use crate::harness::{expect_api_error, expect_error, spawn_app};
use proto::ErrorCode;
use proto::conversations::{SendMessage, StartConversation};
use proto::lifecycle::{AuditQuery, BlockVisitor};
use uuid::Uuid;

#[tokio::test]
async fn a_visitor_is_exported_then_forgotten() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let demo = admin
        .list_widgets()
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.name == "Demo")
        .unwrap();
    let public = app.client();
    let start = |visitor_id| StartConversation {
        site_key: demo.site_key.clone(),
        visitor_id,
        ..Default::default()
    };
    let first = public.start_conversation(&start(None)).await.unwrap();
    let second = public
        .start_conversation(&start(Some(first.visitor_id)))
        .await
        .unwrap();
    let someone_else = public.start_conversation(&start(None)).await.unwrap();
    for (s, text) in [(&first, "my address is 1 Main St"), (&second, "call me")] {
        public
            .with_token(s.visitor_token.clone())
            .visitor_send_message(
                s.conversation_id,
                &SendMessage {
                    client_id: format!("c-{}", s.conversation_id),
                    body: text.into(),
                },
            )
            .await
            .unwrap();
    }
    let block = admin
        .block_conversation(second.conversation_id, &BlockVisitor::default())
        .await
        .unwrap();

    let export = admin.export_visitor(first.visitor_id).await.unwrap();
    assert_eq!(export.visitor_id, first.visitor_id);
    let mut ids: Vec<Uuid> = export
        .conversations
        .iter()
        .map(|c| c.conversation.id)
        .collect();
    ids.sort();
    let mut want = vec![first.conversation_id, second.conversation_id];
    want.sort();
    assert_eq!(ids, want, "both conversations, nobody else's");
    for c in &export.conversations {
        let seqs: Vec<i64> = c.messages.iter().map(|m| m.seq).collect();
        assert_eq!(
            seqs,
            (1..=c.conversation.last_seq).collect::<Vec<_>>(),
            "the whole transcript in order"
        );
    }
    let text = serde_json::to_string(&export).unwrap();
    assert!(text.contains("1 Main St") && text.contains("call me"));
    assert_eq!(export.blocks, vec![block.clone()]);

    // Admins only.
    let agent = app.agent_client().await;
    expect_api_error(
        agent.export_visitor(first.visitor_id).await,
        403,
        ErrorCode::Forbidden,
    );
    expect_api_error(
        agent.forget_visitor(first.visitor_id).await,
        403,
        ErrorCode::Forbidden,
    );
    let resp = app
        .http
        .get(app.url("/api/v1/visitors/not-a-uuid/export"))
        .bearer_auth(admin.token().unwrap())
        .send()
        .await
        .unwrap();
    expect_error(resp, 400, "bad_request").await;

    let gone = admin.forget_visitor(first.visitor_id).await.unwrap();
    assert_eq!(gone.conversations, 2);
    for id in [first.conversation_id, second.conversation_id] {
        expect_api_error(admin.get_conversation(id).await, 404, ErrorCode::NotFound);
    }
    expect_api_error(
        public
            .with_token(first.visitor_token.clone())
            .visitor_messages(first.conversation_id, 0, None)
            .await,
        401,
        ErrorCode::Unauthorized,
    );
    admin
        .get_conversation(someone_else.conversation_id)
        .await
        .unwrap();
    let after = admin.export_visitor(first.visitor_id).await.unwrap();
    assert!(after.conversations.is_empty());
    assert_eq!(after.blocks, vec![block], "the block stays: documented");
    assert_eq!(
        admin
            .forget_visitor(first.visitor_id)
            .await
            .unwrap()
            .conversations,
        0,
        "forgetting twice is harmless"
    );

    let log = admin
        .list_audit(&AuditQuery {
            action: Some("visitor.".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "visitor.forget",
            "visitor.export",
            "visitor.forget",
            "visitor.export"
        ]
    );
    assert!(
        log.iter()
            .all(|e| e.target.as_deref() == Some(first.visitor_id.to_string().as_str()))
    );
    assert_eq!(log[2].details["conversations"], 2);
}
