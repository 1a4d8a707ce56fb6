//! The `kubechat` binary: parse the command line, load configuration, set
//! up logging, run the chosen command. Logic lives in the library crates.

mod ask;
mod audit_cmd;
mod chat_cmd;
mod cli;
mod operator_cmd;
mod users_cmd;

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
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "kubechat failed");
            eprintln!("kubechat: {e:#}");
            ExitCode::FAILURE
        }
    }
}
