//! First run: the initial admin and a demo widget, created once per database.

use crate::auth::jwt::write_private_file;
use crate::auth::password::Passwords;
use crate::auth::secrets::{new_site_key, random_password};
use crate::store::{Bootstrap, NewUser, NewWidget, Store};
use proto::auth::Role;
use proto::widgets::{FaqEntry, WidgetSettings};
use std::path::Path;

/// Email of the account created on first run.
pub const INITIAL_ADMIN_EMAIL: &str = "admin@localhost";
/// File in the data dir that holds the initial admin password.
pub const INITIAL_PASSWORD_FILE: &str = "initial-admin-password";
/// Name of the widget created on first run.
pub const DEMO_WIDGET_NAME: &str = "Demo";

fn demo_settings() -> WidgetSettings {
    WidgetSettings {
        title: "chatd demo".into(),
        welcome_message: "Hi! This is the chatd demo widget. Ask anything, or ask for a human.".into(),
        faq: vec![
            FaqEntry {
                question: "What is chatd?".into(),
                answer: "chatd is a self-hosted live chat for websites: one binary, an AI assistant first, a human when you need one.".into(),
            },
            FaqEntry {
                question: "How do I embed the widget on my site?".into(),
                answer: "Run `chatctl widget snippet NAME` and paste the script tag before </body>.".into(),
            },
        ],
        ..WidgetSettings::default()
    }
}

/// Creates the initial admin and the demo widget if this database never had
/// them. The password is written (0600) before the account is committed, so
/// a crash in between can never leave an account whose password nobody has.
pub async fn first_run(
    store: &dyn Store,
    passwords: &Passwords,
    data_dir: &Path,
) -> anyhow::Result<bool> {
    // Cheap check first so restarts do not pay for an argon2 hash.
    if !store.list_users().await?.is_empty() {
        return Ok(false);
    }
    let password = random_password();
    let password_hash = passwords.hash(&password).await?;
    let file = data_dir.join(INITIAL_PASSWORD_FILE);
    write_private_file(&file, format!("{password}\n").as_bytes())?;
    let created = store
        .bootstrap(Bootstrap {
            admin: NewUser {
                email: INITIAL_ADMIN_EMAIL.into(),
                name: "Admin".into(),
                role: Role::Admin,
                password_hash,
            },
            demo_widget: NewWidget {
                name: DEMO_WIDGET_NAME.into(),
                site_key: new_site_key(),
                settings: demo_settings(),
            },
        })
        .await?;
    if created {
        eprintln!(
            "\nchatd: first start. Created the admin account\n\n    email:    {INITIAL_ADMIN_EMAIL}\n    password: {password}\n\n(also in {}; delete that file once you have changed the password)\n",
            file.display()
        );
    } else {
        let _ = std::fs::remove_file(&file);
    }
    Ok(created)
}
