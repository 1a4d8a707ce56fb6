//! The web UI in a real browser: Debian's headless Chromium driven by
//! playwright-core (`web-tests/ui.test.mjs`) against `kubechat serve` on
//! real PostgreSQL, Redis and kube-apiserver. This test prepares the
//! cluster, the database and the users, runs the script (which starts,
//! stops and restarts the server itself), then checks the cluster and the
//! audit log behind the browser's back.
//!
//! Needs `node`, `web-tests/node_modules` (`npm ci --prefix web-tests`)
//! and Chromium (`/usr/bin/chromium`, or `$CHROMIUM`); `scripts/test.sh`
//! provides all three.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::api::rbac::v1::{Role, RoleBinding};
use kube::api::{Api, Patch, PatchParams, PostParams};
use kubechat_testkit::{ControlPlane, FakeKubelet, Identity, TestDatabase, TestRedis};
use serde_json::{Value, json};

const PASSWORD: &str = "a long enough passphrase";

fn from<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("valid object")
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What the browser test needs beyond the services, or why it cannot run.
fn prerequisites() -> (PathBuf, PathBuf) {
    let fix = "run scripts/test.sh (it installs Debian's chromium and runs `npm ci --prefix web-tests`), \
               or do those two steps yourself";
    let node = Command::new("node").arg("--version").output();
    assert!(
        node.is_ok_and(|o| o.status.success()),
        "node is not installed; {fix}"
    );
    let web = root().join("web-tests");
    assert!(
        web.join("node_modules/playwright-core").is_dir(),
        "{} has no node_modules/playwright-core; {fix}",
        web.display()
    );
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        chromium.is_file(),
        "Chromium is not at {} (set CHROMIUM to use another); {fix}",
        chromium.display()
    );
    (web, chromium)
}

/// The cluster side: a Deployment `web` (1 replica), a pod `api-1` whose
/// log holds markup (served by the stand-in kubelet through the API
/// server), and rights for the operator and the admin in the namespace.
async fn cluster(cp: &ControlPlane, kubelet: &FakeKubelet) -> String {
    let ns = cp.namespace().await.unwrap().name;
    let admin = cp.client(Identity::Admin).await.unwrap();
    let pp = PostParams::default();
    for name in ["web", "old"] {
        Api::<Deployment>::namespaced(admin.clone(), &ns)
            .create(&pp, &from(json!({
                "metadata": {"name": name, "labels": {"app": name}},
                "spec": {"replicas": 1, "selector": {"matchLabels": {"app": name}},
                         "template": {"metadata": {"labels": {"app": name}},
                                      "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}
            })))
            .await
            .unwrap();
    }
    let node = format!("node-{ns}");
    kubelet.serve_node(&admin, &node).await.unwrap();
    let pods: Api<Pod> = Api::namespaced(admin.clone(), &ns);
    pods.create(&pp, &from(json!({
        "metadata": {"name": "api-1", "labels": {"app": "api"}},
        "spec": {"nodeName": node, "containers": [{"name": "app", "image": "registry.example/api:1"}]}
    })))
    .await
    .unwrap();
    pods.patch_status(
        "api-1",
        &PatchParams::default(),
        &Patch::Merge(json!({"status": {"phase": "Running"}})),
    )
    .await
    .unwrap();
    kubelet.set_logs(
        &ns,
        "api-1",
        "app",
        "starting api\n<img src=x onerror=\"window.__xss=1\">\n<script>window.__xss=2</script>\nready\n",
    );
    Api::<Role>::namespaced(admin.clone(), &ns)
        .create(&pp, &from(json!({
            "metadata": {"name": "chat"},
            "rules": [
                {"apiGroups": ["apps"], "resources": ["deployments", "deployments/scale"],
                 "verbs": ["get", "list", "patch", "update", "delete"]},
                {"apiGroups": [""], "resources": ["pods", "pods/log", "events"], "verbs": ["get", "list"]}
            ]
        })))
        .await
        .unwrap();
    Api::<RoleBinding>::namespaced(admin, &ns)
        .create(&pp, &from(json!({
            "metadata": {"name": "chat"},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "chat"},
            "subjects": [
                {"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "olga"},
                {"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "ada"},
                {"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "max"}
            ]
        })))
        .await
        .unwrap();
    ns
}

#[tokio::test]
async fn the_web_ui_in_headless_chromium() {
    let (web, chromium) = prerequisites();
    let cp = ControlPlane::shared().await.unwrap();
    let kubelet = FakeKubelet::start().await.unwrap();
    let ns = cluster(cp, &kubelet).await;
    let db = TestDatabase::create().await.unwrap();
    let redis = TestRedis::create().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("kubeconfig");
    cp.write_kubeconfig(Identity::Admin, &kubeconfig).unwrap();
    let data_dir = dir.path().join("data");
    let vars = [
        ("KUBECHAT__DATABASE__URL", db.url().to_owned()),
        ("KUBECHAT__REDIS__URL", redis.url().to_owned()),
        ("KUBECHAT__REDIS__KEY_PREFIX", redis.prefix().to_owned()),
        ("KUBECHAT__KUBERNETES__SOURCE", "kubeconfig".to_owned()),
        (
            "KUBECHAT__KUBERNETES__KUBECONFIG",
            kubeconfig.display().to_string(),
        ),
        ("KUBECHAT__SERVER__SHUTDOWN_GRACE_SECONDS", "2".to_owned()),
    ];
    let kubechat = || {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kubechat"));
        cmd.current_dir(dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir.path())
            .envs(vars.iter().map(|(k, v)| (*k, v.as_str())));
        cmd
    };
    for (user, role) in [("olga", "operator"), ("ada", "admin"), ("max", "admin")] {
        let mut add = kubechat()
            .args(["--data-dir"])
            .arg(&data_dir)
            .args(["users", "add", user, "--role", role])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        add.stdin
            .take()
            .unwrap()
            .write_all(format!("{PASSWORD}\n").as_bytes())
            .unwrap();
        assert!(add.wait().unwrap().success(), "users add {user}");
    }

    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("web-screenshots");
    // Asynchronous: the stand-in kubelet is served by this test's runtime
    // while the browser runs.
    let out = tokio::process::Command::new("node")
        .arg("ui.test.mjs")
        .current_dir(&web)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir.path())
        .envs(vars.iter().map(|(k, v)| (*k, v.as_str())))
        .env("KUBECHAT_BIN", env!("CARGO_BIN_EXE_kubechat"))
        .env("KUBECHAT_DATA_DIR", &data_dir)
        .env("TEST_NAMESPACE", &ns)
        .env("TEST_PASSWORD", PASSWORD)
        .env("SCREENSHOTS", &shots)
        .env("CHROMIUM", &chromium)
        .kill_on_drop(true)
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(out.status.success(), "{stdout}\n{stderr}");

    // Behind the browser's back: the cluster and the audit log agree.
    let admin = cp.client(Identity::Admin).await.unwrap();
    let deployments = Api::<Deployment>::namespaced(admin, &ns);
    let web_deploy = deployments.get("web").await.unwrap();
    assert_eq!(web_deploy.spec.replicas, Some(5));
    assert!(
        deployments.get_opt("old").await.unwrap().is_none(),
        "max approved ada's delete"
    );
    let pool = sqlx::PgPool::connect(db.url()).await.unwrap();
    let phases: Vec<(String, String)> = sqlx::query_as(
        "SELECT phase, actor_user FROM audit_events WHERE kubectl LIKE 'kubectl scale deployment/web --replicas=3%' ORDER BY seq",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        phases,
        [
            ("requested".to_owned(), "olga".to_owned()),
            ("confirmed".to_owned(), "olga".to_owned()),
            ("executed".to_owned(), "olga".to_owned())
        ]
    );
    let approved: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT actor_user, decision_reason FROM audit_events WHERE kubectl LIKE 'kubectl delete deployments old%' AND phase = 'confirmed'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        approved,
        [("ada".to_owned(), Some("approved by max (admin)".to_owned()))]
    );
    pool.close().await;
}

/// Runs `web-tests/SCRIPT` against a `kubechat serve --demo` the script
/// starts (data in a fresh directory, `env` added), and checks it ended
/// with `ok`.
async fn run_demo_script(script: &str, env: &[(&str, &std::ffi::OsStr)], ok: &str) {
    let (web, chromium) = prerequisites();
    let dir = tempfile::tempdir().unwrap();
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("web-screenshots");
    let mut cmd = tokio::process::Command::new("node");
    cmd.arg(script)
        .current_dir(&web)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir.path())
        .env("KUBECHAT_BIN", env!("CARGO_BIN_EXE_kubechat"))
        .env("KUBECHAT_DATA_DIR", dir.path().join("data"))
        .env("SCREENSHOTS", &shots)
        .env("CHROMIUM", &chromium)
        .kill_on_drop(true);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().await.unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains(ok), "{stdout}");
}

/// The first five minutes (`web-tests/first-run.test.mjs`): a fresh
/// `kubechat serve --demo` with no users prints a setup link; the browser
/// creates the first admin through it and chats at once.
#[tokio::test]
async fn the_first_run_in_headless_chromium() {
    run_demo_script("first-run.test.mjs", &[], "first run: ok").await;
}

/// Single sign-on (`web-tests/sso.test.mjs`): `kubechat serve --demo`
/// with a real Keycloak as its provider; the browser signs in on
/// Keycloak's own page and lands in the chat as the mapped admin.
#[tokio::test]
async fn single_sign_on_through_keycloak_in_headless_chromium() {
    let kc = kubechat_testkit::Keycloak::shared().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("kubechat.toml");
    std::fs::write(
        &config,
        format!(
            "[[auth.oidc]]\nname = \"kc\"\ndisplay_name = \"Company SSO\"\nissuer = \"{}\"\nclient_id = \"{}\"\nclient_secret = \"{}\"\nscopes = [\"openid\", \"profile\", \"email\"]\nroles = [{{ group = \"kubechat-admins\", role = \"admin\" }}]\n",
            kc.issuer,
            kubechat_testkit::sso::CLIENT_ID,
            kubechat_testkit::sso::CLIENT_SECRET
        ),
    )
    .unwrap();
    run_demo_script(
        "sso.test.mjs",
        &[("KUBECHAT_CONFIG", config.as_os_str())],
        "sso: ok",
    )
    .await;
}

/// KubeChat in Slack (`web-tests/slack.test.mjs`): with a Slack stand-in
/// served by the script, a workspace admin adds KubeChat to a Slack team
/// from Settings ("Add to Slack" through the authorize page and back),
/// a Slack user links their account with the web UI's one-time code and
/// is answered as themselves with that team's own token; removing the
/// team in Settings stops it being answered.
#[tokio::test]
async fn slack_install_and_linking_in_headless_chromium() {
    run_demo_script("slack.test.mjs", &[], "slack: ok").await;
}
