//! Configuration in layers: flags > `CHATD_*` env > `chatd.toml` > defaults.
//!
//! clap resolves flags over env; the file fills in what neither gave.

use clap::{Args, Parser, Subcommand, ValueEnum};
use ipnet::IpNet;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// chatd: self-hosted live chat. With no subcommand it runs `serve`.
#[derive(Debug, Parser)]
#[command(name = "chatd", version, about, long_about = None)]
pub struct Cli {
    /// Settings shared by every subcommand.
    #[command(flatten)]
    pub settings: SettingsArgs,
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// chatd's subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Copy every row of one database into another, empty one: the way from
    /// SQLite to Postgres. Stop chatd first; both databases are migrated.
    Copy {
        /// Database to read [default: the configured one: --database-url, or
        /// chatd.db in the data dir].
        #[arg(long, value_name = "URL")]
        from: Option<String>,
        /// Database to fill (`postgres://…` or `sqlite://PATH`); it must hold
        /// no data. A password may come from PGPASSWORD instead of the URL.
        #[arg(long, value_name = "URL")]
        to: String,
    },
    /// Write a consistent copy of the SQLite database to PATH while chatd
    /// runs (Postgres: use pg_dump). The copy gets a new epoch.
    Backup {
        /// The file to write; it must not exist.
        path: PathBuf,
    },
    /// Inspect the configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Recover access: create an admin or reset a password, offline.
    #[command(subcommand)]
    Admin(AdminCommand),
}

/// `chatd config …`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the effective configuration as TOML, secrets redacted.
    Show,
}

/// `chatd admin …`.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an admin account. Prints a generated password unless one is given on stdin.
    Create {
        /// Email of the new admin.
        #[arg(long)]
        email: String,
        /// Display name (defaults to the part of the email before `@`).
        #[arg(long)]
        name: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a new password for an existing account and revoke its sessions.
    ResetPassword {
        /// Email of the account.
        #[arg(long)]
        email: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Pretty,
    /// One JSON object per line.
    Json,
}

/// What an acknowledged write survives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Durability {
    /// Every commit is fsynced: an ack survives power loss (the default).
    Disk,
    /// Commits reach the OS but are not fsynced: an ack survives a chatd crash.
    Process,
}

/// How this node hears of the other nodes' events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BrokerKind {
    /// One node: events stay in the process.
    Local,
    /// Several nodes on one Postgres: LISTEN/NOTIFY as a wake-up.
    Postgres,
}

/// Settings given on the command line or in `CHATD_*` variables.
#[derive(Debug, Clone, Default, Args)]
pub struct SettingsArgs {
    /// Configuration file [default: chatd.toml in the platform config dir].
    #[arg(long, global = true, env = "CHATD_CONFIG")]
    pub config: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, global = true, env = "CHATD_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// Directory for the database, keys and files [default: the platform data dir].
    #[arg(long, global = true, env = "CHATD_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Database URL; `sqlite://PATH` [default: chatd.db in the data dir].
    #[arg(
        long,
        global = true,
        env = "CHATD_DATABASE_URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// Public base URL (`https://chat.example.com`) used in embed snippets
    /// [default: taken from each request's Host header].
    #[arg(long, global = true, env = "CHATD_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Log format [default: pretty].
    #[arg(long, global = true, env = "CHATD_LOG_FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,
    /// Log filter, e.g. `info` or `chatd=debug,info` [default: info].
    #[arg(long, global = true, env = "CHATD_LOG")]
    pub log: Option<String>,
    /// Largest accepted request body in bytes [default: 65536].
    #[arg(long, global = true, env = "CHATD_MAX_BODY_BYTES")]
    pub max_body_bytes: Option<usize>,
    /// Time limit for one HTTP request in seconds [default: 30].
    #[arg(long, global = true, env = "CHATD_REQUEST_TIMEOUT_SECS")]
    pub request_timeout_secs: Option<u64>,
    /// Lifetime of access tokens in seconds [default: 900].
    #[arg(long, global = true, env = "CHATD_ACCESS_TOKEN_TTL_SECS")]
    pub access_token_ttl_secs: Option<u64>,
    /// Lifetime of refresh tokens in seconds [default: 2592000, 30 days].
    #[arg(long, global = true, env = "CHATD_REFRESH_TOKEN_TTL_SECS")]
    pub refresh_token_ttl_secs: Option<u64>,
    /// How long a database statement waits for a lock, in milliseconds [default: 5000].
    #[arg(long, global = true, env = "CHATD_DB_BUSY_TIMEOUT_MS")]
    pub db_busy_timeout_ms: Option<u64>,
    /// Database connections per node, 1 to 1000: the Postgres pool, or the
    /// SQLite read pool [default: 10 on Postgres, 4 on SQLite].
    #[arg(long, global = true, env = "CHATD_DB_POOL_SIZE")]
    pub db_pool_size: Option<u32>,
    /// Writes queued for the store writer before new ones are refused [default: 4096].
    #[arg(long, global = true, env = "CHATD_WRITER_QUEUE")]
    pub writer_queue: Option<usize>,
    /// Seconds to wait for open requests at shutdown [default: 10].
    #[arg(long, global = true, env = "CHATD_SHUTDOWN_GRACE_SECS")]
    pub shutdown_grace_secs: Option<u64>,
    /// What an acknowledged message survives: disk (fsync) or process [default: disk].
    #[arg(long, global = true, env = "CHATD_DURABILITY", value_enum)]
    pub durability: Option<Durability>,
    /// Seconds between socket heartbeats; three silent ones close a socket [default: 25].
    #[arg(long, global = true, env = "CHATD_HEARTBEAT_SECS")]
    pub heartbeat_secs: Option<u64>,
    /// Frames queued per socket before a slow reader is disconnected [default: 256].
    #[arg(long, global = true, env = "CHATD_SOCKET_QUEUE")]
    pub socket_queue: Option<usize>,
    /// Visitor requests (conversation starts, socket and stream opens, HTTP
    /// sends) per minute per client IP; 0 turns the limit off [default: 120].
    #[arg(long, global = true, env = "CHATD_PUBLIC_RATE_PER_MIN")]
    pub public_rate_per_min: Option<u32>,
    /// Frames per second one socket may send, sustained; bursts may be twice
    /// that [default: 20].
    #[arg(long, global = true, env = "CHATD_SOCKET_FRAMES_PER_SEC")]
    pub socket_frames_per_sec: Option<u32>,
    /// Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1].
    #[arg(long, global = true, env = "CHATD_AI_BASE_URL")]
    pub ai_base_url: Option<String>,
    /// Name of the environment variable holding the AI API key; with no key
    /// the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY].
    #[arg(long, global = true, env = "CHATD_AI_KEY_ENV")]
    pub ai_key_env: Option<String>,
    /// Model used when a widget names none [default: openai/gpt-4o-mini].
    #[arg(long, global = true, env = "CHATD_AI_MODEL")]
    pub ai_model: Option<String>,
    /// Time limit of one AI answer in seconds, retries included [default: 45].
    #[arg(long, global = true, env = "CHATD_AI_TIMEOUT_SECS")]
    pub ai_timeout_secs: Option<u64>,
    /// Conversations automatic assignment gives one agent at most [default: 5].
    #[arg(long, global = true, env = "CHATD_AGENT_CAPACITY")]
    pub agent_capacity: Option<u32>,
    /// How nodes hear of each other's events: postgres (several nodes on one
    /// database) or local [default: postgres with a Postgres database, else local].
    #[arg(long, global = true, env = "CHATD_BROKER", value_enum)]
    pub broker: Option<BrokerKind>,
    /// Bearer token Prometheus must send to read /metrics [default: none:
    /// /metrics answers loopback callers only].
    #[arg(
        long,
        global = true,
        env = "CHATD_METRICS_TOKEN",
        hide_env_values = true
    )]
    pub metrics_token: Option<String>,
    /// Seconds without a word from another node before its agents count as
    /// offline; nodes announce themselves at a third of it [default: 15].
    #[arg(long, global = true, env = "CHATD_PRESENCE_TIMEOUT_SECS")]
    pub presence_timeout_secs: Option<u64>,
    /// PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key).
    /// Re-read on SIGHUP.
    #[arg(long, global = true, env = "CHATD_TLS_CERT")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of --tls-cert. Re-read on SIGHUP.
    #[arg(long, global = true, env = "CHATD_TLS_KEY")]
    pub tls_key: Option<PathBuf>,
    /// A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are
    /// believed; repeat it, or separate with commas in the variable
    /// [default: none, the headers are ignored].
    #[arg(
        long = "trusted-proxy",
        global = true,
        env = "CHATD_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_name = "CIDR",
        value_parser = crate::http::client_ip::parse_cidr
    )]
    pub trusted_proxies: Vec<IpNet>,
    /// Seconds between retention sweeps (for tests; operators keep the hourly default).
    #[arg(long, global = true, hide = true)]
    pub retention_interval_secs: Option<u64>,
    /// Attempts at one webhook delivery before it is marked failed; retries
    /// wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10].
    #[arg(long, global = true, env = "CHATD_WEBHOOK_MAX_ATTEMPTS")]
    pub webhook_max_attempts: Option<u32>,
    /// Milliseconds before the first webhook retry (for tests; later ones
    /// wait four times longer each) [default: 5000].
    #[arg(long, global = true, hide = true)]
    pub webhook_retry_base_ms: Option<u64>,
}

/// The same settings as they may appear in `chatd.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    listen: Option<SocketAddr>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    public_url: Option<String>,
    log_format: Option<LogFormat>,
    log: Option<String>,
    max_body_bytes: Option<usize>,
    request_timeout_secs: Option<u64>,
    access_token_ttl_secs: Option<u64>,
    refresh_token_ttl_secs: Option<u64>,
    db_busy_timeout_ms: Option<u64>,
    db_pool_size: Option<u32>,
    writer_queue: Option<usize>,
    shutdown_grace_secs: Option<u64>,
    durability: Option<Durability>,
    heartbeat_secs: Option<u64>,
    socket_queue: Option<usize>,
    public_rate_per_min: Option<u32>,
    socket_frames_per_sec: Option<u32>,
    ai_base_url: Option<String>,
    ai_key_env: Option<String>,
    ai_model: Option<String>,
    ai_timeout_secs: Option<u64>,
    agent_capacity: Option<u32>,
    broker: Option<BrokerKind>,
    presence_timeout_secs: Option<u64>,
    metrics_token: Option<String>,
    webhook_max_attempts: Option<u32>,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    trusted_proxies: Option<Vec<String>>,
}

/// The certificate and key chatd serves TLS with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// PEM certificate chain, leaf first.
    pub cert: PathBuf,
    /// PEM private key (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
}

/// Where the database lives.
#[derive(Clone)]
pub enum Database {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A Postgres URL (may hold a password).
    Postgres(SecretString),
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl Database {
    /// The URL with any password replaced by `***`.
    pub fn redacted(&self) -> String {
        match self {
            Self::Sqlite(p) => format!("sqlite://{}", p.display()),
            Self::Postgres(url) => redact_url(url.expose_secret()),
        }
    }
}

fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "***".into();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}")
        }
        None => url.to_string(),
    }
}

/// The effective configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Data directory.
    pub data_dir: PathBuf,
    /// Database.
    pub database: Database,
    /// Public base URL for snippets, if set.
    pub public_url: Option<String>,
    /// Log format.
    pub log_format: LogFormat,
    /// Log filter.
    pub log: String,
    /// Largest request body.
    pub max_body_bytes: usize,
    /// Per-request time limit.
    pub request_timeout_secs: u64,
    /// Access token lifetime.
    pub access_token_ttl_secs: u64,
    /// Refresh token lifetime.
    pub refresh_token_ttl_secs: u64,
    /// SQLite busy timeout.
    pub db_busy_timeout_ms: u64,
    /// Postgres pool size, or SQLite readers.
    pub db_pool_size: u32,
    /// Store writer queue bound.
    pub writer_queue: usize,
    /// Shutdown grace period.
    pub shutdown_grace_secs: u64,
    /// What an ack survives.
    pub durability: Durability,
    /// Socket heartbeat interval.
    pub heartbeat_secs: u64,
    /// Per-socket outgoing queue bound.
    pub socket_queue: usize,
    /// Visitor requests per minute per IP (0: off).
    pub public_rate_per_min: u32,
    /// Frames per second per socket.
    pub socket_frames_per_sec: u32,
    /// AI API base URL.
    pub ai_base_url: String,
    /// Environment variable with the AI key.
    pub ai_key_env: String,
    /// Default AI model.
    pub ai_model: String,
    /// AI answer time limit.
    pub ai_timeout_secs: u64,
    /// Automatic assignment capacity per agent.
    pub agent_capacity: u32,
    /// Cross-node events.
    pub broker: BrokerKind,
    /// Silence after which another node's agents count as offline.
    pub presence_timeout_secs: u64,
    /// Token for /metrics (none: loopback only).
    pub metrics_token: Option<SecretString>,
    /// Serve TLS with these files; plain HTTP when `None`.
    pub tls: Option<TlsFiles>,
    /// Peers whose forwarded headers are believed.
    pub trusted_proxies: Vec<IpNet>,
    /// Seconds between retention sweeps.
    pub retention_interval_secs: u64,
    /// Attempts per webhook delivery.
    pub webhook_max_attempts: u32,
    /// Wait before the first webhook retry, in milliseconds.
    pub webhook_retry_base_ms: u64,
    /// The file the settings came from, if any.
    pub config_file: Option<PathBuf>,
}

/// The configuration could not be assembled.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The config file exists but cannot be read or parsed.
    #[error("config file {path}: {reason}")]
    File {
        /// Which file.
        path: String,
        /// What is wrong, with line and column when parsing failed.
        reason: String,
    },
    /// A value is out of range or malformed.
    #[error("invalid setting {name}: {reason}")]
    Invalid {
        /// Setting name.
        name: &'static str,
        /// Why.
        reason: String,
    },
    /// No platform directories (no home directory) and no `--data-dir`.
    #[error("cannot find a data directory; pass --data-dir")]
    NoDataDir,
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "chatd")
}

impl Config {
    /// Resolves flags and env (already in `args`) over the config file over defaults.
    pub fn resolve(args: &SettingsArgs) -> Result<Self, ConfigError> {
        let (file, config_file) = load_file(args.config.as_deref())?;
        let data_dir = match args.data_dir.clone().or(file.data_dir) {
            Some(d) => d,
            None => project_dirs()
                .ok_or(ConfigError::NoDataDir)?
                .data_dir()
                .to_path_buf(),
        };
        let database = match args.database_url.clone().or(file.database_url) {
            None => Database::Sqlite(crate::store::sqlite::default_path(&data_dir)),
            Some(url) => parse_database_url(&url)?,
        };
        let db_pool_size = match args.db_pool_size.or(file.db_pool_size) {
            Some(n) if !(1..=1000).contains(&n) => {
                return Err(ConfigError::Invalid {
                    name: "db_pool_size",
                    reason: format!("{n} is not between 1 and 1000"),
                });
            }
            Some(n) => n,
            None => match &database {
                Database::Sqlite(_) => 4,
                Database::Postgres(_) => 10,
            },
        };
        let broker = match (args.broker.or(file.broker), &database) {
            (Some(BrokerKind::Postgres), Database::Sqlite(_)) => {
                return Err(ConfigError::Invalid {
                    name: "broker",
                    reason: "postgres needs a postgres:// database_url".into(),
                });
            }
            (Some(b), _) => b,
            (None, Database::Sqlite(_)) => BrokerKind::Local,
            (None, Database::Postgres(_)) => BrokerKind::Postgres,
        };
        let public_url = args.public_url.clone().or(file.public_url);
        if let Some(u) = &public_url
            && !(u.starts_with("http://") || u.starts_with("https://"))
        {
            return Err(ConfigError::Invalid {
                name: "public_url",
                reason: format!("{u:?} must start with http:// or https://"),
            });
        }
        let tls = match (
            args.tls_cert.clone().or(file.tls_cert),
            args.tls_key.clone().or(file.tls_key),
        ) {
            (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
            (None, None) => None,
            (Some(_), None) | (None, Some(_)) => {
                return Err(ConfigError::Invalid {
                    name: "tls_cert",
                    reason: "tls_cert and tls_key go together: give both or neither".into(),
                });
            }
        };
        let trusted_proxies = if args.trusted_proxies.is_empty() {
            file.trusted_proxies
                .unwrap_or_default()
                .iter()
                .map(|s| crate::http::client_ip::parse_cidr(s))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|reason| ConfigError::Invalid {
                    name: "trusted_proxies",
                    reason,
                })?
        } else {
            args.trusted_proxies.clone()
        };
        let cfg = Self {
            listen: args
                .listen
                .or(file.listen)
                .unwrap_or(SocketAddr::from(([127, 0, 0, 1], 8080))),
            data_dir,
            database,
            public_url: public_url.map(|u| u.trim_end_matches('/').to_string()),
            log_format: args
                .log_format
                .or(file.log_format)
                .unwrap_or(LogFormat::Pretty),
            log: args
                .log
                .clone()
                .or(file.log)
                .unwrap_or_else(|| "info".into()),
            max_body_bytes: args
                .max_body_bytes
                .or(file.max_body_bytes)
                .unwrap_or(64 * 1024),
            request_timeout_secs: args
                .request_timeout_secs
                .or(file.request_timeout_secs)
                .unwrap_or(30),
            access_token_ttl_secs: args
                .access_token_ttl_secs
                .or(file.access_token_ttl_secs)
                .unwrap_or(900),
            refresh_token_ttl_secs: args
                .refresh_token_ttl_secs
                .or(file.refresh_token_ttl_secs)
                .unwrap_or(30 * 24 * 3600),
            db_busy_timeout_ms: args
                .db_busy_timeout_ms
                .or(file.db_busy_timeout_ms)
                .unwrap_or(5000),
            db_pool_size,
            writer_queue: args.writer_queue.or(file.writer_queue).unwrap_or(4096),
            shutdown_grace_secs: args
                .shutdown_grace_secs
                .or(file.shutdown_grace_secs)
                .unwrap_or(10),
            durability: args
                .durability
                .or(file.durability)
                .unwrap_or(Durability::Disk),
            heartbeat_secs: args.heartbeat_secs.or(file.heartbeat_secs).unwrap_or(25),
            socket_queue: args.socket_queue.or(file.socket_queue).unwrap_or(256),
            public_rate_per_min: args
                .public_rate_per_min
                .or(file.public_rate_per_min)
                .unwrap_or(120),
            socket_frames_per_sec: args
                .socket_frames_per_sec
                .or(file.socket_frames_per_sec)
                .unwrap_or(20),
            ai_base_url: args
                .ai_base_url
                .clone()
                .or(file.ai_base_url)
                .unwrap_or_else(|| "https://openrouter.ai/api/v1".into())
                .trim_end_matches('/')
                .to_string(),
            ai_key_env: args
                .ai_key_env
                .clone()
                .or(file.ai_key_env)
                .unwrap_or_else(|| "OPENROUTER_API_KEY".into()),
            ai_model: args
                .ai_model
                .clone()
                .or(file.ai_model)
                .unwrap_or_else(|| "openai/gpt-4o-mini".into()),
            ai_timeout_secs: args.ai_timeout_secs.or(file.ai_timeout_secs).unwrap_or(45),
            agent_capacity: args.agent_capacity.or(file.agent_capacity).unwrap_or(5),
            broker,
            presence_timeout_secs: args
                .presence_timeout_secs
                .or(file.presence_timeout_secs)
                .unwrap_or(15),
            metrics_token: args
                .metrics_token
                .clone()
                .or(file.metrics_token)
                .filter(|t| !t.trim().is_empty())
                .map(SecretString::from),
            tls,
            trusted_proxies,
            retention_interval_secs: args.retention_interval_secs.unwrap_or(3600).max(1),
            webhook_max_attempts: args
                .webhook_max_attempts
                .or(file.webhook_max_attempts)
                .unwrap_or(10),
            webhook_retry_base_ms: args.webhook_retry_base_ms.unwrap_or(5000).max(1),
            config_file,
        };
        for (name, v) in [
            ("max_body_bytes", cfg.max_body_bytes as u64),
            ("request_timeout_secs", cfg.request_timeout_secs),
            ("access_token_ttl_secs", cfg.access_token_ttl_secs),
            ("refresh_token_ttl_secs", cfg.refresh_token_ttl_secs),
            ("writer_queue", cfg.writer_queue as u64),
            ("heartbeat_secs", cfg.heartbeat_secs),
            ("presence_timeout_secs", cfg.presence_timeout_secs),
            ("webhook_max_attempts", u64::from(cfg.webhook_max_attempts)),
            ("socket_queue", cfg.socket_queue as u64),
            (
                "socket_frames_per_sec",
                u64::from(cfg.socket_frames_per_sec),
            ),
        ] {
            if v == 0 {
                return Err(ConfigError::Invalid {
                    name,
                    reason: "must be greater than 0".into(),
                });
            }
        }
        Ok(cfg)
    }

    /// The configuration as TOML, with secrets redacted, for `chatd config show`.
    pub fn to_redacted_toml(&self) -> String {
        #[derive(Serialize)]
        struct Shown<'a> {
            listen: String,
            data_dir: String,
            database_url: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            public_url: Option<&'a str>,
            log_format: LogFormat,
            log: &'a str,
            max_body_bytes: usize,
            request_timeout_secs: u64,
            access_token_ttl_secs: u64,
            refresh_token_ttl_secs: u64,
            db_busy_timeout_ms: u64,
            db_pool_size: u32,
            writer_queue: usize,
            shutdown_grace_secs: u64,
            durability: Durability,
            heartbeat_secs: u64,
            socket_queue: usize,
            public_rate_per_min: u32,
            socket_frames_per_sec: u32,
            ai_base_url: &'a str,
            ai_key_env: &'a str,
            ai_key_set: bool,
            ai_model: &'a str,
            ai_timeout_secs: u64,
            agent_capacity: u32,
            broker: BrokerKind,
            presence_timeout_secs: u64,
            metrics_token_set: bool,
            webhook_max_attempts: u32,
            #[serde(skip_serializing_if = "Option::is_none")]
            tls_cert: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            tls_key: Option<String>,
            trusted_proxies: Vec<String>,
        }
        let shown = Shown {
            listen: self.listen.to_string(),
            data_dir: self.data_dir.display().to_string(),
            database_url: self.database.redacted(),
            public_url: self.public_url.as_deref(),
            log_format: self.log_format,
            log: &self.log,
            max_body_bytes: self.max_body_bytes,
            request_timeout_secs: self.request_timeout_secs,
            access_token_ttl_secs: self.access_token_ttl_secs,
            refresh_token_ttl_secs: self.refresh_token_ttl_secs,
            db_busy_timeout_ms: self.db_busy_timeout_ms,
            db_pool_size: self.db_pool_size,
            writer_queue: self.writer_queue,
            shutdown_grace_secs: self.shutdown_grace_secs,
            durability: self.durability,
            heartbeat_secs: self.heartbeat_secs,
            socket_queue: self.socket_queue,
            public_rate_per_min: self.public_rate_per_min,
            socket_frames_per_sec: self.socket_frames_per_sec,
            ai_base_url: &self.ai_base_url,
            ai_key_env: &self.ai_key_env,
            ai_key_set: std::env::var_os(&self.ai_key_env).is_some_and(|v| !v.is_empty()),
            ai_model: &self.ai_model,
            ai_timeout_secs: self.ai_timeout_secs,
            agent_capacity: self.agent_capacity,
            broker: self.broker,
            presence_timeout_secs: self.presence_timeout_secs,
            metrics_token_set: self.metrics_token.is_some(),
            webhook_max_attempts: self.webhook_max_attempts,
            tls_cert: self.tls.as_ref().map(|t| t.cert.display().to_string()),
            tls_key: self.tls.as_ref().map(|t| t.key.display().to_string()),
            trusted_proxies: self
                .trusted_proxies
                .iter()
                .map(ToString::to_string)
                .collect(),
        };
        let source = match &self.config_file {
            Some(p) => format!("# config file: {}\n", p.display()),
            None => "# config file: none\n".to_string(),
        };
        source + &toml::to_string(&shown).unwrap_or_default()
    }
}

/// Parses `sqlite://PATH` or `postgres://…`.
pub fn parse_database_url(url: &str) -> Result<Database, ConfigError> {
    if let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    {
        let path = path.split('?').next().unwrap_or(path);
        if path.is_empty() {
            return Err(ConfigError::Invalid {
                name: "database_url",
                reason: "sqlite:// needs a file path".into(),
            });
        }
        return Ok(Database::Sqlite(PathBuf::from(path)));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Database::Postgres(SecretString::from(url.to_string())));
    }
    Err(ConfigError::Invalid {
        name: "database_url",
        reason: format!(
            "{} is neither sqlite://PATH nor postgres://…",
            redact_url(url)
        ),
    })
}

fn load_file(explicit: Option<&Path>) -> Result<(FileSettings, Option<PathBuf>), ConfigError> {
    let (path, must_exist) = match explicit {
        Some(p) => (p.to_path_buf(), true),
        None => match project_dirs() {
            Some(d) => (d.config_dir().join("chatd.toml"), false),
            None => return Ok((FileSettings::default(), None)),
        },
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => {
            return Ok((FileSettings::default(), None));
        }
        Err(e) => {
            return Err(ConfigError::File {
                path: path.display().to_string(),
                reason: e.to_string(),
            });
        }
    };
    let parsed = toml::from_str::<FileSettings>(&text).map_err(|e| ConfigError::File {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok((parsed, Some(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_file_beat_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("chatd.toml");
        std::fs::write(
            &file,
            "listen = \"127.0.0.1:9000\"\nlog = \"debug\"\nmax_body_bytes = 1000\n",
        )
        .unwrap();
        let args = SettingsArgs {
            config: Some(file.clone()),
            listen: Some("127.0.0.1:9100".parse().unwrap()),
            data_dir: Some(dir.path().into()),
            ..Default::default()
        };
        let c = Config::resolve(&args).unwrap();
        assert_eq!(c.listen.port(), 9100);
        assert_eq!(c.log, "debug");
        assert_eq!(c.max_body_bytes, 1000);
        assert_eq!(c.request_timeout_secs, 30);
        assert_eq!(c.config_file.as_deref(), Some(file.as_path()));
    }

    #[test]
    fn unknown_file_keys_and_bad_values_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("chatd.toml");
        std::fs::write(&file, "lisen = \"x\"\n").unwrap();
        let args = SettingsArgs {
            config: Some(file),
            data_dir: Some(dir.path().into()),
            ..Default::default()
        };
        let e = Config::resolve(&args).unwrap_err().to_string();
        assert!(e.contains("lisen"), "{e}");
        let args = SettingsArgs {
            data_dir: Some(dir.path().into()),
            database_url: Some("mysql://u:pw@h/db".into()),
            ..Default::default()
        };
        let e = Config::resolve(&args).unwrap_err().to_string();
        assert!(!e.contains("pw"), "{e}");
    }

    #[test]
    fn tls_and_trusted_proxies_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("chatd.toml");
        std::fs::write(
            &file,
            "tls_cert = \"/etc/c.pem\"\ntls_key = \"/etc/k.pem\"\ntrusted_proxies = [\"10.0.0.0/8\", \"::1\"]\n",
        )
        .unwrap();
        let args = SettingsArgs {
            config: Some(file.clone()),
            data_dir: Some(dir.path().into()),
            ..Default::default()
        };
        let c = Config::resolve(&args).unwrap();
        assert_eq!(
            c.tls,
            Some(TlsFiles {
                cert: "/etc/c.pem".into(),
                key: "/etc/k.pem".into()
            })
        );
        let shown: Vec<String> = c.trusted_proxies.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["10.0.0.0/8", "::1/128"]);
        let flags = SettingsArgs {
            trusted_proxies: vec!["192.168.0.0/16".parse().unwrap()],
            ..args.clone()
        };
        assert_eq!(Config::resolve(&flags).unwrap().trusted_proxies.len(), 1);
        std::fs::write(&file, "tls_cert = \"/etc/c.pem\"\n").unwrap();
        let e = Config::resolve(&args).unwrap_err().to_string();
        assert!(e.contains("tls_key"), "{e}");
        std::fs::write(&file, "trusted_proxies = [\"10.0.0.0/33\"]\n").unwrap();
        let e = Config::resolve(&args).unwrap_err().to_string();
        assert!(e.contains("10.0.0.0/33"), "{e}");
    }

    #[test]
    fn db_pool_size_layers_and_bounds() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("chatd.toml");
        let args = SettingsArgs {
            config: Some(file.clone()),
            data_dir: Some(dir.path().into()),
            ..Default::default()
        };
        std::fs::write(&file, "").unwrap();
        assert_eq!(Config::resolve(&args).unwrap().db_pool_size, 4);
        let pg = SettingsArgs {
            database_url: Some("postgres://chat@db/chat".into()),
            ..args.clone()
        };
        assert_eq!(Config::resolve(&pg).unwrap().db_pool_size, 10);
        std::fs::write(&file, "db_pool_size = 32\n").unwrap();
        assert_eq!(Config::resolve(&pg).unwrap().db_pool_size, 32);
        let flag = SettingsArgs {
            db_pool_size: Some(50),
            ..pg.clone()
        };
        assert_eq!(Config::resolve(&flag).unwrap().db_pool_size, 50);
        assert!(
            Config::resolve(&flag)
                .unwrap()
                .to_redacted_toml()
                .contains("db_pool_size = 50")
        );
        for bad in [0, 1001] {
            let a = SettingsArgs {
                db_pool_size: Some(bad),
                ..pg.clone()
            };
            let e = Config::resolve(&a).unwrap_err().to_string();
            assert!(e.contains("db_pool_size"), "{e}");
        }
    }

    #[test]
    fn show_redacts_postgres_password() {
        let dir = tempfile::tempdir().unwrap();
        let args = SettingsArgs {
            data_dir: Some(dir.path().into()),
            database_url: Some("postgres://chat:s3cret@db:5432/chat".into()),
            config: Some(dir.path().join("none.toml")),
            ..Default::default()
        };
        assert!(
            Config::resolve(&args).is_err(),
            "an explicit missing file is an error"
        );
        let args = SettingsArgs {
            config: None,
            ..args
        };
        let shown = Config::resolve(&args).unwrap().to_redacted_toml();
        assert!(
            shown.contains("postgres://chat:***@db:5432/chat"),
            "{shown}"
        );
        assert!(!shown.contains("s3cret"));
    }
}
