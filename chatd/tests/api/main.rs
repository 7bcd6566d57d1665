//! chatd's integration tests: the real binary on a random port, a fresh data
//! dir per test, driven through the same typed client chatctl uses.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ai_provider;
mod auth;
mod authz;
mod canned;
mod cli;
mod crash;
mod edges;
mod escalation;
mod first_run;
mod harness;
mod health;
mod identity;
mod limits;
mod postgres;
mod realtime;
mod roles;
mod store_errors;
mod tls;
mod transfer;
mod widgets;
