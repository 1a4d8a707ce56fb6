//! `spawn_app`: the server on a free port with a fresh database, in-process.

use std::net::SocketAddr;

use kubechat_config::{ClusterSource, Config, SecretUrl};
use kubechat_server::Application;
use kubechat_testkit::{ProxyMode, TcpProxy, TestDatabase, TestRedis};
use tokio::sync::oneshot;

/// A running server and the real parts behind it.
pub struct TestApp {
    pub addr: SocketAddr,
    pub http: reqwest::Client,
    /// Held so the test database and Redis keys live as long as the app.
    _db: TestDatabase,
    _redis: TestRedis,
    /// The data directory (token signing keys).
    _data: tempfile::TempDir,
    /// In front of PostgreSQL: switch it to take the database away.
    pub db_proxy: TcpProxy,
    /// In front of Redis.
    pub redis_proxy: TcpProxy,
    stop: Option<oneshot::Sender<()>>,
    pub server: tokio::task::JoinHandle<kubechat_server::Result<()>>,
    /// The first admin's setup link, as the server printed it (while its
    /// database had no user).
    pub setup_link: Option<String>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(self.url(path))
            .send()
            .await
            .expect("request reaches the server")
    }

    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let r = self.get(path).await;
        let status = r.status().as_u16();
        (status, r.json().await.expect("JSON body"))
    }

    /// GET with an optional bearer token; status and JSON body.
    pub fn get_as(
        &self,
        path: &str,
        token: Option<&str>,
    ) -> impl std::future::Future<Output = (u16, serde_json::Value)> + use<> {
        let mut req = self.http.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        async move {
            let r = req.send().await.expect("request reaches the server");
            let status = r.status().as_u16();
            (status, r.json().await.expect("JSON body"))
        }
    }

    /// Logs `user` in with `password`; the access token.
    pub async fn login(&self, user: &str, password: &str) -> String {
        let r = self
            .http
            .post(self.url("/api/v1/login"))
            .json(&serde_json::json!({"username": user, "password": password}))
            .send()
            .await
            .expect("request reaches the server");
        let body: serde_json::Value = r.json().await.expect("JSON body");
        body["access_token"]
            .as_str()
            .expect("an access token")
            .to_owned()
    }

    /// The accounts service on this app's database (and its store, to
    /// close or query).
    pub async fn accounts(&self) -> anyhow::Result<(kubechat_store::Store, kubechat_auth::Auth)> {
        let store = kubechat_store::Store::connect(
            &SecretUrl::new(self._db.url()),
            &kubechat_store::StoreOptions::default(),
        )
        .await?;
        // As `kubechat users` does: changes are announced in the app's
        // Redis, so the server stops trusting its copy of the user.
        let clock: std::sync::Arc<dyn kubechat_core::Clock> =
            std::sync::Arc::new(kubechat_core::SystemClock);
        let redis = kubechat_config::RedisConfig {
            url: Some(SecretUrl::new(self._redis.url())),
            key_prefix: Some(self._redis.prefix().to_owned()),
        };
        let cache = kubechat_cache::Cache::from_config(
            &redis,
            clock.clone(),
            std::time::Duration::from_secs(2),
        )?;
        let accounts = kubechat_auth::Auth::new(
            store.clone(),
            kubechat_auth::KeySet::new(),
            clock,
            kubechat_auth::AuthOptions::default(),
        )
        .with_cache(cache);
        Ok((store, accounts))
    }

    /// Creates users in the default workspace (one password for all);
    /// the store is returned for the test's own queries.
    pub async fn add_users(
        &self,
        users: &[(&str, kubechat_core::UserRole)],
        password: &str,
    ) -> anyhow::Result<kubechat_store::Store> {
        let (store, accounts) = self.accounts().await?;
        for (user, role) in users {
            accounts
                .add_user(
                    kubechat_store::DEFAULT_WORKSPACE_ID,
                    user,
                    password,
                    *role,
                    None,
                    vec![],
                )
                .await?;
        }
        Ok(store)
    }

    /// The test database's direct URL (not through the proxy).
    pub fn db_url(&self) -> &str {
        self._db.url()
    }

    /// Points `config` at this app's database, Redis and signing keys: a
    /// second replica of the same deployment.
    pub fn replica_of(&self, config: &mut Config) {
        config.database.url = Some(SecretUrl::new(self._db.url()));
        config.redis.url = Some(SecretUrl::new(self._redis.url()));
        config.redis.key_prefix = Some(self._redis.prefix().to_owned());
        config.auth.keys_dir = Some(self._data.path().join("keys"));
    }

    /// Starts graceful shutdown.
    pub fn shutdown(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

fn target(url: &str, default_port: u16) -> SocketAddr {
    let u = url::Url::parse(url).expect("valid URL");
    format!(
        "{}:{}",
        u.host_str().unwrap_or("127.0.0.1"),
        u.port().unwrap_or(default_port)
    )
    .parse()
    .expect("socket address")
}

/// Spawns the app with PostgreSQL and Redis behind proxies; `tweak` adjusts
/// the configuration first.
pub async fn spawn_app(tweak: impl FnOnce(&mut Config)) -> anyhow::Result<TestApp> {
    spawn_app_with_clock(tweak, std::sync::Arc::new(kubechat_core::SystemClock)).await
}

/// [`spawn_app`] on an injected clock.
pub async fn spawn_app_with_clock(
    tweak: impl FnOnce(&mut Config),
    clock: std::sync::Arc<dyn kubechat_core::Clock>,
) -> anyhow::Result<TestApp> {
    let db = TestDatabase::create().await?;
    let redis = TestRedis::create().await?;
    let db_proxy = TcpProxy::start(target(db.url(), 5432)).await?;
    let redis_proxy = TcpProxy::start(target(redis.url(), 6379)).await?;
    let data = tempfile::tempdir()?;
    let mut config = Config::default();
    config.server.data_dir = data.path().to_owned();
    config.server.listen = "127.0.0.1:0".parse()?;
    config.server.shutdown_grace_seconds = 10;
    config.database.url = Some(SecretUrl::new(db.url_via(db_proxy.addr())?));
    config.database.acquire_timeout_seconds = 2;
    config.redis.url = Some(SecretUrl::new(redis.url_via(redis_proxy.addr())?));
    config.redis.key_prefix = Some(redis.prefix().to_owned());
    config.kubernetes.source = ClusterSource::None;
    tweak(&mut config);
    let app = Application::build_with_clock(config, clock).await?;
    let addr = app.local_addr();
    let setup_link = app.setup_link().await;
    let (tx, rx) = oneshot::channel();
    let server = tokio::spawn(app.run_until(async move {
        let _ = rx.await;
    }));
    Ok(TestApp {
        addr,
        http: reqwest::Client::builder().no_proxy().build()?,
        _db: db,
        _redis: redis,
        _data: data,
        db_proxy,
        redis_proxy,
        stop: Some(tx),
        server,
        setup_link,
    })
}

/// `method path` with a bearer token and an optional JSON body: the
/// status and the JSON answer (`Null` when there is none).
pub async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let mut req = app.http.request(method, app.url(path)).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.expect("request reaches the server");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

/// `POST path` with a bearer token and a JSON body.
pub async fn post(
    app: &TestApp,
    path: &str,
    token: &str,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    call(app, reqwest::Method::POST, path, token, Some(body)).await
}

/// Polls `path` until it answers `status` (dependencies reconnect in the
/// background, so recovery is eventual).
pub async fn eventually_status(app: &TestApp, path: &str, status: u16) -> serde_json::Value {
    let mut last = serde_json::Value::Null;
    for _ in 0..100 {
        let (s, body) = app.get_json(path).await;
        if s == status {
            return body;
        }
        last = body;
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{path} never answered {status}; last body: {last}");
}

pub use ProxyMode::{Blackhole, Forward, Refuse};

/// A test namespace with Deployment `web` (1 replica, label app=web), a
/// Role on Deployments bound to the Kubernetes users given, and an admin
/// kubeconfig file for the app.
pub struct WebCluster {
    pub ns: String,
    pub admin: kube::Client,
    pub kubeconfig: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl WebCluster {
    /// Points an app's configuration at this cluster.
    pub fn configure(&self, c: &mut Config) {
        c.kubernetes.source = ClusterSource::Kubeconfig;
        c.kubernetes.kubeconfig = Some(self.kubeconfig.clone());
    }
}

/// Two gateway replicas on one database and Redis, both on `cluster`,
/// with `users` (name, role) created and logged in: each token comes from
/// the replica it is listed with (the first user's from `a`, the second's
/// from `b`, and so on alternating).
pub async fn two_replicas(
    cluster: &WebCluster,
    users: &[(&str, kubechat_core::UserRole)],
    password: &str,
) -> anyhow::Result<(TestApp, TestApp, Vec<String>)> {
    let a = spawn_app(|c| cluster.configure(c)).await?;
    let b = spawn_app(|c| {
        a.replica_of(c);
        cluster.configure(c);
    })
    .await?;
    a.add_users(users, password).await?;
    let mut tokens = Vec::new();
    for (i, (user, _)) in users.iter().enumerate() {
        let app = if i % 2 == 0 { &a } else { &b };
        tokens.push(app.login(user, password).await);
    }
    Ok((a, b, tokens))
}

pub async fn web_cluster(users: &[&str]) -> anyhow::Result<WebCluster> {
    use k8s_openapi::api::apps::v1::Deployment;
    use k8s_openapi::api::rbac::v1::{Role, RoleBinding};
    use kube::api::{Api, PostParams};
    use kubechat_testkit::{ControlPlane, Identity};
    use serde_json::json;
    fn from<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
        serde_json::from_value(v).expect("valid object")
    }
    let cp = ControlPlane::shared().await?;
    let ns = cp.namespace().await?.name;
    let admin = cp.client(Identity::Admin).await?;
    let pp = PostParams::default();
    Api::<Deployment>::namespaced(admin.clone(), &ns)
        .create(&pp, &from(json!({
            "metadata": {"name": "web", "labels": {"app": "web"}},
            "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                     "template": {"metadata": {"labels": {"app": "web"}},
                                  "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}
        })))
        .await?;
    Api::<Role>::namespaced(admin.clone(), &ns)
        .create(
            &pp,
            &from(json!({
                "metadata": {"name": "chat"},
                "rules": [{"apiGroups": ["apps"], "resources": ["deployments", "deployments/scale"],
                           "verbs": ["get", "list", "patch", "update", "delete"]}]
            })),
        )
        .await?;
    let subjects: Vec<serde_json::Value> = users
        .iter()
        .map(|u| json!({"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": u}))
        .collect();
    Api::<RoleBinding>::namespaced(admin.clone(), &ns)
        .create(&pp, &from(json!({
            "metadata": {"name": "chat"},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "chat"},
            "subjects": subjects
        })))
        .await?;
    let dir = tempfile::tempdir()?;
    let kubeconfig = dir.path().join("kubeconfig");
    cp.write_kubeconfig(Identity::Admin, &kubeconfig)?;
    Ok(WebCluster {
        ns,
        admin,
        kubeconfig,
        _dir: dir,
    })
}

/// The audit steps of one request in the default workspace.
pub async fn audit_steps(
    store: &kubechat_store::Store,
    request: uuid::Uuid,
) -> anyhow::Result<Vec<kubechat_audit::Event>> {
    let audit = kubechat_audit::AuditLog::start(
        store.clone(),
        std::sync::Arc::new(kubechat_core::SystemClock),
        kubechat_audit::AuditMetrics::default(),
        kubechat_audit::AuditOptions::default(),
    );
    Ok(audit
        .steps(kubechat_store::DEFAULT_WORKSPACE_ID, request)
        .await?)
}

/// Another Deployment in the cluster's namespace, like `web`.
pub async fn create_deployment(cluster: &WebCluster, name: &str) -> anyhow::Result<()> {
    use k8s_openapi::api::apps::v1::Deployment;
    use kube::api::{Api, PostParams};
    let d: Deployment = serde_json::from_value(serde_json::json!({
        "metadata": {"name": name, "labels": {"app": name}},
        "spec": {"replicas": 1, "selector": {"matchLabels": {"app": name}},
                 "template": {"metadata": {"labels": {"app": name}},
                              "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}
    }))?;
    Api::<Deployment>::namespaced(cluster.admin.clone(), &cluster.ns)
        .create(&PostParams::default(), &d)
        .await?;
    Ok(())
}
