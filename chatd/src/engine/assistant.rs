//! The AI assistant's turn: one answer task per conversation at a time,
//! cancelled the moment a human takes over.

use super::hub::{Audience, Outbound};
use super::{Author, Engine, encode, lock};
use crate::ai::{AiError, AiReply, AiRequest};
use crate::store::Transition;
use proto::conversations::{Conversation, Phase};
use proto::frames::ServerFrame;
use proto::widgets::Widget;
use std::sync::Arc;
use tokio::sync::mpsc;
use uuid::Uuid;

/// Messages of history the assistant sees.
const HISTORY: u32 = 50;

impl Engine {
    /// Starts answering the visitor message with `seq`; an answer already
    /// being written for this conversation is dropped for the newer one.
    pub(super) fn spawn_answer(self: &Arc<Self>, conv: Uuid, widget: Arc<Widget>, seq: i64) {
        let engine = Arc::clone(self);
        let task = tokio::spawn(async move {
            engine.answer(conv, &widget, seq).await;
            lock(&engine.ai_tasks).remove(&conv);
        });
        if let Some(old) = lock(&self.ai_tasks).insert(conv, task.abort_handle()) {
            old.abort();
        }
    }

    /// Stops an answer being written (dropping the request cancels it at the provider).
    pub(super) fn cancel_answer(&self, conv: Uuid) {
        if let Some(task) = lock(&self.ai_tasks).remove(&conv) {
            task.abort();
        }
    }

    async fn answer(self: &Arc<Self>, conv: Uuid, widget: &Widget, seq: i64) {
        let history = match self
            .store
            .messages_after(conv, (seq - i64::from(HISTORY)).max(0), HISTORY)
            .await
        {
            Ok(h) => h,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read history for the assistant");
                return;
            }
        };
        let (tx, mut rx) = mpsc::channel::<String>(64);
        let hub = Arc::clone(&self.hub);
        let relay = tokio::spawn(async move {
            while let Some(text) = rx.recv().await {
                let frame = encode(&ServerFrame::AiDelta {
                    conversation_id: conv,
                    text,
                });
                hub.publish(
                    conv,
                    &Outbound::Event {
                        except: None,
                        audience: Audience::All,
                        widget: None,
                        frame,
                    },
                );
            }
        });
        let request = AiRequest {
            settings: widget.settings.clone(),
            history,
        };
        let started = std::time::Instant::now();
        let reply = self.responder.respond(request, tx).await;
        let _ = relay.await;
        crate::metrics::ai_answer(
            match &reply {
                Ok(AiReply::Answer(_)) => "ok",
                Ok(AiReply::Handoff { .. }) => "handoff",
                Err(AiError::Cancelled) => "cancelled",
                Err(_) => "error",
            },
            started.elapsed(),
        );
        // A human may have taken over while the answer was being written.
        if !matches!(self.brief(conv).await.map(|b| b.phase), Ok(Phase::Ai)) {
            return;
        }
        let client_id = format!("ai-{seq}");
        match reply {
            Ok(AiReply::Answer(text)) => {
                lock(&self.ai_failures).remove(&conv);
                if let Err(e) = self.append(conv, &Author::Ai, client_id, text).await {
                    tracing::warn!(error = %e, "cannot store the assistant's answer");
                }
            }
            Ok(AiReply::Handoff { reason, message }) => {
                if let Some(text) = message.filter(|t| !t.trim().is_empty()) {
                    let _ = self.append(conv, &Author::Ai, client_id, text).await;
                }
                let _ = self.escalate(conv, &format!("ai_handoff: {reason}")).await;
            }
            Err(AiError::Cancelled) => {}
            Err(e) => {
                tracing::warn!(error = %e, conversation = %conv, provider = self.responder.name(), "AI reply failed");
                let failures = {
                    let mut f = lock(&self.ai_failures);
                    let n = f.entry(conv).or_insert(0);
                    *n += 1;
                    *n
                };
                // An open breaker means the provider is down for everyone: hand over now.
                if failures >= self.settings.ai_failures_before_handoff || e == AiError::CircuitOpen
                {
                    lock(&self.ai_failures).remove(&conv);
                    let _ = self.escalate(conv, "ai_failed").await;
                } else {
                    let text = "Sorry, I could not answer just now. Please try again, or ask for a person.";
                    let _ = self.append(conv, &Author::Ai, client_id, text.into()).await;
                }
            }
        }
    }

    /// Writes a summary for the agent who will take over, when a model is configured.
    pub(super) fn spawn_summary(self: &Arc<Self>, c: &Conversation) {
        if self.responder.name() == "offline" {
            return;
        }
        let engine = Arc::clone(self);
        let conv = c.id;
        tokio::spawn(async move {
            let Ok(history) = engine.store.messages_after(conv, 0, 200).await else {
                return;
            };
            let Some(summary) = engine.responder.summarize(&history).await else {
                return;
            };
            let t = Transition {
                summary: Some(summary),
                ..Transition::default()
            };
            if let Err(e) = engine.apply(conv, t).await {
                tracing::warn!(error = %e, "cannot store the summary");
            }
        });
    }
}
