//! A fresh PostgreSQL database per test, dropped afterwards.

use anyhow::{Context, Result};
use sqlx::Connection;
use sqlx::postgres::PgConnection;

/// Default server when `KUBECHAT_TEST_DATABASE_URL` is unset.
pub const DEFAULT_URL: &str = "postgres://postgres:postgres@127.0.0.1:5432/postgres";

/// A database created with a random name; dropped (connections
/// terminated) when this value is dropped.
#[derive(Debug)]
pub struct TestDatabase {
    url: String,
    name: String,
    admin_url: String,
}

impl TestDatabase {
    /// Creates `kubechat_test_<random>` on the test server.
    pub async fn create() -> Result<Self> {
        crate::init();
        let admin_url =
            std::env::var("KUBECHAT_TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_URL.to_owned());
        let mut conn = PgConnection::connect(&admin_url).await.with_context(|| {
            format!(
                "PostgreSQL for tests is not reachable at {}; start it (scripts/test.sh does) or set KUBECHAT_TEST_DATABASE_URL",
                redact(&admin_url)
            )
        })?;
        let name = crate::unique("kubechat_test_");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await?;
        conn.close().await?;
        let mut url = url::Url::parse(&admin_url)?;
        url.set_path(&format!("/{name}"));
        Ok(Self {
            url: url.to_string(),
            name,
            admin_url,
        })
    }

    /// Connection URL of this test's database.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The server's socket address, e.g. to put a [`crate::TcpProxy`] in
    /// front of it.
    pub fn addr(&self) -> Result<std::net::SocketAddr> {
        let url = url::Url::parse(&self.url)?;
        let host = url.host_str().unwrap_or("127.0.0.1");
        Ok(format!("{host}:{}", url.port().unwrap_or(5432)).parse()?)
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
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        // Drop runs outside async context; a short-lived runtime on its own
        // thread drops the database without blocking the test's runtime.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            rt.block_on(async {
                let mut conn = PgConnection::connect(&admin_url).await.ok()?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await
                    .ok()?;
                conn.close().await.ok()
            })
        })
        .join();
    }
}

fn redact(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("***"));
            }
            u.to_string()
        }
        Err(_) => "<unparsable URL>".to_owned(),
    }
}
