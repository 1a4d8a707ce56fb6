//! `kubechat ask`: one operation from the terminal against the current
//! kubeconfig context, with a preview and a confirmation before anything
//! changes.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Context, bail};
use clap::ValueEnum;
use kubechat_audit::{AuditActor, Channel};
use kubechat_config::Config;
use kubechat_core::Risk;
use kubechat_engine::{Engine, Requester};
use kubechat_kube::{Actor, Outcome};
use kubechat_store::DEFAULT_WORKSPACE_ID;

/// How the answer is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    Table,
    Json,
    Yaml,
}

/// What `kubechat ask` was given.
#[derive(Debug)]
pub struct Ask {
    pub request: String,
    pub output: Output,
    pub yes: bool,
    pub as_user: Option<String>,
    pub as_groups: Vec<String>,
}

/// Reads the operation (see `kubechat_nlp::interpret`).
pub fn operation(request: &str) -> anyhow::Result<kubechat_core::Operation> {
    Ok(kubechat_nlp::chain::decide(
        kubechat_nlp::interpret(request),
        kubechat_nlp::chain::DEFAULT_THRESHOLD,
    )
    .and_then(kubechat_nlp::Translation::on_own_cluster)?
    .operation)
}

fn print(outcome: &Outcome, output: Output, out: &mut impl Write) -> anyhow::Result<()> {
    match output {
        Output::Table => {
            writeln!(out, "$ {}", outcome.kubectl)?;
            write!(out, "{}", outcome.text)?;
        }
        Output::Json => writeln!(out, "{}", serde_json::to_string_pretty(outcome)?)?,
        Output::Yaml => write!(
            out,
            "{}",
            serde_saphyr::to_string(outcome).context("cannot render YAML")?
        )?,
    }
    Ok(())
}

/// Asks on stderr and reads one line from stdin. Destructive operations
/// need the word `yes`; others accept `y`. End of input means no.
fn confirm(prompt: &str, destructive: bool) -> anyhow::Result<bool> {
    let mut err = std::io::stderr();
    if destructive {
        write!(
            err,
            "{prompt} This is destructive: type 'yes' to go ahead: "
        )?;
    } else {
        write!(err, "{prompt} Apply? [y/N]: ")?;
    }
    err.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    let answer = answer.trim().to_ascii_lowercase();
    Ok(if destructive {
        answer == "yes"
    } else {
        answer == "y" || answer == "yes"
    })
}

/// The person at this terminal, as recorded in the audit log.
fn local_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .ok()
        .filter(|u| !u.is_empty() && u.len() <= 64 && !u.chars().any(char::is_control))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Runs one request through the engine: audited in the configured
/// database (the embedded SQLite file by default) before anything reaches
/// the cluster. Errors become a non-zero exit in `main`.
/// The engine `kubechat ask` and the local `kubechat mcp` act through:
/// the configured cluster (kubeconfig or demo) with the kubeconfig's own
/// identity (or `as_user`), audited into the local store as the person at
/// the keyboard on `channel`; and the context's namespace. The runtime is
/// returned to be held: the demo cluster serves while it lives.
pub async fn local_engine(
    config: &Config,
    as_user: Option<String>,
    as_groups: Vec<String>,
    channel: Channel,
) -> anyhow::Result<(Engine, Requester, String, kubechat_server::Runtime)> {
    let runtime = kubechat_server::Runtime::from_config(config.clone());
    let cluster = runtime
        .cluster()
        .await?
        .context("no cluster: set KUBECONFIG or kubernetes.kubeconfig, or run inside a cluster")?;
    let executor = cluster.executor(runtime.clock().clone())?;
    let audit = runtime
        .audit()
        .await
        .context("cannot prepare the audit log's database")?
        .clone();
    let actor = match as_user {
        Some(u) => Actor::new(u, as_groups)?,
        None => Actor::own(),
    };
    let ns = executor.default_namespace().to_owned();
    let engine = Engine::new(executor, audit);
    let who = Requester {
        workspace_id: DEFAULT_WORKSPACE_ID,
        audit: AuditActor {
            user: local_user(),
            role: "local".to_owned(),
            kube_user: actor.user.clone(),
            kube_groups: actor.groups.clone(),
        },
        kube: actor,
        channel,
        session_id: None,
    };
    Ok((engine, who, ns, runtime))
}

pub async fn run(config: &Config, ask: Ask) -> anyhow::Result<()> {
    let op = crate::attach::resolve_local(operation(&ask.request)?)?;
    let (engine, who, ns, _runtime) =
        local_engine(config, ask.as_user, ask.as_groups, Channel::Cli).await?;
    let mut stdout = std::io::stdout().lock();
    if op.risk() == Risk::Read {
        let outcome = engine.read(&who, &ask.request, &op, &ns).await?;
        return print(&outcome, ask.output, &mut stdout);
    }
    let pending = engine.plan(&who, &ask.request, &op, &ns).await?;
    let plan = pending.plan();
    if plan.changes.is_empty() {
        writeln!(stdout, "$ {}\nnothing to change", plan.kubectl)?;
        engine.cancel(pending, "nothing to change").await?;
        return Ok(());
    }
    let destructive = plan.risk == Risk::Destructive;
    if !ask.yes {
        eprint!("Preview (server-side dry run):\n{}", plan.preview_text());
        if !std::io::stdin().is_terminal() {
            eprintln!("(reading the confirmation from standard input)");
        }
        if !confirm("", destructive)? {
            engine.cancel(pending, "declined at the prompt").await?;
            bail!("cancelled: nothing was changed");
        }
    }
    let outcome = engine.apply(pending).await?;
    print(&outcome, ask.output, &mut stdout)
}
