//! What the engine does with the other nodes' signals, and how it catches
//! up after it may have missed some.

use super::hub::{Audience, Outbound};
use super::{Brief, Engine, encode, lock};
use crate::broker::Signal;
use crate::broker::postgres::Receiver;
use proto::conversations::{ConversationStatus, Message, Phase};
use proto::frames::ServerFrame;
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// Messages read per conversation per signal at most; a longer run is left
/// to the sockets, which fill any gap from the store themselves.
const MAX_READ: i64 = 200;
/// Conversations read in one query at most.
const MAX_RANGES: usize = 1000;

impl Engine {
    /// Applies one signal from node `from` other than `Messages`, which
    /// [`Engine::on_signals`] reads in bulk.
    async fn on_signal(self: &Arc<Self>, from: &str, s: Signal) {
        match s {
            Signal::Messages { .. } => {}
            Signal::Event { c, a, w, f } => self.hub.publish_local(
                c,
                &Outbound::Event {
                    except: None,
                    audience: a,
                    widget: w,
                    frame: f.into(),
                },
            ),
            Signal::Feed { a, w, f } => self.hub.publish_feed_local(&Outbound::Event {
                except: None,
                audience: a,
                widget: w,
                frame: f.into(),
            }),
            Signal::State {
                c,
                w,
                phase,
                status,
            } => {
                self.remember_brief(
                    c,
                    Brief {
                        widget_id: w,
                        phase,
                        status,
                    },
                );
                // An answer this node is still writing is not wanted once
                // the conversation left the AI.
                if phase != Phase::Ai || status == ConversationStatus::Closed {
                    self.cancel_answer(c);
                }
            }
            Signal::Queue { w } => {
                lock(&self.queue_places).retain(|_, (widget, _)| *widget != w);
            }
            Signal::Presence { agents } => {
                let changes = self.roster.node_said(from, agents);
                self.announce_presence(&changes);
            }
            Signal::Members => self.reload_members().await,
            Signal::Widget { w } => {
                lock(&self.widgets).remove(&w);
            }
            Signal::CloseVisitor { c, f } => {
                self.hub
                    .publish_local(c, &Outbound::CloseVisitor { frame: f.into() });
            }
            // Not the engine's: the receiver handles them.
            Signal::Blocks | Signal::Webhooks => {}
            Signal::Hello => self.announce_self(),
            Signal::Resync => self.resync().await,
            Signal::Ping { .. } => {}
        }
    }

    /// Tells the other nodes which agents are connected here.
    fn announce_self(&self) {
        if let Some(relay) = self.hub.relay() {
            relay.send(Signal::Presence {
                agents: self.roster.local_agents(),
            });
        }
    }

    async fn reload_members(&self) {
        match self.store.memberships().await {
            Ok(m) => self.roster.reload_members(m),
            Err(e) => tracing::warn!(error = %e, "cannot reload memberships"),
        }
    }

    /// Applies the signals of one notification in order. The messages of
    /// all its `Messages` signals are read up front in one query (events
    /// such as read receipts sit between them, and a query per message
    /// would leave the listener behind under load), then published where
    /// their signal stands.
    pub async fn on_signals(self: &Arc<Self>, from: &str, signals: Vec<Signal>) {
        let mut ranges = Vec::new();
        for s in &signals {
            if let Signal::Messages { c, first, last } = s {
                self.want_range(&mut ranges, *c, *first, *last);
            }
        }
        let mut fetched: HashMap<Uuid, VecDeque<Message>> = HashMap::new();
        for chunk in ranges.chunks(MAX_RANGES) {
            match self.store.messages_in(chunk).await {
                Ok(messages) => {
                    for m in messages {
                        fetched.entry(m.conversation_id).or_default().push_back(m);
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read another node's messages");
                    self.resync_later();
                }
            }
        }
        let at = std::time::Instant::now();
        for s in signals {
            match s {
                Signal::Messages { c, last, .. } => {
                    let Some(queue) = fetched.get_mut(&c) else {
                        continue;
                    };
                    while queue.front().is_some_and(|m| m.seq <= last) {
                        if let Some(m) = queue.pop_front() {
                            self.publish_remote_message(m, at);
                        }
                    }
                }
                other => self.on_signal(from, other).await,
            }
        }
    }

    fn publish_remote_message(&self, m: Message, at: std::time::Instant) {
        let (conversation_id, seq) = (m.conversation_id, m.seq);
        let frame = encode(&ServerFrame::Message { message: m });
        self.hub.publish_local(
            conversation_id,
            &Outbound::Message {
                conversation_id,
                seq,
                frame,
                at,
            },
        );
    }

    /// Adds a committed range to read, if anyone here listens to `c`. Past
    /// MAX_READ only the newest are read: a socket that sees the gap reads
    /// the rest itself.
    fn want_range(&self, ranges: &mut Vec<(Uuid, i64, i64)>, c: Uuid, first: i64, last: i64) {
        if self.hub.is_watched(c) && last >= first {
            ranges.push((c, first.max(last - MAX_READ + 1), last));
        }
    }

    /// Reads the messages other nodes committed, for this node's sockets;
    /// false if the store failed (the caller decides how to catch up).
    async fn read_ranges(&self, ranges: &[(Uuid, i64, i64)]) -> bool {
        if ranges.is_empty() {
            return true;
        }
        match self.store.messages_in(ranges).await {
            Ok(messages) => {
                let at = std::time::Instant::now();
                for m in messages {
                    self.publish_remote_message(m, at);
                }
                true
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot read another node's messages");
                false
            }
        }
    }

    /// Reads what failed to read once the store may be back: at the
    /// presence keeper's next tick.
    fn resync_later(&self) {
        self.resync_due
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Signals may have been missed (the listening connection dropped, or a
    /// node's queue overflowed): forget what was cached from the other
    /// nodes, and bring every socket here up to date from the store.
    pub async fn resync(self: &Arc<Self>) {
        crate::metrics::resync();
        lock(&self.briefs).clear();
        lock(&self.widgets).clear();
        lock(&self.queue_places).clear();
        self.reload_members().await;
        if let Some(relay) = self.hub.relay() {
            relay.send(Signal::Hello);
        }
        self.announce_self();
        let mut newest = Vec::new();
        for c in self.hub.watched_ids() {
            let conv = match self.store.get_conversation(c).await {
                Ok(conv) => conv,
                Err(e) => {
                    tracing::warn!(error = %e, conversation = %c, "resync: cannot read");
                    continue;
                }
            };
            self.remember(&conv);
            // The newest message: a socket that is behind sees a gap and
            // reads what it missed; one that has it drops it by seq.
            if conv.last_seq > 0 {
                newest.push((c, conv.last_seq, conv.last_seq));
            }
            let agent_name = match conv.assigned_agent_id {
                Some(a) if conv.phase == Phase::Assigned => {
                    self.store.get_user(a).await.ok().map(|u| u.name)
                }
                _ => None,
            };
            let full = Outbound::Event {
                except: None,
                audience: Audience::Agents,
                widget: Some(conv.widget_id),
                frame: encode(&ServerFrame::Conversation {
                    conversation: conv.clone(),
                }),
            };
            self.hub.publish_local(c, &full);
            self.hub.publish_local(
                c,
                &Outbound::Event {
                    except: None,
                    audience: Audience::Visitor,
                    widget: None,
                    frame: encode(&ServerFrame::State {
                        conversation_id: c,
                        status: conv.status,
                        phase: conv.phase,
                        agent_name,
                    }),
                },
            );
        }
        for chunk in newest.chunks(MAX_RANGES) {
            if !self.read_ranges(chunk).await {
                self.resync_later();
            }
        }
    }

    /// Announces this node's agents at a third of the presence timeout and
    /// takes silent nodes' agents offline; runs while the node runs.
    pub fn spawn_presence_keeper(self: &Arc<Self>) {
        if self.hub.relay().is_none() {
            return;
        }
        let engine = Arc::downgrade(self);
        let timeout = self.settings.presence_timeout;
        tokio::spawn(async move {
            let mut tick = tokio::time::interval((timeout / 3).max(Duration::from_millis(100)));
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let Some(engine) = engine.upgrade() else {
                    return;
                };
                engine.announce_self();
                let changes = engine.roster.expire(timeout);
                engine.announce_presence(&changes);
                if engine
                    .resync_due
                    .swap(false, std::sync::atomic::Ordering::Relaxed)
                {
                    engine.resync().await;
                }
            }
        });
    }
}

/// Hands the broker's signals to the engine, and to the blocklist and the
/// webhooks, which live beside it.
pub struct EngineReceiver {
    /// The engine.
    pub engine: Arc<Engine>,
    /// Blocked visitors.
    pub blocks: Arc<crate::lifecycle::blocks::Blocklist>,
    /// Webhook subscriptions.
    pub webhooks: Arc<crate::webhooks::Webhooks>,
}

impl EngineReceiver {
    async fn reload_blocks(&self) {
        if let Err(e) = self.blocks.refresh(self.engine.store.as_ref()).await {
            tracing::warn!(error = %e, "cannot reload the blocklist");
        }
    }

    async fn reload_webhooks(&self) {
        if let Err(e) = self.webhooks.refresh().await {
            tracing::warn!(error = %e, "cannot reload the webhooks");
        }
    }
}

#[async_trait::async_trait]
impl Receiver for EngineReceiver {
    async fn receive(&self, from: &str, signals: Vec<Signal>) {
        let mut engine = Vec::with_capacity(signals.len());
        for s in signals {
            match s {
                Signal::Blocks => self.reload_blocks().await,
                Signal::Webhooks => self.reload_webhooks().await,
                s => engine.push(s),
            }
        }
        self.engine.on_signals(from, engine).await;
    }

    async fn resync(&self) {
        self.engine.resync().await;
        self.reload_blocks().await;
        self.reload_webhooks().await;
    }
}
