//! The AI assistant: a [`Responder`] answers a conversation, streaming token
//! deltas as it goes, or asks for a human.
//!
//! Two implementations: [`openai::OpenAiResponder`] speaks the
//! OpenAI-compatible chat-completions API (OpenRouter by default) when a key
//! is configured; [`faq::FaqResponder`] answers from the widget's FAQ with no
//! network at all otherwise. [`intent`] holds the plain-words checks the
//! engine runs before asking either one.
//!
//! What the engine does with it:
//! - Before `respond`, check [`intent::wants_human`] and the widget's keyword
//!   rules ([`intent::matches_rule`]) on the visitor's message.
//! - Forward each delta as an ephemeral event; persist only the final
//!   [`AiReply::Answer`]. On an error, tell the visitor's widget to drop the
//!   partial text: deltas may have been sent before the error.
//! - Count consecutive errors per conversation where
//!   [`AiError::counts_as_failure`] is true and escalate after N of them (or
//!   at once on [`AiError::CircuitOpen`]).
//! - To cancel (an agent took over mid-stream), drop the `respond` future,
//!   e.g. in a `tokio::select!` with a cancellation token; the HTTP
//!   connection closes and the provider stops generating.

pub mod breaker;
pub mod faq;
pub mod intent;
pub mod openai;
mod text;

use proto::conversations::Message;
use proto::widgets::WidgetSettings;
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

/// What the assistant is asked to answer.
#[derive(Debug, Clone)]
pub struct AiRequest {
    /// The widget's settings: model, prompt, temperature and FAQ.
    pub settings: WidgetSettings,
    /// The conversation so far, oldest first; the last visitor message is the question.
    pub history: Vec<Message>,
}

/// How the assistant answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AiReply {
    /// The full answer text, to be persisted as one AI message.
    Answer(String),
    /// The assistant asks for a human (the model called `handoff_to_human`).
    Handoff {
        /// Why, in the model's words; record it as the escalation reason.
        reason: String,
        /// Text the model wrote before handing off (already streamed as deltas), if any.
        message: Option<String>,
    },
}

/// Why the assistant gave no reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AiError {
    /// The provider did not answer (or went silent) within the configured time.
    #[error("the AI provider timed out")]
    Timeout,
    /// The provider refused or failed: an HTTP status or an error chunk mid-stream.
    #[error("the AI provider failed: {0}")]
    Provider(String),
    /// The provider could not be reached, or the connection broke.
    #[error("cannot reach the AI provider: {0}")]
    Network(String),
    /// The provider sent something that is not the chat-completions format.
    #[error("the AI provider sent an unreadable reply: {0}")]
    Protocol(String),
    /// Recent calls failed; the breaker refuses calls for a while.
    #[error("the AI provider is failing; not calling it for a while")]
    CircuitOpen,
    /// Whoever asked stopped listening (the deltas receiver was dropped).
    #[error("the AI reply was cancelled")]
    Cancelled,
}

impl AiError {
    /// Whether this counts towards "N failed AI replies in a row" (a
    /// cancellation is not the provider's fault).
    pub fn counts_as_failure(&self) -> bool {
        !matches!(self, Self::Cancelled)
    }
}

/// Something that answers conversations: a model provider or the offline FAQ.
#[async_trait::async_trait]
pub trait Responder: Send + Sync + 'static {
    /// Answers the conversation; token deltas go to `deltas` as they arrive (ephemeral). Dropping the future cancels the generation.
    async fn respond(
        &self,
        req: AiRequest,
        deltas: mpsc::Sender<String>,
    ) -> Result<AiReply, AiError>;
    /// A short summary of the conversation for the agent who takes over (None when not available, e.g. offline).
    async fn summarize(&self, history: &[Message]) -> Option<String>;
    /// "openai" or "offline" for logs/metrics.
    fn name(&self) -> &'static str;
}

/// Provider settings; the key comes from the environment variable the config names.
#[derive(Debug, Clone)]
pub struct AiConfig {
    /// Base URL of the OpenAI-compatible API, without `/chat/completions`.
    pub base_url: String,
    /// API key; none selects the offline FAQ responder.
    pub api_key: Option<SecretString>,
    /// Model used when a widget names none (and for summaries).
    pub default_model: String,
    /// System prompt used when a widget has none.
    pub default_system_prompt: String,
    /// Overall budget of one `respond` call, retries and backoff included.
    pub timeout: Duration,
    /// Longest silence allowed before the response headers and between
    /// chunks; keep-alive comments count as traffic.
    pub idle_timeout: Duration,
    /// Retries after a failed attempt, made only before any delta was sent.
    pub max_retries: u32,
    /// First backoff; it doubles per retry (capped at 8 s), with full jitter.
    pub backoff_base: Duration,
    /// Consecutive failed attempts that open the circuit breaker (0: never).
    pub breaker_failures: u32,
    /// How long the open breaker refuses calls before letting a probe through.
    pub breaker_cooldown: Duration,
    /// Budget of one `summarize` call.
    pub summary_timeout: Duration,
    /// `HTTP-Referer` header (OpenRouter's app attribution), if any.
    pub referer: Option<String>,
    /// `X-Title` header (OpenRouter's app name).
    pub title: String,
}

impl Default for AiConfig {
    fn default() -> Self {
        Self {
            base_url: "https://openrouter.ai/api/v1".into(),
            api_key: None,
            default_model: "openai/gpt-4o-mini".into(),
            default_system_prompt: "You are the friendly support assistant of this website. \
                Answer briefly and only with what you know about this business; when you are \
                not sure, say so and offer to connect the visitor with a person."
                .into(),
            timeout: Duration::from_secs(45),
            idle_timeout: Duration::from_secs(15),
            max_retries: 2,
            backoff_base: Duration::from_millis(300),
            breaker_failures: 5,
            breaker_cooldown: Duration::from_secs(30),
            summary_timeout: Duration::from_secs(10),
            referer: None,
            title: "chatd".into(),
        }
    }
}

/// The responder for `cfg`: OpenAI-compatible when it has a key, offline FAQ otherwise.
pub fn responder(cfg: &AiConfig) -> Arc<dyn Responder> {
    use secrecy::ExposeSecret;
    let has_key = cfg
        .api_key
        .as_ref()
        .is_some_and(|k| !k.expose_secret().trim().is_empty());
    if !has_key {
        tracing::info!("no AI provider key configured; answering from widget FAQs");
        return Arc::new(faq::FaqResponder);
    }
    match openai::OpenAiResponder::new(cfg.clone()) {
        Ok(r) => Arc::new(r),
        Err(e) => {
            // Only the HTTP client's TLS setup can fail here; the product
            // still works offline, so degrade loudly instead of refusing to start.
            tracing::error!(error = %e, "cannot build the AI provider client; answering from widget FAQs");
            Arc::new(faq::FaqResponder)
        }
    }
}

/// The text of the last visitor message in `history`, if any.
pub(crate) fn last_visitor_text(history: &[Message]) -> Option<&str> {
    history
        .iter()
        .rev()
        .find(|m| m.sender == proto::conversations::SenderKind::Visitor)
        .map(|m| m.body.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_offline_without_a_key() {
        let mut cfg = AiConfig::default();
        assert_eq!(responder(&cfg).name(), "offline");
        cfg.api_key = Some(SecretString::from("   "));
        assert_eq!(responder(&cfg).name(), "offline");
        cfg.api_key = Some(SecretString::from("sk-test"));
        assert_eq!(responder(&cfg).name(), "openai");
    }

    #[test]
    fn config_debug_hides_the_key() {
        let cfg = AiConfig {
            api_key: Some(SecretString::from("sk-very-secret")),
            ..AiConfig::default()
        };
        assert!(!format!("{cfg:?}").contains("sk-very-secret"));
    }
}
