//! The built-in resource types: canonical plurals, singulars, kubectl
//! short names, and where each lives in the API. The executor's discovery
//! covers everything else the cluster serves (CRDs); this table lets the
//! domain canonicalize input and render kubectl lines without a cluster.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// One built-in type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceInfo {
    pub plural: &'static str,
    pub singular: &'static str,
    pub short: &'static [&'static str],
    pub kind: &'static str,
    /// API group; empty for the core group.
    pub group: &'static str,
    pub version: &'static str,
    pub namespaced: bool,
}

const fn r(
    plural: &'static str,
    singular: &'static str,
    short: &'static [&'static str],
    kind: &'static str,
    group: &'static str,
    version: &'static str,
    namespaced: bool,
) -> ResourceInfo {
    ResourceInfo {
        plural,
        singular,
        short,
        kind,
        group,
        version,
        namespaced,
    }
}

/// Built-in resource types KubeChat knows without asking a cluster.
pub const BUILTIN: &[ResourceInfo] = &[
    r("pods", "pod", &["po"], "Pod", "", "v1", true),
    r("services", "service", &["svc"], "Service", "", "v1", true),
    r(
        "replicationcontrollers",
        "replicationcontroller",
        &["rc"],
        "ReplicationController",
        "",
        "v1",
        true,
    ),
    r(
        "deployments",
        "deployment",
        &["deploy"],
        "Deployment",
        "apps",
        "v1",
        true,
    ),
    r(
        "replicasets",
        "replicaset",
        &["rs"],
        "ReplicaSet",
        "apps",
        "v1",
        true,
    ),
    r(
        "statefulsets",
        "statefulset",
        &["sts"],
        "StatefulSet",
        "apps",
        "v1",
        true,
    ),
    r(
        "daemonsets",
        "daemonset",
        &["ds"],
        "DaemonSet",
        "apps",
        "v1",
        true,
    ),
    r("jobs", "job", &[], "Job", "batch", "v1", true),
    r(
        "cronjobs",
        "cronjob",
        &["cj"],
        "CronJob",
        "batch",
        "v1",
        true,
    ),
    r(
        "configmaps",
        "configmap",
        &["cm"],
        "ConfigMap",
        "",
        "v1",
        true,
    ),
    r("secrets", "secret", &[], "Secret", "", "v1", true),
    r(
        "namespaces",
        "namespace",
        &["ns"],
        "Namespace",
        "",
        "v1",
        false,
    ),
    r("nodes", "node", &["no"], "Node", "", "v1", false),
    r("events", "event", &["ev"], "Event", "", "v1", true),
    r(
        "ingresses",
        "ingress",
        &["ing"],
        "Ingress",
        "networking.k8s.io",
        "v1",
        true,
    ),
    r(
        "ingressclasses",
        "ingressclass",
        &[],
        "IngressClass",
        "networking.k8s.io",
        "v1",
        false,
    ),
    r(
        "networkpolicies",
        "networkpolicy",
        &["netpol"],
        "NetworkPolicy",
        "networking.k8s.io",
        "v1",
        true,
    ),
    r(
        "persistentvolumeclaims",
        "persistentvolumeclaim",
        &["pvc"],
        "PersistentVolumeClaim",
        "",
        "v1",
        true,
    ),
    r(
        "persistentvolumes",
        "persistentvolume",
        &["pv"],
        "PersistentVolume",
        "",
        "v1",
        false,
    ),
    r(
        "serviceaccounts",
        "serviceaccount",
        &["sa"],
        "ServiceAccount",
        "",
        "v1",
        true,
    ),
    r(
        "roles",
        "role",
        &[],
        "Role",
        "rbac.authorization.k8s.io",
        "v1",
        true,
    ),
    r(
        "rolebindings",
        "rolebinding",
        &[],
        "RoleBinding",
        "rbac.authorization.k8s.io",
        "v1",
        true,
    ),
    r(
        "clusterroles",
        "clusterrole",
        &[],
        "ClusterRole",
        "rbac.authorization.k8s.io",
        "v1",
        false,
    ),
    r(
        "clusterrolebindings",
        "clusterrolebinding",
        &[],
        "ClusterRoleBinding",
        "rbac.authorization.k8s.io",
        "v1",
        false,
    ),
    r(
        "horizontalpodautoscalers",
        "horizontalpodautoscaler",
        &["hpa"],
        "HorizontalPodAutoscaler",
        "autoscaling",
        "v2",
        true,
    ),
    r(
        "poddisruptionbudgets",
        "poddisruptionbudget",
        &["pdb"],
        "PodDisruptionBudget",
        "policy",
        "v1",
        true,
    ),
    r(
        "endpoints",
        "endpoints",
        &["ep"],
        "Endpoints",
        "",
        "v1",
        true,
    ),
    r(
        "endpointslices",
        "endpointslice",
        &[],
        "EndpointSlice",
        "discovery.k8s.io",
        "v1",
        true,
    ),
    r(
        "storageclasses",
        "storageclass",
        &["sc"],
        "StorageClass",
        "storage.k8s.io",
        "v1",
        false,
    ),
    r(
        "customresourcedefinitions",
        "customresourcedefinition",
        &["crd", "crds"],
        "CustomResourceDefinition",
        "apiextensions.k8s.io",
        "v1",
        false,
    ),
    r(
        "resourcequotas",
        "resourcequota",
        &["quota"],
        "ResourceQuota",
        "",
        "v1",
        true,
    ),
    r(
        "limitranges",
        "limitrange",
        &["limits"],
        "LimitRange",
        "",
        "v1",
        true,
    ),
    r(
        "priorityclasses",
        "priorityclass",
        &["pc"],
        "PriorityClass",
        "scheduling.k8s.io",
        "v1",
        false,
    ),
    r(
        "leases",
        "lease",
        &[],
        "Lease",
        "coordination.k8s.io",
        "v1",
        true,
    ),
    // Types people ask about less often (from `OFTEN_SAID` on), named
    // here so a request can say them without a cluster to discover them
    // from ("controllerrevisions for app=node-exporter", "list the csrs").
    r(
        "controllerrevisions",
        "controllerrevision",
        &[],
        "ControllerRevision",
        "apps",
        "v1",
        true,
    ),
    r(
        "podtemplates",
        "podtemplate",
        &[],
        "PodTemplate",
        "",
        "v1",
        true,
    ),
    r(
        "certificatesigningrequests",
        "certificatesigningrequest",
        &["csr"],
        "CertificateSigningRequest",
        "certificates.k8s.io",
        "v1",
        false,
    ),
    r(
        "componentstatuses",
        "componentstatus",
        &["cs"],
        "ComponentStatus",
        "",
        "v1",
        false,
    ),
    r(
        "runtimeclasses",
        "runtimeclass",
        &[],
        "RuntimeClass",
        "node.k8s.io",
        "v1",
        false,
    ),
    r(
        "validatingwebhookconfigurations",
        "validatingwebhookconfiguration",
        &[],
        "ValidatingWebhookConfiguration",
        "admissionregistration.k8s.io",
        "v1",
        false,
    ),
    r(
        "mutatingwebhookconfigurations",
        "mutatingwebhookconfiguration",
        &[],
        "MutatingWebhookConfiguration",
        "admissionregistration.k8s.io",
        "v1",
        false,
    ),
    r(
        "csidrivers",
        "csidriver",
        &[],
        "CSIDriver",
        "storage.k8s.io",
        "v1",
        false,
    ),
    r(
        "csinodes",
        "csinode",
        &[],
        "CSINode",
        "storage.k8s.io",
        "v1",
        false,
    ),
    r(
        "volumeattachments",
        "volumeattachment",
        &[],
        "VolumeAttachment",
        "storage.k8s.io",
        "v1",
        false,
    ),
    r(
        "apiservices",
        "apiservice",
        &[],
        "APIService",
        "apiregistration.k8s.io",
        "v1",
        false,
    ),
];

/// How many of [`BUILTIN`]'s types, from the start, are said often enough
/// that a near miss of one of their names means them ("deploymnet"). The
/// rest are taken only as written: "api-service" and "go-template" are
/// one and two letters from `apiservice` and `podtemplate`, and are
/// names and formats far more often than those types.
pub const OFTEN_SAID: usize = 34;

/// Every name of every built-in type (plural, singular, short name, kind
/// in lower case) to its type: the translator looks words up many times a
/// request, so a scan of the table each time shows in its timings.
static BY_NAME: std::sync::LazyLock<std::collections::HashMap<String, Vec<&'static ResourceInfo>>> =
    std::sync::LazyLock::new(|| {
        let mut map: std::collections::HashMap<String, Vec<&'static ResourceInfo>> =
            std::collections::HashMap::new();
        for r in BUILTIN {
            let names = [r.plural, r.singular]
                .into_iter()
                .chain(r.short.iter().copied())
                .map(str::to_owned)
                .chain(std::iter::once(r.kind.to_ascii_lowercase()));
            for n in names {
                let entry = map.entry(n).or_default();
                if !entry.iter().any(|e| std::ptr::eq(*e, r)) {
                    entry.push(r);
                }
            }
        }
        map
    });

/// The built-in type `name` refers to: plural, singular, short name or
/// kind, in any case, optionally qualified by its group (`deployments.apps`).
pub fn lookup(name: &str) -> Option<&'static ResourceInfo> {
    let name = name.trim();
    let lowered;
    let n = if name.bytes().any(|b| b.is_ascii_uppercase()) {
        lowered = name.to_ascii_lowercase();
        lowered.as_str()
    } else {
        name
    };
    let (base, group) = match n.split_once('.') {
        Some((b, g)) => (b, Some(g)),
        None => (n, None),
    };
    // Types in the table's order, as the scan this replaces found them.
    BY_NAME
        .get(base)?
        .iter()
        .copied()
        .find(|r| group.is_none_or(|g| g == r.group || (g == "core" && r.group.is_empty())))
}

/// The closest of `candidates` to `given`, if close enough to be a typo.
pub fn suggest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let given = given.to_ascii_lowercase();
    let limit = if given.len() <= 4 { 1 } else { 2 };
    candidates
        .into_iter()
        .map(|c| (edit_distance(&given, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// The canonical plural of the built-in type `given` is a typo of.
pub fn suggest_builtin(given: &str) -> Option<&'static str> {
    suggest(given, builtin_names())
        .and_then(lookup)
        .map(|r| r.plural)
}

/// Names a built-in type can be called by, for suggestions.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().flat_map(|r| {
        std::iter::once(r.plural)
            .chain(std::iter::once(r.singular))
            .chain(r.short.iter().copied())
    })
}

/// Levenshtein distance.
pub fn edit_distance(a: &str, b: &str) -> usize {
    // The translator asks this of every unknown word against every type
    // name: short ASCII words are measured on the stack, without
    // allocating, and give the same answer as the general path.
    const SHORT: usize = 32;
    if a.is_ascii() && b.is_ascii() && a.len() <= SHORT && b.len() <= SHORT {
        return osa_distance(a.as_bytes(), b.as_bytes());
    }
    osa_distance(
        &a.chars().collect::<Vec<_>>(),
        &b.chars().collect::<Vec<_>>(),
    )
}

/// Optimal string alignment distance: insertions, deletions,
/// substitutions and swaps of two neighbours ("lgos") each count one.
/// Three rows of at most 33 cells on the stack when both are short.
fn osa_distance<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    osa_bounded(a, b, usize::MAX).unwrap_or(usize::MAX)
}

/// The distance when it is at most `limit`, else `None` — found early:
/// once a whole row exceeds the limit, no later row can come back under
/// it (each cell is at least the smallest of the row before, and a swap
/// reaches two rows back only to cells that were themselves bounded).
fn osa_bounded<T: PartialEq>(a: &[T], b: &[T], limit: usize) -> Option<usize> {
    if b.len() >= 33 {
        let d = osa_distance_heap(a, b);
        return (d <= limit).then_some(d);
    }
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let n = b.len();
    // Rows i-1, i and i+1 by index (i % 3), so nothing is copied.
    let mut rows = [[0usize; 33]; 3];
    for (j, p) in rows[0].iter_mut().enumerate().take(n + 1) {
        *p = j;
    }
    for i in 0..a.len() {
        let (prev_at, cur_at, before_at) = (i % 3, (i + 1) % 3, (i + 2) % 3);
        rows[cur_at][0] = i + 1;
        let mut least = i + 1;
        for j in 0..n {
            let prev = &rows[prev_at];
            let mut d = (prev[j] + usize::from(a[i] != b[j]))
                .min(prev[j + 1] + 1)
                .min(rows[cur_at][j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                d = d.min(rows[before_at][j - 1] + 1);
            }
            rows[cur_at][j + 1] = d;
            least = least.min(d);
        }
        // A swap looks two rows back, so stop only once two rows in a
        // row are past the limit.
        if least > limit && i > 0 {
            let before_least = rows[prev_at][..=n].iter().copied().min().unwrap_or(0);
            if before_least > limit {
                return None;
            }
        }
    }
    let d = rows[a.len() % 3][n];
    (d <= limit).then_some(d)
}

/// Which bytes (mod 64) an ASCII word holds. One edit adds or removes at
/// most two of them (a swap none), so words whose sets differ in more
/// than twice the edits allowed are further apart: [`within_edits`]
/// tells most pairs apart this way, and callers that measure one word
/// against a fixed list keep the list's sets.
pub fn letters(word: &str) -> u64 {
    word.bytes().fold(0u64, |m, c| m | 1 << (c & 63))
}

/// Whether `a` is at most `limit` edits from `b` (as [`edit_distance`]
/// counts them), answered without measuring the whole distance when it
/// is clearly further.
pub fn within_edits(a: &str, b: &str, limit: usize) -> bool {
    if a.is_ascii() && b.is_ascii() && b.len() <= 32 {
        // Most pairs are told apart by their letter sets ([`letters`]).
        if (letters(a) ^ letters(b)).count_ones() as usize > 2 * limit {
            return false;
        }
        return osa_bounded(a.as_bytes(), b.as_bytes(), limit).is_some();
    }
    edit_distance(a, b) <= limit
}

/// [`edit_distance`] when it is at most `limit`, else `None`: one bounded
/// measure where a caller would ask [`within_edits`] and then measure the
/// same pair again (the caller has already compared letter sets).
pub fn distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    if a.is_ascii() && b.is_ascii() {
        return osa_bounded(a.as_bytes(), b.as_bytes(), limit);
    }
    let d = edit_distance(a, b);
    (d <= limit).then_some(d)
}

fn osa_distance_heap<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let mut before: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 0..a.len() {
        let mut cur = vec![i + 1; b.len() + 1];
        for j in 0..b.len() {
            let mut d = (prev[j] + usize::from(a[i] != b[j]))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                d = d.min(before[j - 1] + 1);
            }
            cur[j + 1] = d;
        }
        before = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

/// A resource type as an operation names it: the canonical lower-case
/// plural for built-in types (`po`, `pod`, `Pod` all become `pods`), or a
/// plural with optional group for anything else the cluster may serve
/// (`widgets`, `widgets.example.com`), resolved by the executor's
/// discovery.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResourceType(String);

/// The word [`ResourceType::manifest`] is written as.
pub const MANIFEST: &str = "manifest";

impl ResourceType {
    /// Canonicalizes `s`.
    pub fn parse(s: &str) -> Result<Self, Error> {
        if let Some(info) = lookup(s) {
            return Ok(Self(info.plural.to_owned()));
        }
        let n = s.trim().to_ascii_lowercase();
        // "get logs": logs are read with their own command, of a pod; no
        // API type is called so, and a read of one would only fail.
        if matches!(n.as_str(), "logs" | "log") {
            return Err(Error::UnknownResource {
                given: s.chars().take(100).collect(),
                suggestion: None,
            });
        }
        let shape_ok = !n.is_empty()
            && n.len() <= 253
            && n.split('.').all(|p| {
                !p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            });
        if shape_ok {
            Ok(Self(n))
        } else {
            Err(Error::UnknownResource {
                given: s.chars().take(100).collect(),
                suggestion: suggest_builtin(&n).map(str::to_owned),
            })
        }
    }

    /// The canonical name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The objects a manifest names (kubectl's `-f FILE`), not a type of
    /// its own: which type and object is read from the manifest before
    /// anything runs (`kubechat_kube::manifest::resolve`).
    pub fn manifest() -> Self {
        Self(MANIFEST.to_owned())
    }

    /// Whether this stands for the objects of a manifest.
    pub fn is_manifest(&self) -> bool {
        self.0 == MANIFEST
    }

    /// Whether this is kubectl's `all` category rather than one type.
    pub fn is_all_category(&self) -> bool {
        self.0 == "all"
    }

    /// The built-in type, when it is one.
    pub fn builtin(&self) -> Option<&'static ResourceInfo> {
        lookup(&self.0)
    }
}

impl fmt::Display for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for ResourceType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ResourceType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The stack path and the general one agree, on ASCII and not.
        #[test]
        fn short_words_measure_like_the_general_path(a in "[a-zé]{0,34}", b in "[a-zé]{0,34}") {
            let chars = |s: &str| s.chars().collect::<Vec<_>>();
            proptest::prop_assert_eq!(
                edit_distance(&a, &b),
                osa_distance_heap(&chars(&a), &chars(&b))
            );
        }
    }

    proptest::proptest! {
        /// The bounded answer is the distance whenever that is within the
        /// limit, and no answer otherwise.
        #[test]
        fn bounded_distance_agrees(a in "[a-eé]{0,40}", b in "[a-eé]{0,40}", limit in 0usize..5) {
            let d = edit_distance(&a, &b);
            proptest::prop_assert_eq!(within_edits(&a, &b, limit), d <= limit);
            proptest::prop_assert_eq!(distance_within(&a, &b, limit), (d <= limit).then_some(d));
        }
    }

    #[test]
    fn the_types_said_often_come_first() {
        assert_eq!(BUILTIN[OFTEN_SAID - 1].plural, "leases");
        assert_eq!(BUILTIN[OFTEN_SAID].plural, "controllerrevisions");
    }

    #[test]
    fn typos_are_one_edit_away() {
        assert_eq!(edit_distance("lgos", "logs"), 1);
        assert_eq!(edit_distance("deploymnet", "deployment"), 1);
        assert_eq!(edit_distance("pods", "pod"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn short_names_and_singulars_canonicalize() {
        for (given, want) in [
            ("po", "pods"),
            ("pod", "pods"),
            ("Pods", "pods"),
            ("deploy", "deployments"),
            ("deployments.apps", "deployments"),
            ("svc", "services"),
            ("pvc", "persistentvolumeclaims"),
            ("hpa", "horizontalpodautoscalers"),
            ("Deployment", "deployments"),
            ("widgets.example.com", "widgets.example.com"),
        ] {
            assert_eq!(
                ResourceType::parse(given).unwrap().as_str(),
                want,
                "{given}"
            );
        }
    }

    #[test]
    fn typos_get_suggestions() {
        assert_eq!(suggest_builtin("podz"), Some("pods"));
        assert_eq!(suggest_builtin("deploymnets"), Some("deployments"));
        assert_eq!(suggest_builtin("xyzzy"), None);
        // Well-formed unknown names may be CRD plurals: discovery decides.
        assert_eq!(ResourceType::parse("podz").unwrap().as_str(), "podz");
        let e = ResourceType::parse("pod$").unwrap_err().to_string();
        assert_eq!(e, "unknown resource type 'pod$' — did you mean 'pods'?");
    }
}
