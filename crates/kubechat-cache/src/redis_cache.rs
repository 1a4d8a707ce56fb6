//! The Redis engine.

use std::time::Duration;

use kubechat_config::SecretUrl;
use redis::AsyncCommands;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use tokio::sync::OnceCell;

use crate::{Error, Result};

/// Redis-backed ephemeral state shared by every replica.
#[derive(Clone)]
pub struct RedisCache {
    client: redis::Client,
    conn: std::sync::Arc<OnceCell<ConnectionManager>>,
    prefix: String,
    url: String,
    timeout: Duration,
}

impl std::fmt::Debug for RedisCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisCache")
            .field("url", &self.url)
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl RedisCache {
    /// A handle on the Redis at `url`; nothing is connected until first use.
    /// `timeout` bounds every command so a hung Redis cannot hang callers.
    pub fn new(url: &SecretUrl, prefix: String, timeout: Duration) -> Result<Self> {
        let shown = url.redacted();
        let client = redis::Client::open(url.expose()).map_err(|source| Error::Redis {
            url: shown.clone(),
            source,
        })?;
        Ok(Self {
            client,
            conn: std::sync::Arc::default(),
            prefix,
            url: shown,
            timeout,
        })
    }

    /// The prefix put before every key.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// Runs `f` on the shared connection, bounded by the timeout; the first
    /// call (and any call after a failed first connection) connects.
    async fn run<T, F, Fut>(&self, f: F) -> Result<T>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = redis::RedisResult<T>>,
    {
        let work = async {
            let conn = self
                .conn
                .get_or_try_init(|| {
                    let config = ConnectionManagerConfig::new()
                        .set_connection_timeout(Some(self.timeout))
                        .set_response_timeout(Some(self.timeout))
                        .set_number_of_retries(1);
                    ConnectionManager::new_with_config(self.client.clone(), config)
                })
                .await?
                .clone();
            f(conn).await
        };
        let timed_out = || Error::Timeout {
            url: self.url.clone(),
            timeout_ms: self.timeout.as_millis(),
        };
        // The client's own response timeout and this outer bound race; both
        // mean the same thing to an operator and are reported alike.
        match tokio::time::timeout(self.timeout, work).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(source)) if source.is_timeout() => Err(timed_out()),
            Ok(Err(source)) => Err(Error::Redis {
                url: self.url.clone(),
                source,
            }),
            Err(_) => Err(timed_out()),
        }
    }

    pub(crate) async fn ping(&self) -> Result<()> {
        self.run(|mut c| async move {
            redis::cmd("PING")
                .query_async::<String>(&mut c)
                .await
                .map(|_| ())
        })
        .await
    }

    pub(crate) async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        let k = self.key(key);
        self.run(|mut c| async move { c.get(k).await }).await
    }

    pub(crate) async fn get_many(&self, keys: &[&str]) -> Result<Vec<Option<Vec<u8>>>> {
        let ks: Vec<String> = keys.iter().map(|k| self.key(k)).collect();
        self.run(|mut c| async move {
            redis::cmd("MGET")
                .arg(ks)
                .query_async::<Vec<Option<Vec<u8>>>>(&mut c)
                .await
        })
        .await
    }

    pub(crate) async fn set(&self, key: &str, value: &[u8], ttl: Duration) -> Result<()> {
        let k = self.key(key);
        let v = value.to_vec();
        let ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX);
        self.run(|mut c| async move {
            redis::cmd("SET")
                .arg(k)
                .arg(v)
                .arg("PX")
                .arg(ms)
                .query_async::<()>(&mut c)
                .await
        })
        .await
    }

    pub(crate) async fn delete(&self, key: &str) -> Result<bool> {
        let k = self.key(key);
        self.run(|mut c| async move { c.del::<_, u64>(k).await.map(|n| n > 0) })
            .await
    }

    pub(crate) async fn incr(&self, key: &str, window: Duration) -> Result<u64> {
        let k = self.key(key);
        let ms = u64::try_from(window.as_millis()).unwrap_or(u64::MAX);
        // INCR and PEXPIRE NX in one transaction: the window starts at the
        // first increment and later increments do not extend it.
        self.run(|mut c| async move {
            let (count,): (u64,) = redis::pipe()
                .atomic()
                .incr(&k, 1u64)
                .cmd("PEXPIRE")
                .arg(&k)
                .arg(ms)
                .arg("NX")
                .ignore()
                .query_async(&mut c)
                .await?;
            Ok(count)
        })
        .await
    }

    pub(crate) async fn throttle(
        &self,
        key: &str,
        limit: u32,
        period: Duration,
    ) -> Result<crate::Throttle> {
        let k = self.key(key);
        let ms = u64::try_from(period.as_millis()).unwrap_or(u64::MAX);
        let (allowed, remaining, retry, reset): (i64, i64, i64, i64) = self
            .run(|mut c| async move {
                redis::Script::new(crate::throttle::SCRIPT)
                    .key(k)
                    .arg(limit)
                    .arg(ms)
                    .invoke_async(&mut c)
                    .await
            })
            .await?;
        let d = |v: i64| Duration::from_millis(u64::try_from(v).unwrap_or(0));
        Ok(crate::Throttle {
            allowed: allowed == 1,
            limit,
            remaining: u32::try_from(remaining).unwrap_or(0),
            retry_after: d(retry),
            reset_after: d(reset),
        })
    }
}
