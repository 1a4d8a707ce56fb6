//! KubeChat in Slack, the Slack side of it: request signatures
//! ([`verify`]), the payloads Slack sends ([`payload`]), messages with
//! buttons ([`render`]), the Web API client ([`api`]), which KubeChat
//! person a Slack user is ([`links`]) and the teams that added KubeChat
//! ([`installs`]). The gateway's `slack_api` module
//! joins these to the chat turn.

pub mod api;
mod error;
pub mod installs;
pub mod links;
pub mod payload;
pub mod render;
pub mod verify;

pub use error::{Error, Result};
