//! Text frames on the agent socket (`/api/v1/agent/ws`): the hello, then
//! commands, through chatd's own frame parser (`chatd::ws::parse`).
#![no_main]

use chatd_fuzz::{Socket, socket_frame};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // WebSocket text frames are UTF-8; the socket layer refuses others.
    if let Ok(text) = std::str::from_utf8(data) {
        socket_frame(text, Socket::Agent);
    }
});
