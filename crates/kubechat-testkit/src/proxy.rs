//! A TCP proxy in front of a real dependency that can be told to refuse or
//! to hang, so tests see real network failures, not mocked errors.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Result;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// What the proxy does with connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyMode {
    /// Relay bytes to the target.
    Forward,
    /// Close new connections at once and cut existing ones: the
    /// dependency looks down.
    Refuse,
    /// Accept and never answer (and stop relaying on open connections):
    /// the dependency looks hung.
    Blackhole,
}

/// A running proxy; stops when dropped.
#[derive(Debug)]
pub struct TcpProxy {
    addr: SocketAddr,
    mode: watch::Sender<ProxyMode>,
    accepted: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl TcpProxy {
    /// Listens on a free loopback port and relays to `target`.
    pub async fn start(target: SocketAddr) -> Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (mode, rx) = watch::channel(ProxyMode::Forward);
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = accepted.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                let rx = rx.clone();
                tokio::spawn(handle(client, target, rx));
            }
        });
        Ok(Self {
            addr,
            mode,
            accepted,
            task,
        })
    }

    /// The proxy's own address: point the code under test here.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Switches behaviour; open connections follow at once.
    pub fn set_mode(&self, mode: ProxyMode) {
        self.mode.send_replace(mode);
    }

    /// Connections accepted so far (whatever the mode).
    pub fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn handle(mut client: TcpStream, target: SocketAddr, mut rx: watch::Receiver<ProxyMode>) {
    let mode = *rx.borrow_and_update();
    match mode {
        ProxyMode::Refuse => {}
        ProxyMode::Blackhole => {
            let _ = rx.changed().await;
        }
        ProxyMode::Forward => {
            let Ok(mut upstream) = TcpStream::connect(target).await else {
                return;
            };
            let next = tokio::select! {
                _ = tokio::io::copy_bidirectional(&mut client, &mut upstream) => return,
                m = rx.wait_for(|m| *m != ProxyMode::Forward) => m.map(|m| *m),
            };
            if matches!(next, Ok(ProxyMode::Blackhole)) {
                // Keep both sockets open but silent until the next switch.
                let _ = rx.changed().await;
            }
        }
    }
}
