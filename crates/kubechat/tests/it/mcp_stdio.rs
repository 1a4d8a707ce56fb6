//! `kubechat mcp` started by a real MCP client — the official SDKs' stdio
//! transport, as desktop assistants start local servers — relaying to a
//! running `kubechat serve --demo` (`--server URL`), or serving locally
//! against the demo cluster.

use std::io::Write;
use std::process::Stdio;

use serde_json::Value;

use crate::process::{Server, kubechat};

const PASSPHRASE: &str = "a long enough passphrase";

#[tokio::test]
async fn python_sdk_over_stdio_reads_and_confirms_through_the_relay() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut add = kubechat(d)
        .args(["users", "add", "me", "--role", "operator"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    add.stdin
        .take()
        .unwrap()
        .write_all(format!("{PASSPHRASE}\n").as_bytes())
        .unwrap();
    assert!(add.wait().unwrap().success());
    let port = kubechat_testkit::free_port().unwrap();
    let mut cmd = kubechat(d);
    cmd.args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}")]);
    let mut server = Server::start(cmd, port);
    server.wait_for("/health/readiness").await;
    let login: Value = server
        .http
        .post(format!("{}/api/v1/login", server.base))
        .json(&serde_json::json!({"username": "me", "password": PASSPHRASE}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["access_token"].as_str().unwrap();

    // The Python SDK scales web to 5, then the TypeScript SDK to 2.
    for (client, replicas) in [("client.py", "5"), ("client.mjs", "2")] {
        let seen = stdio_client(client, &server.base, token, replicas).await;
        check(&seen);
    }

    // Executed as the person, audited with channel mcp in the server's
    // store.
    let events = executed_scales(d);
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(
        events
            .iter()
            .all(|e| e["channel"] == "mcp" && e["actor_user"] == "me"),
        "{events:?}"
    );
}

/// `kubechat mcp --demo` with no deployment: the Python and the
/// TypeScript SDK each start the local server, which acts with the local
/// identity on the demo cluster and audits into the local store — a read,
/// a scale previewed and confirmed through elicitation, the person's own
/// audit resource, a prompt, and a bad argument named.
#[tokio::test]
async fn python_and_typescript_sdks_over_stdio_use_the_local_server() {
    for client in ["client.py", "client.mjs"] {
        // Each client its own local store: the demo cluster lives in the
        // server process, the audit in the directory.
        let dir = tempfile::tempdir().unwrap();
        let url = format!("local:{}", dir.path().display());
        let args = [
            url.as_str(),
            "-",
            "shop",
            "--replicas",
            "4",
            "--stdio",
            env!("CARGO_BIN_EXE_kubechat"),
        ];
        let seen = kubechat_testkit::mcp_client(client, &args).await.unwrap();
        check(&seen);
        assert!(
            !seen["tools"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t == "kubechat_confirm"),
            "{client}: an agent alone never confirms locally: {seen}"
        );
        assert!(
            seen["scale"]["text"].as_str().unwrap().contains("replicas"),
            "{client}: {seen}"
        );
        assert_eq!(
            seen["audit_mine"],
            serde_json::json!([["mcp", "desk"]]),
            "{client}: {seen}"
        );
        assert_eq!(
            seen["prompts"].as_array().map(Vec::len),
            Some(2),
            "{client}: {seen}"
        );
        // Executed with the local identity, audited with channel mcp in
        // the local store.
        let events = executed_scales(dir.path());
        assert_eq!(events.len(), 1, "{client}: {events:?}");
        assert_eq!(events[0]["channel"], "mcp", "{client}: {events:?}");
        assert!(
            events[0]["kubectl"]
                .as_str()
                .is_some_and(|t| t.contains("--replicas=4")),
            "{client}: {events:?}"
        );
    }
}

/// The executed scales audited in the store of `dir`.
fn executed_scales(dir: &std::path::Path) -> Vec<Value> {
    let out = kubechat(dir)
        .args([
            "audit", "search", "--verb", "scale", "--phase", "executed", "-o", "json",
        ])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Runs an SDK client script that starts `kubechat mcp` itself.
async fn stdio_client(script: &str, base: &str, token: &str, replicas: &str) -> Value {
    let url = format!("{base}/mcp");
    let args = [
        url.as_str(),
        token,
        "shop",
        "--replicas",
        replicas,
        "--stdio",
        env!("CARGO_BIN_EXE_kubechat"),
    ];
    kubechat_testkit::mcp_client(script, &args).await.unwrap()
}

fn check(seen: &Value) {
    assert_eq!(seen["server"], "kubechat", "{seen}");
    assert!(
        seen["tools"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "kubechat_scale"),
        "{seen}"
    );
    assert_eq!(seen["get"]["structured"]["type"], "result", "{seen}");
    assert_eq!(
        seen["elicitations"].as_array().map(Vec::len),
        Some(1),
        "{seen}"
    );
    assert_eq!(seen["scale"]["structured"]["type"], "result", "{seen}");
    assert_eq!(seen["bad_args"]["code"], -32602, "{seen}");
}

#[test]
fn without_a_cluster_or_a_token_it_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    // Local, with no kubeconfig (HOME is the empty directory): named.
    let out = kubechat(dir.path())
        .args(["mcp"])
        .env_remove("KUBECONFIG")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no cluster"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = kubechat(dir.path())
        .args(["mcp", "--server", "http://127.0.0.1:9"])
        .env_remove("KUBECHAT_TOKEN")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("KUBECHAT_TOKEN"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
