//! Export to receivers started by the test: an HTTP JSON endpoint, a
//! Splunk HEC endpoint and a TCP syslog listener, each down for a while.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use kubechat_audit::export::{Exporter, Sink, reexport};
use kubechat_audit::{AuditLog, AuditMetrics, ExportLabels};
use kubechat_config::{Secret, SinkConfig, SinkKind};
use kubechat_core::{Clock, SystemClock, Verb};
use kubechat_store::Store;
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::net::TcpListener;
use tokio::sync::watch;
use uuid::Uuid;

use crate::{DEFAULT_WS, clock, event, log, postgres};

/// What a receiver got: every event id in arrival order.
#[derive(Default)]
struct Received {
    ids: Mutex<Vec<Uuid>>,
    /// Answer 500 to this many more requests *after* reading them (the
    /// sender must re-send: duplicates, same ids).
    fail_after_read: AtomicUsize,
    auth: Mutex<Vec<String>>,
}

impl Received {
    fn ids(&self) -> Vec<Uuid> {
        self.ids.lock().unwrap().clone()
    }
}

async fn json_receiver(
    State(r): State<Arc<Received>>,
    headers: HeaderMap,
    body: String,
) -> StatusCode {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    r.auth.lock().unwrap().push(auth);
    // Generic sink: one JSON array. Splunk: one object per line.
    let ids: Vec<Uuid> = match serde_json::from_str::<Vec<serde_json::Value>>(&body) {
        Ok(arr) => arr
            .iter()
            .map(|e| e["id"].as_str().unwrap().parse().unwrap())
            .collect(),
        Err(_) => body
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                assert_eq!(v["sourcetype"], "kubechat:audit");
                v["event"]["id"].as_str().unwrap().parse().unwrap()
            })
            .collect(),
    };
    r.ids.lock().unwrap().extend(ids);
    if r.fail_after_read
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
    {
        return StatusCode::INTERNAL_SERVER_ERROR;
    }
    StatusCode::OK
}

/// Serves the receiver on `port` until the returned sender is dropped.
async fn serve_http(port: u16, r: Arc<Received>) -> tokio::sync::oneshot::Sender<()> {
    let app = Router::new()
        .route("/ingest", post(json_receiver))
        .route("/services/collector/event", post(json_receiver))
        .with_state(r);
    let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
            .unwrap();
    });
    tx
}

/// Waits (bounded) until `done` holds; the bound is a hang guard, not a
/// speed assertion.
async fn eventually(mut done: impl FnMut() -> bool) {
    for _ in 0..600 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("condition not reached within 30 s");
}

fn quick(mut sink: SinkConfig) -> SinkConfig {
    sink.batch_size = 7;
    sink.poll_interval_ms = 20;
    sink.backoff_initial_ms = 10;
    sink.backoff_max_ms = 100;
    sink.breaker_failures = 3;
    sink.breaker_cooldown_seconds = 1;
    sink.timeout_ms = 1000;
    sink
}

async fn record_n(log: &AuditLog, n: usize) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for i in 0..n {
        let e = log
            .record(event(
                DEFAULT_WS,
                "alice",
                Verb::Get,
                "shop",
                &format!("e{i}"),
            ))
            .await
            .unwrap();
        ids.push(e.id);
    }
    ids
}

fn start(config: &SinkConfig, store: &Store, metrics: &AuditMetrics) -> watch::Sender<bool> {
    start_as("replica-a", config, store, metrics)
}

fn start_as(
    holder: &str,
    config: &SinkConfig,
    store: &Store,
    metrics: &AuditMetrics,
) -> watch::Sender<bool> {
    let sink = Sink::from_config(config, "test-host").unwrap();
    let exporter = Exporter::new(
        config,
        sink,
        store.clone(),
        Arc::new(SystemClock),
        metrics.clone(),
        holder.into(),
    );
    let (stop, rx) = watch::channel(false);
    tokio::spawn(exporter.run(rx));
    stop
}

fn counted(metrics: &AuditMetrics, sink: &str, result: &str) -> u64 {
    metrics
        .exported
        .get_or_create(&ExportLabels {
            sink: sink.into(),
            result: result.into(),
        })
        .get()
}

/// Receiver down, then up but failing after reading, then healthy: every
/// event arrives, duplicates carry the same ids, the lag returns to 0.
#[tokio::test]
async fn http_sink_delivers_every_event_at_least_once() -> anyhow::Result<()> {
    let (store, _db) = postgres().await?;
    let log = log(&store, Arc::new(SystemClock));
    let sent = record_n(&log, 30).await;
    let port = kubechat_testkit::free_port()?;
    let mut config = quick(SinkConfig::new("siem", SinkKind::Http));
    config.url = Some(format!("http://127.0.0.1:{port}/ingest"));
    config.token = Some(Secret::new("s3cret-bearer-token"));
    let metrics = AuditMetrics::default();
    let stop = start(&config, &store, &metrics);

    // Down: attempts fail and are counted.
    eventually(|| counted(&metrics, "siem", "failed") >= 7).await;
    let received = Arc::new(Received::default());
    received.fail_after_read.store(2, Ordering::SeqCst);
    let server = serve_http(port, received.clone()).await;
    let more = record_n(&log, 5).await;
    let want: BTreeSet<Uuid> = sent.iter().chain(&more).copied().collect();
    eventually(|| received.ids().iter().collect::<BTreeSet<_>>().len() == want.len()).await;
    let got = received.ids();
    assert_eq!(
        got.iter().copied().collect::<BTreeSet<_>>(),
        want,
        "none lost, none invented"
    );
    assert!(
        got.len() > want.len(),
        "the failed-after-read batches were re-sent"
    );
    assert!(
        received
            .auth
            .lock()
            .unwrap()
            .iter()
            .all(|a| a == "Bearer s3cret-bearer-token")
    );
    eventually(|| counted(&metrics, "siem", "delivered") == want.len() as u64).await;
    // The lag gauge is refreshed after each pass: back to 0 once caught up.
    let lag = || {
        metrics
            .export_lag
            .get_or_create(&kubechat_audit::SinkLabel {
                sink: "siem".into(),
            })
            .get()
    };
    eventually(|| lag() == 0.0).await;
    stop.send(true)?;
    drop(server);
    Ok(())
}

#[tokio::test]
async fn splunk_sink_speaks_hec() -> anyhow::Result<()> {
    let (store, _db) = postgres().await?;
    let log = log(&store, Arc::new(SystemClock));
    let sent = record_n(&log, 9).await;
    let port = kubechat_testkit::free_port()?;
    let received = Arc::new(Received::default());
    let _server = serve_http(port, received.clone()).await;
    let mut config = quick(SinkConfig::new("splunk", SinkKind::Splunk));
    config.url = Some(format!("http://127.0.0.1:{port}"));
    config.token = Some(Secret::new("hec-token-0000"));
    let metrics = AuditMetrics::default();
    let stop = start(&config, &store, &metrics);
    eventually(|| received.ids().len() == sent.len()).await;
    assert_eq!(received.ids(), sent, "in chain order, once each");
    assert!(
        received
            .auth
            .lock()
            .unwrap()
            .iter()
            .all(|a| a == "Splunk hec-token-0000")
    );
    stop.send(true)?;
    Ok(())
}

/// Reads octet-counted RFC 5424 frames from one connection and keeps
/// each event id, until EOF or `stop`.
async fn read_frames<S: AsyncRead + Unpin>(
    mut sock: S,
    r: Arc<Received>,
    mut stop: watch::Receiver<bool>,
) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = tokio::select! {
            n = sock.read(&mut chunk) => n.unwrap_or(0),
            _ = stop.changed() => 0,
        };
        if n == 0 {
            return;
        }
        buf.extend_from_slice(&chunk[..n]);
        while let Some(sp) = buf.iter().position(|&b| b == b' ') {
            let len: usize = std::str::from_utf8(&buf[..sp]).unwrap().parse().unwrap();
            if buf.len() < sp + 1 + len {
                break;
            }
            let msg = String::from_utf8(buf[sp + 1..sp + 1 + len].to_vec()).unwrap();
            buf.drain(..sp + 1 + len);
            assert!(
                msg.starts_with("<110>1 ") || msg.starts_with("<109>1 "),
                "{msg}"
            );
            assert!(msg.contains("CEF:0|KubeChat|KubeChat|"), "{msg}");
            let id = msg
                .split("id=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let ext_id = msg
                .split("externalId=")
                .nth(1)
                .unwrap()
                .split(' ')
                .next()
                .unwrap();
            assert_eq!(id, ext_id);
            r.ids.lock().unwrap().push(id.parse().unwrap());
        }
    }
}

/// Accepts plain TCP connections until `stop`.
async fn syslog_listener(listener: TcpListener, r: Arc<Received>, stop: watch::Receiver<bool>) {
    loop {
        let mut stop_accept = stop.clone();
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stop_accept.changed() => return,
        };
        let Ok((sock, _)) = accepted else { return };
        tokio::spawn(read_frames(sock, r.clone(), stop.clone()));
    }
}

/// The listener is down, comes up, goes away mid-run and comes back:
/// every event arrives.
#[tokio::test]
async fn syslog_sink_survives_a_listener_outage() -> anyhow::Result<()> {
    let (store, _db) = postgres().await?;
    let log = log(&store, Arc::new(SystemClock));
    let first = record_n(&log, 12).await;
    let port = kubechat_testkit::free_port()?;
    let mut config = quick(SinkConfig::new("syslog", SinkKind::Syslog));
    config.address = Some(format!("127.0.0.1:{port}"));
    let metrics = AuditMetrics::default();
    let stop = start(&config, &store, &metrics);
    eventually(|| counted(&metrics, "syslog", "failed") >= 7).await;

    let received = Arc::new(Received::default());
    let (down, rx) = watch::channel(false);
    tokio::spawn(syslog_listener(
        TcpListener::bind(("127.0.0.1", port)).await?,
        received.clone(),
        rx,
    ));
    eventually(|| received.ids().len() >= first.len()).await;

    // The listener and its connections go away; events keep coming.
    down.send(true)?;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let second = record_n(&log, 10).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_up, rx) = watch::channel(false);
    tokio::spawn(syslog_listener(
        TcpListener::bind(("127.0.0.1", port)).await?,
        received.clone(),
        rx,
    ));
    let want: BTreeSet<Uuid> = first.iter().chain(&second).copied().collect();
    eventually(|| received.ids().iter().collect::<BTreeSet<_>>() == want.iter().collect()).await;
    assert!(received.ids().iter().all(|id| want.contains(id)));
    stop.send(true)?;
    Ok(())
}

/// Re-export delivers exactly the events of the window, across
/// workspaces, without touching checkpoints.
#[tokio::test]
async fn reexport_delivers_exactly_the_window() -> anyhow::Result<()> {
    let (store, _db) = postgres().await?;
    let c = clock();
    let log = log(&store, c.clone());
    let t0 = c.now();
    let mut ids = Vec::new();
    for i in 0..10 {
        let e = log
            .record(event(
                DEFAULT_WS,
                "alice",
                Verb::Get,
                "shop",
                &format!("m{i}"),
            ))
            .await?;
        ids.push(e.id);
        c.advance(Duration::from_secs(60));
    }
    let port = kubechat_testkit::free_port()?;
    let received = Arc::new(Received::default());
    let _server = serve_http(port, received.clone()).await;
    let mut config = quick(SinkConfig::new("siem", SinkKind::Http));
    config.url = Some(format!("http://127.0.0.1:{port}/ingest"));
    let mut sink = Sink::named(std::slice::from_ref(&config), "siem", "host")?;
    let since = t0 + time::Duration::minutes(3);
    let until = t0 + time::Duration::minutes(6);
    let n = reexport(&store, &mut sink, since, until, 2).await?;
    assert_eq!(n, 4);
    assert_eq!(received.ids(), ids[3..=6].to_vec());

    let unknown = Sink::named(std::slice::from_ref(&config), "nope", "host").unwrap_err();
    assert_eq!(
        unknown.to_string(),
        "no audit sink named \"nope\"; configured sinks: siem"
    );
    Ok(())
}

/// Syslog over TLS (RFC 5425) to a listener whose certificate is signed
/// by the CA given in `ca_file`; a listener with an unknown certificate is
/// refused.
#[tokio::test]
async fn syslog_sink_speaks_tls_with_a_private_ca() -> anyhow::Result<()> {
    let (store, _db) = postgres().await?;
    let log = log(&store, Arc::new(SystemClock));
    let sent = record_n(&log, 5).await;

    let dir = tempfile::tempdir()?;
    let (acceptor, ca) = tls_for_localhost(&dir)?;
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let received = Arc::new(Received::default());
    let (_stop_listener, stop_rx) = watch::channel(false);
    {
        let received = received.clone();
        tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                // A failed handshake (the untrusted client) just closes.
                if let Ok(tls) = acceptor.accept(sock).await {
                    tokio::spawn(read_frames(tls, received.clone(), stop_rx.clone()));
                }
            }
        });
    }

    // Without the CA the handshake fails and nothing is delivered.
    let mut untrusted = quick(SinkConfig::new("syslog-tls", SinkKind::Syslog));
    untrusted.address = Some(format!("localhost:{port}"));
    untrusted.tls = true;
    let mut sink = Sink::from_config(&untrusted, "test-host")?;
    let err = sink.deliver(&[]).await;
    assert!(err.is_ok(), "an empty batch needs no connection");
    let batch = log
        .search(
            DEFAULT_WS,
            &kubechat_audit::Filter {
                after_seq: Some(0),
                ..Default::default()
            },
        )
        .await?
        .events;
    let err = sink.deliver(&batch).await.unwrap_err().to_string();
    assert!(err.contains("TLS handshake"), "{err}");

    let mut config = untrusted.clone();
    config.ca_file = Some(ca);
    let metrics = AuditMetrics::default();
    let stop = start(&config, &store, &metrics);
    eventually(|| received.ids().len() == sent.len()).await;
    assert_eq!(received.ids(), sent);
    stop.send(true)?;
    Ok(())
}

/// Two replicas run an exporter for the same sink: the lease lets one
/// deliver, so a healthy receiver sees each event once.
#[tokio::test]
async fn two_replicas_export_each_event_once() -> anyhow::Result<()> {
    let (store, _db) = postgres().await?;
    let log = log(&store, Arc::new(SystemClock));
    let port = kubechat_testkit::free_port()?;
    let received = Arc::new(Received::default());
    let _server = serve_http(port, received.clone()).await;
    let mut config = quick(SinkConfig::new("siem", SinkKind::Http));
    config.url = Some(format!("http://127.0.0.1:{port}/ingest"));
    let (ma, mb) = (AuditMetrics::default(), AuditMetrics::default());
    let stop_a = start_as("replica-a", &config, &store, &ma);
    let stop_b = start_as("replica-b", &config, &store, &mb);
    let mut sent = Vec::new();
    for _ in 0..4 {
        sent.extend(record_n(&log, 10).await);
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    eventually(|| received.ids().len() >= sent.len()).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(received.ids(), sent, "once each, in order");
    let by_a = counted(&ma, "siem", "delivered");
    let by_b = counted(&mb, "siem", "delivered");
    assert!(
        by_a == 0 || by_b == 0,
        "one replica holds the lease: {by_a} / {by_b}"
    );
    stop_a.send(true)?;
    stop_b.send(true)?;
    Ok(())
}

/// A TLS acceptor with a fresh self-signed certificate for `localhost`,
/// and the certificate's PEM file (the CA a client must trust).
fn tls_for_localhost(
    dir: &tempfile::TempDir,
) -> anyhow::Result<(tokio_rustls::TlsAcceptor, std::path::PathBuf)> {
    let (server_config, pem) = kubechat_testkit::self_signed_tls("localhost")?;
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, pem)?;
    Ok((tokio_rustls::TlsAcceptor::from(Arc::new(server_config)), ca))
}

/// axum over TLS: each accepted connection is handshaken first; failed
/// handshakes are dropped.
struct TlsListener {
    tcp: TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<tokio::net::TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            if let Ok((sock, addr)) = self.tcp.accept().await
                && let Ok(tls) = self.acceptor.accept(sock).await
            {
                return (tls, addr);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// The generic sink over HTTPS with a private CA from `ca_file`.
#[tokio::test]
async fn http_sink_speaks_https_with_a_private_ca() -> anyhow::Result<()> {
    let (store, _db) = postgres().await?;
    let log = log(&store, Arc::new(SystemClock));
    let sent = record_n(&log, 6).await;
    let dir = tempfile::tempdir()?;
    let (acceptor, ca) = tls_for_localhost(&dir)?;
    let tcp = TcpListener::bind("127.0.0.1:0").await?;
    let port = tcp.local_addr()?.port();
    let received = Arc::new(Received::default());
    let app = Router::new()
        .route("/ingest", post(json_receiver))
        .with_state(received.clone());
    tokio::spawn(async move { axum::serve(TlsListener { tcp, acceptor }, app).await });

    let mut config = quick(SinkConfig::new("siem", SinkKind::Http));
    config.url = Some(format!("https://localhost:{port}/ingest"));
    config.token = Some(Secret::new("tls-bearer-token"));
    let mut untrusted = Sink::from_config(&config, "host")?;
    let batch = log
        .search(
            DEFAULT_WS,
            &kubechat_audit::Filter {
                after_seq: Some(0),
                ..Default::default()
            },
        )
        .await?
        .events;
    let err = untrusted.deliver(&batch).await.unwrap_err().to_string();
    assert!(!err.contains("tls-bearer-token"), "token leaked: {err}");
    assert!(received.ids().is_empty());

    config.ca_file = Some(ca);
    let metrics = AuditMetrics::default();
    let stop = start(&config, &store, &metrics);
    eventually(|| received.ids().len() == sent.len()).await;
    assert_eq!(received.ids(), sent);
    stop.send(true)?;
    Ok(())
}
