//! Escalation, the queue, assignment, and the end of a conversation.

use super::hub::{Audience, Outbound};
use super::{Actor, Author, Engine, EngineError, encode, lock, not_found};
use crate::ai::intent;
use crate::broker::Signal;
use crate::store::Transition;
use proto::auth::Role;
use proto::conversations::{
    Conversation, ConversationStatus, Message, Phase, PresenceStatus, QueuePlace,
};
use proto::frames::ServerFrame;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use uuid::Uuid;

/// Assumed wait per place in line before any real waits were recorded.
const DEFAULT_WAIT_MS: i64 = 120_000;
/// Queue changes of one widget are published at most this often.
const QUEUE_COALESCE: std::time::Duration = std::time::Duration::from_millis(100);

/// The place at index `i` of a queue.
fn place_at(i: usize, per_place_ms: i64, online: u32) -> QueuePlace {
    let position = u32::try_from(i + 1).unwrap_or(u32::MAX);
    let est_ms = u64::try_from(per_place_ms.max(0)).unwrap_or(0) * u64::from(position)
        / u64::from(online.max(1));
    QueuePlace {
        position,
        estimated_wait_secs: est_ms.div_ceil(1000),
        agents_online: online,
    }
}

impl Engine {
    /// Reopens, escalates or answers after a visitor wrote `m`.
    pub(super) async fn after_visitor_message(
        self: &Arc<Self>,
        m: &Message,
    ) -> Result<(), EngineError> {
        let conv = m.conversation_id;
        let mut brief = self.brief(conv).await?;
        if brief.status == ConversationStatus::Closed {
            // A closed conversation comes back to life when the visitor writes again.
            let reopened = self
                .apply(
                    conv,
                    Transition {
                        from_status: Some(ConversationStatus::Closed),
                        status: Some(ConversationStatus::Open),
                        phase: Some(Phase::Ai),
                        agent: Some(None),
                        ..Transition::default()
                    },
                )
                .await?;
            if let Ok(c) = reopened {
                brief.phase = c.phase;
                brief.status = c.status;
            }
        }
        if brief.phase != Phase::Ai {
            return Ok(());
        }
        let widget = self.widget(brief.widget_id).await?;
        let reason = if !widget.settings.ai.enabled {
            Some("no_ai".to_string())
        } else if intent::wants_human(&m.body) {
            Some("visitor_asked".to_string())
        } else {
            intent::matches_rule(&m.body, &widget.settings.handoff_keywords)
                .map(|k| format!("keyword: {k}"))
        };
        match reason {
            Some(r) => self.escalate(conv, &r).await.map(|_| ()),
            None => {
                self.spawn_answer(conv, widget, m.seq);
                Ok(())
            }
        }
    }

    /// Sends a conversation in the AI phase to its widget's queue; records why.
    /// Returns false when it was not with the AI (already queued or assigned).
    pub async fn escalate(self: &Arc<Self>, conv: Uuid, reason: &str) -> Result<bool, EngineError> {
        let applied = self
            .apply(
                conv,
                Transition {
                    from_phases: Some(vec![Phase::Ai]),
                    from_status: Some(ConversationStatus::Open),
                    phase: Some(Phase::Queued),
                    escalate: Some(reason.to_string()),
                    ..Transition::default()
                },
            )
            .await?;
        let Ok(c) = applied else { return Ok(false) };
        self.cancel_answer(conv);
        tracing::info!(conversation = %conv, reason, "escalated to the queue");
        let widget = c.widget_id;
        let text = if self.agents_online_for(widget) == 0 {
            let w = self.widget(widget).await?;
            w.settings.offline_message.clone()
        } else {
            "You are in the queue; a person will be with you shortly.".to_string()
        };
        self.system_message(conv, text).await;
        self.spawn_summary(&c);
        self.queue_changed(widget).await;
        Ok(true)
    }

    /// Takes a queued or AI-handled conversation for `actor`; the first agent wins.
    pub async fn accept(
        self: &Arc<Self>,
        conv: Uuid,
        actor: &Actor,
    ) -> Result<Conversation, EngineError> {
        self.authorize(actor, conv).await?;
        let c = self.take(conv, actor).await?;
        self.queue_changed(c.widget_id).await;
        Ok(c)
    }

    async fn take(
        self: &Arc<Self>,
        conv: Uuid,
        actor: &Actor,
    ) -> Result<Conversation, EngineError> {
        let applied = self
            .apply(
                conv,
                Transition {
                    from_phases: Some(vec![Phase::Ai, Phase::Queued]),
                    from_status: Some(ConversationStatus::Open),
                    phase: Some(Phase::Assigned),
                    agent: Some(Some(actor.id)),
                    ..Transition::default()
                },
            )
            .await?;
        match applied {
            Ok(c) => {
                if let Some(q) = c.queued_at {
                    crate::metrics::queue_wait(crate::store::now_ms() - q);
                }
                // An answer still being written is cancelled: the human has it now.
                self.cancel_answer(conv);
                self.system_message(conv, format!("{} joined the conversation.", actor.name))
                    .await;
                Ok(c)
            }
            Err(c) if c.status == ConversationStatus::Closed => {
                Err(EngineError::Conflict("the conversation is closed".into()))
            }
            Err(c) => {
                let who = match c.assigned_agent_id {
                    Some(a) if a == actor.id => "you".to_string(),
                    Some(a) => self
                        .store
                        .get_user(a)
                        .await
                        .map(|u| u.name)
                        .unwrap_or_else(|_| "another agent".into()),
                    None => "another agent".into(),
                };
                Err(EngineError::Conflict(format!("already taken by {who}")))
            }
        }
    }

    /// Hands an assigned conversation to another agent of its widget.
    pub async fn transfer(
        self: &Arc<Self>,
        conv: Uuid,
        actor: &Actor,
        to: Uuid,
    ) -> Result<Conversation, EngineError> {
        let widget = self.authorize(actor, conv).await?;
        let target = self.store.get_user(to).await.map_err(|e| match e {
            crate::store::StoreError::NotFound => {
                EngineError::Invalid("to_user_id: no such user".into())
            }
            other => other.into(),
        })?;
        if target.disabled || !self.roster.may_work_on(target.id, target.role, widget) {
            return Err(EngineError::Invalid(format!(
                "to_user_id: {} does not work on this widget",
                target.name
            )));
        }
        let applied = self
            .apply(
                conv,
                Transition {
                    from_phases: Some(vec![Phase::Assigned]),
                    from_status: Some(ConversationStatus::Open),
                    agent: Some(Some(to)),
                    ..Transition::default()
                },
            )
            .await?;
        let c = applied.map_err(|_| {
            EngineError::Conflict("only an assigned, open conversation can be transferred".into())
        })?;
        self.system_message(
            conv,
            format!("{} handed the conversation to {}.", actor.name, target.name),
        )
        .await;
        Ok(c)
    }

    /// Gives the conversation back to the AI assistant, which answers the
    /// next visitor message with the whole history.
    pub async fn return_to_ai(
        self: &Arc<Self>,
        conv: Uuid,
        actor: &Actor,
    ) -> Result<Conversation, EngineError> {
        self.authorize(actor, conv).await?;
        let applied = self
            .apply(
                conv,
                Transition {
                    from_phases: Some(vec![Phase::Queued, Phase::Assigned]),
                    from_status: Some(ConversationStatus::Open),
                    phase: Some(Phase::Ai),

                    ..Transition::default()
                },
            )
            .await?;
        let c = applied.map_err(|_| {
            EngineError::Conflict("the conversation is already with the AI or closed".into())
        })?;
        lock(&self.ai_failures).remove(&conv);
        self.system_message(
            conv,
            "You are back with the assistant. Ask for a person at any time.",
        )
        .await;
        self.queue_changed(c.widget_id).await;
        Ok(c)
    }

    /// Closes a conversation (agent or visitor).
    pub async fn close(
        self: &Arc<Self>,
        conv: Uuid,
        actor: Option<&Actor>,
    ) -> Result<Conversation, EngineError> {
        if let Some(a) = actor {
            self.authorize(a, conv).await?;
        }
        let applied = self
            .apply(
                conv,
                Transition {
                    from_status: Some(ConversationStatus::Open),
                    status: Some(ConversationStatus::Closed),
                    ..Transition::default()
                },
            )
            .await?;
        let c = applied
            .map_err(|_| EngineError::Conflict("the conversation is already closed".into()))?;
        self.cancel_answer(conv);
        let by = actor.map_or("the visitor".to_string(), |a| a.name.clone());
        self.system_message(conv, format!("The conversation was closed by {by}."))
            .await;
        if c.phase == Phase::Queued {
            self.queue_changed(c.widget_id).await;
        }
        Ok(c)
    }

    /// The visitor rates a closed conversation (again: the last rating counts).
    pub async fn rate(
        &self,
        conv: Uuid,
        rating: u8,
        comment: Option<String>,
    ) -> Result<Conversation, EngineError> {
        if !(1..=5).contains(&rating) {
            return Err(EngineError::Invalid("rating: must be 1 to 5".into()));
        }
        if comment.as_ref().is_some_and(|c| c.chars().count() > 2000) {
            return Err(EngineError::Invalid(
                "comment: at most 2000 characters".into(),
            ));
        }
        let applied = self
            .apply(
                conv,
                Transition {
                    from_status: Some(ConversationStatus::Closed),
                    rating: Some((rating, comment)),
                    ..Transition::default()
                },
            )
            .await?;
        applied.map_err(|_| EngineError::Conflict("only a closed conversation can be rated".into()))
    }

    /// No agent online: the visitor leaves an email and a message, which wait
    /// in the queue for the next agent.
    pub async fn leave_message(
        self: &Arc<Self>,
        conv: Uuid,
        email: String,
        client_id: String,
        body: String,
    ) -> Result<crate::store::Appended, EngineError> {
        let email = email.trim().to_string();
        if !email.contains('@') || email.len() > 254 {
            return Err(EngineError::Invalid("email: not an email address".into()));
        }
        super::check_send(&client_id, &body)?;
        let brief = self.brief(conv).await?;
        if brief.status == ConversationStatus::Closed {
            self.apply(
                conv,
                Transition {
                    from_status: Some(ConversationStatus::Closed),
                    status: Some(ConversationStatus::Open),
                    phase: Some(Phase::Ai),
                    agent: Some(None),
                    ..Transition::default()
                },
            )
            .await?
            .ok();
        }
        self.apply(
            conv,
            Transition {
                prechat: Some(BTreeMap::from([("email".to_string(), email)])),
                ..Transition::default()
            },
        )
        .await?
        .ok();
        let appended = self.append(conv, &Author::Visitor, client_id, body).await?;
        self.escalate(conv, "offline_message").await?;
        Ok(appended)
    }

    /// Pushes positions and estimates to everyone waiting on `widget`, and
    /// hands out conversations if the widget assigns automatically.
    ///
    /// Changes are coalesced per widget: a burst of joins costs one pass over
    /// the queue per interval, not one per join (which would be quadratic in
    /// the queue's length), and a visitor is sent its place only when it changed.
    pub async fn queue_changed(self: &Arc<Self>, widget: Uuid) {
        if !lock(&self.queue_dirty).insert(widget) {
            return;
        }
        let engine = Arc::clone(self);
        tokio::spawn(async move {
            tokio::time::sleep(QUEUE_COALESCE).await;
            lock(&engine.queue_dirty).remove(&widget);
            if let Err(e) = engine.auto_assign(widget).await {
                tracing::warn!(error = %e, "automatic assignment failed");
            }
            if let Err(e) = engine.publish_queue(widget).await {
                tracing::warn!(error = %e, "cannot publish queue positions");
            }
        });
    }

    async fn publish_queue(&self, widget: Uuid) -> Result<(), EngineError> {
        let queued = self.store.queued(Some(widget)).await?;
        crate::metrics::queue_depth(widget, queued.len());
        let online = self.agents_online_for(widget);
        let per_place_ms = self.per_place_ms(widget).await?;
        let waiting: HashSet<Uuid> = queued.iter().map(|c| c.id).collect();
        let mut changed = Vec::new();
        if let Some(relay) = self.hub.relay() {
            relay.send(Signal::Queue { w: widget });
        }
        {
            let mut published = lock(&self.queue_places);
            published.retain(|id, (w, _)| *w != widget || waiting.contains(id));
            for (i, c) in queued.iter().enumerate() {
                let place = place_at(i, per_place_ms, online);
                if published.get(&c.id).is_some_and(|(_, p)| *p == place) {
                    continue;
                }
                published.insert(c.id, (widget, place.clone()));
                changed.push((c.id, place));
            }
        }
        for (id, place) in changed {
            let frame = encode(&ServerFrame::Queue {
                conversation_id: id,
                place,
            });
            self.hub.publish(
                id,
                &Outbound::Event {
                    except: None,
                    audience: Audience::All,
                    widget: Some(widget),
                    frame,
                },
            );
        }
        Ok(())
    }

    /// Milliseconds of waiting per place in line: the average of recent real waits.
    async fn per_place_ms(&self, widget: Uuid) -> Result<i64, EngineError> {
        let waits = self.store.recent_waits(widget, 20).await?;
        Ok(if waits.is_empty() {
            DEFAULT_WAIT_MS
        } else {
            waits.iter().sum::<i64>() / i64::try_from(waits.len()).unwrap_or(1)
        })
    }

    /// The place of one queued conversation now (for a visitor who just connected).
    pub async fn queue_place(&self, conv: Uuid) -> Result<Option<QueuePlace>, EngineError> {
        let widget = self.widget_of(conv).await?;
        let queued = self.store.queued(Some(widget)).await?;
        let Some(i) = queued.iter().position(|c| c.id == conv) else {
            return Ok(None);
        };
        let per = self.per_place_ms(widget).await?;
        Ok(Some(place_at(i, per, self.agents_online_for(widget))))
    }

    /// Gives queued conversations to the least busy online agents under capacity.
    async fn auto_assign(self: &Arc<Self>, widget: Uuid) -> Result<(), EngineError> {
        let w = self.widget(widget).await?;
        if !w.settings.auto_assign {
            return Ok(());
        }
        // One assignment round at a time, so two rounds cannot both see the
        // same agent under capacity and overfill them.
        let _round = self.assigning.lock().await;
        let mut loads: HashMap<Uuid, u32> = self.store.agent_loads().await?.into_iter().collect();
        for c in self.store.queued(Some(widget)).await? {
            let candidate = self
                .roster
                .online_for(widget)
                .into_iter()
                .map(|a| (loads.get(&a).copied().unwrap_or(0), a))
                .filter(|(load, _)| *load < self.settings.agent_capacity)
                .min();
            let Some((_, agent)) = candidate else { break };
            let user = self.store.get_user(agent).await.map_err(not_found)?;
            let actor = Actor {
                id: user.id,
                name: user.name,
                role: user.role,
            };
            if self.take(c.id, &actor).await.is_ok() {
                *loads.entry(agent).or_default() += 1;
                tracing::info!(conversation = %c.id, agent = %agent, "assigned automatically");
            }
        }
        Ok(())
    }

    /// An agent's presence on this node changed: tell this node's agents and
    /// the other nodes, refresh every queue (which may assign).
    pub async fn presence_changed(self: &Arc<Self>, user: Uuid) {
        let changes = self.roster.settle([user]);
        self.announce_presence(&changes);
        if let Some(relay) = self.hub.relay() {
            relay.send(Signal::Presence {
                agents: self.roster.local_agents(),
            });
        }
        if changes.is_empty() {
            return;
        }
        let widgets: std::collections::BTreeSet<Uuid> = match self.store.queued(None).await {
            Ok(q) => q.iter().map(|c| c.widget_id).collect(),
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the queue");
                return;
            }
        };
        for w in widgets {
            self.queue_changed(w).await;
        }
    }

    /// Tells this node's agents about presence changes. Every node announces
    /// to its own agents from its own view of the cluster, so the frames are
    /// never relayed.
    pub(super) fn announce_presence(&self, changes: &[(Uuid, PresenceStatus)]) {
        for (user, status) in changes {
            let frame = encode(&ServerFrame::AgentPresence {
                user_id: *user,
                status: *status,
            });
            self.hub.publish_feed_local(&Outbound::Event {
                except: None,
                audience: Audience::Agents,
                widget: None,
                frame,
            });
        }
    }

    /// Adds or removes a widget member.
    pub async fn set_member(
        self: &Arc<Self>,
        widget: Uuid,
        user: Uuid,
        member: bool,
    ) -> Result<bool, EngineError> {
        let changed = self.store.set_member(widget, user, member).await?;
        self.roster.set_member(widget, user, member);
        if let Some(relay) = self.hub.relay() {
            relay.send(Signal::Members);
        }
        if member {
            self.queue_changed(widget).await;
        }
        Ok(changed)
    }

    /// Whether an agent may see events of `widget`.
    pub fn sees_widget(&self, user: Uuid, role: Role, widget: Uuid) -> bool {
        self.roster.may_work_on(user, role, widget)
    }
}
