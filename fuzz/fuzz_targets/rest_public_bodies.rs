//! JSON bodies of the visitor routes (`/api/v1/public/...`): start a
//! conversation, send, typing, read, rate, leave a message. Each input is
//! offered to every route, through chatd's own `Json` extractor and then the
//! checks the handler and engine run before touching the store.
#![no_main]

use chatd::auth::identity;
use chatd_fuzz::{json_body, reencodes};
use libfuzzer_sys::fuzz_target;
use proto::conversations::{MarkRead, Rate, SendMessage, StartConversation, Typing};

/// The body of `POST …/leave-message` (a private type in chatd/src/http/visitor.rs).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct LeaveMessage {
    email: String,
    client_id: String,
    body: String,
}

const SECRET: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = json_body::<StartConversation>(data) {
        reencodes(&s);
        if let Some(id) = &s.identity {
            // Only the widget's own signature verifies (hex, any case).
            let ok = identity::verify(SECRET, &id.user_id, &id.user_hash);
            let expected = identity::sign(SECRET, &id.user_id);
            assert_eq!(
                ok,
                id.user_hash.trim().eq_ignore_ascii_case(&expected),
                "verify({:?}, {:?})",
                id.user_id,
                id.user_hash
            );
        }
    }
    if let Ok(m) = json_body::<SendMessage>(data) {
        reencodes(&m);
        let _ = chatd::engine::check_send(&m.client_id, &m.body);
    }
    if let Ok(t) = json_body::<Typing>(data) {
        reencodes(&t);
    }
    if let Ok(r) = json_body::<MarkRead>(data) {
        reencodes(&r);
    }
    if let Ok(r) = json_body::<Rate>(data) {
        reencodes(&r);
    }
    if let Ok(l) = json_body::<LeaveMessage>(data) {
        reencodes(&l);
        let _ = chatd::engine::check_send(&l.client_id, &l.body);
        let _ = chatd::http::validate::email(&l.email);
    }
});
