//! A typed async client for chatd's HTTP API.

use crate::auth::{
    ApiToken, CreateApiToken, CreateUser, CreatedApiToken, LoginRequest, Me, RefreshRequest,
    TokenPair, UpdateUser, User,
};
use crate::canned::{CannedReply, CannedReplyPatch, CreateCannedReply};
use crate::conversations::{
    Ack, Conversation, ConversationStatus, MarkRead, MessagePage, SendMessage, StartConversation,
    StartedConversation, Typing,
};
use crate::error::{ErrorBody, ErrorCode};
use crate::widgets::{CreateWidget, PublicWidget, Snippet, Widget, WidgetPatch};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

mod webhooks;

/// What can go wrong talking to chatd.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// chatd answered with an error body.
    #[error("{status}: {message} ({code})")]
    Api {
        /// HTTP status.
        status: StatusCode,
        /// Stable error code.
        code: ErrorCode,
        /// chatd's message.
        message: String,
    },
    /// The server could not be reached, or the answer could not be read.
    #[error("cannot reach chatd: {0}")]
    Transport(#[from] reqwest::Error),
    /// The server answered with something that is not chatd's error shape.
    #[error("unexpected answer from server ({status}): {body}")]
    Unexpected {
        /// HTTP status.
        status: StatusCode,
        /// The first part of the body.
        body: String,
    },
}

impl ClientError {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api { status, .. } | Self::Unexpected { status, .. } => Some(*status),
            Self::Transport(e) => e.status(),
        }
    }

    /// The error code, when chatd answered with one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Api { code, .. } => Some(*code),
            _ => None,
        }
    }
}

/// A chatd API client bound to one server and (optionally) one bearer token.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
}

impl Client {
    /// A client for the server at `base` (`http://host:port`), without credentials.
    pub fn new(base: impl Into<String>) -> Self {
        let base = base.into().trim_end_matches('/').to_string();
        Self {
            http: reqwest::Client::new(),
            base,
            token: None,
        }
    }

    /// The same client, sending `token` as `Authorization: Bearer`.
    pub fn with_token(&self, token: impl Into<String>) -> Self {
        Self {
            token: Some(token.into()),
            ..self.clone()
        }
    }

    /// The server's base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The bearer token in use, if any.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// Sends a request and decodes a JSON answer, or chatd's error shape.
    pub async fn request<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, ClientError> {
        let resp = self.send(method, path, body).await?;
        Ok(resp.json::<T>().await?)
    }

    async fn send<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<reqwest::Response, ClientError> {
        let mut req = self.http.request(method, format!("{}{}", self.base, path));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let resp = req.send().await?;
        let status = resp.status();
        if status.is_success() {
            return Ok(resp);
        }
        let text = resp.text().await.unwrap_or_default();
        match serde_json::from_str::<ErrorBody>(&text) {
            Ok(b) => Err(ClientError::Api {
                status,
                code: b.error.code,
                message: b.error.message,
            }),
            Err(_) => Err(ClientError::Unexpected {
                status,
                body: text.chars().take(300).collect(),
            }),
        }
    }

    /// Sends a bodiless request whose answer has no body (204).
    pub async fn request_empty(&self, method: Method, path: &str) -> Result<(), ClientError> {
        self.send::<()>(method, path, None).await?;
        Ok(())
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ClientError> {
        self.request::<(), T>(Method::GET, path, None).await
    }

    async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ClientError> {
        self.request(Method::POST, path, Some(body)).await
    }

    async fn patch<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ClientError> {
        self.request(Method::PATCH, path, Some(body)).await
    }

    async fn delete(&self, path: &str) -> Result<(), ClientError> {
        self.send::<()>(Method::DELETE, path, None).await?;
        Ok(())
    }

    /// `GET /healthz`.
    pub async fn health(&self) -> Result<serde_json::Value, ClientError> {
        self.get("/healthz").await
    }

    /// `POST /api/v1/auth/login`.
    pub async fn login(&self, email: &str, password: &str) -> Result<TokenPair, ClientError> {
        let body = LoginRequest {
            email: email.into(),
            password: password.into(),
        };
        self.post("/api/v1/auth/login", &body).await
    }

    /// `POST /api/v1/auth/refresh`.
    pub async fn refresh(&self, refresh_token: &str) -> Result<TokenPair, ClientError> {
        let body = RefreshRequest {
            refresh_token: refresh_token.into(),
        };
        self.post("/api/v1/auth/refresh", &body).await
    }

    /// `POST /api/v1/auth/logout`: revokes the refresh token.
    pub async fn logout(&self, refresh_token: &str) -> Result<(), ClientError> {
        let body = RefreshRequest {
            refresh_token: refresh_token.into(),
        };
        self.send(Method::POST, "/api/v1/auth/logout", Some(&body))
            .await?;
        Ok(())
    }

    /// `GET /api/v1/me`.
    pub async fn me(&self) -> Result<Me, ClientError> {
        self.get("/api/v1/me").await
    }

    /// `GET /api/v1/users`.
    pub async fn list_users(&self) -> Result<Vec<User>, ClientError> {
        self.get("/api/v1/users").await
    }

    /// `POST /api/v1/users`.
    pub async fn create_user(&self, body: &CreateUser) -> Result<User, ClientError> {
        self.post("/api/v1/users", body).await
    }

    /// `GET /api/v1/users/{id}`.
    pub async fn get_user(&self, id: Uuid) -> Result<User, ClientError> {
        self.get(&format!("/api/v1/users/{id}")).await
    }

    /// `PATCH /api/v1/users/{id}`.
    pub async fn update_user(&self, id: Uuid, body: &UpdateUser) -> Result<User, ClientError> {
        self.patch(&format!("/api/v1/users/{id}"), body).await
    }

    /// `DELETE /api/v1/users/{id}`.
    pub async fn delete_user(&self, id: Uuid) -> Result<(), ClientError> {
        self.delete(&format!("/api/v1/users/{id}")).await
    }

    /// `GET /api/v1/tokens`.
    pub async fn list_tokens(&self) -> Result<Vec<ApiToken>, ClientError> {
        self.get("/api/v1/tokens").await
    }

    /// `POST /api/v1/tokens`.
    pub async fn create_token(
        &self,
        body: &CreateApiToken,
    ) -> Result<CreatedApiToken, ClientError> {
        self.post("/api/v1/tokens", body).await
    }

    /// `DELETE /api/v1/tokens/{id}`: revokes it.
    pub async fn revoke_token(&self, id: Uuid) -> Result<(), ClientError> {
        self.delete(&format!("/api/v1/tokens/{id}")).await
    }

    /// `GET /api/v1/widgets`.
    pub async fn list_widgets(&self) -> Result<Vec<Widget>, ClientError> {
        self.get("/api/v1/widgets").await
    }

    /// `POST /api/v1/widgets`.
    pub async fn create_widget(&self, body: &CreateWidget) -> Result<Widget, ClientError> {
        self.post("/api/v1/widgets", body).await
    }

    /// `GET /api/v1/widgets/{id}`.
    pub async fn get_widget(&self, id: Uuid) -> Result<Widget, ClientError> {
        self.get(&format!("/api/v1/widgets/{id}")).await
    }

    /// `PATCH /api/v1/widgets/{id}`.
    pub async fn update_widget(&self, id: Uuid, body: &WidgetPatch) -> Result<Widget, ClientError> {
        self.patch(&format!("/api/v1/widgets/{id}"), body).await
    }

    /// `DELETE /api/v1/widgets/{id}`.
    pub async fn delete_widget(&self, id: Uuid) -> Result<(), ClientError> {
        self.delete(&format!("/api/v1/widgets/{id}")).await
    }

    /// `POST /api/v1/widgets/{id}/rotate-key`: a new site key; the old one stops working.
    pub async fn rotate_widget_key(&self, id: Uuid) -> Result<Widget, ClientError> {
        self.post(
            &format!("/api/v1/widgets/{id}/rotate-key"),
            &serde_json::json!({}),
        )
        .await
    }

    /// `GET /api/v1/widgets/{id}/snippet`.
    pub async fn widget_snippet(&self, id: Uuid) -> Result<Snippet, ClientError> {
        self.get(&format!("/api/v1/widgets/{id}/snippet")).await
    }

    /// `GET /api/v1/canned`: every canned reply the caller may use; with
    /// `widget_id`, those offered on that widget (its own and the global ones).
    pub async fn list_canned(
        &self,
        widget_id: Option<Uuid>,
    ) -> Result<Vec<CannedReply>, ClientError> {
        match widget_id {
            Some(w) => self.get(&format!("/api/v1/canned?widget_id={w}")).await,
            None => self.get("/api/v1/canned").await,
        }
    }

    /// `POST /api/v1/canned`.
    pub async fn create_canned(
        &self,
        body: &CreateCannedReply,
    ) -> Result<CannedReply, ClientError> {
        self.post("/api/v1/canned", body).await
    }

    /// `GET /api/v1/canned/{id}`.
    pub async fn get_canned(&self, id: Uuid) -> Result<CannedReply, ClientError> {
        self.get(&format!("/api/v1/canned/{id}")).await
    }

    /// `PATCH /api/v1/canned/{id}`.
    pub async fn update_canned(
        &self,
        id: Uuid,
        body: &CannedReplyPatch,
    ) -> Result<CannedReply, ClientError> {
        self.patch(&format!("/api/v1/canned/{id}"), body).await
    }

    /// `DELETE /api/v1/canned/{id}`.
    pub async fn delete_canned(&self, id: Uuid) -> Result<(), ClientError> {
        self.delete(&format!("/api/v1/canned/{id}")).await
    }

    /// `GET /api/v1/public/widgets/{site_key}`.
    pub async fn public_widget(&self, site_key: &str) -> Result<PublicWidget, ClientError> {
        self.get(&format!("/api/v1/public/widgets/{site_key}"))
            .await
    }

    /// A client for the server at `base` that sends its requests through
    /// `http`, so callers can set time limits and a user agent.
    pub fn with_http_client(base: impl Into<String>, http: reqwest::Client) -> Self {
        Self {
            http,
            base: base.into().trim_end_matches('/').to_string(),
            token: None,
        }
    }

    /// `GET /readyz`: answers only when the store reads and commits.
    pub async fn readiness(&self) -> Result<serde_json::Value, ClientError> {
        self.get("/readyz").await
    }

    /// A client for the server at `base` whose connections leave from the
    /// local address `local` (e.g. 127.0.0.2), for load tests that spread
    /// their traffic over several source addresses.
    pub fn with_local_address(
        base: impl Into<String>,
        local: std::net::IpAddr,
    ) -> Result<Self, ClientError> {
        let http = reqwest::Client::builder()
            .local_address(local)
            .tcp_nodelay(true)
            .build()?;
        Ok(Self {
            http,
            ..Self::new(base)
        })
    }

    /// Like `send`, with extra request headers (e.g. the `Origin` a browser sends).
    async fn send_with_headers<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        headers: &[(&str, &str)],
    ) -> Result<reqwest::Response, ClientError> {
        let mut req = self.http.request(method, format!("{}{}", self.base, path));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let resp = req.send().await?;
        let status = resp.status();
        if status.is_success() {
            return Ok(resp);
        }
        let text = resp.text().await.unwrap_or_default();
        match serde_json::from_str::<ErrorBody>(&text) {
            Ok(b) => Err(ClientError::Api {
                status,
                code: b.error.code,
                message: b.error.message,
            }),
            Err(_) => Err(ClientError::Unexpected {
                status,
                body: text.chars().take(300).collect(),
            }),
        }
    }

    /// A POST whose success answer has no body (204).
    async fn post_no_content<B: Serialize + ?Sized>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<(), ClientError> {
        self.send(Method::POST, path, Some(body)).await?;
        Ok(())
    }

    /// `GET /api/v1/public/widgets/{site_key}` as a browser on `origin` asks it.
    pub async fn public_widget_from(
        &self,
        site_key: &str,
        origin: &str,
    ) -> Result<PublicWidget, ClientError> {
        let path = format!("/api/v1/public/widgets/{site_key}");
        let resp = self
            .send_with_headers::<()>(Method::GET, &path, None, &[("origin", origin)])
            .await?;
        Ok(resp.json().await?)
    }

    /// `POST /api/v1/public/conversations`: starts a conversation and returns
    /// the visitor token that is its only key.
    pub async fn start_conversation(
        &self,
        body: &StartConversation,
    ) -> Result<StartedConversation, ClientError> {
        self.post("/api/v1/public/conversations", body).await
    }

    /// [`Self::start_conversation`] with an `Origin` header, as a browser
    /// embedding the widget on `origin` sends it.
    pub async fn start_conversation_from(
        &self,
        body: &StartConversation,
        origin: &str,
    ) -> Result<StartedConversation, ClientError> {
        let resp = self
            .send_with_headers(
                Method::POST,
                "/api/v1/public/conversations",
                Some(body),
                &[("origin", origin)],
            )
            .await?;
        Ok(resp.json().await?)
    }

    /// `POST /api/v1/public/conversations/{id}/messages` (bearer: the visitor token).
    pub async fn visitor_send_message(
        &self,
        conversation_id: Uuid,
        body: &SendMessage,
    ) -> Result<Ack, ClientError> {
        self.post(
            &format!("/api/v1/public/conversations/{conversation_id}/messages"),
            body,
        )
        .await
    }

    /// `GET /api/v1/public/conversations/{id}/messages?after_seq=K&limit=N`
    /// (bearer: the visitor token).
    pub async fn visitor_messages(
        &self,
        conversation_id: Uuid,
        after_seq: i64,
        limit: Option<u32>,
    ) -> Result<MessagePage, ClientError> {
        self.get(&format!(
            "/api/v1/public/conversations/{conversation_id}/messages{}",
            page_query(after_seq, limit)
        ))
        .await
    }

    /// `POST /api/v1/public/conversations/{id}/typing` (bearer: the visitor token).
    pub async fn visitor_typing(&self, conversation_id: Uuid, on: bool) -> Result<(), ClientError> {
        self.post_no_content(
            &format!("/api/v1/public/conversations/{conversation_id}/typing"),
            &Typing { on },
        )
        .await
    }

    /// `POST /api/v1/public/conversations/{id}/read` (bearer: the visitor token).
    pub async fn visitor_read(&self, conversation_id: Uuid, seq: i64) -> Result<(), ClientError> {
        self.post_no_content(
            &format!("/api/v1/public/conversations/{conversation_id}/read"),
            &MarkRead { seq },
        )
        .await
    }

    /// `GET /api/v1/conversations?status=…&limit=…`.
    pub async fn list_conversations(
        &self,
        status: Option<ConversationStatus>,
        limit: Option<u32>,
    ) -> Result<Vec<Conversation>, ClientError> {
        let mut q = Vec::new();
        if let Some(s) = status {
            q.push(format!("status={}", s.as_str()));
        }
        if let Some(l) = limit {
            q.push(format!("limit={l}"));
        }
        let query = if q.is_empty() {
            String::new()
        } else {
            format!("?{}", q.join("&"))
        };
        self.get(&format!("/api/v1/conversations{query}")).await
    }

    /// `GET /api/v1/conversations/{id}`.
    pub async fn get_conversation(&self, id: Uuid) -> Result<Conversation, ClientError> {
        self.get(&format!("/api/v1/conversations/{id}")).await
    }

    /// `GET /api/v1/conversations/{id}/messages?after_seq=K&limit=N`.
    pub async fn conversation_messages(
        &self,
        id: Uuid,
        after_seq: i64,
        limit: Option<u32>,
    ) -> Result<MessagePage, ClientError> {
        self.get(&format!(
            "/api/v1/conversations/{id}/messages{}",
            page_query(after_seq, limit)
        ))
        .await
    }

    /// `POST /api/v1/conversations/{id}/messages`: an agent's message.
    pub async fn send_message(&self, id: Uuid, body: &SendMessage) -> Result<Ack, ClientError> {
        self.post(&format!("/api/v1/conversations/{id}/messages"), body)
            .await
    }

    /// `POST /api/v1/conversations/{id}/read`.
    pub async fn mark_read(&self, id: Uuid, seq: i64) -> Result<(), ClientError> {
        self.post_no_content(
            &format!("/api/v1/conversations/{id}/read"),
            &MarkRead { seq },
        )
        .await
    }

    /// `POST /api/v1/conversations/{id}/typing`.
    pub async fn set_typing(&self, id: Uuid, on: bool) -> Result<(), ClientError> {
        self.post_no_content(
            &format!("/api/v1/conversations/{id}/typing"),
            &Typing { on },
        )
        .await
    }

    /// `POST /api/v1/conversations/{id}/close`.
    pub async fn close_conversation(&self, id: Uuid) -> Result<Conversation, ClientError> {
        self.post(
            &format!("/api/v1/conversations/{id}/close"),
            &serde_json::json!({}),
        )
        .await
    }

    /// `POST /api/v1/conversations/{id}/accept`: first agent wins; 409 otherwise.
    pub async fn accept_conversation(&self, id: Uuid) -> Result<Conversation, ClientError> {
        self.post(
            &format!("/api/v1/conversations/{id}/accept"),
            &serde_json::json!({}),
        )
        .await
    }

    /// `POST /api/v1/conversations/{id}/transfer`.
    pub async fn transfer_conversation(
        &self,
        id: Uuid,
        to_user_id: Uuid,
    ) -> Result<Conversation, ClientError> {
        self.post(
            &format!("/api/v1/conversations/{id}/transfer"),
            &serde_json::json!({ "to_user_id": to_user_id }),
        )
        .await
    }

    /// `POST /api/v1/conversations/{id}/return-to-ai`.
    pub async fn return_to_ai(&self, id: Uuid) -> Result<Conversation, ClientError> {
        self.post(
            &format!("/api/v1/conversations/{id}/return-to-ai"),
            &serde_json::json!({}),
        )
        .await
    }

    /// `GET /api/v1/queue`.
    pub async fn queue(&self) -> Result<Vec<Conversation>, ClientError> {
        self.get("/api/v1/queue").await
    }

    /// `POST /api/v1/public/conversations/{id}/handoff` (visitor token).
    pub async fn visitor_handoff(&self, id: Uuid) -> Result<(), ClientError> {
        self.send(
            Method::POST,
            &format!("/api/v1/public/conversations/{id}/handoff"),
            Some(&serde_json::json!({})),
        )
        .await?;
        Ok(())
    }

    /// `POST /api/v1/public/conversations/{id}/close` (visitor token).
    pub async fn visitor_close(&self, id: Uuid) -> Result<(), ClientError> {
        self.send(
            Method::POST,
            &format!("/api/v1/public/conversations/{id}/close"),
            Some(&serde_json::json!({})),
        )
        .await?;
        Ok(())
    }

    /// `POST /api/v1/public/conversations/{id}/rate` (visitor token).
    pub async fn visitor_rate(
        &self,
        id: Uuid,
        rating: u8,
        comment: Option<&str>,
    ) -> Result<(), ClientError> {
        self.send(
            Method::POST,
            &format!("/api/v1/public/conversations/{id}/rate"),
            Some(&serde_json::json!({ "rating": rating, "comment": comment })),
        )
        .await?;
        Ok(())
    }

    /// `PUT /api/v1/widgets/{id}/members/{user_id}`.
    pub async fn add_widget_member(&self, id: Uuid, user_id: Uuid) -> Result<(), ClientError> {
        self.send(
            Method::PUT,
            &format!("/api/v1/widgets/{id}/members/{user_id}"),
            Some(&serde_json::json!({})),
        )
        .await?;
        Ok(())
    }

    /// `DELETE /api/v1/widgets/{id}/members/{user_id}`.
    pub async fn remove_widget_member(&self, id: Uuid, user_id: Uuid) -> Result<(), ClientError> {
        self.delete(&format!("/api/v1/widgets/{id}/members/{user_id}"))
            .await
    }

    /// `GET /api/v1/stats?from=…&to=…` (Unix ms; defaults: the last 30 days).
    pub async fn stats(
        &self,
        from: Option<i64>,
        to: Option<i64>,
    ) -> Result<crate::stats::Stats, ClientError> {
        let mut q = Vec::new();
        if let Some(f) = from {
            q.push(format!("from={f}"));
        }
        if let Some(t) = to {
            q.push(format!("to={t}"));
        }
        let qs = if q.is_empty() {
            String::new()
        } else {
            format!("?{}", q.join("&"))
        };
        self.get(&format!("/api/v1/stats{qs}")).await
    }

    /// `GET /api/v1/widgets/{id}/identity-secret`.
    pub async fn widget_identity_secret(
        &self,
        id: Uuid,
    ) -> Result<crate::widgets::IdentitySecret, ClientError> {
        self.get(&format!("/api/v1/widgets/{id}/identity-secret"))
            .await
    }

    /// `GET /api/v1/widgets/{id}/members`.
    pub async fn widget_members(&self, id: Uuid) -> Result<Vec<User>, ClientError> {
        self.get(&format!("/api/v1/widgets/{id}/members")).await
    }

    /// `GET /api/v1/conversations` with every filter chatd takes: most
    /// recently updated first; `before` (Unix ms) returns only those updated
    /// before it, for the next page.
    pub async fn list_conversations_filtered(
        &self,
        status: Option<ConversationStatus>,
        phase: Option<crate::conversations::Phase>,
        widget_id: Option<Uuid>,
        agent_id: Option<Uuid>,
        before: Option<i64>,
        limit: Option<u32>,
    ) -> Result<Vec<Conversation>, ClientError> {
        let mut q = Vec::new();
        if let Some(s) = status {
            q.push(format!("status={}", s.as_str()));
        }
        if let Some(p) = phase {
            q.push(format!("phase={}", p.as_str()));
        }
        if let Some(w) = widget_id {
            q.push(format!("widget_id={w}"));
        }
        if let Some(a) = agent_id {
            q.push(format!("agent_id={a}"));
        }
        if let Some(b) = before {
            q.push(format!("before={b}"));
        }
        if let Some(l) = limit {
            q.push(format!("limit={l}"));
        }
        let query = if q.is_empty() {
            String::new()
        } else {
            format!("?{}", q.join("&"))
        };
        self.get(&format!("/api/v1/conversations{query}")).await
    }

    /// `GET /api/v1/conversations/{id}/notes`: its private notes, oldest first.
    pub async fn list_notes(&self, id: Uuid) -> Result<Vec<crate::notes::Note>, ClientError> {
        self.get(&format!("/api/v1/conversations/{id}/notes")).await
    }

    /// `POST /api/v1/conversations/{id}/notes`: adds a private note.
    pub async fn add_note(&self, id: Uuid, body: &str) -> Result<crate::notes::Note, ClientError> {
        let req = crate::notes::CreateNote { body: body.into() };
        self.post(&format!("/api/v1/conversations/{id}/notes"), &req)
            .await
    }

    /// `GET /api/v1/conversations?q=…`: conversations whose messages or
    /// pre-chat answers contain `q` (any case), most recently updated first;
    /// `before` (Unix ms, the last one's `updated_at`) gives the next page.
    pub async fn search_conversations(
        &self,
        q: &str,
        status: Option<ConversationStatus>,
        before: Option<i64>,
        limit: Option<u32>,
    ) -> Result<Vec<Conversation>, ClientError> {
        // Percent-encoded by hand: the text is the agent's, anything goes.
        let mut enc = String::new();
        for b in q.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                enc.push(char::from(b));
            } else {
                enc.push_str(&format!("%{b:02X}"));
            }
        }
        let mut parts = vec![format!("q={enc}")];
        if let Some(s) = status {
            parts.push(format!("status={}", s.as_str()));
        }
        if let Some(b) = before {
            parts.push(format!("before={b}"));
        }
        if let Some(l) = limit {
            parts.push(format!("limit={l}"));
        }
        let query = parts.join("&");
        self.get(&format!("/api/v1/conversations?{query}")).await
    }

    /// `GET /api/v1/stats?from=…&to=…&widget_id=…` (admin): [`Self::stats`]
    /// for one widget when `widget_id` is given. `from` and `to` are Unix ms
    /// (the server's defaults: the last 30 days). `T` is
    /// [`crate::stats::Stats`], or `serde_json::Value` to keep every field
    /// the server sends.
    pub async fn stats_as<T: DeserializeOwned>(
        &self,
        from: Option<i64>,
        to: Option<i64>,
        widget_id: Option<Uuid>,
    ) -> Result<T, ClientError> {
        let mut q = Vec::new();
        if let Some(f) = from {
            q.push(format!("from={f}"));
        }
        if let Some(t) = to {
            q.push(format!("to={t}"));
        }
        if let Some(w) = widget_id {
            q.push(format!("widget_id={w}"));
        }
        let query = if q.is_empty() {
            String::new()
        } else {
            format!("?{}", q.join("&"))
        };
        self.get(&format!("/api/v1/stats{query}")).await
    }
}

/// `?after_seq=K[&limit=N]`.
fn page_query(after_seq: i64, limit: Option<u32>) -> String {
    match limit {
        Some(l) => format!("?after_seq={after_seq}&limit={l}"),
        None => format!("?after_seq={after_seq}"),
    }
}

#[cfg(test)]
mod conversation_tests {
    use super::page_query;

    #[test]
    fn page_queries() {
        assert_eq!(page_query(0, None), "?after_seq=0");
        assert_eq!(page_query(7, Some(50)), "?after_seq=7&limit=50");
    }
}
