//! `Operation`: the typed form of one Kubernetes request.
//!
//! Its JSON form is the contract the translator, the policy, the audit
//! log, the API and the CLI share:
//!
//! ```json
//! {"verb": "get", "resource": "pods", "name": null, "namespace": "payments",
//!  "all_namespaces": false, "selector": "app=web", "params": {}}
//! ```
//!
//! Deserializing checks every field's shape (names are RFC 1123, resource
//! types canonical, unknown fields rejected); [`Operation::validate`] checks
//! the fields against each other and the verb. Text from users and from
//! LLMs goes through both before anything else sees it.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::names::{
    ContainerName, Namespace, ResourceName, Selector, check_label_key, check_label_value,
};
use crate::resources::ResourceType;
use crate::{Error, Result};

/// Most replicas a scale may ask for; beyond this is a typo, not a plan.
pub const MAX_REPLICAS: u32 = 10_000;
/// Most log lines one request may fetch.
pub const MAX_TAIL_LINES: u32 = 10_000;

/// Longest text a logs filter (`grep`) may hold, in characters.
pub const MAX_GREP_CHARS: usize = 200;

/// A logs filter: some text, bounded, printable, not only spaces.
fn check_grep(g: &str) -> std::result::Result<(), String> {
    if g.trim().is_empty() {
        return Err("the text to look for in the logs is empty".into());
    }
    if g.chars().count() > MAX_GREP_CHARS {
        return Err(format!(
            "the text to look for in the logs is longer than {MAX_GREP_CHARS} characters"
        ));
    }
    if g.chars().any(char::is_control) {
        return Err("the text to look for in the logs holds a control character".into());
    }
    // Shown as `grep -iF TEXT`: a leading dash would read as an option.
    if g.starts_with('-') {
        return Err("the text to look for in the logs cannot start with '-'".into());
    }
    Ok(())
}

/// The lines of `raw` a logs request shows: those holding `grep`
/// (ignoring case) when one is given, the last `tail` of them, with
/// control characters other than tabs removed so a log cannot move the
/// reader's cursor or colour the terminal.
pub fn log_lines(raw: &str, grep: Option<&str>, tail: usize) -> Vec<String> {
    let needle = grep.map(str::to_lowercase);
    let mut kept: Vec<&str> = raw
        .lines()
        .rev()
        .filter(|l| {
            needle
                .as_deref()
                .is_none_or(|n| l.to_lowercase().contains(n))
        })
        .take(tail)
        .collect();
    kept.reverse();
    kept.into_iter()
        .map(|l| {
            l.chars()
                .filter(|c| !c.is_control() || *c == '\t')
                .collect()
        })
        .collect()
}
/// Longest `since` window for logs (7 days).
pub const MAX_SINCE_SECONDS: u64 = 7 * 24 * 3600;
/// Longest wait for a rollout (10 minutes), see [`Timeout`].
pub const MAX_WAIT_SECONDS: u64 = 600;
/// The wait for a rollout when none is said (5 minutes): long enough for
/// most rollouts of a few replicas, short enough for a chat turn.
pub const DEFAULT_WAIT_SECONDS: u64 = 300;
/// Largest manifest or patch accepted in one operation.
pub const MAX_DOCUMENT_BYTES: usize = 256 * 1024;
/// Most labels or annotations changed in one operation.
pub const MAX_LABELS: usize = 64;

/// What to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Verb {
    Get,
    Describe,
    Logs,
    Events,
    Top,
    Scale,
    RolloutRestart,
    RolloutUndo,
    RolloutStatus,
    Delete,
    Label,
    Annotate,
    Cordon,
    Uncordon,
    Drain,
    Create,
    Apply,
    Patch,
    Expose,
    Explain,
    /// Answer a "why" question from status, events and logs.
    Diagnose,
    /// `kubectl rollout history`: a workload's revisions.
    RolloutHistory,
    /// `kubectl auth can-i`: whether the asking person may do something,
    /// answered by the API server for that person.
    AuthCanI,
    /// `kubectl taint nodes`: taints added to or removed from a node.
    Taint,
    /// `kubectl rollout pause`: a Deployment's rollouts held (changes to
    /// its template wait until it is resumed).
    RolloutPause,
    /// `kubectl rollout resume`: a paused Deployment rolls out again.
    RolloutResume,
}

impl Verb {
    /// Whether the verb only reads (never changes the cluster).
    pub fn is_read(self) -> bool {
        matches!(
            self,
            Verb::Get
                | Verb::Describe
                | Verb::Logs
                | Verb::Events
                | Verb::Top
                | Verb::Explain
                | Verb::Diagnose
                | Verb::RolloutStatus
                | Verb::RolloutHistory
                | Verb::AuthCanI
        )
    }

    /// Whether the verb's object is a workload named by the request:
    /// scale and the rollout family, whose type defaults to a Deployment.
    pub fn acts_on_workload(self) -> bool {
        matches!(
            self,
            Verb::Scale
                | Verb::RolloutRestart
                | Verb::RolloutUndo
                | Verb::RolloutStatus
                | Verb::RolloutHistory
                | Verb::RolloutPause
                | Verb::RolloutResume
        )
    }

    /// Every verb, in declaration order.
    pub const ALL: [Verb; 26] = [
        Verb::Get,
        Verb::Describe,
        Verb::Logs,
        Verb::Events,
        Verb::Top,
        Verb::Scale,
        Verb::RolloutRestart,
        Verb::RolloutUndo,
        Verb::RolloutStatus,
        Verb::Delete,
        Verb::Label,
        Verb::Annotate,
        Verb::Cordon,
        Verb::Uncordon,
        Verb::Drain,
        Verb::Create,
        Verb::Apply,
        Verb::Patch,
        Verb::Expose,
        Verb::Explain,
        Verb::Diagnose,
        Verb::RolloutHistory,
        Verb::AuthCanI,
        Verb::Taint,
        Verb::RolloutPause,
        Verb::RolloutResume,
    ];

    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "get",
            Verb::Describe => "describe",
            Verb::Logs => "logs",
            Verb::Events => "events",
            Verb::Top => "top",
            Verb::Scale => "scale",
            Verb::RolloutRestart => "rollout-restart",
            Verb::RolloutUndo => "rollout-undo",
            Verb::RolloutStatus => "rollout-status",
            Verb::Delete => "delete",
            Verb::Label => "label",
            Verb::Annotate => "annotate",
            Verb::Cordon => "cordon",
            Verb::Uncordon => "uncordon",
            Verb::Drain => "drain",
            Verb::Create => "create",
            Verb::Apply => "apply",
            Verb::Patch => "patch",
            Verb::Expose => "expose",
            Verb::Explain => "explain",
            Verb::Diagnose => "diagnose",
            Verb::RolloutHistory => "rollout-history",
            Verb::AuthCanI => "auth-can-i",
            Verb::Taint => "taint",
            Verb::RolloutPause => "rollout-pause",
            Verb::RolloutResume => "rollout-resume",
        }
    }
}

impl fmt::Display for Verb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much harm an operation can do; policy keys confirmations on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    /// Reads only; runs at once.
    Read,
    /// Changes the cluster in a way that can be undone.
    Mutate,
    /// Removes things or takes capacity away (delete, drain, scale to 0).
    Destructive,
}

impl Risk {
    /// The lower-case name used in JSON, audit rows and metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Read => "read",
            Risk::Mutate => "mutate",
            Risk::Destructive => "destructive",
        }
    }
}

/// How a result should be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    Table,
    Wide,
    Json,
    Yaml,
    Name,
}

impl OutputFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Table => "table",
            OutputFormat::Wide => "wide",
            OutputFormat::Json => "json",
            OutputFormat::Yaml => "yaml",
            OutputFormat::Name => "name",
        }
    }
}

/// A duration for `logs --since`, such as `30s`, `10m`, `1h30m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Since(u64);

impl Since {
    /// From seconds; must be 1 s to [`MAX_SINCE_SECONDS`].
    pub fn from_seconds(s: u64) -> Result<Self> {
        if (1..=MAX_SINCE_SECONDS).contains(&s) {
            Ok(Self(s))
        } else {
            Err(Error::InvalidOperation {
                verb: "logs",
                problem: format!("since must be between 1s and 168h, not {s}s"),
            })
        }
    }

    pub fn seconds(self) -> u64 {
        self.0
    }
}

impl FromStr for Since {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Self::from_seconds(duration_seconds(s).ok_or_else(|| Error::InvalidOperation {
            verb: "logs",
            problem: format!("since '{s}' is not a duration; use forms like 30s, 10m, 1h30m or 2d"),
        })?)
    }
}

impl fmt::Display for Since {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_duration(f, self.0)
    }
}

/// How long `rollout status` waits for a rollout to finish (`--timeout`),
/// such as `90s` or `5m`. Bounded by [`MAX_WAIT_SECONDS`]: the answer
/// comes back in the chat turn that asked, so the wait cannot outlive the
/// person's patience or the connection (kubectl's `0`, forever, is refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timeout(u64);

impl Timeout {
    /// From seconds; must be 1 s to [`MAX_WAIT_SECONDS`].
    pub fn from_seconds(s: u64) -> Result<Self> {
        if (1..=MAX_WAIT_SECONDS).contains(&s) {
            Ok(Self(s))
        } else {
            Err(Error::InvalidOperation {
                verb: "rollout-status",
                problem: format!(
                    "the timeout must be between 1s and 10m, not {s}s; KubeChat waits at most 10 minutes for a rollout"
                ),
            })
        }
    }

    /// The wait when the request asks to wait without saying how long.
    pub fn default_wait() -> Self {
        Self(DEFAULT_WAIT_SECONDS)
    }

    pub fn seconds(self) -> u64 {
        self.0
    }
}

impl FromStr for Timeout {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Self::from_seconds(duration_seconds(s).ok_or_else(|| Error::InvalidOperation {
            verb: "rollout-status",
            problem: format!("timeout '{s}' is not a duration; use forms like 90s, 5m or 2m30s"),
        })?)
    }
}

impl fmt::Display for Timeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_duration(f, self.0)
    }
}

/// The seconds in a Go-style duration (`30s`, `1h30m`, `2d`), or `None`
/// when it is not one (no unit, an unknown unit, too long, overflowing).
fn duration_seconds(s: &str) -> Option<u64> {
    let (mut total, mut num) = (0u64, String::new());
    if s.is_empty() || s.len() > 32 {
        return None;
    }
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return None,
        };
        let n: u64 = num.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        num.clear();
    }
    num.is_empty().then_some(total)
}

/// The canonical form of a duration: hours, minutes, seconds, zeros left
/// out.
fn write_duration(f: &mut fmt::Formatter<'_>, secs: u64) -> fmt::Result {
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if h > 0 {
        write!(f, "{h}h")?;
    }
    if m > 0 {
        write!(f, "{m}m")?;
    }
    if s > 0 {
        write!(f, "{s}s")?;
    }
    Ok(())
}

/// Both durations travel as their canonical text (`"1h30m"`).
macro_rules! duration_serde {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                String::deserialize(d)?
                    .parse()
                    .map_err(serde::de::Error::custom)
            }
        }
    };
}
duration_serde!(Since);
duration_serde!(Timeout);

fn is_false(b: &bool) -> bool {
    !*b
}

/// Verb-specific fields. Each applies to some verbs only; setting one for
/// another verb is an error, so a confused translation cannot smuggle in
/// an effect.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// `scale`: the desired replica count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u32>,
    /// `scale`: change the current count by this much ("scale web up by
    /// 2"); the executor resolves it against the live count when it
    /// previews, so the preview and the kubectl line show the absolute
    /// number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_by: Option<i32>,
    /// `scale`: change the current count by this percentage ("scale web
    /// down by 50%"); resolved against the live count like `scale_by`,
    /// rounded to the nearest whole replica and moving at least one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_percent: Option<i32>,
    /// `delete`/`rollout-restart`: every object of the type in the
    /// namespace (`--all`); never across namespaces or for cluster-scoped
    /// types, bounded by the executor, always destructive.
    #[serde(default, skip_serializing_if = "is_false")]
    pub all: bool,
    /// `logs`: last N lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tail: Option<u32>,
    /// `logs`: the previous (crashed) container instance.
    #[serde(default, skip_serializing_if = "is_false")]
    pub previous: bool,
    /// `logs`: which container of the pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<ContainerName>,
    /// `logs`: each line prefixed with its timestamp.
    #[serde(default, skip_serializing_if = "is_false")]
    pub timestamps: bool,
    /// `logs`: every container of the pod (init containers first, as
    /// they ran), each line prefixed with its container.
    #[serde(default, skip_serializing_if = "is_false")]
    pub all_containers: bool,
    /// `logs`: only lines newer than this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Since>,
    /// `logs`: only the lines holding this text, ignoring case ("the
    /// errors in web's logs", "lines that contain 'query failed'"); a
    /// fixed string, never a pattern, so nothing in it is interpreted.
    /// Rendered as kubectl piped to `grep -iF`, which is what runs: the
    /// lines `tail` reads (10,000 when none is said), filtered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grep: Option<String>,
    /// `label`: key → value to set, or null to remove.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, Option<String>>,
    /// `annotate`: key → value to set, or null to remove.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, Option<String>>,
    /// `label`/`annotate`: replace existing values.
    #[serde(default, skip_serializing_if = "is_false")]
    pub overwrite: bool,
    /// `rollout-undo`: the revision to return to (default: the previous).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_revision: Option<u64>,
    /// `get`/`delete`/`events`: a field selector (`status.phase!=Running`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_selector: Option<Selector>,
    /// `get`/`describe`: preferred rendering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<OutputFormat>,
    /// `get`: the columns to show instead of the server's table
    /// (`-o custom-columns=IMAGE:.spec.containers[*].image`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<crate::fieldpath::Column>,
    /// `get`: the order of the rows (`--sort-by=.metadata.creationTimestamp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_by: Option<crate::fieldpath::FieldPath>,
    /// `--show-labels`: a LABELS column of every label.
    #[serde(default, skip_serializing_if = "is_false")]
    pub show_labels: bool,
    /// `-L KEY`: a column per label key, headed by the key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub label_columns: Vec<String>,
    /// `auth-can-i`: the action asked about (`get`, `list`, `create`,
    /// `delete`, …, or `*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// `auth-can-i`: the part of the object the action is on (`log`,
    /// `exec`, `portforward`, …): reading a pod's logs or opening a shell
    /// in it is a right of its own, granted apart from the pod's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subresource: Option<String>,
    /// `auth-can-i`: everything the person may do in the namespace
    /// (`--list`) instead of one action; the resource is then `all`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub list: bool,
    /// `auth-can-i`: whose rights are checked when not the asker's own
    /// (`--as`): a user name, or `system:serviceaccount:NAMESPACE:NAME`.
    /// Answered by a SubjectAccessReview the asker makes, so the
    /// cluster decides whether they may ask; KubeChat never acts as it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_user: Option<String>,
    /// `auth-can-i`: the groups of that identity (`--as-group`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub as_groups: Vec<String>,
    /// `rollout-history`: one revision in full.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<u64>,
    /// `rollout-status`: wait up to this long for the rollout to finish
    /// (`--timeout`); absent, the status is read once (`--watch=false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Timeout>,
    /// `drain`: skip DaemonSet-managed pods.
    #[serde(default, skip_serializing_if = "is_false")]
    pub ignore_daemonsets: bool,
    /// `drain`: also evict pods using emptyDir volumes.
    #[serde(default, skip_serializing_if = "is_false")]
    pub delete_emptydir_data: bool,
    /// `drain`: also evict pods no controller manages (`--force`); nothing
    /// brings them back, so without it such a pod stops the drain.
    #[serde(default, skip_serializing_if = "is_false")]
    pub force: bool,
    /// `create`/`apply`: the manifest (YAML or JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest: Option<String>,
    /// The file a request names its objects by (`kubectl delete -f
    /// pod.json`), as said: shown in the kubectl line. Its contents travel
    /// in `manifest`; the server never opens a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// `patch`: a strategic-merge patch (JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch: Option<String>,
    /// `expose`: the service port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// `expose`: the container port (default: `port`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_port: Option<u16>,
    /// `expose`: the Service's name (`--name`); absent, the exposed
    /// object's own name, as kubectl names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_name: Option<ResourceName>,
    /// `create job NAME --from=cronjob/CRONJOB`: the CronJob whose job
    /// template the new Job is made from ("run the backup cronjob now").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_cronjob: Option<ResourceName>,
    /// `expose`: the Service's type (`--type`); absent, ClusterIP, the
    /// API server's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_type: Option<ServiceType>,
    /// `delete`: what becomes of the object's dependents (`--cascade`):
    /// `background` (kubectl's default), `foreground`, or `orphan` to
    /// keep them ("delete the web statefulset but leave its pods").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cascade: Option<Cascade>,
    /// `drain`: seconds each evicted pod gets to stop (`--grace-period`);
    /// absent: the pod's own `terminationGracePeriodSeconds`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace_period: Option<u32>,
    /// `explain`: a field inside the type (`spec.containers`), as
    /// `kubectl explain pods.spec.containers` takes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// `taint`: taints to add or remove, in order (`dedicated=gpu:NoSchedule`,
    /// `dedicated-`); with `overwrite`, an added taint replaces the value
    /// of one with the same key and effect.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub taints: Vec<crate::taint::TaintChange>,
    /// `top`: the rows ordered by this usage, highest first
    /// (`--sort-by=cpu`): "which pod uses the most memory".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_usage: Option<Usage>,
}

impl Params {
    /// Names of the fields that are set.
    pub fn set_fields(&self) -> Vec<&'static str> {
        let mut f = Vec::new();
        let mut add = |on: bool, name| {
            if on {
                f.push(name);
            }
        };
        add(self.replicas.is_some(), "replicas");
        add(self.tail.is_some(), "tail");
        add(self.previous, "previous");
        add(self.container.is_some(), "container");
        add(self.since.is_some(), "since");
        add(self.scale_by.is_some(), "scale_by");
        add(self.scale_percent.is_some(), "scale_percent");
        add(self.timestamps, "timestamps");
        add(self.all_containers, "all_containers");
        add(self.all, "all");
        add(!self.labels.is_empty(), "labels");
        add(!self.annotations.is_empty(), "annotations");
        add(self.overwrite, "overwrite");
        add(self.to_revision.is_some(), "to_revision");
        add(self.field_selector.is_some(), "field_selector");
        add(self.output.is_some(), "output");
        add(!self.columns.is_empty(), "columns");
        add(self.sort_by.is_some(), "sort_by");
        add(self.show_labels, "show_labels");
        add(!self.label_columns.is_empty(), "label_columns");
        add(self.action.is_some(), "action");
        add(self.subresource.is_some(), "subresource");
        add(self.as_user.is_some(), "as_user");
        add(!self.as_groups.is_empty(), "as_groups");
        add(self.revision.is_some(), "revision");
        add(self.timeout.is_some(), "timeout");
        add(self.ignore_daemonsets, "ignore_daemonsets");
        add(self.delete_emptydir_data, "delete_emptydir_data");
        add(self.force, "force");
        add(self.manifest.is_some(), "manifest");
        add(self.file.is_some(), "file");
        add(self.patch.is_some(), "patch");
        add(self.port.is_some(), "port");
        add(self.target_port.is_some(), "target_port");
        add(self.service_name.is_some(), "service_name");
        add(self.service_type.is_some(), "service_type");
        add(self.from_cronjob.is_some(), "from_cronjob");
        add(self.field.is_some(), "field");
        add(self.list, "list");
        add(self.cascade.is_some(), "cascade");
        add(self.grace_period.is_some(), "grace_period");
        add(self.grep.is_some(), "grep");
        add(!self.taints.is_empty(), "taints");
        add(self.sort_usage.is_some(), "sort_usage");
        f
    }
}

/// Most `-L` label columns one table gets.
pub const MAX_LABEL_COLUMNS: usize = 10;

/// `top --sort-by`: the usage the rows are ordered by, highest first, as
/// kubectl orders them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Usage {
    Cpu,
    Memory,
}

impl Usage {
    /// kubectl's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Usage::Cpu => "cpu",
            Usage::Memory => "memory",
        }
    }
}

impl std::str::FromStr for Usage {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "cpu" => Ok(Usage::Cpu),
            "memory" => Ok(Usage::Memory),
            other => Err(format!(
                "kubectl top sorts by cpu or memory (--sort-by=cpu), not '{other}'"
            )),
        }
    }
}

/// `expose --type`: how a Service is reached. ExternalName is left out:
/// it points at a DNS name and selects no pods, so exposing an object
/// as one makes no sense (kubectl refuses it too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServiceType {
    ClusterIP,
    NodePort,
    LoadBalancer,
}

impl ServiceType {
    /// The API's (and kubectl's) spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceType::ClusterIP => "ClusterIP",
            ServiceType::NodePort => "NodePort",
            ServiceType::LoadBalancer => "LoadBalancer",
        }
    }
}

impl std::str::FromStr for ServiceType {
    type Err = String;

    /// kubectl matches the type without regard to case.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "clusterip" => Ok(ServiceType::ClusterIP),
            "nodeport" => Ok(ServiceType::NodePort),
            "loadbalancer" => Ok(ServiceType::LoadBalancer),
            "externalname" => Err(
                "an ExternalName service selects no pods, so nothing can be exposed as one; use --type=ClusterIP, NodePort or LoadBalancer".into(),
            ),
            other => Err(format!(
                "--type takes ClusterIP, NodePort or LoadBalancer, not '{other}'"
            )),
        }
    }
}

/// `delete --cascade`: what the garbage collector does with the deleted
/// object's dependents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cascade {
    Background,
    Foreground,
    Orphan,
}

impl Cascade {
    /// kubectl's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Cascade::Background => "background",
            Cascade::Foreground => "foreground",
            Cascade::Orphan => "orphan",
        }
    }

    /// The API server's `propagationPolicy`.
    pub fn propagation_policy(self) -> &'static str {
        match self {
            Cascade::Background => "Background",
            Cascade::Foreground => "Foreground",
            Cascade::Orphan => "Orphan",
        }
    }
}

impl std::str::FromStr for Cascade {
    type Err = String;

    /// kubectl's values, and its older `true`/`false`.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "background" | "true" => Ok(Cascade::Background),
            "foreground" => Ok(Cascade::Foreground),
            "orphan" | "false" => Ok(Cascade::Orphan),
            other => Err(format!(
                "--cascade takes background, foreground or orphan, not '{other}'"
            )),
        }
    }
}

/// Longest drain grace period: a day (kubectl has no bound; a chat
/// request asking for more is a typo).
pub const MAX_GRACE_PERIOD: u32 = 86_400;

/// Most segments of an `explain` field path.
pub const MAX_FIELD_DEPTH: usize = 12;

/// Checks an `explain` field path (`spec.template.spec.containers`):
/// dot-separated schema field names, bounded; the reason when it is not.
pub fn check_explain_field(field: &str) -> std::result::Result<(), String> {
    let segments: Vec<&str> = field.split('.').collect();
    if field.len() > 253 || segments.len() > MAX_FIELD_DEPTH {
        return Err(format!(
            "the field path is too long; at most {MAX_FIELD_DEPTH} fields deep"
        ));
    }
    if let Some(bad) = segments.iter().find(|s| {
        s.is_empty()
            || !s
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$')
    }) {
        return Err(format!(
            "'{bad}' in '{field}' is not a field name; write the path as kubectl explain does, e.g. spec.containers"
        ));
    }
    Ok(())
}

/// A user or group name as RBAC subjects carry them (`jane`,
/// `jane@example.com`, `system:serviceaccounts:ci`), bounded; a service
/// account's user name (`system:serviceaccount:NS:NAME`) names a valid
/// namespace and account.
fn subject_name(n: &str) -> bool {
    if let Some(rest) = n.strip_prefix("system:serviceaccount:") {
        return rest.split_once(':').is_some_and(|(ns, name)| {
            Namespace::parse(ns).is_ok() && ResourceName::parse(name).is_ok()
        });
    }
    (1..=253).contains(&n.len())
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._@:-".contains(c))
        && n.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Which params each verb accepts.
fn allowed_params(verb: Verb) -> &'static [&'static str] {
    match verb {
        Verb::Get => &[
            "manifest",
            "file",
            "field_selector",
            "output",
            "columns",
            "sort_by",
            "show_labels",
            "label_columns",
        ],
        Verb::Describe => &["manifest", "file"],
        Verb::Diagnose => &[],
        Verb::Top => &["sort_usage", "field_selector"],
        Verb::RolloutStatus => &["timeout"],
        Verb::Explain => &["field"],
        Verb::Logs => &[
            "tail",
            "previous",
            "container",
            "since",
            "timestamps",
            "all_containers",
            "grep",
        ],
        Verb::Events => &["field_selector"],
        Verb::Scale => &["replicas", "scale_by", "scale_percent", "manifest", "file"],
        Verb::RolloutRestart => &["all"],
        Verb::RolloutUndo => &["to_revision"],
        Verb::Delete => &[
            "field_selector",
            "all",
            "cascade",
            "manifest",
            "file",
            "grace_period",
        ],
        Verb::Label => &["labels", "overwrite", "all"],
        Verb::Annotate => &["annotations", "overwrite", "all"],
        Verb::Cordon | Verb::Uncordon => &[],
        Verb::Drain => &[
            "ignore_daemonsets",
            "delete_emptydir_data",
            "force",
            "grace_period",
        ],
        Verb::Create => &["manifest", "file", "from_cronjob"],
        Verb::Apply => &["manifest", "file"],
        Verb::Patch => &["patch"],
        Verb::Expose => &["port", "target_port", "service_name", "service_type"],
        Verb::RolloutHistory => &["revision"],
        Verb::AuthCanI => &["action", "list", "subresource", "as_user", "as_groups"],
        Verb::Taint => &["taints", "overwrite"],
        Verb::RolloutPause | Verb::RolloutResume => &[],
    }
}

/// One Kubernetes request, typed.
///
/// Its JSON form names every resource type in one `resource` field, as
/// kubectl does (`"pods,services"`, or `"all"` for kubectl's category);
/// the first is [`Operation::resource`], the rest [`Operation::also`].
/// Several objects of those types are named the same way (`"name":
/// "web-1,web-2"`): the first is [`Operation::name`], the rest
/// [`Operation::also_names`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    pub verb: Verb,
    /// Canonical plural (`pods`), or `plural.group` for types only the
    /// cluster knows.
    pub resource: ResourceType,
    /// Further types the same request reads or deletes ("pods and
    /// services"): get, describe and delete only, each type checked by the
    /// policy and run as its own request.
    pub also: Vec<ResourceType>,
    pub name: Option<ResourceName>,
    /// Further objects of the same types ("delete pods web-1 and
    /// web-2"): get, describe, delete, label and annotate, and a scale to
    /// one count or a rollout restart of several workloads; each run as
    /// its own request, as the types are.
    pub also_names: Vec<ResourceName>,
    /// `None`: the session's default namespace.
    pub namespace: Option<Namespace>,
    pub all_namespaces: bool,
    /// A label selector.
    pub selector: Option<Selector>,
    pub params: Params,
    /// The cluster it runs on when not the deployment's own: set by
    /// KubeChat from the bot that was asked, never taken from what a
    /// person typed or a model proposed. Absent from the JSON when unset,
    /// so operations recorded before clusters existed hash the same.
    pub context: Option<crate::ClusterName>,
}

/// The JSON form as written: field order and omissions are part of the
/// audit hash, so they stay as they were before several types existed.
#[derive(Serialize)]
struct WireOut<'a> {
    verb: Verb,
    resource: String,
    name: Option<String>,
    namespace: &'a Option<Namespace>,
    all_namespaces: bool,
    selector: &'a Option<Selector>,
    params: &'a Params,
    #[serde(skip_serializing_if = "is_unset")]
    context: &'a Option<crate::ClusterName>,
}

fn is_unset<T>(o: &&Option<T>) -> bool {
    o.is_none()
}

/// The JSON form as read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireIn {
    verb: Verb,
    resource: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    namespace: Option<Namespace>,
    #[serde(default)]
    all_namespaces: bool,
    #[serde(default)]
    selector: Option<Selector>,
    #[serde(default)]
    params: Params,
    #[serde(default)]
    context: Option<crate::ClusterName>,
}

/// Most resource types one request may name.
pub const MAX_KINDS: usize = 8;

/// Most objects one request may name (`delete pods a b c`).
pub const MAX_NAMES: usize = 20;

/// Splits `web-1,web-2` into names; empty parts, repeats and more than
/// [`MAX_NAMES`] are refused with the reason.
pub fn parse_names(s: &str) -> Result<Vec<ResourceName>> {
    parse_list(s, "name", "web-1,web-2", MAX_NAMES, ResourceName::parse)
}

/// What kubectl's `all` category lists (`kubectl get all`): workloads and
/// services, never secrets or configmaps.
pub const ALL_CATEGORY: [&str; 10] = [
    "pods",
    "replicationcontrollers",
    "services",
    "daemonsets",
    "deployments",
    "replicasets",
    "statefulsets",
    "horizontalpodautoscalers",
    "cronjobs",
    "jobs",
];

/// Splits `pods,svc` into canonical types; empty parts, repeats and more
/// than [`MAX_KINDS`] are refused with the reason.
pub fn parse_kinds(s: &str) -> Result<Vec<ResourceType>> {
    parse_list(
        s,
        "resource",
        "pods,services",
        MAX_KINDS,
        ResourceType::parse,
    )
}

/// A comma-separated list of `what` (as in `example`), each parsed,
/// none empty or repeated, at most `max`.
fn parse_list<T: PartialEq + std::fmt::Display>(
    s: &str,
    what: &str,
    example: &str,
    max: usize,
    parse: impl Fn(&str) -> Result<T>,
) -> Result<Vec<T>> {
    let bad = |problem: String| Error::InvalidOperation {
        verb: "operation",
        problem,
    };
    let mut out: Vec<T> = Vec::new();
    for part in s.split(',') {
        if part.trim().is_empty() {
            return Err(bad(format!(
                "{what} '{}' has an empty part; separate them with single commas ({example})",
                s.chars().take(100).collect::<String>()
            )));
        }
        let t = parse(part)?;
        if out.contains(&t) {
            return Err(bad(format!("{what} {t} is named twice")));
        }
        out.push(t);
        if out.len() > max {
            return Err(bad(format!("at most {max} of {what} at once")));
        }
    }
    Ok(out)
}

impl Serialize for Operation {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        WireOut {
            verb: self.verb,
            resource: self.resource_list(),
            name: self.name_list(),
            namespace: &self.namespace,
            all_namespaces: self.all_namespaces,
            selector: &self.selector,
            params: &self.params,
            context: &self.context,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Operation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let w = WireIn::deserialize(d)?;
        let mut kinds = parse_kinds(&w.resource)
            .map_err(serde::de::Error::custom)?
            .into_iter();
        let resource = kinds
            .next()
            .ok_or_else(|| serde::de::Error::custom("resource is empty"))?;
        let mut names = match &w.name {
            Some(n) => parse_names(n).map_err(serde::de::Error::custom)?,
            None => Vec::new(),
        }
        .into_iter();
        Ok(Self {
            verb: w.verb,
            resource,
            also: kinds.collect(),
            name: names.next(),
            also_names: names.collect(),
            namespace: w.namespace,
            all_namespaces: w.all_namespaces,
            selector: w.selector,
            params: w.params,
            context: w.context,
        })
    }
}

const ROLLOUT_KINDS: [&str; 3] = ["deployments", "statefulsets", "daemonsets"];

/// The subresources `auth can-i --subresource` asks about: the ones RBAC
/// rules grant apart from their object's.
pub const CAN_I_SUBRESOURCES: [&str; 10] = [
    "log",
    "exec",
    "attach",
    "portforward",
    "proxy",
    "status",
    "scale",
    "eviction",
    "ephemeralcontainers",
    "binding",
];

/// The actions `auth can-i` asks about.
pub const CAN_I_ACTIONS: [&str; 12] = [
    "get",
    "list",
    "watch",
    "create",
    "update",
    "patch",
    "delete",
    "deletecollection",
    "escalate",
    "bind",
    "impersonate",
    "*",
];

/// Whether a patch removes or empties something: replicas set to zero,
/// a field set to null (removed), or a strategic-merge directive that
/// deletes or replaces (`$patch: delete|replace`, `$retainKeys`,
/// `$deleteFromPrimitiveList`). Unparseable patches count as destructive.
pub fn patch_is_destructive(patch: &str) -> bool {
    fn walk(v: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::Null => true,
            serde_json::Value::Object(m) => m.iter().any(|(k, v)| {
                (k == "replicas" && v.as_i64() == Some(0))
                    || (k == "$patch" && matches!(v.as_str(), Some("delete" | "replace")))
                    || k.starts_with("$retainKeys")
                    || k.starts_with("$deleteFromPrimitiveList")
                    || walk(v)
            }),
            serde_json::Value::Array(a) => a.iter().any(walk),
            _ => false,
        }
    }
    serde_json::from_str::<serde_json::Value>(patch).map_or(true, |v| walk(&v))
}

/// Built-in types with a scale subresource.
const SCALABLE: [&str; 4] = [
    "deployments",
    "statefulsets",
    "replicasets",
    "replicationcontrollers",
];

/// Workloads whose logs are read from one of their pods (`kubectl logs
/// deployment/web`).
pub const LOG_WORKLOADS: [&str; 5] = [
    "deployments",
    "statefulsets",
    "daemonsets",
    "replicasets",
    "jobs",
];

impl Operation {
    /// An operation with only verb and resource set.
    pub fn new(verb: Verb, resource: ResourceType) -> Self {
        Self {
            verb,
            resource,
            also: Vec::new(),
            name: None,
            also_names: Vec::new(),
            namespace: None,
            all_namespaces: false,
            selector: None,
            params: Params::default(),
            context: None,
        }
    }

    /// Every type named, in the order given.
    pub fn kinds(&self) -> impl Iterator<Item = &ResourceType> {
        std::iter::once(&self.resource).chain(&self.also)
    }

    /// The types as kubectl writes them: `pods,services`.
    pub fn resource_list(&self) -> String {
        let mut out = self.resource.as_str().to_owned();
        for t in &self.also {
            out.push(',');
            out.push_str(t.as_str());
        }
        out
    }

    /// Whether the request may name several objects of its type: reads,
    /// deletions, labels and annotations, as kubectl takes them, and a
    /// scale to one count or a rollout restart of several workloads (a
    /// scale relative to the live count is read from one object, so it
    /// names one).
    pub fn takes_several_names(&self) -> bool {
        match self.verb {
            Verb::Get
            | Verb::Describe
            | Verb::Delete
            | Verb::Label
            | Verb::Annotate
            | Verb::RolloutRestart => true,
            Verb::Scale => self.params.scale_by.is_none() && self.params.scale_percent.is_none(),
            _ => false,
        }
    }

    /// Every object named, in the order given.
    pub fn names(&self) -> impl Iterator<Item = &ResourceName> {
        self.name.iter().chain(&self.also_names)
    }

    /// The names as kubectl takes them in JSON: `web-1,web-2`.
    pub fn name_list(&self) -> Option<String> {
        self.name.as_ref().map(|n| {
            self.also_names
                .iter()
                .fold(n.as_str().to_owned(), |acc, m| format!("{acc},{m}"))
        })
    }

    /// Whether this request spans several types (a list, or `all`) or
    /// several named objects: it runs as one request per type and name.
    pub fn is_multi_kind(&self) -> bool {
        !self.also.is_empty()
            || !self.also_names.is_empty()
            || (self.resource.is_all_category() && !self.lists_rights())
    }

    /// `auth can-i --list`: every right in a namespace, no type read.
    pub fn lists_rights(&self) -> bool {
        self.verb == Verb::AuthCanI
            && self.params.list
            && self.also.is_empty()
            && self.resource.is_all_category()
    }

    /// Every type the request touches, `all` expanded to its category:
    /// what the policy checks.
    pub fn touched_kinds(&self) -> Vec<ResourceType> {
        // `rollout history` reads the revisions' own type as well.
        if self.verb == Verb::RolloutHistory {
            let history = if self.resource.as_str() == "deployments" {
                "replicasets"
            } else {
                "controllerrevisions"
            };
            return [self.resource.clone()]
                .into_iter()
                .chain(ResourceType::parse(history).ok())
                .collect();
        }
        // Listing one's own rights reads no object of any type.
        if self.lists_rights() {
            return Vec::new();
        }
        if self.resource.is_all_category() {
            return ALL_CATEGORY
                .iter()
                .filter_map(|t| ResourceType::parse(t).ok())
                .collect();
        }
        self.kinds().cloned().collect()
    }

    /// One request per type touched, each otherwise the same: how a
    /// request that spans types runs.
    pub fn per_kind(&self) -> Vec<Operation> {
        let names: Vec<Option<ResourceName>> = if self.also_names.is_empty() {
            vec![self.name.clone()]
        } else {
            self.names().cloned().map(Some).collect()
        };
        self.touched_kinds()
            .into_iter()
            .flat_map(|t| {
                names.iter().map(move |n| Operation {
                    resource: t.clone(),
                    also: Vec::new(),
                    name: n.clone(),
                    also_names: Vec::new(),
                    ..self.clone()
                })
            })
            .collect()
    }

    /// Parses the JSON contract and validates the result; what the
    /// translator and API use for untrusted input.
    pub fn from_json(text: &str) -> Result<Self> {
        let op: Operation = serde_json::from_str(text).map_err(|e| Error::InvalidOperation {
            verb: "operation",
            problem: format!("not a valid operation: {e}"),
        })?;
        op.validate()?;
        Ok(op)
    }

    /// Checks fields against each other and the verb.
    /// `kubectl VERB -f FILE`: the objects are the manifest's, so the
    /// request names no type, object or selector of its own, and carries
    /// the manifest or the file it is in (bounded, printable).
    fn validate_manifest_addressed(&self) -> Result<()> {
        let verb = self.verb.as_str();
        let bad = |problem: String| Err(Error::InvalidOperation { verb, problem });
        if !matches!(
            self.verb,
            Verb::Get | Verb::Describe | Verb::Delete | Verb::Scale | Verb::Create | Verb::Apply
        ) {
            return bad(format!(
                "{verb} does not take the objects of a manifest; get, describe, delete, scale, create and apply do"
            ));
        }
        if !self.also.is_empty()
            || self.name.is_some()
            || self.selector.is_some()
            || self.all_namespaces
        {
            return bad(
                "the manifest names the objects; give no type, name, selector or --all-namespaces beside it"
                    .into(),
            );
        }
        match (&self.params.manifest, &self.params.file) {
            (None, None) => return bad("the manifest or the file it is in is required".into()),
            (Some(m), _) if m.len() > MAX_DOCUMENT_BYTES => {
                return bad(format!(
                    "the manifest is larger than {MAX_DOCUMENT_BYTES} bytes"
                ));
            }
            _ => {}
        }
        if let Some(f) = &self.params.file
            && (f.is_empty()
                || f.chars().count() > 255
                || f.chars().any(|c| c.is_control() || c.is_whitespace()))
        {
            return bad(
                "the file name must be 1 to 255 printable characters without spaces".into(),
            );
        }
        if self.verb == Verb::Scale && self.params.replicas.is_none() {
            return bad("scale the objects of a manifest to a count (--replicas=N)".into());
        }
        Ok(())
    }

    pub fn validate(&self) -> Result<()> {
        let verb = self.verb.as_str();
        let bad = |problem: String| Err(Error::InvalidOperation { verb, problem });
        let res = self.resource.as_str();

        for field in self.params.set_fields() {
            if !allowed_params(self.verb).contains(&field) {
                return bad(format!("'{field}' does not apply to {verb}"));
            }
        }
        if self.resource.is_manifest() || self.also.iter().any(ResourceType::is_manifest) {
            return self.validate_manifest_addressed();
        }
        if self.params.file.is_some()
            || (self.params.manifest.is_some() && !matches!(self.verb, Verb::Create | Verb::Apply))
        {
            return bad(format!(
                "a manifest or file names the objects itself; give resource \"{}\"",
                crate::resources::MANIFEST
            ));
        }
        // `auth can-i --list` names no type: it stands on `all`.
        let listing_rights = self.lists_rights();
        if !self.also_names.is_empty() {
            // Labels and annotations go on several named objects of one
            // type as kubectl puts them (`kubectl label pods a b k=v`).
            if !self.takes_several_names() {
                return bad(format!(
                    "{verb} takes one name, not {}",
                    self.name_list().unwrap_or_default()
                ));
            }
            if self.name.is_none() {
                return bad("further names need a first one".into());
            }
            if self.also_names.len() + 1 > MAX_NAMES {
                return bad(format!("at most {MAX_NAMES} objects at once"));
            }
            if self
                .names()
                .enumerate()
                .any(|(i, n)| self.names().take(i).any(|m| m == n))
            {
                return bad("an object is named twice".into());
            }
        }
        if self.is_multi_kind() {
            let several_types = !self.also.is_empty() || self.resource.is_all_category();
            if !matches!(self.verb, Verb::Get | Verb::Describe | Verb::Delete)
                && (several_types
                    || !matches!(
                        self.verb,
                        Verb::Label | Verb::Annotate | Verb::Scale | Verb::RolloutRestart
                    ))
            {
                return bad(format!(
                    "{verb} takes one resource type, not {}",
                    self.resource_list()
                ));
            }
            if self.also.iter().any(ResourceType::is_all_category)
                || (self.resource.is_all_category() && !self.also.is_empty())
            {
                return bad("'all' is a category of its own; name it alone".into());
            }
            if self.resource.is_all_category() && self.verb == Verb::Delete {
                return bad("delete names its types (pods,services); 'all' is for reading".into());
            }
            // A namespace limit must not be stepped around by listing a
            // cluster-wide type beside a namespaced one.
            let kinds = self.touched_kinds();
            let scoped: Vec<bool> = kinds
                .iter()
                .filter_map(|k| k.builtin().map(|b| b.namespaced))
                .collect();
            if scoped.contains(&true) && scoped.contains(&false) {
                return bad(format!(
                    "{} mixes namespaced and cluster-wide types; ask for each on its own",
                    self.resource_list()
                ));
            }
            if self.also.len() + 1 > MAX_KINDS {
                return bad(format!("at most {MAX_KINDS} resource types at once"));
            }
            if let Some(t) = self
                .also
                .iter()
                .enumerate()
                .find(|(i, t)| **t == self.resource || self.also[..*i].contains(t))
            {
                return bad(format!("resource type {} is named twice", t.1));
            }
        }
        if self.all_namespaces && self.namespace.is_some() {
            return bad("give a namespace or all namespaces, not both".into());
        }
        if self.all_namespaces && self.name.is_some() {
            return bad("a named object lives in one namespace; drop all_namespaces".into());
        }
        // kubectl picks the objects by name or by selector, never both
        // ("name cannot be provided when a selector is specified"): one
        // of the two would be dropped.
        if self.name.is_some()
            && self.selector.is_some()
            && matches!(
                self.verb,
                Verb::Get | Verb::Describe | Verb::Delete | Verb::Label | Verb::Annotate
            )
        {
            return bad(
                "give a name or a label selector (-l), not both: the objects are picked one way or the other"
                    .into(),
            );
        }
        // A named object is fetched by its name; a field selector beside
        // it would show a condition nothing checks ("delete pods web-1
        // --field-selector=status.phase=Pending" deletes it in any phase).
        if self.name.is_some()
            && self.params.field_selector.is_some()
            && matches!(
                self.verb,
                Verb::Get | Verb::Describe | Verb::Delete | Verb::Label | Verb::Annotate
            )
        {
            return bad(
                "give a name or a field selector (--field-selector), not both: a named object is picked by its name alone"
                    .into(),
            );
        }
        if self.params.all {
            if self.name.is_some() || self.selector.is_some() {
                return bad("all means every object; drop the name or selector".into());
            }
            if self.all_namespaces
                || self
                    .touched_kinds()
                    .iter()
                    .any(|k| k.builtin().is_some_and(|b| !b.namespaced))
            {
                return bad(
                    "all works within one namespace, never across namespaces or on cluster-scoped types"
                        .into(),
                );
            }
        }
        let needs_name = |what: &str| -> Result<()> {
            if self.name.is_none() {
                return bad(format!("say which {what} (a name is required)"));
            }
            Ok(())
        };
        if !self.params.columns.is_empty() {
            if self.params.output.is_some() {
                return bad(
                    "custom columns are a table of their own; drop the output format".into(),
                );
            }
            if self.params.columns.len() > crate::fieldpath::MAX_COLUMNS {
                return bad(format!(
                    "at most {} custom columns",
                    crate::fieldpath::MAX_COLUMNS
                ));
            }
        }
        if self.params.sort_by.is_some()
            && matches!(
                self.params.output,
                Some(OutputFormat::Json | OutputFormat::Yaml | OutputFormat::Name)
            )
        {
            return bad("sorting applies to tables; drop the output format or the sort".into());
        }
        for c in &self.params.columns {
            crate::fieldpath::Column::new(&c.header, &c.path.to_string())?;
        }
        if self.params.show_labels || !self.params.label_columns.is_empty() {
            if !self.params.columns.is_empty()
                || matches!(
                    self.params.output,
                    Some(OutputFormat::Json | OutputFormat::Yaml | OutputFormat::Name)
                )
            {
                return bad(
                    "label columns are added to the table; drop the output format or the custom columns".into(),
                );
            }
            if self.params.label_columns.len() > MAX_LABEL_COLUMNS {
                return bad(format!("at most {MAX_LABEL_COLUMNS} label columns"));
            }
            for k in &self.params.label_columns {
                crate::names::check_label_key(k)?;
            }
        }
        if self.is_multi_kind()
            && (!self.params.columns.is_empty() || self.params.sort_by.is_some())
        {
            return bad("custom columns and sorting apply to one resource type".into());
        }
        match self.verb {
            Verb::Get | Verb::Describe | Verb::Diagnose => {}
            Verb::Events => {
                if self.selector.is_some() {
                    return bad("events cannot be filtered by label; name the object or use a field selector".into());
                }
                if res != "events" && self.name.is_none() {
                    return bad(format!(
                        "say which of the {res} to show events for (a name is required)"
                    ));
                }
            }
            Verb::Top => {
                if res != "pods" && res != "nodes" {
                    return bad(format!("top works on pods or nodes, not {res}"));
                }
                // The metrics API selects by name only; the pods a field
                // selects ("on node worker-2") are found first, so only
                // pods' usage is narrowed by one.
                if res == "nodes" && self.params.field_selector.is_some() {
                    return bad(
                        "top nodes takes no field selector; name the node, or narrow pods by one"
                            .into(),
                    );
                }
            }
            Verb::Drain | Verb::Delete
                if self
                    .params
                    .grace_period
                    .is_some_and(|g| g > MAX_GRACE_PERIOD) =>
            {
                return bad(format!(
                    "a grace period of at most {MAX_GRACE_PERIOD} seconds (a day)"
                ));
            }
            Verb::Explain => {
                if self.name.is_some() || self.selector.is_some() || self.namespace.is_some() {
                    return bad("explain takes only a resource type".into());
                }
                if let Some(f) = &self.params.field
                    && let Err(reason) = check_explain_field(f)
                {
                    return bad(reason);
                }
            }
            Verb::Logs => {
                if res != "pods" && !LOG_WORKLOADS.contains(&res) {
                    return bad(format!(
                        "logs come from pods, or one pod of a deployment, statefulset, daemonset, replicaset or job; not {res}"
                    ));
                }
                // "logs -l app=web": the pods a selector matches.
                if !(res == "pods" && self.name.is_none() && self.selector.is_some()) {
                    needs_name(if res == "pods" { "pod" } else { res })?;
                }
                if let Some(t) = self.params.tail
                    && !(1..=MAX_TAIL_LINES).contains(&t)
                {
                    return bad(format!(
                        "tail must be between 1 and {MAX_TAIL_LINES} lines, not {t}"
                    ));
                }
                if let Some(g) = &self.params.grep
                    && let Err(reason) = check_grep(g)
                {
                    return bad(reason);
                }
                if self.params.all_containers && self.params.container.is_some() {
                    return bad("give one container or all_containers, not both".into());
                }
            }
            Verb::Scale => {
                if self.resource.builtin().is_some() && !SCALABLE.contains(&res) {
                    return bad(format!(
                        "{res} cannot be scaled; scale the deployment, statefulset or replicaset that owns them"
                    ));
                }
                needs_name(res)?;
                if let Some(pct) = self.params.scale_percent {
                    if self.params.replicas.is_some() || self.params.scale_by.is_some() {
                        return bad("give one of replicas, scale_by or scale_percent".into());
                    }
                    if pct == 0 || !(-100..=1000).contains(&pct) {
                        return bad(format!(
                            "scale_percent must be between -100 and 1000 and not 0, not {pct}"
                        ));
                    }
                    return Ok(());
                }
                match (self.params.replicas, self.params.scale_by) {
                    (Some(_), Some(_)) => {
                        return bad("give replicas or scale_by, not both".into());
                    }
                    (None, Some(0)) => return bad("scale_by 0 changes nothing".into()),
                    (None, Some(by)) if by.unsigned_abs() > MAX_REPLICAS => {
                        return bad(format!(
                            "scaling by {by} is more than the limit of {MAX_REPLICAS}"
                        ));
                    }
                    (None, Some(_)) => {}
                    (r, None) => match r {
                        None => return bad("say how many replicas".into()),
                        Some(n) if n > MAX_REPLICAS => {
                            return bad(format!(
                                "{n} replicas is more than the limit of {MAX_REPLICAS}"
                            ));
                        }
                        Some(_) => {}
                    },
                }
            }
            Verb::AuthCanI if self.selector.is_some() => {
                return bad(
                    "a permission is checked for a type or one name, not a label selector".into(),
                );
            }
            Verb::AuthCanI if self.params.list && self.params.as_user.is_some() => {
                return bad(
                    "--list shows your own rights only; ask about one action for another identity"
                        .into(),
                );
            }
            Verb::AuthCanI
                if self.params.as_user.is_none() && !self.params.as_groups.is_empty() =>
            {
                return bad("--as-group needs --as: say whose groups they are".into());
            }
            Verb::AuthCanI
                if let Some(bad_name) = self
                    .params
                    .as_user
                    .iter()
                    .chain(&self.params.as_groups)
                    .find(|n| !subject_name(n)) =>
            {
                return bad(format!(
                    "'{bad_name}' is not a user, group or service account name (system:serviceaccount:NAMESPACE:NAME)"
                ));
            }
            Verb::AuthCanI if self.params.list => {
                if self.params.action.is_some()
                    || self.params.subresource.is_some()
                    || self.name.is_some()
                    || !listing_rights
                {
                    return bad(
                        "--list shows every action in a namespace; it takes no action, type or name"
                            .into(),
                    );
                }
            }
            Verb::AuthCanI => match self.params.action.as_deref() {
                None => {
                    return bad("say which action to check (get, list, create, delete, …)".into());
                }
                Some(a) if !CAN_I_ACTIONS.contains(&a) => {
                    return bad(format!(
                        "'{a}' is not an action the API server checks; use one of {}",
                        CAN_I_ACTIONS.join(", ")
                    ));
                }
                Some(_) => {
                    if let Some(sub) = self.params.subresource.as_deref()
                        && !CAN_I_SUBRESOURCES.contains(&sub)
                    {
                        return bad(format!(
                            "'{sub}' is not a subresource KubeChat checks; use one of {}",
                            CAN_I_SUBRESOURCES.join(", ")
                        ));
                    }
                }
            },
            // kubectl pauses and resumes Deployments only.
            Verb::RolloutPause | Verb::RolloutResume => {
                if res != "deployments" {
                    return bad(format!(
                        "only deployments are paused and resumed, not {res}"
                    ));
                }
                needs_name("deployment")?;
            }
            Verb::RolloutRestart
            | Verb::RolloutUndo
            | Verb::RolloutStatus
            | Verb::RolloutHistory => {
                if !ROLLOUT_KINDS.contains(&res) {
                    return bad(format!(
                        "rollouts apply to deployments, statefulsets and daemonsets, not {res}"
                    ));
                }
                if self.verb == Verb::RolloutHistory
                    && (self.selector.is_some() || self.all_namespaces)
                {
                    return bad("rollout history is of one named workload".into());
                }
                // A restart may name a selector or every one of the
                // namespace; undo and status take one object.
                let many = self.verb == Verb::RolloutRestart
                    && (self.selector.is_some() || self.params.all);
                if !many {
                    needs_name(res)?;
                }
            }
            Verb::Delete => {
                if self.name.is_none()
                    && self.selector.is_none()
                    && self.params.field_selector.is_none()
                    && !self.params.all
                {
                    return bad(
                        "name the object, give a selector, or say all (one namespace)".into(),
                    );
                }
            }
            Verb::Label | Verb::Annotate => {
                if self.name.is_none() && self.selector.is_none() && !self.params.all {
                    return bad(
                        "name the object, give a selector, or say all (one namespace)".into(),
                    );
                }
                let map = if self.verb == Verb::Label {
                    &self.params.labels
                } else {
                    &self.params.annotations
                };
                if map.is_empty() {
                    return bad("say which keys to set or remove".into());
                }
                if map.len() > MAX_LABELS {
                    return bad(format!("at most {MAX_LABELS} keys at once"));
                }
                for (k, v) in map {
                    check_label_key(k)?;
                    if let Some(v) = v {
                        if self.verb == Verb::Label {
                            check_label_value(v)?;
                        } else if v.len() > MAX_DOCUMENT_BYTES {
                            return bad(format!("the value of annotation {k} is too large"));
                        }
                    }
                }
            }
            // (A cordon, an uncordon or a taint may go on the nodes a label
            // selector picks, as kubectl's `-l`; a drain names its node.)
            Verb::Cordon | Verb::Uncordon | Verb::Drain => {
                if res != "nodes" {
                    return bad(format!("{verb} applies to nodes, not {res}"));
                }
                if self.verb == Verb::Drain || self.selector.is_none() {
                    needs_name("node")?;
                }
            }
            Verb::Taint => {
                if res != "nodes" {
                    return bad(format!("taints are set on nodes, not {res}"));
                }
                if self.selector.is_none() {
                    needs_name("node")?;
                }
                let taints = &self.params.taints;
                if taints.is_empty() {
                    return bad(
                        "say the taint, e.g. dedicated=gpu:NoSchedule, or dedicated- to remove it"
                            .into(),
                    );
                }
                if taints.len() > crate::taint::MAX_TAINTS {
                    return bad(format!(
                        "at most {} taints at a time",
                        crate::taint::MAX_TAINTS
                    ));
                }
                for t in taints {
                    t.check().map_err(|reason| Error::InvalidOperation {
                        verb: "taint",
                        problem: reason,
                    })?;
                }
                for (i, t) in taints.iter().enumerate() {
                    if taints[..i]
                        .iter()
                        .any(|o| o.key == t.key && o.effect == t.effect)
                    {
                        return bad(format!("taint {t} is given twice"));
                    }
                }
            }
            // A Job made from a CronJob's template: named, in one
            // namespace, and nothing else written beside it.
            Verb::Create if self.params.from_cronjob.is_some() => {
                if res != "jobs" || !self.also.is_empty() {
                    return bad(
                        "--from=cronjob/NAME makes a Job; create job NAME --from=cronjob/NAME"
                            .into(),
                    );
                }
                needs_name("job")?;
                if self.params.manifest.is_some() {
                    return bad("a Job made from a CronJob takes no manifest".into());
                }
                if self.selector.is_some() || self.all_namespaces {
                    return bad("a Job made from a CronJob is one object in one namespace; give no selector or --all-namespaces".into());
                }
            }
            Verb::Create | Verb::Apply => match &self.params.manifest {
                None => return bad("a manifest is required".into()),
                Some(m) if m.len() > MAX_DOCUMENT_BYTES => {
                    return bad(format!(
                        "the manifest is larger than {MAX_DOCUMENT_BYTES} bytes"
                    ));
                }
                Some(_) => {}
            },
            Verb::Patch => {
                needs_name(res)?;
                match &self.params.patch {
                    None => return bad("a patch is required".into()),
                    Some(p) if p.len() > MAX_DOCUMENT_BYTES => {
                        return bad(format!(
                            "the patch is larger than {MAX_DOCUMENT_BYTES} bytes"
                        ));
                    }
                    Some(p) => {
                        if !serde_json::from_str::<serde_json::Value>(p)
                            .is_ok_and(|v| v.is_object())
                        {
                            return bad("the patch must be a JSON object".into());
                        }
                    }
                }
            }
            Verb::Expose => {
                needs_name(res)?;
                if self.params.port.is_none_or(|p| p == 0) {
                    return bad("a port between 1 and 65535 is required".into());
                }
                // A Service's name is a DNS label (RFC 1035): the API
                // server would refuse it after the preview was shown.
                if let Some(n) = &self.params.service_name
                    && !crate::names::is_dns1035_label(n.as_str())
                {
                    return bad(format!(
                        "a service name is at most 63 lower-case letters, digits and '-', starting with a letter; '{n}' is not one"
                    ));
                }
            }
        }
        Ok(())
    }

    /// How much harm this operation can do.
    pub fn risk(&self) -> Risk {
        match self.verb {
            v if v.is_read() => Risk::Read,
            // Rolling back replaces the running version; a selector may
            // touch every object in a namespace; a patch may take
            // replicas to zero or remove fields.
            Verb::Delete | Verb::Drain | Verb::RolloutUndo => Risk::Destructive,
            Verb::Label | Verb::Annotate if self.selector.is_some() || self.params.all => {
                Risk::Destructive
            }
            Verb::RolloutRestart if self.selector.is_some() || self.params.all => Risk::Destructive,
            Verb::Patch
                if self
                    .params
                    .patch
                    .as_deref()
                    .is_none_or(patch_is_destructive) =>
            {
                Risk::Destructive
            }
            Verb::Scale if self.params.replicas == Some(0) => Risk::Destructive,
            // A NoExecute taint evicts every pod there that does not
            // tolerate it, as a drain does.
            Verb::Taint
                if self.params.taints.iter().any(|t| {
                    !t.remove && t.effect == Some(crate::taint::TaintEffect::NoExecute)
                }) =>
            {
                Risk::Destructive
            }
            // Scaling down by some may reach zero: treated as the worst case.
            Verb::Scale if self.params.scale_by.is_some_and(|by| by < 0) => Risk::Destructive,
            Verb::Scale if self.params.scale_percent.is_some_and(|p| p < 0) => Risk::Destructive,
            _ => Risk::Mutate,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_lines_keep_the_last_matching_lines_ignoring_case() {
        let raw = "GET / 200\nERROR db down\nGET / 200\nerror: retry\x1b[31m\nWarn slow\n";
        assert_eq!(
            log_lines(raw, Some("Error"), 10),
            vec!["ERROR db down".to_owned(), "error: retry[31m".to_owned()]
        );
        assert_eq!(
            log_lines(raw, Some("error"), 1),
            vec!["error: retry[31m".to_owned()]
        );
        assert_eq!(log_lines(raw, None, 2).len(), 2);
        assert!(log_lines(raw, Some("nothing"), 10).is_empty());
    }

    #[test]
    fn a_logs_filter_is_bounded_and_printable() {
        let mut op = Operation::new(Verb::Logs, ResourceType::parse("pods").unwrap());
        op.name = Some(ResourceName::parse("web").unwrap());
        for bad in ["", "  ", "a\u{7}b", "-i", &"x".repeat(MAX_GREP_CHARS + 1)] {
            op.params.grep = Some(bad.to_owned());
            assert!(op.validate().is_err(), "{bad:?}");
        }
        op.params.grep = Some("query failed".into());
        op.validate().unwrap();
        let mut get = Operation::new(Verb::Get, ResourceType::parse("pods").unwrap());
        get.params.grep = Some("x".into());
        assert!(get.validate().is_err(), "grep belongs to logs only");
    }

    fn op(json: &str) -> Result<Operation> {
        Operation::from_json(json)
    }

    #[test]
    fn relative_scales_are_checked_and_a_scale_down_is_destructive() {
        let up = op(r#"{"verb": "scale", "resource": "deployments", "name": "web", "params": {"scale_by": 2}}"#).unwrap();
        assert_eq!(up.risk(), Risk::Mutate);
        assert_eq!(
            crate::kubectl::render(&up),
            "kubectl scale deployment/web --replicas=CURRENT+2"
        );
        let down = op(r#"{"verb": "scale", "resource": "deployments", "name": "web", "params": {"scale_by": -1}}"#).unwrap();
        assert_eq!(down.risk(), Risk::Destructive, "it may reach zero");
        for bad in [
            r#"{"verb": "scale", "resource": "deployments", "name": "web", "params": {"scale_by": 0}}"#,
            r#"{"verb": "scale", "resource": "deployments", "name": "web", "params": {"scale_by": 2, "replicas": 3}}"#,
            r#"{"verb": "scale", "resource": "deployments", "name": "web", "params": {"scale_by": 20000}}"#,
            r#"{"verb": "get", "resource": "pods", "params": {"scale_by": 1}}"#,
        ] {
            assert!(op(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_contract_example_parses() {
        let o = op(
            r#"{"verb": "get", "resource": "pods", "name": null, "namespace": "payments",
                       "all_namespaces": false, "selector": "app=web", "params": {}}"#,
        )
        .unwrap();
        assert_eq!(o.verb, Verb::Get);
        assert_eq!(
            o.namespace.as_ref().map(Namespace::as_str),
            Some("payments")
        );
        assert_eq!(o.risk(), Risk::Read);
        let back: Operation = serde_json::from_str(&serde_json::to_string(&o).unwrap()).unwrap();
        assert_eq!(back, o);
    }

    #[test]
    fn short_names_are_canonical_in_json() {
        let o = op(r#"{"verb": "get", "resource": "deploy"}"#).unwrap();
        assert_eq!(o.resource.as_str(), "deployments");
    }

    #[test]
    fn bad_input_is_named() {
        let cases = [
            (
                r#"{"verb": "get", "resource": "pods", "name": "Web_1"}"#,
                "invalid name 'Web_1'",
            ),
            (
                r#"{"verb": "scale", "resource": "deployments", "name": "web", "params": {"replicas": -3}}"#,
                "invalid value: integer `-3`",
            ),
            (
                r#"{"verb": "scale", "resource": "deployments", "name": "web"}"#,
                "say how many replicas",
            ),
            (
                r#"{"verb": "get", "resource": "pods", "params": {"replicas": 3}}"#,
                "'replicas' does not apply to get",
            ),
            (
                r#"{"verb": "get", "resource": "pods", "sudo": true}"#,
                "unknown field `sudo`",
            ),
            (
                r#"{"verb": "exec", "resource": "pods"}"#,
                "unknown variant `exec`",
            ),
            (
                r#"{"verb": "delete", "resource": "pods"}"#,
                "say all (one namespace)",
            ),
            (
                r#"{"verb": "logs", "resource": "pods", "name": "a", "params": {"since": "ten minutes"}}"#,
                "is not a duration",
            ),
            (
                r#"{"verb": "cordon", "resource": "pods", "name": "a"}"#,
                "cordon applies to nodes",
            ),
            (
                r#"{"verb": "get", "resource": "pods", "namespace": "a", "all_namespaces": true}"#,
                "not both",
            ),
            (
                r#"{"verb": "delete", "resource": "pods", "name": "web", "selector": "app=x"}"#,
                "a name or a label selector (-l), not both",
            ),
        ];
        for (json, want) in cases {
            let e = op(json).unwrap_err().to_string();
            assert!(e.contains(want), "{json}: {e}");
        }
    }

    #[test]
    fn risk_classes() {
        let scale = |n: u32| {
            let mut o = Operation::new(Verb::Scale, ResourceType::parse("deploy").unwrap());
            o.params.replicas = Some(n);
            o.risk()
        };
        assert_eq!(scale(3), Risk::Mutate);
        assert_eq!(scale(0), Risk::Destructive);
        assert_eq!(
            Operation::new(Verb::Delete, ResourceType::parse("po").unwrap()).risk(),
            Risk::Destructive
        );
        assert_eq!(
            Operation::new(Verb::Drain, ResourceType::parse("no").unwrap()).risk(),
            Risk::Destructive
        );
        assert_eq!(
            Operation::new(Verb::Cordon, ResourceType::parse("no").unwrap()).risk(),
            Risk::Mutate
        );
        // By effect: rollbacks, selectors, patches that empty or remove.
        let k = |line: &str| crate::kubectl::parse(line).unwrap().risk();
        assert_eq!(k("kubectl rollout undo deployment/web"), Risk::Destructive);
        assert_eq!(k("kubectl label pods -l app!=zzz x=y"), Risk::Destructive);
        assert_eq!(k("kubectl label pods web-1 x=y"), Risk::Mutate);
        assert_eq!(
            k(r#"kubectl patch deployment web -p '{"spec":{"replicas":0}}'"#),
            Risk::Destructive
        );
        assert_eq!(
            k(
                r#"kubectl patch deployment web -p '{"spec":{"template":{"spec":{"volumes":null}}}}'"#
            ),
            Risk::Destructive
        );
        assert_eq!(
            k(r#"kubectl patch deployment web -p '{"spec":{"replicas":3}}'"#),
            Risk::Mutate
        );
    }

    #[test]
    fn since_parses_and_renders_canonically() {
        assert_eq!("90m".parse::<Since>().unwrap().to_string(), "1h30m");
        assert_eq!("1h30m".parse::<Since>().unwrap().seconds(), 5400);
        assert_eq!("2d".parse::<Since>().unwrap().seconds(), 172_800);
        assert!("0s".parse::<Since>().is_err());
        assert!("8d".parse::<Since>().is_err());
        assert!("10".parse::<Since>().is_err());
    }

    #[test]
    fn one_type_serializes_exactly_as_before_so_recorded_hashes_hold() {
        let o = op(r#"{"verb": "get", "resource": "po", "namespace": "shop"}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&o).unwrap(),
            r#"{"verb":"get","resource":"pods","name":null,"namespace":"shop","all_namespaces":false,"selector":null,"params":{}}"#
        );
    }

    #[test]
    fn several_types_are_one_field_as_kubectl_writes_them() {
        let o = op(r#"{"verb": "delete", "resource": "po, svc", "selector": "app=old"}"#).unwrap();
        assert_eq!(o.resource.as_str(), "pods");
        assert_eq!(o.resource_list(), "pods,services");
        assert_eq!(o.per_kind().len(), 2);
        assert_eq!(o.risk(), Risk::Destructive);
        let back: Operation = serde_json::from_str(&serde_json::to_string(&o).unwrap()).unwrap();
        assert_eq!(back, o);
        assert_eq!(
            crate::kubectl::render(&o),
            "kubectl delete pods,services -l app=old"
        );
        assert_eq!(
            crate::kubectl::parse("kubectl delete pods,services -l app=old").unwrap(),
            o
        );

        let all = op(r#"{"verb": "get", "resource": "all", "namespace": "shop"}"#).unwrap();
        assert!(all.is_multi_kind());
        let kinds: Vec<String> = all
            .touched_kinds()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            kinds.contains(&"deployments".to_owned()) && !kinds.contains(&"secrets".to_owned())
        );

        for bad in [
            r#"{"verb": "get", "resource": "pods,,services"}"#,
            r#"{"verb": "get", "resource": "pods,po"}"#,
            r#"{"verb": "get", "resource": "pods,"}"#,
            r#"{"verb": "get", "resource": "a,b,c,d,e,f,g,h,i"}"#,
            r#"{"verb": "scale", "resource": "deployments,statefulsets", "name": "web", "params": {"replicas": 2}}"#,
            r#"{"verb": "get", "resource": "all,pods"}"#,
            r#"{"verb": "delete", "resource": "all", "params": {"all": true}}"#,
            r#"{"verb": "logs", "resource": "pods,services", "name": "web"}"#,
            // A cluster-wide type beside a namespaced one would step
            // around a namespace limit.
            r#"{"verb": "delete", "resource": "pods,namespaces", "name": "web", "namespace": "shop"}"#,
            r#"{"verb": "get", "resource": "pods,nodes"}"#,
            r#"{"verb": "delete", "resource": "pods,services", "params": {"all": true}, "all_namespaces": true}"#,
            // Headers from JSON are checked like typed ones; a sort needs
            // a table.
            r#"{"verb": "get", "resource": "pods", "params": {"columns": [{"header": "A,B:.x", "path": ".a"}]}}"#,
            r#"{"verb": "get", "resource": "pods", "params": {"output": "json", "sort_by": ".metadata.name"}}"#,
        ] {
            assert!(op(bad).is_err(), "{bad}");
        }
        let history =
            op(r#"{"verb": "rollout-history", "resource": "deployments", "name": "web"}"#).unwrap();
        let touched: Vec<String> = history
            .touched_kinds()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            touched,
            ["deployments", "replicasets"],
            "the policy sees the revisions' type"
        );
    }
}
