//! `kubechat workspaces …`: the tenants of a deployment.

use std::io::Write;

use clap::Subcommand;
use kubechat_config::Config;
use kubechat_core::SystemClock;
use kubechat_store::{WorkspaceRepository, WorkspaceSlug};

#[derive(Debug, Subcommand)]
pub enum WorkspacesCommand {
    /// Create a workspace (a tenant: its own users, bots, sessions, audit
    /// chain and billing). Then add its first admin with
    /// `kubechat users add NAME --role admin --workspace SLUG`.
    Add {
        /// 1–63 lower-case letters, digits or '-' (used at sign-in).
        slug: String,
        /// Shown to people [default: the slug].
        #[arg(long)]
        name: Option<String>,
    },
    /// List the workspaces.
    List,
}

pub async fn run(config: &Config, command: WorkspacesCommand) -> anyhow::Result<()> {
    let runtime = kubechat_server::Runtime::from_config(config.clone());
    let store = runtime.store().await?;
    let mut out = std::io::stdout().lock();
    match command {
        WorkspacesCommand::Add { slug, name } => {
            let slug = WorkspaceSlug::parse(&slug)?;
            let name = name.unwrap_or_else(|| slug.as_str().to_owned());
            let ws = store.create_workspace(&slug, &name, &SystemClock).await?;
            writeln!(
                out,
                "workspace {} created ({}); add its first admin: kubechat users add NAME --role admin --workspace {}",
                ws.slug.as_str(),
                ws.id,
                ws.slug.as_str()
            )?;
        }
        WorkspacesCommand::List => {
            writeln!(out, "{:<24} {:<36} NAME", "SLUG", "ID")?;
            for w in store.list_workspaces(1000).await? {
                writeln!(out, "{:<24} {:<36} {}", w.slug.as_str(), w.id, w.name)?;
            }
        }
    }
    Ok(())
}
