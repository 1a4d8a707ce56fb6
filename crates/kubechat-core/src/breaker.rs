//! A circuit breaker: stop calling a peer that keeps failing.
//!
//! Shared by the SIEM exporter and the LLM providers; time comes from the
//! caller (an injected [`crate::Clock`]) so tests move it instead of
//! sleeping.

use std::time::Duration;

use time::OffsetDateTime;

/// Where a breaker stands at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    /// Calls go through.
    Closed,
    /// The cool-down is over: the next call is a trial.
    HalfOpen,
    /// Calls are refused until the cool-down ends.
    Open,
}

impl BreakerState {
    /// The gauge value exported for the state (0 closed, 1 half-open, 2 open).
    pub fn as_gauge(self) -> i64 {
        match self {
            BreakerState::Closed => 0,
            BreakerState::HalfOpen => 1,
            BreakerState::Open => 2,
        }
    }
}

/// Stops hammering a peer that keeps failing: after `threshold`
/// consecutive failures it opens for `cooldown`, then lets one trial
/// through (half-open); a failed trial opens it again at once.
#[derive(Debug, Clone)]
pub struct Breaker {
    threshold: u32,
    cooldown: Duration,
    failures: u32,
    open_until: Option<OffsetDateTime>,
}

impl Breaker {
    pub fn new(threshold: u32, cooldown: Duration) -> Self {
        Self {
            threshold: threshold.max(1),
            cooldown,
            failures: 0,
            open_until: None,
        }
    }

    /// Whether a call may be tried at `now`.
    pub fn allows(&self, now: OffsetDateTime) -> bool {
        self.open_until.is_none_or(|t| now >= t)
    }

    /// The state at `now`.
    pub fn state(&self, now: OffsetDateTime) -> BreakerState {
        match self.open_until {
            None => BreakerState::Closed,
            Some(t) if now >= t => BreakerState::HalfOpen,
            Some(_) => BreakerState::Open,
        }
    }

    /// When the breaker lets the next trial through, if it is open.
    pub fn open_until(&self) -> Option<OffsetDateTime> {
        self.open_until
    }

    /// Consecutive failures so far.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    pub fn success(&mut self) {
        self.failures = 0;
        self.open_until = None;
    }

    pub fn failure(&mut self, now: OffsetDateTime) {
        self.failures = self.failures.saturating_add(1);
        if self.failures >= self.threshold {
            self.open_until = Some(now + self.cooldown);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::{Clock, ManualClock};
    use time::macros::datetime;

    #[test]
    fn breaker_opens_after_threshold_and_half_opens_after_cooldown() {
        let clock = ManualClock::new(datetime!(2026-11-23 12:00 UTC));
        let mut b = Breaker::new(3, Duration::from_secs(30));
        for _ in 0..2 {
            b.failure(clock.now());
            assert!(b.allows(clock.now()), "below the threshold it stays closed");
        }
        b.failure(clock.now());
        assert!(!b.allows(clock.now()), "open after 3 failures");
        clock.advance(Duration::from_secs(29));
        assert!(!b.allows(clock.now()));
        clock.advance(Duration::from_secs(1));
        assert!(b.allows(clock.now()), "half-open after the cooldown");
        assert_eq!(b.state(clock.now()), BreakerState::HalfOpen);
        b.failure(clock.now());
        assert!(
            !b.allows(clock.now()),
            "a failed trial opens it again at once"
        );
        clock.advance(Duration::from_secs(30));
        b.success();
        assert!(b.allows(clock.now()));
        assert_eq!(b.failures(), 0);
    }
}
