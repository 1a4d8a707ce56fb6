//! Command-line interface.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use kubechat_config::{Config, ConfigError, Layers, Override};
use kubechat_server::{Application, shutdown_signal, telemetry};

/// Operate Kubernetes by chat.
#[derive(Debug, Parser)]
#[command(name = "kubechat", version, about)]
pub struct Cli {
    /// Configuration file (TOML); see README for the keys.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Directory for the embedded database and other local state
    /// [default: ./kubechat-data].
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// Log format [default: auto: pretty on a terminal, JSON otherwise].
    #[arg(long, global = true, value_enum)]
    log_format: Option<LogFormatArg>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LogFormatArg {
    Auto,
    Json,
    Pretty,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server (health, metrics and the roles selected).
    Serve(ServeArgs),
    /// Database maintenance.
    Db {
        #[command(subcommand)]
        command: DbCommand,
    },
    /// Print the effective configuration (secrets redacted) and exit.
    Config,
    /// Run the KubeChatCommand controller (leader-elected; probes on
    /// --probes). Commands run as their spec.requestedBy, audited.
    Operator(crate::operator_cmd::OperatorArgs),
    /// Print the KubeChatCommand CustomResourceDefinition (YAML), generated
    /// from the Rust types; the Helm chart's copy must equal it.
    Crd,
    /// Run one request against the current kubeconfig context, e.g.
    /// `kubechat ask "get pods -n payments"`. Mutations show a server-side
    /// dry-run preview and ask for confirmation first.
    Ask(AskArgs),
    /// Translate one request into an operation without running it; prints
    /// one JSON object (operation, kubectl, risk, source, confidence).
    /// Exits 2 when it cannot be translated. Needs no cluster or network
    /// (the LLM providers are asked only when configured).
    Translate(TranslateArgs),
    /// Measure the translator on a corpus of JSON lines
    /// ({"family", "text", "expect": operation or null}); prints accuracy
    /// per family and overall and lists the misses.
    Eval(EvalArgs),
    /// Chat with a running KubeChat server from the terminal (WebSocket).
    /// The token comes from KUBECHAT_TOKEN, else a login is asked for.
    Chat(ChatArgs),
    /// KubeChat for MCP clients that start local servers (stdio): relays
    /// to a deployment's /mcp with KUBECHAT_TOKEN.
    Mcp(McpArgs),
    /// Workspaces (tenants): add, list.
    Workspaces {
        #[command(subcommand)]
        command: crate::workspaces_cmd::WorkspacesCommand,
    },
    /// Accounts: add, list, disable, enable, reset-password.
    Users {
        #[command(subcommand)]
        command: crate::users_cmd::UsersCommand,
    },
    /// The audit trail: verify, tail, search, export, prune.
    Audit {
        #[command(subcommand)]
        command: crate::audit_cmd::AuditCommand,
    },
    /// Plans and payments: sync subscriptions from the provider, show a
    /// workspace's standing.
    Billing {
        #[command(subcommand)]
        command: crate::billing_cmd::BillingCommand,
    },
}

#[derive(Debug, Args)]
struct AskArgs {
    /// The request: plain language ("why is checkout crashing in shop"),
    /// kubectl syntax ("get pods -n x -l app=y"), or "diagnose TYPE NAME".
    request: String,
    /// Output format.
    #[arg(short, long, value_enum, default_value = "table")]
    output: crate::ask::Output,
    /// Apply mutations without asking.
    #[arg(short, long)]
    yes: bool,
    /// Act as this Kubernetes user (impersonation, like kubectl --as).
    #[arg(long = "as", value_name = "USER")]
    as_user: Option<String>,
    /// Groups of the impersonated user (repeatable).
    #[arg(long = "as-group", value_name = "GROUP", requires = "as_user")]
    as_groups: Vec<String>,
    /// Ask the built-in in-memory demo cluster (namespace shop by default).
    #[arg(long)]
    demo: bool,
}

#[derive(Debug, Args)]
struct TranslateArgs {
    /// The request, e.g. "show me all pods in payments".
    text: String,
    /// One line of compact JSON (default: indented).
    #[arg(long)]
    json: bool,
    /// The namespace requests without one run in.
    #[arg(short, long)]
    namespace: Option<String>,
}

#[derive(Debug, Args)]
struct EvalArgs {
    /// The corpus, e.g. eval/corpus.jsonl.
    corpus: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Exit 1 when overall accuracy is below this (0 to 1).
    #[arg(long, value_name = "RATIO")]
    min_accuracy: Option<f64>,
}

#[derive(Debug, Args)]
struct ChatArgs {
    /// The server's base URL.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    server: String,
    /// The chat session to open or resume.
    #[arg(long, default_value = "terminal")]
    session: String,
    /// Where requests without a namespace run.
    #[arg(short, long, default_value = "default")]
    namespace: String,
    /// Log in as this user (asked for when missing).
    #[arg(long, conflicts_with = "sso")]
    user: Option<String>,
    /// Sign in through this single sign-on provider instead (the browser
    /// finishes it; the address to open is printed).
    #[arg(long, value_name = "PROVIDER")]
    sso: Option<String>,
    /// The bot to ask [default: the workspace's default bot].
    #[arg(long)]
    bot: Option<String>,
}

#[derive(Debug, Args)]
struct McpArgs {
    /// The KubeChat deployment's base URL (its /mcp is used, with
    /// KUBECHAT_TOKEN). Without it, KubeChat serves MCP locally with the
    /// kubeconfig's identity, audited into the local store.
    #[arg(long, conflicts_with = "demo")]
    server: Option<String>,
    /// Serve locally against the built-in in-memory demo cluster.
    #[arg(long)]
    demo: bool,
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, value_name = "ADDR")]
    listen: Option<String>,

    /// Roles to serve, comma-separated: gateway, nlp, audit [default: all].
    #[arg(long, value_name = "ROLES")]
    roles: Option<String>,

    /// Use the built-in in-memory demo cluster instead of a kubeconfig.
    #[arg(long)]
    demo: bool,
}

#[derive(Debug, Subcommand)]
enum DbCommand {
    /// Apply pending migrations and exit.
    Migrate,
}

impl Cli {
    /// Loads configuration: defaults → file → environment → these flags.
    pub fn load_config(&self) -> Result<Config, ConfigError> {
        let mut overrides = Vec::new();
        let mut set = |key: &str, value: String, flag: &str| {
            overrides.push(Override {
                key: key.to_owned(),
                value,
                source: flag.to_owned(),
            });
        };
        if let Some(d) = &self.data_dir {
            set("server.data_dir", d.display().to_string(), "--data-dir");
        }
        if let Some(f) = self.log_format {
            let v = match f {
                LogFormatArg::Auto => "auto",
                LogFormatArg::Json => "json",
                LogFormatArg::Pretty => "pretty",
            };
            set("log.format", v.to_owned(), "--log-format");
        }
        if let Command::Serve(args) = &self.command {
            if let Some(l) = &args.listen {
                set("server.listen", l.clone(), "--listen");
            }
            if let Some(r) = &args.roles {
                set("server.roles", r.clone(), "--roles");
            }
            if args.demo {
                set("kubernetes.source", "demo".into(), "--demo");
            }
        }
        if let Command::Ask(args) = &self.command
            && args.demo
        {
            set("kubernetes.source", "demo".into(), "--demo");
        }
        if let Command::Mcp(args) = &self.command
            && args.demo
        {
            set("kubernetes.source", "demo".into(), "--demo");
        }
        Layers::from_process(self.config.clone(), overrides).load()
    }

    /// Runs the command.
    pub async fn run(self, config: Config) -> anyhow::Result<()> {
        // One TLS provider for every client in the graph (kube, sqlx, …).
        let _ = rustls::crypto::ring::default_provider().install_default();
        match self.command {
            Command::Operator(args) => crate::operator_cmd::run(&config, args).await,
            Command::Translate(a) => {
                crate::translate_cmd::translate(&config, &a.text, a.namespace.as_deref(), a.json)
                    .await
            }
            Command::Eval(a) => {
                crate::translate_cmd::eval(&config, &a.corpus, a.json, a.min_accuracy).await
            }
            Command::Crd => {
                print!("{}", kubechat_operator::crd_yaml()?);
                Ok(())
            }
            Command::Config => {
                let text = toml::to_string(&config).context("cannot render the configuration")?;
                print!("{text}");
                Ok(())
            }
            Command::Db {
                command: DbCommand::Migrate,
            } => {
                telemetry::init(&config.log)?;
                // Opened like every other command opens it: the configured
                // pool, migrated on opening.
                let runtime = kubechat_server::Runtime::from_config(config.clone());
                let store = runtime.store().await?;
                let applied = runtime.migrations_applied().unwrap_or(0);
                store.close().await;
                println!(
                    "database {} ({}): {applied} migration(s) applied",
                    store.redacted_url(),
                    store.backend().as_str()
                );
                Ok(())
            }
            Command::Ask(args) => {
                crate::ask::run(
                    &config,
                    crate::ask::Ask {
                        request: args.request,
                        output: args.output,
                        yes: args.yes,
                        as_user: args.as_user,
                        as_groups: args.as_groups,
                    },
                )
                .await
            }
            Command::Audit { command } => crate::audit_cmd::run(&config, command).await,
            Command::Users { command } => crate::users_cmd::run(&config, command).await,
            Command::Workspaces { command } => crate::workspaces_cmd::run(&config, command).await,
            Command::Billing { command } => crate::billing_cmd::run(&config, command).await,
            Command::Mcp(a) => match a.server {
                Some(server) => crate::mcp_cmd::run(server).await,
                None => crate::mcp_local::run(&config).await,
            },
            Command::Chat(a) => {
                crate::chat_cmd::run(crate::chat_cmd::ChatArgs {
                    server: a.server,
                    session: a.session,
                    namespace: a.namespace,
                    user: a.user,
                    bot: a.bot,
                    sso: a.sso,
                })
                .await
            }
            Command::Serve(_) => {
                telemetry::init(&config.log)?;
                let app = Application::build(config).await?;
                app.run_until(shutdown_signal()).await?;
                Ok(())
            }
        }
    }
}
