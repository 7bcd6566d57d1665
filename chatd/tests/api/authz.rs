//! The authorization matrix: every route of `/openapi.json` (read from the
//! running server, so a new route fails this test until it is classified
//! below) and the socket commands, called by every kind of caller, each
//! answer checked against what the route's class allows. No caller gets a
//! 2xx it should not get, and every refusal is 401 (who are you?) or 403
//! (you may not), never the other way round.

use crate::harness::{TestApp, spawn_app_with};
use base64::Engine;
use chatd::auth::jwt::Claims;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use proto::Client;
use proto::ErrorCode;
use proto::auth::{CreateApiToken, CreateUser, Role, User};
use proto::canned::CreateCannedReply;
use proto::conversations::StartConversation;
use proto::frames::{ClientFrame, ServerFrame, close};
use proto::widgets::{CreateWidget, Widget};
use proto::ws::{AgentSocket, VisitorSocket};
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use uuid::Uuid;

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    /// No credentials.
    Anonymous,
    /// The visitor token of another conversation than the one in the path.
    OtherVisitor,
    /// The visitor token of the conversation in the path.
    OwnVisitor,
    /// An agent's access token; the agent is a member of no widget.
    Agent,
    /// An agent's access token; the agent works on the conversations' widget.
    MemberAgent,
    /// The admin's access token.
    Admin,
    /// An admin-role API token.
    AdminApiToken,
    /// An admin-role API token that was revoked.
    RevokedApiToken,
    /// The admin's access token, expired (signed with the server's own key).
    ExpiredJwt,
    /// The admin's access token with its signature changed.
    TamperedJwt,
}

const CALLERS: [Who; 10] = [
    Who::Anonymous,
    Who::OtherVisitor,
    Who::OwnVisitor,
    Who::Agent,
    Who::MemberAgent,
    Who::Admin,
    Who::AdminApiToken,
    Who::RevokedApiToken,
    Who::ExpiredJwt,
    Who::TamperedJwt,
];

/// What a route lets through.
#[derive(Debug, Clone, Copy)]
enum Class {
    /// Credentials play no part: every caller gets this status.
    Open(u16),
    /// The conversation's visitor token, and nothing else.
    Visitor(u16),
    /// Any signed-in user. `scoped`: agents only on their widgets' things.
    Staff { ok: u16, scoped: bool },
    /// Admins only.
    Admin(u16),
}

impl Class {
    fn expect(self, who: Who) -> u16 {
        let signed_in = matches!(
            who,
            Who::Agent | Who::MemberAgent | Who::Admin | Who::AdminApiToken
        );
        let admin = matches!(who, Who::Admin | Who::AdminApiToken);
        match self {
            Self::Open(s) => s,
            Self::Visitor(s) => match who {
                Who::OwnVisitor => s,
                Who::OtherVisitor => 403,
                _ => 401,
            },
            Self::Staff { .. } | Self::Admin(_) if !signed_in => 401,
            Self::Staff { ok, scoped } => {
                if scoped && who == Who::Agent {
                    403
                } else {
                    ok
                }
            }
            Self::Admin(s) => {
                if admin {
                    s
                } else {
                    403
                }
            }
        }
    }
}

/// Every documented route, by method and path as `/openapi.json` spells it.
/// A route missing here fails the test: decide who may call it, add it.
fn classify(method: &str, path: &str) -> Option<Class> {
    use Class::{Admin, Open, Staff, Visitor};
    let staff = |ok| Staff { ok, scoped: false };
    let scoped = |ok| Staff { ok, scoped: true };
    Some(match (method, path) {
        // /metrics: loopback callers (this test) without --metrics-token.
        ("GET", "/healthz" | "/readyz" | "/metrics") => Open(200),
        ("POST", "/api/v1/auth/login" | "/api/v1/auth/refresh") => Open(200),
        ("POST", "/api/v1/auth/logout") => Open(204),
        ("GET", "/api/v1/public/widgets/{site_key}") => Open(200),
        ("POST", "/api/v1/public/conversations") => Open(201),

        ("GET" | "POST", "/api/v1/public/conversations/{id}/messages") => Visitor(200),
        ("POST", "/api/v1/public/conversations/{id}/leave-message") => Visitor(200),
        (
            "POST",
            "/api/v1/public/conversations/{id}/typing"
            | "/api/v1/public/conversations/{id}/read"
            | "/api/v1/public/conversations/{id}/handoff"
            | "/api/v1/public/conversations/{id}/rate"
            | "/api/v1/public/conversations/{id}/close",
        ) => Visitor(204),

        ("GET", "/api/v1/me" | "/api/v1/conversations" | "/api/v1/queue") => staff(200),
        ("GET", "/api/v1/canned") => staff(200),
        ("GET", "/api/v1/canned/{id}") => scoped(200),
        ("GET", "/api/v1/conversations/{id}" | "/api/v1/conversations/{id}/messages") => {
            scoped(200)
        }
        (
            "POST",
            "/api/v1/conversations/{id}/messages"
            | "/api/v1/conversations/{id}/close"
            | "/api/v1/conversations/{id}/accept"
            | "/api/v1/conversations/{id}/transfer"
            | "/api/v1/conversations/{id}/return-to-ai",
        ) => scoped(200),
        ("POST", "/api/v1/conversations/{id}/read" | "/api/v1/conversations/{id}/typing") => {
            scoped(204)
        }

        ("GET", "/api/v1/users" | "/api/v1/tokens" | "/api/v1/widgets" | "/api/v1/stats") => {
            Admin(200)
        }
        ("POST", "/api/v1/users" | "/api/v1/tokens" | "/api/v1/widgets" | "/api/v1/canned") => {
            Admin(201)
        }
        ("GET", "/api/v1/users/{id}" | "/api/v1/widgets/{id}") => Admin(200),
        ("PATCH", "/api/v1/users/{id}" | "/api/v1/widgets/{id}" | "/api/v1/canned/{id}") => {
            Admin(200)
        }
        (
            "DELETE",
            "/api/v1/users/{id}"
            | "/api/v1/tokens/{id}"
            | "/api/v1/widgets/{id}"
            | "/api/v1/canned/{id}"
            | "/api/v1/widgets/{id}/members/{user_id}",
        ) => Admin(204),
        ("PUT", "/api/v1/widgets/{id}/members/{user_id}") => Admin(204),
        ("POST", "/api/v1/widgets/{id}/rotate-key") => Admin(200),
        (
            "GET",
            "/api/v1/widgets/{id}/snippet"
            | "/api/v1/widgets/{id}/identity-secret"
            | "/api/v1/widgets/{id}/members",
        ) => Admin(200),
        ("GET", "/api/v1/webhooks" | "/api/v1/webhook-deliveries") => Admin(200),
        ("POST", "/api/v1/webhooks") => Admin(201),
        ("GET", "/api/v1/webhooks/{id}" | "/api/v1/webhook-deliveries/{id}") => Admin(200),
        ("DELETE", "/api/v1/webhooks/{id}") => Admin(204),
        ("POST", "/api/v1/webhooks/{id}/test" | "/api/v1/webhook-deliveries/{id}/replay") => {
            Admin(202)
        }
        ("GET", "/api/v1/conversations/{id}/notes") => scoped(200),
        ("POST", "/api/v1/conversations/{id}/notes") => scoped(201),
        ("POST", "/api/v1/conversations/{id}/block") => scoped(201),
        ("GET", "/api/v1/blocks") => staff(200),
        ("DELETE", "/api/v1/blocks/{id}") => scoped(204),
        ("GET", "/api/v1/audit" | "/api/v1/visitors/{visitor_id}/export") => Admin(200),
        ("DELETE", "/api/v1/visitors/{visitor_id}") => Admin(200),
        _ => return None,
    })
}

/// A started conversation and its visitor token.
#[derive(Debug, Clone)]
struct Conv {
    id: Uuid,
    token: String,
}

/// The callers' credentials and what the routes act on.
struct World {
    admin: Client,
    member: User,
    member_password: String,
    /// Tokens by caller (none for the visitors and the anonymous caller).
    tokens: BTreeMap<Who, String>,
    /// The demo widget, which the member agent works on.
    widget: Widget,
    /// The conversation whose token `OtherVisitor` holds.
    other: Conv,
}

static TAG: AtomicUsize = AtomicUsize::new(1);

fn tag() -> usize {
    TAG.fetch_add(1, Ordering::Relaxed)
}

/// A request ready to send: the path with its ids filled in, the body, and
/// the conversation whose visitor `OwnVisitor` is.
struct Prepared {
    path: String,
    body: Option<Value>,
    own: Option<Conv>,
}

/// An access token for `claims`, signed with this server's own key (read
/// from its data dir): a forged token that differs from a real one only in
/// what the claims say.
fn sign_with_server_key(app: &TestApp, claims: &Claims) -> String {
    let text = std::fs::read_to_string(app.data_dir().join("jwt.key")).unwrap();
    let secret = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .unwrap();
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(&secret),
    )
    .unwrap()
}

fn unix_now() -> u64 {
    chatd::auth::jwt::unix_now()
}

async fn start(app: &TestApp, w: &World) -> Conv {
    let s = app
        .client()
        .start_conversation(&StartConversation {
            site_key: w.widget.site_key.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    Conv {
        id: s.conversation_id,
        token: s.visitor_token,
    }
}

async fn new_user(w: &World, role: Role) -> User {
    let n = tag();
    w.admin
        .create_user(&CreateUser {
            email: format!("authz-{n}@example.com"),
            name: None,
            role: Some(role),
            password: format!("password-{n}-authz"),
        })
        .await
        .unwrap()
}

async fn new_widget(w: &World) -> Widget {
    w.admin
        .create_widget(&CreateWidget {
            name: format!("authz-{}", tag()),
            ..Default::default()
        })
        .await
        .unwrap()
}

/// A webhook pointing where nothing listens.
async fn new_webhook(w: &World) -> Uuid {
    w.admin
        .create_webhook(&proto::webhooks::CreateWebhook {
            url: "http://127.0.0.1:9/hook".into(),
            events: vec![proto::webhooks::EventKind::ConversationClosed],
        })
        .await
        .unwrap()
        .webhook
        .id
}

/// Fresh things for one call, so that what one caller does (close, delete,
/// accept) never changes what the next one meets.
async fn prepare(app: &TestApp, w: &World, method: &str, template: &str) -> Prepared {
    let n = tag();
    let mut own = None;
    let mut path = template.to_string();
    let mut body = None;
    let client_id = format!("authz-{n}");
    if template.starts_with("/api/v1/public/conversations/{id}") {
        let c = start(app, w).await;
        path = path.replace("{id}", &c.id.to_string());
        if template.ends_with("/rate") {
            app.client()
                .with_token(&c.token)
                .visitor_close(c.id)
                .await
                .unwrap();
        }
        own = Some(c);
    } else if template.starts_with("/api/v1/conversations/{id}") {
        let c = start(app, w).await;
        if template.ends_with("/transfer") || template.ends_with("/return-to-ai") {
            w.admin.accept_conversation(c.id).await.unwrap();
        }
        path = path.replace("{id}", &c.id.to_string());
    } else if template.starts_with("/api/v1/users/{id}") {
        path = path.replace("{id}", &new_user(w, Role::Agent).await.id.to_string());
    } else if template.starts_with("/api/v1/tokens/{id}") {
        let t = w
            .admin
            .create_token(&CreateApiToken {
                name: format!("authz-{n}"),
                role: None,
                expires_in: None,
            })
            .await
            .unwrap();
        path = path.replace("{id}", &t.token.id.to_string());
    } else if template.starts_with("/api/v1/widgets/{id}") {
        path = path
            .replace("{id}", &new_widget(w).await.id.to_string())
            .replace("{user_id}", &w.member.id.to_string());
    } else if template.starts_with("/api/v1/canned/{id}") {
        // Offered on the demo widget only: the member agent may read it, other agents not.
        let r = w
            .admin
            .create_canned(&CreateCannedReply {
                shortcut: format!("authz-{n}"),
                title: "Refunds".into(),
                body: "Refunds take 5 days.".into(),
                widget_id: Some(w.widget.id),
            })
            .await
            .unwrap();
        path = path.replace("{id}", &r.id.to_string());
    } else if template.starts_with("/api/v1/webhooks/{id}") {
        path = path.replace("{id}", &new_webhook(w).await.to_string());
    } else if template.starts_with("/api/v1/webhook-deliveries/{id}") {
        let ping = w.admin.test_webhook(new_webhook(w).await).await.unwrap();
        path = path.replace("{id}", &ping.id.to_string());
    } else if template.starts_with("/api/v1/blocks/{id}") {
        // A block on the demo widget: the member agent may lift it, other agents not.
        let c = start(app, w).await;
        let b = w
            .admin
            .block_conversation(c.id, &proto::lifecycle::BlockVisitor::default())
            .await
            .unwrap();
        path = path.replace("{id}", &b.id.to_string());
    } else if template.starts_with("/api/v1/visitors/{visitor_id}") {
        let s = app
            .client()
            .start_conversation(&StartConversation {
                site_key: w.widget.site_key.clone(),
                ..Default::default()
            })
            .await
            .unwrap();
        path = path.replace("{visitor_id}", &s.visitor_id.to_string());
    } else if template == "/api/v1/public/widgets/{site_key}" {
        path = path.replace("{site_key}", &w.widget.site_key);
    }
    assert!(!path.contains('{'), "no fixture for {method} {template}");

    if method == "POST" || method == "PATCH" {
        body = match template.rsplit('/').next().unwrap_or_default() {
            "messages" => Some(json!({"client_id": client_id, "body": "hello"})),
            "leave-message" => {
                Some(json!({"email": "ann@example.com", "client_id": client_id, "body": "mail me"}))
            }
            "typing" => Some(json!({"on": true})),
            "block" => Some(json!({"reason": "authz"})),
            "notes" => Some(json!({"body": "private"})),
            "read" => Some(json!({"seq": 0})),
            "rate" => Some(json!({"rating": 5, "comment": "quick"})),
            "transfer" => Some(json!({"to_user_id": w.member.id})),
            "login" => Some(json!({"email": w.member.email, "password": w.member_password})),
            "refresh" | "logout" => {
                let pair = app
                    .client()
                    .login(&w.member.email, &w.member_password)
                    .await
                    .unwrap();
                Some(json!({"refresh_token": pair.refresh_token}))
            }
            "conversations" if template == "/api/v1/public/conversations" => {
                Some(json!({"site_key": w.widget.site_key}))
            }
            "users" => {
                Some(json!({"email": format!("new-{n}@example.com"), "password": "password-123"}))
            }
            "tokens" => Some(json!({"name": format!("ci-{n}")})),
            "widgets" => Some(json!({"name": format!("widget-{n}")})),
            "canned" => Some(json!({"shortcut": format!("new-{n}"), "title": "T", "body": "B"})),
            // Nothing listens there: deliveries fail, which is no matter here.
            "webhooks" => {
                Some(json!({"url": "http://127.0.0.1:9/hook", "events": ["conversation.closed"]}))
            }
            _ if method == "PATCH" && template.starts_with("/api/v1/users") => {
                Some(json!({"name": "Renamed"}))
            }
            _ if method == "PATCH" && template.starts_with("/api/v1/widgets") => {
                Some(json!({"title": "Patched"}))
            }
            _ if method == "PATCH" && template.starts_with("/api/v1/canned") => {
                Some(json!({"title": "Patched"}))
            }
            _ => None,
        };
    }
    Prepared { path, body, own }
}

fn bearer(w: &World, who: Who, own: Option<&Conv>) -> Option<String> {
    match who {
        Who::Anonymous => None,
        // Where the path names no conversation, the visitors use the token of one anyway.
        Who::OwnVisitor => Some(own.unwrap_or(&w.other).token.clone()),
        Who::OtherVisitor => Some(w.other.token.clone()),
        other => Some(w.tokens[&other].clone()),
    }
}

async fn call(app: &TestApp, method: &str, p: &Prepared, token: Option<&str>) -> (u16, String) {
    let m = Method::from_bytes(method.as_bytes()).unwrap();
    let mut req = app.http.request(m, app.url(&p.path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = &p.body {
        req = req.json(b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.text().await.unwrap_or_default())
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin_client().await;
    let widget = admin
        .list_widgets()
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.name == "Demo")
        .unwrap();
    let (agent, _, agent_client) = app.new_user(&admin, Role::Agent).await;
    let (member, member_password, member_client) = app.new_user(&admin, Role::Agent).await;
    admin.add_widget_member(widget.id, member.id).await.unwrap();
    let admin_api = admin
        .create_token(&CreateApiToken {
            name: "authz-admin".into(),
            role: Some(Role::Admin),
            expires_in: None,
        })
        .await
        .unwrap()
        .secret;
    let revoked = admin
        .create_token(&CreateApiToken {
            name: "authz-revoked".into(),
            role: Some(Role::Admin),
            expires_in: None,
        })
        .await
        .unwrap();
    // It worked before it was revoked.
    app.client().with_token(&revoked.secret).me().await.unwrap();
    admin.revoke_token(revoked.token.id).await.unwrap();

    let me = admin.me().await.unwrap().user;
    let claims = |iat: u64, exp: u64| Claims {
        sub: me.id,
        role: Role::Admin,
        iat,
        exp,
        iss: "chatd".into(),
        aud: "chatd-api".into(),
    };
    let now = unix_now();
    // The forgery is faithful: with a future expiry the same token works.
    let fresh = sign_with_server_key(app, &claims(now, now + 600));
    assert_eq!(
        app.client().with_token(&fresh).me().await.unwrap().role,
        Role::Admin
    );
    let expired = sign_with_server_key(app, &claims(now - 7200, now - 3600));
    let admin_jwt = admin.token().unwrap().to_string();
    let tampered = {
        let (head, sig) = admin_jwt.rsplit_once('.').unwrap();
        let mut sig: Vec<char> = sig.chars().collect();
        sig[0] = if sig[0] == 'A' { 'B' } else { 'A' };
        format!("{head}.{}", sig.into_iter().collect::<String>())
    };
    let tokens = BTreeMap::from([
        (Who::Agent, agent_client.token().unwrap().to_string()),
        (Who::MemberAgent, member_client.token().unwrap().to_string()),
        (Who::Admin, admin_jwt),
        (Who::AdminApiToken, admin_api),
        (Who::RevokedApiToken, revoked.secret),
        (Who::ExpiredJwt, expired),
        (Who::TamperedJwt, tampered),
    ]);
    assert_ne!(agent.id, member.id);
    let mut w = World {
        admin,
        member,
        member_password,
        tokens,
        widget,
        other: Conv {
            id: Uuid::nil(),
            token: String::new(),
        },
    };
    w.other = start(app, &w).await;
    w
}

#[tokio::test]
async fn every_route_answers_every_caller_as_its_class_says() {
    // Many conversations are started here: no per-IP limit, and no fsync
    // per commit (durability is not what this test is about).
    let app = spawn_app_with(&["--public-rate-per-min", "0", "--durability", "process"]);
    let w = world(&app).await;
    let doc: Value = app
        .http
        .get(app.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut unclassified = Vec::new();
    let mut failures = Vec::new();
    let mut routes = 0;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            let method = method.to_uppercase();
            let Some(class) = classify(&method, path) else {
                unclassified.push(format!("{method} {path}"));
                continue;
            };
            routes += 1;
            // The callers in parallel. Those who may act get fixtures of
            // their own; the refused ones share one (a refusal changes nothing).
            let shared = prepare(&app, &w, &method, path).await;
            let answers = futures_util::future::join_all(CALLERS.map(|who| {
                let (app, w, method, shared) = (&app, &w, &method, &shared);
                async move {
                    let fresh = if (200..300).contains(&class.expect(who)) {
                        Some(prepare(app, w, method, path).await)
                    } else {
                        None
                    };
                    let p = fresh.as_ref().unwrap_or(shared);
                    let token = bearer(w, who, p.own.as_ref());
                    (who, call(app, method, p, token.as_deref()).await)
                }
            }))
            .await;
            for (who, (got, text)) in answers {
                let want = class.expect(who);
                if got != want {
                    failures.push(format!(
                        "{method} {path} as {who:?}: {got}, expected {want} ({class:?}): {text}"
                    ));
                }
                if matches!(got, 401 | 403) {
                    let code = if got == 401 {
                        "unauthorized"
                    } else {
                        "forbidden"
                    };
                    crate::harness::assert_error_shape(&text, code);
                }
            }
        }
    }
    assert!(routes >= 50, "only {routes} routes in /openapi.json");
    assert!(
        failures.is_empty(),
        "{} unexpected answers:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        unclassified.is_empty(),
        "routes in /openapi.json with no class in authz.rs (decide who may call them): {unclassified:?}"
    );
}

/// The visitors' event stream is not in the OpenAPI document; same rules.
#[tokio::test]
async fn the_event_stream_takes_only_its_own_visitor_token() {
    let app = spawn_app_with(&["--public-rate-per-min", "0", "--durability", "process"]);
    let w = world(&app).await;
    let own = start(&app, &w).await;
    let path = format!("/api/v1/public/conversations/{}/events", own.id);
    for who in CALLERS {
        let want = Class::Visitor(200).expect(who);
        let token = bearer(&w, who, Some(&own));
        for via_query in [false, true] {
            let mut url = app.url(&path);
            let mut req = app.http.get(&url);
            match (&token, via_query) {
                (Some(t), false) => req = req.bearer_auth(t),
                (Some(t), true) => {
                    url = format!("{url}?token={t}");
                    req = app.http.get(&url);
                }
                (None, _) => {}
            }
            let resp = req.send().await.unwrap();
            assert_eq!(
                resp.status().as_u16(),
                want,
                "{who:?} (token in the {}",
                if via_query { "query)" } else { "header)" }
            );
            // Dropping the response ends a stream that was let through.
        }
    }
}

const WAIT: Duration = Duration::from_secs(10);

/// The close code a socket hello is refused with.
async fn agent_hello_refused(app: &TestApp, token: &str) -> Option<u16> {
    AgentSocket::connect(&app.base(), token)
        .await
        .err()
        .and_then(|e| e.close_code())
}

/// The next error frame, skipping events.
async fn next_error(next: impl AsyncFnMut() -> Option<ServerFrame>) -> (ErrorCode, String) {
    let mut next = next;
    loop {
        match tokio::time::timeout(WAIT, next()).await {
            Ok(Some(ServerFrame::Error { code, message, .. })) => return (code, message),
            Ok(Some(_)) => continue,
            Ok(None) => panic!("socket closed before an error frame"),
            Err(_) => panic!("no error frame within {WAIT:?}"),
        }
    }
}

#[tokio::test]
async fn sockets_refuse_the_wrong_credentials_and_other_peoples_conversations() {
    let app = spawn_app_with(&["--public-rate-per-min", "0", "--durability", "process"]);
    let w = world(&app).await;
    let a = start(&app, &w).await;
    let b = start(&app, &w).await;

    // Agent socket: only a valid access or API token says hello.
    for who in [
        Who::RevokedApiToken,
        Who::ExpiredJwt,
        Who::TamperedJwt,
        Who::OtherVisitor,
        Who::Anonymous,
    ] {
        let token = bearer(&w, who, Some(&a)).unwrap_or_default();
        assert_eq!(
            agent_hello_refused(&app, &token).await,
            Some(close::UNAUTHORIZED),
            "{who:?} on the agent socket"
        );
    }
    for who in [Who::Agent, Who::MemberAgent, Who::Admin, Who::AdminApiToken] {
        let s = AgentSocket::connect(&app.base(), &w.tokens[&who]).await;
        assert!(s.is_ok(), "{who:?} cannot open the agent socket: {s:?}");
    }

    // Visitor socket: staff tokens are not visitor tokens, and a token
    // opens its own widget's sockets only.
    for who in [
        Who::Admin,
        Who::AdminApiToken,
        Who::ExpiredJwt,
        Who::Anonymous,
    ] {
        let token = bearer(&w, who, Some(&a)).unwrap_or_default();
        let err = VisitorSocket::connect(&app.base(), &w.widget.site_key, &token, 0, None, None)
            .await
            .unwrap_err();
        assert_eq!(
            err.close_code(),
            Some(close::UNAUTHORIZED),
            "{who:?}: {err}"
        );
    }
    let elsewhere = new_widget(&w).await;
    let err = VisitorSocket::connect(&app.base(), &elsewhere.site_key, &a.token, 0, None, None)
        .await
        .unwrap_err();
    assert_eq!(err.close_code(), Some(close::UNAUTHORIZED), "{err}");

    // A visitor cannot reach another conversation, nor use agent commands.
    let mut vs = VisitorSocket::connect(&app.base(), &w.widget.site_key, &b.token, 0, None, None)
        .await
        .unwrap();
    let other_id = a.id;
    let to_user_id = w.member.id;
    let refused: Vec<(ClientFrame, ErrorCode)> = vec![
        (
            ClientFrame::Send {
                conversation_id: Some(other_id),
                client_id: "x1".into(),
                body: "into another conversation".into(),
            },
            ErrorCode::Forbidden,
        ),
        (
            ClientFrame::Typing {
                conversation_id: Some(other_id),
                on: true,
            },
            ErrorCode::Forbidden,
        ),
        (
            ClientFrame::Read {
                conversation_id: Some(other_id),
                seq: 1,
            },
            ErrorCode::Forbidden,
        ),
        (
            ClientFrame::Subscribe {
                conversation_id: other_id,
                last_seq: 0,
            },
            ErrorCode::BadRequest,
        ),
        (
            ClientFrame::Unsubscribe {
                conversation_id: other_id,
            },
            ErrorCode::BadRequest,
        ),
        (
            ClientFrame::Accept {
                conversation_id: other_id,
            },
            ErrorCode::Forbidden,
        ),
        (
            ClientFrame::Transfer {
                conversation_id: other_id,
                to_user_id,
            },
            ErrorCode::Forbidden,
        ),
        (
            ClientFrame::ReturnToAi {
                conversation_id: other_id,
            },
            ErrorCode::Forbidden,
        ),
        (
            ClientFrame::Close {
                conversation_id: other_id,
            },
            ErrorCode::Forbidden,
        ),
        (
            ClientFrame::SetPresence {
                status: proto::conversations::PresenceStatus::Online,
            },
            ErrorCode::Forbidden,
        ),
    ];
    for (frame, want) in &refused {
        vs.send_frame(frame).await.unwrap();
        let (code, message) = next_error(async || vs.next_frame().await.unwrap()).await;
        assert_eq!(code, *want, "visitor sent {frame:?}: {message}");
    }

    // An agent who works on no widget: every conversation command refused.
    let mut ag = AgentSocket::connect(&app.base(), &w.tokens[&Who::Agent])
        .await
        .unwrap();
    let agent_frames = vec![
        ClientFrame::Subscribe {
            conversation_id: a.id,
            last_seq: 0,
        },
        ClientFrame::Send {
            conversation_id: Some(a.id),
            client_id: "x2".into(),
            body: "not my widget".into(),
        },
        ClientFrame::Accept {
            conversation_id: a.id,
        },
        ClientFrame::Transfer {
            conversation_id: a.id,
            to_user_id,
        },
        ClientFrame::ReturnToAi {
            conversation_id: a.id,
        },
        ClientFrame::Close {
            conversation_id: a.id,
        },
    ];
    for frame in &agent_frames {
        ag.send_frame(frame).await.unwrap();
        let (code, message) = next_error(async || ag.next_frame().await.unwrap()).await;
        assert_eq!(
            code,
            ErrorCode::Forbidden,
            "agent sent {frame:?}: {message}"
        );
    }
    // Visitor commands on the agent socket.
    for frame in [
        ClientFrame::Handoff {},
        ClientFrame::Rate {
            rating: 5,
            comment: None,
        },
        ClientFrame::LeaveMessage {
            email: "x@example.com".into(),
            client_id: "x3".into(),
            body: "b".into(),
        },
    ] {
        ag.send_frame(&frame).await.unwrap();
        let (code, message) = next_error(async || ag.next_frame().await.unwrap()).await;
        assert_eq!(
            code,
            ErrorCode::BadRequest,
            "agent sent {frame:?}: {message}"
        );
    }

    // Nothing of that happened: conversation A is as it was.
    let c = w.admin.get_conversation(a.id).await.unwrap();
    assert_eq!(
        (c.status, c.phase, c.assigned_agent_id),
        (
            proto::conversations::ConversationStatus::Open,
            proto::conversations::Phase::Ai,
            None
        )
    );
    let page = w.admin.conversation_messages(a.id, 0, None).await.unwrap();
    assert!(
        page.messages
            .iter()
            .all(|m| m.client_id != "x1" && m.client_id != "x2"),
        "{:?}",
        page.messages
    );
}
