//! The visitor and agent WebSockets: frames in become engine commands,
//! engine events become frames out. See docs/protocol.md.

pub mod parse;
mod session;

use crate::app::AppState;
use crate::http::client_ip::{ClientIp, Scheme};
use crate::http::error::ApiError;
use crate::http::origin;
use crate::http::ratelimit::PublicRate;
use axum::Router;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use session::Who;
pub use session::WsSettings;

/// `/api/v1/public/ws` and `/api/v1/agent/ws`. No request time limit applies
/// to these routes: a socket lives as long as its client.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/public/ws", get(visitor_upgrade))
        .route("/api/v1/agent/ws", get(agent_upgrade))
}

/// Hard limit of one incoming WebSocket message; beyond it the connection is
/// closed with 1009. Smaller oversized frames get an error frame instead.
const HARD_MAX_MESSAGE: usize = 256 * 1024;

fn sized(ws: WebSocketUpgrade) -> WebSocketUpgrade {
    // The default read buffer is 128 KiB per socket; idle sockets must cost
    // kilobytes (MEASURED.md: ~5.8 KiB each with 4 KiB buffers).
    ws.read_buffer_size(4096)
        .write_buffer_size(4096)
        .max_write_buffer_size(HARD_MAX_MESSAGE)
        .max_message_size(HARD_MAX_MESSAGE)
        .max_frame_size(HARD_MAX_MESSAGE)
}

/// The visitor socket's `?site_key=`.
#[derive(Debug, Deserialize)]
pub struct VisitorQuery {
    site_key: String,
}

async fn visitor_upgrade(
    _: PublicRate,
    State(st): State<AppState>,
    Query(q): Query<VisitorQuery>,
    scheme: Scheme,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let widget = match st.store.find_widget_by_site_key(&q.site_key).await {
        Ok(Some(w)) => w,
        Ok(None) => return ApiError::NotFound("unknown site key".into()).into_response(),
        Err(e) => return ApiError::from(e).into_response(),
    };
    if let Err(e) = origin::check(&st, &widget, &headers, scheme) {
        return e.into_response();
    }
    let tracker = st.tracker.clone();
    sized(ws)
        .on_upgrade(move |socket| {
            tracker.track_future(session::run(
                st,
                socket,
                Who::Visitor {
                    widget: Box::new(widget),
                    ip,
                },
            ))
        })
        .into_response()
}

async fn agent_upgrade(State(st): State<AppState>, ws: WebSocketUpgrade) -> Response {
    let tracker = st.tracker.clone();
    sized(ws)
        .on_upgrade(move |socket| tracker.track_future(session::run(st, socket, Who::Agent)))
        .into_response()
}
