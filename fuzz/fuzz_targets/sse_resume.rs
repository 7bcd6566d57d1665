//! Where a visitor's event stream resumes: the `Last-Event-ID` header a
//! reconnecting `EventSource` sends (any bytes a client likes) against
//! `?after_seq=` (`chatd::http::visitor::resume_seq`).
#![no_main]

use axum::http::{HeaderMap, HeaderValue};
use chatd::http::visitor::resume_seq;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (after, header) = match data.split_first_chunk::<8>() {
        Some((a, rest)) => (i64::from_le_bytes(*a), rest),
        None => (0, data),
    };
    let mut headers = HeaderMap::new();
    let Ok(value) = HeaderValue::from_bytes(header) else {
        // Not a valid header value: the HTTP parser refuses the request.
        return;
    };
    headers.insert("last-event-id", value);
    let resumed = resume_seq(&headers, after);
    assert!(resumed >= 0, "resume point {resumed} is negative");
    let from_header = std::str::from_utf8(header)
        .ok()
        .and_then(|h| h.parse::<i64>().ok());
    assert_eq!(resumed, from_header.unwrap_or(after).max(0));
    // The stream compares each message's seq with the resume point + 1.
    let _next = resumed.saturating_add(1);
    assert_eq!(resume_seq(&HeaderMap::new(), after), after.max(0));
});
