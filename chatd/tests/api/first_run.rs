//! First start creates the admin, the key and the demo widget; later starts
//! create nothing new.

use crate::harness::{ADMIN_EMAIL, spawn_app};
use proto::auth::Role;
use std::os::unix::fs::PermissionsExt;

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[tokio::test]
async fn first_run_creates_the_admin_the_key_and_a_demo_widget() {
    let app = spawn_app();
    let dir = app.data_dir();
    let password_file = dir.join("initial-admin-password");
    assert_eq!(mode(&password_file), 0o600, "initial-admin-password");
    assert_eq!(mode(&dir.join("jwt.key")), 0o600, "jwt.key");
    let password = app.admin_password();
    assert!(
        password.len() >= 16,
        "a weak generated password: {password:?}"
    );
    // Printed once, for the person starting chatd.
    let stderr = app.stderr();
    assert!(
        stderr.contains(&password),
        "the password is not on stderr:\n{stderr}"
    );
    assert!(stderr.contains(ADMIN_EMAIL));

    let admin = app.admin_client().await;
    let users = admin.list_users().await.unwrap();
    assert_eq!(users.len(), 1, "{users:?}");
    assert_eq!(
        (users[0].email.as_str(), users[0].role),
        (ADMIN_EMAIL, Role::Admin)
    );
    let widgets = admin.list_widgets().await.unwrap();
    assert_eq!(widgets.len(), 1, "{widgets:?}");
    assert_eq!(widgets[0].name, "Demo");
    assert!(
        !widgets[0].settings.faq.is_empty(),
        "the demo widget has FAQ entries"
    );
    // Its site key works for visitors straight away.
    app.client()
        .public_widget(&widgets[0].site_key)
        .await
        .unwrap();
    assert_eq!(app.get_status("/readyz").await, 200);
}

#[tokio::test]
async fn restarts_create_nothing_new_and_keep_keys_and_passwords() {
    let mut app = spawn_app();
    let dir = app.data_dir();
    let password_file = std::fs::read(dir.join("initial-admin-password")).unwrap();
    let key_file = std::fs::read(dir.join("jwt.key")).unwrap();
    let password = app.admin_password();
    let admin = app.admin_client().await;
    let token = admin.token().unwrap().to_string();
    let users = admin.list_users().await.unwrap();
    let widgets = admin.list_widgets().await.unwrap();
    let session = app.client().login(ADMIN_EMAIL, &password).await.unwrap();

    for round in 1..=2 {
        app.restart();
        let stderr = app.stderr();
        assert!(!stderr.contains("first start"), "round {round}:\n{stderr}");
        assert!(
            !stderr.contains(&password),
            "round {round}: the password was printed again"
        );
        assert_eq!(
            std::fs::read(dir.join("initial-admin-password")).unwrap(),
            password_file
        );
        assert_eq!(std::fs::read(dir.join("jwt.key")).unwrap(), key_file);
        // The old access token is still valid: the same key signs and verifies.
        let admin = app.client().with_token(&token);
        assert_eq!(admin.list_users().await.unwrap(), users, "round {round}");
        assert_eq!(
            admin.list_widgets().await.unwrap(),
            widgets,
            "round {round}"
        );
        app.client().login(ADMIN_EMAIL, &password).await.unwrap();
    }
    // Sessions survive restarts too.
    app.client().refresh(&session.refresh_token).await.unwrap();
}

#[tokio::test]
async fn a_deleted_password_file_is_not_recreated() {
    let mut app = spawn_app();
    let password = app.admin_password();
    std::fs::remove_file(app.data_dir().join("initial-admin-password")).unwrap();
    app.restart();
    assert!(!app.data_dir().join("initial-admin-password").exists());
    // The account is the one from the first start, not a new one.
    let users = {
        let pair = app.client().login(ADMIN_EMAIL, &password).await.unwrap();
        app.client()
            .with_token(pair.access_token)
            .list_users()
            .await
            .unwrap()
    };
    assert_eq!(users.len(), 1);
}
