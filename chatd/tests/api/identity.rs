//! Verified visitors: the website signs its user id; chatd checks it, can
//! refuse everyone else, and gives a verified user their history anywhere.

use crate::harness::spawn_app;
use proto::conversations::{SendMessage, StartConversation, VisitorIdentity};
use proto::frames::close;
use proto::widgets::WidgetPatch;
use proto::ws::VisitorSocket;

fn hmac_hex(key: &str, msg: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut m = Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).unwrap();
    m.update(msg.as_bytes());
    m.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn a_widget_requiring_verified_visitors_refuses_everyone_else() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let w = admin.list_widgets().await.unwrap().remove(0);
    // An anonymous conversation from before the setting was turned on.
    let old = app
        .client()
        .start_conversation(&StartConversation {
            site_key: w.site_key.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let w = admin
        .update_widget(
            w.id,
            &WidgetPatch {
                require_verified_identity: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(
        admin
            .public_widget(&w.site_key)
            .await
            .unwrap()
            .require_verified_identity
    );
    let secret = admin
        .widget_identity_secret(w.id)
        .await
        .unwrap()
        .identity_secret;
    let start = |identity: Option<VisitorIdentity>| {
        let client = app.client();
        let key = w.site_key.clone();
        async move {
            client
                .start_conversation(&StartConversation {
                    site_key: key,
                    identity,
                    ..Default::default()
                })
                .await
        }
    };
    let anon = start(None).await.unwrap_err();
    assert_eq!(anon.status().map(|s| s.as_u16()), Some(403), "{anon}");
    let wrong = start(Some(VisitorIdentity {
        user_id: "42".into(),
        user_hash: hmac_hex(&secret, "43"),
        ..Default::default()
    }))
    .await
    .unwrap_err();
    assert_eq!(wrong.status().map(|s| s.as_u16()), Some(403));
    assert!(
        wrong.to_string().contains("could not be verified"),
        "{wrong}"
    );

    let ann = VisitorIdentity {
        user_id: "42".into(),
        name: Some("Ann".into()),
        email: Some("ann@example.com".into()),
        user_hash: hmac_hex(&secret, "42"),
    };
    let first = start(Some(ann.clone())).await.unwrap();
    let laptop = app.client().with_token(&first.visitor_token);
    laptop
        .visitor_send_message(
            first.conversation_id,
            &SendMessage {
                client_id: "l1".into(),
                body: "from my laptop".into(),
            },
        )
        .await
        .unwrap();
    let c = admin.get_conversation(first.conversation_id).await.unwrap();
    assert_eq!(c.verified_user_id.as_deref(), Some("42"));
    assert_eq!(
        c.prechat.get("email").map(String::as_str),
        Some("ann@example.com")
    );

    // Another device: the same conversation and its history, with its own token.
    let phone_start = start(Some(ann)).await.unwrap();
    assert_eq!(phone_start.conversation_id, first.conversation_id);
    assert_ne!(phone_start.visitor_token, first.visitor_token);
    let phone = app.client().with_token(&phone_start.visitor_token);
    let history = phone
        .visitor_messages(first.conversation_id, 0, None)
        .await
        .unwrap();
    assert!(history.messages.iter().any(|m| m.body == "from my laptop"));
    // Both devices keep working.
    laptop
        .visitor_messages(first.conversation_id, 0, None)
        .await
        .unwrap();

    // The anonymous conversation from before is refused everywhere now.
    let err = app
        .client()
        .with_token(&old.visitor_token)
        .visitor_messages(old.conversation_id, 0, None)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    let err = VisitorSocket::connect(&app.base(), &w.site_key, &old.visitor_token, 0, None, None)
        .await
        .unwrap_err();
    assert_eq!(err.close_code(), Some(close::FORBIDDEN), "{err}");

    // Rotating the site key rotates the identity secret.
    let rotated = admin.rotate_widget_key(w.id).await.unwrap();
    let new_secret = admin
        .widget_identity_secret(rotated.id)
        .await
        .unwrap()
        .identity_secret;
    assert_ne!(new_secret, secret);
}
