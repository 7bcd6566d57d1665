//! Role checks on every admin route, for every kind of caller.

use crate::harness::{TestApp, expect_api_error, expect_error, spawn_app};
use proto::auth::{CreateApiToken, Role, UpdateUser};
use proto::widgets::CreateWidget;
use proto::{Client, ErrorCode};
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// One admin route: method, path as the OpenAPI document spells it (`{id}`
/// is the id of the resource the path starts with, `{user_id}` a user's), a
/// body made from a unique tag, and what an admin gets.
struct Route {
    method: Method,
    path: &'static str,
    body: Option<fn(&str) -> Value>,
    admin_status: u16,
}

fn route(method: Method, path: &'static str, admin_status: u16) -> Route {
    Route {
        method,
        path,
        body: None,
        admin_status,
    }
}

fn with_body(method: Method, path: &'static str, body: fn(&str) -> Value, status: u16) -> Route {
    Route {
        method,
        path,
        body: Some(body),
        admin_status: status,
    }
}

/// Every admin route: all under /api/v1/users, /api/v1/tokens, /api/v1/widgets
/// and /api/v1/stats, and the writes under /api/v1/canned. Deletions come
/// last, so the routes before them find what they act on.
#[rustfmt::skip]
fn admin_routes() -> Vec<Route> {
    vec![
        route(Method::GET, "/api/v1/users", 200),
        route(Method::GET, "/api/v1/stats", 200),
        with_body(Method::POST, "/api/v1/users",
            |tag| json!({"email": format!("new-{tag}@example.com"), "password": "password-123"}), 201),
        route(Method::GET, "/api/v1/users/{id}", 200),
        with_body(Method::PATCH, "/api/v1/users/{id}", |_| json!({"name": "Renamed"}), 200),
        route(Method::GET, "/api/v1/tokens", 200),
        with_body(Method::POST, "/api/v1/tokens", |tag| json!({"name": format!("ci-{tag}")}), 201),
        route(Method::GET, "/api/v1/widgets", 200),
        with_body(Method::POST, "/api/v1/widgets", |tag| json!({"name": format!("widget-{tag}")}), 201),
        route(Method::GET, "/api/v1/widgets/{id}", 200),
        with_body(Method::PATCH, "/api/v1/widgets/{id}", |_| json!({"title": "Patched"}), 200),
        route(Method::POST, "/api/v1/widgets/{id}/rotate-key", 200),
        route(Method::GET, "/api/v1/widgets/{id}/snippet", 200),
        route(Method::GET, "/api/v1/widgets/{id}/identity-secret", 200),
        route(Method::PUT, "/api/v1/widgets/{id}/members/{user_id}", 204),
        route(Method::GET, "/api/v1/widgets/{id}/members", 200),
        with_body(Method::POST, "/api/v1/canned",
            |tag| json!({"shortcut": format!("new-{}", tag.to_lowercase()), "title": "T", "body": "B"}), 201),
        with_body(Method::PATCH, "/api/v1/canned/{id}", |_| json!({"title": "Patched"}), 200),
        route(Method::DELETE, "/api/v1/canned/{id}", 204),
        route(Method::DELETE, "/api/v1/widgets/{id}/members/{user_id}", 204),
        route(Method::DELETE, "/api/v1/widgets/{id}", 204),
        route(Method::DELETE, "/api/v1/tokens/{id}", 204),
        route(Method::DELETE, "/api/v1/users/{id}", 204),
    ]
}

/// The routes agents may call too: reading canned replies.
fn agent_routes() -> Vec<Route> {
    vec![
        route(Method::GET, "/api/v1/canned", 200),
        route(Method::GET, "/api/v1/canned/{id}", 200),
    ]
}

/// Ids the routes act on.
struct Fixtures {
    user: String,
    token: String,
    widget: String,
    canned: String,
}

impl Fixtures {
    async fn create(app: &TestApp, admin: &Client, tag: &str) -> Self {
        let (user, _, _) = app.new_user(admin, Role::Agent).await;
        let token = admin
            .create_token(&CreateApiToken {
                name: format!("victim-{tag}"),
                role: None,
                expires_in: None,
            })
            .await
            .unwrap();
        let widget = admin
            .create_widget(&CreateWidget {
                name: format!("victim-{tag}"),
                ..Default::default()
            })
            .await
            .unwrap();
        let canned = admin
            .create_canned(&proto::canned::CreateCannedReply {
                shortcut: format!("victim-{}", tag.to_lowercase()),
                title: "Victim".into(),
                body: "Untouched".into(),
                widget_id: None,
            })
            .await
            .unwrap();
        Self {
            user: user.id.to_string(),
            token: token.token.id.to_string(),
            widget: widget.id.to_string(),
            canned: canned.id.to_string(),
        }
    }

    fn path(&self, template: &str) -> String {
        let id = if template.starts_with("/api/v1/users") {
            &self.user
        } else if template.starts_with("/api/v1/tokens") {
            &self.token
        } else if template.starts_with("/api/v1/canned") {
            &self.canned
        } else {
            &self.widget
        };
        template
            .replace("{id}", id)
            .replace("{user_id}", &self.user)
    }
}

async fn call(
    app: &TestApp,
    r: &Route,
    f: &Fixtures,
    token: Option<&str>,
    tag: &str,
) -> reqwest::Response {
    let mut req = app.http.request(r.method.clone(), app.url(&f.path(r.path)));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(body) = r.body {
        req = req.json(&body(tag));
    }
    req.send().await.unwrap()
}

async fn api_token(admin: &Client, name: &str, role: Role) -> String {
    admin
        .create_token(&CreateApiToken {
            name: name.into(),
            role: Some(role),
            expires_in: None,
        })
        .await
        .unwrap()
        .secret
}

#[tokio::test]
async fn every_admin_route_refuses_non_admins_and_serves_admins() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let agent = app.new_user(&admin, Role::Agent).await.2;
    let agent_jwt = agent.token().unwrap().to_string();
    let revoked = admin
        .create_token(&CreateApiToken {
            name: "revoked".into(),
            role: None,
            expires_in: None,
        })
        .await
        .unwrap();
    admin.revoke_token(revoked.token.id).await.unwrap();
    let agent_api = api_token(&admin, "agent-role", Role::Agent).await;
    let admin_api = api_token(&admin, "admin-role", Role::Admin).await;
    // The agent credentials are valid: /me answers them, so a 403 below is the role check.
    assert_eq!(agent.me().await.unwrap().role, Role::Agent);
    assert_eq!(
        app.client().with_token(&agent_api).me().await.unwrap().role,
        Role::Agent
    );

    let routes = admin_routes();
    let untouched = Fixtures::create(&app, &admin, "untouched").await;
    let refused: [(&str, Option<&str>, u16, &str); 6] = [
        ("anonymous", None, 401, "unauthorized"),
        ("garbage token", Some("not-a-token"), 401, "unauthorized"),
        (
            "revoked API token",
            Some(&revoked.secret),
            401,
            "unauthorized",
        ),
        ("agent JWT", Some(&agent_jwt), 403, "forbidden"),
        ("agent-role API token", Some(&agent_api), 403, "forbidden"),
        (
            "unknown API token",
            Some("chatd_pat_x"),
            401,
            "unauthorized",
        ),
    ];
    for (who, token, status, code) in refused {
        for r in &routes {
            let resp = call(&app, r, &untouched, token, who).await;
            let got = resp.status().as_u16();
            assert_eq!(got, status, "{who}: {} {}", r.method, r.path);
            expect_error(resp, status, code).await;
        }
    }
    // Nothing a refused caller asked for happened.
    let widget = admin
        .get_widget(untouched.widget.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(widget.settings.title, "Chat with us");
    let user = admin
        .get_user(untouched.user.parse().unwrap())
        .await
        .unwrap();
    assert_ne!(user.name, "Renamed");
    let tokens = admin.list_tokens().await.unwrap();
    let victim = tokens
        .iter()
        .find(|t| t.id.to_string() == untouched.token)
        .unwrap();
    assert!(victim.revoked_at.is_none());
    assert_eq!(admin.list_users().await.unwrap().len(), 3);
    let canned = admin
        .get_canned(untouched.canned.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(canned.title, "Victim");
    assert_eq!(admin.list_canned(None).await.unwrap().len(), 1);

    let admin_jwt = admin.token().unwrap().to_string();
    for (who, token) in [("admin JWT", admin_jwt), ("admin API token", admin_api)] {
        let f = Fixtures::create(&app, &admin, &who.replace(' ', "-")).await;
        for r in &routes {
            let resp = call(&app, r, &f, Some(&token), &who.replace(' ', "-")).await;
            let status = resp.status().as_u16();
            let text = resp.text().await.unwrap();
            assert_eq!(
                status, r.admin_status,
                "{who}: {} {}: {text}",
                r.method, r.path
            );
        }
        // The deletions really happened.
        expect_api_error(
            admin.get_widget(f.widget.parse().unwrap()).await,
            404,
            ErrorCode::NotFound,
        );
        expect_api_error(
            admin.get_user(f.user.parse().unwrap()).await,
            404,
            ErrorCode::NotFound,
        );
        expect_api_error(
            admin.get_canned(f.canned.parse().unwrap()).await,
            404,
            ErrorCode::NotFound,
        );
    }
}

#[tokio::test]
async fn every_agent_route_refuses_strangers_and_serves_agents_and_admins() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let agent = app.new_user(&admin, Role::Agent).await.2;
    let agent_jwt = agent.token().unwrap().to_string();
    let agent_api = api_token(&admin, "agent-role", Role::Agent).await;
    let admin_jwt = admin.token().unwrap().to_string();
    let f = Fixtures::create(&app, &admin, "agent-routes").await;
    for (who, token) in [
        ("anonymous", None),
        ("garbage token", Some("not-a-token")),
        ("unknown API token", Some("chatd_pat_x")),
    ] {
        for r in &agent_routes() {
            let resp = call(&app, r, &f, token, who).await;
            expect_error(resp, 401, "unauthorized").await;
        }
    }
    for (who, token) in [
        ("agent JWT", &agent_jwt),
        ("agent-role API token", &agent_api),
        ("admin JWT", &admin_jwt),
    ] {
        for r in &agent_routes() {
            let resp = call(&app, r, &f, Some(token), who).await;
            let status = resp.status().as_u16();
            let text = resp.text().await.unwrap();
            assert_eq!(
                status, r.admin_status,
                "{who}: {} {}: {text}",
                r.method, r.path
            );
        }
    }
}

#[tokio::test]
async fn the_route_table_covers_every_admin_route_in_the_openapi_document() {
    let app = spawn_app();
    let doc: Value = app
        .http
        .get(app.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut documented = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        let admin = [
            "/api/v1/users",
            "/api/v1/tokens",
            "/api/v1/widgets",
            "/api/v1/stats",
            "/api/v1/canned",
        ]
        .iter()
        .any(|p| path.starts_with(p));
        if !admin {
            continue;
        }
        for method in ops.as_object().unwrap().keys() {
            documented.insert((method.to_uppercase(), path.clone()));
        }
    }
    let tested: BTreeSet<(String, String)> = admin_routes()
        .iter()
        .chain(agent_routes().iter())
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    assert!(documented.len() >= 15, "{documented:?}");
    assert_eq!(
        documented, tested,
        "admin and agent routes and the role-check tables differ"
    );
}

#[tokio::test]
async fn a_disabled_users_tokens_stop_working() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let (agent, password, agent_client) = app.new_user(&admin, Role::Agent).await;
    let session = app.client().login(&agent.email, &password).await.unwrap();
    let (admin2, _, admin2_client) = app.new_user(&admin, Role::Admin).await;
    let admin2_api = api_token(&admin2_client, "admin2-ci", Role::Admin).await;
    let admin2_api = app.client().with_token(admin2_api);
    admin2_api.list_widgets().await.unwrap();
    agent_client.me().await.unwrap();

    for id in [agent.id, admin2.id] {
        let u = admin
            .update_user(
                id,
                &UpdateUser {
                    disabled: Some(true),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert!(u.disabled);
    }
    expect_api_error(agent_client.me().await, 401, ErrorCode::Unauthorized);
    expect_api_error(
        admin2_client.list_widgets().await,
        401,
        ErrorCode::Unauthorized,
    );
    expect_api_error(
        admin2_api.list_widgets().await,
        401,
        ErrorCode::Unauthorized,
    );
    expect_api_error(
        app.client().refresh(&session.refresh_token).await,
        401,
        ErrorCode::Unauthorized,
    );
    expect_api_error(
        app.client().login(&agent.email, &password).await,
        401,
        ErrorCode::Unauthorized,
    );

    // Enabling the account again lets the person log in again.
    admin
        .update_user(
            agent.id,
            &UpdateUser {
                disabled: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    app.client().login(&agent.email, &password).await.unwrap();
}

#[tokio::test]
async fn demoting_an_admin_takes_effect_at_once() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let (admin2, _, admin2_client) = app.new_user(&admin, Role::Admin).await;
    let admin2_api = api_token(&admin2_client, "made-while-admin", Role::Admin).await;
    let admin2_api = app.client().with_token(admin2_api);
    admin2_client.list_users().await.unwrap();
    admin2_api.list_users().await.unwrap();

    let demoted = admin
        .update_user(
            admin2.id,
            &UpdateUser {
                role: Some(Role::Agent),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(demoted.role, Role::Agent);
    // The JWT still says admin, but the role in force is the stored one.
    expect_api_error(admin2_client.list_users().await, 403, ErrorCode::Forbidden);
    assert_eq!(admin2_client.me().await.unwrap().role, Role::Agent);
    // An API token never acts with more than its user has now.
    expect_api_error(admin2_api.list_users().await, 403, ErrorCode::Forbidden);
}

#[tokio::test]
async fn the_last_admin_cannot_be_demoted_disabled_or_deleted() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let me = admin.me().await.unwrap().user;
    for change in [
        UpdateUser {
            role: Some(Role::Agent),
            ..Default::default()
        },
        UpdateUser {
            disabled: Some(true),
            ..Default::default()
        },
    ] {
        expect_api_error(
            admin.update_user(me.id, &change).await,
            409,
            ErrorCode::Conflict,
        );
    }
    expect_api_error(admin.delete_user(me.id).await, 409, ErrorCode::Conflict);
    assert_eq!(admin.me().await.unwrap().role, Role::Admin);
}

#[tokio::test]
async fn api_token_secrets_are_shown_once() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let created = admin
        .create_token(&CreateApiToken {
            name: "ci".into(),
            role: None,
            expires_in: Some(3600),
        })
        .await
        .unwrap();
    assert!(created.secret.starts_with("chatd_pat_"));
    assert!(created.secret.starts_with(&created.token.prefix));
    assert!(created.token.expires_at.is_some());
    let me = app.client().with_token(&created.secret).me().await.unwrap();
    assert_eq!((me.role, me.via.as_str()), (Role::Admin, "api_token"));
    let listed = app
        .http
        .get(app.url("/api/v1/tokens"))
        .bearer_auth(admin.token().unwrap())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(listed.contains(&created.token.prefix));
    assert!(!listed.contains(&created.secret), "{listed}");
    expect_api_error(
        admin.revoke_token(uuid::Uuid::new_v4()).await,
        404,
        ErrorCode::NotFound,
    );
}
