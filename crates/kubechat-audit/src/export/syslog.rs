//! Syslog sink: RFC 5424 messages with a CEF body, over TCP with
//! octet-counted framing (RFC 6587), optionally in TLS (RFC 5425).
//!
//! Syslog over TCP has no acknowledgement. Before each batch the sink
//! checks whether the receiver closed the connection (and reconnects), and
//! a batch counts as delivered once it was written and flushed; a receiver
//! that dies with bytes unread in its socket buffer loses them — the SIEM's
//! de-duplication on `externalId` makes the usual remedy, `kubechat audit
//! export` of the window, safe.

use std::sync::Arc;
use std::time::Duration;

use kubechat_config::SinkConfig;
use rustls_pki_types::ServerName;
use rustls_pki_types::pem::PemObject;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use super::read_ca;
use crate::{Checkpoint, Error, Event, Phase, Result};

/// RFC 5424 facility 13, "log audit".
const FACILITY: u8 = 13;

pub(super) struct SyslogSink {
    address: String,
    host: String,
    timeout: Duration,
    tls: Option<(TlsConnector, ServerName<'static>)>,
    conn: Option<Conn>,
}

impl std::fmt::Debug for SyslogSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyslogSink")
            .field("address", &self.address)
            .field("tls", &self.tls.is_some())
            .finish_non_exhaustive()
    }
}

enum Conn {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl Conn {
    fn tcp(&self) -> &TcpStream {
        match self {
            Conn::Plain(s) => s,
            Conn::Tls(s) => s.get_ref().0,
        }
    }

    async fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match self {
            Conn::Plain(s) => {
                s.write_all(bytes).await?;
                s.flush().await
            }
            Conn::Tls(s) => {
                s.write_all(bytes).await?;
                s.flush().await
            }
        }
    }

    /// True when the receiver has closed (or reset) the connection.
    async fn closed(&self) -> bool {
        let mut byte = [0u8; 1];
        // A zero timeout polls once: ready means EOF, an error, or data
        // (which a syslog receiver does not send outside TLS records).
        match tokio::time::timeout(Duration::ZERO, self.tcp().peek(&mut byte)).await {
            Ok(Ok(0)) | Ok(Err(_)) => true,
            Ok(Ok(_)) | Err(_) => false,
        }
    }
}

impl SyslogSink {
    pub(super) fn new(config: &SinkConfig, host: &str) -> Result<Self> {
        let address = config.address.clone().ok_or_else(|| Error::Invalid {
            what: "sink",
            reason: format!("syslog sink {:?} has no address", config.name),
        })?;
        let tls = if config.tls {
            let mut roots = rustls::RootCertStore::empty();
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            if let Some(path) = &config.ca_file {
                let pem = read_ca(path)?;
                for cert in rustls_pki_types::CertificateDer::pem_slice_iter(&pem) {
                    let cert = cert.map_err(|e| Error::Invalid {
                        what: "sink CA file",
                        reason: format!("{}: {e}", path.display()),
                    })?;
                    roots.add(cert).map_err(|e| Error::Invalid {
                        what: "sink CA file",
                        reason: format!("{}: {e}", path.display()),
                    })?;
                }
            }
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let cfg = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map_err(|e| Error::Invalid {
                    what: "sink TLS",
                    reason: e.to_string(),
                })?
                .with_root_certificates(roots)
                .with_no_client_auth();
            let host_part = address
                .rsplit_once(':')
                .map_or(address.as_str(), |(h, _)| h)
                .trim_matches(['[', ']']);
            let name = ServerName::try_from(host_part.to_owned()).map_err(|e| Error::Invalid {
                what: "sink address",
                reason: format!("{host_part:?} is not a TLS server name: {e}"),
            })?;
            Some((TlsConnector::from(Arc::new(cfg)), name))
        } else {
            None
        };
        Ok(Self {
            address,
            host: host.to_owned(),
            timeout: Duration::from_millis(config.timeout_ms),
            tls,
            conn: None,
        })
    }

    async fn connect(&self) -> Result<Conn, String> {
        let tcp = tokio::time::timeout(self.timeout, TcpStream::connect(&self.address))
            .await
            .map_err(|_| format!("connecting to {} timed out", self.address))?
            .map_err(|e| format!("cannot connect to {}: {e}", self.address))?;
        tcp.set_nodelay(true).ok();
        match &self.tls {
            None => Ok(Conn::Plain(tcp)),
            Some((connector, name)) => {
                let tls = tokio::time::timeout(self.timeout, connector.connect(name.clone(), tcp))
                    .await
                    .map_err(|_| format!("TLS handshake with {} timed out", self.address))?
                    .map_err(|e| format!("TLS handshake with {} failed: {e}", self.address))?;
                Ok(Conn::Tls(Box::new(tls)))
            }
        }
    }

    pub(super) async fn deliver(&mut self, events: &[Event]) -> Result<(), String> {
        let messages: Vec<String> = events.iter().map(|e| message(e, &self.host)).collect();
        self.send(&messages).await
    }

    /// One message per workspace of the checkpoint (a whole checkpoint
    /// may exceed what receivers take in one message), each carrying the
    /// signed checkpoint's id fields and that workspace's head.
    pub(super) async fn deliver_checkpoint(&mut self, cp: &Checkpoint) -> Result<(), String> {
        let pri = u16::from(FACILITY) * 8 + 5;
        let ts = &cp.issued_at;
        let host = &self.host;
        let mut messages: Vec<String> = cp
            .workspaces
            .iter()
            .map(|m| {
                format!(
                    "<{pri}>1 {ts} {host} kubechat - checkpoint [kubechat@32473 workspace=\"{}\" seq=\"{}\" hash=\"{}\" anchor_seq=\"{}\" anchor_hash=\"{}\" key=\"{}\"] audit checkpoint",
                    m.workspace_id, m.seq, m.hash, m.anchor_seq, m.anchor_hash, cp.key_id
                )
            })
            .collect();
        // The whole signed checkpoint last, so a receiver can re-verify it.
        let json = serde_json::to_string(cp).map_err(|e| e.to_string())?;
        messages.push(format!(
            "<{pri}>1 {ts} {host} kubechat - checkpoint [kubechat@32473 key=\"{}\" workspaces=\"{}\"] {json}",
            cp.key_id,
            cp.workspaces.len()
        ));
        self.send(&messages).await
    }

    async fn send(&mut self, messages: &[String]) -> Result<(), String> {
        let mut frames = Vec::new();
        for msg in messages {
            frames.extend_from_slice(format!("{} ", msg.len()).as_bytes());
            frames.extend_from_slice(msg.as_bytes());
        }
        let stale = match &self.conn {
            Some(c) => c.closed().await,
            None => true,
        };
        if stale {
            self.conn = Some(self.connect().await?);
        }
        let Some(conn) = self.conn.as_mut() else {
            return Err("no connection".to_owned());
        };
        let written = tokio::time::timeout(self.timeout, conn.write_all(&frames)).await;
        match written {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => {
                self.conn = None;
                Err(format!("writing to {} failed: {e}", self.address))
            }
            Err(_) => {
                self.conn = None;
                Err(format!("writing to {} timed out", self.address))
            }
        }
    }
}

/// One RFC 5424 message: header, structured data with the event's id,
/// and the CEF body.
fn message(e: &Event, host: &str) -> String {
    let severity = match (e.phase, e.risk.as_str()) {
        (Phase::Denied | Phase::Failed, _) | (_, "destructive") => 4,
        (_, "mutate") => 5,
        _ => 6,
    };
    let pri = u16::from(FACILITY) * 8 + severity;
    let ts = crate::event::canonical_time(e.at);
    format!(
        "<{pri}>1 {ts} {host} kubechat - audit [kubechat@32473 id=\"{}\" workspace=\"{}\" seq=\"{}\"] {}",
        e.id,
        e.workspace_id,
        e.seq,
        cef(e)
    )
}

/// The event as an ArcSight CEF record.
pub fn cef(e: &Event) -> String {
    let severity = match (e.phase, e.risk.as_str()) {
        (Phase::Denied, _) => 7,
        (Phase::Failed, _) => 6,
        (_, "destructive") => 8,
        (_, "mutate") => 5,
        _ => 3,
    };
    let mut ext = vec![
        ("rt", (e.at.unix_timestamp_nanos() / 1_000_000).to_string()),
        ("externalId", e.id.to_string()),
        ("suser", e.actor_user.clone()),
        ("suid", e.actor_role.clone()),
        ("duser", e.kube_user.clone()),
        ("act", e.verb.clone()),
        ("outcome", e.phase.as_str().to_owned()),
        ("requestClientApplication", e.channel.as_str().to_owned()),
        ("cs1Label", "resource".to_owned()),
        ("cs1", e.resource.clone()),
        ("cs2Label", "namespace".to_owned()),
        ("cs2", e.namespace.clone().unwrap_or_default()),
        ("cs3Label", "kubectl".to_owned()),
        ("cs3", e.kubectl.clone()),
        ("cs4Label", "workspace".to_owned()),
        ("cs4", e.workspace_id.to_string()),
        ("cs5Label", "hash".to_owned()),
        ("cs5", e.hash.clone()),
        ("flexString1Label", "request".to_owned()),
        ("flexString1", e.request_id.to_string()),
        ("cn1Label", "seq".to_owned()),
        ("cn1", e.seq.to_string()),
        ("msg", e.text.clone()),
    ];
    if let Some(d) = &e.decision {
        ext.push((
            "reason",
            format!("{d}: {}", e.decision_reason.as_deref().unwrap_or("")),
        ));
    }
    if let Some(o) = &e.outcome {
        ext.push(("cs6Label", "outcome".to_owned()));
        ext.push(("cs6", o.clone()));
    }
    let ext = ext
        .into_iter()
        .map(|(k, v)| format!("{k}={}", escape_ext(&v)))
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "CEF:0|KubeChat|KubeChat|{}|{}|{}|{severity}|{ext}",
        env!("CARGO_PKG_VERSION"),
        escape_header(&format!("{}-{}", e.verb, e.phase)),
        escape_header(&format!("{} {} {}", e.phase, e.verb, e.resource)),
    )
}

fn escape_header(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

fn escape_ext(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('=', "\\=")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_cef() {
        assert_eq!(escape_header("a|b\\c"), "a\\|b\\\\c");
        assert_eq!(escape_ext("k=v\nnext"), "k\\=v\\nnext");
    }
}
