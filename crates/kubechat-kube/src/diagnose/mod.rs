//! Answering "why is X crashing / pending / not ready?".
//!
//! From pod and owner status, container states, restart counts, last
//! termination reasons and exit codes, recent events and the last log
//! lines of the failing container, produce findings in plain language.
//! Each finding names its evidence and a next step.

use std::collections::BTreeMap;

use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{ContainerStatus, Event, Node, Pod, Service};
use k8s_openapi::api::storage::v1::StorageClass;
use kube::api::{Api, ListParams, LogParams};
use kubechat_core::{Operation, kubectl};
use serde::Serialize;
use serde_json::json;

use crate::error::Attempt;
use crate::executor::Executor;
use crate::outcome::{Outcome, OutcomeKind};
use crate::{Actor, Error, Result};

mod objects;

/// Most pods examined for one question.
pub const MAX_PODS: usize = 20;
/// Log lines quoted as evidence for a crash.
pub const EVIDENCE_LOG_LINES: i64 = 20;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// One thing found wrong (or found fine).
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// `pod/web-1`, `deployment/web`, `service/web`.
    pub subject: String,
    /// Short: "CrashLoopBackOff".
    pub title: String,
    /// Plain-language explanation.
    pub detail: String,
    /// What the finding rests on: statuses, events, log lines.
    pub evidence: Vec<String>,
    pub next_step: String,
    /// A remedy the evidence determines: asking `request` previews it
    /// (dry run, confirmation, policy and audit as for any change).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// The container a crash or pull failure is about, for the remedies
    /// that need the workload's history (not shown).
    #[serde(skip)]
    container: Option<String>,
}

/// A proposed fix of one finding.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Fix {
    /// A chat request (kubectl syntax) that previews the change.
    pub request: String,
    /// What it changes, in one line.
    pub summary: String,
    /// Why this change, from the evidence.
    pub why: String,
}

/// Memory limits a fix proposes at most (8 GiB): beyond, a person decides.
const MAX_FIX_MEMORY: u64 = 8 * 1024 * 1024 * 1024;

/// The workload a pod belongs to, as `(kind plural, name)`: a
/// ReplicaSet's Deployment (its name without the pod-template hash), or a
/// StatefulSet or DaemonSet.
fn owner_workload(pod: &Pod) -> Option<(&'static str, String)> {
    let owner = pod
        .metadata
        .owner_references
        .as_ref()?
        .iter()
        .find(|o| o.controller == Some(true))?;
    match owner.kind.as_str() {
        "ReplicaSet" => {
            let hash = pod.metadata.labels.as_ref()?.get("pod-template-hash")?;
            let deployment = owner.name.strip_suffix(&format!("-{hash}"))?;
            Some(("deployment", deployment.to_owned()))
        }
        "StatefulSet" => Some(("statefulset", owner.name.clone())),
        "DaemonSet" => Some(("daemonset", owner.name.clone())),
        _ => None,
    }
}

/// OOMKilled: the workload's memory limit for `container`, doubled from
/// the limit it was killed at (at least 64 MiB more, at most 8 GiB).
fn oom_fix(pod: &Pod, container: &str, limit: &str) -> Option<Fix> {
    let (kind, workload) = owner_workload(pod)?;
    let ns = pod.metadata.namespace.clone()?;
    let now = crate::quantity::memory_bytes(limit)?;
    let raised = now.saturating_mul(2).max(now.saturating_add(64 << 20));
    if raised > MAX_FIX_MEMORY {
        return None;
    }
    let mib = raised.div_ceil(1 << 20);
    let patch = json!({"spec": {"template": {"spec": {"containers": [
        {"name": container, "resources": {"limits": {"memory": format!("{mib}Mi")}}}
    ]}}}});
    Some(Fix {
        request: format!("kubectl patch {kind} {workload} -n {ns} -p '{patch}'"),
        summary: format!(
            "raise the memory limit of {kind}/{workload} container {container} from {limit} to {mib}Mi"
        ),
        why: format!(
            "container {container} was killed for reaching its limit of {limit}; twice the limit leaves it room, and the next restarts show whether that is enough"
        ),
    })
}

fn finding(
    severity: Severity,
    subject: &str,
    title: &str,
    detail: String,
    evidence: Vec<String>,
    next_step: &str,
) -> Finding {
    Finding {
        severity,
        subject: subject.to_owned(),
        title: title.to_owned(),
        detail,
        evidence,
        next_step: next_step.to_owned(),
        fix: None,
        container: None,
    }
}

fn event_lines(events: &[Event], filter: impl Fn(&Event) -> bool) -> Vec<String> {
    events
        .iter()
        .filter(|e| filter(e))
        .take(3)
        .map(|e| {
            format!(
                "event {}: {}{}",
                e.reason.clone().unwrap_or_default(),
                e.message
                    .clone()
                    .unwrap_or_default()
                    .chars()
                    .take(300)
                    .collect::<String>(),
                e.count
                    .filter(|c| *c > 1)
                    .map(|c| format!(" (x{c})"))
                    .unwrap_or_default()
            )
        })
        .collect()
}

/// Examines one pod; `logs` fetches the previous container's tail.
async fn examine_pod(pods: &Api<Pod>, pod: &Pod, events: &[Event]) -> Vec<Finding> {
    let name = pod.metadata.name.clone().unwrap_or_default();
    let subject = format!("pod/{name}");
    let mut out = Vec::new();
    let status = pod.status.clone().unwrap_or_default();
    let phase = status.phase.clone().unwrap_or_default();
    let spec = pod.spec.clone().unwrap_or_default();

    if phase == "Pending" {
        let unsched = status.conditions.as_ref().and_then(|c| {
            c.iter()
                .find(|c| c.type_ == "PodScheduled" && c.status == "False")
        });
        if let Some(c) = unsched {
            let mut evidence = vec![format!(
                "condition PodScheduled=False reason={} message={}",
                c.reason.clone().unwrap_or_default(),
                c.message.clone().unwrap_or_default()
            )];
            evidence.extend(event_lines(events, |e| {
                e.reason.as_deref() == Some("FailedScheduling")
            }));
            out.push(finding(
                Severity::Error,
                &subject,
                "Pending: cannot be scheduled",
                format!(
                    "The scheduler cannot place {name} on any node: {}",
                    c.message.clone().unwrap_or_else(|| "no reason given".into())
                ),
                evidence,
                "Compare the pod's CPU/memory requests, node selectors, affinity and tolerations with the nodes (kubectl describe nodes); lower the requests or add capacity.",
            ));
        } else if spec.node_name.is_none() {
            out.push(finding(
                Severity::Warning,
                &subject,
                "Pending: not scheduled yet",
                format!("{name} has not been assigned to a node yet."),
                event_lines(events, |_| true),
                "Check that a scheduler is running and look at the pod's events.",
            ));
        }
    }

    let all: Vec<(bool, ContainerStatus)> = status
        .init_container_statuses
        .clone()
        .unwrap_or_default()
        .into_iter()
        .map(|c| (true, c))
        .chain(
            status
                .container_statuses
                .clone()
                .unwrap_or_default()
                .into_iter()
                .map(|c| (false, c)),
        )
        .collect();
    for (init, cs) in &all {
        let cname = &cs.name;
        let kind = if *init { "init container" } else { "container" };
        let waiting = cs.state.as_ref().and_then(|s| s.waiting.clone());
        let last = cs.last_state.as_ref().and_then(|s| s.terminated.clone());
        let current_term = cs.state.as_ref().and_then(|s| s.terminated.clone());
        let reason = waiting
            .as_ref()
            .and_then(|w| w.reason.clone())
            .unwrap_or_default();
        let oom = last
            .as_ref()
            .or(current_term.as_ref())
            .is_some_and(|t| t.reason.as_deref() == Some("OOMKilled"));
        let limit = spec
            .containers
            .iter()
            .find(|c| &c.name == cname)
            .and_then(|c| {
                c.resources
                    .as_ref()?
                    .limits
                    .as_ref()?
                    .get("memory")
                    .map(|q| q.0.clone())
            });

        if oom {
            let mut oomed = finding(
                Severity::Error,
                &subject,
                "OOMKilled",
                format!(
                    "{kind} {cname} was killed for using more memory than its limit{} ({} restarts).",
                    limit
                        .as_ref()
                        .map(|l| format!(" of {l}"))
                        .unwrap_or_default(),
                    cs.restart_count
                ),
                vec![format!(
                    "last termination: reason=OOMKilled exit code={}",
                    last.as_ref()
                        .or(current_term.as_ref())
                        .map_or(137, |t| t.exit_code)
                )],
                "Raise the container's memory limit or find what makes it use more memory (a leak, a larger input); kubectl top pod shows current usage when metrics-server runs.",
            );
            oomed.fix = limit
                .as_deref()
                .filter(|_| !*init)
                .and_then(|l| oom_fix(pod, cname, l));
            out.push(oomed);
        }
        match reason.as_str() {
            "CrashLoopBackOff" if !oom => {
                let mut evidence = vec![format!(
                    "{kind} {cname}: waiting CrashLoopBackOff, {} restarts",
                    cs.restart_count
                )];
                if let Some(t) = &last {
                    evidence.push(format!(
                        "last termination: reason={} exit code={}{}",
                        t.reason.clone().unwrap_or_default(),
                        t.exit_code,
                        t.message
                            .as_ref()
                            .map(|m| format!(" message={m}"))
                            .unwrap_or_default()
                    ));
                }
                let lp = LogParams {
                    container: Some(cname.clone()),
                    previous: true,
                    tail_lines: Some(EVIDENCE_LOG_LINES),
                    limit_bytes: Some(16 * 1024),
                    ..LogParams::default()
                };
                let on_node = spec.node_name.is_some();
                match if on_node {
                    pods.logs(&name, &lp).await.map(Some)
                } else {
                    Ok(None)
                } {
                    Ok(None) => evidence.push("no logs: the pod is not running on a node".into()),
                    Ok(Some(text)) if !text.trim().is_empty() => {
                        evidence.push("last lines of the previous container:".into());
                        evidence.extend(text.lines().map(|l| {
                            format!(
                                "  {}",
                                l.chars().filter(|c| !c.is_control()).collect::<String>()
                            )
                        }));
                    }
                    Ok(Some(_)) => {
                        evidence.push("the previous container wrote no log lines".into())
                    }
                    Err(e) => evidence.push(format!(
                        "previous logs unavailable: {}",
                        short(&e.to_string())
                    )),
                }
                out.push(Finding { container: Some(cname.clone()), ..finding(
                    Severity::Error,
                    &subject,
                    "CrashLoopBackOff",
                    format!(
                        "{kind} {cname} keeps exiting{} and Kubernetes is backing off before restarting it.",
                        last.as_ref().map(|t| format!(" with exit code {}", t.exit_code)).unwrap_or_default()
                    ),
                    evidence,
                    "Read the log lines above for the error; check the command, configuration and environment the container needs (ConfigMaps, Secrets, dependencies it connects to at start).",
                )});
            }
            "ImagePullBackOff" | "ErrImagePull" | "InvalidImageName" => {
                let image = spec
                    .containers
                    .iter()
                    .chain(spec.init_containers.iter().flatten())
                    .find(|c| &c.name == cname)
                    .and_then(|c| c.image.clone())
                    .unwrap_or_default();
                let mut evidence = vec![format!(
                    "{kind} {cname}: waiting {reason}: {}",
                    waiting
                        .as_ref()
                        .and_then(|w| w.message.clone())
                        .unwrap_or_default()
                )];
                evidence.extend(event_lines(events, |e| {
                    matches!(e.reason.as_deref(), Some("Failed" | "BackOff"))
                        && e.message
                            .as_deref()
                            .is_some_and(|m| m.contains("image") || m.contains("pull"))
                }));
                out.push(Finding {
                    container: Some(cname.clone()).filter(|_| !*init),
                    ..finding(
                        Severity::Error,
                        &subject,
                        reason.as_str(),
                        format!("The image {image} for {kind} {cname} cannot be pulled."),
                        evidence,
                        "Check the image name and tag exist in the registry, and that the pod has an imagePullSecret if the registry is private.",
                    )
                });
            }
            "CreateContainerConfigError" | "CreateContainerError" => {
                out.push(finding(
                    Severity::Error,
                    &subject,
                    reason.as_str(),
                    format!(
                        "{kind} {cname} cannot be created: {}",
                        waiting
                            .as_ref()
                            .and_then(|w| w.message.clone())
                            .unwrap_or_default()
                    ),
                    vec![format!("{kind} {cname}: waiting {reason}")],
                    "Create the ConfigMap or Secret the container refers to, or fix the reference.",
                ));
            }
            _ => {}
        }
        let running = cs.state.as_ref().is_some_and(|s| s.running.is_some());
        if running && !cs.ready && !*init {
            let probe_events = event_lines(events, |e| {
                e.reason.as_deref() == Some("Unhealthy")
                    && e.message
                        .as_deref()
                        .is_some_and(|m| m.contains("Readiness"))
            });
            let mut unready = finding(
                Severity::Warning,
                &subject,
                "Running but not ready",
                format!(
                    "{kind} {cname} runs but does not pass its readiness probe, so it receives no traffic."
                ),
                if probe_events.is_empty() {
                    vec![format!("{kind} {cname}: running, ready=false")]
                } else {
                    probe_events
                },
                "Check the readiness probe's path, port and timing against what the application serves; kubectl describe pod shows the probe.",
            );
            let refused = unready
                .evidence
                .iter()
                .any(|e| e.contains("connection refused"));
            unready.fix = owner_workload(pod).and_then(|(k, w)| {
                crate::remedy::probe_fix(pod, cname, "readiness", (k, &w), refused)
            });
            out.push(unready);
        }
        let liveness = event_lines(events, |e| {
            e.reason.as_deref() == Some("Unhealthy")
                && e.message.as_deref().is_some_and(|m| m.contains("Liveness"))
        });
        if !liveness.is_empty() && !*init {
            let mut dying = finding(
                Severity::Warning,
                &subject,
                "Liveness probe failing",
                format!(
                    "{kind} {cname} fails its liveness probe, so the kubelet restarts it ({} restarts).",
                    cs.restart_count
                ),
                liveness,
                "Make the liveness probe check only that the process is alive (not its dependencies), and give it enough initialDelaySeconds.",
            );
            let refused = dying
                .evidence
                .iter()
                .any(|e| e.contains("connection refused"));
            dying.fix = owner_workload(pod).and_then(|(k, w)| {
                crate::remedy::probe_fix(pod, cname, "liveness", (k, &w), refused)
            });
            out.push(dying);
        }
    }
    if phase == "Failed" {
        out.push(finding(
            Severity::Error,
            &subject,
            "Failed",
            format!(
                "{name} has terminated in failure: {}",
                status
                    .message
                    .clone()
                    .or(status.reason.clone())
                    .unwrap_or_default()
            ),
            vec![format!(
                "phase=Failed reason={}",
                status.reason.clone().unwrap_or_default()
            )],
            "Look at the pod's events and logs; a Job retries according to its backoffLimit.",
        ));
    }
    out
}

fn short(s: &str) -> String {
    s.chars().take(200).collect()
}

fn pod_healthy(p: &Pod) -> bool {
    let s = p.status.clone().unwrap_or_default();
    matches!(s.phase.as_deref(), Some("Succeeded"))
        || (s.phase.as_deref() == Some("Running")
            && s.container_statuses
                .as_ref()
                .is_some_and(|cs| !cs.is_empty() && cs.iter().all(|c| c.ready)))
}

fn selector_string(labels: &BTreeMap<String, String>) -> String {
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// The `diagnose` verb.
pub(crate) async fn diagnose(
    ex: &Executor,
    actor: &Actor,
    client: kube::Client,
    op: &Operation,
    default_ns: &str,
) -> Result<Outcome> {
    let plural = op
        .resource
        .builtin()
        .map_or(op.resource.as_str(), |b| b.plural);
    if let Some(kind) = objects::Kind::of(plural) {
        return diagnose_objects(ex, actor, client, op, default_ns, kind).await;
    }
    if op.all_namespaces && op.name.is_none() {
        return diagnose_everywhere(ex, actor, client, op).await;
    }
    let ns = op
        .namespace
        .as_ref()
        .map_or(default_ns, |n| n.as_str())
        .to_owned();
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    let fail = |verb: &'static str, resource: &'static str, name: Option<String>| {
        let (user, ns) = (actor.user.clone(), ns.clone());
        move |e: kube::Error| {
            Attempt {
                user: &user,
                verb,
                resource,
                name: name.as_deref(),
                namespace: Some(&ns),
            }
            .fail(e)
        }
    };
    let mut findings = Vec::new();
    let mut examined: Vec<Pod> = Vec::new();
    let resource = op.resource.as_str();
    let name = op.name.as_ref().map(|n| n.as_str().to_owned());

    match (resource, &name) {
        ("pods", Some(n)) => match pods.get(n).await {
            Ok(p) => examined.push(p),
            // "why is api-gateway crashing": the name may be a workload's.
            Err(kube::Error::Api(s)) if s.code == 404 => {
                examined = owner_pods(ex, actor, client.clone(), &ns, n, &mut findings).await?;
                if examined.is_empty() {
                    return Err(Error::NotFound {
                        resource: "pods".into(),
                        name: n.clone(),
                        namespace: Some(ns),
                    });
                }
            }
            Err(e) => return Err(fail("get", "pods", Some(n.clone()))(e)),
        },
        ("services", Some(n)) => {
            let svcs: Api<Service> = Api::namespaced(client.clone(), &ns);
            let svc = svcs
                .get(n)
                .await
                .map_err(fail("get", "services", Some(n.clone())))?;
            let selector = svc
                .spec
                .as_ref()
                .and_then(|s| s.selector.clone())
                .unwrap_or_default();
            let subject = format!("service/{n}");
            if selector.is_empty() {
                findings.push(finding(Severity::Warning, &subject, "No selector", format!("Service {n} has no selector, so Kubernetes adds no endpoints for it."), vec!["spec.selector is empty".into()], "Add a selector matching your pods' labels, or manage its EndpointSlices yourself."));
            } else {
                let sel = selector_string(&selector);
                let matching = pods
                    .list(&ListParams::default().labels(&sel).limit(100))
                    .await
                    .map_err(fail("list", "pods", None))?
                    .items;
                let ready = matching.iter().filter(|p| pod_healthy(p)).count();
                if matching.is_empty() {
                    findings.push(service_without_pods(client.clone(), &ns, n, &selector).await);
                } else if ready == 0 {
                    findings.push(finding(
                        Severity::Error,
                        &subject,
                        "No ready endpoints",
                        format!(
                            "{} pods match service {n} but none is ready, so requests to it fail.",
                            matching.len()
                        ),
                        vec![format!(
                            "selector {sel} matches {} pods, 0 ready",
                            matching.len()
                        )],
                        "See the findings for the pods below.",
                    ));
                }
                examined = matching
                    .into_iter()
                    .filter(|p| !pod_healthy(p))
                    .take(MAX_PODS)
                    .collect();
            }
        }
        (_, Some(n)) => {
            examined = owner_pods_of(ex, actor, client.clone(), op, &ns, n, &mut findings).await?;
        }
        (_, None) => {
            let all = pods
                .list(&ListParams::default().limit(500))
                .await
                .map_err(fail("list", "pods", None))?
                .items;
            // Services that select no pod at all, matched against the
            // pods just read (no request per service). Services the
            // person may not list are said so, not silently skipped; the
            // pods' findings still come.
            let svcs: Api<Service> = Api::namespaced(client.clone(), &ns);
            match svcs.list(&ListParams::default().limit(100)).await {
                Err(e) => findings.push(finding(
                    Severity::Info,
                    &format!("namespace/{ns}"),
                    "Services not checked",
                    format!(
                        "The services of {ns} were not checked for endpoints: {}.",
                        unread_note("services", &ns, &e).trim_start_matches("no fix proposed: ")
                    ),
                    Vec::new(),
                    "Ask an admin for list rights on services to have them checked.",
                )),
                Ok(list) => {
                    for svc in list.items {
                        let selector = svc
                            .spec
                            .as_ref()
                            .and_then(|s| s.selector.clone())
                            .unwrap_or_default();
                        let selects = |p: &Pod| {
                            let labels = p.metadata.labels.clone().unwrap_or_default();
                            selector.iter().all(|(k, v)| labels.get(k) == Some(v))
                        };
                        if let Some(n) = svc.metadata.name.as_deref()
                            && !selector.is_empty()
                            && !all.iter().any(selects)
                        {
                            findings.push(
                                service_without_pods(client.clone(), &ns, n, &selector).await,
                            );
                        }
                    }
                }
            }
            examined = all
                .into_iter()
                .filter(|p| !pod_healthy(p))
                .take(MAX_PODS)
                .collect();
        }
    }

    findings.extend(examine_pods(ex, client, &ns, &pods, &examined).await);
    let subject = match &name {
        Some(n) => format!(
            "{} {n}",
            op.resource.builtin().map_or(resource, |b| b.singular)
        ),
        None => format!("namespace {ns}"),
    };
    let fine = format!(
        "{} pod(s) examined, all running and ready",
        examined.len().max(usize::from(name.is_some()))
    );
    let data = json!({"pods_examined": examined.len()});
    Ok(report(op, &subject, findings, &fine, data))
}

/// The findings of each of `examined` (pods of `ns`). A crash or pull
/// failure in a Deployment's newest revision gets the fix its history
/// determines (whether a rollback or the earlier image fixes it), read
/// once, as the person.
async fn examine_pods(
    ex: &Executor,
    client: kube::Client,
    ns: &str,
    pods: &Api<Pod>,
    examined: &[Pod],
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut replicasets: Option<Result<Vec<kube::api::DynamicObject>, String>> = None;
    for p in examined {
        let pname = p.metadata.name.clone().unwrap_or_default();
        let events = ex
            .events_for(client.clone(), Some(ns), "Pod", Some(&pname))
            .await
            .unwrap_or_default();
        let mut found = examine_pod(pods, p, &events).await;
        for f in found.iter_mut().filter(|f| f.fix.is_none()) {
            let Some(container) = f.container.clone() else {
                continue;
            };
            if replicasets.is_none() {
                replicasets = Some(
                    crate::rollout::list_history(client.clone(), ns, "ReplicaSet", "replicasets")
                        .await
                        .map_err(|e| unread_note("replicasets", ns, &e)),
                );
            }
            match replicasets.as_ref() {
                Some(Ok(history)) => {
                    let pull = f.title != "CrashLoopBackOff";
                    f.fix = crate::remedy::rollout_fix(p, &container, pull, history);
                }
                Some(Err(note)) => f.evidence.push(note.clone()),
                None => {}
            }
        }
        findings.extend(found);
    }
    findings
}

/// The outcome of a diagnosis of `subject`: its findings, errors first,
/// each with evidence, next step and fix; or, with none, what was found
/// fine. `data` gets the findings added.
fn report(
    op: &Operation,
    subject: &str,
    mut findings: Vec<Finding>,
    fine: &str,
    mut data: serde_json::Value,
) -> Outcome {
    findings.sort_by_key(|f| f.severity);
    let (summary, text) = if findings.is_empty() {
        let s = format!("no problems found for {subject}: {fine}");
        (s.clone(), format!("{s}\n"))
    } else {
        let mut text = String::new();
        for f in &findings {
            text.push_str(&format!(
                "[{}] {}: {}\n  {}\n",
                format!("{:?}", f.severity).to_ascii_uppercase(),
                f.subject,
                f.title,
                f.detail
            ));
            for e in &f.evidence {
                text.push_str(&format!("    - {e}\n"));
            }
            text.push_str(&format!("  next: {}\n", f.next_step));
            // The remedy the evidence determines, and the request that
            // previews it: every channel that shows text shows it.
            if let Some(fix) = &f.fix {
                text.push_str(&format!(
                    "  fix: {} ({})\n    preview it: {}\n",
                    fix.summary, fix.why, fix.request
                ));
            }
        }
        (
            format!(
                "{} finding(s) for {subject}: {}",
                findings.len(),
                findings[0].title
            ),
            text,
        )
    };
    data["findings"] = json!(findings);
    Outcome {
        kubectl: kubectl::render(op),
        kind: OutcomeKind::Findings,
        summary,
        text,
        data,
    }
}

/// A diagnosis of objects that are not pods or workloads (nodes, claims,
/// jobs, cron jobs, autoscalers, ingresses, others): the one named, or
/// every one listed, each examined by its kind; a failed job's pods are
/// examined after it. Everything is read as the person; what they may not
/// read is said in the findings, not guessed.
async fn diagnose_objects(
    ex: &Executor,
    actor: &Actor,
    client: kube::Client,
    op: &Operation,
    default_ns: &str,
    kind: objects::Kind,
) -> Result<Outcome> {
    // The type's scope, from discovery: an empty list of nodes is not "in
    // namespace default".
    let (found, kind_name, namespaced) = ex.objects(actor, client.clone(), op, default_ns).await?;
    let values: Vec<serde_json::Value> = found
        .iter()
        .filter_map(|o| serde_json::to_value(o).ok())
        .collect();
    let singular = op
        .resource
        .builtin()
        .map_or_else(|| kind_name.to_ascii_lowercase(), |b| b.singular.to_owned());
    let ns = op
        .namespace
        .as_ref()
        .map_or(default_ns, |n| n.as_str())
        .to_owned();
    let events_ns = (namespaced && !op.all_namespaces).then_some(ns.as_str());
    // One object: its own events. Several: the place's events of that
    // kind, read once and shared out by name.
    let events: Vec<Event> = ex
        .events_for(
            client.clone(),
            events_ns,
            &kind_name,
            op.name.as_ref().map(|n| n.as_str()),
        )
        .await
        .unwrap_or_default();
    let classes = if kind == objects::Kind::Claim {
        Api::<StorageClass>::all(client.clone())
            .list(&ListParams::default().limit(100))
            .await
            .map(|l| {
                l.items
                    .iter()
                    .filter_map(|c| serde_json::to_value(c).ok())
                    .map(|c| objects::Class::from_object(&c))
                    .collect()
            })
            .map_err(|e| format!("storage classes could not be read ({})", why(&e)))
    } else {
        Ok(Vec::new())
    };
    // Jobs (for cron jobs) and services (for ingresses) are read once per
    // namespace an object is in.
    let mut jobs: BTreeMap<String, std::result::Result<Vec<serde_json::Value>, String>> =
        BTreeMap::new();
    let mut services: BTreeMap<String, std::result::Result<Vec<String>, String>> = BTreeMap::new();
    let mut findings = Vec::new();
    let mut examined_pods: BTreeMap<String, Vec<Pod>> = BTreeMap::new();
    let mut fine = String::new();
    for obj in &values {
        let name = obj["metadata"]["name"].as_str().unwrap_or_default();
        let obj_ns = obj["metadata"]["namespace"]
            .as_str()
            .unwrap_or(&ns)
            .to_owned();
        if kind == objects::Kind::CronJob && !jobs.contains_key(&obj_ns) {
            let read = Api::<Job>::namespaced(client.clone(), &obj_ns)
                .list(&ListParams::default().limit(500))
                .await
                .map(|l| {
                    l.items
                        .iter()
                        .filter_map(|j| serde_json::to_value(j).ok())
                        .collect()
                })
                .map_err(|e| format!("jobs in {obj_ns} could not be read ({})", why(&e)));
            jobs.insert(obj_ns.clone(), read);
        }
        if kind == objects::Kind::Ingress && !services.contains_key(&obj_ns) {
            let read = Api::<Service>::namespaced(client.clone(), &obj_ns)
                .list(&ListParams::default().limit(500))
                .await
                .map(|l| {
                    l.items
                        .into_iter()
                        .filter_map(|s| s.metadata.name)
                        .collect()
                })
                .map_err(|e| format!("services in {obj_ns} could not be read ({})", why(&e)));
            services.insert(obj_ns.clone(), read);
        }
        let own: Vec<Event> = events
            .iter()
            .filter(|e| e.involved_object.name.as_deref() == Some(name))
            .cloned()
            .collect();
        let examined = match kind {
            objects::Kind::Node => objects::node(obj, &own),
            objects::Kind::Claim => objects::claim(obj, &own, &classes),
            objects::Kind::Job => objects::job(obj, &own),
            objects::Kind::CronJob => objects::cronjob(obj, &own, &jobs[&obj_ns]),
            objects::Kind::Autoscaler => objects::autoscaler(obj, &own),
            objects::Kind::Ingress => objects::ingress(obj, &own, &services[&obj_ns]),
            objects::Kind::Other => objects::other(&singular, obj, &own),
        };
        findings.extend(examined.findings);
        fine = examined.fine;
        // The pods that explain a failed job, bounded over all objects.
        let counted: usize = examined_pods.values().map(Vec::len).sum();
        if let Some(labels) = examined.pods
            && counted < MAX_PODS
        {
            match Api::<Pod>::namespaced(client.clone(), &obj_ns)
                .list(
                    &ListParams::default()
                        .labels(&selector_string(&labels))
                        .limit(100),
                )
                .await
            {
                Ok(list) => examined_pods.entry(obj_ns).or_default().extend(
                    list.items
                        .into_iter()
                        .filter(|p| !pod_healthy(p))
                        .take(MAX_PODS - counted),
                ),
                Err(e) => {
                    if let Some(f) = findings.last_mut() {
                        f.evidence
                            .push(format!("its pods could not be read ({})", why(&e)));
                    }
                }
            }
        }
    }
    let mut pods_examined = 0;
    for (pod_ns, pods) in &examined_pods {
        let api: Api<Pod> = Api::namespaced(client.clone(), pod_ns);
        findings.extend(examine_pods(ex, client.clone(), pod_ns, &api, pods).await);
        pods_examined += pods.len();
    }
    let (subject, fine) = match &op.name {
        Some(n) => (format!("{singular} {n}"), fine),
        None => {
            let plural = op
                .resource
                .builtin()
                .map_or(op.resource.as_str(), |b| b.plural);
            let place = if op.all_namespaces {
                " in all namespaces".to_owned()
            } else if namespaced {
                format!(" in namespace {ns}")
            } else {
                String::new()
            };
            (
                format!("{plural}{place}"),
                format!("{} examined, none with a problem", values.len()),
            )
        }
    };
    let data = json!({"objects_examined": values.len(), "pods_examined": pods_examined});
    Ok(report(op, &subject, findings, &fine, data))
}

/// "What is wrong across all namespaces", "is my cluster healthy": the
/// cluster's pods that are not healthy (the first [`MAX_PODS`]), examined
/// in their namespaces, and its nodes.
async fn diagnose_everywhere(
    ex: &Executor,
    actor: &Actor,
    client: kube::Client,
    op: &Operation,
) -> Result<Outcome> {
    let all = Api::<Pod>::all(client.clone())
        .list(&ListParams::default().limit(crate::executor::MAX_LIST_ITEMS))
        .await
        .map_err(|e| {
            Attempt {
                user: &actor.user,
                verb: "list",
                resource: "pods",
                name: None,
                namespace: None,
            }
            .fail(e)
        })?
        .items;
    let total = all.len();
    let mut by_ns: BTreeMap<String, Vec<Pod>> = BTreeMap::new();
    for p in all.into_iter().filter(|p| !pod_healthy(p)).take(MAX_PODS) {
        by_ns
            .entry(p.metadata.namespace.clone().unwrap_or_default())
            .or_default()
            .push(p);
    }
    let mut findings = Vec::new();
    for (ns, pods) in &by_ns {
        let api: Api<Pod> = Api::namespaced(client.clone(), ns);
        findings.extend(examine_pods(ex, client.clone(), ns, &api, pods).await);
    }
    let examined: usize = by_ns.values().map(Vec::len).sum();
    // The nodes too: a cluster with a node NotReady is not healthy
    // whatever its pods say. Whoever may not list nodes still gets the
    // pods' diagnosis, and is told the nodes were not examined.
    let (nodes, nodes_note) = match Api::<Node>::all(client.clone())
        .list(&ListParams::default().limit(crate::executor::MAX_LIST_ITEMS))
        .await
    {
        Ok(list) => {
            for node in &list.items {
                if let Ok(v) = serde_json::to_value(node) {
                    findings.extend(objects::node(&v, &[]).findings);
                }
            }
            (list.items.len(), None)
        }
        Err(e) => (0, Some(format!("nodes not examined: {}", why(&e)))),
    };
    let subject = match &nodes_note {
        Some(note) => format!("all namespaces ({note})"),
        None => "all namespaces".to_owned(),
    };
    let fine = if nodes_note.is_some() {
        format!("{total} pod(s) examined, all running and ready")
    } else {
        format!("{total} pod(s) examined, all running and ready; {nodes} node(s), all ready")
    };
    Ok(report(
        op,
        &subject,
        findings,
        &fine,
        json!({"pods_examined": examined, "nodes_examined": nodes}),
    ))
}

/// Pods of the workload `name`: a Deployment, StatefulSet, DaemonSet or
/// ReplicaSet of that name, or else pods whose name starts with it.
async fn owner_pods(
    ex: &Executor,
    actor: &Actor,
    client: kube::Client,
    ns: &str,
    name: &str,
    findings: &mut Vec<Finding>,
) -> Result<Vec<Pod>> {
    for kind in ["deployments", "statefulsets", "daemonsets", "replicasets"] {
        let mut op = Operation::new(
            kubechat_core::Verb::Diagnose,
            kubechat_core::ResourceType::parse(kind)?,
        );
        op.name = Some(kubechat_core::ResourceName::parse(name)?);
        op.namespace = Some(kubechat_core::Namespace::parse(ns)?);
        match owner_pods_of(ex, actor, client.clone(), &op, ns, name, findings).await {
            Ok(p) => return Ok(p),
            Err(Error::NotFound { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    let pods: Api<Pod> = Api::namespaced(client, ns);
    let all = pods
        .list(&ListParams::default().limit(500))
        .await
        .map_err(|e| Error::Api(e.to_string()))?
        .items;
    Ok(all
        .into_iter()
        .filter(|p| {
            p.metadata
                .name
                .as_deref()
                .is_some_and(|n| n.starts_with(name))
        })
        .take(MAX_PODS)
        .collect())
}

/// The history a remedy reads, or none with the reason added to
/// `evidence`: a person who may not list it gets the diagnosis without a
/// proposed fix, and is told why rather than left to wonder.
/// A Service whose selector matches no pod: the finding, and the fix
/// its namespace's workloads determine (read as the person; what they may
/// not list proposes nothing, and the finding says so).
async fn service_without_pods(
    client: kube::Client,
    ns: &str,
    name: &str,
    selector: &BTreeMap<String, String>,
) -> Finding {
    let sel = selector_string(selector);
    let mut none = finding(
        Severity::Error,
        &format!("service/{name}"),
        "No ready endpoints",
        format!(
            "No pod in {ns} matches the selector {sel} of service {name}, so it has no endpoints."
        ),
        vec![format!("selector {sel} matches 0 pods")],
        "Fix the service's selector or the pods' labels so they match.",
    );
    let mut read = async |kind: &str, plural: &str| {
        history_or_note(client.clone(), ns, kind, plural, &mut none.evidence).await
    };
    let deployments = read("Deployment", "deployments").await;
    let replicasets = read("ReplicaSet", "replicasets").await;
    let mut others = read("StatefulSet", "statefulsets").await;
    others.extend(read("DaemonSet", "daemonsets").await);
    none.fix = crate::remedy::service_fix(ns, name, selector, &deployments, &others, &replicasets);
    none
}

async fn history_or_note(
    client: kube::Client,
    ns: &str,
    kind: &str,
    plural: &str,
    evidence: &mut Vec<String>,
) -> Vec<kube::api::DynamicObject> {
    match crate::rollout::list_history(client, ns, kind, plural).await {
        Ok(items) => items,
        Err(e) => {
            evidence.push(unread_note(plural, ns, &e));
            Vec::new()
        }
    }
}

/// "no fix proposed: replicasets in shop could not be read (forbidden)".
fn unread_note(plural: &str, ns: &str, e: &kube::Error) -> String {
    format!(
        "no fix proposed: {plural} in {ns} could not be read ({})",
        why(e)
    )
}

/// Why a read failed, short: "forbidden to you" or the server's message.
fn why(e: &kube::Error) -> String {
    match e {
        kube::Error::Api(s) if s.code == 403 => "forbidden to you".to_owned(),
        kube::Error::Api(s) => s.message.chars().take(200).collect(),
        other => other.to_string().chars().take(200).collect(),
    }
}

/// The workload `op` names, with a finding when replicas are unavailable,
/// and its pods that are not healthy (all of them if every one is).
async fn owner_pods_of(
    ex: &Executor,
    actor: &Actor,
    client: kube::Client,
    op: &Operation,
    ns: &str,
    name: &str,
    findings: &mut Vec<Finding>,
) -> Result<Vec<Pod>> {
    let (obj, kind) = ex.get_object(actor, client.clone(), op, ns).await?;
    let obj = &obj.data;
    let subject = format!("{}/{name}", kind.to_ascii_lowercase());
    let want = obj["spec"]["replicas"]
        .as_i64()
        .or(obj["status"]["desiredNumberScheduled"].as_i64())
        .unwrap_or(1);
    let available = obj["status"]["availableReplicas"]
        .as_i64()
        .or(obj["status"]["numberAvailable"].as_i64())
        .unwrap_or(0);
    if available < want {
        findings.push(finding(
            Severity::Error,
            &subject,
            "Unavailable replicas",
            format!("{kind} {name} wants {want} replicas but only {available} are available."),
            vec![format!(
                "status: {}",
                serde_json::to_string(&obj["status"])
                    .unwrap_or_default()
                    .chars()
                    .take(300)
                    .collect::<String>()
            )],
            "See the findings for its pods; kubectl rollout status shows the rollout's progress.",
        ));
    }
    let labels: BTreeMap<String, String> = obj["spec"]["selector"]["matchLabels"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default();
    if labels.is_empty() {
        return Ok(Vec::new());
    }
    let pods: Api<Pod> = Api::namespaced(client, ns);
    let all = pods
        .list(
            &ListParams::default()
                .labels(&selector_string(&labels))
                .limit(100),
        )
        .await
        .map_err(|e| {
            Attempt {
                user: &actor.user,
                verb: "list",
                resource: "pods",
                name: None,
                namespace: Some(ns),
            }
            .fail(e)
        })?
        .items;
    Ok(all
        .into_iter()
        .filter(|p| !pod_healthy(p))
        .take(MAX_PODS)
        .collect())
}

#[cfg(test)]
mod fix_tests {
    use super::*;

    #[test]
    fn a_fix_is_proposed_for_a_workloads_pod_and_bounded() {
        let pod = |owner: serde_json::Value, labels: serde_json::Value| -> Pod {
            serde_json::from_value(json!({
                "metadata": {"name": "x", "namespace": "shop", "labels": labels, "ownerReferences": [owner]},
            }))
            .unwrap()
        };
        let rs = pod(
            json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-7f9c4", "uid": "u", "controller": true}),
            json!({"pod-template-hash": "7f9c4"}),
        );
        let fix = oom_fix(&rs, "app", "512Mi").unwrap();
        assert!(
            fix.request
                .starts_with("kubectl patch deployment web -n shop -p "),
            "{}",
            fix.request
        );
        assert!(
            fix.summary.contains("from 512Mi to 1024Mi"),
            "{}",
            fix.summary
        );
        // Too large to double without a person deciding: no fix.
        assert!(oom_fix(&rs, "app", "6Gi").is_none());
        let sts = pod(
            json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "db", "uid": "u", "controller": true}),
            json!({}),
        );
        assert!(
            oom_fix(&sts, "db", "1Gi")
                .unwrap()
                .request
                .starts_with("kubectl patch statefulset db -n shop")
        );
        // A ReplicaSet whose name does not carry the hash, or a Job: none.
        let bare = pod(
            json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "standalone", "uid": "u", "controller": true}),
            json!({"pod-template-hash": "7f9c4"}),
        );
        assert!(oom_fix(&bare, "app", "64Mi").is_none());
        let job = pod(
            json!({"apiVersion": "batch/v1", "kind": "Job", "name": "once", "uid": "u", "controller": true}),
            json!({}),
        );
        assert!(oom_fix(&job, "app", "64Mi").is_none());
    }
}
