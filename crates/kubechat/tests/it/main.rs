//! The `kubechat` binary as an operator runs it: a real process, real
//! signals, real exit codes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod ask;
mod billing;
mod chat_client;
mod config_errors;
mod mcp_stdio;
mod operator;
mod process;
mod serve;
mod sso_chat;
mod translate;
mod users;
