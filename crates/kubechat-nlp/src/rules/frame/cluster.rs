//! A cluster named in the request ("services on the gke-dev cluster",
//! "node01 on the cluster `kubernetes`"). Its words are claimed, so the
//! cluster is never read as an object's name, and the name is told to
//! the caller: an operation's cluster is set from the bot that was asked,
//! never from text, so the chat compares the two and refuses a request
//! meant for another cluster rather than run it on the bot's own.

use super::*;

/// Words that say a cluster is a Kubernetes one ("on the kubernetes
/// cluster", kubeadm's "cluster `kubernetes`", "my k3s cluster"):
/// claimed, naming none. minikube and kind are not among them: they are
/// the names of those clusters' contexts.
const KUBERNETES: &[&str] = &[
    "kubernetes",
    "k8s",
    "kube",
    "kubectl",
    "k3s",
    "k3d",
    "microk8s",
    "kubeadm",
    "eks",
    "gke",
    "aks",
    "openshift",
];

/// Words beside "cluster" that describe it without naming one ("my
/// cluster", "the whole cluster"): not claimed, so "in the whole
/// cluster" still says every namespace.
const NOT_CLUSTER_NAMES: &[&str] = &[
    "current",
    "same",
    "whole",
    "entire",
    "local",
    "running",
    "live",
    "own",
    "new",
    "existing",
    "single",
    "shared",
    "target",
    "given",
    "specific",
    "other",
    "another",
    "different",
    "right",
    "wrong",
    "one",
    "each",
    "every",
    "any",
    // "on the cluster level", "in cluster mode".
    "level",
    "mode",
    "scope",
    "side",
    "itself",
    "api",
    "state",
    "status",
    "health",
    "info",
    "version",
    "admin",
    "domain",
    "dns",
    "ip",
];

/// Words that lead to a place ("on", "in", "against the cluster").
const CUES: &[&str] = &[
    "on", "in", "to", "for", "against", "at", "from", "of", "into", "inside", "within", "across",
    "using", "via", "through",
];

/// Articles and possessives between the cue and the cluster.
const ARTICLES: &[&str] = &["the", "a", "an", "my", "our", "your", "this", "that"];

/// The cluster word `i` may be: quoted, named ("cluster named x"), or a
/// plain word that is no type, number or word of prose — after "cluster"
/// (`after`: "on the cluster gone"), or before it when it looks like a
/// cluster's name (a dash or a digit, or an environment: "on the staging
/// cluster"; another plain word there more often names what runs as a
/// cluster: "the pods of the redis cluster"). `Some(None)` for a word
/// that only says the cluster runs Kubernetes.
fn cluster_name(words: &Words, i: usize, after: bool, named: bool) -> Option<Option<String>> {
    let w = words.free(i)?;
    // After "cluster", only as its quoted name: "on the cluster kubectl
    // shows" goes on the sentence.
    if KUBERNETES.contains(&w) && (!after || words.is_quoted(i)) {
        return Some(None);
    }
    if NOT_CLUSTER_NAMES.contains(&w) || ARTICLES.contains(&w) {
        return None;
    }
    let name = if words.is_quoted(i) || named {
        is_name_candidate(w)
    } else {
        plain_name(w)
            && !prose_word(w)
            && resource_word(w).is_none()
            && (after
                || w.contains('-')
                || w.bytes().any(|b| b.is_ascii_digit())
                || scope::ENVIRONMENTS.contains(&w))
    };
    name.then(|| Some(w.to_owned()))
}

/// The cluster named after a cue: "on the cluster prod", "in cluster
/// named gke-dev", "on the robusta-prod cluster", "in a `gke-dev`
/// cluster". Claims its words (also of "on the kubernetes cluster",
/// which names none); `None` when no cluster is named.
pub(super) fn cluster_named(words: &mut Words) -> Option<String> {
    for c in 0..words.len() {
        if words.free(c) != Some("cluster") {
            continue;
        }
        // "NAME cluster", or "cluster NAME" / "cluster named NAME".
        // "the prod k8s cluster": the name before the word for its kind.
        let before = c
            .checked_sub(1)
            .and_then(|at| cluster_name(words, at, false, false).map(|n| (n, at, c)))
            .map(|(n, at, c)| match at.checked_sub(1) {
                Some(b) if n.is_none() => match cluster_name(words, b, false, false) {
                    Some(Some(named)) => (Some(named), b, c),
                    _ => (n, at, c),
                },
                _ => (n, at, c),
            });
        // Not the first word of what follows: "in the cluster's
        // kube-system namespace", "the cluster autoscaler pods", "drain
        // it from the cluster safely".
        let goes_on = |k: usize| {
            words
                .get(k + 1)
                .is_some_and(|n| matches!(n, "namespace" | "ns") || resource_word(n).is_some())
                || words.get(k).is_some_and(|w| w.ends_with("ly"))
        };
        let after = match words.free(c + 1) {
            Some("named" | "called") => Some((c + 2, true)),
            Some(_) if !goes_on(c + 1) => Some((c + 1, false)),
            _ => None,
        }
        .and_then(|(last, named)| cluster_name(words, last, true, named).map(|n| (n, c, last)));
        for (name, first, last) in [before, after].into_iter().flatten() {
            // What leads to it: a cue, maybe an article and a few words
            // that describe the cluster between ("on our new gke-dev
            // cluster").
            let mut lead = first;
            while lead > 0
                && first - lead < 3
                && words.free(lead - 1).is_some_and(|w| {
                    ARTICLES.contains(&w)
                        || NOT_CLUSTER_NAMES.contains(&w)
                        || KUBERNETES.contains(&w)
                })
            {
                lead -= 1;
            }
            if lead == 0 || !words.free(lead - 1).is_some_and(|w| CUES.contains(&w)) {
                continue;
            }
            for k in lead - 1..=last {
                words.mark(k);
            }
            if name.is_some() {
                return name;
            }
            break;
        }
    }
    None
}

/// The cluster `text` names, if any (see [`cluster_named`]); several
/// different ones are told together ("staging and prod"), which no bot's
/// cluster is called.
pub(crate) fn stated_cluster(text: &str) -> Option<String> {
    let text = super::super::normalize::normalize(text).ok()?;
    if !text.to_ascii_lowercase().contains("cluster") {
        return None;
    }
    let mut words = Words::new(&text);
    let mut named: Vec<String> = Vec::new();
    while let Some(n) = cluster_named(&mut words) {
        if !named.contains(&n) {
            named.push(n);
        }
    }
    (!named.is_empty()).then(|| named.join(" and "))
}
