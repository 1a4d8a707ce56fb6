//! Server integration tests against real PostgreSQL, Redis and
//! kube-apiserver from the test kit.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod accounts;
mod approvals;
mod attacks;
mod audit;
mod billing;
mod bots;
mod chat;
mod elsewhere;
mod health;
mod helpers;
mod http;
mod isolation;
mod limits;
mod mcp;
mod nlp;
mod operator_mode;
mod scenarios;
mod setup;
mod shutdown;
mod slack;
mod sso;
mod web;
mod ws;
