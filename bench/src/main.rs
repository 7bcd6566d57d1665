//! chatbench: an open-loop load generator and delivery checker for chatd.
//!
//! It speaks the wire protocol through `proto`, sends on a fixed schedule and
//! measures delivery latency from the scheduled time (so a slow server
//! cannot slow the generator down and hide its latency), and checks that
//! every message arrives on the other side exactly once and in order.
//! See bench/README.md.

mod actor;
mod checker;
mod report;
mod run;
mod server;

use clap::Parser;
use run::{Plan, Scenario};
use server::{Credentials, INITIAL_ADMIN_EMAIL, OwnServer};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Parser)]
#[command(
    name = "chatbench",
    version,
    about = "Open-loop load generator and delivery checker for chatd",
    long_about = "Open-loop load generator and delivery checker for chatd.\n\n\
        Without --url it starts its own chatd (the release binary next to this one, \
        a temporary data dir, a random port) and stops it at the end. Exits 1 when \
        a message was lost, duplicated or reordered, or not delivered at all."
)]
struct Args {
    /// What to run.
    #[arg(value_enum)]
    scenario: Scenario,
    /// A running chatd (`http://127.0.0.1:8080`); without it the bench starts its own.
    #[arg(long)]
    url: Option<String>,
    /// Another node of the same cluster as --url (repeatable): each
    /// conversation's visitor and agent then connect to different nodes, so
    /// every message crosses between nodes.
    #[arg(long = "node", value_name = "URL", requires = "url")]
    nodes: Vec<String>,
    /// Conversations (steady, reconnect); each has a visitor socket and an agent watching it.
    #[arg(long, default_value_t = 100)]
    conversations: usize,
    /// Messages per second in total, half visitor to agent, half agent to visitor.
    #[arg(long, default_value_t = 1000.0)]
    rate: f64,
    /// Seconds of sending.
    #[arg(long, default_value_t = 10.0)]
    duration: f64,
    /// Visitor sockets to hold open (idle).
    #[arg(long, default_value_t = 1000)]
    sockets: usize,
    /// Print one JSON object instead of a summary.
    #[arg(long)]
    json: bool,
    /// Agent sockets; the conversations are spread over them [default: one per conversation].
    #[arg(long)]
    agent_sockets: Option<usize>,
    /// Reconnect: drop a random socket this often, in milliseconds.
    #[arg(long, default_value_t = 10)]
    drop_every_ms: u64,
    /// Seconds to wait after the schedule for late acks and deliveries.
    #[arg(long, default_value_t = 10.0)]
    drain: f64,
    /// Idle: seconds to hold the sockets before measuring.
    #[arg(long, default_value_t = 5.0)]
    settle: f64,
    /// Resend a message that has had no ack for this many seconds (same client id).
    #[arg(long, default_value_t = 10.0)]
    ack_timeout: f64,
    /// Extra flag for the chatd the bench starts; repeatable (`--server-arg=--durability=process`).
    #[arg(long = "server-arg", allow_hyphen_values = true, value_name = "ARG")]
    server_args: Vec<String>,
    /// The chatd binary to start [default: `chatd` next to this executable].
    #[arg(long, value_name = "PATH")]
    chatd: Option<PathBuf>,
    /// With --url: the server's pid, for the idle scenario's memory figures.
    #[arg(long)]
    server_pid: Option<u32>,
    /// With --url: an admin's API or access token.
    #[arg(long, env = "CHATBENCH_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// With --url: an admin's email (with --password) instead of --token.
    #[arg(long, env = "CHATBENCH_EMAIL")]
    email: Option<String>,
    /// With --url: that admin's password.
    #[arg(long, env = "CHATBENCH_PASSWORD", hide_env_values = true)]
    password: Option<String>,
    /// With --url: use this widget instead of creating a `chatbench` widget.
    #[arg(long)]
    site_key: Option<String>,
    /// Loopback source addresses (127.0.0.2, 127.0.0.3, …) to spread client sockets over.
    #[arg(long, default_value_t = 8)]
    source_ips: usize,
    /// At most this many client sockets per source address.
    #[arg(long, default_value_t = 20_000)]
    sockets_per_ip: usize,
    /// Frames per second each client socket sends at most, to stay under
    /// chatd's per-socket limit (20 by default); 0: no limit.
    #[arg(long, default_value_t = 18.0)]
    socket_frames_per_sec: f64,
    /// Conversations started at once during setup.
    #[arg(long, default_value_t = 32)]
    setup_concurrency: usize,
    /// Seed for the reconnect scenario's random drops [default: random].
    #[arg(long)]
    seed: Option<u64>,
    /// No progress lines on stderr.
    #[arg(long, short)]
    quiet: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    // Tens of thousands of sockets: raise the soft file limit to the hard
    // one (chatd, started from here, inherits it).
    if let Err(e) = rlimit::increase_nofile_limit(u64::MAX) {
        eprintln!("chatbench: cannot raise the open-file limit: {e}");
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("chatbench: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(bench(args)) {
        Ok((report, json)) => {
            if json {
                match serde_json::to_string(&report) {
                    Ok(s) => println!("{s}"),
                    Err(e) => {
                        eprintln!("chatbench: cannot encode the report: {e}");
                        return ExitCode::from(2);
                    }
                }
            } else {
                print!("{}", report.human());
            }
            if report.ok {
                ExitCode::SUCCESS
            } else {
                if json {
                    eprintln!("chatbench: FAILED: {}", report.failures.join("; "));
                }
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("chatbench: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Flags for the chatd the bench starts: the user's, plus the per-IP limit
/// on visitor requests turned off unless the user set it. The bench opens
/// thousands of visitor sockets from a handful of addresses; the limit is
/// for the internet, not for a load test.
fn server_args(user: &[String]) -> Vec<String> {
    let mut args = user.to_vec();
    if !user.iter().any(|a| a.starts_with("--public-rate-per-min")) {
        args.insert(0, "--public-rate-per-min=0".into());
    }
    args
}

async fn bench(args: Args) -> anyhow::Result<(report::Report, bool)> {
    let verbose = !args.quiet;
    let mut own: Option<OwnServer> = None;
    let (url, pid, creds) = match &args.url {
        Some(u) => (
            u.trim_end_matches('/').to_string(),
            args.server_pid,
            Credentials {
                token: args.token.clone(),
                email: args.email.clone(),
                password: args.password.clone(),
                site_key: args.site_key.clone(),
            },
        ),
        None => {
            let chatd = match &args.chatd {
                Some(p) => p.clone(),
                None => server::default_chatd()?,
            };
            if verbose {
                eprintln!("chatbench: starting {}", chatd.display());
            }
            let s = OwnServer::start(&chatd, &server_args(&args.server_args)).await?;
            let creds = Credentials {
                email: Some(INITIAL_ADMIN_EMAIL.into()),
                password: Some(s.admin_password()?),
                ..Credentials::default()
            };
            let r = (s.url.clone(), Some(s.pid), creds);
            if verbose {
                eprintln!("chatbench: chatd {} listening on {}", s.pid, s.url);
            }
            own = Some(s);
            r
        }
    };
    let result = measure(&args, &url, pid, &creds, verbose).await;
    if let Some(mut s) = own {
        if let Some(status) = s.exited() {
            eprintln!(
                "chatbench: chatd exited during the run ({status}); its last lines:\n{}",
                s.log_tail()
            );
        } else if result.is_err() {
            eprintln!("chatbench: chatd's last log lines:\n{}", s.log_tail());
        }
        s.stop().await;
    }
    let mut report = result?;
    report.server = report::ServerInfo {
        url,
        nodes: args.nodes.clone(),
        started_by_bench: args.url.is_none(),
        args: if args.url.is_none() {
            server_args(&args.server_args)
        } else {
            Vec::new()
        },
        pid,
    };
    report.judge();
    Ok((report, args.json))
}

async fn measure(
    args: &Args,
    url: &str,
    pid: Option<u32>,
    creds: &Credentials,
    verbose: bool,
) -> anyhow::Result<report::Report> {
    anyhow::ensure!(args.rate > 0.0, "--rate must be above 0");
    anyhow::ensure!(args.duration >= 0.0, "--duration must not be negative");
    let target = server::prepare(url, creds).await?;
    let conversations = args.conversations.max(1);
    let sockets = match args.scenario {
        Scenario::Idle => args.sockets,
        _ => conversations + args.agent_sockets.unwrap_or(conversations),
    };
    let source_ips = if run::is_loopback_url(url) {
        run::loopback_sources(args.source_ips, sockets, args.sockets_per_ip)
    } else {
        if verbose {
            eprintln!(
                "chatbench: {url} is not a loopback address; not binding client sockets to 127.0.0.x"
            );
        }
        Vec::new()
    };
    let plan = Plan {
        scenario: args.scenario,
        conversations,
        rate: args.rate,
        duration: args.duration,
        sockets: args.sockets,
        agent_sockets: args.agent_sockets.unwrap_or(conversations),
        drop_every: Duration::from_millis(args.drop_every_ms),
        drain: Duration::from_secs_f64(args.drain.max(0.0)),
        settle: Duration::from_secs_f64(args.settle.max(0.0)),
        ack_timeout: Duration::from_secs_f64(args.ack_timeout.max(0.1)),
        frames_per_sec: args.socket_frames_per_sec.max(0.0),
        setup_concurrency: args.setup_concurrency,
        source_ips,
        nodes: args.nodes.clone(),
        seed: args.seed.unwrap_or_else(rand::random),
        verbose,
    };
    match plan.scenario {
        Scenario::Idle => run::idle(&plan, &target, pid).await,
        Scenario::Steady | Scenario::Reconnect => run::traffic(&plan, &target, pid).await,
    }
}
