use std::io::Write;
use std::process::{Output, Stdio};

use k8s_openapi::api::apps::v1::Deployment;
use kube::Api;
use kube::api::PostParams;
use kubechat_testkit::{ControlPlane, Identity};
use serde_json::json;

use crate::process::kubechat;

struct Cluster {
    dir: tempfile::TempDir,
    ns: String,
    admin: kube::Client,
}

async fn cluster_with_web(replicas: i32) -> Cluster {
    let cp = ControlPlane::shared().await.unwrap();
    let ns = cp.namespace().await.unwrap().name;
    let dir = tempfile::tempdir().unwrap();
    cp.write_kubeconfig(Identity::Admin, &dir.path().join("kubeconfig"))
        .unwrap();
    let admin = cp.client(Identity::Admin).await.unwrap();
    let d: Deployment = serde_json::from_value(json!({
        "metadata": {"name": "web"},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "web"}},
                 "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx"}]}}}
    }))
    .unwrap();
    Api::<Deployment>::namespaced(admin.clone(), &ns)
        .create(&PostParams::default(), &d)
        .await
        .unwrap();
    Cluster { dir, ns, admin }
}

impl Cluster {
    fn ask(&self, args: &[&str], stdin: &str) -> Output {
        let mut cmd = kubechat(self.dir.path());
        cmd.env("KUBECONFIG", self.dir.path().join("kubeconfig"))
            .arg("ask")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    async fn replicas(&self) -> Option<i32> {
        Api::<Deployment>::namespaced(self.admin.clone(), &self.ns)
            .get("web")
            .await
            .unwrap()
            .spec
            .replicas
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[tokio::test]
async fn reads_print_the_kubectl_line_and_a_table() {
    let c = cluster_with_web(2).await;
    let out = c.ask(&[&format!("get deployments -n {}", c.ns)], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with(&format!("$ kubectl get deployments -n {}\nNAME", c.ns)),
        "{stdout}"
    );
    assert!(stdout.contains("web"), "{stdout}");

    let out = c.ask(
        &[
            &format!("kubectl get deployment web -n {}", c.ns),
            "-o",
            "json",
        ],
        "",
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["kubectl"],
        format!("kubectl get deployments web -n {}", c.ns),
        "canonical form"
    );
    assert_eq!(v["kind"], "table");
}

#[tokio::test]
async fn mutations_preview_and_wait_for_confirmation() {
    let c = cluster_with_web(2).await;
    let scale = format!("scale deploy/web --replicas=4 -n {}", c.ns);

    let out = c.ask(&[&scale], "n\n");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("spec.replicas 2 → 4"),
        "preview shown: {stderr}"
    );
    assert!(
        stderr.contains("cancelled: nothing was changed"),
        "{stderr}"
    );
    assert_eq!(c.replicas().await, Some(2));

    let out = c.ask(&[&scale], "");
    assert_eq!(out.status.code(), Some(1), "no answer means no");
    assert_eq!(c.replicas().await, Some(2));

    let out = c.ask(&[&scale], "y\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("spec.replicas 2 → 4"));
    assert_eq!(c.replicas().await, Some(4));

    // Destructive: scale to zero needs the word "yes"; --yes skips asking.
    let zero = format!("scale deploy/web --replicas=0 -n {}", c.ns);
    let out = c.ask(&[&zero], "y\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("type 'yes'"));
    assert_eq!(c.replicas().await, Some(4));
    let out = c.ask(&[&zero, "--yes"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(c.replicas().await, Some(0));

    // Every step is in the audit log of the local database, chained.
    let audit = |args: &[&str]| {
        kubechat(c.dir.path())
            .arg("audit")
            .args(args)
            .output()
            .unwrap()
    };
    let out = audit(&["verify"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("audit chain intact: 12 events"),
        "{}",
        text(&out.stdout)
    );
    let out = audit(&["search", "--verb", "scale", "--phase", "executed"]);
    let found = text(&out.stdout);
    assert_eq!(found.lines().count(), 2, "{found}");
    assert!(found.contains("executed"), "{found}");
    assert!(
        found.contains(&format!(
            "kubectl scale deployment/web --replicas=0 -n {}",
            c.ns
        )),
        "{found}"
    );
    let out = audit(&["search", "--phase", "denied", "-o", "json"]);
    let denied: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(denied.len(), 3, "three confirmations were declined");
    assert!(denied.iter().all(|e| e["decision"] == "cancelled"
        && e["decision_reason"] == "declined at the prompt"
        && e["channel"] == "cli"));
    let out = audit(&["tail", "-n", "3"]);
    let tail = text(&out.stdout);
    assert_eq!(tail.lines().count(), 3, "{tail}");
    assert!(tail.lines().last().unwrap().contains("executed"), "{tail}");

    // A signed checkpoint, then the newest two events deleted with the
    // head moved back: the chain alone verifies, the checkpoint names it.
    let out = audit(&["checkpoint", "--no-export"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("checkpoint of 1 workspace(s)"),
        "{}",
        text(&out.stdout)
    );
    let checkpoints = c.dir.path().join("kubechat-data/audit-checkpoints.jsonl");
    let cp_arg = checkpoints.display().to_string();
    let out = audit(&["verify", "--checkpoint", &cp_arg]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    // The audit key is rotated: a last checkpoint under the old key and a
    // first under the new one are appended and POSTed to
    // audit.checkpoint_url (with its bearer token); everything the old
    // key signed still verifies through the retired-keys file.
    let key_of = |out: std::process::Output| text(&out.stdout).trim().to_owned();
    let old_key = key_of(audit(&["checkpoint", "--public-key"]));
    let receiver = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path("/checkpoints"))
        .and(wiremock::matchers::header(
            "authorization",
            "Bearer checkpoint-receiver-token",
        ))
        .respond_with(wiremock::ResponseTemplate::new(204))
        .expect(2)
        .mount(&receiver)
        .await;
    let out = kubechat(c.dir.path())
        .args(["audit", "rotate-key"])
        .env(
            "KUBECHAT__AUDIT__CHECKPOINT_URL",
            format!("{}/checkpoints", receiver.uri()),
        )
        .env(
            "KUBECHAT__AUDIT__CHECKPOINT_TOKEN",
            "checkpoint-receiver-token",
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(&format!("audit key rotated: {old_key}")),
        "{}",
        text(&out.stdout)
    );
    let new_key = key_of(audit(&["checkpoint", "--public-key"]));
    assert_ne!(new_key, old_key);
    let posted: Vec<serde_json::Value> = receiver
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(posted.len(), 2);
    assert_eq!(posted[0]["public_key"], old_key.as_str());
    assert_eq!(posted[1]["public_key"], new_key.as_str());
    let retired =
        std::fs::read_to_string(c.dir.path().join("kubechat-data/audit-key.pem.retired")).unwrap();
    assert!(retired.starts_with(&old_key), "{retired}");
    let out = audit(&["verify", "--checkpoint", &cp_arg]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("3 signed checkpoint(s)"),
        "{}",
        text(&out.stdout)
    );
    // Without the retired key, the old key's checkpoints are not trusted.
    std::fs::remove_file(c.dir.path().join("kubechat-data/audit-key.pem.retired")).unwrap();
    let out = audit(&["verify", "--checkpoint", &cp_arg]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("neither the audit key nor a retired one"),
        "{}",
        text(&out.stderr)
    );
    let out = kubechat(c.dir.path())
        .args(["audit", "verify", "--checkpoint", &cp_arg])
        .env("KUBECHAT__AUDIT__RETIRED_PUBLIC_KEYS", &old_key)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));

    let db = c.dir.path().join("kubechat-data/kubechat.db");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    sqlx::query("DELETE FROM audit_events WHERE seq > 10")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE audit_chain_heads SET seq = 10, \
         hash = (SELECT hash FROM audit_events WHERE seq = 10)",
    )
    .execute(&pool)
    .await
    .unwrap();
    let out = audit(&["verify"]);
    assert!(out.status.success(), "the chain alone cannot tell");
    let out = kubechat(c.dir.path())
        .args(["audit", "verify", "--checkpoint", &cp_arg])
        .env("KUBECHAT__AUDIT__RETIRED_PUBLIC_KEYS", &old_key)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stdout);
    assert!(
        said.contains("rows 11..=12 were deleted together with the head"),
        "{said}"
    );
    // Another key does not vouch for the checkpoint.
    let other = format!("ed25519:{}", "11".repeat(32));
    let out = audit(&["verify", "--checkpoint", &cp_arg, "--public-key", &other]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("does not verify"),
        "{}",
        text(&out.stderr)
    );

    // Someone edits a row behind KubeChat's back: verify names it.
    sqlx::query("UPDATE audit_events SET actor_user = 'mallory' WHERE seq = 5")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let out = audit(&["verify"]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stdout);
    assert!(
        said.starts_with("TAMPERED workspace 00000000-0000-0000-0000-000000000001: row seq 5 (id "),
        "{said}"
    );
    assert!(said.contains("was modified"), "{said}");
    assert!(
        text(&out.stderr).contains("audit chain verification failed"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test]
async fn errors_exit_non_zero_with_the_reason() {
    let c = cluster_with_web(1).await;
    let out = c.ask(&[&format!("get podz -n {}", c.ns)], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr).trim(),
        "kubechat: unknown resource type 'podz' — did you mean 'pods'?"
    );

    let out = c.ask(
        &[
            &format!("get pods -n {}", c.ns),
            "--as",
            "bob",
            "--as-group",
            "developers",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(&format!(
            "bob is not allowed to list pods in namespace {}",
            c.ns
        )),
        "{}",
        text(&out.stderr)
    );

    let out = c.ask(&["get pods; rm -rf /"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("shell syntax"),
        "{}",
        text(&out.stderr)
    );

    let out = c.ask(
        &[&format!("scale deploy/web --replicas=-2 -n {}", c.ns)],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("--replicas takes a whole non-negative number, not '-2'"),
        "{}",
        text(&out.stderr)
    );

    let out = c.ask(&["get pods -n Not_Valid"], "");
    assert!(
        text(&out.stderr).contains("invalid namespace 'Not_Valid'"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn ask_works_against_the_demo_cluster_with_no_kubeconfig() {
    let dir = tempfile::tempdir().unwrap();
    let out = kubechat(dir.path())
        .args(["ask", "--demo", "diagnose deployment checkout"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("CrashLoopBackOff") && stdout.contains("cannot connect to postgres"),
        "{stdout}"
    );
}

/// Rights questions answer on the demo cluster (it has no RBAC, and says
/// so) instead of failing on an API the demo would not serve.
#[test]
fn rights_are_answered_on_the_demo_cluster() {
    let dir = tempfile::tempdir().unwrap();
    for (ask, first, answer) in [
        (
            "can I delete pods in shop?",
            "$ kubectl auth can-i delete pods -n shop\n",
            "yes - the demo cluster has no RBAC",
        ),
        (
            "what can I do in shop?",
            "$ kubectl auth can-i --list -n shop\n",
            "Resources   Non-Resource URLs   Resource Names   Verbs\n*.*   ",
        ),
    ] {
        let out = kubechat(dir.path())
            .args(["ask", "--demo", ask])
            .output()
            .unwrap();
        assert!(out.status.success(), "{ask}: {}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(stdout.starts_with(first), "{stdout}");
        assert!(stdout.contains(answer), "{stdout}");
    }
}

#[test]
fn plain_language_is_translated_and_shown_as_kubectl() {
    let dir = tempfile::tempdir().unwrap();
    let out = kubechat(dir.path())
        .args(["ask", "--demo", "why is checkout crashing?"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("$ kubectl describe pods checkout\n"),
        "{stdout}"
    );
    assert!(stdout.contains("CrashLoopBackOff"), "{stdout}");

    let out = kubechat(dir.path())
        .args(["ask", "--demo", "show me all pods in payments"])
        .output()
        .unwrap();
    assert!(
        text(&out.stdout).contains("ledger-8b5c7d9f6-h7tqs"),
        "{}",
        text(&out.stdout)
    );

    // Every deployment of one namespace: previewed as destructive, and
    // nothing happens without the typed "yes".
    let out = kubechat(dir.path())
        .args(["ask", "--demo", "please delete every deployment"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("kubectl delete deployments --all"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("cancelled: nothing was changed"),
        "{}",
        text(&out.stderr)
    );
    // Across every namespace: refused outright.
    let out = kubechat(dir.path())
        .args([
            "ask",
            "--demo",
            "please delete every deployment in all namespaces",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("refused: bulk changes are not read from chat"),
        "{}",
        text(&out.stderr)
    );
}
