//! Query strings: message paging (`?after_seq=&limit=`, through chatd's own
//! `Query` extractor and `PageQuery`), the conversation list filters, the
//! stats range, the event stream's `?after_seq=` and `?token=`, and the
//! visitor socket's `?site_key=`. The private query types of chatd are
//! mirrored here field for field.
#![no_main]

use chatd::http::visitor::PageQuery;
use chatd_fuzz::query;
use libfuzzer_sys::fuzz_target;
use proto::conversations::{ConversationStatus, Phase};
use serde::Deserialize;
use uuid::Uuid;

/// chatd/src/http/conversations.rs `ListQuery`.
#[derive(Deserialize)]
#[allow(dead_code)]
struct ListQuery {
    status: Option<String>,
    phase: Option<String>,
    widget_id: Option<Uuid>,
    agent_id: Option<Uuid>,
    before: Option<i64>,
    limit: Option<u32>,
}

/// chatd/src/http/stats.rs `StatsQuery`.
#[derive(Deserialize)]
#[allow(dead_code)]
struct StatsQuery {
    from: Option<i64>,
    to: Option<i64>,
    widget_id: Option<Uuid>,
}

/// chatd/src/http/visitor.rs `EventsQuery` and `TokenQuery`, chatd/src/ws `VisitorQuery`.
#[derive(Deserialize)]
#[allow(dead_code)]
struct EventsQuery {
    #[serde(default)]
    after_seq: i64,
}
#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
}
#[derive(Deserialize)]
#[allow(dead_code)]
struct VisitorQuery {
    site_key: String,
}

fuzz_target!(|data: &[u8]| {
    let Ok(q) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(p) = query::<PageQuery>(q) {
        let limit = p.limit.unwrap_or(100).clamp(1, 500);
        assert!((1..=500).contains(&limit));
    }
    if let Some(l) = query::<ListQuery>(q) {
        if let Some(s) = &l.status
            && let Some(st) = ConversationStatus::parse(s)
        {
            assert_eq!(st.as_str(), s.as_str());
        }
        if let Some(p) = &l.phase
            && let Some(ph) = Phase::parse(p)
        {
            assert_eq!(ph.as_str(), p.as_str());
        }
    }
    if let Some(s) = query::<StatsQuery>(q) {
        let _ = chatd::http::stats::report_range(s.from, s.to, chatd::store::now_ms());
    }
    let _ = query::<EventsQuery>(q);
    let _ = query::<VisitorQuery>(q);
    // The event stream reads ?token= the way visitor.rs does: axum's own Query.
    if let Ok(uri) = format!("/api/v1/public/conversations/x/events?{q}").parse::<axum::http::Uri>()
    {
        let _ = axum::extract::Query::<TokenQuery>::try_from_uri(&uri)
            .ok()
            .and_then(|t| t.0.token);
    }
});
