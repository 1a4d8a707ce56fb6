//! KubeChat as a Model Context Protocol server — the parts without I/O.
//!
//! MCP clients (IDE agents, desktop assistants, other agents) reach
//! KubeChat with the person's own KubeChat token: what they may do is what
//! the person may do under the bot's policy, every call is audited with
//! channel `mcp`, and a change is only ever a dry-run preview until a
//! person confirms it. This crate holds the protocol's messages
//! ([`rpc`]) and the tool catalogue with the mapping of a call onto a
//! KubeChat request ([`tools`]); the server crate carries them over
//! Streamable HTTP, and the same catalogue can serve a stdio transport.

pub mod prompts;
pub mod rpc;
pub mod tools;

pub use rpc::{Message, PROTOCOL_VERSIONS, RpcError};
pub use tools::{Call, Tool, catalogue, read_call};
