//! Runs the real chatctl binary against a real chatd (see harness.rs).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod apply;
mod auth;
mod canned;
mod conversations;
mod doctor;
mod errors;
mod harness;
mod lifecycle;
mod provision;
mod resources;
mod stats;
mod webhook;
