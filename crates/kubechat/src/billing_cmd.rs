//! `kubechat billing …`: the runbook's manual subscription sync, and a
//! workspace's standing.

use std::io::Write;

use anyhow::Context;
use clap::Subcommand;
use kubechat_config::Config;
use kubechat_store::{WorkspaceRepository, WorkspaceSlug};

#[derive(Debug, Subcommand)]
pub enum BillingCommand {
    /// Read every workspace's subscription and invoices back from the
    /// payment provider and correct the stored records (when webhooks
    /// were lost). All is read before anything is written: if the
    /// provider fails, nothing changes (exit 1).
    Sync {
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// A workspace's plan, subscription status and usage.
    Status {
        #[arg(long, default_value = "default", value_name = "SLUG")]
        workspace: String,
    },
}

pub async fn run(config: &Config, command: BillingCommand) -> anyhow::Result<()> {
    // The cache is Redis when configured, so usage counts are the
    // servers'.
    let runtime = kubechat_server::Runtime::from_config(config.clone());
    let billing = runtime.billing().await?.clone();
    let store = runtime.store().await?;
    let mut out = std::io::stdout().lock();
    match command {
        BillingCommand::Sync { json } => {
            let report = billing.sync().await?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
                return Ok(());
            }
            writeln!(
                out,
                "{} workspace(s) with a subscription checked, {} invoice(s) read, {} corrected",
                report.checked,
                report.invoices,
                report.changed.len()
            )?;
            for c in &report.changed {
                writeln!(out, "  {}: {}", c.workspace, c.changes.join(", "))?;
            }
        }
        BillingCommand::Status { workspace } => {
            let slug = WorkspaceSlug::parse(&workspace)?;
            let ws = store
                .workspace_by_slug(&slug)
                .await?
                .with_context(|| format!("no workspace {workspace:?}"))?;
            let o = billing.overview(ws.id).await?;
            let limit = |n: u32| {
                if n == 0 {
                    "unlimited".to_owned()
                } else {
                    n.to_string()
                }
            };
            let p = &o.standing.plan;
            writeln!(out, "workspace:  {}", ws.slug.as_str())?;
            writeln!(out, "plan:       {} ({})", p.name, o.standing.note)?;
            writeln!(out, "status:     {}", o.standing.status.as_str())?;
            writeln!(
                out,
                "requests:   {} today of {}",
                o.usage.requests_today,
                limit(o.usage.requests_per_day)
            )?;
            writeln!(
                out,
                "seats:      {} of {}",
                o.usage.seats_used,
                limit(o.usage.seats)
            )?;
            writeln!(
                out,
                "changes:    {}\nllm:        {}",
                if p.mutations { "allowed" } else { "reads only" },
                if p.llm { "allowed" } else { "rules only" }
            )?;
            writeln!(out, "invoices:   {}", o.invoices.len())?;
        }
    }
    Ok(())
}
