//! The `kubechat` binary: parse the command line, load configuration, set
//! up logging, run the chosen command. Logic lives in the library crates.

mod ask;
mod attach;
mod audit_cmd;
mod billing_cmd;
mod chat_cmd;
mod cli;
mod mcp_cmd;
mod mcp_local;
mod operator_cmd;
mod translate_cmd;
mod users_cmd;
mod workspaces_cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let config = match cli.load_config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("kubechat: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("kubechat: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli.run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.downcast_ref::<Exit>().is_some() => {
            ExitCode::from(e.downcast_ref::<Exit>().map_or(1, |x| x.0))
        }
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "kubechat failed");
            eprintln!("kubechat: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Ends the process with this exit code; the command has already said
/// why on stdout or stderr.
#[derive(Debug)]
struct Exit(u8);

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit status {}", self.0)
    }
}

impl std::error::Error for Exit {}
