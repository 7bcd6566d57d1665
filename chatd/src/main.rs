//! The chatd binary: parse flags, build the config, run a subcommand.
#![forbid(unsafe_code)]

use anyhow::Context;
use chatd::auth::password::Passwords;
use chatd::auth::secrets::random_password;
use chatd::config::{AdminCommand, Cli, Command, Config, ConfigCommand};
use chatd::lifecycle::audit;
use chatd::store::{NewUser, NoSink, StoreError, UserChanges};
use clap::Parser;
use proto::auth::Role;
use std::io::BufRead;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::resolve(&cli.settings) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("chatd: {e}");
            return ExitCode::from(2);
        }
    };
    chatd::logging::init(config.log_format, &config.log);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("chatd: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command.unwrap_or(Command::Serve), config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("chatd: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Serve => {
            let certs = chatd::load_tls(&config)?;
            let listener = tokio::net::TcpListener::bind(config.listen)
                .await
                .with_context(|| format!("cannot listen on {}", config.listen))?;
            let state = chatd::build_state(config).await?;
            chatd::serve_with_tls(state, listener, certs, chatd::shutdown_signal()).await
        }
        Command::Migrate => {
            let store = chatd::open_store(&config, std::sync::Arc::new(NoSink)).await?;
            store.close().await;
            eprintln!(
                "chatd: database {} is up to date",
                config.database.redacted()
            );
            Ok(())
        }
        Command::Copy { from, to } => copy(&config, from.as_deref(), &to).await,
        Command::Backup { path } => backup(&config, &path).await,
        Command::Config(ConfigCommand::Show) => {
            print!("{}", config.to_redacted_toml());
            Ok(())
        }
        Command::Admin(cmd) => admin(cmd, &config).await,
    }
}

async fn copy(config: &Config, from: Option<&str>, to: &str) -> anyhow::Result<()> {
    let from = match from {
        Some(url) => chatd::config::parse_database_url(url)?,
        None => config.database.clone(),
    };
    let to = chatd::config::parse_database_url(to)?;
    eprintln!("chatd: copying {} to {}", from.redacted(), to.redacted());
    let busy = std::time::Duration::from_millis(config.db_busy_timeout_ms);
    let report = chatd::transfer::copy(&from, &to, busy).await?;
    for (table, rows) in &report.tables {
        eprintln!("  {table}: {rows} rows");
    }
    eprintln!(
        "chatd: copied into {} (epoch {}); point --database-url at it and start chatd",
        to.redacted(),
        report.epoch.as_deref().unwrap_or("none")
    );
    Ok(())
}

async fn backup(config: &Config, path: &std::path::Path) -> anyhow::Result<()> {
    let busy = std::time::Duration::from_millis(config.db_busy_timeout_ms);
    let r = chatd::lifecycle::backup::backup(&config.database, path, busy).await?;
    eprintln!(
        "chatd: backed up {} to {} ({} bytes, {} conversations, {} messages, new epoch {})",
        config.database.redacted(),
        r.path.display(),
        r.bytes,
        r.conversations,
        r.messages,
        r.epoch
    );
    eprintln!(
        "chatd: keep jwt.key from the data dir with it: identity secrets and sessions depend on it"
    );
    Ok(())
}

fn password_from(stdin: bool) -> anyhow::Result<(String, bool)> {
    if !stdin {
        return Ok((random_password(), true));
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from stdin")?;
    let p = line.trim_end_matches(['\n', '\r']).to_string();
    anyhow::ensure!(
        p.chars().count() >= 8,
        "the password must be at least 8 characters"
    );
    Ok((p, false))
}

async fn admin(cmd: AdminCommand, config: &Config) -> anyhow::Result<()> {
    std::fs::create_dir_all(&config.data_dir)?;
    let store = chatd::open_store(config, std::sync::Arc::new(NoSink)).await?;
    let passwords = Passwords::new(1);
    let result = async {
        match cmd {
            AdminCommand::Create { email, name, password_stdin } => {
                let email = email.trim().to_lowercase();
                anyhow::ensure!(email.contains('@'), "{email:?} is not an email address");
                let (password, generated) = password_from(password_stdin)?;
                let user = store
                    .create_user(NewUser {
                        name: name.unwrap_or_else(|| email.split('@').next().unwrap_or_default().into()),
                        email: email.clone(),
                        role: Role::Admin,
                        password_hash: passwords.hash(&password).await?,
                    })
                    .await
                    .map_err(|e| match e {
                        StoreError::Conflict(_) => anyhow::anyhow!(
                            "{email} exists already; use `chatd admin reset-password --email {email}`"
                        ),
                        other => other.into(),
                    })?;
                let details = serde_json::json!({"email": user.email, "role": "admin"});
                let entry = audit::offline("user.create", user.id, details);
                if let Err(e) = store.append_audit(entry).await {
                    eprintln!("chatd: warning: cannot write the audit log: {e}");
                }
                eprintln!("chatd: created admin {} ({})", user.email, user.id);
                if generated {
                    eprintln!("password: {password}");
                }
                Ok(())
            }
            AdminCommand::ResetPassword { email, password_stdin } => {
                let email = email.trim().to_lowercase();
                let record = store
                    .find_user_by_email(&email)
                    .await?
                    .with_context(|| format!("no user with email {email}"))?;
                let (password, generated) = password_from(password_stdin)?;
                store
                    .update_user(
                        record.user.id,
                        UserChanges {
                            password_hash: Some(passwords.hash(&password).await?),
                            disabled: Some(false),
                            ..Default::default()
                        },
                    )
                    .await?;
                let details = serde_json::json!({"email": email});
                let entry = audit::offline("user.reset_password", record.user.id, details);
                if let Err(e) = store.append_audit(entry).await {
                    eprintln!("chatd: warning: cannot write the audit log: {e}");
                }
                eprintln!("chatd: new password set for {email}; their sessions are revoked");
                if generated {
                    eprintln!("password: {password}");
                }
                Ok(())
            }
        }
    }
    .await;
    store.close().await;
    result
}
