//! Type words: plurals, singulars, short names and small typos of the
//! built-in resource types, memoised per reading.

use super::*;

thread_local! {
    /// `resource_word`'s answers: each word is looked up by several
    /// stages of a reading, and the words of requests repeat from one to
    /// the next. The answer depends on the word alone (the built-in
    /// types), so it is kept across readings, bounded: a long-running
    /// server sees unbounded words.
    static RESOURCE_MEMO: std::cell::RefCell<crate::words::HashMap<String, Option<ResourceType>>> =
        std::cell::RefCell::new(crate::words::HashMap::default());
}

/// How many words [`RESOURCE_MEMO`] keeps before it starts over.
const RESOURCE_MEMO_WORDS: usize = 4096;

/// A resource word (memoised).
pub(super) fn resource_word(word: &str) -> Option<ResourceType> {
    if let Some(hit) = RESOURCE_MEMO.with(|m| m.borrow().get(word).cloned()) {
        return hit;
    }
    let found = resource_word_uncached(word);
    RESOURCE_MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= RESOURCE_MEMO_WORDS {
            m.clear();
        }
        m.insert(word.to_owned(), found.clone());
    });
    found
}

/// The names a typo of a type word is measured against: the plural and
/// singular of every built-in type said often ([`resources::OFTEN_SAID`]),
/// listed once, each with the bytes it holds
/// ([`resources::letters`]), grouped by length (index = length), so a
/// word is compared only with names a limit's worth longer or shorter.
/// Each keeps its place in the list, which breaks ties of distance.
type TypoTarget = (usize, &'static str, u64, &'static resources::ResourceInfo);
static TYPO_TARGETS: std::sync::LazyLock<Vec<Vec<TypoTarget>>> = std::sync::LazyLock::new(|| {
    let mut by_len: Vec<Vec<_>> = Vec::new();
    let names = BUILTIN[..resources::OFTEN_SAID]
        .iter()
        .flat_map(|r| [(r.plural, r), (r.singular, r)]);
    for (place, (n, r)) in names.enumerate() {
        if by_len.len() <= n.len() {
            by_len.resize_with(n.len() + 1, Vec::new);
        }
        by_len[n.len()].push((place, n, resources::letters(n), r));
    }
    by_len
});

/// A resource word: plural, singular, short name, or a small typo of one.
pub(super) fn resource_word_uncached(word: &str) -> Option<ResourceType> {
    // Stop words first: "no" and "ns" are short names, "please" is one
    // letter from "lease", "replicas" two from "replicasets".
    if word.len() < 2 || word.contains('=') || STOP_SET.contains(&word) {
        return None;
    }
    if let Some(r) = resources::lookup(word) {
        return ResourceType::parse(r.plural).ok();
    }
    // A custom resource most clusters run ("certificates", "kafkatopic").
    if let Some((_, plural)) = crate::words::CUSTOM_KINDS.iter().find(|(w, _)| *w == word) {
        return ResourceType::parse(plural).ok();
    }
    // What people call a HorizontalPodAutoscaler.
    if matches!(word, "autoscaler" | "autoscalers" | "autoscaling") {
        return ResourceType::parse("horizontalpodautoscalers").ok();
    }
    // Chat's spellings of a ConfigMap.
    if matches!(word, "cfgmap" | "cfgmaps" | "cfg-map") {
        return ResourceType::parse("configmaps").ok();
    }
    // Plurals of short names: "pvcs", "svcs", "hpas".
    if let Some(r) = word.strip_suffix('s').and_then(resources::lookup) {
        return ResourceType::parse(r.plural).ok();
    }
    // "stateful-sets", "cron-job": a type's words joined by a dash, read
    // below. Any other dashed word is a name ("logs of lea-e" is no
    // lease, "ser-ice" no service): a dash is no typo of a letter.
    if word.contains('-') {
        let joined = word.replace('-', "");
        resources::lookup(&joined)
            .or_else(|| joined.strip_suffix('s').and_then(resources::lookup))?;
    }
    // Typos: only for words long enough that a near miss is meaningful,
    // and never a part of an object ("rules" is one letter from "roles").
    // ("node3", "pods2": a digit says a name; no type's name has one.)
    if word.len() >= 5
        && !names::ASPECTS.contains(&word)
        && !word.bytes().any(|b| b.is_ascii_digit())
    {
        let limit = if word.len() >= 8 { 2 } else { 1 };
        // Names whose length differs by more than the limit cannot be
        // within it: skip them before computing distances.
        let held = resources::letters(word);
        let longest = (word.len() + limit).min(TYPO_TARGETS.len().saturating_sub(1));
        let best = TYPO_TARGETS
            .get(word.len() - limit..=longest)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|(_, _, l, _)| {
                !word.is_ascii() || (held ^ l).count_ones() as usize <= 2 * limit
            })
            .filter_map(|(place, n, _, r)| {
                resources::distance_within(word, n, limit).map(|d| ((d, *place), r))
            })
            .min_by_key(|(key, _)| *key)?;
        return ResourceType::parse(best.1.plural).ok();
    }
    None
}

/// Whether a type word was read through a typo: neither a built-in's
/// word nor a known custom resource's.
fn typo_word(w: &str) -> bool {
    resources::lookup(w).is_none() && !crate::words::CUSTOM_KINDS.iter().any(|(k, _)| *k == w)
}

/// The type a request names, claimed from `words`.
pub(super) struct TypeSlot {
    pub resource: Option<ResourceType>,
    /// Where the type word stands.
    pub at: Option<usize>,
    /// Whether the type word was a typo of one (when a type word was read).
    pub typo: Option<bool>,
    /// The name a `TYPE/NAME` word or "the endpoints of service X" gave.
    pub name: Option<ResourceName>,
}

/// The resource type, and `TYPE/NAME`; quoted words only when no plain
/// word names a type ("explain 'persistentvolumeclaim'"). What the verb
/// works on comes first: nodes for a cordon, the workload of a logs
/// request, the pods of "which node is each pod on".
pub(super) fn read_type(
    words: &mut Words,
    verb: Option<Verb>,
    listing_rights: bool,
    explain_field: Option<&(ResourceType, String, usize)>,
    wide: bool,
    name_known: bool,
) -> Result<TypeSlot> {
    let mut resource = None;
    let mut resource_at = None;
    if listing_rights {
        resource = Some(ResourceType::parse("all")?);
    }
    if let Some((rt, _, at)) = explain_field.filter(|_| verb == Some(Verb::Explain)) {
        resource = Some(rt.clone());
        resource_at = Some(*at);
    }
    // "stop scheduling new pods onto node foo": nodes are what cordons
    // and drains work on.
    if matches!(
        verb,
        Some(Verb::Cordon | Verb::Uncordon | Verb::Drain | Verb::Taint)
    ) && let Some(i) =
        (0..words.len()).find(|&i| matches!(words.free(i), Some("node" | "nodes")))
    {
        words.mark(i);
        resource = Some(ResourceType::parse("nodes")?);
        resource_at = Some(i);
    }
    // "drain node01 of all its pods": a drain is of a node, whatever
    // else is named.
    if verb == Some(Verb::Drain) && resource.is_none() {
        for i in 0..words.len() {
            if matches!(words.free(i), Some("pod" | "pods")) {
                words.mark(i);
            }
        }
        resource = Some(ResourceType::parse("nodes")?);
    }
    // "which node is each pod on": the pods, shown wide.
    if wide
        && let Some(i) = (0..words.len()).find(|&i| matches!(words.free(i), Some("pod" | "pods")))
    {
        for j in 0..words.len() {
            if matches!(words.free(j), Some("node" | "ip" | "ips")) {
                words.mark(j);
            }
        }
        words.mark(i);
        resource = Some(ResourceType::parse("pods")?);
        resource_at = Some(i);
    }
    if verb == Some(Verb::Logs)
        && resource.is_none()
        && let Some(found) = log_workload(words)
    {
        return Ok(found);
    }
    // "what apps and services are in hr": the apps said first, with
    // the type after them read as one more.
    // (Whatever the verb: "restart apps and services in shop" is asked
    // back as two kinds, never a deployment named "apps".)
    if resource.is_none()
        && verb != Some(Verb::Logs)
        && let Some(i) = (0..words.len()).find(|&i| {
            matches!(words.free(i), Some("apps" | "applications"))
                && matches!(words.get(i + 1), Some("and" | "&" | "plus"))
                && words.get(i + 2).is_some_and(|w| resource_word(w).is_some())
        })
    {
        words.mark(i);
        return Ok(TypeSlot {
            resource: ResourceType::parse("deployments").ok(),
            at: Some(i),
            typo: Some(false),
            name: None,
        });
    }
    if resource.is_none()
        && let Some(found) = type_word(words, name_known)
    {
        return endpoints_named(words, found, name_known);
    }
    if resource.is_none()
        && let Some(found) = machines_word(words)
    {
        return Ok(found);
    }
    if resource.is_none() && verb.is_none_or(|v| v == Verb::Get) && node_state_asked(words) {
        return Ok(TypeSlot {
            resource: ResourceType::parse("nodes").ok(),
            at: None,
            typo: None,
            name: None,
        });
    }
    if resource.is_none()
        && verb != Some(Verb::Logs)
        && let Some(found) = app_word(words)
    {
        return Ok(found);
    }
    endpoints_named(
        words,
        TypeSlot {
            resource,
            at: resource_at,
            typo: None,
            name: None,
        },
        name_known,
    )
}

/// The workload whose pods are read ("the pods of deployment web", "pods
/// managed by the statefulset db", "pods from the web deployment"): its
/// name, read as the pods' name. KubeChat's chat reads a pod name no pod
/// has as the pods of the workload of that name (by its selector), so the
/// workload's name is the one that finds them — dropping it would read
/// every pod. A workload's autoscaler goes by its name too ("the hpa of
/// deployment web", as `kubectl autoscale` names it). `at` is the pods
/// (or autoscaler) word; the workload word comes after it.
pub(super) fn owning_workload(
    words: &mut Words,
    at: usize,
) -> Option<(ResourceType, ResourceName)> {
    const CUES: &[&str] = &[
        "of",
        "from",
        "by",
        "in",
        "belong",
        "belongs",
        "belonging",
        "owned",
        "managed",
        "behind",
        "under",
        "for",
        "to",
    ];
    const WORKLOADS: &[&str] = &["deployments", "statefulsets", "daemonsets", "jobs"];
    let (k, kind) = (at + 1..words.len().min(at + 8)).find_map(|k| {
        words
            .free(k)
            .filter(|_| !words.is_quoted(k))
            .and_then(resource_word)
            .filter(|t| WORKLOADS.contains(&t.as_str()))
            .map(|t| (k, t))
    })?;
    // A cue between the pods and the workload: "pods of (the)
    // deployment", "pods managed by the statefulset".
    let cues: Vec<usize> = (at + 1..k)
        .filter(|&j| words.get(j).is_some_and(|w| CUES.contains(&w)))
        .collect();
    if cues.is_empty() {
        return None;
    }
    let (i, name) = [k + 1, k - 1]
        .into_iter()
        .filter(|&i| i > at)
        .find_map(|i| name_word(words, Some(k), i).map(|w| (i, w)))?;
    let name = ResourceName::parse(&name).ok()?;
    for j in cues.into_iter().chain([k, i]) {
        words.mark(j);
    }
    Some((kind, name))
}

/// Logs of a workload ("logs from all pods in the deployment nginx", "logs
/// of job hello"): the workload is the object, and the pods word is
/// claimed ("pods of the deployment").
fn log_workload(words: &mut Words) -> Option<TypeSlot> {
    for i in 0..words.len() {
        if let Some(w) = words.free(i).filter(|_| !words.is_quoted(i))
            && let Some(rt) = resource_word(w).filter(|r| LOG_WORKLOADS.contains(&r.as_str()))
        {
            let typo = Some(resources::lookup(w).is_none());
            words.mark(i);
            if let Some(p) =
                (0..words.len()).find(|&k| matches!(words.free(k), Some("pods" | "pod")))
            {
                words.mark(p);
            }
            return Some(TypeSlot {
                resource: Some(rt),
                at: Some(i),
                typo,
                name: None,
            });
        }
    }
    None
}

/// "is worker-7 cordoned?", "are pool-a-1 and pool-a-2 schedulable": a
/// state only a node has, asked of what is named, says the type.
fn node_state_asked(words: &Words) -> bool {
    matches!(words.get(0), Some("is" | "are" | "was" | "were"))
        && words.len() >= 3
        && matches!(
            words.get(words.len() - 1),
            Some(
                "cordoned" | "uncordoned" | "schedulable" | "unschedulable" | "drained" | "tainted"
            )
        )
}

/// "how many servers does our cluster have", "how busy are our machines":
/// what people outside Kubernetes call the nodes — only as "our/the/all
/// … machines", never "web servers" or "api servers" (programs).
fn machines_word(words: &mut Words) -> Option<TypeSlot> {
    let i = (1..words.len()).find(|&i| {
        matches!(words.free(i), Some("machines" | "servers" | "vms"))
            && matches!(
                words.get(i - 1),
                Some("our" | "the" | "all" | "my" | "many" | "which" | "what" | "cluster")
            )
    })?;
    words.mark(i);
    Some(TypeSlot {
        resource: ResourceType::parse("nodes").ok(),
        at: Some(i),
        typo: None,
        name: None,
    })
}

/// "the checkout app", "are the apps in shop healthy": what people call an
/// app is the Deployment that runs it — one named just before "app", or
/// every one after "the"/"all"/"our". Never "the app label" or "app
/// pods", and never for logs ("logs of the nginx app" are its pods').
fn app_word(words: &mut Words) -> Option<TypeSlot> {
    let i = (0..words.len()).find(|&i| {
        !words.is_quoted(i)
            && matches!(
                words.free(i),
                Some("app" | "apps" | "application" | "applications")
            )
    })?;
    let plural = words.get(i)?.ends_with('s');
    if words.get(i + 1).is_some_and(|n| {
        matches!(
            n,
            "label" | "labels" | "key" | "name" | "selector" | "container" | "containers" | "code"
        ) || resource_word(n).is_some()
    }) {
        return None;
    }
    let before = i.checked_sub(1).and_then(|j| words.free(j));
    let fits = if plural {
        // "the apps in shop", "what apps are running in prod", "list
        // apps in shop", "which apps and services are in hr": asked for
        // as a kind; not "one of the applications", nor a namespace
        // ("list apps namespace").
        matches!(
            i.checked_sub(1).and_then(|j| words.get(j)),
            Some(
                "the"
                    | "all"
                    | "our"
                    | "my"
                    | "every"
                    | "what"
                    | "which"
                    | "many"
                    | "list"
                    | "show"
                    | "any"
            )
        ) && matches!(
            words.get(i + 1),
            Some("in" | "within" | "running" | "deployed" | "are" | "and" | "we" | "do") | None
        ) && !matches!(words.get(i.wrapping_sub(2)), Some("of"))
    } else {
        // "the checkout app", not "a web application".
        before.is_some_and(|w| plain_name(w) && !prose_word(w))
            && !matches!(
                words.get(i.wrapping_sub(2)),
                Some("a" | "an" | "one" | "some" | "any" | "another")
            )
    };
    if !fits {
        return None;
    }
    words.mark(i);
    Some(TypeSlot {
        resource: ResourceType::parse("deployments").ok(),
        at: Some(i),
        typo: Some(false),
        name: None,
    })
}

/// The first type word, or `TYPE/NAME`; quoted words only when no plain
/// word names a type ("explain 'persistentvolumeclaim'").
fn type_word(words: &mut Words, name_known: bool) -> Option<TypeSlot> {
    for quoted_pass in [false, true] {
        for i in 0..words.len() {
            if words.is_quoted(i) != quoted_pass {
                continue;
            }
            let Some(w) = words.free(i) else {
                continue;
            };
            if let Some((t, n)) = w.split_once('/')
                && let (Some(rt), Ok(nm)) = (resource_word(t), ResourceName::parse(n))
            {
                let typo = typo_word(t);
                words.mark(i);
                return Some(TypeSlot {
                    resource: Some(rt),
                    at: None,
                    typo: Some(typo),
                    name: (!name_known).then_some(nm),
                });
            }
            let rt = if quoted_pass {
                resources::lookup(w).and_then(|r| ResourceType::parse(r.plural).ok())
            } else {
                resource_word(w)
            };
            // "the node port of the 'web' service", "the pod IPs behind
            // service api": a type word naming a field is a modifier when
            // another type word says what is asked about.
            if !quoted_pass
                && rt.is_some()
                && words.get(i + 1).is_some_and(|n| FIELD_HEADS.contains(&n))
                && (i + 2..words.len()).any(|j| {
                    words
                        .free(j)
                        .is_some_and(|t| !words.is_quoted(j) && resource_word(t).is_some())
                })
            {
                continue;
            }
            // "…, last deploy broke login", "since the latest deploy":
            // a deploy that happened, no type.
            if !quoted_pass
                && w == "deploy"
                && i > 0
                && matches!(
                    words.get(i - 1),
                    Some("last" | "latest" | "recent" | "previous" | "bad" | "failed" | "botched")
                )
            {
                continue;
            }
            // "the Cart Service deployment": a kind's word in a name
            // written as a title, before the kind.
            if !quoted_pass
                && rt.is_some()
                && i > 0
                && words.titled(i)
                && words.titled(i - 1)
                && words.get(i + 1).is_some_and(|n| resource_word(n).is_some())
            {
                continue;
            }
            // "mongo-0 has been Terminating and its node is gone", "web-1
            // is stuck and its deployment is broken": the type of what a
            // name said before owns, not the name's.
            if !quoted_pass
                && rt.is_some()
                && i > 0
                && matches!(words.get(i - 1), Some("its" | "their"))
                && (0..i - 1).any(|j| {
                    words.get(j).is_some_and(|n| {
                        n.bytes().any(|b| b.is_ascii_alphabetic())
                            && (n.contains('-') || n.bytes().any(|b| b.is_ascii_digit()))
                            && ResourceName::parse(n).is_ok()
                            && resource_word(n).is_none()
                    })
                })
            {
                continue;
            }
            if let Some(rt) = rt {
                let typo = typo_word(w);
                words.mark(i);
                return Some(TypeSlot {
                    resource: Some(rt),
                    at: Some(i),
                    typo: Some(typo),
                    name: None,
                });
            }
        }
    }
    None
}

/// Nouns that make a type word before them a modifier ("node port",
/// "pod IP", "node selector").
const FIELD_HEADS: &[&str] = &[
    "port",
    "ports",
    "ip",
    "ips",
    "address",
    "addresses",
    "selector",
    "selectors",
    "affinity",
    "cidr",
    "pool",
    "pools",
    "hostname",
];

/// "the endpoints of service hostnames", "does the hostnames service have
/// any endpoints?": an Endpoints object is named after its Service.
fn endpoints_named(words: &mut Words, mut slot: TypeSlot, name_known: bool) -> Result<TypeSlot> {
    if name_known
        || slot.name.is_some()
        || !slot
            .resource
            .as_ref()
            .is_some_and(|r| matches!(r.as_str(), "endpoints" | "services"))
    {
        return Ok(slot);
    }
    let endpoints_word =
        (0..words.len()).find(|&i| matches!(words.get(i), Some("endpoints" | "endpoint")));
    let service_word =
        (0..words.len()).find(|&i| matches!(words.get(i), Some("service" | "services" | "svc")));
    // "describe the inventory service and report its selector and
    // endpoints": the service's own endpoints, which describing the
    // service shows; the service is the object.
    if let (Some(e), Some(s)) = (endpoints_word, service_word)
        && s < e
        && (s + 1..e).any(|k| matches!(words.get(k), Some("its" | "their")))
    {
        slot.resource = Some(ResourceType::parse("services")?);
        return Ok(slot);
    }
    if let (Some(e), Some(s)) = (endpoints_word, service_word) {
        // "the service endpoints for checkout": the service after the
        // endpoints' "for".
        let after_for = matches!(words.get(e + 1), Some("for" | "of" | "behind")).then(|| {
            if words.get(e + 2) == Some("the") {
                e + 3
            } else {
                e + 2
            }
        });
        let named = [Some(s + 1), Some(s.wrapping_sub(1)), after_for]
            .into_iter()
            .flatten()
            .find(|&j| {
                words
                    .free(j)
                    .is_some_and(|w| plain_name(w) && ResourceName::parse(w).is_ok())
            });
        if let Some(j) = named
            && let Ok(n) = ResourceName::parse(words.get(j).unwrap_or_default())
        {
            words.mark(e);
            words.mark(s);
            words.mark(j);
            slot.resource = Some(ResourceType::parse("endpoints")?);
            slot.at = Some(e);
            slot.name = Some(n);
        }
    }
    Ok(slot)
}

/// The type a request implies without a type word: "create a namespace
/// called team-a", "autoscale web" (a deployment), "show ns", "what's
/// running in payments" (pods), "everything in shop" (kubectl's `all`, for
/// a read; a deletion names its types).
/// "delete the dev namespace and everything in it", "… along with all
/// its resources": the namespace itself is deleted, and its contents
/// with it (as deleting a namespace does); "delete all resources in
/// namespace dev", which keeps the namespace, says no "it", and names the
/// contents before the namespace.
pub(super) fn namespace_with_contents(words: &mut Words) -> bool {
    const CONTENTS: &[&str] = &[
        "resources",
        "everything",
        "objects",
        "contents",
        "content",
        "workloads",
        "stuff",
    ];
    let pointed = (0..words.len()).any(|i| {
        words.free(i) == Some("its")
            || (words.free(i) == Some("it")
                && matches!(
                    words.get(i.wrapping_sub(1)),
                    Some("in" | "inside" | "within")
                ))
    });
    // The namespace is said first and its contents after it: in "delete
    // everything in the dev namespace, including its contents" the
    // contents come first and are what is deleted (asked back).
    let Some(ns_at) = (0..words.len()).find(|&i| matches!(words.get(i), Some("namespace" | "ns")))
    else {
        return false;
    };
    let contents: Vec<usize> = (0..words.len())
        .filter(|&i| words.free(i).is_some_and(|w| CONTENTS.contains(&w)))
        .collect();
    if !pointed || contents.is_empty() || contents.iter().any(|&i| i < ns_at) {
        return false;
    }
    for i in 0..words.len() {
        if words.free(i).is_some_and(|w| {
            CONTENTS.contains(&w)
                || matches!(
                    w,
                    "it" | "its"
                        | "in"
                        | "inside"
                        | "within"
                        | "along"
                        | "with"
                        | "all"
                        | "and"
                        | "including"
                )
        }) {
            words.mark(i);
        }
    }
    true
}

pub(super) fn unnamed_type(
    words: &Words,
    verb: Option<Verb>,
    namespace: Option<&Namespace>,
) -> Result<Option<ResourceType>> {
    // "create a namespace called team-a": the type word, not a marker.
    if words.free_word("namespace") || words.free_word("namespaces") {
        return Ok(Some(ResourceType::parse("namespaces")?));
    }
    // "autoscale web": a deployment.
    if words.has("autoscale") {
        return Ok(Some(ResourceType::parse("deployments")?));
    }
    // "worker-1 is NotReady": only a node's status reads so.
    // ("why is worker-3 unschedulable?": a node's name with the state a
    // cordon gives; a pod that cannot be placed is "pending" or
    // "unschedulable" with a pod's name.)
    if words.has("notready")
        || (verb == Some(Verb::Diagnose)
            && (words.has("unschedulable") || words.has("cordoned") || words.has("schedulable"))
            && words.w.iter().any(|w| super::nodes::node_name_like(w)))
    {
        return Ok(Some(ResourceType::parse("nodes")?));
    }
    // "show ns": the short name, not the namespace marker.
    if words.free_word("ns") {
        return Ok(Some(ResourceType::parse("namespaces")?));
    }
    // "what's running in payments", "what's in CrashLoopBackOff?": the
    // pods (those states are a pod's).
    // ("ImagePullBackOff on everything in sandbox, why": the pods too.)
    // ("how many replicas is search-gateway running": a workload's
    // replicas, read below.)
    if matches!(verb, Some(Verb::Get | Verb::Diagnose) | None)
        && (words.has("running") || POD_STATES.iter().any(|w| words.has(w)))
        && !(words.has("replicas") && words.has("many"))
    {
        return Ok(Some(ResourceType::parse("pods")?));
    }
    // "everything in shop", "all resources in shop": kubectl's `all`
    // (workloads and services) for a read; a deletion names its types.
    if (words.has("resources") || words.has("everything") || words.has("objects"))
        && (namespace.is_some() || words.has("all"))
        // "everything about web-1" describes one object.
        && !words.has("about")
        && matches!(verb, Some(Verb::Get | Verb::Describe) | None)
    {
        return Ok(Some(ResourceType::parse("all")?));
    }
    // "get all in shop", "show me all across the cluster": "all" said
    // where a type goes is kubectl's `all`, not the namespace itself.
    if matches!(verb, Some(Verb::Get | Verb::Describe))
        && (0..words.len()).any(|i| {
            words.free(i) == Some("all")
                && matches!(
                    words.get(i.wrapping_sub(1)),
                    Some("get" | "show" | "list" | "display" | "view" | "see" | "me" | "us")
                )
                && matches!(
                    words.get(i + 1),
                    None | Some("in" | "inside" | "within" | "from" | "across" | "on" | "there")
                )
        })
    {
        return Ok(Some(ResourceType::parse("all")?));
    }
    if (words.has("resources") || words.has("everything") || words.has("objects"))
        && namespace.is_some()
    {
        return Err(Error::NotUnderstood {
            reason: "say which kinds of objects".into(),
            suggestions: vec![format!(
                "{} -n {}",
                if verb == Some(Verb::Delete) {
                    "delete pods,services --all"
                } else {
                    "get all"
                },
                namespace.map_or("", |n| n.as_str())
            )],
        });
    }
    Ok(None)
}

/// "pods and services", "pods, services and deployments": several
/// types in one read or deletion, as `kubectl get pods,services`;
/// other verbs take one type, and the first is never taken silently.
pub(super) fn several_types(
    words: &mut Words,
    op: &mut Operation,
    resource_at: Option<usize>,
) -> Result<()> {
    if let Some(at) = resource_at {
        let verb = op.verb;
        let mut more: Vec<ResourceType> = Vec::new();
        let mut j = at + 1;
        let mut joined = false;
        while j < words.len() && j <= at + 12 {
            match words.get(j) {
                // "pods or services" reads both; deleting both was
                // not asked.
                Some("or")
                    if verb == Verb::Delete
                        && words.get(j + 1).is_some_and(|w| resource_word(w).is_some()) =>
                {
                    return Err(Error::NotUnderstood {
                        reason: format!(
                            "{} or {}? say which to delete (\"and\" deletes both)",
                            op.resource,
                            words.get(j + 1).unwrap_or_default()
                        ),
                        suggestions: vec![kubechat_core::kubectl::render(op)],
                    });
                }
                Some("and" | "or" | "&" | "plus" | "," | "also") => joined = true,
                // "the pod and the service": an article after the joiner.
                Some("the" | "a" | "an" | "all") if joined => {}
                Some("as")
                    if words.get(j + 1) == Some("well") && words.get(j + 2) == Some("as") =>
                {
                    joined = true;
                    j += 2;
                }
                Some(w) if joined && !words.is_quoted(j) && words.free(j).is_some() => {
                    match resource_word(w) {
                        Some(t) if t != op.resource && !more.contains(&t) => {
                            more.push(t);
                            joined = false;
                        }
                        Some(_) => joined = false,
                        None => break,
                    }
                }
                _ => break,
            }
            j += 1;
        }
        if let Some(other) = more.first() {
            if !matches!(verb, Verb::Get | Verb::Describe | Verb::Delete) {
                return Err(Error::NotUnderstood {
                    reason: format!(
                        "ask for one kind of object at a time, not {} and {other}",
                        op.resource
                    ),
                    suggestions: vec![kubechat_core::kubectl::render(op)],
                });
            }
            for k in at + 1..j {
                words.mark(k);
            }
            op.also = more;
        }
    }
    Ok(())
}

/// States only a pod is in: said without a type, they ask about pods.
const POD_STATES: &[&str] = &[
    "crashloopbackoff",
    "imagepullbackoff",
    "errimagepull",
    "containercreating",
    "oomkilled",
    "crashlooping",
];

/// "in the v1 version of the apps API group": the API a type is read
/// from, which the server's preferred version answers the same; claimed
/// so "v1" or "apps" is never a name.
pub(super) fn api_version_said(words: &mut Words) {
    for i in 0..words.len() {
        // "v1", "v2beta1".
        let is_version = words.free(i).is_some_and(|w| {
            w.strip_prefix('v')
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        });
        if is_version && words.get(i + 1) == Some("version") {
            words.mark(i);
            words.mark(i + 1);
        }
        if words.get(i) == Some("api") && matches!(words.get(i + 1), Some("group" | "groups")) {
            words.mark(i);
            words.mark(i + 1);
            if let Some(g) = i.checked_sub(1).filter(|&g| words.free(g).is_some()) {
                words.mark(g);
            }
        }
    }
}
