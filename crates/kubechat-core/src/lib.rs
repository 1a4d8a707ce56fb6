//! KubeChat's domain: types and rules with no I/O, shared by every other
//! crate. Today it holds the clock abstraction; the `Operation` model,
//! risk classes and policy land here next.

pub mod clock;

pub use clock::{Clock, ManualClock, SystemClock};
