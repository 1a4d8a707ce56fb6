//! Checks on a filled frame: what no slot took is never dropped silently.

use super::*;

/// A word that qualifies the type word at `at` ("the *old* replicasets",
/// "all *test* pods"), found by walking back over determiners and
/// quantifiers; a field-selector word ("pending", "completed") is read
/// elsewhere and not returned.
pub(super) fn qualifier_before(words: &Words, at: usize) -> Option<&str> {
    const DETERMINERS: &[&str] = &[
        "all", "every", "each", "the", "my", "our", "your", "these", "those", "of", "any", "both",
        "its", "their", "other",
    ];
    const READ_AS_SELECTORS: &[&str] = &[
        "pending",
        "completed",
        "succeeded",
        "evicted",
        "failed",
        "non-running",
    ];
    let mut i = at;
    while i > 0 {
        i -= 1;
        let w = words.get(i)?;
        if DETERMINERS.contains(&w) {
            continue;
        }
        // ("mark the nodes … unschedulable", "make the nodes …": the
        // verb of a state said after, no qualifier.)
        if READ_AS_SELECTORS.contains(&w)
            || words.used.get(i).copied().unwrap_or(true)
            || matches!(w, "mark" | "make")
        {
            return None;
        }
        return (!VERB_WORDS.contains(w) && number(w).is_none()).then_some(w);
    }
    None
}

/// A quoted name no slot took: the person named something the reading
/// does not place.
pub(super) fn unplaced_quoted(words: &Words) -> Option<usize> {
    (0..words.len()).find(|&i| quoted_name_at(words, i))
}

/// "describe pod/a and pod/b", "delete deploy/web and svc/web": several
/// `TYPE/NAME` words, of which the reading took the first. Names of one
/// type, or one name for several types, are one kubectl command for reads
/// and deletions (`kubectl delete deployments,services web`), and names
/// of one type are one for labels and annotations; pairs of
/// different types and names are not, and are asked one at a time —
/// never the first alone.
pub(super) fn several_slashed(words: &mut Words, op: &mut Operation) -> Result<()> {
    let pairs: Vec<(usize, ResourceType, ResourceName)> = (0..words.len())
        .filter(|&i| !words.is_quoted(i))
        .filter_map(|i| {
            let (t, n) = words.get(i)?.split_once('/')?;
            Some((i, resource_word(t)?, ResourceName::parse(n).ok()?))
        })
        .collect();
    if pairs.len() < 2 {
        return Ok(());
    }
    let mut kinds: Vec<ResourceType> = Vec::new();
    let mut names: Vec<ResourceName> = Vec::new();
    for (_, t, n) in &pairs {
        if !kinds.contains(t) {
            kinds.push(t.clone());
        }
        if !names.contains(n) {
            names.push(n.clone());
        }
    }
    let one_command = kinds.len() == 1 || names.len() == 1;
    let several_names_of_one_kind =
        kinds.len() == 1 && matches!(op.verb, Verb::Label | Verb::Annotate);
    if one_command
        && (matches!(op.verb, Verb::Get | Verb::Describe | Verb::Delete)
            || several_names_of_one_kind)
        && names.len() <= kubechat_core::operation::MAX_NAMES
        && kinds.len() <= kubechat_core::operation::MAX_KINDS
    {
        for (i, _, _) in &pairs {
            words.mark(*i);
        }
        let mut kinds = kinds.into_iter();
        let mut names = names.into_iter();
        op.resource = kinds.next().unwrap_or_else(|| op.resource.clone());
        op.also = kinds.collect();
        op.name = names.next();
        op.also_names = names.collect();
        return Ok(());
    }
    let each: Vec<String> = pairs
        .iter()
        .map(|(_, t, n)| {
            let mut one = op.clone();
            one.resource = t.clone();
            one.also.clear();
            one.name = Some(n.clone());
            one.also_names.clear();
            kubechat_core::kubectl::render(&one)
        })
        .collect();
    Err(Error::NotUnderstood {
        reason: if one_command && matches!(op.verb, Verb::Label | Verb::Annotate) {
            format!("{} takes one type at a time", op.verb)
        } else if one_command {
            format!("{} takes one object at a time", op.verb)
        } else {
            "these objects differ in both type and name; ask for each on its own".into()
        },
        suggestions: each,
    })
}

/// "pods of deployment web are crashing, why": a diagnosis that read no
/// name, while a workload is named beside its type word; the diagnosis
/// is the workload's (it reads the pods through its selector), never the
/// whole namespace's with the name dropped.
pub(super) fn workload_named_unread(words: &Words, op: &mut Operation) -> Result<()> {
    if op.verb != Verb::Diagnose
        || op.name.is_some()
        || op.selector.is_some()
        || op.resource.as_str() != "pods"
    {
        return Ok(());
    }
    // ("I can't delete pod web-1, why?": the pod said with its type.)
    let found = (0..words.len())
        .filter(|&j| !words.is_quoted(j))
        .find_map(|j| {
            // (A pod only as "pod NAME" with a made name: "pods remain
            // in Pending" names none.)
            let t = words.get(j).and_then(resource_word).filter(|t| {
                LOG_WORKLOADS.contains(&t.as_str())
                    || (words.get(j) == Some("pod")
                        && words.get(j + 1).is_some_and(names::looks_like_name))
            })?;
            let n = words.get(j + 1).filter(|w| {
                super::names::plain_name(w)
                    && !STOP_SET.contains(w)
                    && !super::names::inflected_predicate(w)
                    && resource_word(w).is_none()
            })?;
            Some((t, ResourceName::parse(n).ok()?))
        });
    if let Some((t, n)) = found {
        op.resource = t;
        op.name = Some(n);
    }
    Ok(())
}

/// "delete web-1 ns tail": a name before "ns" and a word after it — the
/// namespace may be either one, and reading "web-1 ns" as the namespace
/// web-1 would change a namespace where a pod was meant. Asked back.
pub(super) fn namespace_or_place(words: &Words, op: &Operation) -> Result<()> {
    let Some(name) = &op.name else {
        return Ok(());
    };
    if op.resource.as_str() != "namespaces" {
        return Ok(());
    }
    // "remove web-1 from the namespace": an object taken out of the
    // namespace, never the namespace called web-1.
    if let Some(at) = words.position(name.as_str())
        && words.get(at + 1) == Some("from")
        && (matches!(words.get(at + 2), Some("namespace" | "ns"))
            || (words.get(at + 2) == Some("the")
                && matches!(words.get(at + 3), Some("namespace" | "ns"))))
    {
        return Err(Error::NotUnderstood {
            reason: format!(
                "{name} is taken out of a namespace here, not a namespace itself; say what {name} is and where (\"delete pod {name} -n NAMESPACE\")"
            ),
            suggestions: Vec::new(),
        });
    }
    let Some(at) = (1..words.len()).find(|&k| {
        matches!(words.get(k), Some("ns" | "namespace"))
            && words.get(k - 1) == Some(name.as_str())
            && !words.is_quoted(k)
            // ("the cert-manager namespace, label …", "in the prod ns
            // today": a namespace said as one; the word after, last or
            // before courtesy only, is what would be a place.)
            && !matches!(words.get(k.wrapping_sub(2)), Some("the" | "in" | "from" | "inside"))
            && (k + 2..words.len()).all(|j| {
                words
                    .get(j)
                    .is_some_and(scope::place_tail)
            })
    }) else {
        return Ok(());
    };
    let Some(next) = words.get(at + 1).filter(|w| {
        Namespace::parse(w).is_ok()
            && !matches!(
                *w,
                "and"
                    | "or"
                    | "with"
                    | "for"
                    | "to"
                    | "in"
                    | "on"
                    | "at"
                    | "by"
                    | "from"
                    | "of"
                    | "the"
                    | "a"
                    | "an"
                    | "it"
                    | "its"
                    | "everything"
                    | "all"
                    | "is"
                    | "but"
            )
            && !scope::place_tail(w)
    }) else {
        return Ok(());
    };
    Err(Error::NotUnderstood {
        reason: format!(
            "it is not clear whether {name} is a namespace or an object in namespace {next}; say which"
        ),
        suggestions: vec![
            format!("{} pod {name} -n {next}", op.verb),
            format!("{} namespace {name}", op.verb),
        ],
    })
}

/// "on how many nodes are the pods of the DaemonSet kube-proxy": the name
/// stands beside a type word other than the one read (and not beside
/// that one), so it names an object of that other type; reading a node
/// called kube-proxy would answer about nothing asked. Asked which of
/// the type read the named object uses ("which storage class does pvc x
/// use"), the object's description answers; otherwise it is asked back.
pub(super) fn name_of_other_kind(
    words: &Words,
    op: &mut Operation,
    resource_at: Option<usize>,
) -> Result<()> {
    let (Some(name), Some(at)) = (&op.name, resource_at) else {
        return Ok(());
    };
    // "why are the pods of deployment web crashing": a diagnosis of a
    // workload's pods is the workload's, which reads them through its
    // selector (a pod called web is not what is asked about).
    if op.verb == Verb::Diagnose
        && op.resource.as_str() == "pods"
        && let Some(i) = words.position(name.as_str())
        && i.abs_diff(at) > 1
        && let Some(owner) = i
            .checked_sub(1)
            .filter(|&j| !words.is_quoted(j))
            .and_then(|j| words.get(j))
            .and_then(resource_word)
            .filter(|t| LOG_WORKLOADS.contains(&t.as_str()))
    {
        op.resource = owner;
        return Ok(());
    }
    if !matches!(op.verb, Verb::Get | Verb::Describe) || op.is_multi_kind() {
        return Ok(());
    }
    let Some(i) = words.position(name.as_str()) else {
        return Ok(());
    };
    if i.abs_diff(at) <= 1 {
        return Ok(());
    }
    let beside = [i.checked_sub(1), Some(i + 1)]
        .into_iter()
        .flatten()
        .filter(|&j| !words.is_quoted(j))
        .find_map(|j| words.get(j).and_then(resource_word));
    let Some(other) = beside.filter(|t| *t != op.resource) else {
        return Ok(());
    };
    // Objects that go by their owner's name: a workload's pods (found by
    // its selector) and autoscaler, a service's endpoints.
    let by_owner = match op.resource.as_str() {
        "pods" | "horizontalpodautoscalers" => LOG_WORKLOADS.contains(&other.as_str()),
        "endpoints" | "endpointslices" => other.as_str() == "services",
        _ => false,
    };
    if by_owner {
        return Ok(());
    }
    // "Display all ClusterRoleBindings that reference the ClusterRole
    // cluster-admin": the other object says which of many are listed (the
    // listing shows what each refers to); none of them is named.
    let plural = words
        .get(at)
        .is_some_and(|w| op.resource.builtin().is_some_and(|b| b.plural == w));
    // (Only where the listing shows it: a binding's role and subjects.
    // Pods using a configmap are not told by the pods' listing.)
    if op.verb == Verb::Get
        && plural
        && matches!(op.resource.as_str(), "clusterrolebindings" | "rolebindings")
        && at < i
        && (at + 1..i).any(|k| {
            matches!(
                words.get(k),
                Some("that" | "which" | "referencing" | "bound" | "granting")
            )
        })
    {
        op.name = None;
        return Ok(());
    }
    // "which storage class does pvc minio-data use", "which tls secret
    // does ingress api-gw use", "which pvc is bound to pv nfs-01": what
    // one named object uses or is bound to, asked, is in its
    // description.
    if (0..at).any(|k| matches!(words.get(k), Some("which" | "what")))
        && (at + 1..words.len()).any(|k| {
            matches!(
                words.get(k),
                Some(
                    "use"
                        | "uses"
                        | "using"
                        | "used"
                        | "mount"
                        | "mounts"
                        | "mounting"
                        | "bound"
                        | "reference"
                        | "references"
                        | "referencing"
                        | "get"
                        | "got"
                        | "have"
                        | "has"
                )
            )
        })
    {
        let mut described = Operation::new(Verb::Describe, other);
        described.name = Some(name.clone());
        described.namespace.clone_from(&op.namespace);
        *op = described;
        return Ok(());
    }
    let kind = other.builtin().map_or(other.as_str(), |b| b.singular);
    Err(Error::NotUnderstood {
        reason: format!(
            "{name} is named as a {kind} here, not as one of the {} asked about; say what to read",
            op.resource
        ),
        suggestions: vec![
            format!("kubectl describe {other} {name}"),
            format!("kubectl get {other} {name}"),
        ],
    })
}

/// Nouns that say what the value after them is ("backup ID b7f3…",
/// "ticket ops-123", "uid 123e…", "ip 10.0.0.5"): the value is that, not
/// the name of an object of the type asked about.
const VALUE_NOUNS: &[&str] = &[
    "id", "ids", "uid", "uuid", "ticket", "commit", "sha", "hash", "ip", "build", "ref", "incident",
];

/// "Find all PVCs created from backup ID b7f3…": the name read stands
/// after a noun that says what it is, away from the type word; reading a
/// PVC called b7f3… would answer about nothing asked. Asked back.
pub(super) fn value_read_as_name(
    words: &Words,
    op: &Operation,
    resource_at: Option<usize>,
) -> Result<()> {
    let Some(name) = &op.name else {
        return Ok(());
    };
    let Some(i) = words.position(name.as_str()) else {
        return Ok(());
    };
    let Some(noun) = i
        .checked_sub(1)
        .filter(|&j| Some(j) != resource_at && !words.is_quoted(j))
        .and_then(|j| words.get(j))
        .filter(|w| VALUE_NOUNS.contains(w))
    else {
        return Ok(());
    };
    let mut unnamed = op.clone();
    unnamed.name = None;
    unnamed.params.columns.clear();
    Err(Error::NotUnderstood {
        reason: format!(
            "{name} is the {noun} said here, not the name of one of the {} asked about; say which by name or labels",
            op.resource
        ),
        suggestions: vec![kubechat_core::kubectl::render(&unnamed)],
    })
}

/// "the replicasets of deployment web", "the secrets of serviceaccount
/// builder", "the jobs of the backup cronjob": an object named beside a
/// type other than the one read, when the reading has no name. kubectl
/// picks no objects by their owner's name, so the name would be dropped
/// and every object of the type listed (or deleted); asked back instead.
/// The owners read by name elsewhere (a workload's pods, a service's
/// endpoints, an object's events) have taken their words by now.
pub(super) fn owner_unread(
    words: &Words,
    op: &Operation,
    resource_at: Option<usize>,
) -> Result<()> {
    if op.name.is_some()
        || op.selector.is_some()
        || op.is_multi_kind()
        || !matches!(op.verb, Verb::Get | Verb::Describe | Verb::Delete)
    {
        return Ok(());
    }
    for j in (0..words.len()).filter(|&j| Some(j) != resource_at && !words.is_quoted(j)) {
        let Some(other) = words
            .get(j)
            .and_then(resource_word)
            .filter(|t| *t != op.resource && !matches!(t.as_str(), "namespaces" | "nodes"))
        else {
            continue;
        };
        let Some(name) = [j + 1, j.wrapping_sub(1)]
            .into_iter()
            .filter(|&k| Some(k) != resource_at)
            .find_map(|k| name_word(words, Some(j), k))
        else {
            continue;
        };
        let kind = other.builtin().map_or(other.as_str(), |b| b.singular);
        return Err(Error::NotUnderstood {
            reason: format!(
                "{name} is named as a {kind} here, and the {} asked about are not picked by a {kind}'s name; say which (a name, or -l with their labels)",
                op.resource
            ),
            suggestions: vec![
                format!("kubectl describe {other} {name}"),
                kubechat_core::kubectl::render(op),
            ],
        });
    }
    Ok(())
}

/// "the StatefulSet's pods": the pods of a workload are found by its
/// label selector, which the request does not give. Given ("watch the
/// StatefulSet's Pods …, using the label app=cassandra"), the labels say
/// which pods.
pub(super) fn pods_of_workload(
    words: &Words,
    op: &mut Operation,
    resource_at: Option<usize>,
) -> Result<()> {
    if let Some(at) = resource_at
        && let Some((next, owned)) = words.get(at + 1).and_then(|w| {
            // "the ReplicaSet (rs)": the same type again is its short name.
            resource_word(w)
                .filter(|t| *t != op.resource)
                .map(|t| (w, t))
        })
        && op.name.is_none()
    {
        if op.selector.is_some() && !op.is_multi_kind() {
            op.resource = owned;
            return Ok(());
        }
        return Err(Error::NotUnderstood {
            reason: format!(
                "the {next} of a {} are found by its labels; ask for them with its selector",
                words.get(at).unwrap_or_default()
            ),
            suggestions: vec![format!("get {next} -l app=NAME")],
        });
    }
    Ok(())
}

/// "pods belonging to web (app=web)", "delete pod web with label app=x":
/// a name and a label selector together pick objects two ways, which
/// kubectl refuses; which one the person means is asked back, both
/// offered. One object is named with the singular ("pod web"); a plain
/// word beside the plural and a selector ("what version do the
/// app=cassandra pods carry", "the hello world pods (run=demo)") is no
/// name in a read: the selector says which pods. (A service exposed with
/// a selector names the new service.)
pub(super) fn name_and_selector(
    words: &Words,
    op: &mut Operation,
    resource_at: Option<usize>,
) -> Result<()> {
    let (Some(name), Some(sel)) = (&op.name, &op.selector) else {
        return Ok(());
    };
    let plain = name.as_str().bytes().all(|b| b.is_ascii_lowercase());
    let plural = resource_at
        .and_then(|at| words.get(at))
        .is_some_and(|w| op.resource.builtin().is_some_and(|b| b.plural == w));
    // "pods belonging to nginx-deployment (app=nginx)": the owner named,
    // and the labels of its pods said; the labels pick them.
    let owner = (2..words.len()).any(|j| {
        words.get(j) == Some(name.as_str())
            && matches!(words.get(j - 1), Some("to" | "by"))
            && matches!(
                words.get(j - 2),
                Some("belonging" | "belongs" | "belong" | "owned" | "managed" | "controlled")
            )
    });
    if ((plain && plural) || owner) && op.verb.is_read() {
        op.name = None;
        return Ok(());
    }
    if !matches!(
        op.verb,
        Verb::Get
            | Verb::Describe
            | Verb::Delete
            | Verb::Label
            | Verb::Annotate
            | Verb::Logs
            | Verb::Events
            | Verb::Top
    ) {
        return Ok(());
    }
    let mut by_name = op.clone();
    by_name.selector = None;
    let mut by_labels = op.clone();
    by_labels.name = None;
    Err(Error::NotUnderstood {
        reason: format!(
            "{name} and the labels {sel} pick objects two ways; say the name or the labels"
        ),
        suggestions: [by_labels, by_name]
            .iter()
            .map(kubechat_core::kubectl::render)
            .collect(),
    })
}

/// The kind "this WORD" or "that WORD" points at: a singular type word
/// ("this pod"), never "this namespace" (which is the session's).
pub(crate) fn pointed_kind(word: &str) -> Option<&'static resources::ResourceInfo> {
    // "that hpa", "this pvc": a short name points as the kind's name
    // does (not one of two letters: "that no pods …" points at no node).
    resources::lookup(word).filter(|b| {
        (b.singular == word || ((3..=6).contains(&word.len()) && word != b.plural))
            && b.plural != "namespaces"
    })
}

/// "List the events related to this Pod only": "this pod" points at an
/// object the request does not name (it was on the person's screen, or
/// in an earlier message); answering for every pod would drop it.
pub(super) fn pointed_unnamed(words: &Words, op: &Operation) -> Result<()> {
    if op.name.is_some()
        || op.selector.is_some()
        || matches!(op.verb, Verb::Explain | Verb::AuthCanI | Verb::Create)
    {
        return Ok(());
    }
    let pointed = (0..words.len().saturating_sub(1)).find_map(|i| {
        (words.get(i) == Some("this") && !words.is_quoted(i + 1))
            .then(|| pointed_kind(words.get(i + 1)?))
            .flatten()
    });
    match pointed {
        Some(b) => Err(Error::NotUnderstood {
            reason: format!(
                "\"this {0}\" points at a {0} the request does not name; say which {0}",
                b.singular
            ),
            suggestions: vec![format!("{} {} NAME", op.verb, b.singular)],
        }),
        None => Ok(()),
    }
}

/// "which namespace is the pod orphan-xyz in?": the object looked for in
/// every namespace, by its name (kubectl's `-A --field-selector
/// metadata.name=NAME`), where a read of the default namespace would
/// answer "not found".
pub(super) fn namespace_of_named(words: &Words, op: &mut Operation) -> Result<()> {
    let asked = (1..words.len()).any(|i| {
        words.get(i) == Some("namespace") && matches!(words.get(i - 1), Some("which" | "what"))
    });
    if !asked
        || !matches!(op.verb, Verb::Get | Verb::Describe)
        || op.namespace.is_some()
        || op.params.field_selector.is_some()
        || op.resource.builtin().is_none_or(|b| !b.namespaced)
    {
        return Ok(());
    }
    let Some(name) = op.name.take() else {
        return Ok(());
    };
    op.verb = Verb::Get;
    op.all_namespaces = true;
    op.params.field_selector = Some(Selector::parse(&format!("metadata.name={name}"))?);
    Ok(())
}

/// "restart pod web-6c9f-2xk8p": a pod is not restarted in place; its
/// controller starts a new one when it is deleted. Asked back with the
/// deletion offered, never made unasked (a pod without a controller is
/// gone).
pub(super) fn pod_restarted(op: &Operation) -> Result<()> {
    if op.verb != Verb::RolloutRestart || op.resource.as_str() != "pods" {
        return Ok(());
    }
    let Some(name) = &op.name else {
        return Ok(());
    };
    let place = op
        .namespace
        .as_ref()
        .map(|n| format!(" -n {n}"))
        .unwrap_or_default();
    Err(Error::NotUnderstood {
        reason: "a pod is not restarted in place: deleted, its controller starts a new one (a pod without a controller is gone); to restart every pod of a workload, restart the workload".into(),
        suggestions: vec![format!("kubectl delete pod {name}{place}")],
    })
}

/// "why is it broken?", "what's wrong with this?", "why is my app
/// down?": a trouble asked about an object neither named nor typed nor
/// placed. Diagnosing every pod of the default namespace answers another
/// question; which object is asked back.
/// "fix prod", "fix them so every Deployment complies", "pods in dev
/// are broken, fix em": a fix asked of no one object is no diagnosis of
/// a whole namespace or kind (which would answer another question, and
/// fix nothing); which object is asked back ("fix it" after an object
/// told is that object's).
pub(super) fn fix_unnamed(words: &Words, op: &Operation) -> Result<()> {
    // ("pls fix prod": an environment, no object.)
    // ("fix them so every Deployment is compliant", "fix the ones above
    // the limit": many, whatever word was taken for a name.)
    let many = ["them", "ones", "every", "all", "each", "em", "any"]
        .iter()
        .any(|w| words.has(w));
    let named = !many
        && op
            .name
            .as_ref()
            .is_some_and(|n| !scope::ENVIRONMENTS.contains(&n.as_str()));
    if op.verb != Verb::Diagnose
        || named
        || !["fix", "repair", "remediate"].iter().any(|w| words.has(w))
        // ("…, do not fix them": a fix forbidden, none asked.)
        || (0..words.len()).any(|i| {
            matches!(words.get(i), Some("fix" | "repair" | "remediate"))
                && (i.saturating_sub(4)..i).any(|k| {
                    matches!(words.get(k), Some("not" | "don't" | "dont" | "never" | "without"))
                })
        })
        || ["why", "wrong", "issue", "problem", "how", "what", "cause"]
            .iter()
            .any(|w| words.has(w))
    {
        return Ok(());
    }
    Err(Error::NotUnderstood {
        reason: "say which object to fix (its name); its diagnosis offers the fixes".into(),
        suggestions: vec!["why is deployment NAME failing".into()],
    })
}

pub(super) fn trouble_unnamed(
    words: &Words,
    op: &Operation,
    resource_at: Option<usize>,
) -> Result<()> {
    if op.verb != Verb::Diagnose
        || op.name.is_some()
        || op.selector.is_some()
        || op.namespace.is_some()
        || op.all_namespaces
        || resource_at.is_some()
        || op.params.field_selector.is_some()
    {
        return Ok(());
    }
    let pointed = (0..words.len()).any(|i| {
        matches!(words.get(i), Some("it" | "this" | "that" | "something"))
            || (matches!(words.get(i), Some("my" | "our" | "the"))
                && matches!(
                    words.get(i + 1),
                    Some("app" | "application" | "service" | "thing")
                ))
    });
    if !pointed {
        return Ok(());
    }
    Err(Error::NotUnderstood {
        reason: "say what is in trouble: its kind and name (and namespace)".into(),
        suggestions: vec!["why is deployment NAME failing in NAMESPACE".into()],
    })
}

/// "describe a pod", "metrics for a given node", "the specified pod":
/// one object is meant, and it is not named.
pub(super) fn unnamed_one(words: &Words, op: &Operation, resource_at: Option<usize>) -> Result<()> {
    let verb = op.verb;
    if op.name.is_none()
        && op.selector.is_none()
        // "can I create a deployment in shop": a right asked about a
        // kind, not an object.
        && !matches!(verb, Verb::Explain | Verb::AuthCanI)
        && let Some(at) = resource_at
        && op
            .resource
            .builtin()
            .is_some_and(|b| words.get(at) == Some(b.singular))
        && let Some(det) = one_meant(words, at)
        && !(verb == Verb::Get && op.resource.builtin().is_some_and(|b| !b.namespaced))
        // "show me the statefulset in data" lists; "the" asks back only
        // where one object is meant.
        && !(matches!(verb, Verb::Get | Verb::Top)
            && matches!(det, "the" | "your" | "this" | "that" | "my"))
        // "describe the LimitRange in namespace limits-demo": a kind a
        // namespace holds one of, as a rule; describing them all there
        // shows it.
        && !(verb == Verb::Describe
            && det == "the"
            && op.namespace.is_some()
            && matches!(op.resource.as_str(), "limitranges" | "resourcequotas"))
        // "is there a network policy in shop?", "do we have an ingress
        // for it?": whether one exists, which the list answers.
        && !(verb == Verb::Get
            && matches!(det, "a" | "an")
            && (matches!(
                words.get(at.wrapping_sub(2)),
                Some("there" | "have" | "has" | "any")
            ) || words.has("exist")
                || words.has("exists")))
    {
        return Err(Error::NotUnderstood {
            reason: format!("say which {} (its name)", words.get(at).unwrap_or_default()),
            suggestions: vec![format!(
                "{} {} NAME",
                verb,
                words.get(at).unwrap_or_default()
            )],
        });
    }
    Ok(())
}

/// The word that says one object is meant before the type word at `at`
/// ("a pod", "the specified pod", "my deployment"), also across one word
/// that says its state ("the failing pod", "my broken deployment").
fn one_meant<'a>(words: &'a Words, at: usize) -> Option<&'a str> {
    let one = |w: Option<&'a str>| {
        w.filter(|w| {
            matches!(
                *w,
                "a" | "an"
                    | "given"
                    | "specified"
                    | "single"
                    | "particular"
                    | "certain"
                    | "specific"
                    | "the"
                    | "your"
                    | "this"
                    | "that"
                    | "my"
            )
        })
    };
    one(words.get(at.wrapping_sub(1))).or_else(|| {
        words
            .get(at.wrapping_sub(1))
            // The trouble words the rules already know, and "pending".
            .filter(|w| {
                FAILING.contains(w) || crate::words::SYMPTOMS.contains(w) || *w == "pending"
            })
            .and_then(|_| one(words.get(at.wrapping_sub(2))))
    })
}

/// "in a given namespace", "the specified namespace": one namespace is
/// meant, and it is not named.
pub(super) fn namespace_unnamed(words: &Words, op: &Operation) -> Result<()> {
    if op.namespace.is_none()
        && let Some(i) = (0..words.len()).find(|&i| words.get(i) == Some("namespace"))
        && matches!(
            words.get(i.wrapping_sub(1)),
            Some("given" | "specified" | "particular" | "certain" | "specific")
        )
    {
        return Err(Error::NotUnderstood {
            reason: "say which namespace (its name)".into(),
            suggestions: vec![format!(
                "{} -n NAMESPACE",
                kubechat_core::kubectl::render(op)
            )],
        });
    }
    Ok(())
}

/// A stated name, namespace or value that no slot took is never
/// dropped silently: the request is asked back.
pub(super) fn unplaced(words: &Words, op: &Operation) -> Result<()> {
    if let Some(i) = unplaced_quoted(words) {
        return Err(Error::NotUnderstood {
            reason: format!(
                "it is not clear what '{}' is in this request",
                words.raw(i).unwrap_or_default()
            ),
            suggestions: vec![kubechat_core::kubectl::render(op)],
        });
    }
    Ok(())
}

/// "scale deploy payment-gw prod to 3", "restart deploy api staging": an
/// environment's name left unread beside a change is where the person
/// means it to run; read without it, the change would go to the default
/// namespace. Asked back, offered with the namespace.
pub(super) fn environment_unread(words: &Words, op: &Operation) -> Result<()> {
    if !change_unplaced(op) {
        return Ok(());
    }
    let env = (1..words.len()).find_map(|i| {
        words
            .free(i)
            // ("on prod-us", "staging-eu": an environment's name with
            // its region.)
            .filter(|w| {
                !words.is_quoted(i)
                    && scope::ENVIRONMENTS.iter().any(|e| {
                        w.strip_prefix(e).is_some_and(|r| {
                            r.is_empty()
                                || (r.len() > 1
                                    && (r.starts_with('-')
                                        || r.starts_with(|c: char| c.is_ascii_digit())))
                        })
                    })
            })
            // ("… in prod" is read by the scope; "the prod cluster",
            // "prod traffic" say something else.)
            .filter(|_| {
                !matches!(words.get(i - 1), Some("in" | "to" | "from" | "for"))
                    && (words.get(i - 1) == Some("on")
                        || words.get(i + 1).is_none_or(|n| {
                            matches!(n, "to" | "now" | "please" | "pls" | "asap" | "and" | "then")
                            // "restart the prod deployment api".
                            || resource_word(n).is_some()
                        }))
            })
    });
    env.map_or(Ok(()), |env| Err(place_asked(op, env, env)))
}

/// Whether `op` is a change of namespaced objects with no namespace read
/// (where a place said and not read would send it to the default one).
fn change_unplaced(op: &Operation) -> bool {
    op.risk() != kubechat_core::Risk::Read
        && op.namespace.is_none()
        && !op.all_namespaces
        && op.resource.builtin().is_none_or(|b| b.namespaced)
}

/// The question back for a place `said` that may be the namespace
/// `place`, offering the change there.
fn place_asked(op: &Operation, said: &str, place: &str) -> Error {
    Error::NotUnderstood {
        reason: format!(
            "\"{said}\" may say the namespace, and is not read as one (say \"in namespace {place}\")"
        ),
        suggestions: vec![format!("{} -n {place}", kubechat_core::kubectl::render(op))],
    }
}

/// "delete the old cm nginx-conf-v1 over in ingress": a namespace named as
/// a type ("ingress", "jobs", "events"), said with "in" after the object
/// and taken by nothing, is where the change is meant; read without it,
/// the change would go to the default namespace. Asked back, offered
/// with the namespace.
pub(super) fn type_place_unread(words: &Words, op: &Operation) -> Result<()> {
    if !change_unplaced(op) {
        return Ok(());
    }
    let place = (1..words.len()).find_map(|i| {
        let w = words.free(i)?;
        (words.get(i - 1) == Some("in")
            && !words.is_quoted(i)
            && resource_word(w).is_some_and(|r| r != op.resource)
            && Namespace::parse(w).is_ok())
        .then_some(w)
    });
    place.map_or(Ok(()), |place| {
        Err(place_asked(op, &format!("in {place}"), place))
    })
}

/// "namespace" followed by a word that no slot took: the namespace said is
/// not a valid name, and is never dropped silently.
pub(super) fn namespace_unread(words: &Words, op: &Operation) -> Result<()> {
    if op.namespace.is_none()
        && op.resource.as_str() != "namespaces"
        && let Some(i) = (0..words.len()).find(|&i| {
            words.free(i) == Some("namespace")
                && !words.is_quoted(i)
                && !matches!(
                    words.get(i.wrapping_sub(1)),
                    Some(w) if NS_DETERMINERS.contains(&w) || w == "default"
                )
                && words.get(i + 1).is_some_and(|n| !STOP_SET.contains(&n))
        })
    {
        return Err(Error::NotUnderstood {
            reason: format!(
                "the namespace after \"{}\" is not a valid namespace name",
                words.raw(i).unwrap_or_default()
            ),
            suggestions: vec![format!(
                "{} -n NAMESPACE",
                kubechat_core::kubectl::render(op)
            )],
        });
    }
    Ok(())
}

/// "delete all evicted pods", "restart the unhealthy deployments": a
/// change to every object of a type, or to a selection, with a word
/// that narrows it which the rules did not turn into a selector would
/// change more than was meant. Asked back, never widened.
pub(super) fn narrowing(words: &Words, op: &Operation, resource_at: Option<usize>) -> Result<()> {
    let verb = op.verb;
    let mutating = op.risk() != kubechat_core::Risk::Read;
    if !(mutating
        && op.name.is_none()
        && (op.params.all || op.selector.is_some() || op.params.field_selector.is_some()))
    {
        return Ok(());
    }
    // "…, theyre cluttering everything", "… because they are not
    // needed": a reason after the order tells about the objects chosen,
    // it does not narrow them.
    let cut = reason_start(words);
    let has = |w: &str| (0..cut).any(|i| words.get(i) == Some(w));
    if let Some(w) = unread(words)
        .filter(|(i, _)| *i < cut)
        .map(|(_, w)| w)
        // "delete the pods in the Failed phase": the phase read as
        // the field selector narrows nothing further.
        .filter(|w| {
            !(matches!(*w, "phase" | "status" | "state" | "unknown")
                && op
                    .params
                    .field_selector
                    .as_ref()
                    .is_some_and(|f| f.as_str().starts_with("status.phase"))
                && !words.has("evicted"))
        })
        // "with field selector status.phase=Succeeded", "go ahead
        // and delete …": the selector's name, and a lead-in.
        .filter(|w| !matches!(*w, "field" | "selector" | "selectors" | "ahead" | "help"))
        // ("… in the current namespace", "in this namespace": the
        // session's, where a request without one runs.)
        .filter(|w| {
            !matches!(*w, "current")
                || !words.position(w).is_some_and(|i| {
                    matches!(words.get(i + 1), Some("namespace" | "ns" | "context"))
                })
        })
        // ("… at once": all of them together, no narrowing.)
        .filter(|w| {
            *w != "once"
                || !words
                    .position("once")
                    .is_some_and(|i| i > 0 && words.get(i - 1) == Some("at"))
        })
        // ("kindly do it at the earliest", "at your earliest
        // convenience": how soon.)
        .filter(|w| {
            !matches!(*w, "earliest" | "convenience")
                || !words.position("earliest").is_some_and(|i| {
                    i >= 2
                        && (words.get(i - 1) == Some("your")
                            || (words.get(i - 1) == Some("the") && words.get(i - 2) == Some("at")))
                })
        })
        // "successfully completed jobs": the selector's own word.
        .filter(|w| {
            *w != "successfully"
                || !op.params.field_selector.as_ref().is_some_and(|f| {
                    matches!(f.as_str(), "status.successful=1" | "status.phase=Succeeded")
                })
        })
        .chain(FAILING.iter().copied().filter(|f| has(f)))
        .chain(resource_at.and_then(|at| qualifier_before(words, at)))
        // "that are not ready", "which finished", "my pods", "evicted":
        // a clause or word that narrows the selection, which no selector
        // here expresses.
        .chain(
            [
                "that", "which", "who", "whose", "not", "no", "without", "unless", "my", "our",
                "mine", "finished", "done", "evicted", "idle", "older", "newer",
            ]
            .into_iter()
            // "evicted or failed pods" are the pods of phase Failed,
            // which evicted ones are among. ("delete the evicted pods":
            // kubectl's own way is the Failed phase too — no selector
            // says the reason Evicted — and the preview lists every pod
            // it would delete, evicted or failed otherwise.)
            .filter(|w| {
                has(w)
                    && !(*w == "evicted"
                        && (words.has("failed")
                            || op
                                .params
                                .field_selector
                                .as_ref()
                                .is_some_and(|f| f.as_str() == "status.phase=Failed")))
            })
            // "pods which have env=preprod": the clause is the selector.
            .filter(|w| !selector_clause(words, w))
            // "pods whose phase is Succeeded": the clause is the
            // field selector read.
            .filter(|w| {
                !(matches!(*w, "whose" | "which" | "that")
                    && op
                        .params
                        .field_selector
                        .as_ref()
                        .is_some_and(|f| f.as_str().starts_with("status.phase"))
                    && (0..words.len())
                        .filter(|&i| words.get(i) == Some(w))
                        .all(|i| {
                            matches!(words.get(i + 1), Some("phase" | "status" | "state"))
                                || (matches!(words.get(i + 1), Some("are" | "is"))
                                    && matches!(
                                        words.get(i + 2),
                                        Some(
                                            "in" | "completed" | "succeeded" | "failed" | "pending"
                                        )
                                    ))
                        }))
            }),
        )
        .next()
    {
        return Err(Error::NotUnderstood {
            reason: format!(
                "\"{w}\" narrows which {} to {verb}, and KubeChat cannot select objects by it; give a label selector (-l key=value) or name them one at a time",
                op.resource
            ),
            suggestions: vec![format!("{verb} {} -l app=NAME", op.resource)],
        });
    }
    Ok(())
}

/// Whether every `w` ("which", "that") opens a clause whose object is a
/// selector term ("pods which have env=preprod", "that has app=web").
fn selector_clause(words: &Words, w: &str) -> bool {
    let at: Vec<usize> = (0..words.len())
        .filter(|&i| words.get(i) == Some(w))
        .collect();
    !at.is_empty()
        && at.iter().all(|&i| {
            matches!(words.get(i + 1), Some("have" | "has" | "carry" | "carries"))
                // "that have the label run=nightly".
                && (i + 2..i + 5)
                    .find(|&k| !matches!(words.get(k), Some("the" | "a" | "label" | "labels")))
                    .is_some_and(|k| words.raw(k).is_some_and(|r| r.contains('=')))
        })
}

/// "deployments whose name starts with pay", "pods matching api",
/// "pods named web*": objects picked by a part of their name, which
/// neither kubectl nor KubeChat selects by (a whole name or labels do).
/// Asked back with the list that shows every name — never read as an
/// object named "starts" or the part alone.
pub(super) fn name_pattern(text: &str, words: &Words, op: &Operation) -> Result<()> {
    // A glob: "web*", "*-canary" (not markdown's "**bold**").
    let glob = text.split_whitespace().any(|t| {
        let t = t.trim_matches(|c: char| matches!(c, '"' | '\'' | '`' | ',' | '.' | '?' | '!'));
        !t.starts_with("**")
            && !t.ends_with("**")
            && (t.len() > 1)
            && (t.ends_with('*') || t.starts_with('*'))
            && t.trim_matches('*')
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
            && !t.trim_matches('*').is_empty()
    });
    let named = ["name", "names", "named"].iter().any(|w| words.has(w));
    let edge = (0..words.len()).any(|i| {
        matches!(
            words.get(i),
            Some(
                "start" | "starts" | "starting" | "begin" | "begins" | "beginning" | "end" | "ends"
                    | "ending" | "prefixed" | "suffixed"
            )
        ) && words.get(i + 1) == Some("with")
            // "starts with 2 pods" is a count.
            && words
                .get(i + 2)
                .is_some_and(|w| number(w).is_none() && !STOP_SET.contains(&w))
            && (named || matches!(words.get(i.wrapping_sub(1)), Some("that" | "which")))
    });
    let part = (0..words.len()).any(|i| {
        matches!(
            words.get(i),
            Some("contain" | "contains" | "containing" | "match" | "matches" | "matching")
        ) && (named
            || words
                .get(i.wrapping_sub(1))
                .and_then(resource_word)
                .is_some())
            && words.get(i + 1).is_some_and(|w| !STOP_SET.contains(&w))
    });
    // "pods with api in the name".
    let in_name = (0..words.len()).any(|i| {
        words.get(i) == Some("in")
            && matches!(words.get(i + 1), Some("the" | "their" | "its"))
            && matches!(words.get(i + 2), Some("name" | "names"))
    });
    if !(glob || edge || part || in_name)
        || op.selector.is_some()
        // "logs of api matching error": a search of what it printed.
        || !matches!(
            op.verb,
            Verb::Get | Verb::Describe | Verb::Delete | Verb::Top | Verb::Label | Verb::Annotate
        )
    {
        return Ok(());
    }
    let mut every = op.clone();
    every.name = None;
    every.also_names.clear();
    Err(Error::NotUnderstood {
        reason: format!(
            "{} are picked by their whole name or by labels, not by a part of the name; list them and say the names, or give a label selector",
            op.resource
        ),
        suggestions: vec![
            kubechat_core::kubectl::render(&every),
            format!("{} -l app=NAME", kubechat_core::kubectl::render(&every)),
        ],
    })
}

/// "pods in namespace prod and staging", "services in dev, qa and prod":
/// an operation runs in one namespace; the second would be dropped
/// without a word. Asked back with each, and every namespace offered for
/// a read.
pub(super) fn several_namespaces(words: &Words, op: &Operation) -> Result<()> {
    let Some(ns) = &op.namespace else {
        return Ok(());
    };
    let Some(i) = words.position(ns.as_str()) else {
        return Ok(());
    };
    // "in prod and staging namespace", "in prod, staging": the one read
    // is the last said, another before it.
    if let Some(other) = namespace_before(words, i).filter(|o| *o != ns.as_str()) {
        return Err(several(op, ns.as_str(), other));
    }
    // ("in prod, staging": the comma stays on the word.)
    let comma = words.raw(i).is_some_and(|r| r.ends_with(','));
    let mut k = i + 1;
    if !comma && matches!(words.get(k), Some("namespace" | "namespaces" | "ns")) {
        k += 1;
    }
    if !comma && !matches!(words.get(k), Some("and" | "&" | "," | "or" | "plus")) {
        return Ok(());
    }
    let mut j = if comma { i + 1 } else { k + 1 };
    if matches!(words.get(j), Some("in" | "the")) {
        j += 1;
    }
    if words.get(j) == Some("the") {
        j += 1;
    }
    let Some(other) = words
        .free(j)
        .filter(|w| words.is_quoted(j) || (plain_name(w) && !prose_word(w)))
    else {
        return Ok(());
    };
    let Ok(other_ns) = kubechat_core::Namespace::parse(other) else {
        return Ok(());
    };
    // "… in prod and restart it": the sentence goes on.
    if words.get(j + 1).is_some_and(|w| {
        !matches!(
            w,
            "namespace" | "namespaces" | "ns" | "," | "and" | "too" | "also" | "please"
        )
    }) {
        return Ok(());
    }
    Err(several(op, ns.as_str(), other_ns.as_str()))
}

/// The namespace said before the one read, joined to it ("prod and" or
/// "prod," before "staging"), after a word that says a place.
fn namespace_before(words: &Words, i: usize) -> Option<&str> {
    let mut b = i.checked_sub(1)?;
    if words.get(b) == Some("the") {
        b = b.checked_sub(1)?;
    }
    let at = if matches!(words.get(b), Some("and" | "&" | "or" | "plus")) {
        b.checked_sub(1)?
    } else if words.raw(b).is_some_and(|r| r.ends_with(',')) {
        b
    } else {
        return None;
    };
    let other = words.get(at)?;
    let cue = at
        .checked_sub(1)
        .and_then(|c| words.get(c))
        .is_some_and(|c| {
            matches!(
                c,
                "in" | "from" | "across" | "namespaces" | "namespace" | "ns" | "both" | "-n"
            )
        });
    ((cue || words.is_quoted(at))
        && plain_name(other)
        && !prose_word(other)
        && kubechat_core::Namespace::parse(other).is_ok())
    .then_some(other)
}

/// The question back for an operation said in two namespaces: each
/// offered, and every namespace for a read.
fn several(op: &Operation, ns: &str, other: &str) -> Error {
    let mut suggestions = vec![kubechat_core::kubectl::render(op)];
    if let Ok(other_ns) = kubechat_core::Namespace::parse(other) {
        let mut there = op.clone();
        there.namespace = Some(other_ns);
        suggestions.push(kubechat_core::kubectl::render(&there));
    }
    if op.verb.is_read() {
        let mut every = op.clone();
        every.namespace = None;
        every.all_namespaces = true;
        suggestions.push(kubechat_core::kubectl::render(&every));
    }
    Error::NotUnderstood {
        reason: format!(
            "a request runs in one namespace, and this names {ns} and {other}; ask for each, or for every namespace"
        ),
        suggestions,
    }
}

/// "drain node01 of all its applications", "empty node-3 of all pods":
/// every pod on the node is what a drain evicts; the node is still one.
pub(super) fn drain_of_all_pods(words: &Words, verb: Verb, named: bool) -> bool {
    let evicted = |i: usize| {
        (i + 1..(i + 3).min(words.len())).any(|k| {
            matches!(
                words.get(k),
                Some("pods" | "applications" | "apps" | "workloads" | "containers")
            )
        })
    };
    verb == Verb::Drain
        && named
        && (0..words.len()).all(|i| words.get(i) != Some("all") || evicted(i))
        // ("evict everything from node01": its pods, all of them.)
        && !["every", "everywhere"]
            .iter()
            .any(|w| words.has(w))
}

/// "Delete the namespace and everything in it": what deleting a
/// namespace takes with it, not more objects.
pub(super) fn everything_in_it(words: &Words) -> bool {
    // (The namespace itself said first: "delete all in namespace dev"
    // deletes what is in it, and is asked back.)
    let ns_first = words.position("namespace").or_else(|| words.position("ns"));
    (0..words.len()).any(|i| {
        ns_first.is_some_and(|n| n < i)
            && matches!(words.get(i), Some("everything" | "all"))
            && matches!(words.get(i + 1), Some("in" | "inside" | "within"))
            && (matches!(words.get(i + 2), Some("it" | "there" | "them" | "namespace" | "ns"))
                // ("it" already read as the namespace told before.)
                || (words.get(i + 2) == Some("the")
                    && matches!(words.get(i + 3), Some("namespace" | "ns"))))
    })
}

/// "delete all the pods", "restart everything": a change to every object
/// without `--all` (already read) or a selector is refused.
pub(super) fn bulk_refused(words: &Words, op: &Operation) -> Result<()> {
    let verb = op.verb;
    let mutating = op.risk() != kubechat_core::Risk::Read;
    let its_contents = op.resource.as_str() == "namespaces" && everything_in_it(words);
    if drain_of_all_pods(words, verb, op.name.is_some())
        || (op.name.is_some() && all_of_its_parts(words))
        || its_contents
    {
        return Ok(());
    }
    // ("restart the coredns deploy in kube-system, dns timeouts
    // everywhere": one object named in its place; "everywhere" is where
    // the trouble is felt.)
    let one_placed = op.name.is_some() && op.namespace.is_some() && !op.all_namespaces;
    if mutating
        && !op.params.all
        && op.selector.is_none()
        && op.params.field_selector.is_none()
        && ["every", "all", "everything", "everyone", "everywhere"]
            .iter()
            .any(|w| !(one_placed && *w == "everywhere") && words.has(w))
    {
        return Err(Error::Refused {
            reason: format!(
                "bulk changes are not read from chat; name the one {} to {verb}, or give a label selector",
                op.resource
            ),
            suggestions: vec![format!("{verb} {} <name>", singular(op))],
        });
    }
    Ok(())
}

/// "delete deployment web and all its pods", "restart all pods of
/// deployment api": "all" of the parts of the one object named, no bulk
/// change.
pub(super) fn all_of_its_parts(words: &Words) -> bool {
    // "remove every taint with the key maintenance from node edge-04",
    // "drop all the labels with key team from pod web-0": every mark of
    // one named object, not every object.
    const MARKS: &[&str] = &[
        "taint",
        "taints",
        "label",
        "labels",
        "annotation",
        "annotations",
    ];
    let mut bulk = (0..words.len())
        .filter(|&i| {
            matches!(
                words.get(i),
                Some("every" | "all" | "everything" | "everyone" | "everywhere")
            )
        })
        .peekable();
    if bulk.peek().is_some()
        && bulk.all(|i| {
            let next = if words.get(i + 1) == Some("the") {
                i + 2
            } else {
                i + 1
            };
            words.get(next).is_some_and(|w| MARKS.contains(&w))
        })
    {
        return true;
    }
    (0..words.len()).any(|i| {
        words.get(i) == Some("all")
            && matches!(
                words.get(i + 1),
                Some("its" | "of" | "their" | "pods" | "replicas" | "containers" | "instances")
            )
    }) && !["every", "everything", "everyone", "everywhere"]
        .iter()
        .any(|w| words.has(w))
}

/// Words that join a second object to the one read.
const JOINERS: &[&str] = &["and", ",", "&", "plus"];

/// Words that end the phrase of an unnamed second object ("and its
/// service", "and the service too").
const PHRASE_END: &[&str] = &["too", "also", "as", "in", "on", "from", ",", "and"];

/// "delete the my-nginx deployment and the my-nginx-svc service", "delete
/// pod a1 and pod b1", "restart deployment web and deployment api": a
/// second object with its own type word, joined to the one read. Another
/// of the same type joins the names where the verb takes several (as
/// `kubectl delete pods a1 b1`); another type under the same name joins
/// the types (`kubectl delete deployments,services web`); anything else is
/// asked back with each operation, never dropped: the preview would show
/// one object and the person believe both were done.
pub(super) fn another_object(
    words: &mut Words,
    op: &mut Operation,
    resource_at: Option<usize>,
) -> Result<()> {
    let Some(name) = op.name.clone() else {
        return Ok(());
    };
    let Some(first) = words.position(name.as_str()) else {
        return Ok(());
    };
    let mut from = op
        .also_names
        .last()
        .and_then(|n| (first..words.len()).find(|&k| words.get(k) == Some(n.as_str())))
        .unwrap_or(first)
        + 1;
    if resource_at == Some(from) {
        from += 1;
    }
    for k in from..words.len() {
        if !words.get(k).is_some_and(|w| JOINERS.contains(&w)) || words.is_quoted(k) {
            continue;
        }
        let mut p = k + 1;
        let mut pointed = false;
        while let Some(w @ ("the" | "a" | "an" | "its" | "their")) = words.get(p) {
            pointed |= matches!(w, "its" | "their" | "the");
            p += 1;
        }
        let typed = |j: usize| {
            words
                .get(j)
                .filter(|_| !words.is_quoted(j))
                .and_then(resource_word)
        };
        let (other, at, other_name) = if let Some(t) = typed(p) {
            match name_word(words, Some(p), p + 1) {
                Some(n) => (t, vec![p, p + 1], Some(n)),
                None if pointed && words.get(p + 1).is_none_or(|w| PHRASE_END.contains(&w)) => {
                    (t, vec![p], None)
                }
                None => continue,
            }
        } else if let (Some(n), Some(t)) = (name_word(words, None, p), typed(p + 1)) {
            (t, vec![p, p + 1], Some(n))
        } else {
            continue;
        };
        let Ok(other_name) = other_name.map(|n| ResourceName::parse(&n)).transpose() else {
            continue;
        };
        // "pod web in namespace shop and namespace …": a namespace said
        // again is no second object.
        if other.as_str() == "namespaces"
            && other_name.as_ref().is_some_and(|n| {
                op.namespace
                    .as_ref()
                    .is_some_and(|ns| ns.as_str() == n.as_str())
            })
        {
            continue;
        }
        let same_type = other == op.resource || op.also.contains(&other);
        let takes_names = takes_several_names(op);
        // "delete sts web and its pods too": deleting a workload deletes
        // what it owns.
        let owned = op.verb == Verb::Delete
            && other_name.is_none()
            && LOG_WORKLOADS.contains(&op.resource.as_str())
            && matches!(
                other.as_str(),
                "pods" | "replicasets" | "controllerrevisions"
            );
        match other_name {
            None if same_type || owned => continue,
            Some(n) if same_type && (n == name || op.also_names.contains(&n)) => {}
            Some(n)
                if same_type
                    && takes_names
                    && op.also.is_empty()
                    && op.also_names.len() + 2 <= kubechat_core::operation::MAX_NAMES =>
            {
                op.also_names.push(n);
            }
            Some(n)
                if n == name
                    && op.also_names.is_empty()
                    && matches!(op.verb, Verb::Get | Verb::Describe | Verb::Delete) =>
            {
                op.also.push(other);
            }
            other_name => {
                let kind = other.builtin().map_or(other.as_str(), |b| b.singular);
                let said = match &other_name {
                    Some(n) => format!("the {kind} {n}"),
                    None => format!("its {}", words.get(at[0]).unwrap_or(kind)),
                };
                let mut suggestions = vec![kubechat_core::kubectl::render(op)];
                let mut second = op.clone();
                second.resource = other;
                second.also.clear();
                second.name = other_name;
                second.also_names.clear();
                if second.name.is_some() && second.validate().is_ok() {
                    suggestions.push(kubechat_core::kubectl::render(&second));
                }
                let one = if same_type {
                    format!("{} works on one object at a time", op.verb)
                } else {
                    "one request works on one kind of object".to_owned()
                };
                return Err(Error::NotUnderstood {
                    reason: format!(
                        "the request names {said} besides the {} {name}, and {one}; ask for each",
                        op.resource
                            .builtin()
                            .map_or(op.resource.as_str(), |b| b.singular)
                    ),
                    suggestions,
                });
            }
        }
        for j in at {
            words.mark(j);
        }
    }
    Ok(())
}

/// Words right before a number that make it a bound, not a value: "more
/// than 5", "at least 3", "over 80%", "older than 7d".
pub(super) const BOUNDS: &[&str] = &[
    "than",
    "least",
    "most",
    "over",
    "under",
    "above",
    "below",
    "exceeding",
    "exceeds",
    ">",
    "<",
    ">=",
    "<=",
];

/// Whether the word at `i` is a number (with or without a unit) that a
/// bound word before it makes a condition.
pub(super) fn bounded_number(words: &Words, i: usize) -> bool {
    i > 0
        && words
            .get(i)
            .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()) || number(w).is_some())
        && words.get(i - 1).is_some_and(|w| BOUNDS.contains(&w))
        && !words.is_quoted(i)
}

/// "pods with more than 5 restarts", "deployments with fewer than 2
/// replicas", "delete pods older than 7 days", "nodes above 80% cpu": a
/// condition on a count, an amount or an age, which no label or field
/// selector can say. Dropping it would list (or delete) every object. A
/// list of usage, restarts or age is sorted by it instead, so what passes
/// the bound comes first and the line says so (`--sort-by`); anything
/// else is asked back with the list that shows the value.
pub(super) fn bound_unread(words: &mut Words, op: &mut Operation) -> Result<()> {
    // A log's lines and times are its own ("for more than 10 minutes"),
    // and what is created is asked about by its own checks.
    if matches!(op.verb, Verb::Logs | Verb::Events | Verb::Create) {
        return Ok(());
    }
    // ("pods that have at least one container which does not set …",
    // "deployments missing at least one of the two labels": any of its
    // parts, which the list's reader checks — no count of the objects.)
    let any_part = |i: usize| {
        matches!(words.get(i), Some("one" | "1"))
            && words.get(i - 1) == Some("least")
            && matches!(
                words.get(i + 1),
                Some("container" | "containers" | "of" | "image" | "volume" | "label" | "port")
            )
    };
    let Some(i) = (1..words.len())
        .find(|&i| words.free(i).is_some() && bounded_number(words, i) && !any_part(i))
    else {
        return Ok(());
    };
    // "more than 5", "at least 3": the bound as said.
    let from = match (
        words.get(i - 1),
        i.checked_sub(2).and_then(|j| words.get(j)),
    ) {
        (Some("than"), Some(_)) | (Some("least" | "most"), Some("at")) => i - 2,
        _ => i - 1,
    };
    let bound = (from..=i)
        .filter_map(|j| words.get(j))
        .collect::<Vec<_>>()
        .join(" ");
    let said = |ws: &[&str]| ws.iter().any(|w| words.has(w));
    let r = op.resource.as_str();
    let listing = matches!(op.verb, Verb::Get | Verb::Top) && op.name.is_none();
    // The list that shows the value, sorted by it where it can be.
    let mut shown = Operation::new(Verb::Get, op.resource.clone());
    shown.namespace.clone_from(&op.namespace);
    shown.all_namespaces = op.all_namespaces;
    let order = if r == "pods" && said(&["restart", "restarts", "restarted", "times"]) {
        Some(SortKind::Restarts)
    } else if said(&[
        "old", "older", "newer", "younger", "age", "days", "hours", "minutes", "weeks",
    ]) {
        Some(SortKind::Created)
    } else {
        None
    };
    let mut applied = false;
    if matches!(r, "pods" | "nodes") && said(&["memory", "mem", "ram", "cpu"]) {
        let usage = if said(&["cpu"]) {
            kubechat_core::operation::Usage::Cpu
        } else {
            kubechat_core::operation::Usage::Memory
        };
        shown.verb = Verb::Top;
        shown.params.sort_usage = Some(usage);
        if listing {
            op.verb = Verb::Top;
            op.params.columns.clear();
            op.params.output = None;
            op.params.sort_usage = Some(usage);
            applied = true;
        }
    } else if let Some(kind) = order {
        shown.params.sort_by = sort_path(&shown, kind);
        if listing && op.verb == Verb::Get && shown.params.sort_by.is_some() {
            op.params.sort_by.clone_from(&shown.params.sort_by);
            applied = true;
        }
    }
    if applied {
        for j in from..=i {
            words.mark(j);
        }
        return Ok(());
    }
    Err(Error::NotUnderstood {
        reason: format!(
            "\"{bound}\" is a condition KubeChat cannot select {r} by (no label or field selector says it); list them with the value shown and read it there"
        ),
        suggestions: vec![kubechat_core::kubectl::render(&shown)],
    })
}

/// "wipe out all the web pods": a name said before the plural of the
/// type, all of them asked, is what the objects belong to, not one of
/// them — changing an object called demo would
/// change what nobody asked for. A change is asked back with the
/// owner's selector as the suggestion; a read goes by the owner's name
/// as "the pods of web" does.
pub(super) fn owner_before_plural(
    words: &Words,
    op: &Operation,
    resource_at: Option<usize>,
) -> Result<()> {
    let (Some(name), Some(at)) = (&op.name, resource_at) else {
        return Ok(());
    };
    if op.risk() == kubechat_core::Risk::Read || at == 0 || words.is_quoted(at - 1) {
        return Ok(());
    }
    let plural = op
        .resource
        .builtin()
        .map_or(op.resource.as_str(), |b| b.plural);
    let before = words.get(at - 1).unwrap_or_default();
    // Owned when all of them are asked ("all of the nginx pods"); "delete
    // the nginx pods" is how people name one object as often as a group,
    // and stays read by its name. (A possessive, "demo's pods", is read
    // from the text by `crate::rules`: the words have it dropped.)
    let owned = (0..at - 1)
        .rev()
        .take(4)
        .any(|k| matches!(words.get(k), Some("all" | "every" | "each")));
    if words.get(at) != Some(plural) || before != name.as_str() || !owned {
        return Ok(());
    }
    Err(owner_not_one(op, plural))
}

/// The question back for a change whose name is what the objects belong
/// to ("all of the web pods", "demo's pods"): the owner's selector is
/// offered instead of the name.
pub(crate) fn owner_not_one(op: &Operation, plural: &str) -> Error {
    let name = op.name.as_ref().map_or("", |n| n.as_str());
    let mut selected = op.clone();
    selected.name = None;
    selected.selector = kubechat_core::Selector::parse(&format!("app={name}")).ok();
    Error::NotUnderstood {
        reason: format!(
            "{name} is named here as what the {plural} belong to, not as one of them; say which (a name, or -l with their labels)"
        ),
        suggestions: vec![kubechat_core::kubectl::render(&selected)],
    }
}

/// "show the pods of web", "the endpoints for checkout", "the secrets
/// for api": an owner named after "of"/"for" with no type word, and the
/// reading names nothing. A workload's pods and a service's endpoints go
/// by the owner's name (the chat finds the pods by the workload's
/// selector); anything else is asked back — listing every object of the
/// type would drop the name without a word.
pub(super) fn owner_word_unread(
    words: &Words,
    op: &mut Operation,
    resource_at: Option<usize>,
) -> Result<()> {
    if op.name.is_some()
        || op.selector.is_some()
        || op.params.field_selector.is_some()
        || op.is_multi_kind()
        || !matches!(
            op.verb,
            Verb::Get | Verb::Describe | Verb::Delete | Verb::Label | Verb::Annotate
        )
    {
        return Ok(());
    }
    let Some(at) = resource_at else {
        return Ok(());
    };
    // "the deployment status for web", "the ingress rules of shop": a
    // part of the object, then the object's own name.
    if matches!(op.verb, Verb::Get | Verb::Describe)
        && words.get(at + 1).is_some_and(|w| ASPECTS.contains(&w))
        && matches!(words.get(at + 2), Some("of" | "for"))
        && let Some(own) = name_word(words, None, at + 3)
        && words.get(at + 4).is_none_or(|w| resource_word(w).is_none())
        && let Ok(own) = ResourceName::parse(&own)
    {
        op.name = Some(own);
        return Ok(());
    }
    if !matches!(words.get(at + 1), Some("of" | "for" | "behind")) {
        return Ok(());
    }
    let mut j = at + 2;
    while matches!(words.get(j), Some("the" | "my" | "our" | "your")) {
        j += 1;
    }
    let Some(owner) = name_word(words, None, j) else {
        return Ok(());
    };
    // "the pods of deployment web" is read elsewhere; "the pods of the
    // kube-system namespace" names a place.
    if words.get(j + 1).is_some_and(|w| resource_word(w).is_some()) {
        return Ok(());
    }
    let Ok(name) = ResourceName::parse(&owner) else {
        return Ok(());
    };
    if matches!(op.verb, Verb::Get | Verb::Describe)
        && matches!(
            op.resource.as_str(),
            "pods" | "endpoints" | "endpointslices" | "horizontalpodautoscalers"
        )
    {
        // An autoscaler goes by its workload's name, as `kubectl
        // autoscale` names it ("the hpa for api").
        op.name = Some(name);
        return Ok(());
    }
    let mut selected = op.clone();
    selected.selector = kubechat_core::Selector::parse(&format!("app={name}")).ok();
    Err(Error::NotUnderstood {
        reason: format!(
            "{name} is named here as what the {} belong to, and they are not picked by its name; say which (a name, or -l with their labels)",
            op.resource
        ),
        suggestions: vec![kubechat_core::kubectl::render(&selected)],
    })
}
