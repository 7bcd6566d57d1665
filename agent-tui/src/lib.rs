//! agent-tui: the support agent's workspace in a terminal.
//!
//! [`app`] is the state machine (no I/O), [`ui`] draws it, [`driver`] runs
//! the loop, [`net`] owns the socket and the HTTP client, [`keys`] is the
//! one keymap.
#![forbid(unsafe_code)]

pub mod app;
pub mod bell;
pub mod cli;
pub mod context;
pub mod driver;
pub mod keys;
pub mod net;
pub mod strings;
pub mod terminal;
pub mod ui;
