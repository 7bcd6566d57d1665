//! JSON bodies of the authenticated routes: login, refresh and logout, users,
//! API tokens, widgets, canned replies, private notes, webhooks, visitor blocks, and the agents'
//! conversation commands (and, as text, a webhook signature header). Each input is offered to every route, through chatd's own
//! `Json` extractor and then the handler's validation (`http::validate`,
//! `http::widgets::check_patch`, `proto::canned::check_shortcut`).
#![no_main]

use chatd::http::validate;
use chatd_fuzz::{json_body, reencodes};
use libfuzzer_sys::fuzz_target;
use proto::auth::{CreateApiToken, CreateUser, LoginRequest, RefreshRequest, UpdateUser};
use proto::canned::{CannedReplyPatch, CreateCannedReply, check_shortcut};
use proto::conversations::{MarkRead, SendMessage, Transfer, Typing};
use proto::lifecycle::BlockVisitor;
use proto::notes::{CreateNote, NOTE_MAX};
use proto::webhooks::{CreateWebhook, check_events, check_url};
use proto::widgets::{CreateWidget, WidgetPatch, WidgetSettings};

fuzz_target!(|data: &[u8]| {
    if let Ok(l) = json_body::<LoginRequest>(data) {
        reencodes(&l);
        let _ = l.email.trim().to_lowercase();
    }
    if let Ok(r) = json_body::<RefreshRequest>(data) {
        reencodes(&r);
        let _ = chatd::auth::secrets::hash_secret(&r.refresh_token);
    }
    if let Ok(u) = json_body::<CreateUser>(data) {
        reencodes(&u);
        if let Ok(email) = validate::email(&u.email) {
            // What the store keeps: trimmed, lower case, one @, no spaces.
            assert_eq!(email, email.trim());
            assert_eq!(email, email.to_lowercase());
            assert_eq!(email.matches('@').count(), 1, "{email:?}");
            let name = u
                .name
                .clone()
                .unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_string());
            let _ = validate::text("name", &name, 200, true);
        }
        let _ = validate::password(&u.password);
    }
    if let Ok(u) = json_body::<UpdateUser>(data) {
        reencodes(&u);
        if let Some(n) = &u.name {
            let _ = validate::text("name", n, 200, true);
        }
        if let Some(p) = &u.password {
            let _ = validate::password(p);
        }
    }
    if let Ok(t) = json_body::<CreateApiToken>(data) {
        reencodes(&t);
        let _ = validate::text("name", &t.name, 100, true);
        // The handler's expiry arithmetic must not overflow.
        let _ = t.expires_in.map(|s| {
            chatd::store::now_ms()
                .saturating_add(i64::try_from(s.saturating_mul(1000)).unwrap_or(i64::MAX))
        });
    }
    if let Ok(w) = json_body::<CreateWidget>(data) {
        reencodes(&w);
        let _ = validate::text("name", &w.name, 100, true);
        if chatd::http::widgets::check_patch(&w.settings).is_ok() {
            let mut s = WidgetSettings::default();
            w.settings.apply_to(&mut s);
            let _ = serde_json::to_string(&s).expect("settings serialize");
        }
    }
    if let Ok(p) = json_body::<WidgetPatch>(data) {
        reencodes(&p);
        let _ = chatd::http::widgets::check_patch(&p);
    }
    if let Ok(c) = json_body::<CreateCannedReply>(data) {
        reencodes(&c);
        let _ = check_shortcut(&c.shortcut);
    }
    if let Ok(p) = json_body::<CannedReplyPatch>(data) {
        reencodes(&p);
        if let Some(s) = &p.shortcut {
            let _ = check_shortcut(s);
        }
    }
    if let Ok(n) = json_body::<CreateNote>(data) {
        reencodes(&n);
        let _ = validate::text("body", &n.body, NOTE_MAX, true);
    }
    if let Ok(m) = json_body::<SendMessage>(data) {
        let _ = chatd::engine::check_send(&m.client_id, &m.body);
    }
    if let Ok(t) = json_body::<Transfer>(data) {
        reencodes(&t);
    }
    if let Ok(b) = json_body::<BlockVisitor>(data) {
        reencodes(&b);
        let now = chatd::store::now_ms();
        if let Ok((reason, expires_at)) = chatd::http::blocks::check_block(&b, now) {
            assert!(reason.chars().count() <= proto::lifecycle::REASON_MAX);
            assert!(
                expires_at.is_none_or(|t| t > now),
                "a block that lapsed at once"
            );
        }
    }
    if let Ok(w) = json_body::<CreateWebhook>(data) {
        reencodes(&w);
        let _ = check_url(&w.url);
        if let Ok(events) = check_events(&w.events) {
            assert!(!events.is_empty());
            assert!(events.windows(2).all(|p| p[0] < p[1]), "sorted, no repeats");
        }
    }
    // `chatctl webhook verify` and receivers parse this header; a random
    // one must be refused, never accepted or panicked on.
    if let Ok(text) = std::str::from_utf8(data) {
        assert!(proto::webhooks::verify("whsec_fuzz", text, b"{}", 0, 300).is_err());
    }
    let _ = json_body::<MarkRead>(data);
    let _ = json_body::<Typing>(data);
});
