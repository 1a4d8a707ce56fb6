//! Proves the test kit's parts are real: the control plane enforces
//! authentication, RBAC and impersonation; PostgreSQL and Redis are live.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod control_plane;
mod services;
