//! The kubectl command-line form of an [`Operation`].
//!
//! Rendering shows users the exact kubectl equivalent of every answer.
//! Parsing is "manual command mode": a user may type
//! `kubectl get pods -n x -l app=y` and it becomes an `Operation`. The line
//! is tokenized here, never handed to a shell: shell syntax (pipes,
//! redirections, substitutions, `;`, `&&`) is refused, and so are flags
//! that would change who KubeChat acts as or which cluster it talks to
//! (`--token`, `--as`, `--server`, `--kubeconfig`, …).

use std::collections::BTreeMap;

use crate::names::{ContainerName, Namespace, ResourceName, Selector};
use crate::operation::{Operation, OutputFormat, Params, Verb};
use crate::resources::ResourceType;
use crate::{Error, Result};

/// Longest command line accepted.
pub const MAX_LINE_BYTES: usize = 4096;

/// Flags that would change identity, credentials or target cluster.
const FORBIDDEN_FLAGS: &[&str] = &[
    "--as",
    "--as-group",
    "--as-uid",
    "--token",
    "--kubeconfig",
    "--context",
    "--cluster",
    "--user",
    "--server",
    "-s",
    "--username",
    "--password",
    "--insecure-skip-tls-verify",
    "--certificate-authority",
    "--client-certificate",
    "--client-key",
    "--tls-server-name",
];

// ---------------------------------------------------------------- render

/// Quotes `s` for display so the line can be pasted into a shell as-is.
fn quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_./=:,@%+-".contains(c));
    if plain {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// `deployment/web` style reference (singular for built-in types).
fn slash_ref(op: &Operation, name: &ResourceName) -> String {
    let ty = op
        .resource
        .builtin()
        .map_or(op.resource.as_str(), |r| r.singular);
    format!("{ty}/{name}")
}

fn scope(op: &Operation, out: &mut Vec<String>) {
    if let Some(ns) = &op.namespace {
        out.extend(["-n".to_owned(), ns.to_string()]);
    }
    if op.all_namespaces {
        out.push("-A".to_owned());
    }
    if let Some(sel) = &op.selector {
        out.extend(["-l".to_owned(), sel.to_string()]);
    }
}

fn kv_args(map: &BTreeMap<String, Option<String>>, out: &mut Vec<String>) {
    for (k, v) in map {
        match v {
            Some(v) => out.push(format!("{k}={v}")),
            None => out.push(format!("{k}-")),
        }
    }
}

/// The kubectl command line equivalent to `op`. `diagnose` has no kubectl
/// counterpart and renders as the closest read, `describe`; `create` and
/// `apply` render as `-f -` (the manifest travels beside the line).
pub fn render(op: &Operation) -> String {
    let mut a: Vec<String> = vec!["kubectl".into()];
    if let Some(c) = &op.context {
        a.extend(["--context".into(), c.to_string()]);
    }
    let res = op.resource_list();
    let p = &op.params;
    // Built (and parsed back) once: only a create shows one.
    let generated = (op.verb == Verb::Create)
        .then(|| generated_line(op))
        .flatten();
    match op.verb {
        // `kubectl delete -f pod.json`: the objects are the manifest's
        // (`-f -` when it was given, not named by a file).
        _ if op.resource.is_manifest() => {
            a.extend([
                op.verb.as_str().to_owned(),
                "-f".into(),
                p.file.clone().unwrap_or_else(|| "-".into()),
            ]);
            scope(op, &mut a);
            if let Some(r) = p.replicas {
                a.push(format!("--replicas={r}"));
            }
        }
        Verb::Get | Verb::Describe | Verb::Diagnose | Verb::Delete | Verb::Top => {
            let v = match op.verb {
                Verb::Get => "get",
                Verb::Delete => "delete",
                Verb::Top => "top",
                _ => "describe",
            };
            a.extend([v.to_owned(), res]);
            a.extend(op.names().map(ToString::to_string));
            scope(op, &mut a);
            if let Some(by) = p.sort_usage {
                a.push(format!("--sort-by={}", by.as_str()));
            }
            if p.all {
                a.push("--all".into());
            }
            if let Some(c) = p.cascade {
                a.push(format!("--cascade={}", c.as_str()));
            }
            if op.verb == Verb::Delete {
                match p.grace_period {
                    Some(0) => a.extend(["--grace-period=0".into(), "--force".into()]),
                    Some(g) => a.push(format!("--grace-period={g}")),
                    None => {}
                }
            }
        }
        Verb::Logs => {
            a.push("logs".into());
            if let Some(n) = &op.name {
                if op.resource.as_str() == "pods" {
                    a.push(n.to_string());
                } else {
                    a.push(slash_ref(op, n));
                }
            }
            scope(op, &mut a);
            if let Some(c) = &p.container {
                a.extend(["-c".into(), c.to_string()]);
            }
            if let Some(t) = p.tail {
                a.push(format!("--tail={t}"));
            }
            if p.previous {
                a.push("--previous".into());
            }
            if let Some(s) = p.since {
                a.push(format!("--since={s}"));
            }
            if p.timestamps {
                a.push("--timestamps".into());
            }
            if p.all_containers {
                a.push("--all-containers".into());
            }
        }
        Verb::Events => {
            a.push("events".into());
            if let Some(n) = &op.name {
                a.extend(["--for".into(), slash_ref(op, n)]);
            }
            scope(op, &mut a);
        }
        Verb::AuthCanI if p.list => {
            a.extend(["auth".into(), "can-i".into(), "--list".into()]);
            scope(op, &mut a);
        }
        Verb::AuthCanI => {
            a.extend([
                "auth".into(),
                "can-i".into(),
                p.action.clone().unwrap_or_default(),
                res,
            ]);
            if let Some(n) = &op.name {
                a.push(n.to_string());
            }
            if let Some(sub) = &p.subresource {
                a.push(format!("--subresource={sub}"));
            }
            if let Some(user) = &p.as_user {
                a.push(format!("--as={user}"));
            }
            for g in &p.as_groups {
                a.push(format!("--as-group={g}"));
            }
            scope(op, &mut a);
        }
        Verb::Scale
        | Verb::RolloutRestart
        | Verb::RolloutUndo
        | Verb::RolloutStatus
        | Verb::RolloutHistory
        | Verb::RolloutPause
        | Verb::RolloutResume
        | Verb::Cordon
        | Verb::Uncordon
        | Verb::Drain => {
            let words: &[&str] = match op.verb {
                Verb::Scale => &["scale"],
                Verb::RolloutRestart => &["rollout", "restart"],
                Verb::RolloutUndo => &["rollout", "undo"],
                Verb::RolloutStatus => &["rollout", "status"],
                Verb::RolloutHistory => &["rollout", "history"],
                Verb::RolloutPause => &["rollout", "pause"],
                Verb::RolloutResume => &["rollout", "resume"],
                Verb::Cordon => &["cordon"],
                Verb::Uncordon => &["uncordon"],
                _ => &["drain"],
            };
            a.extend(words.iter().map(|w| (*w).to_owned()));
            // (Several workloads named: each as TYPE/NAME, as kubectl
            // takes them.)
            for n in op.names() {
                if matches!(op.verb, Verb::Cordon | Verb::Uncordon | Verb::Drain) {
                    a.push(n.to_string());
                } else {
                    a.push(slash_ref(op, n));
                }
            }
            // Several workloads (a selector or `--all`): the type alone.
            if op.name.is_none() && !matches!(op.verb, Verb::Cordon | Verb::Uncordon | Verb::Drain)
            {
                a.push(
                    op.resource
                        .builtin()
                        .map_or(op.resource.as_str(), |r| r.singular)
                        .to_owned(),
                );
            }
            if let Some(r) = p.replicas {
                a.push(format!("--replicas={r}"));
            }
            // Not kubectl syntax: a placeholder the preview replaces with
            // the absolute count.
            if let Some(by) = p.scale_by {
                a.push(format!("--replicas=CURRENT{by:+}"));
            }
            if let Some(pct) = p.scale_percent {
                a.push(format!("--replicas=CURRENT{pct:+}%"));
            }
            if let Some(r) = p.to_revision {
                a.push(format!("--to-revision={r}"));
            }
            if let Some(r) = p.revision {
                a.push(format!("--revision={r}"));
            }
            if p.ignore_daemonsets {
                a.push("--ignore-daemonsets".into());
            }
            if p.delete_emptydir_data {
                a.push("--delete-emptydir-data".into());
            }
            if p.force {
                a.push("--force".into());
            }
            if let Some(g) = p.grace_period {
                a.push(format!("--grace-period={g}"));
            }
            // kubectl waits by default; a status read once says so.
            if op.verb == Verb::RolloutStatus {
                a.push(
                    p.timeout
                        .map_or_else(|| "--watch=false".to_owned(), |t| format!("--timeout={t}")),
                );
            }
            scope(op, &mut a);
            // (`rollout restart` has no `--all`: the type alone, without
            // a name or selector, is every object of it in the namespace.)
            if p.all && op.verb != Verb::RolloutRestart {
                a.push("--all".into());
            }
        }
        Verb::Taint => {
            a.extend(["taint".into(), "nodes".into()]);
            if let Some(n) = &op.name {
                a.push(n.to_string());
            }
            // (The nodes a label selector picks: `kubectl taint nodes -l
            // pool=spot spot=true:NoSchedule`.)
            scope(op, &mut a);
            a.extend(p.taints.iter().map(ToString::to_string));
            if p.overwrite {
                a.push("--overwrite".into());
            }
        }
        Verb::Label | Verb::Annotate => {
            a.push(
                if op.verb == Verb::Label {
                    "label"
                } else {
                    "annotate"
                }
                .into(),
            );
            a.push(res);
            a.extend(op.names().map(ToString::to_string));
            kv_args(
                if op.verb == Verb::Label {
                    &p.labels
                } else {
                    &p.annotations
                },
                &mut a,
            );
            if p.overwrite {
                a.push("--overwrite".into());
            }
            scope(op, &mut a);
            if p.all {
                a.push("--all".into());
            }
        }
        // A patch of images only is what `kubectl set image` makes, and
        // is shown so.
        Verb::Patch
            if let (Some(n), Some(pairs)) = (
                &op.name,
                p.patch.as_deref().and_then(|x| image_pairs(op, x)),
            ) =>
        {
            a.extend(["set".into(), "image".into(), slash_ref(op, n)]);
            a.extend(pairs);
            scope(op, &mut a);
        }
        Verb::Patch => {
            a.extend(["patch".into(), res]);
            if let Some(n) = &op.name {
                a.push(n.to_string());
            }
            if let Some(patch) = &p.patch {
                a.extend(["-p".into(), patch.clone()]);
            }
            scope(op, &mut a);
        }
        Verb::Expose => {
            a.extend(["expose".into(), res]);
            if let Some(n) = &op.name {
                a.push(n.to_string());
            }
            if let Some(port) = p.port {
                a.push(format!("--port={port}"));
            }
            if let Some(t) = p.target_port {
                a.push(format!("--target-port={t}"));
            }
            if let Some(n) = &p.service_name {
                a.push(format!("--name={n}"));
            }
            if let Some(t) = p.service_type {
                a.push(format!("--type={}", t.as_str()));
            }
            scope(op, &mut a);
        }
        Verb::Create if p.from_cronjob.is_some() => {
            a.extend(["create".into(), "job".into()]);
            if let Some(n) = &op.name {
                a.push(n.to_string());
            }
            if let Some(c) = &p.from_cronjob {
                a.push(format!("--from=cronjob/{c}"));
            }
            scope(op, &mut a);
        }
        Verb::Create if generated.is_some() => {
            a.extend(generated.unwrap_or_default().into_iter().skip(1));
            scope(op, &mut a);
        }
        Verb::Create | Verb::Apply => {
            a.extend([
                if op.verb == Verb::Create {
                    "create"
                } else {
                    "apply"
                }
                .into(),
                "-f".into(),
                "-".into(),
            ]);
            scope(op, &mut a);
        }
        Verb::Explain => a.extend([
            "explain".into(),
            match &p.field {
                Some(f) => format!("{res}.{f}"),
                None => res,
            },
        ]),
    }
    if let Some(fs) = &p.field_selector {
        a.push(format!("--field-selector={fs}"));
    }
    if let Some(o) = p.output.filter(|o| *o != OutputFormat::Table) {
        a.extend(["-o".into(), o.as_str().to_owned()]);
    }
    if !p.columns.is_empty() {
        a.extend([
            "-o".into(),
            format!(
                "custom-columns={}",
                crate::fieldpath::render_columns(&p.columns)
            ),
        ]);
    }
    if let Some(path) = &p.sort_by {
        a.push(format!("--sort-by={path}"));
    }
    if p.show_labels {
        a.push("--show-labels".into());
    }
    for k in &p.label_columns {
        a.extend(["-L".into(), k.clone()]);
    }
    let line = a.iter().map(|t| quote(t)).collect::<Vec<_>>().join(" ");
    match &p.grep {
        Some(g) if op.verb == Verb::Logs => format!("{line} | grep -iF {}", quote(g)),
        _ => line,
    }
}

// ----------------------------------------------------------------- parse

pub(crate) fn cl(msg: impl Into<String>) -> Error {
    Error::CommandLine(msg.into())
}

/// Splits a command line into words like a shell would for quoting only:
/// '…' is literal, "…" honours \" and \\, a backslash outside quotes
/// escapes the next character. Everything a shell would interpret beyond
/// that is refused, because nothing here is ever run by a shell.
pub fn tokenize(line: &str) -> Result<Vec<String>> {
    split_words(line, false).map(|(words, _)| words)
}

/// [`tokenize`]; with `at_pipe`, a `|` outside quotes ends the words and
/// its byte offset is returned (what follows is for the caller to read).
fn split_words(line: &str, at_pipe: bool) -> Result<(Vec<String>, Option<usize>)> {
    if line.len() > MAX_LINE_BYTES {
        return Err(cl(format!(
            "the command is longer than {MAX_LINE_BYTES} bytes"
        )));
    }
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    let mut pipe = None;
    while let Some(c) = chars.next() {
        match c {
            '|' if at_pipe => {
                pipe = Some(line.len() - chars.as_str().len() - 1);
                break;
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => cur.push(ch),
                        None => return Err(cl("a single quote is not closed")),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(ch @ ('"' | '\\')) => cur.push(ch),
                            Some(ch) => {
                                cur.push('\\');
                                cur.push(ch);
                            }
                            None => return Err(cl("a double quote is not closed")),
                        },
                        Some('$' | '`') => {
                            return Err(cl(
                                "shell substitution ($ or `) is not supported; KubeChat never runs a shell",
                            ));
                        }
                        Some(ch) => cur.push(ch),
                        None => return Err(cl("a double quote is not closed")),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some(ch) => cur.push(ch),
                    None => return Err(cl("the command ends with a backslash")),
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            // A field path's own syntax (`[*]`, `[?(@.type=="Ready")]`,
            // `{.metadata.name}`) inside a custom-columns or sort-by value:
            // nothing here reaches a shell, and the path is checked later.
            '*' | '?' | '(' | ')' | '{' | '}' | '@' if in_word && field_path_word(&cur) => {
                cur.push(c);
            }
            '|' | ';' | '&' | '>' | '<' | '`' | '$' | '(' | ')' | '#' | '*' | '?' | '{' | '}'
            | '~' => {
                return Err(cl(format!(
                    "'{c}' is shell syntax, which is not supported: KubeChat runs one kubectl-style command and never a shell (quote the value if '{c}' is part of it)"
                )));
            }
            c if c.is_control() => return Err(cl("the command contains a control character")),
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok((words, pipe))
}

/// Whether the word being read is a custom-columns or sort-by value, whose
/// paths use `*`, `?`, `(`, `)`, `{`, `}` and `@`.
fn field_path_word(word: &str) -> bool {
    [
        "custom-columns=",
        "-o=custom-columns=",
        "--output=custom-columns=",
        "--sort-by=",
    ]
    .iter()
    .any(|p| word.starts_with(p))
}

/// Flags seen on a command line: value flags and switches.
#[derive(Default)]
pub(crate) struct Flags {
    values: Vec<(String, String)>,
    switches: Vec<String>,
    /// Switches given as `=false`: what they turn off is the default
    /// for every switch but `rollout status --watch`.
    off: Vec<String>,
}

impl Flags {
    pub(crate) fn take(&mut self, names: &[&str]) -> Option<String> {
        let i = self
            .values
            .iter()
            .position(|(n, _)| names.contains(&n.as_str()))?;
        Some(self.values.remove(i).1)
    }

    pub(crate) fn has(&self, names: &[&str]) -> bool {
        self.values.iter().any(|(n, _)| names.contains(&n.as_str()))
    }

    pub(crate) fn switch(&mut self, names: &[&str]) -> bool {
        match self
            .switches
            .iter()
            .position(|n| names.contains(&n.as_str()))
        {
            Some(i) => {
                self.switches.remove(i);
                true
            }
            None => false,
        }
    }

    fn switched_off(&self, names: &[&str]) -> bool {
        self.off.iter().any(|n| names.contains(&n.as_str()))
    }

    fn leftover(&self, verb: &str) -> Result<()> {
        if let Some((n, _)) = self.values.first() {
            return Err(cl(format!("flag {n} is not supported for kubectl {verb}")));
        }
        if let Some(n) = self.switches.first() {
            // A watch never ends; a chat answer is one look.
            let why = if matches!(n.as_str(), "-w" | "--watch") {
                format!(
                    ": a chat answer is one snapshot; leave out {n} to see the objects as they are now"
                )
            } else {
                String::new()
            };
            return Err(cl(format!(
                "flag {n} is not supported for kubectl {verb}{why}"
            )));
        }
        Ok(())
    }
}

/// Switches (flags without a value) kubectl accepts here.
const SWITCHES: &[&str] = &[
    "-A",
    "--all-namespaces",
    "--previous",
    "--timestamps",
    "--all-containers",
    "--all",
    "--overwrite",
    "--ignore-daemonsets",
    "--delete-emptydir-data",
    "--show-labels",
    "--list",
    "-w",
    "--watch",
    "--global-default",
    "--force",
    "--now",
];

/// Flags that take a value.
const VALUE_FLAGS: &[&str] = &[
    "-f",
    "--filename",
    "-n",
    "--namespace",
    "-l",
    "--selector",
    "--field-selector",
    "--sort-by",
    "-L",
    "--label-columns",
    "-o",
    "--output",
    "-c",
    "--container",
    "--tail",
    "--since",
    "--replicas",
    "--to-revision",
    "--revision",
    "-p",
    "--patch",
    "--port",
    "--target-port",
    "--name",
    "--type",
    "--from-literal",
    "--from",
    "--min",
    "--max",
    "--cpu-percent",
    "--for",
    "--grace-period",
    "--cascade",
    "--image",
    "--restart",
    "--labels",
    "--subresource",
    "--as",
    "--as-group",
    "--timeout",
    "-r",
];

/// Splits words into positionals and flags; `patch` says whether `-p`
/// takes a value (patch) or is `--previous` (logs). Flags KubeChat does not
/// know are refused by name rather than guessed at. `binding` is true for
/// `create rolebinding|clusterrolebinding`, where `--user` names whom the
/// binding grants its role to instead of who kubectl acts as.
fn split_flags(
    words: &[String],
    patch: bool,
    binding: bool,
    verb: &str,
) -> Result<(Vec<String>, Flags)> {
    let mut pos = Vec::new();
    let mut flags = Flags::default();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        if !w.starts_with('-') || w == "-" {
            pos.push(w.clone());
            continue;
        }
        let (name, inline) = match w.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (w.clone(), None),
        };
        // `auth can-i … --as=NAME` asks about another identity's rights
        // (a SubjectAccessReview the asker makes); it never acts as it.
        let asked_about = verb == "auth can-i" && matches!(name.as_str(), "--as" | "--as-group");
        if FORBIDDEN_FLAGS.contains(&name.as_str())
            && !(binding && name == "--user")
            && !asked_about
        {
            return Err(cl(format!(
                "flag {name} is not allowed: KubeChat always acts as you, on its configured cluster"
            )));
        }
        let name = match name.as_str() {
            "-p" if !patch => "--previous".to_owned(),
            _ => name,
        };
        if SWITCHES.contains(&name.as_str()) {
            if let Some(v) = inline {
                match v.as_str() {
                    "true" => flags.switches.push(name),
                    "false" => flags.off.push(name),
                    _ => return Err(cl(format!("flag {name} takes true or false, not '{v}'"))),
                }
            } else {
                flags.switches.push(name);
            }
            continue;
        }
        // Short flags may carry the value attached: -nfoo.
        let (name, inline) = match (inline, name.len()) {
            (None, n) if n > 2 && !name.starts_with("--") => {
                (name[..2].to_owned(), Some(name[2..].to_owned()))
            }
            (inline, _) => (name, inline),
        };
        // `logs -f` follows, which a chat answer (a snapshot) cannot.
        let known = VALUE_FLAGS.contains(&name.as_str())
            || crate::generate::VALUE_FLAGS.contains(&name.as_str())
            || (binding && name == "--user");
        if matches!(verb, "logs" | "log") && matches!(name.as_str(), "-f" | "--follow") {
            return Err(cl(format!(
                "flag {name} is not supported for kubectl {verb}: a chat answer is one snapshot of the log; leave out {name} (--tail=N says how many of the latest lines)"
            )));
        }
        if !known {
            return Err(cl(format!(
                "flag {name} is not supported for kubectl {verb}"
            )));
        }
        let value = match inline {
            Some(v) => v,
            None => {
                let v = words
                    .get(i)
                    .ok_or_else(|| cl(format!("flag {name} needs a value")))?;
                i += 1;
                v.clone()
            }
        };
        flags.values.push((name, value));
    }
    Ok((pos, flags))
}

fn namespace_scope(op: &mut Operation, flags: &mut Flags) -> Result<()> {
    if let Some(ns) = flags.take(&["-n", "--namespace"]) {
        op.namespace = Some(Namespace::parse(&ns)?);
    }
    op.all_namespaces = flags.switch(&["-A", "--all-namespaces"]);
    Ok(())
}

fn selector(op: &mut Operation, flags: &mut Flags) -> Result<()> {
    if let Some(s) = flags.take(&["-l", "--selector"]) {
        op.selector = Some(Selector::parse(&s)?);
    }
    Ok(())
}

fn field_selector(op: &mut Operation, flags: &mut Flags) -> Result<()> {
    if let Some(s) = flags.take(&["--field-selector"]) {
        op.params.field_selector = Some(Selector::parse(&s)?);
    }
    Ok(())
}

fn output(op: &mut Operation, flags: &mut Flags) -> Result<()> {
    if let Some(path) = flags.take(&["--sort-by"]) {
        op.params.sort_by = Some(crate::fieldpath::FieldPath::parse(&path)?);
    }
    op.params.show_labels = flags.switch(&["--show-labels"]);
    // `-L app -L tier` and `-L app,tier` both add columns, in order.
    while let Some(keys) = flags.take(&["-L", "--label-columns"]) {
        op.params
            .label_columns
            .extend(keys.split(',').filter(|k| !k.is_empty()).map(str::to_owned));
    }
    if let Some(o) = flags.take(&["-o", "--output"]) {
        if let Some(spec) = o.strip_prefix("custom-columns=") {
            op.params.columns = crate::fieldpath::parse_columns(spec)?;
            return Ok(());
        }
        op.params.output = Some(match o.as_str() {
            "wide" => OutputFormat::Wide,
            "json" => OutputFormat::Json,
            "yaml" => OutputFormat::Yaml,
            "name" => OutputFormat::Name,
            _ => {
                return Err(cl(format!(
                    "output '{o}' is not supported; use wide, json, yaml, name or custom-columns=HEADER:PATH,…"
                )));
            }
        });
    }
    Ok(())
}

/// How long `rollout status` waits: kubectl watches unless told
/// `--watch=false`, and then `--timeout` bounds the wait (KubeChat's
/// default when none is said, never forever).
fn rollout_wait(flags: &mut Flags) -> Result<Option<crate::Timeout>> {
    let watch = flags.switch(&["-w", "--watch"]) || !flags.switched_off(&["-w", "--watch"]);
    let timeout = flags.take(&["--timeout"]);
    match (watch, timeout) {
        (false, Some(_)) => Err(cl(
            "--timeout needs watching; leave out --watch=false to wait for the rollout",
        )),
        (false, None) => Ok(None),
        (true, Some(t)) => Ok(Some(t.parse()?)),
        (true, None) => Ok(Some(crate::Timeout::default_wait())),
    }
}

fn number<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T> {
    v.parse().map_err(|_| {
        cl(format!(
            "{flag} takes a whole non-negative number, not '{v}'"
        ))
    })
}

/// `TYPE NAME`, `TYPE/NAME` or `TYPE` from positionals.
fn type_and_name(pos: &[String], verb: &str) -> Result<(ResourceType, Option<ResourceName>)> {
    match pos {
        [] => Err(cl(format!(
            "kubectl {verb} needs a resource type, e.g. kubectl {verb} pods"
        ))),
        [one] => match one.split_once('/') {
            Some((t, n)) => Ok((ResourceType::parse(t)?, Some(ResourceName::parse(n)?))),
            None => Ok((ResourceType::parse(one)?, None)),
        },
        [t, n] if !t.contains('/') => Ok((ResourceType::parse(t)?, Some(ResourceName::parse(n)?))),
        _ => Err(cl(format!(
            "kubectl {verb} takes one resource type and at most one name here, not '{}'",
            pos.join(" ")
        ))),
    }
}

/// `TYPE [NAME…]`, or `TYPE/NAME…` of one type: what get, describe,
/// delete, label and annotate take (`kubectl delete pods web-1 web-2`).
fn type_and_names(pos: &[String], verb: &str) -> Result<(ResourceType, Vec<ResourceName>)> {
    match pos {
        [t, names @ ..] if !t.contains('/') => Ok((
            ResourceType::parse(t)?,
            names
                .iter()
                .map(|n| ResourceName::parse(n))
                .collect::<Result<_>>()?,
        )),
        [first, ..] if first.contains('/') => {
            let mut kind: Option<ResourceType> = None;
            let mut names = Vec::new();
            for p in pos {
                let (t, n) = p.split_once('/').ok_or_else(|| {
                    cl(format!(
                        "kubectl {verb}: write every object as TYPE/NAME, or the type once and then the names, not '{}'",
                        pos.join(" ")
                    ))
                })?;
                let t = ResourceType::parse(t)?;
                if kind.as_ref().is_some_and(|k| *k != t) {
                    return Err(cl(format!(
                        "kubectl {verb} here takes objects of one type at a time, not '{}'",
                        pos.join(" ")
                    )));
                }
                kind = Some(t);
                names.push(ResourceName::parse(n)?);
            }
            Ok((
                kind.ok_or_else(|| cl(format!("kubectl {verb} needs a resource type")))?,
                names,
            ))
        }
        _ => type_and_name(pos, verb).map(|(t, n)| (t, n.into_iter().collect())),
    }
}

/// `NAME` or `TYPE/NAME` where the type is implied (`logs` → pods).
fn implied_name(pos: &[String], verb: &str, implied: &str) -> Result<ResourceName> {
    match pos {
        [one] => {
            let name = match one.split_once('/') {
                Some((t, n)) => {
                    if ResourceType::parse(t)?.as_str() != implied {
                        return Err(cl(format!("kubectl {verb} works on {implied}, not '{t}'")));
                    }
                    n
                }
                None => one.as_str(),
            };
            ResourceName::parse(name)
        }
        // "drain node worker-2": the type said as a word before the name
        // is the one the verb works on, nothing more — for a name shaped
        // as nodes are named ("drain node first" is prose, read as such).
        [t, one]
            if !one.contains('/')
                && one.contains(|c: char| c.is_ascii_digit() || c == '-' || c == '.')
                && ResourceType::parse(t).is_ok_and(|r| r.as_str() == implied) =>
        {
            ResourceName::parse(one)
        }
        [] => Err(cl(format!("kubectl {verb} needs a name"))),
        _ => Err(cl(format!(
            "kubectl {verb} takes one name, not '{}'",
            pos.join(" ")
        ))),
    }
}

fn kv_map(words: &[String], verb: &str) -> Result<BTreeMap<String, Option<String>>> {
    let mut map = BTreeMap::new();
    for w in words {
        if let Some(k) = w.strip_suffix('-').filter(|_| !w.contains('=')) {
            map.insert(k.to_owned(), None);
        } else if let Some((k, v)) = w.split_once('=') {
            map.insert(k.to_owned(), Some(v.to_owned()));
        } else {
            return Err(cl(format!(
                "kubectl {verb}: '{w}' is neither KEY=VALUE nor KEY-"
            )));
        }
    }
    Ok(map)
}

/// Where `line` pipes into `grep`: the command before the first `|`
/// outside quotes, and the text `| grep [-i] TEXT` asks for. Only that one
/// filter may follow a command (logs filtered by text, as people write
/// it); any other pipeline is shell syntax and refused by [`tokenize`].
fn split_grep(line: &str) -> Result<(&str, Option<String>)> {
    let Some(at) = split_words(line, true)?.1 else {
        return Ok((line, None));
    };
    let rest = tokenize(&line[at + 1..])?;
    let words: Vec<&str> = rest.iter().map(String::as_str).collect();
    let text = match words.split_last() {
        // `grep [-i] [-F] TEXT`: how the line is shown (a fixed string,
        // ignoring case) and what runs.
        Some((t, ["grep", flags @ ..]))
            if flags
                .iter()
                .all(|f| matches!(*f, "-i" | "-F" | "-iF" | "-Fi"))
                && !t.starts_with('-') =>
        {
            (*t).to_owned()
        }
        _ => {
            return Err(cl(
                "'|' is shell syntax, which is not supported: only `| grep -iF TEXT` may follow kubectl logs, and KubeChat never runs a shell",
            ));
        }
    };
    Ok((&line[..at], Some(text)))
}

/// Parses one `kubectl …` command line into a validated `Operation`.
pub fn parse(line: &str) -> Result<Operation> {
    let (line, grep) = split_grep(line)?;
    let mut op = parse_command(line)?;
    if let Some(text) = grep {
        if op.verb != Verb::Logs {
            return Err(cl(
                "'|' is shell syntax, which is not supported: only kubectl logs may be filtered with `| grep -iF TEXT`, and KubeChat never runs a shell",
            ));
        }
        op.params.grep = Some(text);
        op.validate()?;
    }
    Ok(op)
}

fn parse_command(line: &str) -> Result<Operation> {
    let words = tokenize(line)?;
    let mut words = words.into_iter();
    match words.next().as_deref() {
        Some("kubectl") => {}
        Some(other) => {
            return Err(cl(format!(
                "expected a line starting with kubectl, not '{other}'"
            )));
        }
        None => return Err(cl("the command is empty")),
    }
    let rest: Vec<String> = words.collect();
    let (verb_word, args) = rest
        .split_first()
        .ok_or_else(|| cl("say what kubectl should do, e.g. kubectl get pods"))?;
    let (sub, args) = if verb_word == "rollout" || verb_word == "auth" {
        let (s, a) = args.split_first().ok_or_else(|| {
            cl(if verb_word == "rollout" {
                "kubectl rollout needs restart, undo, status or history"
            } else {
                "kubectl auth needs can-i"
            })
        })?;
        (Some(s.as_str()), a)
    } else {
        (None, args)
    };
    let verb = match (verb_word.as_str(), sub) {
        ("get", _) => Verb::Get,
        ("describe", _) => Verb::Describe,
        ("logs" | "log", _) => Verb::Logs,
        ("events", _) => Verb::Events,
        ("top", _) => Verb::Top,
        ("scale", _) => Verb::Scale,
        ("rollout", Some("restart")) => Verb::RolloutRestart,
        ("rollout", Some("undo")) => Verb::RolloutUndo,
        ("rollout", Some("status")) => Verb::RolloutStatus,
        ("rollout", Some("history")) => Verb::RolloutHistory,
        ("rollout", Some("pause")) => Verb::RolloutPause,
        ("rollout", Some("resume")) => Verb::RolloutResume,
        ("rollout", Some(s)) => {
            return Err(cl(format!(
                "kubectl rollout {s} is not supported; use restart, undo, status, history, pause or resume"
            )));
        }
        ("auth", Some("can-i")) => Verb::AuthCanI,
        ("auth", Some(s)) => {
            return Err(cl(format!(
                "kubectl auth {s} is not supported; use auth can-i"
            )));
        }
        ("delete", _) => Verb::Delete,
        ("label", _) => Verb::Label,
        ("annotate", _) => Verb::Annotate,
        ("cordon", _) => Verb::Cordon,
        ("taint", _) => Verb::Taint,
        ("uncordon", _) => Verb::Uncordon,
        ("drain", _) => Verb::Drain,
        ("patch", _) => Verb::Patch,
        ("expose", _) => Verb::Expose,
        ("explain", _) => Verb::Explain,
        // Objects kubectl writes from flags: a namespace, a ConfigMap
        // from literals, a Deployment or a Pod from an image, a service
        // account, a HorizontalPodAutoscaler; images set by patch.
        ("autoscale" | "run", _) => Verb::Create,
        ("set", _) if args.first().map(String::as_str) == Some("image") => Verb::Patch,
        // `kubectl apply -f web.yaml`: the objects of a manifest.
        ("create", _) => Verb::Create,
        ("apply", _) => Verb::Apply,
        (other, _) => {
            return Err(cl(format!(
                "kubectl {other} is not supported; supported: get, describe, logs, events, top, scale, rollout, delete, label, annotate, taint, cordon, uncordon, drain, patch, expose, explain, auth can-i"
            )));
        }
    };
    // `kubectl create deployment …`: written from flags, not a file.
    let generated = matches!(
        args.first().map(String::as_str),
        Some(
            "namespace"
                | "ns"
                | "configmap"
                | "cm"
                | "deployment"
                | "deploy"
                | "serviceaccount"
                | "sa"
                | "job"
                | "secret"
        )
    ) || args
        .first()
        .is_some_and(|a| crate::generate::KINDS.contains(&a.as_str()));
    let shown_verb = match sub {
        Some(s) => format!("{verb_word} {s}"),
        None => verb_word.clone(),
    };
    let binding = verb == Verb::Create
        && matches!(
            args.first().map(String::as_str),
            Some("rolebinding" | "clusterrolebinding")
        );
    let (pos, mut flags) = split_flags(args, verb_word == "patch", binding, &shown_verb)?;
    if let Some(file) = flags.take(&["-f", "--filename"]) {
        return from_file(verb, &shown_verb, file, &pos, flags);
    }
    if verb == Verb::Apply || (verb == Verb::Create && verb_word == "create" && !generated) {
        return Err(cl(format!(
            "kubectl {verb_word} takes the manifest with -f FILE (its contents pasted or attached after the line)"
        )));
    }
    let v = verb.as_str();
    let mut op = Operation::new(verb, ResourceType::parse("pods")?);
    match verb {
        Verb::Get | Verb::Describe | Verb::Delete | Verb::Top => {
            // `kubectl get pods,services`: several types, one request.
            let listed = match pos.first() {
                Some(first) if first.contains(',') && !first.contains('/') && verb != Verb::Top => {
                    let mut kinds = crate::operation::parse_kinds(first)?.into_iter();
                    let mut rest = vec!["pods".to_owned()];
                    rest.extend(pos[1..].iter().cloned());
                    let (_, names) = type_and_names(&rest, v)?;
                    kinds.next().map(|t| (t, kinds.collect::<Vec<_>>(), names))
                }
                _ => None,
            };
            let (t, also, names) = match listed {
                Some(found) => found,
                None if verb == Verb::Top => {
                    let (t, n) = type_and_name(&pos, v)?;
                    (t, Vec::new(), n.into_iter().collect())
                }
                None => {
                    let (t, names) = type_and_names(&pos, v)?;
                    (t, Vec::new(), names)
                }
            };
            op.resource = t;
            op.also = also;
            let mut names = names.into_iter();
            op.name = names.next();
            op.also_names = names.collect();
            namespace_scope(&mut op, &mut flags)?;
            selector(&mut op, &mut flags)?;
            if verb != Verb::Describe {
                field_selector(&mut op, &mut flags)?;
            }
            if verb == Verb::Get {
                output(&mut op, &mut flags)?;
            }
            if verb == Verb::Top
                && let Some(by) = flags.take(&["--sort-by"])
            {
                op.params.sort_usage = Some(by.parse().map_err(cl)?);
            }
            if verb == Verb::Delete {
                op.params.all = flags.switch(&["--all"]);
                // `--force` bypasses graceful deletion (a grace period of
                // 0, as kubectl sends it); `--now` asks for the shortest
                // graceful one (1 second).
                let grace = flags
                    .take(&["--grace-period"])
                    .map(|g| number("--grace-period", &g))
                    .transpose()?;
                let force = flags.switch(&["--force"]);
                let now = flags.switch(&["--now"]);
                op.params.grace_period = match (grace, force, now) {
                    (Some(g), true, _) if g != 0 => {
                        return Err(cl(
                            "--force deletes without a grace period; drop --grace-period or set it to 0",
                        ));
                    }
                    (_, true, _) => Some(0),
                    (Some(g), false, _) => Some(g),
                    (None, false, true) => Some(1),
                    (None, false, false) => None,
                };
                if let Some(c) = flags.take(&["--cascade"]) {
                    op.params.cascade = Some(c.parse().map_err(cl)?);
                }
            }
        }
        Verb::Logs => {
            // `kubectl logs deployment/web`: one pod of a workload.
            if let [one] = pos.as_slice()
                && let Some((t, n)) = one.split_once('/')
                && let Ok(rt) = ResourceType::parse(t)
                && crate::operation::LOG_WORKLOADS.contains(&rt.as_str())
            {
                op.resource = rt;
                op.name = Some(ResourceName::parse(n)?);
            } else if pos.is_empty() && flags.has(&["-l", "--selector"]) {
                // `kubectl logs -l app=web`: the pods the selector matches.
            } else {
                op.name = Some(implied_name(&pos, v, "pods")?);
            }
            namespace_scope(&mut op, &mut flags)?;
            selector(&mut op, &mut flags)?;
            if let Some(c) = flags.take(&["-c", "--container"]) {
                op.params.container = Some(ContainerName::parse(&c)?);
            }
            if let Some(t) = flags.take(&["--tail"]) {
                op.params.tail = Some(number("--tail", &t)?);
            }
            if let Some(s) = flags.take(&["--since"]) {
                op.params.since = Some(s.parse()?);
            }
            op.params.previous = flags.switch(&["--previous"]);
            op.params.timestamps = flags.switch(&["--timestamps"]);
            op.params.all_containers = flags.switch(&["--all-containers"]);
        }
        Verb::Events => {
            if !pos.is_empty() {
                return Err(cl(
                    "kubectl events takes no positional arguments; use --for TYPE/NAME",
                ));
            }
            op.resource = ResourceType::parse("events")?;
            if let Some(target) = flags.take(&["--for"]) {
                let (t, n) = target
                    .split_once('/')
                    .ok_or_else(|| cl(format!("--for takes TYPE/NAME, not '{target}'")))?;
                op.resource = ResourceType::parse(t)?;
                op.name = Some(ResourceName::parse(n)?);
            }
            namespace_scope(&mut op, &mut flags)?;
            field_selector(&mut op, &mut flags)?;
        }
        Verb::AuthCanI if flags.switch(&["--list"]) => {
            if !pos.is_empty() {
                return Err(cl(
                    "kubectl auth can-i --list takes no action or type; it lists them all",
                ));
            }
            op.resource = ResourceType::parse("all")?;
            op.params.list = true;
            op.params.as_user = flags.take(&["--as"]);
            namespace_scope(&mut op, &mut flags)?;
        }
        Verb::AuthCanI => {
            // kubectl auth can-i ACTION TYPE[/NAME] [NAME]
            let (action, target) = pos.split_first().ok_or_else(|| {
                cl("kubectl auth can-i needs an action and a type, e.g. kubectl auth can-i delete pods")
            })?;
            let (t, n) = type_and_name(target, "auth can-i")?;
            op.resource = t;
            op.name = n;
            op.params.action = Some(action.to_ascii_lowercase());
            op.params.subresource = flags.take(&["--subresource"]);
            op.params.as_user = flags.take(&["--as"]);
            while let Some(g) = flags.take(&["--as-group"]) {
                op.params.as_groups.push(g);
            }
            namespace_scope(&mut op, &mut flags)?;
        }
        Verb::RolloutHistory => {
            let (t, n) = type_and_name(&pos, v)?;
            op.resource = t;
            op.name = n;
            namespace_scope(&mut op, &mut flags)?;
            if let Some(r) = flags.take(&["--revision"]) {
                op.params.revision = Some(number("--revision", &r)?);
            }
        }
        Verb::RolloutPause | Verb::RolloutResume => {
            let (t, n) = type_and_name(&pos, v)?;
            op.resource = t;
            op.name = n;
            namespace_scope(&mut op, &mut flags)?;
        }
        // (`kubectl scale --replicas=3 deployment/a deployment/b`, `kubectl
        // rollout restart deployment a b`: several workloads of one type.)
        Verb::Scale | Verb::RolloutRestart => {
            let (t, names) = type_and_names(&pos, v)?;
            op.resource = t;
            let mut names = names.into_iter();
            op.name = names.next();
            op.also_names = names.collect();
            namespace_scope(&mut op, &mut flags)?;
            selector(&mut op, &mut flags)?;
            if verb == Verb::Scale {
                op.params.replicas = Some(replicas_flag(&mut flags)?);
            }
            if verb == Verb::RolloutRestart {
                // "rollout restart deployment -n shop" restarts them all,
                // as kubectl does; `--all` is read too.
                op.params.all =
                    flags.switch(&["--all"]) || (op.name.is_none() && op.selector.is_none());
            }
        }
        Verb::RolloutUndo | Verb::RolloutStatus => {
            let (t, n) = type_and_name(&pos, v)?;
            op.resource = t;
            op.name = n;
            namespace_scope(&mut op, &mut flags)?;
            selector(&mut op, &mut flags)?;
            if verb == Verb::RolloutStatus {
                op.params.timeout = rollout_wait(&mut flags)?;
            }
            if verb == Verb::RolloutUndo
                && let Some(r) = flags.take(&["--to-revision"])
            {
                op.params.to_revision = Some(number("--to-revision", &r)?);
            }
        }
        Verb::Label | Verb::Annotate => {
            let split = pos.iter().position(|w| {
                w.contains('=') || (w.ends_with('-') && w.len() > 1 && pos.len() > 1)
            });
            let (target, kvs) = pos.split_at(split.unwrap_or(pos.len()));
            let (t, names) = type_and_names(target, v)?;
            op.resource = t;
            let mut names = names.into_iter();
            op.name = names.next();
            op.also_names = names.collect();
            let map = kv_map(kvs, v)?;
            if verb == Verb::Label {
                op.params.labels = map;
            } else {
                op.params.annotations = map;
            }
            op.params.overwrite = flags.switch(&["--overwrite"]);
            op.params.all = flags.switch(&["--all"]);
            namespace_scope(&mut op, &mut flags)?;
            selector(&mut op, &mut flags)?;
        }
        // kubectl taint nodes NAME KEY[=VALUE]:EFFECT… | KEY[:EFFECT]-…
        Verb::Taint => {
            let split = pos
                .iter()
                .position(|w| w.contains([':', '=']) || (w.ends_with('-') && w.len() > 1))
                .ok_or_else(|| {
                    cl("kubectl taint needs KEY[=VALUE]:EFFECT, or KEY- to remove a taint")
                })?;
            selector(&mut op, &mut flags)?;
            let target: Vec<String> = match &pos[..split] {
                [t, n] if ResourceType::parse(t)?.as_str() == "nodes" => vec![n.clone()],
                [t, _] => return Err(cl(format!("kubectl taint works on nodes, not '{t}'"))),
                // `kubectl taint nodes -l pool=spot …`: the nodes picked.
                [t] if op.selector.is_some() && ResourceType::parse(t)?.as_str() == "nodes" => {
                    Vec::new()
                }
                other => other.to_vec(),
            };
            op.resource = ResourceType::parse("nodes")?;
            op.name = if target.is_empty() && op.selector.is_some() {
                None
            } else {
                Some(implied_name(&target, v, "nodes")?)
            };
            op.params.taints = pos[split..]
                .iter()
                .map(|t| crate::taint::TaintChange::parse(t).map_err(cl))
                .collect::<Result<_>>()?;
            op.params.overwrite = flags.switch(&["--overwrite"]);
        }
        Verb::Cordon | Verb::Uncordon | Verb::Drain => {
            op.resource = ResourceType::parse("nodes")?;
            // (`kubectl cordon -l pool=spot`: the nodes a selector picks;
            // a drain names its node.)
            if verb != Verb::Drain {
                selector(&mut op, &mut flags)?;
            }
            op.name = if pos.is_empty() && op.selector.is_some() {
                None
            } else {
                Some(implied_name(&pos, v, "nodes")?)
            };
            if verb == Verb::Drain {
                op.params.ignore_daemonsets = flags.switch(&["--ignore-daemonsets"]);
                op.params.delete_emptydir_data = flags.switch(&["--delete-emptydir-data"]);
                op.params.force = flags.switch(&["--force"]);
                if let Some(g) = flags.take(&["--grace-period"]) {
                    op.params.grace_period = Some(number("--grace-period", &g)?);
                }
            }
        }
        Verb::Patch if verb_word == "set" => {
            // kubectl set image TYPE/NAME CONTAINER=IMAGE…
            let split = pos
                .iter()
                .position(|w| w.contains('='))
                .ok_or_else(|| cl("kubectl set image needs CONTAINER=IMAGE"))?;
            let (t, n) = type_and_name(&pos[1..split], "set image")?;
            op.resource = t;
            op.name = n;
            op.params.patch = Some(set_image_patch(op.resource.as_str(), &pos[split..])?);
            namespace_scope(&mut op, &mut flags)?;
        }
        Verb::Patch => {
            let (t, n) = type_and_name(&pos, v)?;
            op.resource = t;
            op.name = n;
            op.params.patch = Some(
                flags
                    .take(&["-p", "--patch"])
                    .ok_or_else(|| cl("kubectl patch needs -p '{…}'"))?,
            );
            namespace_scope(&mut op, &mut flags)?;
        }
        Verb::Create if verb_word == "autoscale" => {
            let (t, n) = type_and_name(&pos, "autoscale")?;
            let n = n.ok_or_else(|| cl("kubectl autoscale needs TYPE/NAME"))?;
            let min = flags
                .take(&["--min"])
                .map(|m| number("--min", &m))
                .transpose()?;
            let max = flags
                .take(&["--max"])
                .ok_or_else(|| cl("kubectl autoscale needs --max=N"))?;
            let max: u32 = number("--max", &max)?;
            let cpu = flags
                .take(&["--cpu-percent"])
                .map(|c| number("--cpu-percent", &c))
                .transpose()?;
            op.resource = ResourceType::parse("horizontalpodautoscalers")?;
            op.params.manifest = Some(autoscaler_manifest(&t, &n, min, max, cpu)?);
            op.name = Some(n);
            namespace_scope(&mut op, &mut flags)?;
        }
        Verb::Create if verb_word == "run" => {
            // kubectl run NAME --image=IMAGE: one pod.
            let name = one_name(&pos, "run")?;
            let image = flags
                .take(&["--image"])
                .ok_or_else(|| cl("kubectl run needs --image=IMAGE"))?;
            let port = flags
                .take(&["--port"])
                .map(|p| number("--port", &p))
                .transpose()?;
            let restart = flags.take(&["--restart"]);
            let labels = flags
                .take(&["--labels"])
                .map(|l| run_labels(&l))
                .transpose()?;
            op.resource = ResourceType::parse("pods")?;
            op.params.manifest = Some(pod_manifest(
                &name,
                &image,
                port,
                restart.as_deref(),
                labels.as_ref(),
            )?);
            op.name = Some(name);
            namespace_scope(&mut op, &mut flags)?;
        }
        // `kubectl create job NAME --from=cronjob/CRONJOB`: a run of a
        // CronJob now, from its job template. (A Job from an image and a
        // command is written as a manifest.)
        Verb::Create if pos.first().map(String::as_str) == Some("job") => {
            let name = one_name(&pos[1..], "create job")?;
            let from = flags.take(&["--from"]).ok_or_else(|| {
                cl("kubectl create job here takes --from=cronjob/NAME; a Job from an image and a command needs a manifest (create -f)")
            })?;
            let cronjob = match from.split_once('/') {
                Some(("cronjob" | "cronjobs" | "cj", n)) => ResourceName::parse(n)?,
                _ => {
                    return Err(cl(format!("--from takes cronjob/NAME, not '{from}'")));
                }
            };
            op.resource = ResourceType::parse("jobs")?;
            op.params.from_cronjob = Some(cronjob);
            op.name = Some(name);
            namespace_scope(&mut op, &mut flags)?;
        }
        Verb::Create
            if matches!(
                pos.first().map(String::as_str),
                Some("deployment" | "deploy")
            ) =>
        {
            let name = one_name(&pos[1..], "create deployment")?;
            let image = flags
                .take(&["--image"])
                .ok_or_else(|| cl("kubectl create deployment needs --image=IMAGE"))?;
            if flags.take(&["--image"]).is_some() {
                return Err(cl("kubectl create deployment here takes one --image"));
            }
            let replicas = flags
                .take(&["--replicas", "-r"])
                .map(|r| number("--replicas", &r))
                .transpose()?
                .unwrap_or(1);
            let port = flags
                .take(&["--port"])
                .map(|p| number("--port", &p))
                .transpose()?;
            op.resource = ResourceType::parse("deployments")?;
            op.params.manifest = Some(deployment_manifest(&name, &image, replicas, port)?);
            op.name = Some(name);
            namespace_scope(&mut op, &mut flags)?;
        }
        Verb::Create if pos.first().is_some_and(|k| k == "secret") => {
            return Err(crate::generate::secret_refused());
        }
        Verb::Create
            if pos
                .first()
                .is_some_and(|k| crate::generate::KINDS.contains(&k.as_str())) =>
        {
            let (resource, name, manifest) = crate::generate::create(&pos[0], &pos, &mut flags)?;
            let namespaced = resource.builtin().is_none_or(|b| b.namespaced);
            if !namespaced && flags.has(&["-n", "--namespace"]) {
                return Err(cl(format!(
                    "a {} is cluster-wide; leave out -n",
                    resource.builtin().map_or("object", |b| b.kind)
                )));
            }
            op.resource = resource;
            op.name = Some(name);
            op.params.manifest = Some(manifest.to_string());
            if namespaced {
                namespace_scope(&mut op, &mut flags)?;
            }
        }
        Verb::Create => {
            let kind = pos.first().map(String::as_str).unwrap_or_default();
            let name = ResourceName::parse(
                pos.get(1)
                    .ok_or_else(|| cl(format!("kubectl create {kind} needs a name")))?,
            )?;
            if pos.len() > 2 {
                return Err(cl(format!(
                    "kubectl create {kind} takes one name, not '{}'",
                    pos[1..].join(" ")
                )));
            }
            let manifest = if matches!(kind, "namespace" | "ns") {
                op.resource = ResourceType::parse("namespaces")?;
                serde_json::json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name.as_str()}})
            } else if matches!(kind, "serviceaccount" | "sa") {
                op.resource = ResourceType::parse("serviceaccounts")?;
                namespace_scope(&mut op, &mut flags)?;
                serde_json::json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name.as_str()}})
            } else {
                op.resource = ResourceType::parse("configmaps")?;
                let mut data = serde_json::Map::new();
                while let Some(kv) = flags.take(&["--from-literal"]) {
                    let (k, v) = kv
                        .split_once('=')
                        .ok_or_else(|| cl(format!("--from-literal takes KEY=VALUE, not '{kv}'")))?;
                    crate::names::check_label_key(k)?;
                    data.insert(k.to_owned(), serde_json::Value::String(v.to_owned()));
                }
                namespace_scope(&mut op, &mut flags)?;
                serde_json::json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name.as_str()}, "data": data})
            };
            op.params.manifest = Some(manifest.to_string());
            op.name = Some(name);
        }
        Verb::Expose => {
            let (t, n) = type_and_name(&pos, v)?;
            op.resource = t;
            op.name = n;
            if let Some(p) = flags.take(&["--port"]) {
                op.params.port = Some(number("--port", &p)?);
            }
            if let Some(p) = flags.take(&["--target-port"]) {
                op.params.target_port = Some(number("--target-port", &p)?);
            }
            if let Some(n) = flags.take(&["--name"]) {
                op.params.service_name = Some(ResourceName::parse(&n)?);
            }
            if let Some(t) = flags.take(&["--type"]) {
                op.params.service_type = Some(t.parse().map_err(cl)?);
            }
            namespace_scope(&mut op, &mut flags)?;
        }
        Verb::Explain => {
            // `pods.spec.containers`: a built-in type and a field in it.
            // (A dotted word whose first part is no built-in type is a
            // `plural.group`.)
            let mut pos = pos;
            if let [one] = pos.as_mut_slice()
                && let Some((t, field)) = one.split_once('.')
                && crate::resources::lookup(t).is_some()
                && !field.contains('/')
                && crate::resources::lookup(one).is_none()
                // `deployments.v1.apps`: a version and a group, no field.
                && !field
                    .strip_prefix('v')
                    .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
            {
                op.params.field = Some(field.to_owned());
                *one = t.to_owned();
            }
            let (t, n) = type_and_name(&pos, v)?;
            if n.is_some() {
                return Err(cl("kubectl explain takes a resource type only"));
            }
            op.resource = t;
        }
        Verb::Apply | Verb::Diagnose => {}
    }
    flags.leftover(&shown_verb)?;
    op.validate()?;
    Ok(op)
}

/// `kubectl scale`'s count.
fn replicas_flag(flags: &mut Flags) -> Result<u32> {
    let r = flags
        .take(&["--replicas"])
        .ok_or_else(|| cl("kubectl scale needs --replicas=N"))?;
    number("--replicas", &r)
}

/// `kubectl VERB -f FILE`: the objects the manifest in FILE names. The
/// server never opens a file; the contents come pasted or attached (the
/// terminal attaches the file named), and are read before anything runs.
fn from_file(
    verb: Verb,
    shown: &str,
    file: String,
    pos: &[String],
    mut flags: Flags,
) -> Result<Operation> {
    if !matches!(
        verb,
        Verb::Get | Verb::Describe | Verb::Delete | Verb::Scale | Verb::Create | Verb::Apply
    ) {
        return Err(cl(format!(
            "kubectl {shown} -f is not supported; -f works with get, describe, delete, scale, create and apply"
        )));
    }
    if !pos.is_empty() {
        return Err(cl(format!(
            "kubectl {shown} takes either -f FILE or a type and name, not both"
        )));
    }
    if file == "-" {
        return Err(cl(
            "-f - reads standard input, which a chat has none of; paste the manifest after the request instead",
        ));
    }
    let mut op = Operation::new(verb, ResourceType::manifest());
    op.params.file = Some(file);
    namespace_scope(&mut op, &mut flags)?;
    if verb == Verb::Get {
        output(&mut op, &mut flags)?;
    }
    if verb == Verb::Scale {
        op.params.replicas = Some(replicas_flag(&mut flags)?);
    }
    flags.leftover(shown)?;
    op.validate()?;
    Ok(op)
}

/// The kubectl line that writes the object a generated manifest holds
/// (`kubectl create namespace shop`, `… configmap`, `kubectl autoscale`),
/// for showing; `None` for other manifests.
fn generated_line(op: &Operation) -> Option<Vec<String>> {
    let m: serde_json::Value = serde_json::from_str(op.params.manifest.as_deref()?).ok()?;
    let name = m["metadata"]["name"].as_str()?.to_owned();
    let mut a: Vec<String> = vec!["kubectl".into()];
    match m["kind"].as_str()? {
        "Namespace" => a.extend(["create".into(), "namespace".into(), name]),
        "ServiceAccount" => a.extend(["create".into(), "serviceaccount".into(), name]),
        "Deployment" => {
            let spec = &m["spec"];
            let container = &spec["template"]["spec"]["containers"][0];
            a.extend([
                "create".into(),
                "deployment".into(),
                name,
                format!("--image={}", container["image"].as_str()?),
            ]);
            let replicas = spec["replicas"].as_u64()?;
            if replicas != 1 {
                a.push(format!("--replicas={replicas}"));
            }
            if let Some(p) = container["ports"][0]["containerPort"].as_u64() {
                a.push(format!("--port={p}"));
            }
        }
        "Pod" => {
            let container = &m["spec"]["containers"][0];
            a.extend([
                "run".into(),
                name,
                format!("--image={}", container["image"].as_str()?),
            ]);
            if let Some(p) = container["ports"][0]["containerPort"].as_u64() {
                a.push(format!("--port={p}"));
            }
            if let Some(r) = m["spec"]["restartPolicy"].as_str() {
                a.push(format!("--restart={r}"));
            }
            let labels = m["metadata"]["labels"].as_object()?;
            let default = labels.len() == 1 && labels.get("run") == Some(&m["metadata"]["name"]);
            if !default {
                let mut pairs = Vec::with_capacity(labels.len());
                for (k, v) in labels {
                    pairs.push(format!("{k}={}", v.as_str()?));
                }
                a.push(format!("--labels={}", pairs.join(",")));
            }
        }
        "ConfigMap" => {
            a.extend(["create".into(), "configmap".into(), name]);
            for (k, v) in m["data"].as_object()? {
                a.push(format!("--from-literal={k}={}", v.as_str()?));
            }
        }
        "HorizontalPodAutoscaler" => {
            let spec = &m["spec"];
            let target = spec["scaleTargetRef"]["kind"].as_str()?.to_lowercase();
            a.extend([
                "autoscale".into(),
                format!("{target}/{}", spec["scaleTargetRef"]["name"].as_str()?),
                format!("--min={}", spec["minReplicas"].as_u64()?),
                format!("--max={}", spec["maxReplicas"].as_u64()?),
            ]);
            if let Some(cpu) =
                spec["metrics"][0]["resource"]["target"]["averageUtilization"].as_u64()
            {
                a.push(format!("--cpu-percent={cpu}"));
            }
        }
        _ => a.extend(crate::generate::line(&m)?),
    }
    // Shown only when it writes this very object: a manifest given
    // whole (through the API, say) that merely looks generated keeps
    // `create -f -`, so the line never hides what is created.
    let line = a.iter().map(|t| quote(t)).collect::<Vec<_>>().join(" ");
    let back: serde_json::Value =
        serde_json::from_str(parse(&line).ok()?.params.manifest.as_deref()?).ok()?;
    (back == m).then_some(a)
}

/// `kubectl run --labels=k=v,k2=v2`: each pair checked as a label.
fn run_labels(list: &str) -> Result<BTreeMap<String, String>> {
    let mut labels = BTreeMap::new();
    for pair in list.split(',') {
        let (k, v) = pair
            .split_once('=')
            .ok_or_else(|| cl(format!("--labels takes KEY=VALUE pairs, not '{pair}'")))?;
        crate::names::check_label_key(k)?;
        crate::names::check_label_value(v)?;
        labels.insert(k.to_owned(), v.to_owned());
    }
    Ok(labels)
}

/// The one name `kubectl WHAT NAME --image=…` takes; more words are a
/// command for the container, which is not supported.
fn one_name(pos: &[String], what: &str) -> Result<ResourceName> {
    match pos {
        [one] => ResourceName::parse(one),
        [] => Err(cl(format!("kubectl {what} needs a name"))),
        more => Err(cl(format!(
            "kubectl {what} takes one name; a command for the container ('{}') is not supported",
            more[1..].join(" ")
        ))),
    }
}

/// An image reference as a container takes it: bounded, one word,
/// nothing a shell or a template would read.
fn check_image(image: &str) -> Result<()> {
    if image.is_empty()
        || image.len() > 512
        || image
            .chars()
            .any(|ch| ch.is_whitespace() || ch.is_control() || "'\"`$;|&<>{}".contains(ch))
    {
        return Err(cl(format!("'{image}' is not an image reference")));
    }
    Ok(())
}

/// The container name kubectl derives from an image: its last path
/// part without tag or digest (`registry/team/api:1.2` → `api`), made a
/// valid name.
fn container_from_image(image: &str) -> String {
    let base = image.rsplit('/').next().unwrap_or(image);
    let base = base.split(['@', ':']).next().unwrap_or(base);
    let cleaned: String = base
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let cleaned = cleaned.trim_matches('-');
    if cleaned.is_empty() {
        "app".to_owned()
    } else {
        cleaned.chars().take(63).collect()
    }
}

/// The Deployment `kubectl create deployment NAME --image=IMAGE` writes:
/// labelled and selected by `app=NAME`, one container named after the
/// image.
pub fn deployment_manifest(
    name: &ResourceName,
    image: &str,
    replicas: u32,
    port: Option<u16>,
) -> Result<String> {
    check_image(image)?;
    if replicas > crate::operation::MAX_REPLICAS {
        return Err(cl(format!(
            "--replicas is at most {}, not {replicas}",
            crate::operation::MAX_REPLICAS
        )));
    }
    let mut container = serde_json::json!({"name": container_from_image(image), "image": image});
    if let Some(p) = port {
        container["ports"] = serde_json::json!([{"containerPort": p}]);
    }
    let labels = serde_json::json!({"app": name.as_str()});
    Ok(serde_json::json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name.as_str(), "labels": labels},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": labels},
            "template": {"metadata": {"labels": labels}, "spec": {"containers": [container]}}
        }
    })
    .to_string())
}

/// The Pod `kubectl run NAME --image=IMAGE` writes: labelled `run=NAME`,
/// one container named like the pod; `restart` is its restart policy
/// (Always, OnFailure, Never).
pub fn pod_manifest(
    name: &ResourceName,
    image: &str,
    port: Option<u16>,
    restart: Option<&str>,
    labels: Option<&BTreeMap<String, String>>,
) -> Result<String> {
    check_image(image)?;
    let mut container = serde_json::json!({"name": name.as_str(), "image": image});
    if let Some(p) = port {
        container["ports"] = serde_json::json!([{"containerPort": p}]);
    }
    let mut spec = serde_json::json!({"containers": [container]});
    if let Some(r) = restart {
        if !matches!(r, "Always" | "OnFailure" | "Never") {
            return Err(cl(format!(
                "--restart takes Always, OnFailure or Never, not '{r}'"
            )));
        }
        spec["restartPolicy"] = serde_json::json!(r);
    }
    // kubectl labels the pod run=NAME unless labels are given.
    let labels = match labels {
        Some(l) => serde_json::json!(l),
        None => serde_json::json!({"run": name.as_str()}),
    };
    Ok(serde_json::json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name.as_str(), "labels": labels},
        "spec": spec
    })
    .to_string())
}

/// Where an object keeps its pod's containers, as a JSON pointer: a
/// pod's spec, a workload's pod template or a CronJob's job template —
/// the first of them the object (or a patch of it) has.
pub fn containers_at(object: &serde_json::Value) -> Option<&'static str> {
    [
        "/spec/containers",
        "/spec/template/spec/containers",
        "/spec/jobTemplate/spec/template/spec/containers",
    ]
    .into_iter()
    .find(|at| object.pointer(at).is_some())
}

/// The `CONTAINER=IMAGE` pairs of a patch that sets images and nothing
/// else, as [`set_image_patch`] makes it; `None` for any other patch.
fn image_pairs(op: &Operation, patch: &str) -> Option<Vec<String>> {
    let v: serde_json::Value = serde_json::from_str(patch).ok()?;
    let expected =
        |containers: serde_json::Value| containers_patch(op.resource.as_str(), containers);
    // (Where the object's kind keeps them: `expected` checks it.)
    let containers = v.pointer(containers_at(&v)?)?;
    let pairs: Vec<String> = containers
        .as_array()?
        .iter()
        .map(|c| {
            let o = c.as_object()?;
            (o.len() == 2).then_some(())?;
            Some(format!(
                "{}={}",
                o.get("name")?.as_str()?,
                o.get("image")?.as_str()?
            ))
        })
        .collect::<Option<_>>()?;
    (!pairs.is_empty() && expected(containers.clone()) == v).then_some(pairs)
}

/// The strategic-merge patch `kubectl set image` makes: each named
/// container's image, in the pod template (or the pod). The container
/// `*` is kubectl's "every container"; here it is the object's one
/// container, found when the change is planned (several are asked back
/// by name).
pub fn set_image_patch(resource: &str, pairs: &[String]) -> Result<String> {
    let mut containers = Vec::new();
    for p in pairs {
        let (c, image) = p
            .split_once('=')
            .ok_or_else(|| cl(format!("set image takes CONTAINER=IMAGE, not '{p}'")))?;
        if c != "*" {
            crate::names::ContainerName::parse(c)?;
        }
        check_image(image)?;
        containers.push(serde_json::json!({"name": c, "image": image}));
    }
    Ok(containers_patch(resource, serde_json::Value::Array(containers)).to_string())
}

/// A patch setting `containers` where an object of type `resource`
/// keeps them: a pod's own spec, a CronJob's job template, or a
/// workload's pod template.
fn containers_patch(resource: &str, containers: serde_json::Value) -> serde_json::Value {
    let spec = serde_json::json!({"containers": containers});
    match resource {
        "pods" => serde_json::json!({"spec": spec}),
        "cronjobs" => {
            serde_json::json!({"spec": {"jobTemplate": {"spec": {"template": {"spec": spec}}}}})
        }
        _ => serde_json::json!({"spec": {"template": {"spec": spec}}}),
    }
}

/// The HorizontalPodAutoscaler `kubectl autoscale` creates: named like
/// its target, CPU utilisation as the metric (80% unless given).
pub fn autoscaler_manifest(
    target: &ResourceType,
    name: &ResourceName,
    min: Option<u32>,
    max: u32,
    cpu: Option<u32>,
) -> Result<String> {
    let kind = match target.as_str() {
        "deployments" => "Deployment",
        "statefulsets" => "StatefulSet",
        "replicasets" => "ReplicaSet",
        other => {
            return Err(cl(format!(
                "kubectl autoscale works on deployments, statefulsets and replicasets, not {other}"
            )));
        }
    };
    let min = min.unwrap_or(1);
    if min == 0 || max < min || max > crate::operation::MAX_REPLICAS {
        return Err(cl(format!(
            "autoscaling needs 1 ≤ min ≤ max ≤ {}, not {min}..{max}",
            crate::operation::MAX_REPLICAS
        )));
    }
    let cpu = cpu.unwrap_or(80);
    if !(1..=1000).contains(&cpu) {
        return Err(cl(format!("--cpu-percent must be 1 to 1000, not {cpu}")));
    }
    Ok(serde_json::json!({
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": name.as_str()},
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": kind, "name": name.as_str()},
            "minReplicas": min,
            "maxReplicas": max,
            "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": cpu}}}]
        }
    })
    .to_string())
}

/// An empty `Params`, for readability at call sites.
pub fn no_params() -> Params {
    Params::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_kubectl_writes_from_flags() {
        let ns = parse("kubectl create namespace shop").unwrap();
        assert_eq!(ns.verb, Verb::Create);
        assert_eq!(ns.resource.as_str(), "namespaces");
        assert_eq!(render(&ns), "kubectl create namespace shop");
        let cm = parse(
            "kubectl create configmap app --from-literal=mode=fast --from-literal=level=2 -n shop",
        )
        .unwrap();
        assert_eq!(
            render(&cm),
            "kubectl create configmap app --from-literal=level=2 --from-literal=mode=fast -n shop"
        );
        let hpa =
            parse("kubectl autoscale deployment/web --min=2 --max=5 --cpu-percent=70 -n shop")
                .unwrap();
        assert_eq!(hpa.resource.as_str(), "horizontalpodautoscalers");
        assert_eq!(
            render(&hpa),
            "kubectl autoscale deployment/web --min=2 --max=5 --cpu-percent=70 -n shop"
        );
        // Deletion without a graceful shutdown (`--force`), or with the
        // shortest one (`--now`); a forced one with a grace period is a
        // contradiction.
        let forced = parse("kubectl delete pod stuck-0 --force").unwrap();
        assert_eq!(forced.params.grace_period, Some(0));
        assert_eq!(
            render(&forced),
            "kubectl delete pods stuck-0 --grace-period=0 --force"
        );
        assert_eq!(
            parse("kubectl delete pod x --grace-period=0 --force")
                .unwrap()
                .params
                .grace_period,
            Some(0)
        );
        assert_eq!(
            parse("kubectl delete pod x --now")
                .unwrap()
                .params
                .grace_period,
            Some(1)
        );
        assert!(parse("kubectl delete pod x --grace-period=30 --force").is_err());
        assert!(parse("kubectl delete pod x --grace-period=999999").is_err());
        // A drain forced past pods no controller manages; the flag is
        // the drain's own, not a grace period.
        let drain = parse("kubectl drain worker-3 --force --ignore-daemonsets").unwrap();
        assert!(drain.params.force);
        assert_eq!(drain.params.grace_period, None);
        assert_eq!(
            render(&drain),
            "kubectl drain worker-3 --ignore-daemonsets --force"
        );
        assert!(!parse("kubectl drain worker-3").unwrap().params.force);
        // Every object of one namespace labelled (`--all`).
        let all = parse("kubectl label pods --all team=alpha -n demo").unwrap();
        assert!(all.params.all);
        assert_eq!(all.risk(), crate::Risk::Destructive);
        assert_eq!(render(&all), "kubectl label pods team=alpha -n demo --all");
        assert!(parse("kubectl annotate pods web-1 --all owner=x").is_err());
        let img = parse("kubectl set image deployment/web app=nginx:1.28").unwrap();
        assert_eq!(img.verb, Verb::Patch);
        assert_eq!(
            img.params.patch.as_deref(),
            Some(
                r#"{"spec":{"template":{"spec":{"containers":[{"image":"nginx:1.28","name":"app"}]}}}}"#
            )
        );
        assert_eq!(img.risk(), crate::Risk::Mutate);
        // Shown as the command it is, and read back the same.
        assert_eq!(
            render(&img),
            "kubectl set image deployment/web app=nginx:1.28"
        );
        let every = parse("kubectl set image deployment/web '*=nginx:1.28' -n shop").unwrap();
        assert_eq!(
            render(&every),
            "kubectl set image deployment/web '*=nginx:1.28' -n shop"
        );
        assert_eq!(parse(&render(&every)).unwrap(), every);
        // "drain node worker-2": the type word before the name.
        let drain = parse("kubectl drain node worker-2 --ignore-daemonsets").unwrap();
        assert_eq!(render(&drain), "kubectl drain worker-2 --ignore-daemonsets");
        assert!(parse("kubectl drain pod worker-2").is_err());
        // A CronJob keeps its containers in its job template.
        let cron = parse("kubectl set image cronjob/backup backup=backup-tool:3.1 -n ops").unwrap();
        assert_eq!(
            cron.params.patch.as_deref(),
            Some(
                r#"{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"image":"backup-tool:3.1","name":"backup"}]}}}}}}"#
            )
        );
        assert_eq!(
            render(&cron),
            "kubectl set image cronjob/backup backup=backup-tool:3.1 -n ops"
        );
        assert_eq!(parse(&render(&cron)).unwrap(), cron);
        // Any other patch stays a patch.
        let other = parse(r#"kubectl patch deployment web -p '{"spec":{"replicas":2}}'"#).unwrap();
        assert!(render(&other).starts_with("kubectl patch deployments web -p"));
        assert!(parse("kubectl set image deployment/web app=$(evil)").is_err());
        assert!(parse("kubectl autoscale deployment/web --min=5 --max=2").is_err());
        assert!(parse("kubectl create namespace").is_err());
    }

    #[test]
    fn run_labels_its_pod_as_asked() {
        let op =
            parse("kubectl run web --image=nginx --labels=tier=front,app=web -n shop").unwrap();
        let m: serde_json::Value =
            serde_json::from_str(op.params.manifest.as_deref().unwrap()).unwrap();
        assert_eq!(
            m["metadata"]["labels"],
            serde_json::json!({"app": "web", "tier": "front"})
        );
        assert_eq!(
            render(&op),
            "kubectl run web --image=nginx --labels=app=web,tier=front -n shop"
        );
        // Without --labels, kubectl's own run=NAME, not shown.
        let op = parse("kubectl run web --image=nginx").unwrap();
        assert_eq!(render(&op), "kubectl run web --image=nginx");
        for bad in ["tier", "-x=1", "app=a b"] {
            assert!(
                parse(&format!("kubectl run web --image=nginx --labels={bad}")).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_job_is_made_from_a_cronjob_by_name() {
        let op = parse("kubectl create job backup-now --from=cronjob/backup -n ops").unwrap();
        assert_eq!(
            (
                op.verb,
                op.resource.as_str(),
                op.name.as_ref().unwrap().as_str()
            ),
            (Verb::Create, "jobs", "backup-now")
        );
        assert_eq!(op.params.from_cronjob.as_ref().unwrap().as_str(), "backup");
        assert_eq!(op.params.manifest, None);
        assert_eq!(
            render(&op),
            "kubectl create job backup-now --from=cronjob/backup -n ops"
        );
        assert_eq!(op.risk(), crate::Risk::Mutate);
        for bad in [
            "kubectl create job backup-now",
            "kubectl create job backup-now --from=deployment/web",
            "kubectl create job --from=cronjob/backup",
            "kubectl create job a b --from=cronjob/backup",
            "kubectl create job backup-now --from=cronjob/Bad_Name",
            "kubectl create job backup-now --from=cronjob/backup --image=busybox",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        // Only a Job is made from a CronJob, and without a manifest.
        let mut wrong = op.clone();
        wrong.resource = crate::ResourceType::parse("deployments").unwrap();
        assert!(wrong.validate().is_err());
        let mut wrong = op.clone();
        wrong.params.manifest = Some("{}".into());
        assert!(wrong.validate().is_err());
        let mut wrong = op;
        wrong.name = None;
        assert!(wrong.validate().is_err());
    }

    #[test]
    fn expose_names_and_types_its_service() {
        let op = parse("kubectl expose deployment web --port=80 --name=web-public --type=nodeport")
            .unwrap();
        assert_eq!(
            op.params.service_name.as_ref().unwrap().as_str(),
            "web-public"
        );
        assert_eq!(op.params.service_type, Some(crate::ServiceType::NodePort));
        assert_eq!(
            render(&op),
            "kubectl expose deployments web --port=80 --name=web-public --type=NodePort"
        );
        let err = parse("kubectl expose deployment web --port=80 --type=ExternalName").unwrap_err();
        assert!(err.to_string().contains("ExternalName"), "{err}");
        let err = parse("kubectl expose deployment web --port=80 --type=Ingress").unwrap_err();
        assert!(
            err.to_string()
                .contains("ClusterIP, NodePort or LoadBalancer"),
            "{err}"
        );
        // A name the API server would refuse for a Service (a dot, upper
        // case) is refused before any preview.
        for bad in ["web.v2", "9web"] {
            let line = format!("kubectl expose deployment web --port=80 --name={bad}");
            let err = parse(&line).and_then(|op| op.validate()).unwrap_err();
            assert!(err.to_string().contains("service name"), "{line}: {err}");
        }
        // Other verbs take no --name.
        assert!(parse("kubectl get pods --name=x").is_err());
    }

    #[test]
    fn explain_takes_a_field_path_after_a_built_in_type() {
        let op = parse("kubectl explain pod.spec.containers").unwrap();
        assert_eq!(op.resource.as_str(), "pods");
        assert_eq!(op.params.field.as_deref(), Some("spec.containers"));
        assert_eq!(render(&op), "kubectl explain pods.spec.containers");
        // A group or a version and a group qualify the type; no field.
        for typed in [
            "kubectl explain deployments.apps",
            "kubectl explain deployments.v1.apps",
        ] {
            assert_eq!(parse(typed).map(|o| o.params.field), Ok(None), "{typed}");
        }
        assert!(parse("kubectl explain pods.spec..containers").is_err());
        assert!(parse("kubectl explain pods.spec.c*").is_err());
    }

    #[test]
    fn renders_like_kubectl() {
        let op = parse("kubectl get pods -n payments -l app=web").unwrap();
        assert_eq!(render(&op), "kubectl get pods -n payments -l app=web");
        let op = parse("kubectl scale deploy/checkout --replicas=5 -n shop").unwrap();
        assert_eq!(
            render(&op),
            "kubectl scale deployment/checkout --replicas=5 -n shop"
        );
        let op = parse("kubectl logs api-7f -c app --tail 50 -p -n prod").unwrap();
        assert_eq!(
            render(&op),
            "kubectl logs api-7f -n prod -c app --tail=50 --previous"
        );
        let op = parse("kubectl label po web env=prod tier- --overwrite").unwrap();
        assert_eq!(
            render(&op),
            "kubectl label pods web env=prod tier- --overwrite"
        );
        // `top` ordered by usage, highest first.
        let op = parse("kubectl top pods -n shop --sort-by memory").unwrap();
        assert_eq!(op.params.sort_usage, Some(crate::Usage::Memory));
        assert_eq!(render(&op), "kubectl top pods -n shop --sort-by=memory");
        let e = parse("kubectl top pods --sort-by=.metadata.name").unwrap_err();
        assert!(e.to_string().contains("sorts by cpu or memory"), "{e}");
        // Several objects of one type, as kubectl labels them.
        let op = parse("kubectl annotate pod/nginx1 pod/nginx2 description='my frontend'").unwrap();
        assert_eq!(op.names().count(), 2);
        assert_eq!(
            render(&op),
            "kubectl annotate pods nginx1 nginx2 'description=my frontend'"
        );
        let op = parse("kubectl label pods a b c env=prod -n shop").unwrap();
        assert_eq!(render(&op), "kubectl label pods a b c env=prod -n shop");
        assert!(parse("kubectl label pods,services web env=prod").is_err());
        assert!(parse("kubectl label pod/a service/b env=prod").is_err());
        assert!(parse("kubectl label pods a a env=prod").is_err());
        let op = parse("kubectl get pods -l 'env in (prod,staging)' -A").unwrap();
        assert_eq!(
            render(&op),
            "kubectl get pods -A -l 'env in (prod,staging)'"
        );
        let op = parse("kubectl events --for pod/web-1 -n shop").unwrap();
        assert_eq!(render(&op), "kubectl events --for pod/web-1 -n shop");
        let op = parse("kubectl rollout undo deployment web --to-revision=3").unwrap();
        assert_eq!(
            render(&op),
            "kubectl rollout undo deployment/web --to-revision=3"
        );
    }

    #[test]
    fn deployments_pods_and_service_accounts_are_written_from_flags() {
        let d = parse("kubectl create deployment my-app --image=registry.example/team/api:1.2 --replicas=3 --port=8080 -n shop").unwrap();
        assert_eq!((d.verb, d.resource.as_str()), (Verb::Create, "deployments"));
        let m: serde_json::Value =
            serde_json::from_str(d.params.manifest.as_deref().unwrap()).unwrap();
        assert_eq!(m["spec"]["replicas"], 3);
        assert_eq!(m["spec"]["selector"]["matchLabels"]["app"], "my-app");
        assert_eq!(m["spec"]["template"]["metadata"]["labels"]["app"], "my-app");
        let c = &m["spec"]["template"]["spec"]["containers"][0];
        assert_eq!(
            (c["name"].as_str(), c["image"].as_str()),
            (Some("api"), Some("registry.example/team/api:1.2"))
        );
        assert_eq!(c["ports"][0]["containerPort"], 8080);
        let line = render(&d);
        assert_eq!(
            line,
            "kubectl create deployment my-app --image=registry.example/team/api:1.2 --replicas=3 --port=8080 -n shop"
        );
        assert_eq!(parse(&line).unwrap(), d);

        let p = parse("kubectl run debug --image=busybox --restart=Never").unwrap();
        assert_eq!(p.resource.as_str(), "pods");
        let m: serde_json::Value =
            serde_json::from_str(p.params.manifest.as_deref().unwrap()).unwrap();
        assert_eq!(m["metadata"]["labels"]["run"], "debug");
        assert_eq!(m["spec"]["restartPolicy"], "Never");
        assert_eq!(m["spec"]["containers"][0]["name"], "debug");
        assert_eq!(
            render(&p),
            "kubectl run debug --image=busybox --restart=Never"
        );
        assert_eq!(parse(&render(&p)).unwrap(), p);

        let sa = parse("kubectl create sa builder -n ci").unwrap();
        assert_eq!(sa.resource.as_str(), "serviceaccounts");
        assert_eq!(render(&sa), "kubectl create serviceaccount builder -n ci");

        for (line, why) in [
            ("kubectl create deployment web", "needs --image"),
            ("kubectl run web", "needs --image"),
            (
                "kubectl run web --image=busybox -- sleep 3600",
                "not supported",
            ),
            ("kubectl run web --image='a b'", "not an image reference"),
            (
                "kubectl run web --image=nginx --restart=Sometimes",
                "--restart takes",
            ),
            (
                "kubectl create deployment web --image=nginx --replicas=100000",
                "at most",
            ),
        ] {
            let e = parse(line).unwrap_err().to_string();
            assert!(e.contains(why), "{line}: {e}");
        }
    }

    #[test]
    fn rollout_status_waits_as_kubectl_does_but_never_forever() {
        let wait = |line: &str| parse(line).map(|op| op.params.timeout.map(|t| t.seconds()));
        // kubectl watches by default: KubeChat too, for its default wait.
        assert_eq!(
            wait("kubectl rollout status deployment/web").unwrap(),
            Some(300)
        );
        assert_eq!(
            wait("kubectl rollout status deploy/web -w").unwrap(),
            Some(300)
        );
        assert_eq!(
            wait("kubectl rollout status deploy/web --timeout=2m30s").unwrap(),
            Some(150)
        );
        assert_eq!(
            wait("kubectl rollout status deploy/web --watch=false").unwrap(),
            None
        );
        for (line, problem) in [
            (
                "kubectl rollout status deploy/web --timeout=0s",
                "between 1s and 10m",
            ),
            (
                "kubectl rollout status deploy/web --timeout=1h",
                "at most 10 minutes",
            ),
            (
                "kubectl rollout status deploy/web --timeout=soon",
                "not a duration",
            ),
            (
                "kubectl rollout status deploy/web --watch=false --timeout=1m",
                "leave out --watch=false",
            ),
            (
                "kubectl get pods -w",
                "flag -w is not supported for kubectl get: a chat answer is one snapshot",
            ),
        ] {
            let err = parse(line).unwrap_err().to_string();
            assert!(err.contains(problem), "{line}: {err}");
        }
        // What is shown is what runs: a wait says how long, a single read
        // says it does not watch.
        for line in [
            "kubectl rollout status deployment/web --timeout=2m -n shop",
            "kubectl rollout status daemonset/agent --watch=false -n kube-system",
        ] {
            assert_eq!(render(&parse(line).unwrap()), line);
        }
    }

    #[test]
    fn logs_of_all_containers_exclude_one_container() {
        let op = parse("kubectl logs web-1 --all-containers --tail=5").unwrap();
        assert!(op.params.all_containers);
        assert_eq!(render(&op), "kubectl logs web-1 --tail=5 --all-containers");
        let err = parse("kubectl logs web-1 -c app --all-containers").unwrap_err();
        assert!(
            err.to_string()
                .contains("give one container or all_containers, not both"),
            "{err}"
        );
    }

    #[test]
    fn logs_can_be_filtered_by_text_and_nothing_else_follows_a_pipe() {
        let op = parse("kubectl logs web -n shop --tail=10 | grep -i 'query failed'").unwrap();
        assert_eq!(op.verb, Verb::Logs);
        assert_eq!(op.params.grep.as_deref(), Some("query failed"));
        assert_eq!(op.params.tail, Some(10));
        let line = render(&op);
        assert_eq!(
            line,
            "kubectl logs web -n shop --tail=10 | grep -iF 'query failed'"
        );
        assert_eq!(parse(&line).unwrap(), op);
        // `grep` without -i is read the same way (the filter ignores case).
        assert_eq!(
            parse("kubectl logs web | grep ERROR")
                .unwrap()
                .params
                .grep
                .as_deref(),
            Some("ERROR")
        );
        // A quoted bar is part of the value, not a pipe.
        assert_eq!(
            parse("kubectl logs web | grep 'a|b'")
                .unwrap()
                .params
                .grep
                .as_deref(),
            Some("a|b")
        );
        for line in [
            "kubectl logs web | sh",
            "kubectl logs web | grep -v x",
            "kubectl logs web | grep a | grep b",
            "kubectl logs web | grep",
            "kubectl logs web | grep -i",
            "kubectl logs web | grep -E 'a|b'",
            "kubectl logs web | grep -- -x",
            "kubectl get pods | grep web",
            "kubectl delete pod web | grep x",
        ] {
            let e = parse(line).unwrap_err().to_string();
            assert!(e.contains("shell"), "{line}: {e}");
        }
    }

    #[test]
    fn shell_syntax_is_refused() {
        for line in [
            "kubectl get pods | grep x",
            "kubectl get pods; rm -rf /",
            "kubectl get pods && curl evil",
            "kubectl get pods > /etc/passwd",
            "kubectl get pods $(whoami)",
            "kubectl get pods `id`",
            "kubectl get pods -l \"app=$(id)\"",
        ] {
            let e = parse(line).unwrap_err().to_string();
            assert!(e.contains("shell"), "{line}: {e}");
        }
    }

    #[test]
    fn identity_and_cluster_flags_are_refused() {
        for line in [
            "kubectl get pods --as=system:admin",
            "kubectl get pods --token abc",
            "kubectl get pods --server=https://evil:6443",
            "kubectl get pods --kubeconfig /tmp/k",
            "kubectl get pods --context=prod",
            "kubectl get pods -s https://evil",
            // Only a question about rights names another identity.
            "kubectl delete pods web --as=system:admin",
            "kubectl auth can-i list pods --token abc",
        ] {
            let e = parse(line).unwrap_err().to_string();
            assert!(e.contains("is not allowed"), "{line}: {e}");
        }
    }

    #[test]
    fn another_identitys_rights_are_asked_about_not_taken() {
        let line =
            "kubectl auth can-i list secrets --as=system:serviceaccount:build:ci-bot -n build";
        let op = parse(line).unwrap();
        assert_eq!(op.verb, Verb::AuthCanI);
        assert_eq!(
            op.params.as_user.as_deref(),
            Some("system:serviceaccount:build:ci-bot")
        );
        assert_eq!(render(&op), line);
        let op = parse("kubectl auth can-i get pods --as=jane --as-group=devs --as-group=oncall")
            .unwrap();
        assert_eq!(op.params.as_groups, ["devs", "oncall"]);
        assert_eq!(
            render(&op),
            "kubectl auth can-i get pods --as=jane --as-group=devs --as-group=oncall"
        );
        for (bad, says) in [
            ("kubectl auth can-i get pods --as-group=devs", "needs --as"),
            ("kubectl auth can-i --list --as=jane", "your own rights"),
            (
                "kubectl auth can-i get pods --as=system:serviceaccount:Bad_NS:x",
                "not a user",
            ),
            ("kubectl auth can-i get pods '--as=a b'", "not a user"),
        ] {
            let e = parse(bad).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }
        // On any other verb the field is refused, as every param set for
        // a verb that does not take it.
        let e =
            Operation::from_json(r#"{"verb":"get","resource":"pods","params":{"as_user":"jane"}}"#)
                .unwrap_err()
                .to_string();
        assert!(e.contains("as_user"), "{e}");
    }

    #[test]
    fn bad_lines_get_clear_errors() {
        let cases = [
            ("kubectl get pod$", "shell syntax"),
            (
                "kubectl get 'pod$'",
                "unknown resource type 'pod$' — did you mean 'pods'?",
            ),
            (
                "kubectl exec -it web -- sh",
                "kubectl exec is not supported",
            ),
            (
                "kubectl scale deploy/web --replicas=-1",
                "--replicas takes a whole non-negative number, not '-1'",
            ),
            ("kubectl scale deploy/web", "needs --replicas=N"),
            ("kubectl get pods Web_1", "invalid name 'Web_1'"),
            (
                "kubectl get pods --watch",
                "flag --watch is not supported for kubectl get",
            ),
            ("kubectl apply", "takes the manifest with -f FILE"),
            ("kubectl apply -f -", "standard input"),
            ("kubectl delete pod web -f pod.json", "not both"),
            ("kubectl label -f pod.json a=b", "-f works with get"),
            ("kubectl scale -f foo.yaml", "needs --replicas"),
            (
                "kubectl logs -f web",
                "flag -f is not supported for kubectl logs: a chat answer is one snapshot of the log",
            ),
            ("helm install x", "expected a line starting with kubectl"),
            ("kubectl get pods 'unclosed", "single quote is not closed"),
            ("kubectl delete pods", "say all (one namespace)"),
            ("kubectl delete pods --all -A", "never across namespaces"),
            ("kubectl delete nodes --all", "cluster-scoped"),
        ];
        for (line, want) in cases {
            let e = parse(line).unwrap_err().to_string();
            assert!(e.contains(want), "{line}: {e}");
        }
    }

    /// A scale to one count and a restart go on several workloads of one
    /// type, as kubectl takes them; a count relative to the live one is
    /// read from one object, and other rollouts name one.
    #[test]
    fn several_workloads_are_scaled_and_restarted_at_once() {
        for (line, want) in [
            (
                "kubectl scale deployment web api --replicas=3 -n shop",
                "kubectl scale deployment/web deployment/api --replicas=3 -n shop",
            ),
            (
                "kubectl scale --replicas=0 sts/db-a sts/db-b",
                "kubectl scale statefulset/db-a statefulset/db-b --replicas=0",
            ),
            (
                "kubectl rollout restart deployment/web deployment/api",
                "kubectl rollout restart deployment/web deployment/api",
            ),
        ] {
            let op = parse(line).unwrap();
            assert_eq!(op.names().count(), 2, "{line}");
            assert_eq!(render(&op), want, "{line}");
            assert_eq!(parse(&render(&op)).unwrap(), op, "{line}");
        }
        assert!(parse("kubectl scale deployment/web deployment/api").is_err());
        assert!(parse("kubectl rollout undo deployment web api").is_err());
        assert!(parse("kubectl scale deployment/web service/api --replicas=2").is_err());
        let mut relative = parse("kubectl scale deployment web api --replicas=3").unwrap();
        relative.params.replicas = None;
        relative.params.scale_by = Some(2);
        assert!(relative.validate().is_err(), "a relative count names one");
    }

    /// A cordon, an uncordon and a taint go on the nodes a label
    /// selector picks, as kubectl's `-l`; a drain names its node.
    #[test]
    fn nodes_are_picked_by_a_selector_for_a_cordon_or_a_taint() {
        for line in [
            "kubectl cordon -l pool=spot",
            "kubectl uncordon -l pool=spot",
            "kubectl taint nodes -l pool=spot spot=true:NoSchedule",
        ] {
            let op = parse(line).unwrap();
            assert!(op.name.is_none() && op.selector.is_some(), "{line}");
            assert_eq!(render(&op), line);
        }
        assert!(parse("kubectl drain -l pool=spot").is_err());
        assert!(parse("kubectl cordon").is_err());
        let mut both = parse("kubectl cordon -l pool=spot").unwrap();
        both.verb = Verb::Drain;
        assert!(both.validate().is_err(), "a drain needs its node's name");
    }

    #[test]
    fn a_file_names_the_objects_of_its_manifest() {
        for (line, verb, shown) in [
            (
                "kubectl delete -f ./pod.json",
                Verb::Delete,
                "kubectl delete -f ./pod.json",
            ),
            (
                "kubectl get -f pod.yaml -o json",
                Verb::Get,
                "kubectl get -f pod.yaml -o json",
            ),
            (
                "kubectl describe --filename=pod.json",
                Verb::Describe,
                "kubectl describe -f pod.json",
            ),
            (
                "kubectl scale --replicas=3 -f foo.yaml",
                Verb::Scale,
                "kubectl scale -f foo.yaml --replicas=3",
            ),
            (
                "kubectl apply -f web.yaml -n shop",
                Verb::Apply,
                "kubectl apply -f web.yaml -n shop",
            ),
            (
                "kubectl create -f ns.json",
                Verb::Create,
                "kubectl create -f ns.json",
            ),
        ] {
            let op = parse(line).unwrap();
            assert_eq!(op.verb, verb, "{line}");
            assert!(op.resource.is_manifest(), "{line}");
            assert_eq!(op.name, None, "{line}");
            assert_eq!(render(&op), shown, "{line}");
        }
        // A file or manifest is only for the objects of a manifest.
        let mut op = parse("kubectl get pods web").unwrap();
        op.params.file = Some("pod.json".into());
        assert!(op.validate().is_err());
    }

    #[test]
    fn quoting_round_trips_through_the_tokenizer() {
        for s in ["plain", "with space", "it's", "a\"b", "", "x=1,y in (a,b)"] {
            assert_eq!(tokenize(&quote(s)).unwrap(), vec![s.to_owned()], "{s:?}");
        }
    }

    #[test]
    fn custom_columns_and_sort_by_read_back_as_written() {
        let line = r#"kubectl get pods -n shop -o custom-columns=NAME:.metadata.name,READY:.status.conditions[?(@.type=="Ready")].status --sort-by={.metadata.creationTimestamp}"#;
        let op = parse(line).unwrap();
        assert_eq!(op.params.columns.len(), 2);
        assert_eq!(
            op.params
                .sort_by
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some(".metadata.creationTimestamp")
        );
        assert_eq!(parse(&render(&op)).unwrap(), op);
        // Outside those values the characters are still refused.
        assert!(parse("kubectl get pods -l app=* ").is_err());
        assert!(parse("kubectl get pods -o custom-columns=NAME").is_err());
        assert!(parse("kubectl delete pods web --sort-by=.metadata.name").is_err());
    }

    #[test]
    fn label_columns_read_back_as_written_and_only_on_tables() {
        let op = parse("kubectl get pods -Lapp,tier -L version --show-labels").unwrap();
        assert_eq!(op.params.label_columns, ["app", "tier", "version"]);
        assert!(op.params.show_labels);
        assert_eq!(
            render(&op),
            "kubectl get pods --show-labels -L app -L tier -L version"
        );
        assert_eq!(parse(&render(&op)).unwrap(), op);
        for bad in [
            "kubectl get pods -L app -o yaml",
            "kubectl get pods --show-labels -o custom-columns=NAME:.metadata.name",
            "kubectl get pods -L 'bad key!'",
            "kubectl delete pods web --show-labels",
            "kubectl logs web -L app",
        ] {
            assert!(
                parse(bad)
                    .and_then(|op| op.validate().map(|()| op))
                    .is_err(),
                "{bad}"
            );
        }
    }
}
