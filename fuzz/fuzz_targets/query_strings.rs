//! Query strings: message paging (`?after_seq=&limit=`, through chatd's own
//! `Query` extractor and `PageQuery`), the conversation list filters, the
//! stats range, the audit log filters, the event stream's `?after_seq=` and `?token=`, and the
//! visitor socket's `?site_key=`, all with chatd's own query types.
#![no_main]

use chatd::http::audit::AuditParams;
use chatd::http::conversations::ListQuery;
use chatd::http::stats::StatsQuery;
use chatd::http::visitor::{EventsQuery, PageQuery, TokenQuery};
use chatd::ws::VisitorQuery;
use chatd_fuzz::query;
use libfuzzer_sys::fuzz_target;
use proto::conversations::{ConversationStatus, Phase};

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
    if let Some(a) = query::<AuditParams>(q)
        && let Ok(f) = chatd::http::audit::audit_filter(a)
    {
        assert!((1..=1000).contains(&f.limit));
        let _ = f.action_pattern();
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
