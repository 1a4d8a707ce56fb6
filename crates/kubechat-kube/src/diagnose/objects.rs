//! Examining what is neither a pod nor a workload with replicas: nodes,
//! volume claims, jobs, cron jobs, autoscalers, ingresses, and any other
//! object by its status conditions and warning events.
//!
//! Each kind fails in its own way and says so in its own status: a node
//! in its conditions and taints, a claim in its phase and storage class,
//! a job in its Failed condition. Read as a workload, a node was reported
//! as "wants 1 replicas but only 0 are available" — a finding about
//! nothing. These examinations are pure (the object, its events and what
//! else was read as the person), so every branch is tested without a
//! cluster; `super::diagnose` does the reading.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Event;
use serde_json::{Value, json};

use super::{Finding, Fix, Severity, event_lines, finding};

/// The kinds examined here. Pods, services and workloads with replicas
/// are examined through their pods instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Node,
    Claim,
    Job,
    CronJob,
    Autoscaler,
    Ingress,
    /// Anything else: its conditions and warning events.
    Other,
}

impl Kind {
    /// The kind of the resource `plural`, or `None` when its pods tell
    /// what is wrong.
    pub(super) fn of(plural: &str) -> Option<Kind> {
        Some(match plural {
            "pods"
            | "services"
            | "deployments"
            | "statefulsets"
            | "daemonsets"
            | "replicasets"
            | "replicationcontrollers" => return None,
            "nodes" => Kind::Node,
            "persistentvolumeclaims" => Kind::Claim,
            "jobs" => Kind::Job,
            "cronjobs" => Kind::CronJob,
            "horizontalpodautoscalers" => Kind::Autoscaler,
            "ingresses" => Kind::Ingress,
            _ => Kind::Other,
        })
    }
}

/// What one object's examination found.
#[derive(Debug, Default)]
pub(super) struct Examined {
    pub findings: Vec<Finding>,
    /// What was checked and found fine, said when nothing is wrong.
    pub fine: String,
    /// The labels of pods whose own findings explain this object's (a
    /// failed job's pods), examined after it.
    pub pods: Option<BTreeMap<String, String>>,
}

/// A storage class as a claim's examination needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Class {
    pub name: String,
    pub default: bool,
    /// `volumeBindingMode: WaitForFirstConsumer`.
    pub waits: bool,
}

impl Class {
    pub(super) fn from_object(obj: &Value) -> Class {
        let annotations = &obj["metadata"]["annotations"];
        Class {
            name: text(obj, "/metadata/name").to_owned(),
            default: [
                "storageclass.kubernetes.io/is-default-class",
                "storageclass.beta.kubernetes.io/is-default-class",
            ]
            .iter()
            .any(|k| annotations[*k] == "true"),
            waits: obj["volumeBindingMode"] == "WaitForFirstConsumer",
        }
    }
}

fn text<'a>(obj: &'a Value, pointer: &str) -> &'a str {
    obj.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

fn condition<'a>(obj: &'a Value, type_: &str) -> Option<&'a Value> {
    obj["status"]["conditions"]
        .as_array()?
        .iter()
        .find(|c| c["type"] == type_)
}

/// `condition Ready=False since …: reason: message`.
fn condition_line(c: &Value) -> String {
    let mut line = format!("condition {}={}", text(c, "/type"), text(c, "/status"));
    let since = text(c, "/lastTransitionTime");
    if !since.is_empty() {
        line.push_str(&format!(" since {since}"));
    }
    for key in ["/reason", "/message"] {
        let v = text(c, key);
        if !v.is_empty() {
            line.push_str(&format!(": {}", super::short(v)));
        }
    }
    line
}

/// The condition's message, else its reason, else `otherwise`.
fn said(c: &Value, otherwise: &str) -> String {
    [text(c, "/message"), text(c, "/reason")]
        .into_iter()
        .find(|s| !s.is_empty())
        .map_or_else(|| otherwise.to_owned(), super::short)
}

/// Warning events go with the first error or warning found; alone, they
/// are a finding of their own (the object's status may not show what
/// its controller complained about).
fn with_warnings(subject: &str, findings: &mut Vec<Finding>, events: &[Event]) {
    let lines = event_lines(events, |e| e.type_.as_deref() == Some("Warning"));
    if lines.is_empty() {
        return;
    }
    match findings.iter_mut().find(|f| f.severity != Severity::Info) {
        Some(f) => f.evidence.extend(lines),
        None => findings.push(finding(
            Severity::Warning,
            subject,
            "Warning events",
            format!("{subject} has recent warning events."),
            lines,
            "Read the events above; kubectl describe shows them with the object.",
        )),
    }
}

fn integer(obj: &Value, pointer: &str) -> Option<i64> {
    obj.pointer(pointer).and_then(Value::as_i64)
}

/// A patch request that resumes a suspended job or cron job.
fn resume(kind: &str, name: &str, ns: &str) -> Fix {
    Fix {
        request: format!(
            "kubectl patch {kind} {name} -n {ns} -p '{}'",
            json!({"spec": {"suspend": false}})
        ),
        summary: format!("resume {kind}/{name} (spec.suspend: false)"),
        why: format!("{kind} {name} is suspended, so it starts no pods until resumed"),
    }
}

/// The conditions a node reports as pressure, what each means and what to
/// do about it.
const PRESSURES: &[(&str, &str, &str)] = &[
    (
        "MemoryPressure",
        "is short of memory; the kubelet evicts pods until it is not",
        "Find the heaviest pods (kubectl top pods -A --sort-by=memory), lower their use or limits, or add memory.",
    ),
    (
        "DiskPressure",
        "is short of disk space; the kubelet removes unused images and evicts pods until it is not",
        "Free space on the node (old images, container logs, emptyDir volumes) or give it a larger disk.",
    ),
    (
        "PIDPressure",
        "is running out of process IDs; the kubelet evicts pods until it is not",
        "Find the pod starting too many processes or threads and set a PID limit for it.",
    ),
];

/// A node: Ready, pressures, network, cordon and taints.
pub(super) fn node(obj: &Value, events: &[Event]) -> Examined {
    let name = text(obj, "/metadata/name");
    let subject = format!("node/{name}");
    let mut out = Vec::new();
    let ready = condition(obj, "Ready");
    match ready.map(|c| text(c, "/status")) {
        None => out.push(finding(
            Severity::Warning,
            &subject,
            "No status reported",
            format!("Node {name} has no Ready condition: its kubelet has never reported to the API server."),
            Vec::new(),
            "Check that the kubelet on the machine runs and can reach the API server (journalctl -u kubelet on the node).",
        )),
        Some("False") => out.push(finding(
            Severity::Error,
            &subject,
            "NotReady",
            format!(
                "Node {name} is not ready: {}",
                said(ready.unwrap_or(&Value::Null), "its kubelet reports it not ready")
            ),
            ready.map(condition_line).into_iter().collect(),
            "Check the kubelet and the container runtime on the node (journalctl -u kubelet, systemctl status containerd); pods are not scheduled on it meanwhile.",
        )),
        Some("Unknown") => {
            let c = ready.unwrap_or(&Value::Null);
            let heartbeat = text(c, "/lastHeartbeatTime");
            out.push(finding(
                Severity::Error,
                &subject,
                "NotReady: no heartbeat",
                format!(
                    "The kubelet of {name} stopped reporting{}: the machine is down or unreachable, or its kubelet stopped.",
                    if heartbeat.is_empty() {
                        String::new()
                    } else {
                        format!(" (last heartbeat {heartbeat})")
                    }
                ),
                vec![condition_line(c)],
                "Check that the machine is up and reachable and its kubelet running; pods on an unreachable node are evicted after their toleration (5 minutes by default).",
            ));
        }
        Some(_) => {}
    }
    for (type_, what, next) in PRESSURES {
        if let Some(c) = condition(obj, type_).filter(|c| c["status"] == "True") {
            out.push(finding(
                Severity::Warning,
                &subject,
                type_,
                format!("Node {name} {what}."),
                vec![condition_line(c)],
                next,
            ));
        }
    }
    if let Some(c) = condition(obj, "NetworkUnavailable").filter(|c| c["status"] == "True") {
        out.push(finding(
            Severity::Error,
            &subject,
            "NetworkUnavailable",
            format!("The network of node {name} is not set up, so its pods cannot reach others."),
            vec![condition_line(c)],
            "Check the cluster's network plugin (CNI) pods on that node and their logs.",
        ));
    }
    if obj["spec"]["unschedulable"] == true {
        let mut cordoned = finding(
            Severity::Warning,
            &subject,
            "Cordoned (SchedulingDisabled)",
            format!(
                "Node {name} is cordoned: no new pods are scheduled on it; pods already there keep running."
            ),
            vec!["spec.unschedulable=true".into()],
            "If its maintenance is over, uncordon it.",
        );
        // Uncordoning a node that is not ready would send pods to a
        // broken machine: the fix is offered only for a ready one.
        if ready.is_some_and(|c| c["status"] == "True") {
            cordoned.fix = Some(Fix {
                request: format!("kubectl uncordon {name}"),
                summary: format!("uncordon node {name}"),
                why: format!(
                    "{name} is ready but cordoned; uncordoning lets the scheduler place pods on it again"
                ),
            });
        }
        out.push(cordoned);
    }
    // Taints the node controller sets for a condition or a cordon repeat
    // the findings above; the others were put there by someone.
    let taints: Vec<String> = obj["spec"]["taints"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter(|t| matches!(text(t, "/effect"), "NoSchedule" | "NoExecute"))
        .filter(|t| !text(t, "/key").starts_with("node.kubernetes.io/"))
        .map(|t| {
            let value = text(t, "/value");
            format!(
                "taint {}{}:{}",
                text(t, "/key"),
                if value.is_empty() {
                    String::new()
                } else {
                    format!("={value}")
                },
                text(t, "/effect")
            )
        })
        .collect();
    if !taints.is_empty() {
        out.push(finding(
            Severity::Info,
            &subject,
            "Tainted",
            format!("Pods without a matching toleration are not scheduled on node {name} (NoSchedule) or are evicted from it (NoExecute)."),
            taints,
            &format!("If a taint is no longer wanted, remove it: kubectl taint nodes {name} KEY:EFFECT-"),
        ));
    }
    with_warnings(&subject, &mut out, events);
    Examined {
        findings: out,
        fine: format!("node {name} is Ready and schedulable, with no memory, disk or PID pressure"),
        pods: None,
    }
}

/// A persistent volume claim: its phase, and for a pending one why —
/// from its storage class, the cluster's default class and its events.
pub(super) fn claim(
    obj: &Value,
    events: &[Event],
    classes: &Result<Vec<Class>, String>,
) -> Examined {
    let name = text(obj, "/metadata/name");
    let subject = format!("persistentvolumeclaim/{name}");
    let phase = text(obj, "/status/phase");
    let mut out = Vec::new();
    let mut evidence = vec![format!(
        "phase={}",
        if phase.is_empty() { "none" } else { phase }
    )];
    evidence.extend(event_lines(events, |_| true));
    let fine = format!(
        "claim {name} is Bound to volume {}",
        text(obj, "/spec/volumeName")
    );
    match phase {
        "Bound" => {}
        "Lost" => out.push(finding(
            Severity::Error,
            &subject,
            "Lost",
            format!(
                "The volume {} of claim {name} no longer exists; its data may be gone.",
                text(obj, "/spec/volumeName")
            ),
            evidence,
            "Restore the volume from a backup, or delete and recreate the claim for an empty one.",
        )),
        _ => {
            let asked = obj["spec"]["storageClassName"].as_str();
            let class = |c: &str| {
                classes
                    .as_ref()
                    .ok()
                    .and_then(|l| l.iter().find(|k| k.name == c))
            };
            if let Err(note) = classes {
                evidence.push(note.clone());
            }
            let size = text(obj, "/spec/resources/requests/storage");
            let (severity, title, detail, next) = match asked {
                Some("") => (
                    Severity::Warning,
                    "Pending: no matching volume",
                    format!("Claim {name} asks for no storage class, so it binds only to an existing PersistentVolume of at least {size} with the same access modes; none is free."),
                    "Create a matching PersistentVolume, or recreate the claim with a storage class (a claim's class cannot be changed).".to_owned(),
                ),
                Some(c) if classes.is_ok() && class(c).is_none() => (
                    Severity::Error,
                    "StorageClass not found",
                    format!("Claim {name} asks for storage class {c}, which does not exist, so no volume is provisioned for it."),
                    "Recreate the claim with an existing class (a claim's class cannot be changed); kubectl get storageclass lists them.".to_owned(),
                ),
                Some(c) if class(c).is_some_and(|k| k.waits) => (
                    Severity::Info,
                    "Waiting for a pod",
                    format!("Storage class {c} provisions a volume only once a pod using claim {name} is scheduled (volumeBindingMode WaitForFirstConsumer); until then the claim stays Pending."),
                    "Start a pod that mounts the claim; if one exists and is Pending, diagnose that pod.".to_owned(),
                ),
                None if classes.as_ref().is_ok_and(|l| !l.iter().any(|k| k.default)) => (
                    Severity::Error,
                    "No default StorageClass",
                    format!("Claim {name} names no storage class and the cluster has no default one, so nothing provisions a volume for it."),
                    "Recreate the claim with storageClassName set, or mark a class as the default (annotation storageclass.kubernetes.io/is-default-class=true).".to_owned(),
                ),
                _ => (
                    Severity::Error,
                    "Pending",
                    format!(
                        "Claim {name} is not bound to a volume yet{}.",
                        asked.map(|c| format!(" (storage class {c})")).unwrap_or_default()
                    ),
                    format!("The events above say why when the provisioner reported it (quota, zone, parameters); none means the class's provisioner may not be running. kubectl describe pvc {name} shows them."),
                ),
            };
            if let Some(c) = asked.filter(|c| !c.is_empty()) {
                evidence.push(format!("storageClassName={c}"));
            }
            out.push(finding(severity, &subject, title, detail, evidence, &next));
        }
    }
    Examined {
        findings: out,
        fine,
        pods: None,
    }
}

fn selector(obj: &Value) -> Option<BTreeMap<String, String>> {
    let labels: BTreeMap<String, String> = obj["spec"]["selector"]["matchLabels"]
        .as_object()?
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
        .collect();
    (!labels.is_empty()).then_some(labels)
}

/// A job: failed, suspended, retrying or done; a failed or retrying job's
/// pods are examined after it.
pub(super) fn job(obj: &Value, events: &[Event]) -> Examined {
    let name = text(obj, "/metadata/name");
    let ns = text(obj, "/metadata/namespace");
    let subject = format!("job/{name}");
    let failed = integer(obj, "/status/failed").unwrap_or(0);
    let succeeded = integer(obj, "/status/succeeded").unwrap_or(0);
    let active = integer(obj, "/status/active").unwrap_or(0);
    let limit = integer(obj, "/spec/backoffLimit").unwrap_or(6);
    let mut out = Vec::new();
    let mut pods = None;
    if let Some(c) = condition(obj, "Failed").filter(|c| c["status"] == "True") {
        let detail = match text(c, "/reason") {
            "BackoffLimitExceeded" => format!(
                "Job {name} gave up after {failed} failed pod(s), reaching its backoffLimit of {limit}."
            ),
            "DeadlineExceeded" => format!(
                "Job {name} ran longer than its activeDeadlineSeconds of {} and was stopped.",
                integer(obj, "/spec/activeDeadlineSeconds").unwrap_or(0)
            ),
            _ => format!("Job {name} failed: {}", said(c, "no reason given")),
        };
        let reason = text(c, "/reason");
        out.push(finding(
            Severity::Error,
            &subject,
            &if reason.is_empty() {
                "Failed".to_owned()
            } else {
                format!("Failed: {reason}")
            },
            detail,
            vec![condition_line(c), format!("failed={failed} succeeded={succeeded} active={active}")],
            "See its pods' findings; fix the cause, then delete and recreate the job (a failed job does not run again).",
        ));
        pods = selector(obj);
    } else if obj["spec"]["suspend"] == true {
        let mut f = finding(
            Severity::Warning,
            &subject,
            "Suspended",
            format!("Job {name} is suspended: it starts no pods until resumed."),
            vec!["spec.suspend=true".into()],
            "Resume it if it should run.",
        );
        f.fix = Some(resume("job", name, ns));
        out.push(f);
    } else if failed > 0 && condition(obj, "Complete").is_none_or(|c| c["status"] != "True") {
        out.push(finding(
            Severity::Warning,
            &subject,
            "Retrying",
            format!("{failed} pod(s) of job {name} failed so far; it retries until {limit} have (its backoffLimit)."),
            vec![format!("failed={failed} succeeded={succeeded} active={active}")],
            "See its pods' findings for why they fail.",
        ));
        pods = selector(obj);
    }
    with_warnings(&subject, &mut out, events);
    let fine = if condition(obj, "Complete").is_some_and(|c| c["status"] == "True") {
        format!("job {name} completed: {succeeded} pod(s) succeeded")
    } else {
        format!("job {name} is running: {active} active pod(s), none failed")
    };
    Examined {
        findings: out,
        fine,
        pods,
    }
}

/// A cron job: suspended, never run, or its newest job failed (whose pods
/// are then examined). `jobs` are the namespace's jobs, read as the person.
pub(super) fn cronjob(
    obj: &Value,
    events: &[Event],
    jobs: &Result<Vec<Value>, String>,
) -> Examined {
    let name = text(obj, "/metadata/name");
    let ns = text(obj, "/metadata/namespace");
    let subject = format!("cronjob/{name}");
    let schedule = text(obj, "/spec/schedule");
    let last = text(obj, "/status/lastScheduleTime");
    let mut out = Vec::new();
    let mut pods = None;
    let suspended = obj["spec"]["suspend"] == true;
    if suspended {
        let mut f = finding(
            Severity::Warning,
            &subject,
            "Suspended",
            format!(
                "CronJob {name} is suspended: no job is started on its schedule ({schedule}) until resumed."
            ),
            vec!["spec.suspend=true".into()],
            "Resume it if it should run.",
        );
        f.fix = Some(resume("cronjob", name, ns));
        out.push(f);
    } else if last.is_empty() {
        out.push(finding(
            Severity::Info,
            &subject,
            "Never run",
            format!("CronJob {name} has not started a job yet (schedule {schedule})."),
            Vec::new(),
            "Check when the schedule next fires (UTC unless spec.timeZone is set); if it should have run, the kube-controller-manager's logs say why not.",
        ));
    }
    match jobs {
        Err(note) => {
            if let Some(f) = out.first_mut() {
                f.evidence.push(note.clone());
            } else {
                out.push(finding(
                    Severity::Info,
                    &subject,
                    "Jobs not checked",
                    format!("The jobs of cronjob {name} were not checked: {note}."),
                    Vec::new(),
                    "Ask an admin for list rights on jobs to have its runs checked.",
                ));
            }
        }
        Ok(all) => {
            let newest = all
                .iter()
                .filter(|j| {
                    j["metadata"]["ownerReferences"]
                        .as_array()
                        .is_some_and(|o| {
                            o.iter()
                                .any(|o| o["kind"] == "CronJob" && o["name"] == name)
                        })
                })
                .max_by_key(|j| text(j, "/metadata/creationTimestamp").to_owned());
            if let Some(j) = newest
                && let Some(c) = condition(j, "Failed").filter(|c| c["status"] == "True")
            {
                let jname = text(j, "/metadata/name");
                out.push(finding(
                    Severity::Error,
                    &subject,
                    "Last run failed",
                    format!("The newest job of cronjob {name}, {jname}, failed: {}", said(c, "no reason given")),
                    vec![condition_line(c)],
                    "See its pods' findings; the next run starts on schedule, so fix the cause before then.",
                ));
                pods = selector(j);
            }
        }
    }
    with_warnings(&subject, &mut out, events);
    let success = text(obj, "/status/lastSuccessfulTime");
    Examined {
        findings: out,
        fine: format!(
            "cronjob {name} runs on schedule {schedule}; last run {}, last success {}",
            if last.is_empty() { "never" } else { last },
            if success.is_empty() { "never" } else { success }
        ),
        pods,
    }
}

/// A horizontal pod autoscaler (autoscaling/v2): whether it can read its
/// target and metrics, and whether it is held at its maximum.
pub(super) fn autoscaler(obj: &Value, events: &[Event]) -> Examined {
    let name = text(obj, "/metadata/name");
    let subject = format!("horizontalpodautoscaler/{name}");
    let target = format!(
        "{}/{}",
        text(obj, "/spec/scaleTargetRef/kind").to_ascii_lowercase(),
        text(obj, "/spec/scaleTargetRef/name")
    );
    let current = integer(obj, "/status/currentReplicas").unwrap_or(0);
    let max = integer(obj, "/spec/maxReplicas").unwrap_or(0);
    let min = integer(obj, "/spec/minReplicas").unwrap_or(1);
    let mut out = Vec::new();
    let has_conditions = obj["status"]["conditions"]
        .as_array()
        .is_some_and(|c| !c.is_empty());
    if !has_conditions {
        out.push(finding(
            Severity::Info,
            &subject,
            "No status yet",
            format!("No controller has reported on autoscaler {name} yet: it is new, or the kube-controller-manager is not running."),
            Vec::new(),
            "Wait a minute and ask again; if it stays without status, check the kube-controller-manager.",
        ));
    }
    if let Some(c) = condition(obj, "AbleToScale").filter(|c| c["status"] == "False") {
        out.push(finding(
            Severity::Error,
            &subject,
            "Cannot scale",
            format!("Autoscaler {name} cannot scale {target}: {}", said(c, "no reason given")),
            vec![condition_line(c)],
            &format!("Check that {target} exists in this namespace and that scaleTargetRef names it (kind, name, apiVersion)."),
        ));
    }
    if let Some(c) = condition(obj, "ScalingActive").filter(|c| c["status"] == "False") {
        let (title, next) = if text(c, "/reason") == "ScalingDisabled" {
            (
                "Scaling disabled",
                format!(
                    "{target} is scaled to zero, which turns the autoscaler off; scale it up to resume autoscaling."
                ),
            )
        } else {
            (
                "Metrics unavailable",
                "Check that metrics-server runs (kubectl top pods shows usage) and that the target's containers request the resource it scales on: a CPU percentage needs CPU requests.".to_owned(),
            )
        };
        out.push(finding(
            Severity::Error,
            &subject,
            title,
            format!(
                "Autoscaler {name} is not scaling {target}: {}",
                said(c, "no reason given")
            ),
            vec![condition_line(c)],
            &next,
        ));
    }
    if let Some(c) = condition(obj, "ScalingLimited")
        .filter(|c| c["status"] == "True" && c["reason"] == "TooManyReplicas")
    {
        out.push(finding(
            Severity::Warning,
            &subject,
            "At maximum replicas",
            format!("Autoscaler {name} wants more replicas of {target} than its maxReplicas of {max}; it runs {current}."),
            vec![condition_line(c)],
            &format!("If the cluster has room, raise the maximum: kubectl patch hpa {name} -p '{{\"spec\":{{\"maxReplicas\":{}}}}}'", max.saturating_mul(2).max(1)),
        ));
    }
    with_warnings(&subject, &mut out, events);
    Examined {
        findings: out,
        fine: format!(
            "autoscaler {name} scales {target} between {min} and {max} replicas and runs {current}; it reads its metrics"
        ),
        pods: None,
    }
}

/// The services an ingress sends to, with where from (`host/path`).
fn backends(obj: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let default = text(obj, "/spec/defaultBackend/service/name");
    if !default.is_empty() {
        out.push((default.to_owned(), "the default backend".to_owned()));
    }
    for rule in obj["spec"]["rules"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let host = text(rule, "/host");
        for path in rule["http"]["paths"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let svc = text(path, "/backend/service/name");
            if !svc.is_empty() {
                out.push((
                    svc.to_owned(),
                    format!(
                        "{}{}",
                        if host.is_empty() { "*" } else { host },
                        text(path, "/path")
                    ),
                ));
            }
        }
    }
    out
}

/// An ingress: its backend services exist, and a controller gave it an
/// address. `services` are the names in its namespace, read as the person.
pub(super) fn ingress(
    obj: &Value,
    events: &[Event],
    services: &Result<Vec<String>, String>,
) -> Examined {
    let name = text(obj, "/metadata/name");
    let ns = text(obj, "/metadata/namespace");
    let subject = format!("ingress/{name}");
    let mut out = Vec::new();
    let wanted = backends(obj);
    match services {
        Ok(names) => {
            let mut missing: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for (svc, from) in &wanted {
                if !names.iter().any(|n| n == svc) {
                    missing.entry(svc).or_default().push(from);
                }
            }
            for (svc, from) in missing {
                out.push(finding(
                    Severity::Error,
                    &subject,
                    "Backend service missing",
                    format!("Ingress {name} sends {} to service {svc}, which does not exist in {ns}, so those requests fail.", from.join(", ")),
                    vec![format!("backend service {svc}: not found")],
                    "Create the service, or correct the backend's service name in the ingress.",
                ));
            }
        }
        Err(note) => out.push(finding(
            Severity::Info,
            &subject,
            "Backends not checked",
            format!("The backend services of ingress {name} were not checked: {note}."),
            Vec::new(),
            "Ask an admin for list rights on services to have them checked.",
        )),
    }
    let addressed = obj["status"]["loadBalancer"]["ingress"]
        .as_array()
        .is_some_and(|a| !a.is_empty());
    let class = text(obj, "/spec/ingressClassName");
    if !addressed {
        out.push(finding(
            Severity::Warning,
            &subject,
            "No address",
            format!(
                "No ingress controller has given ingress {name} an address{}, so it serves no traffic yet.",
                if class.is_empty() { String::new() } else { format!(" (class {class})") }
            ),
            vec!["status.loadBalancer.ingress is empty".into()],
            "Check that an ingress controller for its class runs (kubectl get ingressclass, and the controller's pods).",
        ));
    }
    with_warnings(&subject, &mut out, events);
    Examined {
        findings: out,
        fine: format!(
            "ingress {name} has an address and its {} backend service(s) exist",
            wanted.len()
        ),
        pods: None,
    }
}

/// Condition types that are good when True; others named here are bad
/// when True.
const GOOD_WHEN_TRUE: &[&str] = &[
    "Ready",
    "Available",
    "Established",
    "NamesAccepted",
    "Synced",
    "Healthy",
    "Reconciled",
    "Bound",
    "Complete",
    "Progressing",
];

fn bad_when_true(type_: &str) -> bool {
    [
        "Pressure",
        "Failed",
        "Failure",
        "Degraded",
        "Stalled",
        "Unavailable",
        "Error",
    ]
    .iter()
    .any(|s| type_.ends_with(s))
}

/// Any other object: conditions that say something is wrong, and warning
/// events. `kind` is its singular (`configmap`).
pub(super) fn other(kind: &str, obj: &Value, events: &[Event]) -> Examined {
    let name = text(obj, "/metadata/name");
    let subject = format!("{kind}/{name}");
    let conditions = obj["status"]["conditions"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut out = Vec::new();
    for c in conditions {
        let type_ = text(c, "/type");
        let status = text(c, "/status");
        let bad = (GOOD_WHEN_TRUE.contains(&type_) && status == "False")
            || (bad_when_true(type_) && status == "True");
        if bad {
            out.push(finding(
                Severity::Error,
                &subject,
                &format!("{type_}={status}"),
                format!("{kind} {name}: {}", said(c, &format!("condition {type_} is {status}"))),
                vec![condition_line(c)],
                "The condition's reason and message say what its controller found; kubectl describe shows the object with its events.",
            ));
        }
    }
    with_warnings(&subject, &mut out, events);
    let fine = if conditions.is_empty() {
        format!("{kind} {name} has no status conditions to check and no warning events")
    } else {
        format!(
            "{kind} {name}: {}",
            conditions
                .iter()
                .map(|c| format!("{}={}", text(c, "/type"), text(c, "/status")))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Examined {
        findings: out,
        fine,
        pods: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(e: &Examined) -> Vec<&str> {
        e.findings.iter().map(|f| f.title.as_str()).collect()
    }

    fn warning(reason: &str, message: &str) -> Event {
        serde_json::from_value(json!({
            "metadata": {"name": "e"}, "involvedObject": {},
            "type": "Warning", "reason": reason, "message": message
        }))
        .unwrap()
    }

    #[test]
    fn kinds_with_pods_are_left_to_their_pods() {
        assert_eq!(Kind::of("deployments"), None);
        assert_eq!(Kind::of("pods"), None);
        assert_eq!(Kind::of("nodes"), Some(Kind::Node));
        assert_eq!(Kind::of("configmaps"), Some(Kind::Other));
    }

    #[test]
    fn a_node_is_judged_by_its_conditions_cordon_and_taints_never_by_replicas() {
        let ready = json!({"metadata": {"name": "w1"}, "status": {"conditions": [
            {"type": "Ready", "status": "True"},
            {"type": "MemoryPressure", "status": "False"}
        ]}});
        let e = node(&ready, &[]);
        assert!(e.findings.is_empty(), "{:?}", e.findings);
        assert!(e.fine.contains("Ready and schedulable"));

        let down = json!({"metadata": {"name": "w1"}, "status": {"conditions": [
            {"type": "Ready", "status": "Unknown", "reason": "NodeStatusUnknown",
             "message": "Kubelet stopped posting node status.", "lastHeartbeatTime": "2026-12-01T10:00:00Z"},
            {"type": "DiskPressure", "status": "True", "reason": "KubeletHasDiskPressure"}
        ]}, "spec": {"unschedulable": true, "taints": [
            {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"},
            {"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}
        ]}});
        let e = node(
            &down,
            &[warning(
                "NodeNotReady",
                "Node w1 status is now: NodeNotReady",
            )],
        );
        assert_eq!(
            titles(&e),
            [
                "NotReady: no heartbeat",
                "DiskPressure",
                "Cordoned (SchedulingDisabled)",
                "Tainted"
            ]
        );
        assert!(
            e.findings[0]
                .detail
                .contains("last heartbeat 2026-12-01T10:00:00Z")
        );
        assert!(
            e.findings[0]
                .evidence
                .iter()
                .any(|l| l.contains("NodeNotReady"))
        );
        // Not ready: no uncordon is proposed; the taint list leaves out
        // the controller's own taints.
        assert!(e.findings[2].fix.is_none());
        assert_eq!(e.findings[3].evidence, ["taint dedicated=gpu:NoSchedule"]);

        let cordoned = json!({"metadata": {"name": "w2"}, "spec": {"unschedulable": true},
            "status": {"conditions": [{"type": "Ready", "status": "True"}]}});
        let e = node(&cordoned, &[]);
        assert_eq!(
            e.findings[0].fix.as_ref().unwrap().request,
            "kubectl uncordon w2"
        );

        let never = json!({"metadata": {"name": "w3"}});
        assert_eq!(titles(&node(&never, &[])), ["No status reported"]);
    }

    fn pvc(class: Option<&str>, phase: &str) -> Value {
        json!({"metadata": {"name": "data"}, "spec": {"storageClassName": class,
            "resources": {"requests": {"storage": "1Gi"}}, "volumeName": "pv-1"},
            "status": {"phase": phase}})
    }

    #[test]
    fn a_pending_claim_says_which_class_is_missing_or_what_it_waits_for() {
        let classes = Ok(vec![
            Class {
                name: "standard".into(),
                default: true,
                waits: false,
            },
            Class {
                name: "local".into(),
                default: false,
                waits: true,
            },
        ]);
        assert!(
            claim(&pvc(Some("standard"), "Bound"), &[], &classes)
                .findings
                .is_empty()
        );
        let e = claim(&pvc(Some("fast-ssd"), "Pending"), &[], &classes);
        assert_eq!(titles(&e), ["StorageClass not found"]);
        assert!(e.findings[0].detail.contains("fast-ssd"));
        assert_eq!(
            titles(&claim(&pvc(Some("local"), "Pending"), &[], &classes)),
            ["Waiting for a pod"]
        );
        assert_eq!(
            titles(&claim(&pvc(Some(""), "Pending"), &[], &classes)),
            ["Pending: no matching volume"]
        );
        let e = claim(
            &pvc(Some("standard"), "Pending"),
            &[warning("ProvisioningFailed", "quota exceeded")],
            &classes,
        );
        assert_eq!(titles(&e), ["Pending"]);
        assert!(
            e.findings[0]
                .evidence
                .iter()
                .any(|l| l.contains("quota exceeded"))
        );
        let no_default = Ok(vec![Class {
            name: "local".into(),
            default: false,
            waits: true,
        }]);
        assert_eq!(
            titles(&claim(&pvc(None, "Pending"), &[], &no_default)),
            ["No default StorageClass"]
        );
        // Classes the person may not read: no guess about the class.
        let unread = Err("storage classes could not be read (forbidden to you)".to_owned());
        let e = claim(&pvc(Some("fast-ssd"), "Pending"), &[], &unread);
        assert_eq!(titles(&e), ["Pending"]);
        assert!(
            e.findings[0]
                .evidence
                .iter()
                .any(|l| l.contains("forbidden to you"))
        );
        assert_eq!(
            titles(&claim(&pvc(Some("standard"), "Lost"), &[], &classes)),
            ["Lost"]
        );
    }

    #[test]
    fn a_failed_job_names_its_limit_and_hands_over_to_its_pods() {
        let failed = json!({"metadata": {"name": "report", "namespace": "batch"},
            "spec": {"backoffLimit": 4, "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "u1"}}},
            "status": {"failed": 5, "conditions": [{"type": "Failed", "status": "True", "reason": "BackoffLimitExceeded",
                "message": "Job has reached the specified backoff limit"}]}});
        let e = job(&failed, &[]);
        assert_eq!(titles(&e), ["Failed: BackoffLimitExceeded"]);
        assert!(
            e.findings[0]
                .detail
                .contains("5 failed pod(s), reaching its backoffLimit of 4")
        );
        assert_eq!(e.pods.unwrap()["batch.kubernetes.io/controller-uid"], "u1");

        let suspended = json!({"metadata": {"name": "report", "namespace": "batch"}, "spec": {"suspend": true}});
        let e = job(&suspended, &[]);
        assert_eq!(titles(&e), ["Suspended"]);
        assert_eq!(
            e.findings[0].fix.as_ref().unwrap().request,
            r#"kubectl patch job report -n batch -p '{"spec":{"suspend":false}}'"#
        );
        let done = json!({"metadata": {"name": "report"}, "status": {"succeeded": 1,
            "conditions": [{"type": "Complete", "status": "True"}]}});
        let e = job(&done, &[]);
        assert!(e.findings.is_empty());
        assert!(e.fine.contains("completed"));
    }

    #[test]
    fn a_cron_job_is_checked_through_its_newest_job() {
        let cron = json!({"metadata": {"name": "backup", "namespace": "ops"},
            "spec": {"schedule": "0 2 * * *"}, "status": {"lastScheduleTime": "2026-12-01T02:00:00Z"}});
        let owned = |name: &str, created: &str, failed: bool| {
            json!({
                "metadata": {"name": name, "creationTimestamp": created,
                    "ownerReferences": [{"kind": "CronJob", "name": "backup"}]},
                "spec": {"selector": {"matchLabels": {"job-name": name}}},
                "status": {"conditions": [{"type": if failed {"Failed"} else {"Complete"}, "status": "True", "reason": "BackoffLimitExceeded"}]}
            })
        };
        let jobs = Ok(vec![
            owned("backup-1", "2026-11-30T02:00:00Z", false),
            owned("backup-2", "2026-12-01T02:00:00Z", true),
        ]);
        let e = cronjob(&cron, &[], &jobs);
        assert_eq!(titles(&e), ["Last run failed"]);
        assert!(e.findings[0].detail.contains("backup-2"));
        assert_eq!(e.pods.unwrap()["job-name"], "backup-2");
        // The newest succeeded: nothing wrong.
        let jobs = Ok(vec![
            owned("backup-1", "2026-11-30T02:00:00Z", true),
            owned("backup-2", "2026-12-01T02:00:00Z", false),
        ]);
        assert!(cronjob(&cron, &[], &jobs).findings.is_empty());
        let never = json!({"metadata": {"name": "backup"}, "spec": {"schedule": "0 2 * * *"}});
        assert_eq!(
            titles(&cronjob(&never, &[], &Ok(Vec::new()))),
            ["Never run"]
        );
    }

    #[test]
    fn an_autoscaler_reports_missing_metrics_and_its_ceiling() {
        let hpa = json!({"metadata": {"name": "web"},
        "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "minReplicas": 2, "maxReplicas": 5},
        "status": {"currentReplicas": 5, "conditions": [
            {"type": "AbleToScale", "status": "True"},
            {"type": "ScalingActive", "status": "False", "reason": "FailedGetResourceMetric",
             "message": "unable to get metrics for resource cpu"},
            {"type": "ScalingLimited", "status": "True", "reason": "TooManyReplicas"}
        ]}});
        let e = autoscaler(&hpa, &[]);
        assert_eq!(titles(&e), ["Metrics unavailable", "At maximum replicas"]);
        assert!(
            e.findings[0]
                .detail
                .contains("deployment/web: unable to get metrics")
        );
        assert!(e.findings[1].next_step.contains("\"maxReplicas\":10"));
        let new = json!({"metadata": {"name": "web"}, "spec": {"maxReplicas": 5}});
        assert_eq!(titles(&autoscaler(&new, &[])), ["No status yet"]);
    }

    #[test]
    fn an_ingress_names_its_missing_backends_and_a_missing_address() {
        let ing = json!({"metadata": {"name": "shop", "namespace": "web"}, "spec": {
        "ingressClassName": "nginx",
        "rules": [{"host": "shop.example", "http": {"paths": [
            {"path": "/", "backend": {"service": {"name": "front", "port": {"number": 80}}}},
            {"path": "/api", "backend": {"service": {"name": "api", "port": {"number": 80}}}}
        ]}}]}});
        let e = ingress(&ing, &[], &Ok(vec!["front".into()]));
        assert_eq!(titles(&e), ["Backend service missing", "No address"]);
        assert!(
            e.findings[0]
                .detail
                .contains("shop.example/api to service api")
        );
        assert!(e.findings[1].detail.contains("(class nginx)"));
    }

    #[test]
    fn any_other_object_is_read_by_its_conditions_and_events() {
        let crd = json!({"metadata": {"name": "widgets.example.com"}, "status": {"conditions": [
            {"type": "Established", "status": "False", "reason": "Installing"},
            {"type": "NamesAccepted", "status": "True"}
        ]}});
        assert_eq!(
            titles(&other("customresourcedefinition", &crd, &[])),
            ["Established=False"]
        );
        let cm = json!({"metadata": {"name": "app-config"}});
        let e = other("configmap", &cm, &[]);
        assert!(e.findings.is_empty());
        assert!(e.fine.contains("no status conditions"));
        let e = other("configmap", &cm, &[warning("Invalid", "bad key")]);
        assert_eq!(titles(&e), ["Warning events"]);
    }
}
