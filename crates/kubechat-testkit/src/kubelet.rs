//! A stand-in kubelet for the one kubelet endpoint tests need:
//! `GET /containerLogs/{namespace}/{pod}/{container}`.
//!
//! The test kit runs no kubelet (it needs a container runtime), but pod
//! logs travel through the real API server's node proxy. Registering a
//! Node whose status points at this server lets `kubectl logs`-style reads
//! take that real path end to end: the API server authorizes the request,
//! resolves the node address and port, connects over TLS and streams the
//! answer back. This server answers with the lines a test put in, honours
//! `tailLines`, `previous` and `limitBytes` as the kubelet does, and keeps
//! every request line so tests can check what was asked.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::Result;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Logs keyed by `namespace/pod/container`, current and previous.
#[derive(Debug, Default)]
struct Logs {
    current: HashMap<String, String>,
    previous: HashMap<String, String>,
    requests: Vec<String>,
}

/// A running stand-in kubelet on 127.0.0.1; stops when dropped.
#[derive(Debug)]
pub struct FakeKubelet {
    port: u16,
    logs: Arc<Mutex<Logs>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeKubelet {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeKubelet {
    /// Listens on a free port with a fresh self-signed certificate (the
    /// API server does not verify kubelet serving certificates unless
    /// told to).
    pub async fn start() -> Result<Self> {
        crate::init();
        let (config, _) = self_signed_tls("127.0.0.1")?;
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let logs = Arc::new(Mutex::new(Logs::default()));
        let shared = logs.clone();
        let task = tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                let logs = shared.clone();
                tokio::spawn(async move {
                    if let Ok(tls) = acceptor.accept(sock).await {
                        let _ = serve(tls, logs).await;
                    }
                });
            }
        });
        Ok(Self { port, logs, task })
    }

    /// The port to put in the Node's `status.daemonEndpoints`.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Makes `node` (created when absent) this kubelet's: the API server
    /// then proxies `pods/log` of the pods bound to it here.
    pub async fn serve_node(&self, admin: &kube::Client, node: &str) -> Result<()> {
        use k8s_openapi::api::core::v1::Node;
        use kube::api::{Api, Patch, PatchParams, PostParams};
        let nodes: Api<Node> = Api::all(admin.clone());
        if nodes.get_opt(node).await?.is_none() {
            nodes
                .create(
                    &PostParams::default(),
                    &serde_json::from_value(serde_json::json!({"metadata": {"name": node}}))?,
                )
                .await?;
        }
        nodes
            .patch_status(
                node,
                &PatchParams::default(),
                &Patch::Merge(serde_json::json!({"status": {
                    "addresses": [{"type": "InternalIP", "address": "127.0.0.1"}],
                    "daemonEndpoints": {"kubeletEndpoint": {"Port": self.port}}
                }})),
            )
            .await?;
        Ok(())
    }

    /// The current log of a container.
    pub fn set_logs(&self, ns: &str, pod: &str, container: &str, text: &str) {
        self.lock()
            .current
            .insert(format!("{ns}/{pod}/{container}"), text.to_owned());
    }

    /// The log of the container's previous instance (`previous=true`).
    pub fn set_previous_logs(&self, ns: &str, pod: &str, container: &str, text: &str) {
        self.lock()
            .previous
            .insert(format!("{ns}/{pod}/{container}"), text.to_owned());
    }

    /// Every request target received, e.g.
    /// `/containerLogs/ns/pod/app?tailLines=5`.
    pub fn requests(&self) -> Vec<String> {
        self.lock().requests.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Logs> {
        self.logs.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A TLS server configuration with a fresh self-signed certificate for
/// `name`, and that certificate in PEM (the CA a client must trust).
pub fn self_signed_tls(name: &str) -> Result<(rustls::ServerConfig, String)> {
    let key = rcgen::KeyPair::generate()?;
    let cert = rcgen::CertificateParams::new(vec![name.to_owned()])?.self_signed(&key)?;
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()?
    .with_no_client_auth()
    .with_single_cert(
        vec![cert.der().clone()],
        rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
    )?;
    Ok((config, cert.pem()))
}

/// Answers one HTTP/1.1 request and closes.
async fn serve<S>(mut conn: S, logs: Arc<Mutex<Logs>>) -> Result<()>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let mut head = Vec::new();
    let mut byte = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = conn.read(&mut byte).await?;
        if n == 0 || head.len() > 64 * 1024 {
            return Ok(());
        }
        head.extend_from_slice(&byte[..n]);
    }
    let head = String::from_utf8_lossy(&head);
    let target = head
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("/")
        .to_owned();
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let params: HashMap<&str, &str> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .collect();
    let (status, body) = {
        let mut logs = logs.lock().unwrap_or_else(PoisonError::into_inner);
        logs.requests.push(target.clone());
        match path.strip_prefix("/containerLogs/") {
            Some(key) => {
                let source = if params.get("previous") == Some(&"true") {
                    &logs.previous
                } else {
                    &logs.current
                };
                match source.get(key) {
                    Some(text) => ("200 OK", shape(text, &params)),
                    None => ("404 Not Found", format!("container {key} not found\n")),
                }
            }
            None => ("404 Not Found", "not found\n".to_owned()),
        }
    };
    let reply = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    conn.write_all(reply.as_bytes()).await?;
    conn.shutdown().await?;
    Ok(())
}

/// `tailLines` then `limitBytes`, as the kubelet applies them.
fn shape(text: &str, params: &HashMap<&str, &str>) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let tail = params
        .get("tailLines")
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(lines.len());
    let mut out: String = lines[lines.len().saturating_sub(tail)..]
        .iter()
        .map(|l| format!("{l}\n"))
        .collect();
    if let Some(limit) = params
        .get("limitBytes")
        .and_then(|n| n.parse::<usize>().ok())
    {
        let mut end = limit.min(out.len());
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
    }
    out
}
