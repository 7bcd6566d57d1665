//! Login, refresh rotation with reuse detection, logout, and access tokens
//! that are expired, tampered or signed with another key.

use crate::harness::{ADMIN_EMAIL, expect_api_error, expect_error, spawn_app};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use proto::ErrorCode;
use proto::auth::Role;
use serde_json::{Value, json};
use std::time::{SystemTime, UNIX_EPOCH};

#[tokio::test]
async fn login_returns_a_working_token_pair() {
    let app = spawn_app();
    let pair = app
        .client()
        .login(ADMIN_EMAIL, &app.admin_password())
        .await
        .unwrap();
    assert_eq!(pair.token_type, "Bearer");
    assert_eq!(pair.expires_in, 900);
    assert_eq!(pair.user.email, ADMIN_EMAIL);
    assert_eq!(pair.user.role, Role::Admin);
    assert!(
        pair.refresh_token.starts_with("rt_"),
        "{}",
        pair.refresh_token
    );
    let me = app
        .client()
        .with_token(&pair.access_token)
        .me()
        .await
        .unwrap();
    assert_eq!(me.user.id, pair.user.id);
    assert_eq!(me.role, Role::Admin);
    assert_eq!(me.via, "jwt");
    // Email matching ignores case and surrounding space.
    app.client()
        .login(" Admin@LocalHost ", &app.admin_password())
        .await
        .unwrap();
}

#[tokio::test]
async fn wrong_password_and_unknown_email_are_both_401_and_alike() {
    let app = spawn_app();
    let password = app.admin_password();
    let wrong_password = expect_api_error(
        app.client().login(ADMIN_EMAIL, "not-the-password").await,
        401,
        ErrorCode::Unauthorized,
    );
    let unknown_email = expect_api_error(
        app.client().login("nobody@example.com", &password).await,
        401,
        ErrorCode::Unauthorized,
    );
    // The same answer for both, so the API does not tell which emails exist.
    assert_eq!(wrong_password, unknown_email);
    let resp = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": ADMIN_EMAIL, "password": ""}))
        .send()
        .await
        .unwrap();
    expect_error(resp, 401, "unauthorized").await;
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_token_revokes_its_chain() {
    let app = spawn_app();
    let client = app.client();
    let password = app.admin_password();
    let first = client.login(ADMIN_EMAIL, &password).await.unwrap();
    let second = client.refresh(&first.refresh_token).await.unwrap();
    assert_ne!(second.refresh_token, first.refresh_token);
    assert_eq!(second.user.id, first.user.id);
    client
        .with_token(&second.access_token)
        .me()
        .await
        .expect("the refreshed access token works");
    // An unrelated session of the same user must survive the reuse below.
    let other = client.login(ADMIN_EMAIL, &password).await.unwrap();

    let reuse = expect_api_error(
        client.refresh(&first.refresh_token).await,
        401,
        ErrorCode::Unauthorized,
    );
    assert!(reuse.contains("already used"), "{reuse}");
    // Reuse means theft is possible: the token handed out by the first use dies too.
    expect_api_error(
        client.refresh(&second.refresh_token).await,
        401,
        ErrorCode::Unauthorized,
    );
    let third = client.refresh(&other.refresh_token).await.unwrap();
    client.refresh(&third.refresh_token).await.unwrap();

    expect_api_error(
        client.refresh("rt_made-up").await,
        401,
        ErrorCode::Unauthorized,
    );
}

#[tokio::test]
async fn logout_revokes_the_session() {
    let app = spawn_app();
    let client = app.client();
    let password = app.admin_password();
    let pair = client.login(ADMIN_EMAIL, &password).await.unwrap();
    client.logout(&pair.refresh_token).await.unwrap();
    expect_api_error(
        client.refresh(&pair.refresh_token).await,
        401,
        ErrorCode::Unauthorized,
    );
    // Logging out with the newest token of a chain revokes the chain.
    let a = client.login(ADMIN_EMAIL, &password).await.unwrap();
    let b = client.refresh(&a.refresh_token).await.unwrap();
    client.logout(&b.refresh_token).await.unwrap();
    expect_api_error(
        client.refresh(&b.refresh_token).await,
        401,
        ErrorCode::Unauthorized,
    );
    // Logging out twice, or with an unknown token, is harmless.
    client.logout(&b.refresh_token).await.unwrap();
    client.logout("rt_unknown").await.unwrap();
}

fn now() -> i64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    i64::try_from(secs).unwrap()
}

fn sign(claims: &Value, secret: &[u8]) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret),
    )
    .unwrap()
}

/// Replaces one character in the middle of the signature part.
fn flip_signature_char(token: &str) -> String {
    let sig_start = token.rfind('.').unwrap() + 1;
    let i = sig_start + (token.len() - sig_start) / 2;
    let mut bytes = token.as_bytes().to_vec();
    bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
    String::from_utf8(bytes).unwrap()
}

/// Rewrites the claims of a signed token, keeping its signature.
fn with_claims(token: &str, edit: impl FnOnce(&mut Value)) -> String {
    let parts: Vec<&str> = token.split('.').collect();
    let mut claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    edit(&mut claims);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap());
    format!("{}.{payload}.{}", parts[0], parts[2])
}

#[tokio::test]
async fn expired_tampered_and_foreign_tokens_are_refused() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let admin_id = admin.me().await.unwrap().user.id;
    let agent = app.agent_client().await;
    let key_text = std::fs::read_to_string(app.data_dir().join("jwt.key")).unwrap();
    let secret = STANDARD.decode(key_text.trim()).unwrap();
    let claims = |sub: &str, iat: i64, exp: i64| json!({"sub": sub, "role": "admin", "iat": iat, "exp": exp, "iss": "chatd", "aud": "chatd-api"});
    let sub = admin_id.to_string();
    let t = now();
    let valid = sign(&claims(&sub, t, t + 600), &secret);
    let mut no_exp = claims(&sub, t, t + 600);
    no_exp.as_object_mut().unwrap().remove("exp");
    let none_alg = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims(&sub, t, t + 600)).unwrap())
    );
    let agent_token = agent.token().unwrap().to_string();

    let cases: Vec<(&str, String, u16)> = vec![
        // The control: a token crafted like chatd's own is accepted, so the
        // refusals below are about the one thing each case changes.
        ("crafted with the server key", valid.clone(), 200),
        (
            "expired two minutes ago",
            sign(&claims(&sub, t - 900, t - 120), &secret),
            401,
        ),
        ("signature changed", flip_signature_char(&valid), 401),
        (
            "signature cut short",
            valid[..valid.len() - 4].to_string(),
            401,
        ),
        (
            "agent token with role rewritten to admin",
            with_claims(&agent_token, |c| c["role"] = json!("admin")),
            401,
        ),
        (
            "admin token with exp pushed out",
            with_claims(&valid, |c| c["exp"] = json!(t + 86_400)),
            401,
        ),
        (
            "signed with another key",
            sign(&claims(&sub, t, t + 600), &[7u8; 64]),
            401,
        ),
        (
            "wrong issuer",
            {
                let mut c = claims(&sub, t, t + 600);
                c["iss"] = json!("someone-else");
                sign(&c, &secret)
            },
            401,
        ),
        (
            "wrong audience",
            {
                let mut c = claims(&sub, t, t + 600);
                c["aud"] = json!("other-api");
                sign(&c, &secret)
            },
            401,
        ),
        ("no exp claim", sign(&no_exp, &secret), 401),
        ("alg none", none_alg, 401),
        (
            "unknown user",
            sign(
                &claims("018f0000-0000-7000-8000-000000000000", t, t + 600),
                &secret,
            ),
            401,
        ),
        ("not a JWT at all", "garbage".to_string(), 401),
        ("unknown API token", "chatd_pat_unknown".to_string(), 401),
    ];
    for (name, token, status) in cases {
        let resp = app
            .http
            .get(app.url("/api/v1/widgets"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        if status == 200 {
            assert_eq!(resp.status().as_u16(), 200, "{name}");
        } else {
            let msg = expect_error(resp, status, "unauthorized").await;
            assert!(!msg.contains(&token), "{name}: the token is echoed: {msg}");
        }
    }
    // Malformed Authorization headers are 401 too, never "anonymous".
    for header in ["Basic YWRtaW46eA==", "Bearer", "Token abc", ""] {
        let resp = app
            .http
            .get(app.url("/api/v1/me"))
            .header("authorization", header)
            .send()
            .await
            .unwrap();
        expect_error(resp, 401, "unauthorized").await;
    }
}
