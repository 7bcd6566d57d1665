//! Incoming text frames: the command they carry, or the error frame the
//! client gets instead. Kept apart from the socket loop so that the part of
//! a socket that reads untrusted text can be tested and fuzzed on its own
//! (`fuzz/fuzz_targets/ws_*.rs`).

use proto::ErrorCode;
use proto::frames::{ClientFrame, ServerFrame};

fn refusal(code: ErrorCode, message: String, client_id: Option<String>) -> Box<ServerFrame> {
    Box::new(ServerFrame::Error {
        code,
        message,
        client_id,
    })
}

/// Turns one text frame (after `hello`) into a command, in the order the
/// socket checks it: size (over `max_frame_bytes`: `payload_too_large`),
/// then the socket's rate (`allow` is asked only for frames of an
/// acceptable size; `false`: `rate_limited`), then the JSON
/// (`invalid_json`). Refusals of the first two carry the frame's
/// `client_id`, if it has one, so the client knows which send to retry.
pub fn frame(
    text: &str,
    max_frame_bytes: usize,
    allow: impl FnOnce() -> bool,
) -> Result<ClientFrame, Box<ServerFrame>> {
    if text.len() > max_frame_bytes {
        return Err(refusal(
            ErrorCode::PayloadTooLarge,
            format!("frames are limited to {max_frame_bytes} bytes"),
            client_id_of(text),
        ));
    }
    if !allow() {
        return Err(refusal(
            ErrorCode::RateLimited,
            "too many frames; slow down".into(),
            client_id_of(text),
        ));
    }
    serde_json::from_str::<ClientFrame>(text).map_err(|e| {
        refusal(
            ErrorCode::InvalidJson,
            format!("not a valid frame: {e}"),
            None,
        )
    })
}

/// The `client_id` of a refused frame, so the client knows which send to retry.
pub fn client_id_of(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Id {
        client_id: Option<String>,
    }
    serde_json::from_str::<Id>(text)
        .ok()
        .and_then(|i| i.client_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: Result<ClientFrame, Box<ServerFrame>>) -> (ErrorCode, Option<String>) {
        match r.map_err(|f| *f) {
            Err(ServerFrame::Error {
                code, client_id, ..
            }) => (code, client_id),
            other => panic!("expected an error frame, got {other:?}"),
        }
    }

    #[test]
    fn refusals_in_order() {
        let send = r#"{"type":"send","client_id":"c1","body":"hi"}"#;
        assert!(matches!(
            frame(send, 1024, || true),
            Ok(ClientFrame::Send { .. })
        ));
        assert_eq!(
            code(frame(send, 10, || panic!("not asked for oversized frames"))),
            (ErrorCode::PayloadTooLarge, Some("c1".into()))
        );
        assert_eq!(
            code(frame(send, 1024, || false)),
            (ErrorCode::RateLimited, Some("c1".into()))
        );
        assert_eq!(
            code(frame(r#"{"type":"nope"}"#, 1024, || true)),
            (ErrorCode::InvalidJson, None)
        );
        assert_eq!(code(frame("{", 1024, || true)).0, ErrorCode::InvalidJson);
    }
}
