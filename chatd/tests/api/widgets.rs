//! Widget CRUD, validation, site-key rotation and the embed snippet.

use crate::harness::{expect_api_error, expect_error, spawn_app, spawn_app_with};
use proto::ErrorCode;
use proto::widgets::{
    AiSettings, Colors, CreateWidget, FaqEntry, FieldKind, LauncherPosition, PrechatField,
    WidgetPatch, WidgetSettings,
};
use serde_json::json;

fn full_settings() -> WidgetPatch {
    WidgetPatch {
        name: None,
        title: Some("Support".into()),
        welcome_message: Some("Hello from the tests".into()),
        colors: Some(Colors {
            primary: "#112233".into(),
            on_primary: "#FFEEDD".into(),
        }),
        launcher_position: Some(LauncherPosition::BottomLeft),
        prechat_fields: Some(vec![PrechatField {
            name: "email".into(),
            label: "Your email".into(),
            kind: FieldKind::Email,
            required: true,
        }]),
        allowed_origins: Some(vec![
            "https://example.com".into(),
            "http://localhost:3000".into(),
        ]),
        ai: Some(AiSettings {
            enabled: false,
            model: Some("some/model".into()),
            system_prompt: Some("Be brief.".into()),
            temperature: Some(0.5),
        }),
        faq: Some(vec![FaqEntry {
            question: "Opening hours?".into(),
            answer: "Nine to five.".into(),
        }]),
        offline_message: Some("Back soon".into()),
        // Settings added later keep their defaults here.
        ..Default::default()
    }
}

#[tokio::test]
async fn widget_crud_round_trips_every_setting() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let created = admin
        .create_widget(&CreateWidget {
            name: "  Shop  ".into(),
            settings: full_settings(),
        })
        .await
        .unwrap();
    assert_eq!(created.name, "Shop", "names are trimmed");
    assert!(created.site_key.starts_with("sk_"), "{}", created.site_key);
    let mut expected = WidgetSettings::default();
    full_settings().apply_to(&mut expected);
    assert_eq!(created.settings, expected);
    assert_eq!(created.settings.ai.temperature, Some(0.5));

    // Settings not given at creation take their defaults.
    let plain = admin
        .create_widget(&CreateWidget {
            name: "Plain".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(plain.settings, WidgetSettings::default());
    assert_ne!(plain.site_key, created.site_key);

    let listed = admin.list_widgets().await.unwrap();
    let names: Vec<&str> = listed.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(names, ["Demo", "Shop", "Plain"]);
    assert_eq!(admin.get_widget(created.id).await.unwrap(), created);

    // A patch of one field leaves every other field as it was.
    let patched = admin
        .update_widget(
            created.id,
            &WidgetPatch {
                title: Some("Help desk".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let mut want = created.clone();
    want.settings.title = "Help desk".into();
    want.updated_at = patched.updated_at;
    assert_eq!(patched, want);
    assert!(patched.updated_at >= created.updated_at);
    assert_eq!(admin.get_widget(created.id).await.unwrap(), patched);

    // Lists are replaced whole, and a nested object is set as given.
    let patched = admin
        .update_widget(
            created.id,
            &WidgetPatch {
                name: Some("Shop 2".into()),
                allowed_origins: Some(vec!["*".into()]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(patched.name, "Shop 2");
    assert_eq!(patched.settings.allowed_origins, ["*"]);
    assert_eq!(patched.settings.faq, expected.faq);

    admin.delete_widget(created.id).await.unwrap();
    expect_api_error(admin.get_widget(created.id).await, 404, ErrorCode::NotFound);
    expect_api_error(
        admin.delete_widget(created.id).await,
        404,
        ErrorCode::NotFound,
    );
    expect_api_error(
        admin
            .update_widget(
                created.id,
                &WidgetPatch {
                    title: Some("x".into()),
                    ..Default::default()
                },
            )
            .await,
        404,
        ErrorCode::NotFound,
    );
    let names: Vec<String> = admin
        .list_widgets()
        .await
        .unwrap()
        .into_iter()
        .map(|w| w.name)
        .collect();
    assert_eq!(names, ["Demo", "Plain"]);
}

#[tokio::test]
async fn duplicate_names_conflict() {
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
    for name in ["Shop", "Demo", " Shop "] {
        let msg = expect_api_error(
            admin
                .create_widget(&CreateWidget {
                    name: name.into(),
                    ..Default::default()
                })
                .await,
            409,
            ErrorCode::Conflict,
        );
        assert!(msg.contains(name.trim()), "{msg}");
    }
    expect_api_error(
        admin
            .update_widget(
                other.id,
                &WidgetPatch {
                    name: Some("Shop".into()),
                    ..Default::default()
                },
            )
            .await,
        409,
        ErrorCode::Conflict,
    );
    assert_eq!(admin.get_widget(other.id).await.unwrap().name, "Other");
    assert_eq!(admin.get_widget(shop.id).await.unwrap(), shop);
    assert_eq!(admin.list_widgets().await.unwrap().len(), 3);
}

#[tokio::test]
async fn invalid_settings_are_400_naming_the_field() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let target = admin
        .create_widget(&CreateWidget {
            name: "Target".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let cases = [
        (
            json!({"name": "a", "colors": {"primary": "red", "on_primary": "#ffffff"}}),
            "colors.primary",
        ),
        (
            json!({"name": "a", "colors": {"primary": "#ffffff", "on_primary": "#fffff"}}),
            "colors.on_primary",
        ),
        (
            json!({"name": "a", "allowed_origins": ["https://example.com/path"]}),
            "allowed_origins",
        ),
        (
            json!({"name": "a", "allowed_origins": ["example.com"]}),
            "allowed_origins",
        ),
        (
            json!({"name": "a", "allowed_origins": ["ftp://example.com"]}),
            "allowed_origins",
        ),
        (json!({"name": "   "}), "name"),
        (json!({"name": "a", "title": ""}), "title"),
        (
            json!({"name": "a", "ai": {"enabled": true, "temperature": 3.0}}),
            "ai.temperature",
        ),
        (
            json!({"name": "a", "faq": [{"question": "q", "answer": ""}]}),
            "faq[0].answer",
        ),
        (
            json!({"name": "a", "prechat_fields": [{"name": "", "label": "x"}]}),
            "prechat_fields[0].name",
        ),
    ];
    let token = admin.token().unwrap();
    for (body, field) in cases {
        let resp = app
            .http
            .post(app.url("/api/v1/widgets"))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let msg = expect_error(resp, 400, "bad_request").await;
        assert!(msg.starts_with(&format!("{field}:")), "{body}: {msg}");
        // The same check guards PATCH (without the name the create needs).
        let mut patch = body.clone();
        if patch["name"] == json!("a") {
            patch.as_object_mut().unwrap().remove("name");
        }
        let resp = app
            .http
            .patch(app.url(&format!("/api/v1/widgets/{}", target.id)))
            .bearer_auth(token)
            .json(&patch)
            .send()
            .await
            .unwrap();
        let msg = expect_error(resp, 400, "bad_request").await;
        assert!(
            msg.starts_with(&format!("{field}:")),
            "PATCH {patch}: {msg}"
        );
    }
    // Nothing was created or changed by the refused requests.
    assert_eq!(admin.list_widgets().await.unwrap().len(), 2);
    assert_eq!(admin.get_widget(target.id).await.unwrap(), target);
}

#[tokio::test]
async fn rotating_the_site_key_retires_the_old_one() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let anonymous = app.client();
    let w = admin
        .create_widget(&CreateWidget {
            name: "Rotating".into(),
            settings: WidgetPatch {
                title: Some("Rotating title".into()),
                ..Default::default()
            },
        })
        .await
        .unwrap();
    let old = w.site_key.clone();
    let public = anonymous.public_widget(&old).await.unwrap();
    assert_eq!(public.title, "Rotating title");
    assert_eq!(public.site_key, old);

    let rotated = admin.rotate_widget_key(w.id).await.unwrap();
    let new = rotated.site_key.clone();
    assert_ne!(new, old);
    assert!(new.starts_with("sk_"));
    assert_eq!(
        rotated.settings, w.settings,
        "rotation changes only the key"
    );
    assert_eq!(admin.get_widget(w.id).await.unwrap().site_key, new);

    let public = anonymous.public_widget(&new).await.unwrap();
    assert_eq!(
        (public.site_key.as_str(), public.title.as_str()),
        (new.as_str(), "Rotating title")
    );
    expect_api_error(
        anonymous.public_widget(&old).await,
        404,
        ErrorCode::NotFound,
    );

    let snippet = admin.widget_snippet(w.id).await.unwrap().html;
    assert_eq!(
        snippet,
        format!(
            "<script async src=\"{}/widget.js\" data-site-key=\"{new}\"></script>",
            app.base()
        )
    );
    assert!(!snippet.contains(&old));
    expect_api_error(
        admin.rotate_widget_key(uuid::Uuid::new_v4()).await,
        404,
        ErrorCode::NotFound,
    );
    expect_api_error(
        admin.widget_snippet(uuid::Uuid::new_v4()).await,
        404,
        ErrorCode::NotFound,
    );
    // A Host header that is not a plain host name never reaches the markup.
    let resp = app
        .http
        .get(app.url(&format!("/api/v1/widgets/{}/snippet", w.id)))
        .bearer_auth(admin.token().unwrap())
        .header("host", "evil.example\"><img src=x>")
        .send()
        .await
        .unwrap();
    let text = resp.text().await.unwrap();
    assert!(!text.contains("evil"), "{text}");
    // Deleting a widget retires its key too.
    admin.delete_widget(w.id).await.unwrap();
    expect_api_error(
        anonymous.public_widget(&new).await,
        404,
        ErrorCode::NotFound,
    );
}

#[tokio::test]
async fn the_snippet_uses_the_configured_public_url() {
    let app = spawn_app_with(&["--public-url", "https://chat.example.com/"]);
    let admin = app.admin_client().await;
    let demo = admin.list_widgets().await.unwrap().remove(0);
    let snippet = admin.widget_snippet(demo.id).await.unwrap().html;
    assert_eq!(
        snippet,
        format!(
            "<script async src=\"https://chat.example.com/widget.js\" data-site-key=\"{}\"></script>",
            demo.site_key
        )
    );
}
