//! `kubechat users …`: manage the accounts of a workspace.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Context, bail};
use clap::Subcommand;
use kubechat_auth::{Auth, AuthOptions, KeySet};
use kubechat_config::Config;
use kubechat_core::{SystemClock, UserRole};
use kubechat_store::{WorkspaceRepository, WorkspaceSlug};
use time::format_description::well_known::Rfc3339;

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Create a user; the password is read from standard input (asked
    /// twice, without echo, on a terminal).
    Add {
        name: String,
        /// viewer (reads), operator (confirmed mutations), admin (also
        /// destructive operations, users, audit).
        #[arg(long)]
        role: UserRole,
        /// Kubernetes user to impersonate [default: the workspace's
        /// identity template, `users identity`].
        #[arg(long, value_name = "USER")]
        kube_user: Option<String>,
        /// Kubernetes group to impersonate (repeatable) [default: the
        /// workspace's identity template].
        #[arg(long = "kube-group", value_name = "GROUP")]
        kube_groups: Vec<String>,
        #[arg(long, default_value = "default", value_name = "SLUG")]
        workspace: String,
    },
    /// List the users of a workspace.
    List {
        #[arg(long, default_value = "default", value_name = "SLUG")]
        workspace: String,
    },
    /// Disable a user: its tokens stop working at once.
    Disable {
        name: String,
        #[arg(long, default_value = "default", value_name = "SLUG")]
        workspace: String,
    },
    /// Enable a disabled user again.
    Enable {
        name: String,
        #[arg(long, default_value = "default", value_name = "SLUG")]
        workspace: String,
    },
    /// Link a Slack user to a KubeChat user: in Slack they then act as
    /// that person (what `/kubechat link` does after the person signs in).
    LinkSlack {
        name: String,
        /// The Slack user id (U…), from their Slack profile.
        slack_user: String,
        /// The Slack team id (T…) of the app's workspace.
        #[arg(long, value_name = "TEAM_ID")]
        team: String,
        #[arg(long, default_value = "default", value_name = "SLUG")]
        workspace: String,
    },
    /// Remove every Slack link of a KubeChat user.
    UnlinkSlack {
        name: String,
        #[arg(long, default_value = "default", value_name = "SLUG")]
        workspace: String,
    },
    /// Set a new password (read like `add`'s); every refresh token of the
    /// user is revoked.
    ResetPassword {
        name: String,
        #[arg(long, default_value = "default", value_name = "SLUG")]
        workspace: String,
    },
    /// Show, or set, how the workspace's users map to Kubernetes
    /// identities: templates with {username} and {role}, and for people
    /// who sign in with SSO {oidc_username} and {oidc_groups} (one group
    /// per identity provider group; none for others). Default: user
    /// "{username}", groups "kubechat:{role}" and "{oidc_groups}". Users
    /// created without --kube-user/--kube-group follow them.
    Identity {
        /// The impersonated user, e.g. "kubechat:{username}".
        #[arg(long, value_name = "TEMPLATE")]
        user_template: Option<String>,
        /// An impersonated group (repeatable), e.g. "kubechat:{role}".
        #[arg(long = "group-template", value_name = "TEMPLATE")]
        group_templates: Vec<String>,
        #[arg(long, default_value = "default", value_name = "SLUG")]
        workspace: String,
    },
}

/// Reads one line with the terminal's echo off (restored afterwards).
pub(crate) fn read_hidden(prompt: &str) -> anyhow::Result<String> {
    use nix::sys::termios::{LocalFlags, SetArg, tcgetattr, tcsetattr};
    let stdin = std::io::stdin();
    eprint!("{prompt}");
    std::io::stderr().flush()?;
    let saved = tcgetattr(&stdin).ok();
    if let Some(t) = &saved {
        let mut quiet = t.clone();
        quiet.local_flags.remove(LocalFlags::ECHO);
        tcsetattr(&stdin, SetArg::TCSANOW, &quiet).ok();
    }
    let mut line = String::new();
    let read = stdin.lock().read_line(&mut line);
    if let Some(t) = &saved {
        tcsetattr(&stdin, SetArg::TCSANOW, t).ok();
    }
    eprintln!();
    read?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// The new password: asked twice on a terminal, else one line of stdin.
fn new_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let a = read_hidden("New password: ")?;
        let b = read_hidden("Again: ")?;
        if a != b {
            bail!("the two passwords differ; nothing was changed");
        }
        return Ok(a);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let pw = line.trim_end_matches(['\r', '\n']).to_owned();
    if pw.is_empty() {
        bail!(
            "no password on standard input: pipe one line, e.g. `printf '%s\\n' \"$PW\" | kubechat users add …`"
        );
    }
    Ok(pw)
}

/// The user `name` of workspace `ws`.
async fn named(auth: &Auth, ws: uuid::Uuid, name: &str) -> anyhow::Result<kubechat_auth::User> {
    auth.users(ws)
        .await?
        .into_iter()
        .find(|u| u.username == name)
        .with_context(|| format!("no user {name:?} in this workspace"))
}

/// Fails when the workspace's plan has no free seat.
async fn seat_free(runtime: &kubechat_server::Runtime, ws: uuid::Uuid) -> anyhow::Result<()> {
    let billing = runtime.billing().await?;
    if let Err(refusal) = billing.check_seat(ws).await? {
        bail!("{}; nothing was changed", refusal.message);
    }
    Ok(())
}

pub async fn run(config: &Config, command: UsersCommand) -> anyhow::Result<()> {
    let runtime = kubechat_server::Runtime::from_config(config.clone());
    let store = runtime.store().await?.clone();
    // User management signs no tokens: no keys needed.
    // Changes are announced in the shared cache, so servers stop trusting
    // their copy of the user at once (with the in-memory cache they read
    // users from the database on every request anyway).
    let auth = Auth::new(
        store.clone(),
        KeySet::new(),
        runtime.clock().clone(),
        AuthOptions::from_config(&config.auth),
    )
    .with_cache(runtime.cache()?.clone());
    let workspace = |slug: &str| {
        let store = store.clone();
        let slug = slug.to_owned();
        async move {
            let slug = WorkspaceSlug::parse(&slug)?;
            anyhow::Ok(
                store
                    .workspace_by_slug(&slug)
                    .await?
                    .with_context(|| format!("no workspace {:?}", slug.as_str()))?
                    .id,
            )
        }
    };
    let mut out = std::io::stdout().lock();
    match command {
        UsersCommand::Add {
            name,
            role,
            kube_user,
            kube_groups,
            workspace: ws,
        } => {
            let ws = workspace(&ws).await?;
            kubechat_auth::check_username(&name)?;
            seat_free(&runtime, ws).await?;
            let password = new_password()?;
            let user = auth
                .add_user(ws, &name, &password, role, kube_user, kube_groups)
                .await?;
            writeln!(
                out,
                "user {} created: role {}, acts in Kubernetes as {} (groups {})",
                user.username,
                user.role,
                user.kube_user,
                user.kube_groups.join(", ")
            )?;
        }
        UsersCommand::Identity {
            user_template,
            group_templates,
            workspace: ws,
        } => {
            let ws = workspace(&ws).await?;
            let mut template = auth.identity_template(ws).await?;
            if user_template.is_some() || !group_templates.is_empty() {
                if let Some(u) = user_template {
                    template.user = u;
                }
                if !group_templates.is_empty() {
                    template.groups = group_templates;
                }
                auth.set_identity_template(ws, &template).await?;
            }
            let role = kubechat_core::UserRole::Operator;
            let (user, groups) = template.render("NAME", role, None);
            let idp = kubechat_auth::IdpIdentity {
                username: "NAME".to_owned(),
                groups: vec!["GROUP".to_owned()],
            };
            let (sso_user, sso_groups) = template.render("NAME", role, Some(&idp));
            writeln!(
                out,
                "user template: {}\ngroup templates: {}\n(an operator NAME acts as {user} in {}; signed in with SSO in the provider's group GROUP, as {sso_user} in {})",
                template.user,
                template.groups.join(", "),
                groups.join(", "),
                sso_groups.join(", ")
            )?;
        }
        UsersCommand::List { workspace: ws } => {
            let ws = workspace(&ws).await?;
            let users = auth.users(ws).await?;
            let mut rows = vec![
                [
                    "NAME",
                    "ROLE",
                    "KUBE-USER",
                    "KUBE-GROUPS",
                    "STATUS",
                    "CREATED",
                ]
                .map(str::to_owned)
                .to_vec(),
            ];
            for u in users {
                rows.push(vec![
                    u.username,
                    u.role.to_string(),
                    u.kube_user,
                    u.kube_groups.join(","),
                    if u.disabled { "disabled" } else { "active" }.to_owned(),
                    u.created_at.format(&Rfc3339).unwrap_or_default(),
                ]);
            }
            write!(out, "{}", kubechat_kube::table::align(&rows))?;
        }
        UsersCommand::Disable {
            name,
            workspace: ws,
        } => {
            let ws = workspace(&ws).await?;
            auth.set_disabled(ws, &name, true).await?;
            writeln!(out, "user {name} disabled; its tokens no longer work")?;
        }
        UsersCommand::Enable {
            name,
            workspace: ws,
        } => {
            let ws = workspace(&ws).await?;
            let disabled = auth
                .users(ws)
                .await?
                .iter()
                .any(|u| u.username == name && u.disabled);
            if disabled {
                seat_free(&runtime, ws).await?;
            }
            auth.set_disabled(ws, &name, false).await?;
            writeln!(out, "user {name} enabled")?;
        }
        UsersCommand::LinkSlack {
            name,
            slack_user,
            team,
            workspace: ws,
        } => {
            let ws = workspace(&ws).await?;
            kubechat_slack::payload::slack_id("SLACK_USER", &slack_user)?;
            kubechat_slack::payload::slack_id("--team", &team)?;
            let user = named(&auth, ws, &name).await?;
            let now = kubechat_core::Clock::now(&SystemClock).unix_timestamp();
            kubechat_slack::links::link(&store, &team, &slack_user, user.id, now).await?;
            writeln!(
                out,
                "Slack user {slack_user} of team {team} now acts as {name}"
            )?;
        }
        UsersCommand::UnlinkSlack {
            name,
            workspace: ws,
        } => {
            let ws = workspace(&ws).await?;
            let user = named(&auth, ws, &name).await?;
            let n = kubechat_slack::links::unlink_user(&store, user.id).await?;
            writeln!(out, "{n} Slack links of {name} removed")?;
        }
        UsersCommand::ResetPassword {
            name,
            workspace: ws,
        } => {
            let ws = workspace(&ws).await?;
            let password = new_password()?;
            auth.reset_password(ws, &name, &password).await?;
            writeln!(
                out,
                "password of {name} changed; every token issued before it no longer works: \
                 sessions, refresh tokens and personal API tokens (make new API tokens after signing in)"
            )?;
        }
    }
    Ok(())
}
