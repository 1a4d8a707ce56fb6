//! SIEM export: sinks, the background exporter and re-export of a window.
//!
//! Delivery is at least once: the checkpoint moves only after a sink
//! accepted a batch, so a crash or an outage re-sends from the checkpoint.
//! Every event carries its stable `id` (and `seq` and `hash`), so receivers
//! de-duplicate re-sent events.

mod exporter;
mod http;
mod syslog;

use std::path::Path;

use kubechat_config::{SinkConfig, SinkKind};

pub use exporter::{Exporter, reexport};
pub use syslog::cef;

use crate::{Checkpoint, Error, Event, Result};

/// One configured destination.
#[derive(Debug)]
pub struct Sink {
    name: String,
    inner: Inner,
}

#[derive(Debug)]
enum Inner {
    Http(http::HttpSink),
    Syslog(syslog::SyslogSink),
}

impl Sink {
    /// Builds the sink `config` describes; `host` names this machine in
    /// syslog headers and Splunk events.
    pub fn from_config(config: &SinkConfig, host: &str) -> Result<Self> {
        let inner = match config.kind {
            SinkKind::Http | SinkKind::Splunk => Inner::Http(http::HttpSink::new(config, host)?),
            SinkKind::Syslog => Inner::Syslog(syslog::SyslogSink::new(config, host)?),
        };
        Ok(Self {
            name: config.name.clone(),
            inner,
        })
    }

    /// The configured sink named `name`.
    pub fn named(sinks: &[SinkConfig], name: &str, host: &str) -> Result<Self> {
        let config = sinks
            .iter()
            .find(|s| s.name == name)
            .ok_or_else(|| Error::UnknownSink {
                name: name.to_owned(),
                known: if sinks.is_empty() {
                    "none (add [[audit.sinks]] to the configuration)".to_owned()
                } else {
                    sinks
                        .iter()
                        .map(|s| s.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                },
            })?;
        Self::from_config(config, host)
    }

    /// The sink's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Hands a signed checkpoint to the destination: it then lives where
    /// someone who can write the database cannot reach it.
    pub async fn deliver_checkpoint(&mut self, cp: &Checkpoint) -> Result<()> {
        let done = match &mut self.inner {
            Inner::Http(s) => s.deliver_checkpoint(cp).await,
            Inner::Syslog(s) => s.deliver_checkpoint(cp).await,
        };
        done.map_err(|reason| Error::Sink {
            sink: self.name.clone(),
            reason,
        })
    }

    /// Hands `events` to the destination; `Ok` only once it accepted them
    /// all.
    pub async fn deliver(&mut self, events: &[Event]) -> Result<()> {
        if events.is_empty() {
            return Ok(());
        }
        let done = match &mut self.inner {
            Inner::Http(s) => s.deliver(events).await,
            Inner::Syslog(s) => s.deliver(events).await,
        };
        done.map_err(|reason| Error::Sink {
            sink: self.name.clone(),
            reason,
        })
    }
}

/// Where each checkpoint goes besides its file: every configured sink,
/// and `audit.checkpoint_url` (as an http sink of its own, named
/// `checkpoint-url`) when set.
pub fn checkpoint_sinks(config: &kubechat_config::AuditConfig, host: &str) -> Result<Vec<Sink>> {
    let mut sinks = config
        .sinks
        .iter()
        .map(|c| Sink::from_config(c, host))
        .collect::<Result<Vec<_>>>()?;
    if let Some(url) = &config.checkpoint_url {
        sinks.push(Sink::from_config(
            &SinkConfig::checkpoint_url(url, config.checkpoint_token.clone()),
            host,
        )?);
    }
    Ok(sinks)
}

/// Reads a PEM CA file for a sink, naming the file on failure.
fn read_ca(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::Invalid {
        what: "sink CA file",
        reason: format!("cannot read {}: {e}", path.display()),
    })
}

/// This machine's name, for syslog headers, Splunk events and export
/// leases: `$HOSTNAME`, else `/etc/hostname`, else `kubechat`.
pub fn hostname() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty() && h.len() <= 255 && !h.contains(char::is_whitespace))
        .unwrap_or_else(|| "kubechat".to_owned())
}
