//! KubeChat's domain: types and rules with no I/O, shared by every other
//! crate — the `Operation` contract with its names, resource types and
//! risk classes, the kubectl command-line form, and the injectable clock.

pub mod account;
pub mod breaker;
pub mod clock;
pub mod display;
mod error;
pub mod fieldpath;
mod generate;
pub mod kubectl;
pub mod names;
pub mod operation;
pub mod policy;
pub mod redact;
pub mod resources;
pub mod signer;
pub mod taint;

pub use account::UserRole;
pub use breaker::{Breaker, BreakerState};
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{Error, Result};
pub use names::{ClusterName, ContainerName, Namespace, ResourceName, Selector};
pub use operation::{
    Cascade, Operation, OutputFormat, Params, Risk, ServiceType, Since, Timeout, Usage, Verb,
    check_explain_field,
};
pub use policy::{Decision, DestructiveConfirmation, McpConfirmation, Policy};
pub use resources::{ResourceInfo, ResourceType};
pub use signer::Signer;
pub use taint::{TaintChange, TaintEffect};
