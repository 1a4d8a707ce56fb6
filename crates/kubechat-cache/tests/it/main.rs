//! The same behaviour from the Redis engine (real Redis, isolated prefix)
//! and the memory engine.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Duration;

use kubechat_cache::Cache;
use kubechat_config::{RedisConfig, SecretUrl};
use kubechat_core::SystemClock;
use kubechat_testkit::{ProxyMode, TcpProxy, TestRedis};

async fn behaves(cache: &Cache) -> anyhow::Result<()> {
    cache.ping().await?;
    assert_eq!(cache.get("missing").await?, None);
    cache
        .set("session:1", b"hello", Duration::from_secs(60))
        .await?;
    assert_eq!(
        cache.get("session:1").await?.as_deref(),
        Some(&b"hello"[..])
    );
    cache.set("flag:a", b"1", Duration::from_secs(60)).await?;
    assert_eq!(
        cache.get_many(&["session:1", "missing", "flag:a"]).await?,
        vec![Some(b"hello".to_vec()), None, Some(b"1".to_vec())]
    );
    assert_eq!(cache.get_many(&[]).await?, Vec::<Option<Vec<u8>>>::new());
    assert!(cache.delete("flag:a").await?);
    assert!(cache.delete("session:1").await?);
    assert!(!cache.delete("session:1").await?);

    let w = Duration::from_secs(60);
    for expected in 1..=3 {
        assert_eq!(cache.incr("rate-limit:alice", w).await?, expected);
    }

    // GCRA: a burst of 4, then refused with the time to wait.
    let minute = Duration::from_secs(60);
    for left in (0..4).rev() {
        let t = cache.throttle("rl:bob", 4, minute).await?;
        assert!(t.allowed);
        assert_eq!(t.remaining, left);
    }
    let t = cache.throttle("rl:bob", 4, minute).await?;
    assert!(!t.allowed);
    assert!(
        t.retry_after > Duration::from_secs(14) && t.retry_after <= Duration::from_secs(15),
        "{t:?}"
    );

    let too_big = vec![0u8; kubechat_cache::MAX_VALUE_BYTES + 1];
    let err = cache.set("big", &too_big, w).await.unwrap_err();
    assert!(err.to_string().contains("exceeds the limit"), "{err}");
    assert!(cache.set("k", b"v", Duration::ZERO).await.is_err());
    Ok(())
}

fn redis_config(url: &str, prefix: &str) -> RedisConfig {
    RedisConfig {
        url: Some(SecretUrl::new(url)),
        key_prefix: Some(prefix.to_owned()),
    }
}

#[tokio::test]
async fn memory_engine() -> anyhow::Result<()> {
    let cache = Cache::from_config(
        &RedisConfig::default(),
        Arc::new(SystemClock),
        Duration::from_secs(1),
    )?;
    assert_eq!(cache.kind(), "memory");
    behaves(&cache).await
}

#[tokio::test]
async fn redis_engine_keeps_keys_under_its_prefix() -> anyhow::Result<()> {
    let r = TestRedis::create().await?;
    let cache = Cache::from_config(
        &redis_config(r.url(), r.prefix()),
        Arc::new(SystemClock),
        Duration::from_secs(2),
    )?;
    assert_eq!(cache.kind(), "redis");
    behaves(&cache).await?;
    let mut keys = r.keys()?;
    keys.sort();
    assert_eq!(
        keys,
        vec![
            format!("{}rate-limit:alice", r.prefix()),
            format!("{}rl:bob", r.prefix())
        ]
    );
    Ok(())
}

#[tokio::test]
async fn redis_outage_is_an_error_and_recovery_needs_no_restart() -> anyhow::Result<()> {
    let r = TestRedis::create().await?;
    let target = url::Url::parse(r.url())?;
    let addr = format!(
        "{}:{}",
        target.host_str().unwrap_or("127.0.0.1"),
        target.port().unwrap_or(6379)
    );
    let proxy = TcpProxy::start(addr.parse()?).await?;
    let cache = Cache::from_config(
        &redis_config(&r.url_via(proxy.addr())?, r.prefix()),
        Arc::new(SystemClock),
        Duration::from_millis(500),
    )?;
    cache.ping().await?;

    proxy.set_mode(ProxyMode::Blackhole);
    let err = cache.ping().await.unwrap_err();
    assert!(err.to_string().contains("no answer within 500 ms"), "{err}");

    proxy.set_mode(ProxyMode::Forward);
    let mut attempts = 0;
    while let Err(e) = cache.ping().await {
        attempts += 1;
        assert!(attempts < 50, "redis did not recover: {e}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

/// Two replicas (two connections) sharing one Redis share one limit.
#[tokio::test]
async fn redis_rate_limits_hold_across_replicas() -> anyhow::Result<()> {
    let r = TestRedis::create().await?;
    let open = || {
        Cache::from_config(
            &redis_config(r.url(), r.prefix()),
            Arc::new(SystemClock),
            Duration::from_secs(2),
        )
    };
    let (a, b) = (open()?, open()?);
    let mut tasks = Vec::new();
    for i in 0..40 {
        let c = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            c.throttle("rl:shared", 10, Duration::from_secs(60))
                .await
                .unwrap()
                .allowed
        }));
    }
    let mut admitted = 0;
    for t in tasks {
        admitted += usize::from(t.await?);
    }
    assert_eq!(admitted, 10, "exactly the limit, across both");
    Ok(())
}
