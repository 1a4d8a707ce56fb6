//! `kubechat ask`'s executor path against spawning `kubectl get pods`,
//! side by side in one run against the same real kube-apiserver (test
//! kit). Prints median and p99 per request and the ratios; asserts nothing.
//!
//! Run: `cargo bench -p kubechat --bench ask_vs_kubectl` (needs the control
//! plane: `scripts/control-plane.sh`, and kubectl on PATH).
//! `KUBECHAT_BENCH_ITERATIONS` sets the sample count (default 200).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use k8s_openapi::api::core::v1::Pod;
use kube::Api;
use kube::api::PostParams;
use kubechat_core::{SystemClock, kubectl};
use kubechat_kube::{Actor, Cluster};
use kubechat_testkit::{ControlPlane, Identity};

fn stats(name: &str, mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    let pick = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    let (median, p99) = (pick(0.5), pick(0.99));
    println!(
        "{name:<34} n={:<4} median {:>9.3} ms   p99 {:>9.3} ms   min {:>8.3} ms",
        samples.len(),
        median.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        samples[0].as_secs_f64() * 1e3
    );
    (median, p99)
}

fn spawn_ok(cmd: &mut Command) {
    let out = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::main]
async fn main() {
    kubechat_testkit::init();
    let n: usize = std::env::var("KUBECHAT_BENCH_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let cp = ControlPlane::start()
        .await
        .expect("control plane (run scripts/control-plane.sh)");
    let ns = cp.namespace().await.unwrap().name;
    let admin = cp.client(Identity::Admin).await.unwrap();
    let pods: Api<Pod> = Api::namespaced(admin, &ns);
    for i in 0..20 {
        let p: Pod = serde_json::from_value(serde_json::json!({
            "metadata": {"name": format!("web-{i}"), "labels": {"app": "web"}},
            "spec": {"containers": [{"name": "app", "image": "nginx"}]}
        }))
        .unwrap();
        pods.create(&PostParams::default(), &p).await.unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("kubeconfig");
    cp.write_kubeconfig(Identity::Admin, &kubeconfig).unwrap();
    let request = format!("get pods -n {ns}");

    // In-process: the path `kubechat ask` (and the chat) takes per request
    // once the process runs: parse, discovery (cached), Table GET, render.
    let cluster =
        Cluster::from_kube_config(cp.kube_config(Identity::Admin).await.unwrap()).unwrap();
    let ex = cluster.executor(Arc::new(SystemClock)).unwrap();
    let actor = Actor::own();
    let mut in_process = Vec::with_capacity(n);
    for i in 0..n + 10 {
        let start = Instant::now();
        let op = kubectl::parse(&format!("kubectl {request}")).unwrap();
        let out = ex.read(&actor, &op, "default").await.unwrap();
        assert!(out.text.contains("web-19"));
        if i >= 10 {
            in_process.push(start.elapsed());
        }
    }

    let bin = env!("CARGO_BIN_EXE_kubechat");
    let mut ask = Vec::with_capacity(n);
    let mut kubectl_runs = Vec::with_capacity(n);
    for i in 0..n + 3 {
        // Interleaved so both see the same machine load.
        let start = Instant::now();
        spawn_ok(
            Command::new(bin)
                .env_clear()
                .current_dir(dir.path())
                .env("HOME", dir.path())
                .env("KUBECONFIG", &kubeconfig)
                .args(["ask", &request]),
        );
        let a = start.elapsed();
        let start = Instant::now();
        spawn_ok(
            Command::new("kubectl")
                .env("HOME", dir.path())
                .env("KUBECONFIG", &kubeconfig)
                .args(["get", "pods", "-n", &ns]),
        );
        let k = start.elapsed();
        if i >= 3 {
            ask.push(a);
            kubectl_runs.push(k);
        }
    }

    println!(
        "\nkubechat executor vs kubectl, {n} requests each, 20 pods, one kube-apiserver v1.37 on loopback"
    );
    let (ip_med, ip_p99) = stats("executor in-process (chat path)", in_process);
    let (ask_med, ask_p99) = stats("`kubechat ask` process", ask);
    let (k_med, k_p99) = stats("`kubectl get pods` process", kubectl_runs);
    let ratio = |a: Duration, b: Duration| b.as_secs_f64() / a.as_secs_f64();
    println!(
        "kubectl / in-process executor: median {:.1}x  p99 {:.1}x",
        ratio(ip_med, k_med),
        ratio(ip_p99, k_p99)
    );
    println!(
        "kubectl / `kubechat ask`:      median {:.2}x  p99 {:.2}x",
        ratio(ask_med, k_med),
        ratio(ask_p99, k_p99)
    );
}
