//! The executor against a real kube-apiserver (test kit), acting as
//! impersonated users whose rights come from real RBAC objects.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod demo;
mod diagnose;
mod env;
mod errors;
mod mutations;
mod reads;
mod remedies;
