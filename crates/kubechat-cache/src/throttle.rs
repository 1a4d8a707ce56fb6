//! Rate limiting with GCRA (the generic cell rate algorithm): `limit`
//! requests per `period`, bursts up to `limit`, one timestamp of state per
//! key. The same arithmetic runs in process memory and, atomically, as a
//! Redis script on the Redis server's clock, so limits hold across
//! replicas.

use std::time::Duration;

/// The answer for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttle {
    pub allowed: bool,
    pub limit: u32,
    /// Requests still allowed right now.
    pub remaining: u32,
    /// When refused: how long until one request is allowed again.
    pub retry_after: Duration,
    /// How long until the full burst is available again.
    pub reset_after: Duration,
}

/// One GCRA step at `now_ms` with the stored theoretical arrival time;
/// returns the answer and the new arrival time to store (`None`: refused,
/// nothing to store).
pub(crate) fn gcra(
    now_ms: f64,
    stored: Option<f64>,
    limit: u32,
    period: Duration,
) -> (Throttle, Option<f64>) {
    let period_ms = period.as_secs_f64() * 1000.0;
    let limit = limit.max(1);
    let interval = period_ms / f64::from(limit);
    let tat = stored.unwrap_or(now_ms).max(now_ms);
    let new_tat = tat + interval;
    let allow_at = new_tat - period_ms;
    let ms = |x: f64| Duration::from_millis(x.max(0.0).ceil() as u64);
    if now_ms < allow_at {
        return (
            Throttle {
                allowed: false,
                limit,
                remaining: 0,
                retry_after: ms(allow_at - now_ms),
                reset_after: ms(tat - now_ms),
            },
            None,
        );
    }
    let remaining = ((period_ms - (new_tat - now_ms)) / interval)
        .floor()
        .max(0.0) as u32;
    (
        Throttle {
            allowed: true,
            limit,
            remaining,
            retry_after: Duration::ZERO,
            reset_after: ms(new_tat - now_ms),
        },
        Some(new_tat),
    )
}

/// The same step in Redis, atomic, on the server's clock. KEYS[1]: the
/// key; ARGV: limit, period in ms. Returns {allowed, remaining,
/// retry_after_ms, reset_after_ms}.
pub(crate) const SCRIPT: &str = r"
local limit = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = period / limit
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - period
if now < allow_at then
  return {0, 0, math.ceil(allow_at - now), math.ceil(tat - now)}
end
redis.call('SET', KEYS[1], string.format('%.3f', new_tat), 'PX', math.max(1, math.ceil(new_tat - now)))
return {1, math.floor((period - (new_tat - now)) / interval), 0, math.ceil(new_tat - now)}
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_up_to_the_limit_then_spaces_requests() {
        let period = Duration::from_secs(60);
        let mut tat = None;
        let mut now = 1_000_000.0;
        for i in 0..5 {
            let (t, next) = gcra(now, tat, 5, period);
            assert!(t.allowed, "request {i}");
            assert_eq!(t.remaining, 4 - i);
            tat = next;
        }
        let (t, next) = gcra(now, tat, 5, period);
        assert!(!t.allowed);
        assert!(next.is_none());
        assert_eq!(
            t.retry_after,
            Duration::from_secs(12),
            "one slot per 60/5 s"
        );
        now += 12_000.0;
        let (t, _) = gcra(now, tat, 5, period);
        assert!(t.allowed, "a slot came back");
    }
}
