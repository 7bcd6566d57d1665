//! chatd: a self-hosted live-chat daemon.
//!
//! The binary is a thin shell around [`serve`], which takes an already bound
//! listener and a shutdown future so tests and embedders control both.
#![forbid(unsafe_code)]

pub mod ai;
pub mod app;
pub mod auth;
pub mod bootstrap;
pub mod broker;
pub mod config;
pub mod engine;
pub mod http;
pub mod lifecycle;
pub mod logging;
pub mod metrics;
pub mod store;
pub mod tls;
pub mod transfer;
pub mod webhooks;
pub mod ws;

use app::AppState;
use auth::jwt::JwtKeys;
use auth::password::Passwords;
use config::{Config, Database};
use engine::Engine;
use engine::hub::Hub;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use store::{CommitSink, Store};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// Opens the configured store, applying migrations; `sink` hears of commits.
pub async fn open_store(
    config: &Config,
    sink: Arc<dyn CommitSink>,
) -> anyhow::Result<Arc<dyn Store>> {
    match &config.database {
        Database::Sqlite(path) => {
            let mut opts = store::sqlite::SqliteOptions::new(path.clone());
            opts.busy_timeout = Duration::from_millis(config.db_busy_timeout_ms);
            opts.writer_queue = config.writer_queue;
            opts.readers = config.db_pool_size;
            opts.fsync = config.durability == config::Durability::Disk;
            let s = store::sqlite::open(&opts, sink)
                .await
                .map_err(|e| anyhow::anyhow!("cannot open database {}: {e}", path.display()))?;
            Ok(Arc::new(s))
        }
        Database::Postgres(url) => {
            use secrecy::ExposeSecret;
            // Every node opens this many: nodes × pool size must stay under
            // the server's max_connections.
            let opts = store::postgres::PgOptions {
                max_connections: config.db_pool_size,
                ..store::postgres::PgOptions::default()
            };
            let s = store::postgres::open(url.expose_secret(), &opts, sink)
                .await
                .map_err(|e| {
                    anyhow::anyhow!("cannot open database {}: {e}", config.database.redacted())
                })?;
            Ok(Arc::new(s))
        }
    }
}

/// The configured broker; the Postgres one also as itself, to start
/// listening once the engine exists.
async fn open_broker(
    config: &Config,
) -> anyhow::Result<(
    Arc<dyn broker::Broker>,
    Option<Arc<broker::postgres::PgBroker>>,
)> {
    match (&config.broker, &config.database) {
        (config::BrokerKind::Postgres, Database::Postgres(url)) => {
            use secrecy::ExposeSecret;
            let pg = broker::postgres::PgBroker::connect(url.expose_secret(), broker::node_name())
                .await
                .map_err(|e| anyhow::anyhow!("cannot start the Postgres broker: {e}"))?;
            tracing::info!(
                node = broker::Broker::node(pg.as_ref()),
                "several nodes may share this database: broker on"
            );
            Ok((Arc::clone(&pg) as Arc<dyn broker::Broker>, Some(pg)))
        }
        _ => Ok((Arc::new(broker::LocalBroker), None)),
    }
}

/// Builds the application state: store, keys, first-run content.
pub async fn build_state(config: Config) -> anyhow::Result<AppState> {
    std::fs::create_dir_all(&config.data_dir).map_err(|e| {
        anyhow::anyhow!("cannot create data dir {}: {e}", config.data_dir.display())
    })?;
    // Before anything registers a metric: handles made earlier record nothing.
    metrics::install();
    let hub = Arc::new(Hub::new(config.socket_queue));
    let store = open_store(&config, Arc::clone(&hub) as Arc<dyn CommitSink>).await?;
    let (broker, pg_broker) = open_broker(&config).await?;
    hub.set_relay(Arc::clone(&broker));
    let jwt = JwtKeys::load_or_create(&config.data_dir)?;
    let passwords = Passwords::new(2);
    bootstrap::first_run(store.as_ref(), &passwords, &config.data_dir).await?;
    let epoch: Arc<str> = store.epoch().await?.into();
    let ip_limiter = http::ratelimit::IpLimiter::new(
        config.public_rate_per_min,
        config.public_rate_per_min.div_ceil(2),
    );
    let ws = ws::WsSettings {
        heartbeat_secs: config.heartbeat_secs,
        frames_per_sec: f64::from(config.socket_frames_per_sec),
        frame_burst: f64::from(config.socket_frames_per_sec) * 2.0,
        ..ws::WsSettings::default()
    };
    let ai = ai::AiConfig {
        base_url: config.ai_base_url.clone(),
        api_key: std::env::var(&config.ai_key_env)
            .ok()
            .filter(|k| !k.trim().is_empty())
            .map(secrecy::SecretString::from),
        default_model: config.ai_model.clone(),
        timeout: Duration::from_secs(config.ai_timeout_secs),
        referer: config.public_url.clone(),
        ..ai::AiConfig::default()
    };
    let webhooks = webhooks::Webhooks::start(
        Arc::clone(&store),
        webhooks::WebhookSettings {
            retry_base: Duration::from_millis(config.webhook_retry_base_ms),
            max_attempts: config.webhook_max_attempts,
            ..webhooks::WebhookSettings::default()
        },
    )
    .await?;
    let engine = Engine::new(
        Arc::clone(&store),
        hub,
        ai::responder(&ai),
        engine::EngineSettings {
            agent_capacity: config.agent_capacity,
            presence_timeout: Duration::from_secs(config.presence_timeout_secs),
            webhooks: webhooks.emitter(),
            ..engine::EngineSettings::default()
        },
    )
    .await?;
    let blocks = Arc::new(lifecycle::blocks::Blocklist::load(store.as_ref()).await?);
    if let Some(pg) = pg_broker {
        pg.listen(Arc::new(engine::remote::EngineReceiver {
            engine: Arc::clone(&engine),
            blocks: Arc::clone(&blocks),
            webhooks: Arc::clone(&webhooks),
        }))
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen for the other nodes: {e}"))?;
        // Whoever is already up tells us who is online.
        broker.send(broker::Signal::Hello);
    }
    engine.spawn_presence_keeper();
    Ok(AppState {
        engine,
        store,
        broker,
        epoch,
        jwt,
        passwords,
        config: Arc::new(config),
        ip_limiter,
        ws,
        blocks,
        webhooks,
        shutdown: CancellationToken::new(),
        tracker: TaskTracker::new(),
    })
}

/// Serves `state` on `listener` until `shutdown` resolves, then drains open
/// requests (up to the configured grace period) and commits queued writes.
/// Speaks TLS when the configuration names a certificate.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let certs = load_tls(&state.config)?;
    serve_with_tls(state, listener, certs, shutdown).await
}

/// Reads the configured TLS certificate and key, if any: call it before
/// anything else at startup so a bad file stops chatd at once.
pub fn load_tls(config: &Config) -> anyhow::Result<Option<Arc<tls::Certs>>> {
    match &config.tls {
        Some(files) => Ok(Some(tls::Certs::load(files)?)),
        None => Ok(None),
    }
}

/// [`serve`] with the certificate already loaded (`None`: plain HTTP).
pub async fn serve_with_tls(
    state: AppState,
    listener: TcpListener,
    certs: Option<Arc<tls::Certs>>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let addr = listener.local_addr()?;
    let grace = Duration::from_secs(state.config.shutdown_grace_secs);
    let store = Arc::clone(&state.store);
    let webhooks = Arc::clone(&state.webhooks);
    let sockets = state.shutdown.clone();
    let tracker = state.tracker.clone();
    let tls_config = certs.as_ref().map(tls::Certs::server_config).transpose()?;
    // Installed before "listening on" is logged, like the shutdown handlers.
    tokio::spawn(tls::reload_on_sighup(certs, sockets.clone()));
    lifecycle::spawn_jobs(&state);
    let app = http::router(state);
    let (stopped_tx, stopped_rx) = tokio::sync::oneshot::channel::<()>();
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let graceful = async move {
        shutdown.await;
        // axum does not wait for upgraded sockets or event streams
        // (tokio-rs/axum#3003): tell them to close with 1001 ourselves.
        sockets.cancel();
        let _ = stopped_tx.send(());
    };
    let server: std::pin::Pin<Box<dyn Future<Output = std::io::Result<()>> + Send>> =
        match tls_config {
            None => {
                tracing::info!("listening on http://{addr}");
                // Chat frames are small and latency matters: without
                // TCP_NODELAY, Nagle and delayed ACKs hold a reply back
                // ~40 ms on every round trip.
                let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
                    if let Err(e) = tcp.set_nodelay(true) {
                        tracing::debug!(error = %e, "cannot set TCP_NODELAY");
                    }
                });
                Box::pin(
                    axum::serve(listener, app)
                        .with_graceful_shutdown(graceful)
                        .into_future(),
                )
            }
            Some(config) => {
                tracing::info!("listening on https://{addr}");
                // The no-op tap gives the listener axum's ConnectInfo support.
                let listener = axum::serve::ListenerExt::tap_io(
                    tls::TlsListener::new(listener, config),
                    |_| {},
                );
                Box::pin(
                    axum::serve(listener, app)
                        .with_graceful_shutdown(graceful)
                        .into_future(),
                )
            }
        };
    let drained = async {
        let _ = stopped_rx.await;
        tracing::info!("shutting down; draining open requests");
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        r = server => r?,
        () = drained => tracing::warn!("requests still open after the grace period; closing them"),
    }
    tracker.close();
    if tokio::time::timeout(grace, tracker.wait()).await.is_err() {
        tracing::warn!("sockets still open after the grace period; closing them");
    }
    // Sockets are closed: no more events come; write the last ones out.
    webhooks.shutdown().await;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves when the process gets SIGTERM or SIGINT.
///
/// The handlers are installed by this call, not when the future is first
/// polled: otherwise a SIGTERM sent right after "listening on" is logged (but
/// before the server polls the future) kills the process with the default
/// action instead of shutting it down gracefully.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    use tokio::signal::unix::{Signal, SignalKind, signal};
    let install = |kind: SignalKind, name: &str| match signal(kind) {
        Ok(s) => Some(s),
        Err(e) => {
            tracing::error!(error = %e, "cannot listen for {name}");
            None
        }
    };
    let mut term = install(SignalKind::terminate(), "SIGTERM");
    let mut int = install(SignalKind::interrupt(), "SIGINT");
    async fn received(s: Option<&mut Signal>) {
        match s {
            Some(s) => {
                s.recv().await;
            }
            None => std::future::pending::<()>().await,
        }
    }
    async move {
        tokio::select! {
            () = received(term.as_mut()) => {},
            () = received(int.as_mut()) => {},
        }
    }
}
