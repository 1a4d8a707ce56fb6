//! The HTTP listener: hyper's HTTP/1 server with the limits axum's
//! `serve` leaves out.
//!
//! - **Connection cap** (`server.max_connections`): a connection beyond
//!   it is closed at accept and counted; the cap's permit lives inside the
//!   connection's I/O, so a WebSocket keeps its place after the upgrade
//!   until it closes.
//! - **Header-read timeout** (`server.header_read_timeout_seconds`): a
//!   client that sends its headers a byte at a time, or leaves a
//!   keep-alive connection idle, is closed when it runs out.
//!
//! Graceful shutdown: on `stop` the loop stops accepting, every
//! connection finishes its request in flight and closes, and `serve`
//! returns once all are gone (the caller bounds that wait).

use std::convert::Infallible;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tower::ServiceExt;

use crate::metrics::Metrics;

/// What the listener enforces.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_connections: usize,
    pub header_read_timeout: Duration,
}

/// A connection's stream holding its place under the cap.
struct Counted {
    tcp: TcpStream,
    _permit: OwnedSemaphorePermit,
    _open: OpenGuard,
}

/// Keeps `http_connections_open` right however the connection ends.
struct OpenGuard(Metrics);

impl OpenGuard {
    fn new(metrics: &Metrics) -> Self {
        metrics.connections_open().inc();
        Self(metrics.clone())
    }
}

impl Drop for OpenGuard {
    fn drop(&mut self) {
        self.0.connections_open().dec();
    }
}

impl AsyncRead for Counted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_read(cx, buf)
    }
}

impl AsyncWrite for Counted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.tcp).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.tcp).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.tcp.is_write_vectored()
    }
}

/// Serves `router` on `listener` until `stop` turns true and every
/// connection has closed.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    metrics: Metrics,
    mut stop: watch::Receiver<bool>,
) -> io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    // Dropped by each connection task as it ends; `closed()` below waits
    // for the last one.
    let (alive, all_closed) = tokio::sync::mpsc::channel::<Infallible>(1);
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            () = stopped(&mut stop) => break,
        };
        let (tcp, peer) = match accepted {
            Ok(a) => a,
            Err(e) => {
                // Out of file descriptors and the like: back off instead
                // of spinning, keep serving the connections we have.
                tracing::warn!(error = %e, "accepting a connection failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            metrics.observe_connection_refused("connection_cap");
            tracing::warn!(
                peer = %peer,
                max_connections = limits.max_connections,
                "connection refused: the connection cap is reached"
            );
            drop(tcp);
            continue;
        };
        // Small chat frames must not wait for delayed ACKs (Nagle).
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY could not be set");
        }
        let io = TokioIo::new(Counted {
            tcp,
            _permit: permit,
            _open: OpenGuard::new(&metrics),
        });
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            router.clone().oneshot(req)
        });
        let http = http.clone();
        let mut stop = stop.clone();
        let alive = alive.clone();
        let metrics = metrics.clone();
        tokio::spawn(async move {
            let conn = http.serve_connection(io, service).with_upgrades();
            tokio::pin!(conn);
            let ended = tokio::select! {
                r = conn.as_mut() => r,
                () = stopped(&mut stop) => {
                    conn.as_mut().graceful_shutdown();
                    conn.await
                }
            };
            if let Err(e) = ended {
                if e.is_timeout() {
                    metrics.observe_connection_refused("header_timeout");
                    tracing::debug!(peer = %peer, "connection closed: request headers not sent in time");
                } else {
                    tracing::trace!(peer = %peer, error = %e, "connection ended with an error");
                }
            }
            drop(alive);
        });
    }
    // Refuse new connections at once while the open ones finish.
    drop(listener);
    drop(alive);
    let mut all_closed = all_closed;
    let _ = all_closed.recv().await;
    Ok(())
}

/// Completes when `stop` turns true (or its sender is gone), holding no
/// borrow of the value across the wait.
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}
