//! The loop that connects the pure [`App`] to the world: terminal events,
//! network results and the clock become messages; effects go to [`Net`],
//! the bell, timers or the exit; the screen is redrawn from the state.

use crate::app::{App, Effect, Msg};
use crate::net::{Envelope, Net};
use crate::{terminal, ui};
use crossterm::event::{Event, EventStream};
use futures_util::StreamExt;
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::time::Duration;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

/// Messages handled before the screen is redrawn, so a replay of hundreds
/// of messages costs a few frames, not hundreds.
const BATCH: usize = 256;

/// Now, Unix ms.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Why the loop ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Exit {
    /// The agent quit.
    Quit,
    /// SIGTERM or SIGHUP.
    Signal,
}

/// Runs effects; true when the app asked to quit.
fn apply(effects: Vec<Effect>, net: &mut Net, tx: &mpsc::UnboundedSender<Envelope>) -> bool {
    for e in effects {
        match e {
            Effect::Quit => return true,
            Effect::Bell => terminal::bell(),
            Effect::RetryAfter { delay_ms, attempt } => {
                let tx = tx.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(delay_ms)).await;
                    let _ = tx.send(Envelope {
                        socket_id: None,
                        msg: Msg::RetryDue { attempt },
                    });
                });
            }
            other => net.run(other),
        }
    }
    false
}

/// Feeds one envelope to the app unless it belongs to a replaced socket.
fn deliver(app: &mut App, net: &mut Net, env: Envelope) -> Vec<Effect> {
    if let Some(g) = env.socket_id {
        if g != net.socket_id() {
            return Vec::new();
        }
        if matches!(env.msg, Msg::Disconnected { .. }) {
            net.socket_gone();
        }
    }
    app.update(env.msg)
}

fn from_event(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) => Some(Msg::Key(k)),
        Event::Paste(p) => Some(Msg::Paste(p)),
        Event::Resize(width, height) => Some(Msg::Resize { width, height }),
        _ => None,
    }
}

/// Runs the workspace until the agent quits or a signal arrives.
pub async fn run<B: Backend>(
    term: &mut Terminal<B>,
    app: &mut App,
    net: &mut Net,
    rx: &mut mpsc::UnboundedReceiver<Envelope>,
    tx: mpsc::UnboundedSender<Envelope>,
    initial: Vec<Effect>,
) -> anyhow::Result<Exit>
where
    B::Error: Send + Sync + 'static,
{
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut term_sig = signal(SignalKind::terminate())?;
    let mut hup = signal(SignalKind::hangup())?;
    let size = term.size()?;
    app.update(Msg::Resize {
        width: size.width,
        height: size.height,
    });
    if apply(initial, net, &tx) {
        return Ok(Exit::Quit);
    }
    loop {
        term.draw(|f| ui::draw(f, app))?;
        let effects = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(ev)) => match from_event(ev) {
                    Some(m) => app.update(m),
                    None => Vec::new(),
                },
                Some(Err(e)) => return Err(e.into()),
                None => return Ok(Exit::Quit),
            },
            Some(env) = rx.recv() => {
                let mut fx = deliver(app, net, env);
                for _ in 0..BATCH {
                    let Ok(env) = rx.try_recv() else { break };
                    fx.extend(deliver(app, net, env));
                }
                fx
            }
            _ = tick.tick() => app.update(Msg::Tick { now: now_ms() }),
            _ = term_sig.recv() => return Ok(Exit::Signal),
            _ = hup.recv() => return Ok(Exit::Signal),
        };
        if apply(effects, net, &tx) {
            return Ok(Exit::Quit);
        }
    }
}
