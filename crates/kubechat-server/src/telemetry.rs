//! The one place logging is set up.

use std::io::IsTerminal;

use kubechat_config::{LogConfig, LogFormat};
use tracing_subscriber::EnvFilter;

use crate::{Error, Result};

/// Installs the global subscriber: JSON lines when asked or when stderr is
/// not a terminal (a pod's log goes to a shipper), pretty text on a
/// terminal. `RUST_LOG`, when set, overrides `log.level`.
pub fn init(config: &LogConfig) -> Result<()> {
    let filter = match std::env::var("RUST_LOG") {
        Ok(v) if !v.trim().is_empty() => EnvFilter::try_new(v),
        _ => EnvFilter::try_new(&config.level),
    }
    .map_err(|e| Error::Telemetry(format!("invalid log filter: {e}")))?;
    let json = match config.format {
        LogFormat::Json => true,
        LogFormat::Pretty => false,
        LogFormat::Auto => !std::io::stderr().is_terminal(),
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let installed = if json {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init()
    } else {
        builder.try_init()
    };
    installed.map_err(|e| Error::Telemetry(e.to_string()))
}
