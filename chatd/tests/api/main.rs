//! chatd's integration tests: the real binary on a random port, a fresh data
//! dir per test, driven through the same typed client chatctl uses.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ai_provider;
mod audit;
mod auth;
mod authz;
mod backup;
mod blocking;
mod canned;
mod cli;
mod contract;
mod crash;
mod edges;
mod escalation;
mod first_run;
mod harness;
mod health;
mod identity;
mod limits;
mod metrics;
mod multinode;
mod notes;
mod postgres;
mod realtime;
mod retention;
mod roles;
mod search;
mod store_errors;
mod tls;
mod transfer;
mod visitors;
mod webhooks;
mod widgets;
