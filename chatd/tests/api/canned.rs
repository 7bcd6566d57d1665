//! Canned replies: CRUD, who may read and write them, and validation.

use crate::harness::{expect_api_error, expect_error, spawn_app};
use proto::ErrorCode;
use proto::auth::Role;
use proto::canned::{CannedReplyPatch, CreateCannedReply};
use proto::widgets::CreateWidget;
use serde_json::json;

fn reply(shortcut: &str, widget_id: Option<uuid::Uuid>) -> CreateCannedReply {
    CreateCannedReply {
        shortcut: shortcut.into(),
        title: format!("About {shortcut}"),
        body: format!("The answer on {shortcut}.\nSecond line."),
        widget_id,
    }
}

#[tokio::test]
async fn canned_crud_round_trips_and_filters_by_widget() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let shop = admin
        .create_widget(&CreateWidget {
            name: "Shop".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let other = admin
        .create_widget(&CreateWidget {
            name: "Other".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let global = admin
        .create_canned(&reply("refund-policy", None))
        .await
        .unwrap();
    assert_eq!(global.shortcut, "refund-policy");
    assert_eq!(global.title, "About refund-policy");
    assert_eq!(global.widget_id, None);
    let on_shop = admin
        .create_canned(&reply("shop_hours", Some(shop.id)))
        .await
        .unwrap();
    let on_other = admin
        .create_canned(&reply("other-1", Some(other.id)))
        .await
        .unwrap();

    let shortcuts = |list: Vec<proto::canned::CannedReply>| {
        list.into_iter().map(|r| r.shortcut).collect::<Vec<_>>()
    };
    assert_eq!(
        shortcuts(admin.list_canned(None).await.unwrap()),
        ["other-1", "refund-policy", "shop_hours"],
        "listed by shortcut"
    );
    assert_eq!(
        shortcuts(admin.list_canned(Some(shop.id)).await.unwrap()),
        ["refund-policy", "shop_hours"],
        "a widget's list: the global replies and its own"
    );
    assert_eq!(admin.get_canned(on_shop.id).await.unwrap(), on_shop);

    let patched = admin
        .update_canned(
            on_shop.id,
            &CannedReplyPatch {
                title: Some("Opening hours".into()),
                widget_id: Some(None),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(patched.title, "Opening hours");
    assert_eq!(patched.widget_id, None, "null makes it global");
    assert_eq!(patched.body, on_shop.body, "other fields stay");
    assert!(patched.updated_at >= on_shop.updated_at);
    let moved = admin
        .update_canned(
            on_shop.id,
            &CannedReplyPatch {
                widget_id: Some(Some(other.id)),
                shortcut: Some("hours".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (moved.shortcut.as_str(), moved.widget_id),
        ("hours", Some(other.id))
    );
    // A patch without widget_id leaves the widget alone.
    let same = admin
        .update_canned(
            on_shop.id,
            &CannedReplyPatch {
                body: Some("New body".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(same.widget_id, Some(other.id));

    admin.delete_canned(global.id).await.unwrap();
    expect_api_error(admin.get_canned(global.id).await, 404, ErrorCode::NotFound);
    // Deleting a widget deletes its own replies.
    admin.delete_widget(other.id).await.unwrap();
    expect_api_error(
        admin.get_canned(on_other.id).await,
        404,
        ErrorCode::NotFound,
    );
    assert!(admin.list_canned(None).await.unwrap().is_empty());
}

#[tokio::test]
async fn agents_read_the_replies_of_their_widgets_and_write_none() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let (agent_user, _, agent) = app.new_user(&admin, Role::Agent).await;
    let mine = admin
        .create_widget(&CreateWidget {
            name: "Mine".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let not_mine = admin
        .create_widget(&CreateWidget {
            name: "NotMine".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    admin
        .add_widget_member(mine.id, agent_user.id)
        .await
        .unwrap();
    let global = admin.create_canned(&reply("hello", None)).await.unwrap();
    let own = admin
        .create_canned(&reply("mine", Some(mine.id)))
        .await
        .unwrap();
    let hidden = admin
        .create_canned(&reply("theirs", Some(not_mine.id)))
        .await
        .unwrap();

    let seen: Vec<String> = agent
        .list_canned(None)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.shortcut)
        .collect();
    assert_eq!(seen, ["hello", "mine"]);
    let seen = agent.list_canned(Some(not_mine.id)).await.unwrap();
    assert_eq!(seen, std::slice::from_ref(&global), "only the global ones");
    assert_eq!(agent.get_canned(own.id).await.unwrap(), own);
    assert_eq!(agent.get_canned(global.id).await.unwrap(), global);
    expect_api_error(agent.get_canned(hidden.id).await, 403, ErrorCode::Forbidden);

    expect_api_error(
        agent.create_canned(&reply("sneaky", None)).await,
        403,
        ErrorCode::Forbidden,
    );
    expect_api_error(
        agent
            .update_canned(
                own.id,
                &CannedReplyPatch {
                    title: Some("x".into()),
                    ..Default::default()
                },
            )
            .await,
        403,
        ErrorCode::Forbidden,
    );
    expect_api_error(agent.delete_canned(own.id).await, 403, ErrorCode::Forbidden);
    assert_eq!(admin.list_canned(None).await.unwrap().len(), 3);
    // Without credentials nothing is readable.
    assert_eq!(app.get_status("/api/v1/canned").await, 401);
}

#[tokio::test]
async fn duplicate_shortcuts_conflict() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    admin.create_canned(&reply("taken", None)).await.unwrap();
    let other = admin.create_canned(&reply("free", None)).await.unwrap();
    let msg = expect_api_error(
        admin.create_canned(&reply("taken", None)).await,
        409,
        ErrorCode::Conflict,
    );
    assert!(msg.contains("taken"), "{msg}");
    expect_api_error(
        admin
            .update_canned(
                other.id,
                &CannedReplyPatch {
                    shortcut: Some("taken".into()),
                    ..Default::default()
                },
            )
            .await,
        409,
        ErrorCode::Conflict,
    );
    assert_eq!(admin.get_canned(other.id).await.unwrap(), other);
}

#[tokio::test]
async fn invalid_replies_are_400_naming_the_field() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let target = admin.create_canned(&reply("target", None)).await.unwrap();
    let long = "x".repeat(4001);
    let cases = [
        (
            json!({"shortcut": "Refund Policy", "title": "t", "body": "b"}),
            "shortcut: \"Refund Policy\" may only contain lowercase letters, digits, - and _",
        ),
        (
            json!({"shortcut": "", "title": "t", "body": "b"}),
            "shortcut: must not be empty",
        ),
        (
            json!({"shortcut": "x".repeat(65), "title": "t", "body": "b"}),
            "shortcut: must be at most 64 characters",
        ),
        (
            json!({"shortcut": "ok", "title": " ", "body": "b"}),
            "title: must not be empty",
        ),
        (
            json!({"shortcut": "ok", "title": "t", "body": long}),
            "body: must be at most 4000 characters",
        ),
        (
            json!({"shortcut": "ok", "title": "t", "body": "b", "widget_id": uuid::Uuid::nil()}),
            "widget_id: there is no widget",
        ),
    ];
    let token = admin.token().unwrap();
    for (body, want) in cases {
        let resp = app
            .http
            .post(app.url("/api/v1/canned"))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let msg = expect_error(resp, 400, "bad_request").await;
        assert!(msg.contains(want), "{msg:?} should contain {want:?}");
        // The same value in a patch is refused the same way.
        let mut patch = body.clone();
        patch
            .as_object_mut()
            .unwrap()
            .retain(|k, _| want.starts_with(k.as_str()));
        let resp = app
            .http
            .patch(app.url(&format!("/api/v1/canned/{}", target.id)))
            .bearer_auth(token)
            .json(&patch)
            .send()
            .await
            .unwrap();
        let msg = expect_error(resp, 400, "bad_request").await;
        assert!(msg.contains(want), "patch: {msg:?} should contain {want:?}");
    }
    assert_eq!(
        admin.list_canned(None).await.unwrap(),
        std::slice::from_ref(&target)
    );
    assert_eq!(admin.get_canned(target.id).await.unwrap(), target);

    // Unknown ids are 404 on every route; ids that are no UUID are 400.
    let unknown = uuid::Uuid::now_v7();
    let msg = expect_api_error(admin.get_canned(unknown).await, 404, ErrorCode::NotFound);
    assert!(msg.contains(&unknown.to_string()), "{msg}");
    expect_api_error(
        admin
            .update_canned(unknown, &CannedReplyPatch::default())
            .await,
        404,
        ErrorCode::NotFound,
    );
    expect_api_error(admin.delete_canned(unknown).await, 404, ErrorCode::NotFound);
    let resp = app
        .http
        .get(app.url("/api/v1/canned/not-a-uuid"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    expect_error(resp, 400, "bad_request").await;
    let resp = app
        .http
        .get(app.url("/api/v1/canned?widget_id=nope"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    expect_error(resp, 400, "bad_request").await;

    // Malformed and mistyped JSON.
    for (raw, code) in [
        ("{\"shortcut\": ", "invalid_json"),
        (
            "{\"shortcut\": 5, \"title\": \"t\", \"body\": \"b\"}",
            "invalid_json",
        ),
        ("{\"title\": \"t\", \"body\": \"b\"}", "invalid_json"),
    ] {
        let resp = app
            .http
            .post(app.url("/api/v1/canned"))
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await
            .unwrap();
        expect_error(resp, 400, code).await;
    }
}
