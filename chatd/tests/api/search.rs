//! `GET /api/v1/conversations?q=`: text search over messages and pre-chat
//! answers, limited to the caller's widgets, with paging and validation.

use crate::harness::{expect_api_error, spawn_app};
use proto::ErrorCode;
use proto::auth::Role;
use proto::conversations::{ConversationStatus, SendMessage, StartConversation};
use proto::widgets::CreateWidget;
use uuid::Uuid;

#[tokio::test]
async fn search_finds_messages_and_prechat_within_the_callers_widgets() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let mk = |name: &'static str| {
        let admin = admin.clone();
        async move {
            admin
                .create_widget(&CreateWidget {
                    name: name.into(),
                    ..Default::default()
                })
                .await
                .unwrap()
        }
    };
    let shop = mk("Shop").await;
    let other = mk("Other").await;
    let start = |key: String, prechat: &[(&str, &str)], body: &'static str| {
        let c = app.client();
        let prechat = prechat
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect();
        async move {
            let s = c
                .start_conversation(&StartConversation {
                    site_key: key,
                    prechat,
                    ..Default::default()
                })
                .await
                .unwrap();
            let v = c.with_token(s.visitor_token);
            v.visitor_send_message(
                s.conversation_id,
                &SendMessage {
                    client_id: Uuid::new_v4().to_string(),
                    body: body.into(),
                },
            )
            .await
            .unwrap();
            s.conversation_id
        }
    };
    let by_body = start(shop.site_key.clone(), &[], "My PARCEL never came").await;
    let by_name = start(shop.site_key.clone(), &[("name", "Parcelia")], "hello").await;
    let elsewhere = start(other.site_key.clone(), &[], "parcel lost").await;
    let _quiet = start(shop.site_key.clone(), &[], "nothing to see").await;
    admin.close_conversation(by_name).await.unwrap();
    // The assistant answers each visitor on its own time; let it finish so
    // the order by update stays put.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;

    let ids = |cs: Vec<proto::conversations::Conversation>| -> Vec<Uuid> {
        cs.into_iter().map(|c| c.id).collect()
    };
    let sorted = |mut v: Vec<Uuid>| {
        v.sort();
        v
    };
    let found = admin
        .search_conversations("parcel", None, None, None)
        .await
        .unwrap();
    assert!(
        found
            .windows(2)
            .all(|p| (p[0].updated_at, p[0].id) >= (p[1].updated_at, p[1].id)),
        "most recently updated first"
    );
    let found = ids(found);
    assert_eq!(
        sorted(found.clone()),
        sorted(vec![by_name, elsewhere, by_body]),
        "admins search every widget; messages and pre-chat answers, any case"
    );
    assert_eq!(
        ids(admin
            .search_conversations("parcel", Some(ConversationStatus::Closed), None, None)
            .await
            .unwrap()),
        [by_name],
        "with the status filter: the closed transcripts"
    );
    let page = admin
        .search_conversations("parcel", None, None, Some(1))
        .await
        .unwrap();
    assert_eq!(ids(page.clone()), found[..1]);
    assert_eq!(
        ids(admin
            .search_conversations("parcel", None, Some(page[0].updated_at), Some(5))
            .await
            .unwrap()),
        found[1..],
        "the next page"
    );
    assert_eq!(
        ids(admin
            .search_conversations("never came", None, None, None)
            .await
            .unwrap()),
        [by_body],
        "spaces and case as typed"
    );
    assert!(
        admin
            .search_conversations("par%el", None, None, None)
            .await
            .unwrap()
            .is_empty(),
        "% is literal"
    );

    // An agent sees only the widgets they work on.
    let (agent, _, agent_c) = app.new_user(&admin, Role::Agent).await;
    admin.add_widget_member(shop.id, agent.id).await.unwrap();
    assert_eq!(
        sorted(ids(agent_c
            .search_conversations("parcel", None, None, None)
            .await
            .unwrap())),
        sorted(vec![by_name, by_body])
    );

    // Blank is no filter; too long is refused.
    let all = admin
        .search_conversations("   ", None, None, Some(500))
        .await
        .unwrap();
    assert!(all.len() >= 4);
    expect_api_error(
        admin
            .search_conversations(&"x".repeat(201), None, None, None)
            .await,
        400,
        ErrorCode::BadRequest,
    );
    let anon = app.client();
    expect_api_error(
        anon.search_conversations("parcel", None, None, None).await,
        401,
        ErrorCode::Unauthorized,
    );
}
