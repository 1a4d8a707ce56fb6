//! The in-memory engine: one process, bounded, expiry on an injected clock.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use kubechat_core::Clock;
use time::OffsetDateTime;

use crate::{Error, Result};

/// Most live entries held; past this, expired entries are swept and then
/// writes are refused rather than growing without bound.
pub const MAX_ENTRIES: usize = 100_000;

#[derive(Debug)]
struct Entry {
    value: Vec<u8>,
    expires: OffsetDateTime,
}

/// Process-local ephemeral state.
#[derive(Debug, Clone)]
pub struct MemoryCache {
    entries: Arc<Mutex<HashMap<String, Entry>>>,
    clock: Arc<dyn Clock>,
}

impl MemoryCache {
    /// An empty cache reading time from `clock`.
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            entries: Arc::default(),
            clock,
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut HashMap<String, Entry>, OffsetDateTime) -> T) -> T {
        let now = self.clock.now();
        let mut map = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut map, now)
    }

    pub(crate) fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.with(|m, now| match m.get(key) {
            Some(e) if e.expires > now => Some(e.value.clone()),
            Some(_) => {
                m.remove(key);
                None
            }
            None => None,
        }))
    }

    pub(crate) fn set(&self, key: &str, value: &[u8], ttl: Duration) -> Result<()> {
        self.with(|m, now| {
            make_room(m, key, now)?;
            m.insert(
                key.to_owned(),
                Entry {
                    value: value.to_vec(),
                    expires: now + ttl,
                },
            );
            Ok(())
        })
    }

    pub(crate) fn throttle(
        &self,
        key: &str,
        limit: u32,
        period: Duration,
    ) -> Result<crate::Throttle> {
        self.with(|m, now| {
            let now_ms = (now.unix_timestamp_nanos() / 1_000_000) as f64;
            let stored = match m.get(key) {
                Some(e) if e.expires > now => std::str::from_utf8(&e.value)
                    .ok()
                    .and_then(|s| s.parse::<f64>().ok()),
                _ => None,
            };
            let (answer, store) = crate::throttle::gcra(now_ms, stored, limit, period);
            if let Some(tat) = store {
                make_room(m, key, now)?;
                let ttl = Duration::from_millis((tat - now_ms).max(1.0).ceil() as u64);
                m.insert(
                    key.to_owned(),
                    Entry {
                        value: format!("{tat:.3}").into_bytes(),
                        expires: now + ttl,
                    },
                );
            }
            Ok(answer)
        })
    }

    pub(crate) fn delete(&self, key: &str) -> bool {
        self.with(|m, now| m.remove(key).is_some_and(|e| e.expires > now))
    }

    pub(crate) fn incr(&self, key: &str, window: Duration) -> Result<u64> {
        self.with(|m, now| {
            let live = m.get(key).filter(|e| e.expires > now);
            let (count, expires) = match live {
                Some(e) => (parse_count(&e.value) + 1, e.expires),
                None => {
                    make_room(m, key, now)?;
                    (1, now + window)
                }
            };
            m.insert(
                key.to_owned(),
                Entry {
                    value: count.to_string().into_bytes(),
                    expires,
                },
            );
            Ok(count)
        })
    }

    /// Live entries right now.
    pub fn len(&self) -> usize {
        self.with(|m, now| m.values().filter(|e| e.expires > now).count())
    }

    /// True when no live entry is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn parse_count(v: &[u8]) -> u64 {
    std::str::from_utf8(v)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn make_room(m: &mut HashMap<String, Entry>, key: &str, now: OffsetDateTime) -> Result<()> {
    if m.len() < MAX_ENTRIES || m.contains_key(key) {
        return Ok(());
    }
    m.retain(|_, e| e.expires > now);
    if m.len() >= MAX_ENTRIES {
        return Err(Error::Full { max: MAX_ENTRIES });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use kubechat_core::ManualClock;

    use super::*;

    fn cache() -> (MemoryCache, ManualClock) {
        let clock = ManualClock::new(OffsetDateTime::UNIX_EPOCH);
        (MemoryCache::new(Arc::new(clock.clone())), clock)
    }

    #[test]
    fn entries_expire_on_the_clock() {
        let (c, clock) = cache();
        c.set("k", b"v", Duration::from_secs(10)).unwrap();
        clock.advance(Duration::from_secs(9));
        assert_eq!(c.get("k").unwrap().as_deref(), Some(&b"v"[..]));
        clock.advance(Duration::from_secs(1));
        assert_eq!(c.get("k").unwrap(), None);
    }

    #[test]
    fn counters_use_a_fixed_window() {
        let (c, clock) = cache();
        let w = Duration::from_secs(60);
        assert_eq!(c.incr("rl", w).unwrap(), 1);
        clock.advance(Duration::from_secs(30));
        assert_eq!(c.incr("rl", w).unwrap(), 2);
        clock.advance(Duration::from_secs(30));
        assert_eq!(c.incr("rl", w).unwrap(), 1, "window restarts after expiry");
    }

    #[test]
    fn delete_reports_only_live_entries() {
        let (c, clock) = cache();
        c.set("a", b"1", Duration::from_secs(1)).unwrap();
        c.set("b", b"1", Duration::from_secs(1)).unwrap();
        assert!(c.delete("a"));
        clock.advance(Duration::from_secs(2));
        assert!(!c.delete("b"));
        assert!(c.is_empty());
    }
}
