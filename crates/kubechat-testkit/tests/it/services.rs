use kubechat_testkit::{ProxyMode, TcpProxy, TestDatabase, TestRedis};
use sqlx::Connection;

#[tokio::test]
async fn each_test_database_is_fresh_and_dropped_afterwards() -> anyhow::Result<()> {
    let db = TestDatabase::create().await?;
    let name = db.name().to_owned();
    let mut conn = sqlx::PgConnection::connect(db.url()).await?;
    let current: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(&mut conn)
        .await?;
    assert_eq!(current, name);
    conn.close().await?;
    drop(db);

    let admin_url = std::env::var("KUBECHAT_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres:postgres@127.0.0.1:5432/postgres".into());
    let mut admin = sqlx::PgConnection::connect(&admin_url).await?;
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM pg_database WHERE datname = $1")
        .bind(&name)
        .fetch_one(&mut admin)
        .await?;
    assert_eq!(left, 0, "database {name} should be dropped");
    Ok(())
}

#[tokio::test]
async fn redis_namespace_is_cleaned_up() -> anyhow::Result<()> {
    let r = TestRedis::create().await?;
    let client = redis::Client::open(r.url())?;
    let mut conn = client.get_multiplexed_async_connection().await?;
    let key = format!("{}probe", r.prefix());
    redis::cmd("SET")
        .arg(&key)
        .arg("1")
        .query_async::<()>(&mut conn)
        .await?;
    assert_eq!(r.keys()?, vec![key.clone()]);
    drop(r);
    let exists: bool = redis::cmd("EXISTS")
        .arg(&key)
        .query_async(&mut conn)
        .await?;
    assert!(!exists);
    Ok(())
}

#[tokio::test]
async fn proxy_forwards_refuses_and_recovers() -> anyhow::Result<()> {
    let db = TestDatabase::create().await?;
    let target = url::Url::parse(db.url())?;
    let addr = format!(
        "{}:{}",
        target.host_str().unwrap_or("127.0.0.1"),
        target.port().unwrap_or(5432)
    );
    let proxy = TcpProxy::start(addr.parse()?).await?;
    let via = db.url_via(proxy.addr())?;
    sqlx::PgConnection::connect(&via).await?.close().await?;
    proxy.set_mode(ProxyMode::Refuse);
    assert!(sqlx::PgConnection::connect(&via).await.is_err());
    proxy.set_mode(ProxyMode::Forward);
    sqlx::PgConnection::connect(&via).await?.close().await?;
    assert_eq!(proxy.accepted(), 3);
    Ok(())
}
