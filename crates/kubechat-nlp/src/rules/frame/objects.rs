//! Objects kubectl writes from flags, asked for in words: "create a role
//! named pod-reader that allows get, list and watch on pods", "a
//! rolebinding named read that grants the view clusterrole to user
//! alice", "a pod disruption budget my-pdb for app=rails with at least
//! one available", "a resource quota named compute limiting pods to 10",
//! "a priority class high with value 1000", "a nodeport service web
//! mapping 80 to 8080". Each is read as the kubectl line that writes it
//! and parsed by that line's own parser, so one code builds the object;
//! a slot the words leave empty is asked back with the line to complete.

use super::*;

/// The words naming each kind, longest first where one holds another;
/// the kind is the one said first.
const KIND_PHRASES: &[(&str, &str)] = &[
    ("cluster role binding", "clusterrolebinding"),
    ("clusterrole binding", "clusterrolebinding"),
    ("clusterrolebinding", "clusterrolebinding"),
    ("role binding", "rolebinding"),
    ("rolebinding", "rolebinding"),
    ("cluster role", "clusterrole"),
    ("clusterrole", "clusterrole"),
    ("pod disruption budget", "pdb"),
    ("poddisruptionbudget", "pdb"),
    ("disruption budget", "pdb"),
    ("pdb", "pdb"),
    ("resource quota", "quota"),
    ("resourcequota", "quota"),
    ("quota", "quota"),
    ("priority class", "priorityclass"),
    ("priorityclass", "priorityclass"),
    ("role", "role"),
];

/// Service types as said, and kubectl's word for each.
const SERVICE_TYPES: &[(&str, &str)] = &[
    ("clusterip", "clusterip"),
    ("cluster ip", "clusterip"),
    ("headless", "clusterip"),
    ("nodeport", "nodeport"),
    ("node port", "nodeport"),
    ("loadbalancer", "loadbalancer"),
    ("load balancer", "loadbalancer"),
    ("load-balancer", "loadbalancer"),
    ("externalname", "externalname"),
    ("external name", "externalname"),
];

/// Words that say which verbs a role grants.
const READ_VERBS: &str = "get,list,watch";
const WRITE_VERBS: &str = "create,update,patch,delete";

/// Words after a kind that are not its name.
const NOT_OBJECT_NAMES: &[&str] = &[
    "named",
    "called",
    "name",
    "that",
    "which",
    "for",
    "with",
    "to",
    "in",
    "on",
    "of",
    "and",
    "using",
    "allowing",
    "granting",
    "binding",
    "so",
    "where",
    "limiting",
    "selecting",
    "the",
    "a",
    "an",
    "new",
    "read-only",
    "readonly",
    "read",
    "only",
    "who",
    "as",
];

/// The object the words ask to create, when they name one of these
/// kinds: `None` when they name none (the caller answers as before).
pub(super) fn read(words: &Words, op: &Operation) -> Result<Option<Operation>> {
    let n = words.len();
    let word = |i: usize| words.get(i).unwrap_or_default();
    let first_of = |phrases: &[(&'static str, &'static str)]| {
        phrases
            .iter()
            .filter_map(|(p, k)| {
                // (Most phrases' first word is not said at all.)
                if !words.has(p.split(' ').next().unwrap_or_default()) {
                    return None;
                }
                let at = (0..n).find(|&i| {
                    p.split(' ')
                        .enumerate()
                        .all(|(j, part)| !words.is_quoted(i + j) && word(i + j) == part)
                })?;
                Some((at, at + p.split(' ').count(), *k))
            })
            .min_by_key(|(at, end, _)| (*at, usize::MAX - end))
    };
    let service = first_of(SERVICE_TYPES).filter(|(_, end, _)| {
        (*end..(*end + 2).min(n)).any(|i| matches!(word(i), "service" | "svc" | "services"))
    });
    let kind = match (first_of(KIND_PHRASES), service) {
        (Some(k), Some(s)) if s.0 < k.0 => s,
        (Some(k), _) => k,
        (None, Some(s)) => s,
        (None, None) => return Ok(None),
    };
    let (at, end, kind) = kind;
    // The service's own word follows its type.
    let end = if service.is_some_and(|s| s.0 == at) {
        end + 1
    } else {
        end
    };
    let ns = op.namespace.as_ref().map(|n| n.as_str().to_owned());
    let name = object_name(words, end);
    let cluster_wide = matches!(kind, "clusterrole" | "clusterrolebinding" | "priorityclass");
    let scope = match &ns {
        Some(n) if !cluster_wide => format!(" -n {n}"),
        _ => String::new(),
    };
    let shown = |flags: &str| {
        format!(
            "kubectl create {kind} {}{flags}{scope}",
            name.as_deref().unwrap_or("NAME")
        )
    };
    let (line, missing) = match kind {
        "role" | "clusterrole" => {
            let verbs = rule_verbs(words, at, end);
            let resources = rule_resources(words, at, end, ns.as_deref());
            let flags = format!(
                " --verb={} --resource={}",
                if verbs.is_empty() {
                    "VERBS".into()
                } else {
                    verbs.join(",")
                },
                if resources.is_empty() {
                    "TYPES".into()
                } else {
                    resources.join(",")
                },
            );
            let missing = if verbs.is_empty() {
                Some("which actions it allows (get, list, watch …)")
            } else if resources.is_empty() {
                Some("which types it is for (pods, deployments …)")
            } else {
                None
            };
            (shown(&flags), missing)
        }
        "rolebinding" | "clusterrolebinding" => {
            let role = granted_role(words, at, end, kind == "clusterrolebinding");
            let (subjects, unplaced) = subjects(words, ns.as_deref());
            let flags = format!(
                " {}{}",
                role.as_deref().unwrap_or("--clusterrole=ROLE"),
                if subjects.is_empty() {
                    " --user=USER".into()
                } else {
                    subjects.concat()
                }
            );
            let missing = if role.is_none() {
                Some("which role it grants")
            } else if unplaced {
                Some("the service account's namespace (service account NAME in namespace NS)")
            } else if subjects.is_empty() {
                Some("whom it grants it to (user NAME, group NAME, service account NAME)")
            } else {
                None
            };
            (shown(&flags), missing)
        }
        "pdb" => {
            let selector = (0..n)
                .filter(|&i| {
                    word(i)
                        .split_once('=')
                        .is_some_and(|(k, v)| !k.is_empty() && !v.is_empty())
                })
                .map(|i| as_written(words, i))
                .next();
            let bound = disruption_bound(words);
            let flags = format!(
                " --selector={}{}",
                selector.unwrap_or("app=NAME"),
                bound.as_deref().unwrap_or(" --min-available=1")
            );
            let missing = if selector.is_none() {
                Some("which pods it covers (app=NAME)")
            } else if bound.is_none() {
                Some("how many pods must stay available (at least N) or may be down (at most N)")
            } else {
                None
            };
            (shown(&flags), missing)
        }
        "quota" => {
            let hard = quota_limits(words);
            let flags = format!(
                " --hard={}",
                if hard.is_empty() {
                    "pods=10".into()
                } else {
                    hard.join(",")
                }
            );
            let missing = hard
                .is_empty()
                .then_some("the limits (pods to 10, memory requests to 2Gi …)");
            (shown(&flags), missing)
        }
        "priorityclass" => {
            let value = (0..n).find_map(|i| {
                matches!(word(i), "value" | "priority")
                    .then(|| {
                        let k = if word(i + 1) == "of" { i + 2 } else { i + 1 };
                        word(k).parse::<i64>().ok()
                    })
                    .flatten()
            });
            let mut flags = format!(" --value={}", value.map_or("N".into(), |v| v.to_string()));
            if words.find_phrase("global default").is_some() {
                flags.push_str(" --global-default");
            }
            (
                shown(&flags),
                value.is_none().then_some("its value (value 1000)"),
            )
        }
        service_type => {
            let ports = service_ports(words);
            // "create a ClusterIP service named metrics for deployment
            // exporter": made with `create service`, it would select the
            // pods labelled app=metrics, not the exporter's; the Service
            // of a workload is its expose, named so.
            if let Some((kind, workload)) = workload_served(words)
                && let Some((p, t)) = ports
            {
                let mut line = format!("kubectl expose {kind} {workload} --port={p}");
                if t != p {
                    line.push_str(&format!(" --target-port={t}"));
                }
                if let Some(n) = &name {
                    line.push_str(&format!(" --name={n}"));
                }
                let kind_flag = match service_type {
                    "clusterip" => Some("ClusterIP"),
                    "nodeport" => Some("NodePort"),
                    "loadbalancer" => Some("LoadBalancer"),
                    _ => None,
                };
                if let Some(k) = kind_flag.filter(|_| !words.has("headless")) {
                    line.push_str(&format!(" --type={k}"));
                }
                line.push_str(&scope);
                return Ok(Some(kubechat_core::kubectl::parse(&line)?));
            }
            let headless = words.has("headless");
            let mut flags = String::new();
            if let Some((p, t)) = ports {
                flags.push_str(&format!(" --tcp={p}:{t}"));
            }
            if headless {
                flags.push_str(" --clusterip=None");
            }
            let external = (service_type == "externalname").then(|| {
                (0..n)
                    .map(word)
                    .find(|w| w.contains('.') && !w.ends_with('.') && w.len() > 3)
            });
            if let Some(host) = external.flatten() {
                flags.push_str(&format!(" --external-name={host}"));
            }
            let line = format!(
                "kubectl create service {service_type} {}{flags}{scope}",
                name.as_deref().unwrap_or("NAME")
            );
            let missing = match external {
                Some(None) => Some("the DNS name it points to"),
                Some(Some(_)) => None,
                None if ports.is_none() && !headless => {
                    Some("its port (port 80 to 8080, as --tcp=PORT:TARGET_PORT)")
                }
                None => None,
            };
            (line, missing)
        }
    };
    if let Some(what) = missing.or(name.is_none().then_some("its name")) {
        return Err(Error::NotUnderstood {
            reason: format!("say {what}"),
            suggestions: vec![line],
        });
    }
    Ok(Some(kubechat_core::kubectl::parse(&line)?))
}

/// Word `i` as it was written (values keep their case: `app=Rails`,
/// `2Gi`, user `Bob`), without trailing punctuation.
fn as_written(words: &Words, i: usize) -> &str {
    words
        .raw(i)
        .or(words.get(i))
        .unwrap_or_default()
        .trim_end_matches(['.', ',', ';', '!', '?'])
}

/// The name said for the object: "named X", "called X", or the word
/// right after its kind ("role pod-reader", "the 'high' priority class").
fn object_name(words: &Words, end: usize) -> Option<String> {
    let n = words.len();
    let word = |i: usize| words.get(i).unwrap_or_default();
    let plausible = |i: usize| {
        let w = word(i);
        (words.is_quoted(i) || !NOT_OBJECT_NAMES.contains(&w))
            && !w.contains('=')
            && kubechat_core::ResourceName::parse(w).is_ok()
    };
    if let Some(i) =
        (0..n).find(|&i| !words.is_quoted(i) && matches!(word(i), "named" | "called") && i + 1 < n)
    {
        return kubechat_core::ResourceName::parse(word(i + 1))
            .is_ok()
            .then(|| word(i + 1).to_owned());
    }
    if end < n && plausible(end) && (words.is_quoted(end) || resources::lookup(word(end)).is_none())
    {
        return Some(word(end).to_owned());
    }
    None
}

/// The actions a role allows, in kubectl's words: said one by one
/// ("get, watch and list"), or as read-only / read and write access.
/// Only words after the role's own (`at..end`) count, and the kind of
/// access said just before it ("a read-only role"): the order's own
/// verb ("create") is not granted.
fn rule_verbs(words: &Words, at: usize, end: usize) -> Vec<String> {
    let mut verbs: Vec<String> = Vec::new();
    let mut add = |list: &str| {
        for v in list.split(',') {
            if !verbs.iter().any(|x| x == v) {
                verbs.push(v.to_owned());
            }
        }
    };
    for i in (at.saturating_sub(2)..at).chain(end..words.len()) {
        match words.get(i).unwrap_or_default() {
            v @ ("get" | "list" | "watch" | "create" | "update" | "patch" | "delete")
                if i >= end =>
            {
                add(v)
            }
            "read-only" | "readonly" | "read" | "view" | "reading" | "viewing" => add(READ_VERBS),
            "write" | "edit" | "modify" => {
                add(READ_VERBS);
                add(WRITE_VERBS);
            }
            _ => {}
        }
    }
    verbs
}

/// The types a role is for: every resource type named outside the
/// role's own words and the namespace it is made in ("pod logs" adds
/// the log subresource).
fn rule_resources(words: &Words, at: usize, end: usize, ns: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in 0..words.len() {
        let w = words.get(i).unwrap_or_default();
        if (at..end).contains(&i) || words.is_quoted(i) {
            continue;
        }
        // "in namespace dev", "the dev namespace": where, not what.
        let place = matches!(w, "namespace" | "namespaces" | "ns")
            && (ns.is_some_and(|n| {
                words.get(i + 1) == Some(n)
                    || i.checked_sub(1).and_then(|p| words.get(p)) == Some(n)
            }) || i.checked_sub(1).and_then(|p| words.get(p)) == Some("in"));
        // "service account": whom, not what.
        let account = (w == "service" && words.get(i + 1) == Some("account"))
            || matches!(w, "serviceaccount" | "sa");
        if place || account || matches!(w, "role" | "roles" | "user" | "users" | "group") {
            continue;
        }
        let found = if matches!(w, "logs" | "log") {
            Some("pods/log".to_owned())
        } else {
            resources::lookup(w).map(|info| info.plural.to_owned())
        };
        if let Some(r) = found
            && !out.contains(&r)
        {
            out.push(r);
        }
    }
    out
}

/// The role a binding grants: `--clusterrole=NAME` or `--role=NAME`,
/// from "the view clusterrole", "cluster role 'view'", "using the
/// admin cluster role", "role pod-reader".
fn granted_role(words: &Words, at: usize, end: usize, cluster_only: bool) -> Option<String> {
    let n = words.len();
    let word = |i: usize| words.get(i).unwrap_or_default();
    for (phrase, flag) in [
        ("cluster role", "clusterrole"),
        ("clusterrole", "clusterrole"),
        ("role", "role"),
    ] {
        let len = phrase.split(' ').count();
        let Some(i) = (0..n).find(|&i| {
            !(at..end).contains(&i)
                && phrase
                    .split(' ')
                    .enumerate()
                    .all(|(j, p)| !words.is_quoted(i + j) && word(i + j) == p)
                // "role binding" is the binding's own word.
                && word(i + len) != "binding"
        }) else {
            continue;
        };
        if flag == "role" && cluster_only {
            return None;
        }
        let name_at = |k: usize| {
            let w = word(k);
            (words.is_quoted(k)
                || (!NOT_OBJECT_NAMES.contains(&w)
                    && !matches!(w, "built-in" | "builtin" | "existing")))
                && kubechat_core::ResourceName::parse(w).is_ok()
        };
        let after = if matches!(word(i + len), "named" | "called") {
            i + len + 1
        } else {
            i + len
        };
        let name = if after < n && name_at(after) {
            Some(word(after))
        } else if i > 0 && name_at(i - 1) {
            Some(word(i - 1))
        } else {
            None
        };
        return name.map(|r| format!("--{flag}={r}"));
    }
    None
}

/// Whom a binding grants its role to: "user alice", "users bob and
/// carol", "group devs", "service account deployer" (in the binding's
/// namespace).
/// A service account said without a namespace to place it is reported
/// (second), never dropped.
fn subjects(words: &Words, ns: Option<&str>) -> (Vec<String>, bool) {
    let n = words.len();
    let word = |i: usize| words.get(i).unwrap_or_default();
    let mut out = Vec::new();
    let mut unplaced = false;
    let mut i = 0;
    while i < n {
        let (flag, mut k) = match word(i) {
            "user" | "users" => ("user", i + 1),
            "group" | "groups" => ("group", i + 1),
            "serviceaccount" | "sa" => ("serviceaccount", i + 1),
            "service" if word(i + 1) == "account" => ("serviceaccount", i + 2),
            _ => {
                i += 1;
                continue;
            }
        };
        if words.is_quoted(i) {
            i += 1;
            continue;
        }
        if matches!(word(k), "named" | "called") {
            k += 1;
        }
        // "users bob, carol and dave": names until a word that is none.
        while k < n {
            let w = word(k);
            if matches!(w, "and" | ",") {
                k += 1;
                continue;
            }
            if !words.is_quoted(k)
                && (NOT_OBJECT_NAMES.contains(&w) || resources::lookup(w).is_some())
            {
                break;
            }
            let name = w.trim_end_matches(',');
            if flag == "serviceaccount" {
                match ns {
                    Some(ns) if kubechat_core::ResourceName::parse(name).is_ok() => {
                        out.push(format!(" --serviceaccount={ns}:{name}"))
                    }
                    _ => unplaced = true,
                }
            } else if !name.is_empty() {
                // User and group names keep their case.
                let written = as_written(words, k);
                out.push(format!(" --{flag}={}", written.trim_end_matches(',')));
            }
            k += 1;
            if flag != "user" && flag != "group" || !matches!(word(k), "and" | ",") {
                break;
            }
        }
        i = k.max(i + 1);
    }
    (out, unplaced)
}

/// How many of a budget's pods must stay up, or may be down: "at least
/// one (available)", "min available 2", "at least half", "at most 1
/// unavailable", "max unavailable 30%".
fn disruption_bound(words: &Words) -> Option<String> {
    let n = words.len();
    let word = |i: usize| words.get(i).unwrap_or_default();
    let amount = |k: usize| -> Option<String> {
        let w = word(k);
        if w == "half" {
            return Some("50%".into());
        }
        if let Some(p) = w.strip_suffix('%') {
            return p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= 100)
                .map(|_| w.to_owned());
        }
        if word(k + 1) == "%" || word(k + 1) == "percent" {
            return w
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= 100)
                .map(|p| format!("{p}%"));
        }
        number(w).map(|v| v.to_string())
    };
    for i in 0..n {
        let (most, k) = match (word(i), word(i + 1)) {
            ("at", "least") => (false, i + 2),
            ("at", "most") | ("no", "more") => (true, i + 2),
            ("minimum" | "min" | "minavailable" | "min-available", _) => (false, i + 1),
            ("maximum" | "max" | "maxunavailable" | "max-unavailable", _) => (true, i + 1),
            _ => continue,
        };
        let k = if matches!(word(k), "available" | "unavailable" | "than") {
            k + 1
        } else {
            k
        };
        let k = if word(k) == "of" { k + 1 } else { k };
        let Some(v) = amount(k) else {
            continue;
        };
        // "at most 1 unavailable", "max unavailable 30%", "no more than
        // two pods down": how many may be down.
        let down =
            (i..(k + 5).min(n)).any(|j| matches!(word(j), "unavailable" | "down" | "disrupted"));
        return Some(if most || down {
            format!(" --max-unavailable={v}")
        } else {
            format!(" --min-available={v}")
        });
    }
    None
}

/// A quota's limits, `RESOURCE=QUANTITY`: "pods to 10", "10 pods",
/// "total memory requests to 2Gi", "cpu limits of 4", "pods=10".
fn quota_limits(words: &Words) -> Vec<String> {
    let n = words.len();
    let word = |i: usize| words.get(i).unwrap_or_default();
    let quantity = |w: &str| {
        !w.is_empty()
            && w.starts_with(|c: char| c.is_ascii_digit())
            && w.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                .chars()
                .all(|c| c.is_ascii_alphabetic())
            && w.len() <= 16
    };
    let mut out: Vec<String> = Vec::new();
    let mut push = |k: String, v: &str| {
        if !out.iter().any(|o| o.split('=').next() == Some(k.as_str())) {
            out.push(format!("{k}={v}"));
        }
    };
    for i in 0..n {
        let w = word(i);
        if let Some((k, v)) = w.split_once('=')
            && quantity(v)
            && !k.is_empty()
        {
            let written = as_written(words, i);
            push(k.to_owned(), written.split_once('=').map_or(v, |(_, v)| v));
            continue;
        }
        let base = match w {
            "pods" | "pod" => "pods",
            "services" => "services",
            "configmaps" => "configmaps",
            "secrets" => "secrets",
            "pvcs" | "persistentvolumeclaims" => "persistentvolumeclaims",
            "memory" => "memory",
            "cpu" | "cpus" => "cpu",
            _ => continue,
        };
        // "memory requests", "requests memory", "cpu limits".
        let qualifier = |k: usize| match word(k) {
            "request" | "requests" | "requested" => Some("requests"),
            "limit" | "limits" => Some("limits"),
            _ => None,
        };
        let (key, after) = match (matches!(base, "memory" | "cpu"), qualifier(i + 1)) {
            (true, Some(q)) => (format!("{q}.{base}"), i + 2),
            (true, None) => match i.checked_sub(1).and_then(qualifier) {
                Some(q) => (format!("{q}.{base}"), i + 1),
                None => (base.to_owned(), i + 1),
            },
            _ => (base.to_owned(), i + 1),
        };
        let next = if matches!(word(after), "to" | "of" | "at" | "=" | ":") {
            after + 1
        } else {
            after
        };
        let before = i.checked_sub(1).map(word).unwrap_or_default();
        if quantity(word(next)) {
            push(key, as_written(words, next));
        } else if quantity(before) {
            push(key, as_written(words, i - 1));
        }
    }
    out
}

/// A service's port and target port: "port 80 to 8080", "mapping 5678
/// to 8080", "5678->8080", "80:8080"; the target is the port when only
/// one is said.
/// "… for deployment exporter", "… for the exporter deployment": the
/// workload whose pods a Service is made for, by kind and name.
fn workload_served(words: &Words) -> Option<(&'static str, String)> {
    let name_at = |i: usize| {
        words
            .get(i)
            .filter(|w| {
                !STOP_SET.contains(w) && ResourceName::parse(w).is_ok() && w.parse::<u16>().is_err()
            })
            .map(str::to_owned)
    };
    let before = |k: usize| matches!(words.get(k), Some("for" | "to" | "of" | "fronting"));
    (0..words.len()).find_map(|i| {
        let kind = words
            .get(i)
            .and_then(resources::lookup)
            .filter(|b| {
                matches!(
                    b.plural,
                    "deployments" | "statefulsets" | "replicasets" | "pods"
                )
            })?
            .singular;
        // "for deployment exporter".
        if i >= 1 && before(i - 1) {
            return name_at(i + 1).map(|w| (kind, w));
        }
        // "for exporter deployment", "for the exporter deployment".
        let lead = if i >= 2 && words.get(i - 2) == Some("the") {
            i.checked_sub(3)
        } else {
            i.checked_sub(2)
        };
        lead.filter(|&k| before(k))
            .and_then(|_| name_at(i - 1))
            .map(|w| (kind, w))
    })
}

fn service_ports(words: &Words) -> Option<(u16, u16)> {
    let n = words.len();
    let word = |i: usize| words.get(i).unwrap_or_default();
    let port = |w: &str| w.parse::<u16>().ok().filter(|p| *p > 0);
    for i in 0..n {
        let w = word(i);
        if let Some((a, b)) = w.split_once(':').or_else(|| w.split_once("->"))
            && let (Some(a), Some(b)) = (port(a), port(b))
        {
            return Some((a, b));
        }
        // ("… for the statefulset with 3 replicas": a count, no port.)
        let counted = word(i + 1).starts_with("replica")
            || matches!(
                word(i + 1),
                "pod"
                    | "pods"
                    | "instances"
                    | "copies"
                    | "nodes"
                    | "times"
                    | "minutes"
                    | "seconds"
                    | "hours"
                    | "days"
                    | "cores"
                    | "cpus"
            );
        if let Some(a) = port(w).filter(|_| !counted) {
            let k = if matches!(word(i + 1), "to" | "->" | "=>" | ":") {
                i + 2
            } else {
                i + 1
            };
            let k = if matches!(word(k), "port" | "target") {
                k + 1
            } else {
                k
            };
            let k = if word(k) == "port" { k + 1 } else { k };
            return Some((a, port(word(k)).filter(|_| k > i + 1).unwrap_or(a)));
        }
    }
    None
}
