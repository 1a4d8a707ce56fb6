//! The read family: fields shown as columns, row order, explained fields.

use super::*;

/// Top-level fields a field path starts with; a dotted word beginning
/// with a type and one of these is a field path, not a host name.
pub(super) const TOP_FIELDS: &[&str] = &[
    "spec",
    "status",
    "metadata",
    "data",
    "stringdata",
    "rules",
    "subjects",
    "roleref",
    "webhooks",
    "template",
    "provisioner",
    "parameters",
];

/// A field of a built-in type named in the request, claimed: the type,
/// the field path (its case kept: fields are camelCase) and where it
/// was. `pods.spec.containers`, or "the pod spec" beside "fields".
pub(super) fn explained_field(words: &mut Words) -> Option<(ResourceType, String, usize)> {
    for i in 0..words.len() {
        // (Looked at in place: most words hold no dot, and are passed
        // over without a copy.)
        let found = {
            let (Some(w), Some(raw)) = (words.free(i), words.raw(i)) else {
                continue;
            };
            let Some((t, field)) = raw.trim_end_matches(['?', ',', ':']).split_once('.') else {
                continue;
            };
            let first = field.split('.').next().unwrap_or_default();
            if words.is_quoted(i) && !w.contains('.') {
                continue;
            }
            if TOP_FIELDS.contains(&first.to_ascii_lowercase().as_str())
                && kubechat_core::check_explain_field(field).is_ok()
                && let Some(rt) =
                    resources::lookup(t).and_then(|r| ResourceType::parse(r.plural).ok())
            {
                Some((rt, field.to_owned()))
            } else {
                None
            }
        };
        if let Some((rt, field)) = found {
            words.mark(i);
            return Some((rt, field, i));
        }
    }
    // "what spec.strategy.rollingUpdate.maxSurge means on a Deployment",
    // "explain the spec.strategy field of deployments": a path from the
    // top of the object, and the type said elsewhere; only where the
    // words ask what it is (a path after "sort by" orders a list).
    // ("print the metadata.name field of each deployment" asks for its
    // value: "field" asks what it is only in a question.)
    let asks = [
        "explain",
        "mean",
        "means",
        "meaning",
        "documentation",
        "docs",
    ]
    .iter()
    .any(|w| words.has(w))
        || ((words.has("field") || words.has("fields"))
            && matches!(words.get(0), Some("what" | "what's" | "which")))
        // "what does spec.strategy in a Deployment do?", "what does
        // `spec.podManagementPolicy` do on statefulsets?"
        || (words.get(0) == Some("what") && words.get(1) == Some("does") && words.has("do"));
    if asks
        && !["sort", "sorted", "order", "ordered", "by"]
            .iter()
            .any(|w| words.has(w))
    {
        for i in 0..words.len() {
            let Some(raw) = words.free(i).and(words.raw(i)) else {
                continue;
            };
            let path = raw.trim_end_matches(['?', ',', ':', '.']);
            let Some((first, _)) = path.split_once('.') else {
                continue;
            };
            if !TOP_FIELDS.iter().any(|t| t.eq_ignore_ascii_case(first))
                || kubechat_core::check_explain_field(path).is_err()
            {
                continue;
            }
            let path = path.to_owned();
            let Some((k, rt)) = (0..words.len()).find_map(|k| {
                words
                    .free(k)
                    .filter(|_| k != i)
                    .and_then(resources::lookup)
                    .and_then(|r| ResourceType::parse(r.plural).ok())
                    .map(|rt| (k, rt))
            }) else {
                continue;
            };
            words.mark(i);
            words.mark(k);
            return Some((rt, path, i));
        }
    }
    // "every field of the pod spec", "which fields does a deployment's
    // status have".
    let fields = (0..words.len()).find(|&i| matches!(words.free(i), Some("field" | "fields")))?;
    let top = (0..words.len()).find(|&i| {
        words
            .free(i)
            .is_some_and(|w| matches!(w, "spec" | "status" | "metadata"))
    })?;
    let rt_at = top.checked_sub(1)?;
    let rt = words
        .free(rt_at)
        .map(|w| w.trim_end_matches("'s"))
        .and_then(resources::lookup)
        .and_then(|r| ResourceType::parse(r.plural).ok())?;
    let field = words.get(top)?.to_owned();
    for k in [fields, top, rt_at] {
        words.mark(k);
    }
    Some((rt, field, fields))
}

/// A field people ask to see beside each object's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Projection {
    Images,
    Node,
    Ip,
    /// A load balancer's or a node's address outside the cluster.
    ExternalIp,
    Restarts,
    Created,
    Taints,
    /// CPU and memory requests and limits, per container.
    Resources,
    /// The taints a pod or a workload's pods tolerate.
    Tolerations,
    /// How a workload replaces its pods (RollingUpdate, Recreate, OnDelete).
    Strategy,
    /// The containers' names ("how many containers are in pod web").
    Containers,
    /// The ports containers declare, or a service's ports and targets.
    Ports,
    /// A pod's quality-of-service class.
    Qos,
    /// The labels a pod asks its node to have.
    NodeSelector,
    /// The environment variables set on the containers.
    Env,
    /// What a node holds (CPU, memory, pods) or a volume's or claim's
    /// size; "allocatable" is what a node leaves to pods.
    Capacity,
    Allocatable,
    /// What a node reports of itself (`.status.nodeInfo`): its column
    /// header and field ("kernel version of the nodes").
    NodeInfo(&'static str, &'static str),
    /// The service account a pod, or a workload's pods, run as.
    ServiceAccount,
    /// How each container's last run ended: its reason (OOMKilled,
    /// Error …) and exit code.
    LastTermination,
}

/// What rows are ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SortKind {
    Restarts,
    Created,
    Name,
    /// A volume's or a claim's size.
    Capacity,
    /// The node a pod runs on.
    Node,
    /// When a pod or job started.
    Started,
}

/// Words between "sorted by" and its key that say nothing of it ("sorted
/// by how many times it has been restarted").
const SORT_LEAD_IN: &[&str] = &[
    "how",
    "many",
    "times",
    "it",
    "they",
    "has",
    "have",
    "had",
    "been",
    "the",
    "number",
    "of",
    "when",
    "their",
    "its",
    "each",
    "pod",
    "container",
    "was",
    "were",
    "last",
];

/// The order one word names.
fn sort_word(w: &str) -> Option<SortKind> {
    Some(match w {
        "restart" | "restarts" | "restarted" | "restarting" => SortKind::Restarts,
        "start" | "started" | "startup" => SortKind::Started,
        "age" | "created" | "creation" | "timestamp" | "time" | "date" | "oldest" | "newest" => {
            SortKind::Created
        }
        "name" | "names" | "alphabetically" => SortKind::Name,
        "capacity" | "size" | "storage" => SortKind::Capacity,
        "node" | "nodes" => SortKind::Node,
        _ => return None,
    })
}

/// The fields asked beside each object, each with the phrases that ask
/// for it (longer phrases first).
const PROJECTION_PHRASES: &[(&[&str], Projection)] = &[
    (
        &[
            "service accounts",
            "service account",
            "serviceaccounts",
            "serviceaccount",
        ],
        Projection::ServiceAccount,
    ),
    (
        &["kernel versions", "kernel version", "kernels"],
        Projection::NodeInfo("KERNEL", ".status.nodeInfo.kernelVersion"),
    ),
    (
        &[
            "kubelet versions",
            "kubelet version",
            "kubernetes versions",
            "kubernetes version",
            "k8s versions",
            "k8s version",
        ],
        Projection::NodeInfo("KUBELET", ".status.nodeInfo.kubeletVersion"),
    ),
    (
        &[
            "os images",
            "os image",
            "operating systems",
            "operating system",
            "os versions",
            "os version",
        ],
        Projection::NodeInfo("OS-IMAGE", ".status.nodeInfo.osImage"),
    ),
    (
        &[
            "container runtimes",
            "container runtime",
            "runtime versions",
            "runtime version",
        ],
        Projection::NodeInfo("RUNTIME", ".status.nodeInfo.containerRuntimeVersion"),
    ),
    (
        &[
            "cpu architectures",
            "cpu architecture",
            "architectures",
            "architecture",
        ],
        Projection::NodeInfo("ARCH", ".status.nodeInfo.architecture"),
    ),
    (&["container images", "images", "image"], Projection::Images),
    (
        &[
            "which node",
            "what node",
            "which nodes",
            "what nodes",
            "node names",
            "node name",
            // "the node each pod runs on", "the node of every pod".
            "node each",
            "nodes each",
            "node of each",
            "node for each",
            "node every",
            "nodes of the pods",
            // "identify the node that pod x is scheduled on", "the
            // node where web-1 runs" (a pod said, see below).
            "the node that",
            "the node where",
            "the node on which",
            "the node hosting",
        ],
        Projection::Node,
    ),
    (
        &[
            "external ip addresses",
            "external ip address",
            "external ips",
            "external ip",
            "public ip",
            "public ips",
            "load balancer ip",
            "loadbalancer ip",
            "externalips",
            "externalip",
        ],
        Projection::ExternalIp,
    ),
    (
        &[
            "internal ip addresses",
            "internal ip address",
            "internal ips",
            "internal ip",
            "internalips",
            "internalip",
            "ip addresses",
            "ip address",
            "ips",
            "ip",
        ],
        Projection::Ip,
    ),
    (
        &[
            "restart counts",
            "restart count",
            "number of restarts",
            "restarts",
        ],
        Projection::Restarts,
    ),
    (
        &[
            "creation timestamps",
            "creation timestamp",
            "creation times",
            "creation time",
            "created at",
        ],
        Projection::Created,
    ),
    (&["taints", "tainted"], Projection::Taints),
    (
        &[
            "requests and limits",
            "limits and requests",
            "resource requests",
            "resource limits",
            "cpu requests",
            "memory requests",
            "cpu limits",
            "memory limits",
            "resource requirements",
            "cpu requirements",
            "memory requirements",
            "cpu requirement",
            "memory requirement",
            "resource request",
            "resource limit",
            "cpu request",
            "memory request",
            "cpu limit",
            "memory limit",
        ],
        Projection::Resources,
    ),
    (&["tolerations", "toleration"], Projection::Tolerations),
    (
        &[
            "update strategy",
            "rollout strategy",
            "deployment strategy",
            "upgrade strategy",
            "strategy",
        ],
        Projection::Strategy,
    ),
    (
        &["container names", "container name", "containers"],
        Projection::Containers,
    ),
    (
        &["container ports", "port numbers", "ports"],
        Projection::Ports,
    ),
    (&["quality of service", "qos class", "qos"], Projection::Qos),
    (
        &[
            "termination reasons",
            "termination reason",
            "last termination",
            "termination message",
            "exit codes",
            "exit code",
            "last state",
        ],
        Projection::LastTermination,
    ),
    (
        &["node selectors", "node selector", "nodeselector"],
        Projection::NodeSelector,
    ),
    (
        &[
            "environment variables",
            "environment variable",
            "env variables",
            "env vars",
            "env var",
        ],
        Projection::Env,
    ),
    (
        &[
            "allocatable resources",
            "allocatable capacity",
            "allocatable",
        ],
        Projection::Allocatable,
    ),
    (
        &[
            "storage capacity",
            "storage size",
            "capacities",
            "capacity",
            "disk size",
            "sizes",
            "size",
        ],
        Projection::Capacity,
    ),
];

// (One bit an entry in a `u32`.)
const _: () = assert!(PROJECTION_PHRASES.len() <= 32);

/// Per first word of a phrase of [`PROJECTION_PHRASES`], the entries it
/// may open (a bit each): a request that says none of an entry's first
/// words is not searched for its phrases (most say none of them).
static PROJECTION_FIRST_WORDS: std::sync::LazyLock<crate::words::HashMap<&'static str, u32>> =
    std::sync::LazyLock::new(|| {
        let mut map = crate::words::HashMap::default();
        for (k, (phrases, _)) in PROJECTION_PHRASES.iter().enumerate() {
            for p in *phrases {
                let first = p.split(' ').next().unwrap_or_default();
                *map.entry(first).or_insert(0u32) |= 1 << k;
            }
        }
        map
    });

/// Finds (and claims) the projections and the ordering a request asks
/// for. "image" beside a change verb ("set the image of web") is the
/// change's, not a projection.
pub(super) fn projections_and_order(words: &mut Words) -> (Vec<Projection>, Option<SortKind>) {
    let mut sort = None;
    let keys: [(&[&str], SortKind); 5] = [
        (
            &[
                "restart count",
                "restart counts",
                "restarts",
                "number of restarts",
                "restart",
            ],
            SortKind::Restarts,
        ),
        (
            &[
                "creation timestamp",
                "creation time",
                "creation date",
                "creation",
                "age",
                "timestamp",
                "time",
                "date",
                "created",
            ],
            SortKind::Created,
        ),
        (&["name", "names"], SortKind::Name),
        // ("requested storage": what a claim asks for, its size.)
        (
            &[
                "requested storage",
                "storage requested",
                "storage request",
                "storage size",
                "capacity",
                "size",
                "storage",
            ],
            SortKind::Capacity,
        ),
        (&["node name", "node", "nodes"], SortKind::Node),
    ];
    'order: for lead in [
        "in order of",
        "in order by",
        "sorted by",
        "sort by",
        "ordered by",
        "order by",
        "sorted on",
        "by",
    ] {
        let n = lead.split(' ').count();
        let Some(at) = words.find_phrase(lead) else {
            continue;
        };
        let mut key_at = at + n;
        while matches!(
            words.get(key_at),
            Some("their" | "the" | "its" | "pod" | "container")
        ) {
            key_at += 1;
        }
        // "sort pvs by size", "order the pods by node": "by" after a word
        // of ordering takes any key.
        let ordering = lead == "by"
            && (0..at).any(|i| {
                matches!(
                    words.get(i),
                    Some("sort" | "sorted" | "order" | "ordered" | "rank" | "ranked")
                )
            });
        for (phrases, kind) in keys {
            // A bare "by" only orders by a few unmistakable keys.
            if lead == "by"
                && !ordering
                && matches!(kind, SortKind::Name | SortKind::Capacity | SortKind::Node)
            {
                continue;
            }
            for p in phrases {
                let len = p.split(' ').count();
                if p.split(' ')
                    .enumerate()
                    .all(|(k, w)| words.free(key_at + k) == Some(w))
                {
                    for k in at..key_at + len {
                        words.mark(k);
                    }
                    sort = Some(kind);
                    break 'order;
                }
            }
        }
        // "sorted by how many times it has been restarted", "sorted by
        // start time": the key a few words on, past words that only lead
        // to it.
        if lead != "by" {
            let mut k = key_at;
            while k < key_at + 8 {
                let Some(w) = words.get(k) else {
                    break;
                };
                if let Some(kind) = sort_word(w) {
                    for j in at..=k {
                        words.mark(j);
                    }
                    sort = Some(kind);
                    break 'order;
                }
                if !SORT_LEAD_IN.contains(&w) {
                    break;
                }
                k += 1;
            }
        }
    }
    for (phrase, kind) in [
        ("oldest first", SortKind::Created),
        ("newest first", SortKind::Created),
        ("in alphabetical order", SortKind::Name),
        ("alphabetically", SortKind::Name),
    ] {
        if sort.is_none() && words.take_phrase(phrase).is_some() {
            sort = Some(kind);
        }
    }

    // "which image does web use" asks; "use image nginx:1.27 for web"
    // changes.
    let asked = matches!(
        words.get(0),
        Some("which" | "what" | "whats" | "what's" | "show" | "list" | "get")
    );
    let change = !asked
        && [
            "set", "update", "change", "upgrade", "use", "switch", "bump", "pin", "roll", "deploy",
        ]
        .iter()
        .any(|w| words.has(w));
    // "what version is api running": the version is the image's tag.
    let running = ["running", "run", "runs", "on"]
        .iter()
        .any(|w| words.has(w));
    let mut out = Vec::new();
    // "run a pod with two containers", "create a pod with an env var
    // MODE=fast": what an object is made with, not fields to show.
    // ("the update strategy" names a field).
    const MAKING: &[&str] = &[
        "create",
        "run",
        "start",
        "launch",
        "deploy",
        "make",
        "add",
        "set",
        "update",
        "change",
        "patch",
        "edit",
        "apply",
        "write",
        "generate",
        "build",
        "open",
        "expose",
        "scale",
        "configure",
        "inject",
        "mount",
        "define",
        "spin",
        "resize",
        "expand",
        "grow",
        "increase",
        "shrink",
    ];
    let making = !asked
        && (0..words.len()).any(|i| {
            words.free(i).is_some_and(|w| MAKING.contains(&w))
                && words.get(i + 1) != Some("strategy")
        });
    let about_nodes = words.has("node") || words.has("nodes");
    let runs_pods = [
        "pod",
        "pods",
        "deployment",
        "deployments",
        "statefulset",
        "statefulsets",
        "daemonset",
        "daemonsets",
        "job",
        "jobs",
        "cronjob",
        "cronjobs",
    ]
    .iter()
    .any(|w| words.has(w));
    let mask = words
        .w
        .iter()
        .filter_map(|w| PROJECTION_FIRST_WORDS.get(w.as_str()))
        .fold(0u32, |m, bits| m | bits);
    for (k, &(phrases, proj)) in PROJECTION_PHRASES.iter().enumerate() {
        if mask & (1 << k) == 0 {
            continue;
        }
        if proj == Projection::Images && change {
            continue;
        }
        // "the kernel version of each node"; "what kubernetes version
        // is the cluster on" is not a column of anything.
        if matches!(proj, Projection::NodeInfo(..)) && !about_nodes {
            continue;
        }
        // "which service account does deployment reporter use": a field
        // of the pods or workload said; "list service accounts" is the
        // type itself.
        // ("they need a service account named pod-reader": one to make.)
        if proj == Projection::ServiceAccount
            && (!runs_pods
                || (0..words.len()).any(|i| {
                    matches!(words.get(i), Some("a" | "an" | "new"))
                        && matches!(words.get(i + 1), Some("service" | "serviceaccount" | "sa"))
                }))
        {
            continue;
        }
        if making
            && matches!(
                proj,
                Projection::Tolerations
                    | Projection::Strategy
                    | Projection::Containers
                    | Projection::Ports
                    | Projection::Qos
                    | Projection::NodeSelector
                    | Projection::Env
                    | Projection::Capacity
                    | Projection::Allocatable
                    | Projection::ServiceAccount
            )
        {
            continue;
        }
        // "which node is each pod on", "which node is web-1 on" project;
        // "which nodes are ready" lists nodes.
        // ("which node is kafka-2 running on in namespace streaming": the
        // "on" ends the question, the namespace is said after it.)
        if proj == Projection::Node
            && !(words.has("pod")
                || words.has("pods")
                // "on which node does web-1 run", "what node is api-0
                // scheduled on": where one object runs.
                || (words.has("node")
                    && ["run", "runs", "scheduled", "placed", "hosted", "lives"]
                        .iter()
                        .any(|w| words.has(w)))
                || (0..words.len()).any(|i| {
                    // ("on which node is api-5c6d7-abcde running")
                    words.get(i) == Some("on")
                        && matches!(words.get(i + 1), Some("which" | "what"))
                        && words.get(i + 2) == Some("node")
                })
                || (0..words.len()).any(|i| {
                    words.get(i) == Some("on")
                        && words.get(i + 1).is_none_or(|n| {
                            matches!(
                                n,
                                "in" | "within" | "inside" | "ns" | "namespace" | "-n"
                                    | "--namespace" | "right" | "now"
                            )
                        })
                }))
        {
            continue;
        }
        for p in phrases {
            let Some(at) = words.take_phrase(p) else {
                continue;
            };
            // "which node": the question word stays for the rules that
            // read questions; only the noun is claimed.
            if proj == Projection::Node && matches!(words.get(at), Some("which" | "what")) {
                words.used[at] = false;
            }
            if !out.contains(&proj) {
                out.push(proj);
            }
            break;
        }
    }
    // "what version of kubernetes are we running" asks the cluster's
    // version, which no image tag answers.
    let platform = [
        "kubernetes",
        "k8s",
        "kubectl",
        "kubelet",
        "cluster",
        "server",
    ]
    .iter()
    .any(|w| words.has(w));
    if asked
        && running
        && !change
        && !platform
        && !out.contains(&Projection::Images)
        && words.take_phrase("version").is_some()
    {
        out.push(Projection::Images);
    }
    (out, sort)
}

/// The custom columns for `projections` of `op`'s type: the name first
/// (and the namespace across namespaces), then each field the type has.
pub(super) fn columns_for(
    op: &Operation,
    projections: &[Projection],
) -> Result<Vec<kubechat_core::fieldpath::Column>> {
    use kubechat_core::fieldpath::Column;
    let r = op.resource.as_str();
    let template = match r {
        "pods" => Some(".spec"),
        "deployments"
        | "statefulsets"
        | "daemonsets"
        | "replicasets"
        | "jobs"
        | "replicationcontrollers" => Some(".spec.template.spec"),
        "cronjobs" => Some(".spec.jobTemplate.spec.template.spec"),
        _ => None,
    };
    let mut cols = Vec::new();
    for p in projections {
        let col = match (p, r) {
            (Projection::Images, _) => {
                template.map(|t| ("IMAGES".to_owned(), format!("{t}.containers[*].image")))
            }
            (Projection::Node, "pods") => Some(("NODE".into(), ".spec.nodeName".into())),
            (Projection::Ip, "pods") => Some(("IP".into(), ".status.podIP".into())),
            (Projection::Ip, "services") => Some(("CLUSTER-IP".into(), ".spec.clusterIP".into())),
            (Projection::ExternalIp, "services") => {
                cols.push(Column::new(
                    "EXTERNAL-IP",
                    ".status.loadBalancer.ingress[*].ip",
                )?);
                Some((
                    "EXTERNAL-HOSTNAME".into(),
                    ".status.loadBalancer.ingress[*].hostname".into(),
                ))
            }
            (Projection::ExternalIp, "nodes") => Some((
                "EXTERNAL-IP".into(),
                r#".status.addresses[?(@.type=="ExternalIP")].address"#.into(),
            )),
            (Projection::Ip, "nodes") => Some((
                "INTERNAL-IP".into(),
                r#".status.addresses[?(@.type=="InternalIP")].address"#.into(),
            )),
            (Projection::Restarts, "pods") => Some((
                "RESTARTS".into(),
                ".status.containerStatuses[*].restartCount".into(),
            )),
            (Projection::Taints, "nodes") => {
                cols.push(Column::new("TAINTS", ".spec.taints[*].key")?);
                Some(("EFFECTS".into(), ".spec.taints[*].effect".into()))
            }
            (Projection::Resources, _) if template.is_some() => {
                let t = template.unwrap_or_default();
                for (h, path) in [
                    ("CPU-REQUESTS", "requests.cpu"),
                    ("MEMORY-REQUESTS", "requests.memory"),
                    ("CPU-LIMITS", "limits.cpu"),
                ] {
                    cols.push(Column::new(
                        h,
                        &format!("{t}.containers[*].resources.{path}"),
                    )?);
                }
                Some((
                    "MEMORY-LIMITS".into(),
                    format!("{t}.containers[*].resources.limits.memory"),
                ))
            }
            (Projection::Created, _) => {
                Some(("CREATED".into(), ".metadata.creationTimestamp".into()))
            }
            // Whole entries: a toleration without a key (operator Exists)
            // or an env var from a secret (valueFrom, no value) would shift
            // parallel key and value columns out of line.
            (Projection::Tolerations, _) => {
                template.map(|t| ("TOLERATIONS".to_owned(), format!("{t}.tolerations[*]")))
            }
            (Projection::Strategy, "deployments") => {
                Some(("STRATEGY".into(), ".spec.strategy.type".into()))
            }
            (Projection::Strategy, "statefulsets" | "daemonsets") => {
                Some(("STRATEGY".into(), ".spec.updateStrategy.type".into()))
            }
            (Projection::Containers, _) => {
                template.map(|t| ("CONTAINERS".to_owned(), format!("{t}.containers[*].name")))
            }
            (Projection::Ports, "services") => Some(("PORTS".into(), ".spec.ports[*]".into())),
            (Projection::Ports, _) => template.map(|t| {
                (
                    "PORTS".to_owned(),
                    format!("{t}.containers[*].ports[*].containerPort"),
                )
            }),
            (Projection::Qos, "pods") => Some(("QOS".into(), ".status.qosClass".into())),
            (Projection::LastTermination, "pods") => {
                cols.push(Column::new(
                    "LAST-REASON",
                    ".status.containerStatuses[*].lastState.terminated.reason",
                )?);
                Some((
                    "EXIT-CODE".into(),
                    ".status.containerStatuses[*].lastState.terminated.exitCode".into(),
                ))
            }
            (Projection::NodeSelector, _) => {
                template.map(|t| ("NODE-SELECTOR".to_owned(), format!("{t}.nodeSelector")))
            }
            (Projection::Env, _) => {
                template.map(|t| ("ENV".to_owned(), format!("{t}.containers[*].env[*]")))
            }
            (Projection::Capacity | Projection::Allocatable, "nodes") => {
                let of = if *p == Projection::Capacity {
                    "capacity"
                } else {
                    "allocatable"
                };
                cols.push(Column::new("CPU", &format!(".status.{of}.cpu"))?);
                cols.push(Column::new("MEMORY", &format!(".status.{of}.memory"))?);
                Some(("PODS".into(), format!(".status.{of}.pods")))
            }
            (Projection::ServiceAccount, _) => template.map(|t| {
                (
                    "SERVICE-ACCOUNT".to_owned(),
                    format!("{t}.serviceAccountName"),
                )
            }),
            (Projection::NodeInfo(h, path), "nodes") => Some(((*h).to_owned(), (*path).to_owned())),
            (Projection::Capacity, "persistentvolumes") => {
                Some(("CAPACITY".into(), ".spec.capacity.storage".into()))
            }
            (Projection::Capacity, "persistentvolumeclaims") => {
                cols.push(Column::new(
                    "REQUESTED",
                    ".spec.resources.requests.storage",
                )?);
                Some(("CAPACITY".into(), ".status.capacity.storage".into()))
            }
            _ => None,
        };
        if let Some((h, path)) = col {
            cols.push(Column::new(&h, &path)?);
        }
    }
    if cols.is_empty() {
        return Ok(cols);
    }
    let mut all = Vec::with_capacity(cols.len() + 2);
    if op.all_namespaces {
        all.push(Column::new("NAMESPACE", ".metadata.namespace")?);
    }
    all.push(Column::new("NAME", ".metadata.name")?);
    all.extend(cols);
    Ok(all)
}

/// "sort pods by .metadata.creationTimestamp", "sorted by
/// status.startTime": a field path said after the order words, taken as
/// written (its case matters), claimed with them.
pub(super) fn sort_field(words: &mut Words) -> Option<kubechat_core::fieldpath::FieldPath> {
    let sorts =
        |w: Option<&str>| matches!(w, Some("sort" | "sorted" | "order" | "ordered" | "sorting"));
    // "sorted by X", "sort pods by X", "sort the pods by X".
    let by = (1..words.len()).find(|&i| {
        matches!(words.free(i), Some("by" | "on"))
            && (i.saturating_sub(6)..i).any(|k| sorts(words.free(k)))
    })?;
    let at = (by.saturating_sub(6)..by).find(|&k| sorts(words.free(k)))?;
    let raw = words.raw(by + 1)?.trim_end_matches([',', '?', '!', ':']);
    let raw = raw.strip_suffix('.').unwrap_or(raw);
    let first = raw.trim_start_matches('.').split(['.', '[']).next()?;
    if !(raw.starts_with('.')
        || (raw.contains('.') && TOP_FIELDS.iter().any(|t| t.eq_ignore_ascii_case(first))))
    {
        return None;
    }
    let path = if raw.starts_with('.') {
        raw.to_owned()
    } else {
        format!(".{raw}")
    };
    let path = kubechat_core::fieldpath::FieldPath::parse(&path).ok()?;
    for k in [at, by, by + 1] {
        words.mark(k);
    }
    Some(path)
}

/// The path `--sort-by` takes for `kind` on `op`'s type.
pub(super) fn sort_path(
    op: &Operation,
    kind: SortKind,
) -> Option<kubechat_core::fieldpath::FieldPath> {
    let path = match kind {
        SortKind::Restarts if op.resource.as_str() == "pods" => {
            ".status.containerStatuses[0].restartCount"
        }
        SortKind::Restarts => return None,
        SortKind::Created => ".metadata.creationTimestamp",
        SortKind::Name => ".metadata.name",
        SortKind::Capacity => match op.resource.as_str() {
            "persistentvolumes" => ".spec.capacity.storage",
            "persistentvolumeclaims" => ".spec.resources.requests.storage",
            _ => return None,
        },
        SortKind::Node if op.resource.as_str() == "pods" => ".spec.nodeName",
        SortKind::Started if matches!(op.resource.as_str(), "pods" | "jobs") => ".status.startTime",
        SortKind::Started => ".metadata.creationTimestamp",
        SortKind::Node => return None,
    };
    kubechat_core::fieldpath::FieldPath::parse(path).ok()
}

/// "with more details", "-o wide", "which node": the wide table.
pub(super) fn wide(words: &mut Words) -> bool {
    [
        "more details",
        "more detail",
        "wide",
        "-o wide",
        "extra details",
        "extra detail",
        "additional details",
        "additional detail",
    ]
    .iter()
    .any(|p| words.take_phrase(p).is_some())
        || listed_with_details(words)
        || ((words.has("node") || words.has("ip") || words.has("ips"))
            && (words.has("pod") || words.has("pods"))
            && (words.has("which") || words.has("what") || words.has("where")))
}

/// "get all pods with details", "list nodes with details": a list with
/// details is the wide table (one object "with details" is described).
fn listed_with_details(words: &mut Words) -> bool {
    let Some(at) = (1..words.len()).find(|&i| {
        words.free(i) == Some("with")
            && matches!(words.free(i + 1), Some("details" | "detail"))
            && words
                .get(i - 1)
                .is_some_and(|w| w.ends_with('s') && resource_word(w).is_some())
    }) else {
        return false;
    };
    words.mark(at);
    words.mark(at + 1);
    true
}

/// Whether trouble is asked about: "failing", "crashing", and questions after trouble in general
/// ("any problems in prod?", "the health of namespace shop"): without
/// a named object they ask for a diagnosis of the namespace.
pub(super) fn wants_failing(words: &Words) -> bool {
    FAILING.iter().any(|w| words.has(w))
        || [
            "problem", "problems", "issue", "issues", "trouble", "wrong", "health",
        ]
        .iter()
        .any(|w| words.has(w))
}

/// The phase a pod is asked in ("pending", "not running", "completed",
/// "evicted"), as a field selector.
pub(super) fn phase_selector(words: &Words) -> Option<&'static str> {
    // (A phase in quotes counts: "pods in the `Failed` phase".)
    let quoted = words.quoted.contains(&true);
    let said =
        |w: &str| words.has(w) || (quoted && words.position(w).is_some_and(|i| words.is_quoted(i)));
    let not_running = (words.has("not") && words.has("running")) || words.has("non-running");
    // "pods not in Pending phase", "pods that aren't completed": the
    // phase said with a negation just before it is every other phase.
    let negated = |w: &str| {
        words.position(w).is_some_and(|i| {
            (i.saturating_sub(3)..i).any(|k| {
                matches!(
                    words.get(k),
                    Some("not" | "isn't" | "aren't" | "isnt" | "arent" | "never" | "non")
                )
            })
        })
    };
    let either = |a: &str, b: &str| {
        if said(a) {
            Some(negated(a))
        } else if said(b) {
            Some(negated(b))
        } else {
            None
        }
    };
    // "pods in Unknown phase" (their node lost): by the phase's name.
    let unknown_phase = words.position("unknown").is_some_and(|i| {
        matches!(words.get(i + 1), Some("phase" | "state"))
            || (i >= 1 && matches!(words.get(i - 1), Some("phase" | "state")))
    });
    if unknown_phase {
        return Some(if negated("unknown") {
            "status.phase!=Unknown"
        } else {
            "status.phase=Unknown"
        });
    }
    // ("pods not running and pods pending": not running takes pending in.)
    if said("pending") && !not_running {
        Some(if negated("pending") {
            "status.phase!=Pending"
        } else {
            "status.phase=Pending"
        })
    } else if not_running {
        Some("status.phase!=Running")
    } else if said("running")
        && words.position("running").is_some_and(|i| {
            // "pods in the Running phase", "whose phase is Running": the
            // phase by its name (plain "running pods" are the pods).
            matches!(words.get(i + 1), Some("phase" | "state"))
                || (i >= 2
                    && words.get(i - 1) == Some("is")
                    && matches!(words.get(i - 2), Some("phase" | "state" | "status")))
        })
    {
        Some("status.phase=Running")
    } else if !words.has("unsuccessfully")
        && let Some(not) = either("completed", "succeeded")
    {
        Some(if not {
            "status.phase!=Succeeded"
        } else {
            "status.phase=Succeeded"
        })
    } else {
        // An evicted pod ends in phase Failed, as does one whose
        // containers all exited in error.
        either("evicted", "failed").map(|not| {
            if not {
                "status.phase!=Failed"
            } else {
                "status.phase=Failed"
            }
        })
    }
}

/// "which nodes are cordoned", "schedulable nodes": whether nodes take
/// new pods, as the `spec.unschedulable` field selector nodes support;
/// the words are claimed, so none is a node's name.
pub(super) fn node_state(words: &mut Words) -> Option<&'static str> {
    let at = (0..words.len()).find(|&i| {
        matches!(
            words.free(i),
            Some(
                "cordoned" | "uncordoned" | "unschedulable" | "schedulable" | "schedulingdisabled"
            )
        )
    })?;
    let word = words.get(at).unwrap_or_default();
    let not = words.get(at.wrapping_sub(1)) == Some("not");
    let off = matches!(word, "cordoned" | "unschedulable" | "schedulingdisabled");
    words.mark(at);
    if not {
        words.mark(at - 1);
    }
    Some(if off != not {
        "spec.unschedulable=true"
    } else {
        "spec.unschedulable=false"
    })
}

/// "unschedulable nodes", "which nodes are cordoned?": a node state said
/// of the nodes asked for, not the order to cordon; claimed before the
/// verb is read ("mark node-1 unschedulable" stays an order).
pub(super) fn node_state_asked(words: &mut Words) -> Option<&'static str> {
    let at = (0..words.len()).find(|&i| {
        matches!(
            words.free(i),
            Some("cordoned" | "uncordoned" | "unschedulable" | "schedulable")
        )
    })?;
    let before_nodes = matches!(words.get(at + 1), Some("node" | "nodes"));
    // ("which nodes are currently marked unschedulable": the state, said
    // of them.)
    let mut b = at;
    while b > 0
        && matches!(
            words.get(b - 1),
            Some("marked" | "currently" | "now" | "still" | "flagged" | "set" | "being")
        )
    {
        b -= 1;
    }
    let stated = matches!(words.get(b.wrapping_sub(1)), Some("are" | "is"))
        || (words.get(b.wrapping_sub(1)) == Some("not")
            && matches!(words.get(b.wrapping_sub(2)), Some("are" | "is")));
    // ("Can you tell me which nodes …": the question after a lead-in.)
    let asked = matches!(
        words.get(0),
        Some("which" | "what" | "any" | "how" | "are" | "is" | "list" | "show" | "get")
    ) || (1..words.len().min(6))
        .any(|i| matches!(words.get(i), Some("which" | "what")));
    (before_nodes || (stated && asked)).then(|| node_state(words))?
}

/// "tls secrets", "secrets of type kubernetes.io/dockerconfigjson",
/// "docker registry secrets": the type of Secret asked for, claimed
/// (before names, so "tls" is never one), as the `type` field selector
/// Secrets support.
pub(super) fn secret_type(words: &mut Words) -> Option<&'static str> {
    let secret_at =
        (0..words.len()).find(|&i| matches!(words.free(i), Some("secret" | "secrets")))?;
    const TYPES: &[(&str, &str)] = &[
        (
            "serviceaccount token",
            "kubernetes.io/service-account-token",
        ),
        (
            "service-account-token",
            "kubernetes.io/service-account-token",
        ),
        (
            "kubernetes.io/service-account-token",
            "kubernetes.io/service-account-token",
        ),
        ("docker registry", "kubernetes.io/dockerconfigjson"),
        ("docker-registry", "kubernetes.io/dockerconfigjson"),
        ("image pull", "kubernetes.io/dockerconfigjson"),
        ("dockerconfigjson", "kubernetes.io/dockerconfigjson"),
        (
            "kubernetes.io/dockerconfigjson",
            "kubernetes.io/dockerconfigjson",
        ),
        ("kubernetes.io/dockercfg", "kubernetes.io/dockercfg"),
        ("basic auth", "kubernetes.io/basic-auth"),
        ("basic-auth", "kubernetes.io/basic-auth"),
        ("kubernetes.io/basic-auth", "kubernetes.io/basic-auth"),
        ("ssh", "kubernetes.io/ssh-auth"),
        ("kubernetes.io/ssh-auth", "kubernetes.io/ssh-auth"),
        ("tls", "kubernetes.io/tls"),
        ("kubernetes.io/tls", "kubernetes.io/tls"),
        ("bootstrap token", "bootstrap.kubernetes.io/token"),
        ("opaque", "Opaque"),
    ];
    let phrase_at = |words: &Words, i: usize, phrase: &str| {
        phrase
            .split(' ')
            .enumerate()
            .all(|(k, p)| words.free(i + k) == Some(p))
    };
    for (phrase, ty) in TYPES {
        let len = phrase.split(' ').count();
        // Said right before the secret word ("tls secrets"), or after
        // "type" ("of type tls", "with type Opaque").
        let before = secret_at >= len && phrase_at(words, secret_at - len, phrase);
        let typed = (0..words.len()).find(|&i| {
            matches!(words.get(i), Some("type" | "types")) && phrase_at(words, i + 1, phrase)
        });
        if before {
            for k in secret_at - len..secret_at {
                words.mark(k);
            }
            return Some(ty);
        }
        if let Some(i) = typed {
            for k in i..=i + len {
                words.mark(k);
            }
            if words
                .get(i.wrapping_sub(1))
                .is_some_and(|w| matches!(w, "of" | "with"))
            {
                words.mark(i - 1);
            }
            return Some(ty);
        }
    }
    None
}

/// The pods asked for by a field: their phase, the node they run on (a
/// node's pods live in every namespace unless one is said; a deletion
/// never widens past the namespace).
pub(super) fn pod_fields(
    op: &mut Operation,
    field_selector: Option<&str>,
    on_node: Option<&String>,
    service_account: Option<&String>,
) -> Result<()> {
    let verb = op.verb;
    let mut fields: Vec<String> = field_selector.map(str::to_owned).into_iter().collect();
    if let Some(sa) = service_account {
        fields.push(format!("spec.serviceAccountName={sa}"));
    }
    if let Some(node) = on_node {
        fields.push(format!("spec.nodeName={node}"));
        // A node's pods live in every namespace unless one is
        // said; a deletion never widens past the namespace.
        if verb.is_read() && op.namespace.is_none() && op.name.is_none() {
            op.all_namespaces = true;
        }
    }
    // A named pod is picked by its name: its phase or node said beside
    // it describes it ("pod web-1 if it's still pending" is a condition,
    // which the holds read), and no selector would be checked.
    if !fields.is_empty() && op.name.is_none() {
        op.params.field_selector = Some(Selector::parse(&fields.join(","))?);
    }
    Ok(())
}

/// "pods using the service account deployer", "which pods run as sa
/// 'builder'": the pods of one service account (`spec.serviceAccountName`),
/// claimed with the words that said it, so the account is neither the
/// type asked for nor a pod's name.
pub(super) fn service_account_of_pods(words: &mut Words) -> Option<String> {
    if !(words.has("pods") || words.has("pod")) {
        return None;
    }
    for i in 0..words.len() {
        let (account_end, name_at) = match (words.free(i), words.free(i + 1)) {
            (Some("service"), Some("account")) => (i + 1, i + 2),
            (Some("serviceaccount" | "sa"), _) => (i, i + 1),
            _ => continue,
        };
        let mut at = name_at;
        if matches!(words.free(at), Some("named" | "called")) {
            at += 1;
        }
        let Some(name) = words.free(at).map(str::to_owned) else {
            continue;
        };
        // The words before say the pods use it.
        let start = if i > 0 && matches!(words.get(i - 1), Some("the" | "a")) {
            i - 1
        } else {
            i
        };
        let using = start.checked_sub(1).is_some_and(|j| {
            matches!(
                words.get(j),
                Some("using" | "use" | "uses" | "with" | "as" | "under" | "of")
            )
        });
        // "named default": a name however plain, once called one.
        let called = at > name_at && ResourceName::parse(&name).is_ok();
        if !using || !(called || is_name_candidate(&name)) || resource_word(&name).is_some() {
            continue;
        }
        for k in start..=at.max(account_end) {
            words.mark(k);
        }
        return Some(name);
    }
    None
}

/// "which pod uses the most memory", "pods ordered by CPU usage", "the
/// highest memory consuming pod": `top` ordered by that usage, highest
/// first (`--sort-by=memory`). An order or a superlative must be said;
/// "cpu and memory of pods" is the plain table.
/// "pods sorted by memory", "nodes ordered by cpu": a list ordered by
/// what its objects use, which only top measures.
pub(super) fn sorted_by_usage(words: &Words) -> bool {
    sorted_by(words).is_some()
}

/// The usage named after "sorted by" ("… sorted by CPU") and where the
/// order's word stands.
fn sorted_by(words: &Words) -> Option<(usize, kubechat_core::Usage)> {
    (0..words.len()).find_map(|i| {
        let usage = match words.free(i + 2)? {
            "cpu" => kubechat_core::Usage::Cpu,
            "memory" | "mem" | "ram" => kubechat_core::Usage::Memory,
            _ => return None,
        };
        (matches!(words.free(i), Some("sorted" | "sort" | "ordered" | "order"))
            && matches!(words.free(i + 1), Some("by" | "on")))
        .then_some((i, usage))
    })
}

pub(super) fn usage_order(words: &mut Words) -> Option<kubechat_core::Usage> {
    const ORDER: &[&str] = &[
        "sorted",
        "sort",
        "ordered",
        "order",
        "ranked",
        "rank",
        "most",
        "highest",
        "heaviest",
        "biggest",
        "largest",
        "greatest",
        "max",
        "maximum",
        "hungriest",
        "hungry",
    ];
    let usage_at = |i: usize| match words.get(i) {
        Some("cpu") => Some(kubechat_core::Usage::Cpu),
        Some("memory" | "mem" | "ram") => Some(kubechat_core::Usage::Memory),
        _ => None,
    };
    // "CPU and memory usage of all pods, sorted by CPU": the order named
    // after "sorted by", whatever else is shown.
    if let Some((i, usage)) = sorted_by(words) {
        for k in i..=i + 2 {
            words.mark(k);
        }
        return Some(usage);
    }
    let (at, usage) = (0..words.len()).find_map(|i| usage_at(i).map(|u| (i, u)))?;
    // "the most cpu/mem", "highest cpu and memory": no one order.
    if words.has("cpu") && (words.has("memory") || words.has("mem") || words.has("ram")) {
        return None;
    }
    // "top nodes by cpu": "by" before the usage orders too.
    let by = at > 0 && words.free(at - 1) == Some("by");
    let ordered: Vec<usize> = (0..words.len())
        .filter(|&i| words.get(i).is_some_and(|w| ORDER.contains(&w)))
        .chain(by.then(|| at - 1))
        .collect();
    if ordered.is_empty() {
        return None;
    }
    for i in ordered {
        words.mark(i);
        // "sorted by", "in order of".
        if matches!(words.free(i + 1), Some("by" | "of")) {
            words.mark(i + 1);
        }
    }
    words.mark(at);
    Some(usage)
}
