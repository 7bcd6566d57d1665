//! Helpers shared by the fuzz targets: run chatd's own extractors (the code a
//! request goes through before a handler sees it) on fuzzer input, without a
//! server or a runtime.

use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::{Request, header};
use chatd::http::error::ApiError;
use proto::ErrorCode;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::future::Future;
use std::task::{Context, Poll, Waker};

/// Polls a future that needs no I/O to completion. The extractors below read
/// a body that is already in memory, so they are ready at the first poll or
/// soon after; one that keeps saying "pending" is a bug worth a crash.
pub fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..1000 {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
    panic!("an in-memory extractor did not complete");
}

/// What chatd's `Json<T>` extractor makes of `body` sent as
/// `Content-Type: application/json`: the value a handler gets, or the
/// refusal. A refusal must be a client error with the one error shape.
pub fn json_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let req = Request::builder()
        .method("POST")
        .uri("/api/v1/fuzz")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_vec()))
        .expect("a static request builds");
    match block_on(chatd::http::json::Json::<T>::from_request(req, &())) {
        Ok(chatd::http::json::Json(v)) => Ok(v),
        Err(e) => {
            let (status, code) = e.parts();
            assert!(
                status.is_client_error(),
                "a bad body must be the client's error, got {status}: {e}"
            );
            assert!(
                matches!(code, ErrorCode::InvalidJson | ErrorCode::BadRequest),
                "unexpected code {code:?} for a bad body: {e}"
            );
            Err(e)
        }
    }
}

/// What chatd's `Query<T>` extractor makes of the query string `q`.
pub fn query<T: DeserializeOwned + Send>(q: &str) -> Option<T> {
    let uri = format!("/api/v1/fuzz?{q}");
    // Not every string is a valid request target; the HTTP parser refuses
    // those before chatd sees them.
    let req = Request::builder().uri(uri).body(()).ok()?;
    let (mut parts, ()) = req.into_parts();
    match block_on(chatd::http::json::Query::<T>::from_request_parts(
        &mut parts,
        &(),
    )) {
        Ok(chatd::http::json::Query(v)) => Some(v),
        Err(e) => {
            assert_eq!(e.parts().1, ErrorCode::BadRequest, "{e}");
            None
        }
    }
}

/// An accepted value must serialize, and what it serializes to must be
/// accepted again: the typed client (`proto::Client`) sends these types.
pub fn reencodes<T: Serialize + DeserializeOwned>(v: &T) {
    let text = serde_json::to_vec(v).expect("an accepted value serializes");
    if let Err(e) = serde_json::from_slice::<T>(&text) {
        panic!(
            "{} does not parse its own encoding {}: {e}",
            std::any::type_name::<T>(),
            String::from_utf8_lossy(&text)
        );
    }
}

/// Which socket a frame arrives on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Socket {
    /// `/api/v1/public/ws`.
    Visitor,
    /// `/api/v1/agent/ws`.
    Agent,
}

/// One text frame through everything a socket does with it before the
/// engine acts: the `hello` parse, the size, rate and JSON checks
/// (`chatd::ws::parse::frame`), and the checks a send gets before it is
/// stored. Refusals must be error frames with the right code that encode
/// and decode again; accepted frames must survive their own encoding.
pub fn socket_frame(text: &str, socket: Socket) {
    use proto::frames::{ClientFrame, ServerFrame};
    let max = chatd::ws::WsSettings::default().max_frame_bytes;

    // The first frame: only a hello opens the socket.
    if let Ok(ClientFrame::Hello { token, .. }) = serde_json::from_str::<ClientFrame>(text) {
        match socket {
            Socket::Visitor => {
                // Visitor tokens are looked up by their hash only.
                let h = chatd::auth::secrets::hash_secret(&token);
                assert_eq!(h.len(), 64);
            }
            Socket::Agent => {
                // An access token must be signed with the server's key;
                // the fuzzer does not know this one.
                let keys = chatd::auth::jwt::JwtKeys::from_secret(&[0x5a; 64]);
                assert!(keys.verify(&token).is_none(), "forged token: {token}");
            }
        }
    }

    let refused = |r: Result<ClientFrame, Box<ServerFrame>>| -> (ErrorCode, Option<String>) {
        let Err(f) = r else {
            panic!("expected a refusal")
        };
        let f = *f;
        let encoded = chatd::engine::encode(&f);
        let back: ServerFrame =
            serde_json::from_str(encoded.as_str()).expect("an error frame decodes");
        assert_eq!(back, f, "error frame changes in transit");
        match f {
            ServerFrame::Error {
                code, client_id, ..
            } => (code, client_id),
            other => panic!("a refusal is an error frame, got {other:?}"),
        }
    };

    // Over the rate: refused before the JSON is parsed, with the client id.
    if text.len() <= max {
        let (code, id) = refused(chatd::ws::parse::frame(text, max, || false));
        assert_eq!(code, ErrorCode::RateLimited);
        assert_eq!(id, chatd::ws::parse::client_id_of(text));
    }
    // Over a small limit: refused by size, the rate is never asked.
    if !text.is_empty() {
        let (code, _) = refused(chatd::ws::parse::frame(text, text.len() - 1, || {
            panic!("the rate is not asked about oversized frames")
        }));
        assert_eq!(code, ErrorCode::PayloadTooLarge);
    }

    let frame = match chatd::ws::parse::frame(text, max, || true) {
        Ok(f) => f,
        Err(e) => {
            let (code, _) = refused(Err(e));
            assert!(
                matches!(code, ErrorCode::InvalidJson | ErrorCode::PayloadTooLarge),
                "{code:?}"
            );
            return;
        }
    };
    let again = serde_json::to_string(&frame).expect("a frame encodes");
    let back: ClientFrame = serde_json::from_str(&again).expect("a frame decodes its encoding");
    assert_eq!(back, frame, "frame changes in transit: {again}");

    match frame {
        ClientFrame::Send {
            client_id, body, ..
        }
        | ClientFrame::LeaveMessage {
            client_id, body, ..
        } => {
            let ok = chatd::engine::check_send(&client_id, &body).is_ok();
            let expect = !client_id.is_empty()
                && client_id.len() <= proto::conversations::MAX_CLIENT_ID_BYTES
                && !body.trim().is_empty()
                && body.chars().count() <= proto::conversations::MAX_BODY_CHARS;
            assert_eq!(ok, expect, "check_send({client_id:?}, {body:?})");
        }
        _ => {}
    }
}
