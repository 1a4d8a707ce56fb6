//! The node family (cordon, uncordon, drain) and "on node X".

use super::*;

/// The node named after "on" ("on node worker-2", "on the node
/// worker-2", "on the worker-2 node"), claimed; `None` otherwise.
pub(super) fn node_named(words: &mut Words) -> Option<String> {
    for i in 0..words.len() {
        // "the pods of node node-3", "pods in node worker-2": said with
        // the word node, the pods there.
        let said_node_only = match words.free(i) {
            Some("on") => false,
            Some("of" | "in" | "at" | "from") => true,
            _ => continue,
        };
        let mut j = i + 1;
        if words.free(j) == Some("the") {
            j += 1;
        }
        // "pods in node-3", "the evicted pods from ip-10-0-1-23.ec2.internal":
        // a name only nodes are given, not the namespace.
        let pods_said = words.has("pods") || words.has("pod");
        // ("the pods of node-5", "pods blocking the drain of worker-3".)
        let node_place = matches!(words.free(i), Some("in" | "from" | "of"))
            && pods_said
            && words.free(j).is_some_and(node_only_name)
            && !matches!(words.free(j + 1), Some("namespace" | "ns"));
        // ("remove the taint from node worker-21": the node is the
        // object, not where pods run.)
        if words.free(i) == Some("from") && !node_place {
            continue;
        }
        // ("pods in node prod": a word, not a node's name.)
        if said_node_only
            && !node_place
            && !(matches!(words.free(j), Some("node"))
                && (words.has("pods") || words.has("pod"))
                && words.free(j + 1).is_some_and(|n| {
                    matches!(n, "named" | "called")
                        || n.contains('-')
                        || n.bytes().any(|b| b.is_ascii_digit())
                }))
        {
            continue;
        }
        let (name_at, last) = match (words.free(j), words.free(j + 1)) {
            (Some("node" | "nodes"), Some("named" | "called")) => (j + 2, j + 2),
            (Some("node" | "nodes"), Some(_)) => (j + 1, j + 1),
            (Some(_), Some("node")) => (j, j + 1),
            // "pods on node-1", "stop scheduling on worker-3": a name
            // that says node.
            (Some(n), _)
                // ("whats eating memory on node-7": what runs there.)
                if [
                    "pod", "pods", "po", "scheduling", "schedule", "memory", "cpu", "usage", "running",
                    "runs",
                ]
                    .iter()
                    .any(|w| words.has(w))
                    && (n.starts_with("node")
                        || node_name_like(n)
                        // "pods scheduled on k8s-prod-w20", "pods on
                        // k8s-prod-w20": only a node has pods on it.
                        || (i > 0
                            && matches!(
                                words.get(i - 1),
                                Some("scheduled" | "placed" | "landed" | "bound" | "pods")
                            )
                            && n.contains('-')
                            && n.bytes().any(|b| b.is_ascii_digit())
                            && !words.is_quoted(j))) =>
            {
                (j, j)
            }
            _ => continue,
        };
        let Some(name) = words.free(name_at).map(str::to_owned) else {
            continue;
        };
        // ("on the nodes tonight", "… rn": when, not which.)
        if !is_name_candidate(&name)
            || resource_word(&name).is_some()
            || crate::words::NOT_NAMES_SET.contains(name.as_str())
        {
            continue;
        }
        for k in i..=last {
            words.mark(k);
        }
        return Some(name);
    }
    None
}

/// A name only nodes are given: "node-3", "node01", "worker-2",
/// "worker-node-4" (with a number), or a cloud's node name.
pub(crate) fn node_only_name(n: &str) -> bool {
    let numbered = n.bytes().any(|b| b.is_ascii_digit());
    (numbered && (n.starts_with("node") || n.starts_with("worker-") || n.contains("-node-")))
        || cloud_node(n)
}

/// A name shaped as nodes are named: "node-3", "node01", "worker-2",
/// "gpu-node-1", or as clouds name them ([`cloud_node`]).
pub(super) fn node_name_like(n: &str) -> bool {
    n.starts_with("node-")
        || n.strip_prefix("node")
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        || n.starts_with("worker")
        || n.contains("-node")
        || cloud_node(n)
}

/// The names clouds and local clusters give their nodes
/// ("ip-10-0-1-23.ec2.internal", "gke-prod-pool-1-abc12345-xyz9",
/// "aks-nodepool1-12345678-vmss000002", "kind-control-plane"): no
/// workload is named so.
pub(super) fn cloud_node(n: &str) -> bool {
    n.strip_prefix("ip-")
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        || n.starts_with("minikube")
        // ("gke-prod-pool-1-a1b2c3d4-xk2p", "aks-nodepool1-123-vmss000000":
        // a cloud's node names run to several parts and a number; "gke-ns"
        // is a namespace's.)
        || (["gke-", "aks-", "eks-", "k3d-"].iter().any(|p| n.starts_with(p))
            && n.matches('-').count() >= 2
            && n.bytes().any(|b| b.is_ascii_digit()))
        || n.ends_with(".internal")
        // ("the control-plane", "the nodepool" name a role and a pool.)
        || (n.contains("control-plane") && n != "control-plane")
        || (n.contains("nodepool") && n.bytes().any(|b| b.is_ascii_digit()))
}

/// "drain node foo, even if there are pods not managed by a
/// ReplicationController, ReplicaSet, Job, DaemonSet or StatefulSet on
/// it", "… including unmanaged pods": a drain that goes on past pods no
/// controller manages, which kubectl asks for with `--force`; the span of
/// words that say it. ("abort if there are pods not managed by …" is
/// kubectl's default, and asks nothing.)
pub(crate) fn past_unmanaged(words: &[&str]) -> Option<(usize, usize)> {
    let at = (0..words.len()).find(|&i| {
        words[i] == "unmanaged"
            || (words[i] == "not" && words.get(i + 1) == Some(&"managed"))
            || (words[i] == "bare" && matches!(words.get(i + 1), Some(&("pods" | "pod"))))
    })?;
    let before = at.saturating_sub(6)..at;
    let from = before
        .clone()
        .find(|&k| matches!(words[k], "even" | "including" | "also" | "anyway"))?;
    let stopping = before.into_iter().any(|k| {
        matches!(
            words[k],
            "abort"
                | "aborting"
                | "stop"
                | "fail"
                | "unless"
                | "without"
                // ("even if there are no unmanaged pods": none to go
                // past.)
                | "no"
                | "don't"
                | "dont"
                | "never"
        )
    });
    if stopping {
        return None;
    }
    // The pods, and what manages the others: "managed by a
    // ReplicationController, ReplicaSet, … or StatefulSet on it".
    let mut to = at + 1;
    while let Some(w) = words.get(to + 1) {
        let listed = matches!(
            *w,
            "managed"
                | "by"
                | "a"
                | "an"
                | "any"
                | "the"
                | "or"
                | "and"
                | "on"
                | "it"
                | "this"
                | "that"
                | "node"
                | "controller"
                | "controllers"
                | "pods"
                | "pod"
                | "there"
        ) || kubechat_core::resources::lookup(w).is_some()
            || kubechat_core::resources::lookup(w.trim_end_matches('s')).is_some();
        if !listed {
            break;
        }
        to += 1;
    }
    Some((from, to))
}

/// How a drain evicts.
pub(super) struct DrainOptions {
    pub grace_period: Option<u32>,
    pub ignore_daemonsets: bool,
    pub delete_emptydir_data: bool,
}

/// A drain's options: "with a 15 minute grace period", "--grace-period=60"
/// (how long each evicted pod gets to stop); "ignoring daemonsets", "delete
/// emptydir data", claimed before "daemonsets" could read as the type.
pub(super) fn drain_options(words: &mut Words) -> DrainOptions {
    let mut grace_period = None;
    if let Some(g) = (0..words.len())
        .find(|&i| words.free(i) == Some("grace") && words.get(i + 1) == Some("period"))
    {
        let before = (2..=3)
            .filter_map(|back| g.checked_sub(back))
            .find_map(|i| {
                duration(words, i)
                    .filter(|(_, len)| i + len == g)
                    .map(|d| (i, d))
            });
        let after = [g + 2, g + 3]
            .into_iter()
            .filter(|&i| i == g + 2 || matches!(words.get(g + 2), Some("of" | "to" | "=")))
            .find_map(|i| duration(words, i).map(|d| (i, d)));
        if let Some((at, (d, len))) = before.or(after) {
            grace_period = u32::try_from(d.seconds()).ok();
            for k in at.min(g)..(at + len).max(g + 2) {
                words.mark(k);
            }
        }
    } else if let Some(i) = (0..words.len()).find(|&i| {
        words
            .free(i)
            .is_some_and(|w| w.starts_with("--grace-period="))
    }) {
        grace_period = words
            .get(i)
            .and_then(|w| w.trim_start_matches("--grace-period=").parse().ok());
        words.mark(i);
    } else {
        grace_period = super::seconds_to_stop(words);
    }

    // "drain worker-2 ignoring daemonsets", "… and delete emptydir data":
    // the drain's flags, claimed before "daemonsets" could read as the type.
    let mut ignore_daemonsets = false;
    let mut delete_emptydir_data = false;
    if words.has("drain") || words.has("evacuate") || words.has("evict") {
        // "evict node-3's workloads": what a drain moves, no object.
        for i in 0..words.len() {
            if matches!(words.free(i), Some("workloads" | "workload")) {
                words.mark(i);
            }
        }
        for i in 0..words.len() {
            // ("evacuate node-2 please, --ignore-daemonsets": kubectl's
            // own flags, said among the words.)
            match words.free(i) {
                Some("--ignore-daemonsets" | "--ignore-daemonsets=true") => {
                    words.mark(i);
                    ignore_daemonsets = true;
                    continue;
                }
                Some("--delete-emptydir-data" | "--delete-local-data") => {
                    words.mark(i);
                    delete_emptydir_data = true;
                    continue;
                }
                _ => {}
            }
            let ignoring = matches!(
                words.free(i),
                Some("ignore" | "ignoring" | "skip" | "skipping")
            );
            let ds_at = [i + 1, i + 2].into_iter().find(|&j| {
                matches!(
                    words.free(j),
                    Some(
                        "daemonsets" | "daemonset" | "ds" | "daemonset-managed" | "daemonset-owned"
                    )
                ) || (words.free(j) == Some("daemon")
                    && matches!(words.free(j + 1), Some("sets" | "set")))
            });
            // "leaving DaemonSet pods alone", "leave the daemonsets be".
            let leaving = matches!(words.free(i), Some("leave" | "leaving"))
                && (i + 1..i + 6).any(|k| matches!(words.get(k), Some("alone" | "be")));
            if (ignoring || leaving)
                && let Some(j) = ds_at
            {
                let mut end = if words.free(j) == Some("daemon") {
                    j + 1
                } else {
                    j
                };
                // "ignoring DaemonSet-managed pods": the pods go too.
                if matches!(words.free(end + 1), Some("pods" | "pod")) {
                    end += 1;
                }
                for k in i..=end {
                    words.mark(k);
                }
                if leaving
                    && let Some(a) =
                        (end + 1..end + 3).find(|&k| matches!(words.get(k), Some("alone" | "be")))
                {
                    for k in end + 1..=a {
                        words.mark(k);
                    }
                }
                // "without ignoring daemonsets", "don't ignore …": the
                // flag refused.
                ignore_daemonsets = !(i.saturating_sub(2)..i).any(|k| {
                    matches!(
                        words.get(k),
                        Some("without" | "not" | "don't" | "dont" | "never" | "no")
                    )
                });
            }
            if matches!(words.free(i), Some("emptydir" | "emptydirs"))
                || (words.free(i) == Some("local") && words.free(i + 1) == Some("data"))
            {
                let from = if i > 0
                    && matches!(
                        words.get(i - 1),
                        Some("delete" | "deleting" | "including" | "with")
                    ) {
                    i - 1
                } else {
                    i
                };
                let mut to = if words.free(i + 1) == Some("data") {
                    i + 1
                } else {
                    i
                };
                // "allowing pods that use emptyDir volumes to be evicted":
                // the whole phrase is the flag's.
                // ("even if there are pods using emptyDir" too.)
                let mut from = from;
                while from > 0
                    && from + 7 > i
                    && matches!(
                        words.free(from - 1),
                        Some(
                            "allowing"
                                | "allow"
                                | "permitting"
                                | "evicting"
                                | "pods"
                                | "pod"
                                | "that"
                                | "which"
                                | "use"
                                | "uses"
                                | "using"
                                | "with"
                                | "even"
                                | "if"
                                | "there"
                                | "are"
                                | "any"
                        )
                    )
                {
                    from -= 1;
                }
                while to + 1 < words.len()
                    && matches!(
                        words.free(to + 1),
                        Some(
                            "volume"
                                | "volumes"
                                | "storage"
                                | "to"
                                | "be"
                                | "evicted"
                                | "deleted"
                                | "too"
                        )
                    )
                {
                    to += 1;
                }
                for k in from..=to {
                    words.mark(k);
                }
                // "without deleting local data", "but don't delete
                // emptydir data": the flag refused, so such pods stop
                // the drain rather than lose their data.
                // ("but keep emptydir data", "preserving local data": the
                // data kept, never deleted.)
                let refused = (from.saturating_sub(2)..from).any(|k| {
                    matches!(
                        words.get(k),
                        Some("without" | "not" | "don't" | "dont" | "never" | "no")
                    )
                }) || (i.saturating_sub(4)..i).any(|k| {
                    matches!(
                        words.get(k),
                        Some(
                            "keep"
                                | "keeping"
                                | "preserve"
                                | "preserving"
                                | "retain"
                                | "retaining"
                                | "save"
                                | "saving"
                                | "protect"
                                | "protecting"
                                | "spare"
                                | "sparing"
                        )
                    )
                });
                delete_emptydir_data = !refused;
            }
        }
        // "Safely drain node-3 while respecting PodDisruptionBudgets":
        // how every drain goes (evictions honour the budgets), no word
        // left unread.
        for i in 0..words.len() {
            if matches!(words.free(i), Some("safely" | "gracefully" | "carefully")) {
                words.mark(i);
            }
            if matches!(
                words.free(i),
                Some(
                    "respecting"
                        | "respect"
                        | "honoring"
                        | "honouring"
                        | "honor"
                        | "honour"
                        | "obeying"
                )
            ) {
                let mut j = i + 1;
                if words.get(j) == Some("the") {
                    j += 1;
                }
                let budget = match (words.get(j), words.get(j + 1), words.get(j + 2)) {
                    (Some("poddisruptionbudgets" | "poddisruptionbudget" | "pdbs" | "pdb"), ..) => {
                        Some(j)
                    }
                    (Some("pod"), Some("disruption"), Some("budgets" | "budget")) => Some(j + 2),
                    (Some("disruption"), Some("budgets" | "budget"), _) => Some(j + 1),
                    _ => None,
                };
                if let Some(end) = budget {
                    for k in i..=end {
                        words.mark(k);
                    }
                    if i > 0 && words.free(i - 1) == Some("while") {
                        words.mark(i - 1);
                    }
                }
            }
            // "DaemonSet-managed pods can stay", "daemonset pods may be
            // ignored": the flag, said of the pods.
            let ds = matches!(
                words.get(i),
                Some("daemonset" | "daemonsets" | "daemonset-managed" | "daemonset-owned" | "ds")
            );
            if ds {
                let mut j = i + 1;
                if matches!(words.get(j), Some("pods" | "pod")) {
                    j += 1;
                }
                let stay = match (words.get(j), words.get(j + 1), words.get(j + 2)) {
                    (Some("can" | "may"), Some("stay" | "remain"), _) => Some(j + 1),
                    (Some("can" | "may"), Some("be"), Some("ignored" | "skipped")) => Some(j + 2),
                    _ => None,
                };
                if let Some(end) = stay {
                    for k in i..=end {
                        words.mark(k);
                    }
                    ignore_daemonsets = true;
                }
            }
        }
    }
    DrainOptions {
        grace_period,
        ignore_daemonsets,
        delete_emptydir_data,
    }
}

/// "uncordon: maintenance on node-3 is done", "drain the pods on
/// node-3": a node verb's node may be said as the place.
pub(super) fn node_from_place(op: &mut Operation, on_node: Option<&String>) -> Result<()> {
    let verb = op.verb;
    // "show the taints on node controlplane": a look at nodes said as the
    // place is a look at that node, never at every node.
    if matches!(verb, Verb::Get | Verb::Describe)
        && op.resource.as_str() == "nodes"
        && op.name.is_none()
        && op.selector.is_none()
        && let Some(node) = on_node
    {
        op.name = Some(ResourceName::parse(node)?);
        return Ok(());
    }
    // "pods on node gpu-node-2 keep getting evicted, why?": what is
    // wrong with the pods of one node is asked of the node (its
    // pressure, its conditions, the pods it runs).
    // (A namespace said narrows the pods, and is not dropped.)
    if verb == Verb::Diagnose
        && op.resource.as_str() == "pods"
        && op.name.is_none()
        && op.selector.is_none()
        && op.namespace.is_none()
        && let Some(node) = on_node
    {
        op.resource = ResourceType::parse("nodes")?;
        op.name = Some(ResourceName::parse(node)?);
        op.all_namespaces = false;
        return Ok(());
    }
    // "the cpu usage on node worker-2": the node's own usage.
    if verb == Verb::Top
        && op.resource.as_str() == "nodes"
        && op.name.is_none()
        && let Some(node) = on_node
    {
        op.name = Some(ResourceName::parse(node)?);
        return Ok(());
    }
    // "events on node worker-2": the node's events.
    if verb == Verb::Events
        && op.name.is_none()
        && matches!(op.resource.as_str(), "events" | "nodes")
        && let Some(node) = on_node
    {
        op.resource = ResourceType::parse("nodes")?;
        op.name = Some(ResourceName::parse(node)?);
        return Ok(());
    }
    if matches!(verb, Verb::Cordon | Verb::Uncordon | Verb::Drain)
        && op.name.is_none()
        && op.selector.is_none()
        && matches!(op.resource.as_str(), "nodes" | "pods")
        && let Some(node) = on_node
    {
        // "drain the pods on node-3" drains node-3.
        op.resource = ResourceType::parse("nodes")?;
        op.name = Some(ResourceName::parse(node)?);
    }
    Ok(())
}

/// A node said as the place ("describe the pods on node-3", "deployments
/// on worker-2") that the reading did not use: asked back, never dropped,
/// or the answer would cover every node's objects.
pub(super) fn node_kept(op: &Operation, on_node: Option<&String>) -> Result<()> {
    let Some(node) = on_node else {
        return Ok(());
    };
    let named =
        op.resource.as_str() == "nodes" && op.name.as_ref().is_some_and(|n| n.as_str() == node);
    let selected = op
        .params
        .field_selector
        .as_ref()
        .is_some_and(|f| f.to_string().contains(&format!("spec.nodeName={node}")));
    if named || selected {
        return Ok(());
    }
    let (reason, suggestion) = match (op.verb, op.resource.as_str()) {
        (Verb::Top, "pods") => (
            format!(
                "the usage of pods cannot be narrowed to the ones on node {node}; ask for the node's usage, or list its pods"
            ),
            format!("top node {node}"),
        ),
        (_, "pods") => (
            format!(
                "{} cannot be narrowed to the pods on node {node}; list them first",
                op.verb
            ),
            format!("get pods -A --field-selector=spec.nodeName={node}"),
        ),
        _ => (
            format!(
                "{} are not placed on nodes, their pods are; ask for the pods on node {node}",
                op.resource
            ),
            format!("get pods -A --field-selector=spec.nodeName={node}"),
        ),
    };
    Err(Error::NotUnderstood {
        reason,
        suggestions: vec![suggestion],
    })
}
