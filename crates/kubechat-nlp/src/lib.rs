//! Turning what people type into a typed [`Operation`].
//!
//! The chain ([`chain::Chain`]): a literal `kubectl …` line is parsed
//! (never run); otherwise the embedded rule translator reads the request —
//! no network, no model files, microseconds. Only when the rules are not
//! confident (or do not understand) and LLM providers are configured are
//! they asked ([`llm::Llm`]), and what they answer is untrusted input: it
//! must be a tool call whose arguments parse and validate as an
//! `Operation` through the same code as user input. Requests the rules
//! refuse (shell commands, bulk changes, attempts to steer the
//! translator) are never passed on.

pub mod chain;
pub mod eval;
pub mod llm;
pub mod metrics;
mod pasted;
pub mod remote;
pub mod resolve;
mod rules;
mod words;

use kubechat_core::{Operation, Risk, kubectl};
use serde::Serialize;

pub use chain::{BotContext, Chain, Request, Translator};

/// Longest request read.
pub const MAX_TEXT_CHARS: usize = 2000;

/// Which stage of the chain produced a translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Kubectl,
    Rules,
    Llm,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Kubectl => "kubectl",
            Source::Rules => "rules",
            Source::Llm => "llm",
        }
    }
}

/// A request read into an operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Translation {
    pub operation: Operation,
    /// The kubectl equivalent, for showing back to the user.
    pub kubectl: String,
    pub risk: Risk,
    pub source: Source,
    /// How sure the reading is, 0 to 1 (kubectl syntax is 1).
    pub confidence: f64,
    /// An LLM translation reused from the cache.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cached: bool,
    /// The cluster the text names ("on the gke-dev cluster"). Never the
    /// operation's cluster, which comes from the bot asked: the chat
    /// refuses a request naming another cluster than its bot's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
}

impl Translation {
    /// A translation of a validated `operation`.
    pub fn new(operation: Operation, source: Source, confidence: f64) -> Self {
        Self {
            kubectl: kubectl::render(&operation),
            risk: operation.risk(),
            operation,
            source,
            confidence: (confidence * 100.0).round() / 100.0,
            cached: false,
            cluster: None,
        }
    }

    /// This translation with the cluster `text` names, if any (a
    /// cluster already read stays).
    pub fn stated_in(self, text: &str) -> Self {
        Self {
            cluster: self.cluster.or_else(|| stated_cluster(text)),
            ..self
        }
    }

    /// For callers working on one cluster without bots (the operator,
    /// `kubechat ask`): a request naming a cluster is refused, as there is
    /// no cluster name here to hold it against.
    pub fn on_own_cluster(self) -> Result<Self> {
        match &self.cluster {
            None => Ok(self),
            Some(c) => Err(Error::NotUnderstood {
                reason: format!(
                    "the request names the cluster {c}, and requests here run on this deployment's own cluster; leave the cluster out"
                ),
                suggestions: vec![self.kubectl.clone()],
            }),
        }
    }
}

/// `Result` with [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a request could not be translated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The request is too long to be a chat request.
    #[error("the request is longer than {MAX_TEXT_CHARS} characters; ask one thing at a time")]
    TooLong,

    /// The request was read but is not a valid operation.
    #[error(transparent)]
    Invalid(#[from] kubechat_core::Error),

    /// The request could not be read with confidence.
    #[error("not understood: {reason}.{}", try_these(suggestions))]
    NotUnderstood {
        reason: String,
        suggestions: Vec<String>,
    },

    /// The request asks for something KubeChat does not do from chat
    /// (shell commands, bulk changes, steering the translator). Final: no
    /// LLM is asked.
    #[error("refused: {reason}.{}", try_these(suggestions))]
    Refused {
        reason: String,
        suggestions: Vec<String>,
    },
}

/// " Try \"a\" or \"b\"", or nothing when there is nothing to suggest
/// (a dangling "Try" reads as a broken message).
fn try_these(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        return String::new();
    }
    let quoted = suggestions
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(" or ");
    format!(" Try {quoted}")
}

impl Error {
    /// The stable code of the error in JSON answers.
    pub fn code(&self) -> &'static str {
        match self {
            Error::TooLong => "too_long",
            Error::Invalid(_) => "invalid_operation",
            Error::NotUnderstood { .. } => "not_understood",
            Error::Refused { .. } => "refused",
        }
    }

    /// This error with its kubectl suggestions on cluster `c`
    /// (`kubectl --context c …`).
    pub fn suggesting_on(self, c: &str) -> Self {
        let on = |list: Vec<String>| -> Vec<String> {
            list.into_iter()
                .map(|s| match s.strip_prefix("kubectl ") {
                    Some(rest) if !rest.starts_with("--context") => {
                        format!("kubectl --context {c} {rest}")
                    }
                    _ => s,
                })
                .collect()
        };
        match self {
            Error::NotUnderstood {
                reason,
                suggestions,
            } => Error::NotUnderstood {
                reason,
                suggestions: on(suggestions),
            },
            Error::Refused {
                reason,
                suggestions,
            } => Error::Refused {
                reason,
                suggestions: on(suggestions),
            },
            other => other,
        }
    }

    /// What the person could type instead.
    pub fn suggestions(&self) -> &[String] {
        match self {
            Error::NotUnderstood { suggestions, .. } | Error::Refused { suggestions, .. } => {
                suggestions
            }
            Error::TooLong | Error::Invalid(_) => &[],
        }
    }

    /// The JSON form: `{"error": {"code", "message", "suggestions"}}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "error": {
                "code": self.code(),
                "message": self.to_string(),
                "suggestions": self.suggestions(),
            }
        })
    }
}

/// Translates one request with the embedded rules (or kubectl syntax when
/// it starts with `kubectl`).
pub fn translate(text: &str) -> Result<Translation> {
    if let Some(found) = pasted_manifest(text) {
        return found;
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::TooLong);
    }
    refuse_control_characters(text)?;
    let trimmed = text.trim();
    // "k get po -A": the alias most kubectl users type (the kubectl docs'
    // own cheat sheet sets it) before a kubectl verb is kubectl.
    if let Some(rest) = trimmed.strip_prefix("k ")
        && KUBECTL_VERBS.contains(&rest.split_whitespace().next().unwrap_or(""))
    {
        return translate(&format!("kubectl {}", rest.trim_start()));
    }
    // "kubectl get pods -n analytics shows: … Why is it stuck?": a command
    // told as run, then a question, is read as prose.
    if trimmed.starts_with("kubectl ") && rules::command_output_told(trimmed).is_some() {
        let (operation, confidence) = rules::translate(trimmed)?;
        return validated(operation, Source::Rules, confidence);
    }
    // "uncordon node-1, false alarm", "kubectl get pods -n shop, thanks":
    // a command line with a remark after it is the command line.
    let first = trimmed.split_whitespace().next().unwrap_or("");
    if first == "kubectl" || KUBECTL_VERBS.contains(&first) {
        let line = rules::strip_courtesy_tail(trimmed);
        // ("scale web to 5 in prod. staging, sorry": an apology after a
        // correction is no remark; the holds read the whole line.)
        let tail = trimmed[line.len()..].to_ascii_lowercase();
        let corrected = [
            "sorry", "sry", "my bad", "oops", "whoops", "meant", "actually",
        ]
        .iter()
        .any(|w| tail.contains(w));
        if line.len() < trimmed.len() && !corrected {
            return translate(line);
        }
    }
    if trimmed.starts_with("kubectl ") || trimmed == "kubectl" {
        // "kubectl list pods sorted by age", "kubectl scale statefulset to
        // 0 (statefulset 'mongo' in namespace 'db')": a question's title
        // in kubectl's words, read as prose where kubectl cannot read it.
        // "kubectl rollout restart deploy/api -n prod thanks!": chat's
        // thanks and please after the command line.
        let thanked = courtesy_tail_cut(trimmed);
        let op = match thanked
            .and_then(|line| kubectl::parse(line).ok())
            .map_or_else(|| kubectl::parse(trimmed), Ok)
        {
            Ok(op) => op,
            Err(e) => {
                let rest = &trimmed["kubectl ".len().min(trimmed.len())..];
                // ("kubectl logs since 10 min ago? pod x": a word ending
                // in a question mark asks, as no command line does.)
                let titled = prose(rest)
                    || rest.contains(['(', '`'])
                    || rest
                        .split_whitespace()
                        .any(|w| w.len() > 1 && w.ends_with('?'))
                    || !KUBECTL_VERBS.contains(&rest.split_whitespace().next().unwrap_or(""));
                // (Prose that the rules cannot read either is answered
                // with what the rules found: "kubectl drain x fails with
                // … - how to drain it anyway?" asks about a change, which
                // a complaint of shell syntax would not say.)
                return match rules::translate(rest) {
                    Ok((operation, confidence)) if titled => {
                        validated(operation, Source::Rules, confidence)
                    }
                    Err(prose_error) if titled => Err(prose_error),
                    _ => Err(e.into()),
                };
            }
        };
        // "kubectl delete pod web-1 worked", "… gives an error": a command
        // told with how it went, not one to run.
        if op.names().any(|n| report_word(n.as_str()))
            || (op.risk() != Risk::Read && op.names().any(|n| taken_back_word(n.as_str())))
        {
            return Err(Error::NotUnderstood {
                reason:
                    "this tells how a command went, or doubts it; send the command alone to run it"
                        .into(),
                suggestions: Vec::new(),
            });
        }
        // "kubectl get pods stuck in terminating state": a question's
        // title after the command, not four pod names ("in" is none).
        if !op.also_names.is_empty()
            && op.names().any(|n| prose_name(n.as_str()))
            && let Ok((operation, confidence)) = rules::translate(&trimmed["kubectl ".len()..])
        {
            return validated(operation, Source::Rules, confidence);
        }
        // "kubectl delete pod asap": chat's when.
        if op.names().any(|n| chat_word(n.as_str())) {
            let (operation, confidence) =
                rules::translate(&without_chat_words(&trimmed["kubectl ".len()..]))?;
            return validated(operation, Source::Rules, confidence);
        }
        return command_line(op, trimmed);
    }
    let (operation, confidence) = rules::translate(trimmed)?;
    validated(operation, Source::Rules, confidence)
}

/// A request with a manifest pasted or attached after its words: the
/// words are bounded as any request's, the manifest as a document.
fn pasted_manifest(text: &str) -> Option<Result<Translation>> {
    let (words, manifest) = pasted::split(text)?;
    Some((|| {
        if words.chars().count() > MAX_TEXT_CHARS {
            return Err(Error::TooLong);
        }
        refuse_control_characters(text)?;
        let (op, confidence) = pasted::read(&words, manifest)?;
        validated(op, Source::Rules, confidence)
    })())
}

/// Control characters (other than tab and line breaks) and
/// bidirectional overrides are refused, naming the first: they hide what
/// a person would read, and PostgreSQL text cannot hold NUL.
pub fn refuse_control_characters(text: &str) -> Result<()> {
    match rules::normalize::find_forbidden(text) {
        None => Ok(()),
        Some(c) => Err(Error::Invalid(kubechat_core::Error::InvalidOperation {
            verb: "request",
            problem: format!(
                "the text has a control character (U+{:04X}) at position {}; remove it and send the request again",
                c.code, c.at
            ),
        })),
    }
}

/// A word among a command line's names that is prose, not a name: "in"
/// ("get pods stuck in terminating"), a word the rules read otherwise, or
/// how the order is carried out ("delete pods x forcefully").
fn prose_name(n: &str) -> bool {
    words::STOP_SET.contains(n)
        || words::NOT_NAMES_SET.contains(n)
        || words::KNOWN_SET.contains(n)
        || words::manner(n)
        // "delete pod web-1 later": when, or how it went, never a name.
        || matches!(
            n,
            "later" | "afterwards" | "eventually" | "soon" | "tonight" | "tomorrow" | "fails"
                | "failed" | "asap"
                // "describe node worker dash three": a name spelt aloud.
                | "dash"
        )
}

/// Chat's when, please and thanks where a command line's name goes
/// ("delete pods rn", "get pods pls", "delete pod web-1 lol"): never a
/// name.
pub(crate) fn chat_word(n: &str) -> bool {
    matches!(
        n,
        "rn" | "now"
            | "pls"
            | "plz"
            | "asap"
            | "thx"
            | "thanks"
            | "ty"
            | "tia"
            | "kthx"
            | "ok"
            | "okay"
            | "lol"
            | "btw"
            | "again"
            | "anyway"
            | "today"
            | "quickly"
            | "immediately"
            | "then"
    )
}

/// A command line without the thanks or please typed after it
/// ("… -n prod thanks!", "… pls", "… thank you"); `None` when it ends
/// otherwise.
fn courtesy_tail_cut(line: &str) -> Option<&str> {
    let mut end = line.trim_end();
    let mut cut = false;
    loop {
        let body = end.trim_end_matches(['!', '.', ' ', ',']);
        let lower = body.to_ascii_lowercase();
        let tail = [
            "thank you",
            "thanks",
            "thx",
            "ty",
            "please",
            "pls",
            "plz",
            "cheers",
            "tia",
        ]
        .iter()
        .find(|t| lower.ends_with(*t) && lower[..lower.len() - t.len()].ends_with(' '));
        match tail {
            Some(t) => {
                end = body[..body.len() - t.len()].trim_end();
                cut = true;
            }
            None => break,
        }
    }
    cut.then_some(end)
}

/// `text` without [`chat_word`]s ("delete pod asap" is "delete pod").
fn without_chat_words(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| !chat_word(&w.to_ascii_lowercase()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// How a command went, told after it ("kubectl delete pod web-1
/// worked", "… fails"), or doubt about it ("… maybe"): never a name, and
/// no order to run.
fn report_word(n: &str) -> bool {
    // Doubt or a take-back after the command ("delete pod web-1 maybe",
    // "… wdyt", "… nm"): not an order to run either.
    words::COMMAND_TOLD.contains(&n) || matches!(n, "maybe" | "perhaps" | "wdyt" | "idk" | "nm")
}

/// A word after a change's command line that takes it back, corrects it
/// or puts it off ("… -n y nope", "… hmm", "… meant dev", "… later"):
/// never a name, and no order to run now. (After a read it may be prose:
/// "get jobs what not succeed …".)
fn taken_back_word(n: &str) -> bool {
    matches!(
        n,
        "nope"
            | "nah"
            | "no"
            | "not"
            | "wrong"
            | "cancel"
            | "oops"
            | "hmm"
            | "meant"
            | "later"
            | "tomorrow"
            | "tonight"
            | "yes"
    )
}

/// Whether `text` reads as English rather than command-line arguments:
/// it has function words kubectl syntax never contains.
fn prose(text: &str) -> bool {
    text.split_whitespace().any(|w| {
        // "delete demo's pods", "don't restart web": an apostrophe of
        // English, which a command line never has (in a shell it would
        // open a quote that is never closed).
        let w = w.trim_end_matches([',', '.', '?', '!']);
        w.split_once('\'').is_some_and(|(stem, end)| {
            stem.ends_with(|c: char| c.is_ascii_alphanumeric())
                && (matches!(end, "s" | "t" | "re" | "ll" | "ve" | "m" | "d")
                    // "payments' pods".
                    || (end.is_empty() && stem.ends_with('s') && stem.len() > 2))
        }) || matches!(
            w.to_ascii_lowercase()
                .trim_end_matches([',', '.', '?', '!']),
            "the"
                | "and"
                | "or"
                | "to"
                | "in"
                | "of"
                | "with"
                | "my"
                | "all"
                | "from"
                | "for"
                | "that"
                | "which"
                | "is"
                | "are"
                | "me"
                | "please"
                | "everything"
                // "cordon node-1, then drain node-2": two orders, no
                // kubectl line.
                | "then"
                // "delete pod web-1 off prod": a place in words.
                | "off"
                | "out"
        )
    })
}

/// A command line whose namespace is said in words at its end ("… in ns
/// orders", "… in namespace orders", "… in the orders namespace", "… in
/// backend": kubectl has no bare "in"), with `-n` instead — and for `auth
/// can-i`, the identity said "as X" written `--as=X`; `None` for any other
/// line.
fn namespace_in_words(line: &str) -> Option<String> {
    let line = line.trim_end_matches(['.', '?', '!', ' ']);
    let mut words: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
    let n = words.len();
    let w = |i: usize| words.get(i).map(String::as_str);
    let marker = |i: usize| matches!(w(i), Some("ns" | "namespace"));
    let (cut, ns) = if n >= 3 && w(n - 3) == Some("in") && marker(n - 2) {
        (n - 3, n - 1)
    } else if n >= 4 && w(n - 4) == Some("in") && w(n - 3) == Some("the") && marker(n - 1) {
        (n - 4, n - 2)
    } else if n >= 3
        && w(n - 2) == Some("in")
        // ("… in it", "… in order", "… in 5": no place.)
        && w(n - 1).is_some_and(|x| {
            !x.starts_with('-')
                && !x.bytes().all(|b| b.is_ascii_digit())
                && !words::STOP_SET.contains(x)
                && !words::NOT_NAMES_SET.contains(x)
                && !matches!(
                    x,
                    "it" | "here" | "there" | "all" | "each" | "every" | "time" | "order" | "case"
                )
        })
    {
        (n - 2, n - 1)
    } else if n >= 4
        && marker(n - 2)
        // After the line's own arguments ("frontend=frontend:v2",
        // "deployment/web"), never after a name ("pods web-1 web-2
        // namespace").
        && w(n - 3).is_some_and(|x| x.contains(['=', '/']) && !x.starts_with('-'))
    {
        // "set image deployment/frontend frontend=frontend:v2 namespace
        // web": the marker alone, after the command's own words.
        (n - 2, n - 1)
    } else {
        return None;
    };
    let ns = kubechat_core::Namespace::parse(&words[ns]).ok()?;
    words.truncate(cut);
    if words.first().map(String::as_str) == Some("auth")
        && let Some(at) = words.iter().position(|x| x == "as")
        && at + 1 < words.len()
    {
        let who = words.remove(at + 1);
        words[at] = format!("--as={who}");
    }
    Some(format!("{} -n {ns}", words.join(" ")))
}

/// "get pods kube-system", typed without `kubectl`: Kubernetes' own
/// namespace where the name goes is where, not which (no pod is named
/// so; "delete configmap cert-manager-system" may well name one); a
/// `kubectl …` line stays as kubectl reads it.
fn system_place(mut op: Operation) -> Operation {
    let system = op
        .name
        .as_ref()
        .is_some_and(|n| words::kubernetes_namespace(n.as_str()));
    if system
        && op.also_names.is_empty()
        && op.namespace.is_none()
        && !op.all_namespaces
        && op.resource.builtin().is_some_and(|b| b.namespaced)
        && let Some(name) = op.name.take()
    {
        op.namespace = kubechat_core::Namespace::parse(name.as_str()).ok();
    }
    op
}

/// A command line read as kubectl reads it: a change on it is held as
/// one said in words ("delete pod web-1?", "… later").
fn command_line(operation: Operation, text: &str) -> Result<Translation> {
    rules::hold_command(text, &operation)?;
    validated(operation, Source::Kubectl, 1.0)
}

fn validated(operation: Operation, source: Source, confidence: f64) -> Result<Translation> {
    operation.validate()?;
    Ok(Translation::new(operation, source, confidence))
}

/// `op` with `namespace` filled in where it runs in one (so previews,
/// kubectl lines and audit rows name it); cluster-scoped types and
/// all-namespace requests stay as they are.
pub fn with_namespace(mut op: Operation, namespace: &kubechat_core::Namespace) -> Operation {
    // A manifest's objects take their namespace from it, or where they
    // run (a default filled in here would contradict the manifest's own).
    let namespaced =
        op.resource.builtin().is_none_or(|b| b.namespaced) && !op.resource.is_manifest();
    if op.namespace.is_none() && !op.all_namespaces && namespaced {
        op.namespace = Some(namespace.clone());
    }
    op
}

impl Translation {
    /// This translation with `namespace` as the default namespace.
    pub fn in_namespace(self, namespace: Option<&kubechat_core::Namespace>) -> Self {
        match namespace {
            Some(ns) => {
                let op = with_namespace(self.operation, ns);
                Self {
                    kubectl: kubectl::render(&op),
                    operation: op,
                    ..self
                }
            }
            None => self,
        }
    }
}

/// kubectl verbs: a request starting with one is read as kubectl syntax
/// first, and that reading's error is kept when the rules fail too (it is
/// more specific).
const KUBECTL_VERBS: &[&str] = &[
    "get",
    "describe",
    "logs",
    "log",
    "events",
    "top",
    "scale",
    "rollout",
    "delete",
    "label",
    "annotate",
    "cordon",
    "uncordon",
    "drain",
    "patch",
    "expose",
    "explain",
    "auth",
    "create",
    "run",
    "set",
    "autoscale",
    "taint",
    "apply",
];

/// kubectl verbs that write an object from flags: without a flag, a
/// line starting with one is plain language far more often than kubectl
/// syntax ("create a deployment called web", "run date inside mypod"),
/// so the rules' reason is the answer.
const WRITING_VERBS: &[&str] = &["create", "run", "set", "autoscale", "taint", "apply"];

/// Reads what a person typed in a chat or terminal: `kubectl …` lines,
/// kubectl syntax without the prefix (`get pods -n x`), `diagnose TYPE
/// [NAME]`, or plain language through the rules; with the cluster the
/// text names, if any.
pub fn interpret(text: &str) -> Result<Translation> {
    // A pasted manifest's own words (comments, labels) name no cluster.
    if let Some((words, _)) = pasted::split(text) {
        let t = read_text(text)?;
        return Ok(Translation {
            cluster: rules::stated_cluster(&words),
            ..t
        });
    }
    if let Some((line, cluster)) = context_flag(text)? {
        return read_text(&line).map(|t| Translation {
            cluster: Some(cluster),
            ..t
        });
    }
    read_text(text).map(|t| t.stated_in(text))
}

/// The cluster `text` names: `--context NAME` on a kubectl line, or in
/// words ("on the gke-dev cluster").
pub fn stated_cluster(text: &str) -> Option<String> {
    match context_flag(text) {
        Ok(Some((_, cluster))) => Some(cluster),
        _ => rules::stated_cluster(text),
    }
}

/// `kubectl --context staging get deployments`: the lines KubeChat shows
/// name a bot's cluster so, and people paste them back. The context is
/// the cluster said, held against the bot's as one said in words, never
/// where the operation runs (that is the bot's). The line without it,
/// and the cluster; `None` for a line without `--context`.
fn context_flag(text: &str) -> Result<Option<(String, String)>> {
    let trimmed = text.trim();
    let first = trimmed.split_whitespace().next().unwrap_or("");
    if !trimmed.contains("--context") || !(first == "kubectl" || KUBECTL_VERBS.contains(&first)) {
        return Ok(None);
    }
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    let mut kept = Vec::with_capacity(words.len());
    let mut said: Option<String> = None;
    let mut i = 0;
    while i < words.len() {
        let value = match words[i].strip_prefix("--context") {
            Some("") => {
                i += 1;
                words.get(i).copied()
            }
            Some(v) if v.starts_with('=') => Some(&v[1..]),
            _ => {
                kept.push(words[i]);
                i += 1;
                continue;
            }
        };
        i += 1;
        let bad = |problem: String| {
            Error::Invalid(kubechat_core::Error::InvalidOperation {
                verb: "request",
                problem,
            })
        };
        // Kubeconfig contexts are named more freely than KubeChat's
        // clusters (`gke_proj_zone_x`, `arn:aws:eks:…:cluster/x`): any
        // short printable name is taken, to be compared, never used.
        let name = value
            .ok_or_else(|| bad("--context needs the cluster's name".into()))
            .and_then(|v| {
                if !v.is_empty()
                    && v.len() <= 253
                    && v.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-_.:/@".contains(&b))
                {
                    Ok(v.to_owned())
                } else {
                    Err(bad(format!(
                        "--context {v}: a context name is 1 to 253 letters, digits and - _ . : / @"
                    )))
                }
            })?;
        if said.as_ref().is_some_and(|s| *s != name) {
            return Err(bad(
                "two different --context flags; a request runs on one cluster".into(),
            ));
        }
        said = Some(name);
    }
    Ok(said.map(|c| (kept.join(" "), c)))
}

/// "events -n `orders` warnings only", "rollback `pricing` deploy": chat
/// marks a name as code with backticks, which on a command line would be
/// a shell's command substitution. Where every backtick pairs around one
/// plain word, each pair is read as quotes; anything else keeps its
/// backticks (and kubectl syntax refuses them).
fn ticks_as_quotes(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains('`') {
        return line.into();
    }
    let parts: Vec<&str> = line.split('`').collect();
    let plain = |w: &str| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | '/' | '=' | ':'))
    };
    // Odd parts are inside a pair; an even count of backticks leaves an
    // odd number of parts.
    if parts.len().is_multiple_of(2) || !parts.iter().skip(1).step_by(2).all(|w| plain(w)) {
        return line.into();
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i % 2 == 1 {
                format!("'{p}'")
            } else {
                (*p).to_owned()
            }
        })
        .collect::<String>()
        .into()
}

/// Pronouns, which kubectl never takes for a type or a name ("describe
/// it", "uncordon it pls").
const POINTING: [&str; 6] = ["it", "them", "this", "that", "these", "those"];

/// [`interpret`], without the cluster named.
fn read_text(text: &str) -> Result<Translation> {
    if let Some(found) = pasted_manifest(text) {
        return found;
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::TooLong);
    }
    refuse_control_characters(text)?;
    let trimmed = text.trim();
    // "diagnose pod web", "diagnose namespace shop": the chat's own verb
    // in kubectl's shape; in prose ("diagnose the crashlooping pods in
    // prod") the rules read it.
    if let Some(rest) = trimmed.strip_prefix("diagnose ")
        && !prose(rest)
        // "diagnose web": a name alone, read by the rules (as a pod's).
        && rest.split_whitespace().nth(1).is_some()
    {
        let mut op = kubectl::parse(&format!("kubectl describe {rest}"))?;
        op.verb = kubechat_core::Verb::Diagnose;
        // "diagnose namespace shop": what is wrong among the pods there.
        if op.resource.as_str() == "namespaces"
            && let Some(ns) = op.name.take()
        {
            op.resource = kubechat_core::ResourceType::parse("pods")?;
            op.namespace = Some(kubechat_core::Namespace::parse(ns.as_str())?);
        }
        return validated(op, Source::Kubectl, 1.0);
    }
    let first = trimmed.split_whitespace().next().unwrap_or("");
    if KUBECTL_VERBS.contains(&first) {
        // "rollout history deployment/orders --revision=4 in ns orders":
        // a command line typed with its namespace said in words; the
        // line with `-n` is read as kubectl, where it reads whole.
        if let Some(line) = namespace_in_words(trimmed)
            && kubectl::parse(&format!("kubectl {trimmed}")).is_err()
            && let Ok(op) = kubectl::parse(&format!("kubectl {line}"))
            // A known type, one name: no prose word read as either; a
            // kind that lives in a namespace ("top nodes in prod" says
            // something else than where).
            && op.resource.builtin().is_some_and(|b| b.namespaced)
            && op.also_names.is_empty()
        {
            return command_line(op, trimmed);
        }
        return match kubectl::parse(&format!("kubectl {}", ticks_as_quotes(trimmed))) {
            // "delete pod web-1 worked": how a command went, told.
            // ("delete the failed pods": no type, so no command line; the
            // rules read it.)
            Ok(op)
                if op.resource.builtin().is_some()
                    && (op.names().any(|n| report_word(n.as_str()))
                        || (op.risk() != Risk::Read
                            && op.names().any(|n| taken_back_word(n.as_str())))) =>
            {
                Err(Error::NotUnderstood {
                reason:
                    "this tells how a command went, or doubts it; send the command alone to run it"
                        .into(),
                suggestions: Vec::new(),
            })
            }
            // "delete pods foo and bar", "get rid of hello-world": several
            // names in prose; the rules read which words are names ("and"
            // is not one), and kubectl syntax never has those words.
            Ok(op)
                if !op.also_names.is_empty()
                    && (prose(trimmed) || op.names().any(|n| prose_name(n.as_str()))) =>
            {
                translate(trimmed)
            }
            // "label pods with app=legacy", "delete pods rn": a word of
            // English where the name goes; the rules read what it says.
            // (Function words only: "delete deployment old" names one.)
            Ok(op)
                if op.names().any(|n| {
                    matches!(
                        n.as_str(),
                        "with"
                            | "and"
                            | "the"
                            | "to"
                            | "from"
                            | "for"
                            | "of"
                            | "in"
                            | "on"
                            | "by"
                            | "at"
                            | "all"
                            | "every"
                            | "everything"
                            | "please"
                            | "that"
                            | "which"
                    ) || chat_word(n.as_str())
                        // ("drain it", "cordon this": a pronoun, whose
                        // object the rules ask for.)
                        || POINTING.contains(&n.as_str())
                }) =>
            {
                let line = without_chat_words(trimmed);
                if line.len() < trimmed.len() && !line.is_empty() {
                    translate(&line)
                } else {
                    translate(trimmed)
                }
            }
            // Without the `kubectl` prefix, a type the cluster may not
            // know ("delete the namespace", "get all pods") is more likely
            // plain language: the rules read it.
            // A read keeps its kubectl reading when the rules have none, so
            // the cluster's discovery can say "did you mean pods?".
            Ok(op)
                if op.resource.builtin().is_none()
                    && !(op.resource.is_all_category() && op.name.is_none())
                    && !op.resource.as_str().contains('.') =>
            {
                match translate(trimmed) {
                    // "describe a pod", "get my pods": a determiner is
                    // never a type; the rules' question stands.
                    Err(Error::NotUnderstood { .. })
                        if op.risk() == Risk::Read
                            && !matches!(
                                op.resource.as_str(),
                                "a" | "an"
                                    | "the"
                                    | "some"
                                    | "any"
                                    | "my"
                                    | "our"
                                    | "every"
                                    | "each"
                            )
                            // ("describe it": a pronoun, never a type.)
                            && !POINTING.contains(&op.resource.as_str()) =>
                    {
                        command_line(op, trimmed)
                    }
                    other => other,
                }
            }
            // "top pods istio-system", "get pods kube-system": a system
            // namespace where a list's name would go, typed without `-n`
            // (no pod or deployment is named so); a look only.
            Ok(mut op)
                if op.risk() == Risk::Read
                    && op.namespace.is_none()
                    && op.also_names.is_empty()
                    && matches!(op.verb, kubechat_core::Verb::Get | kubechat_core::Verb::Top)
                    && op.resource.builtin().is_some_and(|b| b.namespaced)
                    && op.name.as_ref().is_some_and(|n| words::system_namespace(n.as_str())) =>
            {
                if let Some(n) = op.name.take() {
                    op.namespace = Some(kubechat_core::Namespace::parse(n.as_str())?);
                }
                command_line(op, trimmed)
            }
            Ok(op) => command_line(system_place(op), trimmed),
            // With flags it was meant as kubectl syntax: its error stands,
            // unless the rules read it with confidence ("scale deploy/web
            // to 2 -n shop").
            // (A lone dash, "… in dev - it's stuck", is prose's.)
            Err(e) if trimmed.split_whitespace().any(|w| w.starts_with('-') && w.len() > 1) => {
                match translate(trimmed) {
                    Ok(t) if t.confidence >= 0.9 => Ok(t),
                    // "logs -l app=checkout ns shop since 5m w/ timestamps":
                    // chat written around flags; a read the rules make of
                    // it is shown with its kubectl line and changes nothing.
                    Ok(t) if t.confidence >= 0.7 && t.operation.risk() == Risk::Read => Ok(t),
                    // "run bash -c '…'": the rules' refusal says why
                    // (kubectl's own error, "run needs --image", would not).
                    Err(refused @ Error::Refused { .. }) if WRITING_VERBS.contains(&first) => {
                        Err(refused)
                    }
                    // "describe deploy web -n edge, then scale it to 5":
                    // prose around flags; the rules' question ("this asks
                    // for two things") says more than kubectl's error
                    // about a namespace "edge,".
                    Err(asked @ Error::NotUnderstood { .. }) if prose(trimmed) => Err(asked),
                    _ => Err(e.into()),
                }
            }
            // Plain language after a kubectl verb ("delete the baz and foo
            // pods"): the rules' reason says more than kubectl's syntax error.
            Err(e) => match translate(trimmed) {
                Ok(t) => Ok(t),
                Err(refused @ Error::Refused { .. }) => Err(refused),
                // ("uncordon it pls": a pronoun is no name kubectl takes;
                // the rules' question says which is meant.)
                Err(rules)
                    if prose(trimmed)
                        || WRITING_VERBS.contains(&first)
                        || trimmed.split_whitespace().any(|w| POINTING.contains(&w)) =>
                {
                    Err(rules)
                }
                // "drain node-3 at 22:00": a change the holds keep back
                // says why better than kubectl's syntax error; so does the
                // rules' question with lines to pick from ("label web3
                // a=b": which kind of object is web3?).
                Err(Error::NotUnderstood { reason, suggestions })
                    if reason.starts_with("this change")
                        || (reason.starts_with("say ") && !suggestions.is_empty()) =>
                {
                    Err(Error::NotUnderstood { reason, suggestions })
                }
                Err(_) => Err(e.into()),
            },
        };
    }
    translate(trimmed)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn a_command_line_with_its_place_said_in_words_reads_whole() {
        for (text, want) in [
            (
                "rollout history deployment/orders --revision=4 in ns orders",
                "kubectl rollout history deployment/orders --revision=4 -n orders",
            ),
            (
                "auth can-i create pods as system:serviceaccount:ci:runner in ci?",
                "kubectl auth can-i create pods --as=system:serviceaccount:ci:runner -n ci",
            ),
            (
                "label pod frontend-7d9-abc12 version=v2 --overwrite in web",
                "kubectl label pods frontend-7d9-abc12 version=v2 --overwrite -n web",
            ),
            (
                "autoscale deploy/api --min=2 --max=10 --cpu-percent=70 in backend",
                "kubectl autoscale deployment/api --min=2 --max=10 --cpu-percent=70 -n backend",
            ),
            // The marker alone after the line's own words.
            (
                "scale deployment/web --replicas=3 namespace shop",
                "kubectl scale deployment/web --replicas=3 -n shop",
            ),
            // How an order is carried out is no second name (and a
            // forced deletion is one without a grace period).
            (
                "delete pods cache-1 forcefully",
                "kubectl delete pods cache-1 --grace-period=0 --force",
            ),
            (
                "kubectl delete pods cache-1 forcefully",
                "kubectl delete pods cache-1 --grace-period=0 --force",
            ),
        ] {
            let t = interpret(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(kubectl::render(&t.operation), want, "{text}");
        }
        // A line kubectl reads as it is stays as it is; prose stays prose;
        // "in it", "in order", "in 5" are no places.
        assert!(interpret("delete pods in shop").is_err());
        for text in [
            "scale deployment web --replicas=3 in it",
            "label pod a tier=db in order",
            "label pod a x=y in 5",
            "delete pods --all in here",
        ] {
            assert!(
                interpret(text).map_or(true, |t| t.operation.namespace.is_none()),
                "{text}"
            );
        }
    }

    #[test]
    fn prose_after_a_kubectl_verb_or_diagnose_is_read_as_prose() {
        for (text, want) in [
            // Once four pod names: "stuck", "in", "terminating", "state".
            (
                "kubectl get pods stuck in terminating state",
                "kubectl get pods",
            ),
            // Once refused: "diagnose takes one name, not crashlooping,…".
            (
                "diagnose the crashlooping pods in prod",
                "kubectl describe pods -n prod",
            ),
            // Once `kubectl describe web`, a type named web.
            ("diagnose web", "kubectl describe pods web"),
            (
                "diagnose pod web -n shop",
                "kubectl describe pods web -n shop",
            ),
            (
                "kubectl get pods web-1 web-2",
                "kubectl get pods web-1 web-2",
            ),
            // A question's title in kubectl's words.
            (
                "kubectl list pods sorted by age",
                "kubectl get pods --sort-by=.metadata.creationTimestamp",
            ),
            (
                "kubectl scale statefulset to 0 (statefulset 'mongo' in namespace 'db')",
                "kubectl scale statefulset/mongo --replicas=0 -n db",
            ),
        ] {
            assert_eq!(interpret(text).unwrap().kubectl, want, "{text}");
        }
        // An article is no type ("describe a pod" read `describe a pod`,
        // a type "a"); a type the cluster may know still reads.
        for text in ["describe a pod", "get an ingress"] {
            assert!(
                matches!(interpret(text), Err(Error::NotUnderstood { .. })),
                "{text}: {:?}",
                interpret(text)
            );
        }
        assert_eq!(
            interpret("get foos bar").unwrap().kubectl,
            "kubectl get foos bar"
        );
        // kubectl syntax that is wrong stays kubectl's error.
        assert!(interpret("kubectl get pods -x").is_err());
    }

    #[test]
    fn two_orders_after_a_kubectl_verb_are_asked_back_not_parsed_as_one_line() {
        for text in [
            "cordon node-1, then drain node-2",
            "drain node-1 and uncordon node-2",
        ] {
            let Err(Error::NotUnderstood {
                reason,
                suggestions,
            }) = interpret(text)
            else {
                panic!("{text}: {:?}", interpret(text));
            };
            assert!(reason.contains("two things"), "{text}: {reason}");
            assert_eq!(suggestions.len(), 2, "{text}");
        }
    }

    #[test]
    fn a_context_flag_is_the_cluster_said_never_where_it_runs() {
        for line in [
            "kubectl --context staging get deployments -n shop",
            "kubectl get deployments -n shop --context=staging",
            "get deployments --context staging -n shop",
        ] {
            let t = interpret(line).unwrap();
            assert_eq!(t.cluster.as_deref(), Some("staging"), "{line}");
            assert_eq!(t.operation.context, None, "{line}");
            assert_eq!(t.kubectl, "kubectl get deployments -n shop", "{line}");
        }
        for (line, want) in [
            (
                "kubectl get pods --context",
                "--context needs the cluster's name",
            ),
            (
                "kubectl get pods --context a --context b",
                "two different --context flags",
            ),
            ("kubectl get pods --context=a;b", "--context a;b"),
        ] {
            let e = interpret(line).unwrap_err().to_string();
            assert!(e.contains(want), "{line}: {e}");
        }
        // Where no bot's cluster can hold it, a cluster said is refused.
        let e = interpret("kubectl --context staging get pods")
            .unwrap()
            .on_own_cluster()
            .unwrap_err()
            .to_string();
        assert!(e.contains("names the cluster staging"), "{e}");
        assert!(interpret("get pods").unwrap().on_own_cluster().is_ok());
        assert_eq!(
            stated_cluster("Scale web to 5 on the GKE-DEV Cluster").as_deref(),
            Some("gke-dev")
        );
        let e = Error::NotUnderstood {
            reason: "r".into(),
            suggestions: vec!["kubectl scale deployment/web --replicas=5".into()],
        }
        .suggesting_on("gke-dev");
        assert_eq!(
            e.suggestions(),
            ["kubectl --context gke-dev scale deployment/web --replicas=5"]
        );
        // Identity flags stay refused.
        let e = interpret("kubectl get pods --as admin --context staging")
            .unwrap_err()
            .to_string();
        assert!(e.contains("is not allowed"), "{e}");
    }
}
