//! Widgets: one per website (or team) that embeds the chat.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where the launcher bubble sits on the host page.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum LauncherPosition {
    /// Bottom right corner (the default).
    #[default]
    BottomRight,
    /// Bottom left corner.
    BottomLeft,
}

/// Colors of the widget, as CSS hex colors (`#rrggbb`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Colors {
    /// Launcher, header and visitor bubbles.
    pub primary: String,
    /// Text drawn on the primary color.
    pub on_primary: String,
}

impl Default for Colors {
    fn default() -> Self {
        Self {
            primary: "#2563eb".into(),
            on_primary: "#ffffff".into(),
        }
    }
}

/// Kind of a pre-chat form field.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// Free text.
    #[default]
    Text,
    /// An email address.
    Email,
    /// Several lines of text.
    Textarea,
}

/// One field of the form shown before a chat starts.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrechatField {
    /// Key the answer is stored under, e.g. `email`.
    pub name: String,
    /// Label shown to the visitor.
    pub label: String,
    /// Input kind.
    #[serde(default)]
    pub kind: FieldKind,
    /// Whether the visitor must fill it in.
    #[serde(default)]
    pub required: bool,
}

/// AI assistant settings of a widget.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AiSettings {
    /// Whether new conversations start with the AI assistant.
    pub enabled: bool,
    /// Model name at the provider; none means the server's default.
    #[serde(default)]
    pub model: Option<String>,
    /// System prompt; none means the server's default.
    #[serde(default)]
    pub system_prompt: Option<String>,
    /// Sampling temperature; none means the provider's default.
    #[serde(default)]
    pub temperature: Option<f32>,
}

impl Default for AiSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            model: None,
            system_prompt: None,
            temperature: None,
        }
    }
}

/// A question the assistant can answer without a model.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FaqEntry {
    /// The question, as a visitor might ask it.
    pub question: String,
    /// The answer.
    pub answer: String,
}

/// Everything about a widget that an operator configures.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct WidgetSettings {
    /// Header title shown to visitors.
    pub title: String,
    /// First message a visitor sees.
    pub welcome_message: String,
    /// Colors.
    pub colors: Colors,
    /// Launcher position.
    pub launcher_position: LauncherPosition,
    /// Fields asked before a chat starts (none: no form).
    pub prechat_fields: Vec<PrechatField>,
    /// Origins (`https://example.com`) allowed to embed the widget; `*` allows any.
    /// An empty list allows only chatd's own origin (its `/demo` page).
    pub allowed_origins: Vec<String>,
    /// AI assistant settings.
    pub ai: AiSettings,
    /// FAQ entries the assistant answers from.
    pub faq: Vec<FaqEntry>,
    /// Shown when no agent is online.
    pub offline_message: String,
    /// Hand queued conversations to the least busy online agent under capacity.
    pub auto_assign: bool,
    /// Words or phrases that send a conversation to the queue when a visitor writes them.
    pub handoff_keywords: Vec<String>,
    /// Refuse visitors the website has not vouched for (see `identity` when starting a conversation).
    pub require_verified_identity: bool,
    /// Delete closed conversations idle for more than this many days; none keeps them forever.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<u32>,
}

impl Default for WidgetSettings {
    fn default() -> Self {
        Self {
            title: "Chat with us".into(),
            welcome_message: "Hi! How can we help?".into(),
            colors: Colors::default(),
            launcher_position: LauncherPosition::default(),
            prechat_fields: Vec::new(),
            allowed_origins: Vec::new(),
            ai: AiSettings::default(),
            faq: Vec::new(),
            offline_message:
                "We are away right now. Leave your email and a message and we will get back to you."
                    .into(),
            auto_assign: false,
            handoff_keywords: Vec::new(),
            require_verified_identity: false,
            retention_days: None,
        }
    }
}

/// A widget as the admin API shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Widget {
    /// Stable id.
    pub id: Uuid,
    /// Operator-facing name, unique.
    pub name: String,
    /// Public key the embed snippet carries; rotating it disables the old one.
    pub site_key: String,
    /// Settings.
    #[serde(flatten)]
    pub settings: WidgetSettings,
    /// Creation time, Unix milliseconds.
    pub created_at: i64,
    /// Last change, Unix milliseconds.
    pub updated_at: i64,
}

/// `POST /api/v1/widgets`: a name and any settings that differ from the defaults.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateWidget {
    /// Operator-facing name, unique.
    pub name: String,
    /// Settings that differ from the defaults.
    #[serde(flatten)]
    pub settings: WidgetPatch,
}

/// `PATCH /api/v1/widgets/{id}`: only the fields given change; lists are replaced whole.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WidgetPatch {
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// New welcome message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub welcome_message: Option<String>,
    /// New colors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colors: Option<Colors>,
    /// New launcher position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launcher_position: Option<LauncherPosition>,
    /// New pre-chat form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prechat_fields: Option<Vec<PrechatField>>,
    /// New allowed origins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_origins: Option<Vec<String>>,
    /// New AI settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ai: Option<AiSettings>,
    /// New FAQ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faq: Option<Vec<FaqEntry>>,
    /// New offline message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offline_message: Option<String>,
    /// Turn automatic assignment on or off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_assign: Option<bool>,
    /// New handoff keywords.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoff_keywords: Option<Vec<String>>,
    /// Require (or stop requiring) verified visitors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_verified_identity: Option<bool>,
    /// New retention in days; 0 keeps conversations forever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<u32>,
}

impl WidgetPatch {
    /// Applies the patch to `s`, leaving fields it does not name untouched.
    pub fn apply_to(&self, s: &mut WidgetSettings) {
        let p = self.clone();
        if let Some(v) = p.title {
            s.title = v;
        }
        if let Some(v) = p.welcome_message {
            s.welcome_message = v;
        }
        if let Some(v) = p.colors {
            s.colors = v;
        }
        if let Some(v) = p.launcher_position {
            s.launcher_position = v;
        }
        if let Some(v) = p.prechat_fields {
            s.prechat_fields = v;
        }
        if let Some(v) = p.allowed_origins {
            s.allowed_origins = v;
        }
        if let Some(v) = p.ai {
            s.ai = v;
        }
        if let Some(v) = p.faq {
            s.faq = v;
        }
        if let Some(v) = p.offline_message {
            s.offline_message = v;
        }
        if let Some(v) = p.auto_assign {
            s.auto_assign = v;
        }
        if let Some(v) = p.handoff_keywords {
            s.handoff_keywords = v;
        }
        if let Some(v) = p.require_verified_identity {
            s.require_verified_identity = v;
        }
        if let Some(v) = p.retention_days {
            s.retention_days = (v > 0).then_some(v);
        }
    }
}

/// `GET /api/v1/widgets/{id}/snippet`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Snippet {
    /// The HTML to paste before `</body>`.
    pub html: String,
}

/// `GET /api/v1/public/widgets/{site_key}`: what a visitor's browser may know of a widget.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicWidget {
    /// The site key asked for.
    pub site_key: String,
    /// Header title.
    pub title: String,
    /// First message.
    pub welcome_message: String,
    /// Colors.
    pub colors: Colors,
    /// Launcher position.
    pub launcher_position: LauncherPosition,
    /// Pre-chat form.
    pub prechat_fields: Vec<PrechatField>,
    /// Whether the AI assistant answers first.
    pub ai_enabled: bool,
    /// Shown when no agent is online.
    pub offline_message: String,
    /// Whether visitors must be identified by the website (`Chatd.identify` with a `user_hash`).
    #[serde(default)]
    pub require_verified_identity: bool,
}

impl PublicWidget {
    /// The public view of a widget.
    pub fn from_widget(w: &Widget) -> Self {
        let s = &w.settings;
        Self {
            site_key: w.site_key.clone(),
            title: s.title.clone(),
            welcome_message: s.welcome_message.clone(),
            colors: s.colors.clone(),
            launcher_position: s.launcher_position,
            prechat_fields: s.prechat_fields.clone(),
            ai_enabled: s.ai.enabled,
            offline_message: s.offline_message.clone(),
            require_verified_identity: s.require_verified_identity,
        }
    }
}

/// `GET /api/v1/widgets/{id}/identity-secret`: the key a website signs visitor ids with.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentitySecret {
    /// Hex key; `user_hash` = hex(HMAC-SHA256(key = this string, message = user_id)).
    /// Rotating the site key rotates it too.
    pub identity_secret: String,
}
