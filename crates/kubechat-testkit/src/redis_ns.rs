//! An isolated key namespace on the test Redis.

use anyhow::{Context, Result};

/// Default Redis when `KUBECHAT_TEST_REDIS_URL` is unset.
pub const DEFAULT_URL: &str = "redis://127.0.0.1:6379";

/// A random key prefix on the shared test Redis; its keys are deleted
/// when this value is dropped.
#[derive(Debug)]
pub struct TestRedis {
    url: String,
    prefix: String,
}

impl TestRedis {
    /// Checks that Redis answers and picks a fresh prefix.
    pub async fn create() -> Result<Self> {
        crate::init();
        let url =
            std::env::var("KUBECHAT_TEST_REDIS_URL").unwrap_or_else(|_| DEFAULT_URL.to_owned());
        let client = redis::Client::open(url.as_str())?;
        let mut conn = client.get_multiplexed_async_connection().await.with_context(|| {
            format!("Redis for tests is not reachable at {url}; start it (scripts/test.sh does) or set KUBECHAT_TEST_REDIS_URL")
        })?;
        redis::cmd("PING").query_async::<String>(&mut conn).await?;
        Ok(Self {
            url,
            prefix: format!("{}:", crate::unique("kubechat-test-")),
        })
    }

    /// The Redis URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// This test's key prefix (ends with `:`).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The URL with host and port replaced, e.g. to route through a
    /// [`crate::TcpProxy`].
    pub fn url_via(&self, addr: std::net::SocketAddr) -> Result<String> {
        let mut url = url::Url::parse(&self.url)?;
        url.set_host(Some(&addr.ip().to_string()))?;
        url.set_port(Some(addr.port()))
            .map_err(|()| anyhow::anyhow!("cannot set port"))?;
        Ok(url.to_string())
    }

    /// Keys currently under this test's prefix.
    pub fn keys(&self) -> Result<Vec<String>> {
        let client = redis::Client::open(self.url.as_str())?;
        let mut conn = client.get_connection()?;
        let keys: Vec<String> = redis::cmd("KEYS")
            .arg(format!("{}*", self.prefix))
            .query(&mut conn)?;
        Ok(keys)
    }
}

impl Drop for TestRedis {
    fn drop(&mut self) {
        if let Ok(keys) = self.keys()
            && let Ok(mut conn) =
                redis::Client::open(self.url.as_str()).and_then(|c| c.get_connection())
        {
            for k in keys {
                let _: redis::RedisResult<()> = redis::cmd("DEL").arg(k).query(&mut conn);
            }
        }
    }
}
