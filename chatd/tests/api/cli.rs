//! The subcommands besides `serve`: `config show`, `migrate`, `admin`.

use crate::harness::{ADMIN_EMAIL, chatd_command, expect_api_error, run_command, spawn_app};
use proto::ErrorCode;
use proto::auth::Role;
use std::path::Path;
use std::process::Output;

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs `chatd config show` with `args` and `env`; the parsed output and its
/// first line.
fn config_show(sandbox: &Path, args: &[&str], env: &[(&str, &str)]) -> (toml::Table, String) {
    let mut cmd = chatd_command(sandbox);
    cmd.args(args).args(["config", "show"]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = run_command(cmd, "");
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{args:?} {env:?}: {stderr}");
    let first = stdout.lines().next().unwrap_or_default().to_string();
    let table = toml::from_str(&stdout).unwrap_or_else(|e| panic!("{e}:\n{stdout}"));
    (table, first)
}

#[test]
fn config_show_layers_flags_over_env_over_file_over_defaults() {
    let sandbox = tempfile::tempdir().unwrap();
    let file = sandbox.path().join("chatd.toml");
    let file_text = "listen = \"127.0.0.1:9300\"\nlog = \"warn\"\nmax_body_bytes = 1234\nshutdown_grace_secs = 3\ntrusted_proxies = [\"192.168.0.0/16\"]\n";
    std::fs::write(&file, file_text).unwrap();
    let file_arg = file.display().to_string();
    let data = sandbox.path().join("data").display().to_string();
    let all_env = [
        ("CHATD_LISTEN", "127.0.0.1:9200"),
        ("CHATD_LOG", "debug"),
        ("CHATD_SHUTDOWN_GRACE_SECS", "4"),
        ("CHATD_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1"),
        (
            "CHATD_DATABASE_URL",
            "postgres://chat:s3cret@db.example:5432/chat",
        ),
    ];
    let flags = [
        "--config",
        &file_arg,
        "--data-dir",
        &data,
        "--listen",
        "127.0.0.1:9100",
    ];
    let file_only = ["--config", &file_arg, "--data-dir", &data];
    let data_only = ["--data-dir", &data];
    let file_source = format!("# config file: {file_arg}");
    let none = "# config file: none".to_string();
    /// One `config show` run: what it is given and what it must show.
    struct Run<'a> {
        name: &'a str,
        args: &'a [&'a str],
        env: &'a [(&'a str, &'a str)],
        source: &'a str,
        want: Vec<(&'a str, toml::Value)>,
    }
    let run = |name, args, env, source, want| Run {
        name,
        args,
        env,
        source,
        want,
    };
    #[rustfmt::skip]
    let runs = [
        run("flags, env and file", &flags, &all_env, &file_source, vec![
            ("listen", "127.0.0.1:9100".into()),   // the flag beats env and file
            ("log", "debug".into()),                // env beats file
            ("shutdown_grace_secs", 4.into()),      // env beats file
            ("max_body_bytes", 1234.into()),        // the file beats the default
            ("request_timeout_secs", 30.into()),    // the default
            ("data_dir", data.as_str().into()),
            ("database_url", "postgres://chat:***@db.example:5432/chat".into()),
            // env beats file; a comma-separated list, a bare address is one host
            ("trusted_proxies", toml::Value::Array(vec!["10.0.0.0/8".into(), "127.0.0.1/32".into()])),
        ]),
        run("file only", &file_only, &[], &file_source, vec![
            ("listen", "127.0.0.1:9300".into()),
            ("log", "warn".into()),
            ("shutdown_grace_secs", 3.into()),
            ("max_body_bytes", 1234.into()),
            ("trusted_proxies", toml::Value::Array(vec!["192.168.0.0/16".into()])),
        ]),
        run("defaults", &data_only, &[], &none, vec![
            ("listen", "127.0.0.1:8080".into()),
            ("log", "info".into()),
            ("log_format", "pretty".into()),
            ("shutdown_grace_secs", 10.into()),
            ("max_body_bytes", 65536.into()),
            ("request_timeout_secs", 30.into()),
            ("database_url", format!("sqlite://{data}/chatd.db").into()),
            ("trusted_proxies", toml::Value::Array(vec![])),
        ]),
    ];
    for Run {
        name,
        args,
        env,
        source,
        want,
    } in runs
    {
        let (shown, first) = config_show(sandbox.path(), args, env);
        assert_eq!(first, source, "{name}");
        for (key, value) in want {
            assert_eq!(shown.get(key), Some(&value), "{name}: {key} in {shown:#?}");
        }
        let text = toml::to_string(&shown).unwrap();
        assert!(
            !text.contains("s3cret"),
            "{name}: a secret is shown:\n{text}"
        );
    }

    // Without --config, chatd.toml in the platform config dir is read.
    let platform = sandbox.path().join("xdg-config").join("chatd");
    std::fs::create_dir_all(&platform).unwrap();
    std::fs::write(platform.join("chatd.toml"), file_text).unwrap();
    let (shown, first) = config_show(sandbox.path(), &data_only, &[]);
    assert_eq!(
        first,
        format!("# config file: {}", platform.join("chatd.toml").display())
    );
    assert_eq!(shown.get("log"), Some(&"warn".into()));
}

#[test]
fn config_errors_exit_with_status_2_and_say_what_is_wrong() {
    let sandbox = tempfile::tempdir().unwrap();
    let bad_key = sandbox.path().join("bad.toml");
    std::fs::write(&bad_key, "lisen = \"127.0.0.1:1\"\n").unwrap();
    let missing = sandbox.path().join("missing.toml");
    let cases = [
        (
            vec!["--config".to_string(), bad_key.display().to_string()],
            "lisen",
        ),
        (
            vec!["--config".to_string(), missing.display().to_string()],
            "missing.toml",
        ),
        (
            vec!["--max-body-bytes".into(), "0".into()],
            "max_body_bytes",
        ),
        (
            vec!["--public-url".into(), "chat.example.com".into()],
            "public_url",
        ),
    ];
    for (args, needle) in cases {
        let mut cmd = chatd_command(sandbox.path());
        cmd.arg("--data-dir")
            .arg(sandbox.path().join("data"))
            .args(&args)
            .args(["config", "show"]);
        let out = run_command(cmd, "");
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
}

#[tokio::test]
async fn migrate_prepares_a_fresh_data_dir_and_is_repeatable() {
    use sqlx::{ConnectOptions, Row};
    let sandbox = tempfile::tempdir().unwrap();
    let data = sandbox.path().join("fresh").join("data");
    for _ in 0..2 {
        let mut cmd = chatd_command(sandbox.path());
        cmd.arg("--data-dir").arg(&data).arg("migrate");
        let out = run_command(cmd, "");
        let (_, stderr) = text(&out);
        assert!(out.status.success(), "{stderr}");
        assert!(stderr.contains("up to date"), "{stderr}");
    }
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(data.join("chatd.db"))
        .connect()
        .await
        .unwrap();
    let tables: Vec<String> =
        sqlx::query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(&mut conn)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get("name"))
            .collect();
    for t in ["api_tokens", "meta", "refresh_tokens", "users", "widgets"] {
        assert!(tables.iter().any(|x| x == t), "{t} missing from {tables:?}");
    }
    // Migrating creates no accounts: that is serve's first run.
    let users: i64 = sqlx::query("SELECT count(*) AS n FROM users")
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .get("n");
    assert_eq!(users, 0);
}

fn admin_cli(app: &crate::harness::TestApp, args: &[&str], stdin: &str) -> Output {
    let mut cmd = chatd_command(app.scratch_dir());
    cmd.arg("--data-dir")
        .arg(app.data_dir())
        .arg("admin")
        .args(args);
    run_command(cmd, stdin)
}

#[tokio::test]
async fn admin_create_and_reset_password_recover_access() {
    let app = spawn_app();
    // Run against the data dir of a live server, as an operator would.
    let out = admin_cli(
        &app,
        &["create", "--email", "Ops@Example.com", "--password-stdin"],
        "ops-password-1\n",
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("created admin ops@example.com"), "{stderr}");
    assert!(!stdout.contains("ops-password-1") && !stderr.contains("ops-password-1"));
    let pair = app
        .client()
        .login("ops@example.com", "ops-password-1")
        .await
        .unwrap();
    assert_eq!(pair.user.role, Role::Admin);
    let ops = app.client().with_token(pair.access_token);
    assert_eq!(ops.list_users().await.unwrap().len(), 2);

    let refused = [
        (
            vec!["create", "--email", "ops@example.com", "--password-stdin"],
            "pw-long-enough\n",
            "exists already",
        ),
        (
            vec!["create", "--email", "short@example.com", "--password-stdin"],
            "short\n",
            "at least 8",
        ),
        (
            vec!["create", "--email", "not-an-email", "--password-stdin"],
            "pw-long-enough\n",
            "not an email",
        ),
        (
            vec![
                "reset-password",
                "--email",
                "nobody@example.com",
                "--password-stdin",
            ],
            "pw-long-enough\n",
            "no user",
        ),
    ];
    for (args, stdin, needle) in refused {
        let out = admin_cli(&app, &args, stdin);
        let (_, stderr) = text(&out);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }

    // Without --password-stdin a password is generated and printed once.
    let out = admin_cli(&app, &["create", "--email", "gen@example.com"], "");
    let (_, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let generated = stderr
        .lines()
        .find_map(|l| l.strip_prefix("password: "))
        .unwrap_or_else(|| panic!("no generated password in {stderr}"))
        .trim()
        .to_string();
    app.client()
        .login("gen@example.com", &generated)
        .await
        .unwrap();

    // reset-password: the new password works, the old one and its sessions do not.
    let old = app.admin_password();
    let session = app.client().login(ADMIN_EMAIL, &old).await.unwrap();
    let out = admin_cli(
        &app,
        &["reset-password", "--email", ADMIN_EMAIL, "--password-stdin"],
        "brand-new-password\n",
    );
    let (_, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    expect_api_error(
        app.client().login(ADMIN_EMAIL, &old).await,
        401,
        ErrorCode::Unauthorized,
    );
    app.client()
        .login(ADMIN_EMAIL, "brand-new-password")
        .await
        .unwrap();
    expect_api_error(
        app.client().refresh(&session.refresh_token).await,
        401,
        ErrorCode::Unauthorized,
    );
}
