//! Ephemeral shared state: sessions' pending confirmations, rate-limit
//! counters, translation cache.
//!
//! One interface, two engines: Redis when `redis.url` is set (shared by
//! every replica), memory otherwise (one process only, the embedded
//! default). Values are bytes with a time to live; keys are namespaced by a
//! prefix so several deployments, or tests, can share one Redis.

mod error;
mod memory;
mod redis_cache;
mod throttle;

use std::sync::Arc;
use std::time::Duration;

use kubechat_config::RedisConfig;
use kubechat_core::Clock;

pub use error::{Error, Result};
pub use memory::MemoryCache;
pub use redis_cache::RedisCache;
pub use throttle::Throttle;

/// Longest key accepted, prefix included.
pub const MAX_KEY_BYTES: usize = 512;
/// Largest value accepted.
pub const MAX_VALUE_BYTES: usize = 1024 * 1024;
/// Default key prefix.
pub const DEFAULT_PREFIX: &str = "kubechat:";

/// The ephemeral store in use.
#[derive(Debug, Clone)]
pub enum Cache {
    Redis(Box<RedisCache>),
    Memory(MemoryCache),
}

impl Cache {
    /// Redis when configured, memory otherwise. Redis is connected lazily
    /// (and reconnected after failures), so a process can start while
    /// Redis is down and report itself not ready until it comes back.
    pub fn from_config(
        config: &RedisConfig,
        clock: Arc<dyn Clock>,
        timeout: Duration,
    ) -> Result<Self> {
        let prefix = config
            .key_prefix
            .clone()
            .unwrap_or_else(|| DEFAULT_PREFIX.to_owned());
        match &config.url {
            Some(url) => Ok(Cache::Redis(Box::new(RedisCache::new(
                url, prefix, timeout,
            )?))),
            None => Ok(Cache::Memory(MemoryCache::new(clock))),
        }
    }

    /// `redis` or `memory`.
    pub fn kind(&self) -> &'static str {
        match self {
            Cache::Redis(_) => "redis",
            Cache::Memory(_) => "memory",
        }
    }

    /// One round trip; used by the readiness probe.
    pub async fn ping(&self) -> Result<()> {
        match self {
            Cache::Redis(c) => c.ping().await,
            Cache::Memory(_) => Ok(()),
        }
    }

    /// The value under `key`, unless missing or expired.
    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        check_key(key)?;
        match self {
            Cache::Redis(c) => c.get(key).await,
            Cache::Memory(c) => c.get(key),
        }
    }

    /// The values under `keys`, in order, in one round trip (Redis
    /// `MGET`): what a per-request check of several flags costs.
    pub async fn get_many(&self, keys: &[&str]) -> Result<Vec<Option<Vec<u8>>>> {
        for k in keys {
            check_key(k)?;
        }
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        match self {
            Cache::Redis(c) => c.get_many(keys).await,
            Cache::Memory(c) => keys.iter().map(|k| c.get(k)).collect(),
        }
    }

    /// Stores `value` under `key` for `ttl`.
    pub async fn set(&self, key: &str, value: &[u8], ttl: Duration) -> Result<()> {
        check_key(key)?;
        check_ttl(ttl)?;
        if value.len() > MAX_VALUE_BYTES {
            return Err(Error::TooLarge {
                what: "value",
                len: value.len(),
                max: MAX_VALUE_BYTES,
            });
        }
        match self {
            Cache::Redis(c) => c.set(key, value, ttl).await,
            Cache::Memory(c) => c.set(key, value, ttl),
        }
    }

    /// Removes `key`; true when it existed.
    pub async fn delete(&self, key: &str) -> Result<bool> {
        check_key(key)?;
        match self {
            Cache::Redis(c) => c.delete(key).await,
            Cache::Memory(c) => Ok(c.delete(key)),
        }
    }

    /// Adds one to the counter under `key` and returns the new count. The
    /// counter expires `window` after its first increment (a fixed window,
    /// the building block of rate limits).
    pub async fn incr(&self, key: &str, window: Duration) -> Result<u64> {
        check_key(key)?;
        check_ttl(window)?;
        match self {
            Cache::Redis(c) => c.incr(key, window).await,
            Cache::Memory(c) => c.incr(key, window),
        }
    }
}

impl Cache {
    /// Counts one request against `limit` per `period` under `key`
    /// (GCRA). With Redis the check and update are one atomic script on
    /// the server's clock, so every replica shares the limit.
    pub async fn throttle(&self, key: &str, limit: u32, period: Duration) -> Result<Throttle> {
        check_key(key)?;
        check_ttl(period)?;
        let limit = limit.max(1);
        match self {
            Cache::Redis(c) => c.throttle(key, limit, period).await,
            Cache::Memory(c) => c.throttle(key, limit, period),
        }
    }
}

fn check_key(key: &str) -> Result<()> {
    if key.is_empty() || key.len() > MAX_KEY_BYTES - DEFAULT_PREFIX.len().max(64) {
        return Err(Error::TooLarge {
            what: "key",
            len: key.len(),
            max: MAX_KEY_BYTES - 64,
        });
    }
    Ok(())
}

fn check_ttl(ttl: Duration) -> Result<()> {
    if ttl.is_zero() {
        return Err(Error::InvalidTtl);
    }
    Ok(())
}
