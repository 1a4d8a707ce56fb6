//! A real kube-apiserver with etcd on loopback ports.
//!
//! RBAC authorization, static token authentication with an admin in
//! `system:masters` and unprivileged users, service-account signing keys,
//! a self-signed serving certificate trusted through the generated
//! kubeconfigs (TLS is verified, never disabled). There is no scheduler,
//! kubelet or controller-manager: tests create the objects they need.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use k8s_openapi::api::core::v1::Namespace;
use kube::api::{Api, ObjectMeta, PostParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use tokio::sync::OnceCell;

use crate::process::spawn_tied;

/// How long the control plane may take to become ready (usually 3–15 s;
/// generous for a loaded two-core CI machine).
const STARTUP_LIMIT: Duration = Duration::from_secs(180);

/// The versions `scripts/control-plane.sh` builds, read from the same file
/// so the test kit finds the cache the script fills.
const VERSIONS: &str = include_str!("../../../scripts/control-plane.env");

/// Who calls the API server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Identity {
    /// `kubechat-admin` in `system:masters`: may do anything.
    Admin,
    /// `alice` in group `developers`: no rights until a test grants some.
    Alice,
    /// `bob` in group `developers`: no rights until a test grants some.
    Bob,
}

impl Identity {
    const ALL: [Identity; 3] = [Identity::Admin, Identity::Alice, Identity::Bob];

    /// The Kubernetes user name.
    pub fn username(self) -> &'static str {
        match self {
            Identity::Admin => "kubechat-admin",
            Identity::Alice => "alice",
            Identity::Bob => "bob",
        }
    }

    /// The Kubernetes groups.
    pub fn groups(self) -> &'static [&'static str] {
        match self {
            Identity::Admin => &["system:masters"],
            Identity::Alice | Identity::Bob => &["developers"],
        }
    }
}

/// A running etcd + kube-apiserver pair. Dropping it kills both; a shared
/// one ([`ControlPlane::shared`]) dies with the test binary.
#[derive(Debug)]
pub struct ControlPlane {
    dir: PathBuf,
    server: String,
    ca: PathBuf,
    tokens: Vec<(Identity, String)>,
    children: Mutex<Vec<std::process::Child>>,
}

static SHARED: OnceCell<ControlPlane> = OnceCell::const_new();

impl ControlPlane {
    /// One control plane for the whole test binary, started on first use.
    /// Give each test its own namespace ([`ControlPlane::namespace`]).
    pub async fn shared() -> Result<&'static ControlPlane> {
        SHARED.get_or_try_init(ControlPlane::start).await
    }

    /// Starts a dedicated control plane (for tests that stop or break it).
    pub async fn start() -> Result<Self> {
        crate::init();
        let bin = binaries()?;
        let base = std::env::temp_dir().join("kubechat-testkit");
        clean_stale(&base);
        let dir = base.join(format!("{}-{}", std::process::id(), crate::unique("")));
        std::fs::create_dir_all(dir.join("certs"))?;
        let (etcd_port, peer_port, api_port) = (
            crate::free_port()?,
            crate::free_port()?,
            crate::free_port()?,
        );

        let key = rcgen::KeyPair::generate().context("generating the service-account key")?;
        std::fs::write(dir.join("sa.key"), key.serialize_pem())?;
        std::fs::write(dir.join("sa.pub"), key.public_key_pem())?;
        let tokens: Vec<(Identity, String)> = Identity::ALL
            .iter()
            .map(|id| (*id, uuid::Uuid::new_v4().simple().to_string()))
            .collect();
        let csv: String = tokens
            .iter()
            .map(|(id, t)| {
                format!(
                    "{t},{},uid-{},\"{}\"\n",
                    id.username(),
                    id.username(),
                    id.groups().join(",")
                )
            })
            .collect();
        std::fs::write(dir.join("tokens.csv"), csv)?;

        let mut plane = Self {
            server: format!("https://127.0.0.1:{api_port}"),
            ca: dir.join("certs").join("apiserver.crt"),
            dir,
            tokens,
            children: Mutex::new(Vec::new()),
        };
        let d = plane.dir.display().to_string();
        let etcd_url = format!("http://127.0.0.1:{etcd_port}");
        let peer_url = format!("http://127.0.0.1:{peer_port}");
        let etcd_args: Vec<String> = [
            "--name=testkit".to_owned(),
            format!("--data-dir={d}/etcd"),
            format!("--listen-client-urls={etcd_url}"),
            format!("--advertise-client-urls={etcd_url}"),
            format!("--listen-peer-urls={peer_url}"),
            format!("--initial-advertise-peer-urls={peer_url}"),
            format!("--initial-cluster=testkit={peer_url}"),
            "--unsafe-no-fsync=true".to_owned(),
            "--log-level=warn".to_owned(),
        ]
        .into();
        plane.spawn(&bin.join("etcd"), &etcd_args, "etcd.log")?;
        plane
            .wait_ready("etcd", &format!("{etcd_url}/health"), None)
            .await?;

        let api_args: Vec<String> = [
            format!("--etcd-servers={etcd_url}"),
            format!("--cert-dir={d}/certs"),
            format!("--secure-port={api_port}"),
            "--bind-address=127.0.0.1".to_owned(),
            "--advertise-address=127.0.0.1".to_owned(),
            "--service-cluster-ip-range=10.0.0.0/24".to_owned(),
            "--allow-privileged=true".to_owned(),
            "--authorization-mode=RBAC".to_owned(),
            format!("--token-auth-file={d}/tokens.csv"),
            format!("--service-account-issuer=https://127.0.0.1:{api_port}/"),
            format!("--service-account-key-file={d}/sa.pub"),
            format!("--service-account-signing-key-file={d}/sa.key"),
            "--disable-admission-plugins=ServiceAccount".to_owned(),
            "--endpoint-reconciler-type=none".to_owned(),
            "--profiling=false".to_owned(),
        ]
        .into();
        plane.spawn(&bin.join("kube-apiserver"), &api_args, "apiserver.log")?;
        let readyz = format!("{}/readyz", plane.server);
        let token = plane.token(Identity::Admin).to_owned();
        plane
            .wait_ready("kube-apiserver", &readyz, Some(&token))
            .await?;
        Ok(plane)
    }

    fn spawn(&mut self, program: &Path, args: &[String], log: &str) -> Result<()> {
        let log = std::fs::File::create(self.dir.join(log))?;
        let child = spawn_tied(program, args, log)?;
        self.children
            .lock()
            .map_err(|_| anyhow!("poisoned"))?
            .push(child);
        Ok(())
    }

    /// Polls `url` until it answers 200, failing early with the log tail
    /// if a process exits.
    async fn wait_ready(&self, what: &str, url: &str, token: Option<&str>) -> Result<()> {
        let start = Instant::now();
        loop {
            self.check_alive()?;
            if let Ok(client) = self.http_client() {
                let mut req = client.get(url).timeout(Duration::from_secs(2));
                if let Some(t) = token {
                    req = req.bearer_auth(t);
                }
                if let Ok(resp) = req.send().await
                    && resp.status().is_success()
                {
                    tracing::debug!(
                        what,
                        elapsed_ms = start.elapsed().as_millis(),
                        "control plane part ready"
                    );
                    return Ok(());
                }
            }
            if start.elapsed() > STARTUP_LIMIT {
                bail!(
                    "{what} not ready after {STARTUP_LIMIT:?}; logs in {}",
                    self.dir.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    fn http_client(&self) -> Result<reqwest::Client> {
        let mut b = reqwest::Client::builder();
        if self.ca.exists() {
            for cert in reqwest::Certificate::from_pem_bundle(&std::fs::read(&self.ca)?)? {
                b = b.add_root_certificate(cert);
            }
        }
        Ok(b.build()?)
    }

    fn check_alive(&self) -> Result<()> {
        let mut children = self.children.lock().map_err(|_| anyhow!("poisoned"))?;
        for (i, c) in children.iter_mut().enumerate() {
            if let Some(status) = c.try_wait()? {
                let log = if i == 0 { "etcd.log" } else { "apiserver.log" };
                let text = std::fs::read_to_string(self.dir.join(log)).unwrap_or_default();
                let tail: Vec<&str> = text.lines().rev().take(15).collect();
                let tail: Vec<&str> = tail.into_iter().rev().collect();
                bail!("{log} process exited with {status}:\n{}", tail.join("\n"));
            }
        }
        Ok(())
    }

    /// The API server URL (`https://127.0.0.1:PORT`).
    pub fn server(&self) -> &str {
        &self.server
    }

    /// The CA bundle that verifies the API server's certificate.
    pub fn ca_path(&self) -> &Path {
        &self.ca
    }

    /// The bearer token of `id`.
    pub fn token(&self, id: Identity) -> &str {
        self.tokens
            .iter()
            .find(|(i, _)| *i == id)
            .map_or("", |(_, t)| t.as_str())
    }

    /// A kubeconfig for `id` (YAML), current context `testkit`.
    pub fn kubeconfig_yaml(&self, id: Identity) -> String {
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: testkit\n  cluster:\n    server: {}\n    certificate-authority: {}\nusers:\n- name: {user}\n  user:\n    token: {}\ncontexts:\n- name: testkit\n  context:\n    cluster: testkit\n    user: {user}\ncurrent-context: testkit\n",
            self.server,
            self.ca.display(),
            self.token(id),
            user = id.username(),
        )
    }

    /// Writes the kubeconfig of `id` to `path`.
    pub fn write_kubeconfig(&self, id: Identity, path: &Path) -> Result<()> {
        std::fs::write(path, self.kubeconfig_yaml(id))?;
        Ok(())
    }

    /// A kube-rs configuration for `id`.
    pub async fn kube_config(&self, id: Identity) -> Result<kube::Config> {
        let kc = Kubeconfig::from_yaml(&self.kubeconfig_yaml(id))?;
        Ok(kube::Config::from_custom_kubeconfig(kc, &KubeConfigOptions::default()).await?)
    }

    /// A client acting as `id`.
    pub async fn client(&self, id: Identity) -> Result<kube::Client> {
        Ok(kube::Client::try_from(self.kube_config(id).await?)?)
    }

    /// A client authenticated as `id` that impersonates `user` in `groups`.
    pub async fn impersonating(
        &self,
        id: Identity,
        user: &str,
        groups: &[&str],
    ) -> Result<kube::Client> {
        let mut config = self.kube_config(id).await?;
        config.auth_info.impersonate = Some(user.to_owned());
        config.auth_info.impersonate_groups =
            Some(groups.iter().map(|g| (*g).to_owned()).collect());
        Ok(kube::Client::try_from(config)?)
    }

    /// A fresh namespace for one test, created by the admin.
    pub async fn namespace(&self) -> Result<TestNamespace> {
        let name = crate::unique("kc-test-");
        let api: Api<Namespace> = Api::all(self.client(Identity::Admin).await?);
        let ns = Namespace {
            metadata: ObjectMeta {
                name: Some(name.clone()),
                ..ObjectMeta::default()
            },
            ..Namespace::default()
        };
        api.create(&PostParams::default(), &ns).await?;
        Ok(TestNamespace { name })
    }
}

impl Drop for ControlPlane {
    fn drop(&mut self) {
        if let Ok(mut children) = self.children.lock() {
            for c in children.iter_mut().rev() {
                let _ = c.kill();
                let _ = c.wait();
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A namespace created for one test. Not deleted afterwards: without a
/// controller-manager a deleted namespace stays `Terminating`, and the
/// control plane's etcd is thrown away with the test run anyway.
#[derive(Debug, Clone)]
pub struct TestNamespace {
    pub name: String,
}

/// The directory holding `kube-apiserver` and `etcd`.
fn binaries() -> Result<PathBuf> {
    let has_both = |d: &Path| d.join("kube-apiserver").is_file() && d.join("etcd").is_file();
    if let Some(d) = std::env::var_os("KUBEBUILDER_ASSETS").map(PathBuf::from)
        && has_both(&d)
    {
        return Ok(d);
    }
    let version = |key: &str| {
        VERSIONS
            .lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .unwrap_or("unknown")
    };
    let cache = std::env::var_os("KUBECHAT_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|x| PathBuf::from(x).join("kubechat")))
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("kubechat"))
        })
        .ok_or_else(|| anyhow!("neither KUBECHAT_CACHE_DIR, XDG_CACHE_HOME nor HOME is set"))?;
    let d = cache.join("control-plane").join(format!(
        "k8s-{}-etcd-{}",
        version("K8S_VERSION"),
        version("ETCD_VERSION")
    ));
    if has_both(&d) {
        return Ok(d);
    }
    bail!(
        "kube-apiserver and etcd not found in {} (nor in KUBEBUILDER_ASSETS): run scripts/control-plane.sh once, or scripts/test.sh",
        d.display()
    )
}

/// Removes directories left by test binaries that are no longer running.
fn clean_stale(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Applies the CustomResourceDefinition in the YAML file at `path` (as a
/// chart commits it) and waits until the API server has it Established
/// and discovery can serve it.
pub async fn install_crd(admin: &kube::Client, path: &std::path::Path) -> anyhow::Result<()> {
    use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
    use kube::api::{Api, Patch, PatchParams};
    let crd: CustomResourceDefinition = serde_saphyr::from_str(&std::fs::read_to_string(path)?)?;
    let name = crd
        .metadata
        .name
        .clone()
        .ok_or_else(|| anyhow::anyhow!("{} has no metadata.name", path.display()))?;
    let crds: Api<CustomResourceDefinition> = Api::all(admin.clone());
    crds.patch(
        &name,
        &PatchParams::apply("kubechat-test").force(),
        &Patch::Apply(&crd),
    )
    .await?;
    for _ in 0..100 {
        let established = crds
            .get(&name)
            .await?
            .status
            .and_then(|s| s.conditions)
            .unwrap_or_default()
            .iter()
            .any(|c| c.type_ == "Established" && c.status == "True");
        if established {
            // Discovery follows shortly.
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    anyhow::bail!("the CRD {name} never became Established")
}
