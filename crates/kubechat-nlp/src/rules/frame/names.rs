//! Names: which words can be an object's name, which are prose, and the
//! types a name implies.

use super::*;

pub(super) fn is_name_candidate(word: &str) -> bool {
    !STOP_SET.contains(&word)
        && !compound_adjective(word)
        && word != "kubectl"
        && !VERB_SINGLE.contains(word)
        && number(word).is_none()
        // "the 2pm deploy", "since 10am": a time of day.
        && !clock_time(word)
        // "2-8 replicas": a range of numbers.
        && !word.bytes().all(|b| b.is_ascii_digit() || b == b'-')
        // "500m", "512Mi": an amount of CPU or memory.
        && !resource_quantity(word)
        && ResourceName::parse(word).is_ok()
}

/// "2pm", "10am", "11:30pm": a time of day, never an object.
fn clock_time(word: &str) -> bool {
    let digits = word
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b':')
        .count();
    digits > 0 && word.len() <= 8 && matches!(&word[digits..], "am" | "pm")
}

/// "Delete a pod with minimal delay: stuck-pod-4", "… stuck in
/// Terminating: elasticsearch-data-1 in logging", "…: pod foo-worker":
/// the object said right after a colon (its type before it, or none), as
/// the answer to a title — where it stands as the order's own.
pub(super) fn named_after_colon(text: &str, name: &str) -> bool {
    // (Or a dash set apart: "Rollback deployment to previous version -
    // checkout-api in prod broke".)
    [": ", " - "]
        .iter()
        .flat_map(|sep| text.match_indices(sep))
        .any(|(at, sep)| {
            // Only after a title that names no other object: "Delete the
            // failing pods except this one: web-1", "… used by: web-api",
            // "… the pod that replaced this one: web-1", "Drain the node
            // this pod runs on: web-1" say something else of the name.
            let title_only = text[..at].split_whitespace().all(|w| {
                !matches!(
                    w.trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase()
                        .as_str(),
                    "except"
                        | "not"
                        | "but"
                        | "other"
                        | "this"
                        | "that"
                        | "these"
                        | "those"
                        | "by"
                        | "of"
                        | "behind"
                        | "front"
                        | "before"
                        | "after"
                        | "used"
                        | "uses"
                        | "owns"
                        | "owned"
                        | "mounted"
                        | "blocks"
                        | "pointing"
                        | "replaced"
                        | "created"
                        | "failed"
                        | "runs"
                        | "running"
                        | "on"
                        | "from"
                        | "at"
                        | "to"
                        | "for"
                        | "which"
                        | "who"
                        | "whose"
                        | "its"
                        | "their"
                )
            });
            if !title_only {
                return false;
            }
            let mut after = text[at + sep.len()..].split_whitespace().map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            });
            match after.next() {
                Some(w) if w == name => true,
                Some(t) if resource_word(&t).is_some() => after.next().is_some_and(|w| w == name),
                _ => false,
            }
        })
}

/// "DaemonSet-managed pods", "cluster-wide", "namespace-scoped",
/// "istio-based": a word and a participle or suffix joined by a dash
/// describe, they name nothing.
pub(super) fn compound_adjective(word: &str) -> bool {
    // ("multi-container", "single-replica", "long-running": a prefix
    // that only ever describes.)
    word.split_once('-').is_some_and(|(head, tail)| {
        matches!(
            head,
            "multi" | "single" | "non" | "self" | "long" | "short" | "half"
        ) && (resources::lookup(tail).is_some()
            || matches!(
                tail,
                "running"
                    | "lived"
                    | "replica"
                    | "tenant"
                    | "zone"
                    | "threaded"
                    | "container"
                    | "containers"
            ))
    }) || word.rsplit_once('-').is_some_and(|(head, tail)| {
        !head.is_empty()
            && head.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
            && matches!(
                tail,
                "managed"
                    | "owned"
                    | "based"
                    | "backed"
                    | "related"
                    | "level"
                    | "wide"
                    | "scoped"
                    | "specific"
                    | "bound"
                    | "free"
                    | "aware"
                    | "facing"
                    | "driven"
                    | "enabled"
                    | "heavy"
                    | "intensive"
                    | "sensitive"
                    | "critical"
                    | "generated"
                    | "created"
            )
    })
}

/// The workload type a core add-on is deployed as: a change to one is
/// taken to kube-system only when it is that type ("scale coredns to 3"),
/// never for someone's own StatefulSet called etcd.
pub(super) fn system_workload(name: &str) -> Option<&'static str> {
    match name {
        "coredns" | "kube-dns" | "metrics-server" => Some("deployments"),
        "kube-proxy" => Some("daemonsets"),
        _ => node_agent(name).then_some("daemonsets"),
    }
}

/// The agents that run one pod per node, as DaemonSets, under names their
/// charts give them ("fluentd-elasticsearch", "node-exporter",
/// "calico-node"): a rollout of one is the DaemonSet's.
fn node_agent(name: &str) -> bool {
    const AGENTS: &[&str] = &[
        "fluentd",
        "fluent-bit",
        "node-exporter",
        "calico-node",
        "kube-flannel",
        "cilium",
        "aws-node",
        "datadog-agent",
        "filebeat",
        "promtail",
        "nvidia-device-plugin",
        "csi-node",
    ];
    AGENTS
        .iter()
        .any(|a| name == *a || name.strip_prefix(a).is_some_and(|r| r.starts_with('-')))
        || name.ends_with("-node-exporter")
}

/// The names of the control plane and the core add-ons, which live in
/// kube-system: exactly, or as a static pod's `NAME-NODE`.
pub(super) fn system_component(name: &str) -> bool {
    const EXACT: &[&str] = &["coredns", "kube-dns", "kube-proxy", "metrics-server"];
    const STATIC: &[&str] = &[
        "etcd",
        "kube-apiserver",
        "kube-controller-manager",
        "kube-scheduler",
    ];
    // ("etcd-0" is a StatefulSet's pod, a chart's etcd: a node is not
    // named by a number alone.)
    EXACT.contains(&name)
        || STATIC.iter().any(|s| {
            name == *s
                || name.strip_prefix(s).is_some_and(|r| {
                    r.starts_with('-') && !r[1..].bytes().all(|b| b.is_ascii_digit())
                })
        })
}

/// The type a name implies: a kind suffix ("web-svc"), or the shape of a
/// generated pod name (a StatefulSet ordinal "web-2", a ReplicaSet hash
/// "web-7d9f8c6b5-x2k4q").
pub(crate) fn implied_type(name: &str) -> Option<&'static str> {
    if let Some((_, t)) = NAME_SUFFIXES.iter().find(|(s, _)| name.ends_with(s)) {
        return Some(t);
    }
    let parts: Vec<&str> = name.split('-').collect();
    let last = parts.last()?;
    let alnum = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    let digit = |s: &str| s.bytes().any(|b| b.is_ascii_digit());
    // "web-2", "api-7f": a short suffix that starts with a digit.
    let ordinal = parts.len() >= 2
        && (1..=3).contains(&last.len())
        && last.as_bytes()[0].is_ascii_digit()
        && alnum(last);
    // "web-7d9f8c6b5-x2k4q": a template hash and a 5-character suffix
    // (either may be the one with digits; people shorten the hash,
    // "auth-svc-6b8c9-xk2lp").
    let hash = parts.len().checked_sub(2).map_or("", |i| parts[i]);
    let hashed = parts.len() >= 3
        && last.len() == 5
        && alnum(last)
        && (5..=10).contains(&hash.len())
        && alnum(hash)
        && (digit(last) || digit(hash));
    // ("checkout-7c9d-2m4h": shortened further, each part four letters
    // and digits mixed, as no chosen name is.)
    let mixed = |s: &str| digit(s) && s.bytes().any(|b| b.is_ascii_lowercase());
    let hashed = hashed
        || (parts.len() >= 3
            && (4..=5).contains(&last.len())
            && (4..=10).contains(&hash.len())
            && alnum(last)
            && alnum(hash)
            && mixed(last)
            && mixed(hash));
    // ("agent-x7k2l", "fluentd-8q2zk": a DaemonSet's or a Job's pod, its
    // owner's name and five letters and digits mixed.)
    let suffixed = parts.len() == 2
        && last.len() == 5
        && alnum(last)
        && mixed(last)
        && last.bytes().filter(u8::is_ascii_digit).count() <= 3
        && parts[0].len() >= 3;
    (ordinal || hashed || suffixed).then_some("pods")
}

/// The kind whose logs a bare name asks for ("logs of payment-service"):
/// people name the app, whose pods are named from it, so a Deployment —
/// unless the name has the shape kubernetes gives a pod ("web-1",
/// "api-7d4b9c6f5-x2kqp"; a number of two digits or more is part of the
/// app's name, "my-app-53"), says its kind ("ingest-job"), or is a
/// control-plane component or add-on deployed as another kind.
pub(super) fn log_kind(name: &str) -> &'static str {
    if let Some(kind) = system_workload(name) {
        return kind;
    }
    if system_component(name) {
        return "pods";
    }
    let numbered = name
        .rsplit_once('-')
        .is_some_and(|(_, n)| n.len() >= 2 && n.bytes().all(|b| b.is_ascii_digit()));
    match implied_type(name) {
        Some("pods") if !numbered => "pods",
        Some(k @ ("jobs" | "statefulsets" | "daemonsets")) => k,
        _ => "deployments",
    }
}

/// A name-like word: has a digit or a dash, as generated and most chosen
/// names do; plain English words are names only where placed as one.
pub(super) fn looks_like_name(w: &str) -> bool {
    w.contains('-') || w.chars().any(|c| c.is_ascii_digit())
}

/// A word that may be an object's name where it is placed as one: not a
/// stop, verb or prose word, and not a type ("the deployment put on the
/// pods" names no pod "pods"; quoted, any of them may be a name).
pub(super) fn plain_name(w: &str) -> bool {
    is_name_candidate(w) && !NOT_NAMES_SET.contains(&w) && resources::lookup(w).is_none()
}

/// A field of an object's spec as written in YAML ("imagePullPolicy",
/// "allowPrivilegeEscalation"): a lower-case start, a capital inside.
pub(crate) fn camel_field(w: &str) -> bool {
    w.len() > 4
        && w.as_bytes()[0].is_ascii_lowercase()
        && w.bytes().skip(1).any(|b| b.is_ascii_uppercase())
        && w.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// A word of prose rather than a name: one of [`PROSE_SET`], or a past
/// participle ("followed", "paused", "considered") — names end that way
/// rarely, and never in the requests gathered ("seed", "speed" do not
/// count: "-eed" is no participle).
pub(super) fn prose_word(w: &str) -> bool {
    // "force the recreation of the pods": abstract nouns name actions,
    // not objects (a placed one still can: "namespace production").
    // "for maintenance", "check the performance": so do long "-ance"
    // and "-ence" nouns.
    let abstract_noun = ((w.len() >= 8 && (w.ends_with("tion") || w.ends_with("sion")))
        || (w.len() >= 9 && (w.ends_with("ance") || w.ends_with("ence"))))
        && w.bytes().all(|b| b.is_ascii_lowercase());
    abstract_noun || PROSE_SET.contains(w) || past_participle(w)
}

/// The shape of a past participle: "fixed", "deployed" ("-eed" is none:
/// "seed", "speed").
fn past_participle(w: &str) -> bool {
    w.len() >= 5
        && w.ends_with("ed")
        && !w.ends_with("eed")
        // (Daemons named so: "the memcached statefulset".)
        && w != "memcached"
        && w.bytes().all(|b| b.is_ascii_lowercase())
}

/// Containers: "container 'sidecar'", "the ruby container", "init
/// container named x".
pub(super) fn container(words: &mut Words) -> Option<ContainerName> {
    let mut container = None;
    for i in 0..words.len() {
        if words.free(i) != Some("container") || words.is_quoted(i) {
            continue;
        }
        // ("(container name api)", "container name: api": the name said
        // as the field.)
        // ("container name is app", "the container's name is app".)
        let after = if words.get(i + 1) == Some("name")
            && words.get(i + 2) == Some("is")
            && words.free(i + 3).is_some_and(is_name_candidate)
        {
            i + 3
        } else if matches!(words.get(i + 1), Some("named" | "called"))
            || (words.get(i + 1) == Some("name")
                && words.get(i + 2).is_some_and(|n| {
                    // ("container name app": the word for an application
                    // is a container's name too.)
                    (plain_name(n) || n == "app") && resources::lookup(n).is_none()
                }))
        {
            i + 2
        } else {
            i + 1
        };
        // "container images", "container logs", "container runtime":
        // what of the container, not its name.
        let of_container = |n: &str| {
            matches!(
                n,
                "init"
                    | "image"
                    | "images"
                    | "name"
                    | "names"
                    | "log"
                    | "logs"
                    | "status"
                    | "statuses"
                    | "state"
                    | "port"
                    | "ports"
                    | "restart"
                    | "restarts"
                    | "id"
                    | "ids"
                    | "runtime"
                    | "runtimes"
                    | "usage"
                    | "memory"
                    | "cpu"
                    | "limits"
                    | "limit"
                    // "the sidecar-proxy container only".
                    | "only"
                    // "the previous container run", "container instance".
                    | "run"
                    | "instance"
            )
        };
        let ok = |j: usize| {
            words
                .free(j)
                .is_some_and(|n| words.is_quoted(j) || (plain_name(n) && !of_container(n)))
        };
        // Right after "container" any name is the container's, even a
        // word that is never an object's ("container app").
        let named = |j: usize| {
            ok(j)
                || words.free(j).is_some_and(|n| {
                    is_name_candidate(n)
                        && !STOP_SET.contains(&n)
                        && resources::lookup(n).is_none()
                        && !of_container(n)
                })
        };
        // "which user its container runs as", "the container is
        // restarting": a verb after the container, not its name.
        let told = words.get(after).is_some_and(|n| {
            matches!(
                n,
                "runs"
                    | "uses"
                    | "is"
                    | "was"
                    | "has"
                    | "keeps"
                    | "exits"
                    | "exited"
                    | "crashes"
                    | "crashed"
                    | "starts"
                    | "started"
                    | "restarted"
                    | "restarting"
                    | "died"
                    | "dies"
                    | "fails"
                    | "failed"
                    | "listens"
                    | "writes"
                    | "prints"
                    | "needs"
                    | "should"
                    | "can"
                    | "will"
                    | "does"
                    | "did"
                    | "gets"
            )
        });
        // ("a container without a CPU limit", "each container must set
        // …": any container, and what it lacks or must do, no name; "a
        // container named x" still names one.)
        let any_container = after == i + 1
            && i.checked_sub(1)
                .and_then(|d| words.get(d))
                .is_some_and(|d| matches!(d, "a" | "an" | "each" | "every" | "any" | "no"));
        let told = told
            || any_container
            || words
                .get(after)
                .is_some_and(|n| matches!(n, "must" | "may" | "without" | "that" | "which"));
        let at = if named(after) && !told {
            Some(after)
        } else {
            // "the app container": after a determiner, any name too
            // ("the migrate init container" names an init container).
            let init = i
                .checked_sub(1)
                .is_some_and(|j| words.get(j) == Some("init"));
            // ("a specific container", "each sidecar container": which
            // one is not said.)
            let generic = |j: usize| {
                j.checked_sub(1)
                    .and_then(|d| words.get(d))
                    .is_some_and(|d| matches!(d, "a" | "an" | "each" | "every" | "any" | "one"))
            };
            // ("pod web-0 container": the name after a type word is that
            // object's, its container unnamed.)
            // (Only a pod's: "rc's nginx container" names the container.)
            let typed = |j: usize| {
                j.checked_sub(1).and_then(|d| words.get(d)) == Some("pod")
                    && words.get(j).is_some_and(looks_like_name)
            };
            i.checked_sub(if init { 2 } else { 1 }).filter(|&j| {
                (ok(j) && !generic(j) && !typed(j))
                    || (named(j)
                        && matches!(
                            j.checked_sub(1).and_then(|d| words.get(d)),
                            Some("the" | "its" | "their" | "his" | "her")
                        ))
            })
        };
        if let Some(j) = at
            && let Ok(c) = ContainerName::parse(words.get(j).unwrap_or_default())
        {
            for k in i.min(j)..=j.max(i) {
                words.mark(k);
            }
            container = Some(c);
            break;
        }
    }
    container
}

/// "named X", "called X", "with the name X".
pub(super) fn marked_name(words: &mut Words) -> Option<ResourceName> {
    let mut name: Option<ResourceName> = None;
    for i in 0..words.len() {
        let marker = match words.free(i) {
            Some("named" | "called") => !matches!(
                words.get(i.wrapping_sub(1)),
                Some("label" | "labels" | "annotation" | "annotations" | "port")
            ),
            // "with the name X", "with names X and Y", "with the same
            // names X and Y" (the same names for several kinds).
            // ("with specified NAME web": kubectl's reference.)
            // ("Delete the Deployment by name: frontend".)
            Some("name") => matches!(
                words.get(i.wrapping_sub(1)),
                Some("the" | "with" | "whose" | "same" | "specified" | "given" | "by")
            ),
            // Not "save the names to a file", "the names of the pods".
            Some("names") => {
                matches!(words.get(i.wrapping_sub(1)), Some("with" | "same"))
                    && words
                        .get(i + 1)
                        .is_some_and(|w| !STOP_SET.contains(&w) && !FUNCTION_SET.contains(&w))
            }
            _ => false,
        } && !words.is_quoted(i);
        if !marker {
            continue;
        }
        let j = if words.get(i + 1) == Some("is") {
            i + 2
        } else {
            i + 1
        };
        // ("whose name includes `password`": a part of the name, which
        // picks no object.)
        // ("Delete the Deployment by name of deployment frontend": a
        // function word is no name.)
        if let Some(n) = words.free(j)
            && (words.is_quoted(j)
                || (!NS_DETERMINERS.contains(&n)
                    && !FUNCTION_SET.contains(&n)
                    && !matches!(n, "of" | "and" | "or" | "for" | "in" | "to" | "from")))
            && !matches!(
                n,
                "includes"
                    | "include"
                    | "contains"
                    | "contain"
                    | "starts"
                    | "start"
                    | "begins"
                    | "begin"
                    | "ends"
                    | "end"
                    | "matches"
                    | "match"
                    | "has"
            )
            && let Ok(rn) = ResourceName::parse(n)
        {
            words.mark(i);
            words.mark(j);
            name = Some(rn);
            break;
        }
    }
    name
}

/// "named feature flags", "called load testing": the marked name and the
/// plain word after it, ending the clause, are one name said with a space
/// (`feature-flags`). Never a quoted name, a word the rules know, or a
/// name that already has a dash or digit.
pub(super) fn joined_name(words: &mut Words, name: &ResourceName) -> Option<ResourceName> {
    let i = words.position(name.as_str())?;
    let j = i + 1;
    let plain = |w: &str| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_lowercase());
    let w = words.free(j)?;
    // ("the config map called old settings in namespace legacy": the
    // place said after the two words.)
    let ends = words.get(j + 1).is_none_or(|n| {
        FUNCTION_SET.contains(&n)
            || STOP_SET.contains(&n)
            || matches!(n, "with" | "in" | "on" | "from" | "namespace" | "ns" | "-n")
            || n.contains('=')
    });
    if words.is_quoted(i)
        || words.is_quoted(j)
        || !plain(name.as_str())
        || !plain(w)
        || !ends
        || STOP_SET.contains(&w)
        || FUNCTION_SET.contains(&w)
        || NOT_NAMES_SET.contains(&w)
        || crate::words::VERB_WORDS.contains(w)
        || resource_word(w).is_some()
        || prose_word(w)
    {
        return None;
    }
    let joined = ResourceName::parse(&format!("{}-{w}", name.as_str())).ok()?;
    words.mark(j);
    Some(joined)
}

/// "the Order API deployment", "the nightly report cronjob", "user
/// profile svc": two plain words right before the type word, after a
/// determiner or at the start: the name is both, joined with a dash (the
/// word the reading took alone was its last part). `None` where the word
/// before is no part of a name (a determiner, an adjective of state or
/// age, a verb, a type, a number).
pub(super) fn joined_before(
    words: &mut Words,
    name: &ResourceName,
    type_at: Option<usize>,
) -> Option<ResourceName> {
    const DESCRIBING: &[&str] = &[
        "new",
        "old",
        "main",
        "same",
        "current",
        "other",
        "first",
        "second",
        "last",
        "latest",
        "broken",
        "failing",
        "crashing",
        "stuck",
        "bad",
        "whole",
        "only",
        "running",
        "live",
        "primary",
        "default",
        "existing",
        "previous",
        "entire",
        "single",
        "big",
        "small",
        "test",
        "prod",
        "production",
        "staging",
        "dev",
        "canary",
        "legacy",
        "internal",
        "public",
        "each",
        "every",
        "all",
        "any",
        "some",
        "both",
        "few",
        "many",
        "several",
        "specific",
        "given",
        "relevant",
        "problematic",
        "unhealthy",
        "healthy",
        "pending",
        "failed",
        "evicted",
        "completed",
        "dead",
        "zombie",
        "orphaned",
        "unused",
        "idle",
        "busy",
        "hung",
        "slow",
        "flaky",
        "noisy",
        "leaking",
        "restarting",
    ];
    let at = type_at?;
    let plain = |w: &str| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_lowercase());
    // A word that may be a part of a name: no word of grammar, state,
    // type or place.
    let noun = |w: &str| {
        plain(w)
            && !DESCRIBING.contains(&w)
            && !STOP_SET.contains(&w)
            && !FUNCTION_SET.contains(&w)
            && resource_word(w).is_none()
            && !ENVIRONMENTS.contains(&w)
    };
    // Before the name, nor a verb's word or chat's.
    let part = |w: &str| {
        noun(w)
            && !crate::words::VERB_WORDS.contains(w)
            && !crate::words::VERB_SINGLE.contains(w)
            && !crate::words::CHANGE_WORDS.contains(&w)
            && !crate::chat_word(w)
    };
    // ("the nightly report cronjob" read as "nightly": the word between
    // it and the type is the name's last part.)
    // (Never the word for an application: "the nginx app deployment".)
    let app = |w: &str| matches!(w, "app" | "apps" | "application" | "service" | "svc");
    if app(name.as_str()) {
        return None;
    }
    // ("the Cart Service deployment": a name written in capitals as a
    // title, its second word a kind's.)
    if at >= 2
        && words.get(at - 2) == Some(name.as_str())
        && plain(name.as_str())
        && words.titled(at - 2)
        && words.titled(at - 1)
        && matches!(
            words.get(at - 1),
            Some("service" | "api" | "gateway" | "worker")
        )
        && resource_word(words.get(at).unwrap_or_default()).is_some()
    {
        let after = words.get(at - 1).unwrap_or_default();
        let joined = ResourceName::parse(&format!("{}-{after}", name.as_str())).ok()?;
        words.mark(at - 1);
        return Some(joined);
    }
    if at >= 2
        && words.get(at - 2) == Some(name.as_str())
        && plain(name.as_str())
        && words.get(at - 1).is_some_and(|w| !app(w))
        && !words.is_quoted(at - 2)
        && !words.is_quoted(at - 1)
        // (A verb's word between the name and the type is a noun there:
        // "the nightly report cronjob".)
        && let Some(after) = words.get(at - 1).filter(|w| noun(w))
    {
        let joined = ResourceName::parse(&format!("{}-{after}", name.as_str())).ok()?;
        words.mark(at - 1);
        return Some(joined);
    }
    let i = at.checked_sub(1)?;
    if words.get(i) != Some(name.as_str()) || i == 0 {
        return None;
    }
    // ("scale the image proxy deployment to 3": "image" is the name's
    // first word after "the", not a container image said — the change
    // was aimed at a deployment named "proxy".)
    let image_named = i >= 2
        && words.get(i - 1) == Some("image")
        && words.get(i - 2) == Some("the")
        && !words.w.iter().any(|w| w.contains([':', '=']));
    let before = if image_named {
        "image"
    } else {
        words.free(i - 1)?
    };
    let opens = i < 2
        || matches!(
            words.get(i - 2),
            Some(
                "the"
                    | "my"
                    | "our"
                    | "your"
                    | "this"
                    | "that"
                    | "of"
                    | "for"
                    | "describe"
                    | "scale"
                    | "restart"
                    | "delete"
                    | "show"
                    | "get"
                    | "logs"
            )
        );
    if !opens
        || words.is_quoted(i)
        || words.is_quoted(i - 1)
        || !plain(name.as_str())
        || !(image_named || part(before))
    {
        return None;
    }
    let joined = ResourceName::parse(&format!("{before}-{}", name.as_str())).ok()?;
    words.mark(i - 1);
    Some(joined)
}

/// "the config map called old settings in namespace legacy": a name said
/// by "called" or "named", then a plain word of English before the
/// place or the end, which [`joined_name`] does not join. The name may
/// be both words; the reading is not sure of it.
pub(super) fn name_runs_on(words: &Words, name: &ResourceName) -> bool {
    let Some(i) = words.position(name.as_str()) else {
        return false;
    };
    let plain = |w: &str| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_lowercase());
    i > 0
        && matches!(words.get(i - 1), Some("called" | "named"))
        && !words.is_quoted(i)
        && words.free(i + 1).is_some_and(|w| {
            plain(w)
                && !STOP_SET.contains(&w)
                && !FUNCTION_SET.contains(&w)
                && !crate::chat_word(w)
                && resource_word(w).is_none()
        })
        && words
            .get(i + 2)
            .is_none_or(|n| matches!(n, "in" | "on" | "from" | "namespace" | "ns" | "-n"))
}

/// "the `Failed` phase", "in the 'Running' state": a pod's phase
/// quoted, no name; nor a container's reason ("Getting
/// 'ImagePullBackOff' error").
fn quoted_phase(words: &Words, i: usize) -> bool {
    words
        .get(i)
        .is_some_and(|w| crate::words::CONTAINER_REASONS.contains(&w))
        || words.get(i).is_some_and(|w| {
            matches!(
                w,
                "failed" | "pending" | "running" | "succeeded" | "completed" | "unknown"
            )
        }) && (matches!(words.get(i + 1), Some("phase" | "state" | "status"))
            // ("whose status is `Pending`", "in phase `Failed`".)
            || i.checked_sub(1).is_some_and(|b| {
                matches!(words.get(b), Some("phase" | "state" | "status"))
                    || (matches!(words.get(b), Some("is" | "=" | "of"))
                        && b.checked_sub(1).is_some_and(|a| {
                            matches!(words.get(a), Some("phase" | "state" | "status"))
                        }))
            }))
}

/// A kind in the plural as the reading's type words take it
/// ([`resource_word`], memoised): "pods", "deployments".
fn plural_kind(w: &str) -> bool {
    // ("quotas", "pvcs": a short name in the plural too.)
    w.len() > 3
        && w.ends_with('s')
        && resource_word(w).is_some_and(|t| t.as_str() == w || t.as_str().ends_with(w))
        || matches!(w, "pvcs" | "hpas" | "pdbs" | "crds" | "netpols" | "svcs")
}

/// "a missing \"backup-policy\" annotation", "the value of key
/// 'password'": a word said as a label's, an annotation's or a data
/// key, no object's name.
fn key_said(words: &Words, i: usize) -> bool {
    matches!(
        words.get(i + 1),
        Some("label" | "labels" | "annotation" | "annotations" | "key" | "keys" | "taint")
    ) || matches!(words.get(i.wrapping_sub(1)), Some("key" | "keys"))
}

/// "every ClusterRoleBinding that grants `cluster-admin`", "pods in shop
/// whose image starts with nginx", "any that contain a key whose name
/// includes `password`": a word in a relative clause that says which
/// objects of many are meant describes them; it names none of them
/// (unless the clause says it names: "that is named web-1").
pub(super) fn described_value(words: &Words, i: usize) -> bool {
    // (Most requests hold no relative clause: passed over at once.)
    if !(words.may_hold("that") || words.may_hold("which") || words.may_hold("whose")) {
        return false;
    }
    let Some(k) = (i.saturating_sub(10)..i)
        .rev()
        .find(|&k| matches!(words.get(k), Some("that" | "which" | "whose")))
    else {
        return false;
    };
    // ("… a maximum of 6 pods and that transitions when …": a clause
    // joined on, not one that says which.)
    if k.checked_sub(1)
        .is_some_and(|b| matches!(words.get(b), Some("and" | "or" | "but")))
    {
        return false;
    }
    let clause_names = (k + 1..i).any(|m| {
        matches!(words.get(m), Some("named" | "called" | "titled"))
            || (words.get(m) == Some("name")
                && matches!(words.get(m + 1), Some("is" | "equals" | "=")))
    }) || matches!(words.get(i.wrapping_sub(1)), Some("named" | "called"));
    let typed_inside =
        (k + 1..i).any(|m| !words.is_quoted(m) && words.get(m).and_then(resource_word).is_some());
    // The clause is said of many: a quantifier or a type in the plural
    // before it ("every pod that", "pods whose", "any that").
    let of_many = (k.saturating_sub(5)..k).any(|m| {
        matches!(words.get(m), Some("every" | "all" | "any" | "each" | "no"))
            || words.get(m).is_some_and(plural_kind)
    });
    !clause_names && !typed_inside && of_many
}

/// Whether word `i` is quoted, unclaimed and can be a name ("Using
/// `kubectl`, get …" quotes the tool, not a name).
pub(super) fn quoted_name_at(words: &Words, i: usize) -> bool {
    words.is_quoted(i)
        && !quoted_phase(words, i)
        && !quoted_message(words, i)
        && !described_value(words, i)
        && !key_said(words, i)
        && words
            .free(i)
            .is_some_and(|w| w != "kubectl" && !w.contains(' ') && ResourceName::parse(w).is_ok())
}

/// "getting 'forbidden' errors", "a 'timeout' message": a quoted word
/// that is what an error says, never an object's name.
fn quoted_message(words: &Words, i: usize) -> bool {
    words.get(i + 1).is_some_and(|n| {
        matches!(
            n,
            "error"
                | "errors"
                | "message"
                | "messages"
                | "exception"
                | "exceptions"
                | "warning"
                | "warnings"
        )
    })
}

/// A quoted word that can be a name: the one next to the type word, or
/// the first.
fn quoted_name(words: &mut Words, resource_at: Option<usize>) -> Option<ResourceName> {
    let quoted: Vec<usize> = (0..words.len())
        .filter(|&i| quoted_name_at(words, i))
        .collect();
    let pick = resource_at
        .and_then(|at| quoted.iter().find(|&&q| q == at + 1 || q + 1 == at))
        .or(quoted.first())
        .copied();
    if let Some(q) = pick
        && let Ok(n) = ResourceName::parse(words.get(q).unwrap_or_default())
    {
        words.mark(q);
        return Some(n);
    }
    None
}

/// The name: quoted, next to the type word, right after the verb, or a
/// name-like word anywhere. `name_adjacent` says whether it stands where
/// a name does (a change to a name found elsewhere is asked back).
pub(super) fn pick_name(
    words: &mut Words,
    resource_at: Option<usize>,
    verb: Option<Verb>,
    verb_start: Option<usize>,
    verb_end: Option<usize>,
    name_adjacent: &mut bool,
) -> Option<ResourceName> {
    if let Some(n) = quoted_name(words, resource_at) {
        *name_adjacent = true;
        return Some(n);
    }
    let picked = match resource_at {
        Some(at) => {
            let run = beside_type(words, at);
            // (A word that may be the rest of the name makes it a guess,
            // a change asked back: see `rest_of_name_left`.)
            *name_adjacent = run.as_ref().is_some_and(|r| {
                r.last()
                    .is_none_or(|(last, _)| !rest_of_name_left(words, last + 1))
            });
            run
        }
        None => None,
    };
    let picked = match picked {
        Some(run) => Some(run),
        None => anywhere(
            words,
            resource_at,
            verb,
            verb_start,
            verb_end,
            name_adjacent,
        ),
    };
    if let Some(run) = picked {
        let joined = run
            .iter()
            .map(|(_, w)| w.as_str())
            .collect::<Vec<_>>()
            .join("-");
        if let Ok(n) = ResourceName::parse(&joined) {
            for (i, _) in &run {
                words.mark(*i);
            }
            // "restart web prod", "cordon node-1 safely": words joined
            // into one name are a guess at it (a change is asked back) —
            // unless they stand before their type word, as a name does
            // ("the api gateway deployment").
            let before_type = run
                .last()
                .zip(resource_at)
                .is_some_and(|((i, _), at)| *i + 1 == at);
            if run.len() > 1 && !before_type {
                *name_adjacent = false;
            }
            return Some(n);
        }
    }
    None
}

/// "every pod that mounts a hostPath or fails to drop capabilities": a
/// word in the relative clause that says which objects of a type, in a
/// request to look at them, describes them (a type said inside it brings
/// its own name).
fn described_in_relative(words: &Words, i: usize) -> bool {
    words.w.len() > 3
        && (i.saturating_sub(8)..i)
            .rev()
            .find(|&k| matches!(words.get(k), Some("that" | "which")))
            .is_some_and(|k| {
                // ("every pod in ns edge that …": the type, or its place.)
                (k.saturating_sub(4)..k).any(|m| words.get(m).and_then(resource_word).is_some())
                    && (k + 1..i).all(|m| words.get(m).and_then(resource_word).is_none())
            })
        && super::verbs::opens_with_look(
            words.w.iter().map(String::as_str),
            &["report", "identify", "tell"],
        )
}

/// "which Deployments break that rule", "the StorageClasses defined in
/// the cluster": after a kind in the plural, asked about ("which",
/// "what") or followed by where, a plain word is what they do or how
/// they were made, not a name ("get pods nginx" still names one).
fn verb_of_kind(words: &Words, i: usize) -> bool {
    let Some(kind) = i.checked_sub(1).and_then(|k| words.get(k)) else {
        return false;
    };
    let asked = i >= 2 && matches!(words.get(i - 2), Some("which" | "what"));
    let participle = words
        .get(i)
        .is_some_and(|w| w.len() > 4 && w.ends_with("ed"))
        && matches!(
            words.get(i + 1),
            Some(
                "in" | "on"
                    | "by"
                    | "for"
                    | "with"
                    | "across"
                    | "under"
                    | "from"
                    | "there"
                    | "here"
            )
        );
    // (The kind looked up last: most words are neither.)
    (asked || participle) && plural_kind(kind)
}

/// "is blocking startup", "are reporting pressure conditions": the
/// object of a verb in the progressive.
fn object_of_progressive(words: &Words, i: usize) -> bool {
    i >= 2
        && words
            .get(i - 1)
            .is_some_and(|v| v.len() > 4 && v.ends_with("ing"))
        && matches!(words.get(i - 2), Some("is" | "are" | "was" | "were"))
}

/// A free word that can be the name at `i`. A prose word ("a fresh
/// cluster", "the raw resource") is a name only right after the type word
/// ("pod fresh").
pub(super) fn name_word(words: &Words, resource_at: Option<usize>, i: usize) -> Option<String> {
    // (A word already read, or none, is no name: asked first, as most
    // are.)
    words.free(i)?;
    // "readOnlyRootFilesystem: true", "set imagePullPolicy": a field of
    // the spec, written in camelCase; an object's name is lower case.
    // ("… has to set spec.ingressClassName", "status.phase": a field's
    // path.)
    if words.raw(i).is_some_and(|r| {
        camel_field(r)
            || (r.contains('.')
                && (r.split('.').any(camel_field)
                    || ["spec.", "status.", "metadata."].iter().any(|p| {
                        r.len() > p.len()
                            && r.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p))
                    })))
    }) {
        return None;
    }
    // The places where a plain word (lower-case letters, not quoted) is
    // said as what something does or is, never as a name.
    let plain = !words.is_quoted(i)
        && words
            .get(i)
            .is_some_and(|w| w.bytes().all(|b| b.is_ascii_lowercase()));
    if (plain && (described_in_relative(words, i) || object_of_progressive(words, i)))
        || described_value(words, i)
        || (plain && verb_of_kind(words, i))
        || (words.is_quoted(i) && key_said(words, i))
        // "… before lunch", "… until friday": when, not which.
        || (plain
            && i + 1 == words.len()
            && matches!(
                words.get(i.wrapping_sub(1)),
                Some("before" | "until" | "till")
            ))
        // "Triage the KubePodCrashLooping alert", "the checkout-latency
        // dashboard": the name of what tells of the trouble, no object's.
        || matches!(
            words.get(i + 1),
            Some("alert" | "alerts" | "alarm" | "alarms" | "dashboard" | "runbook" | "playbook")
        )
    {
        return None;
    }
    // "any pod that adds a capability": the verb of a relative clause.
    if plain
        && i.checked_sub(1)
            .and_then(|b| words.get(b))
            .is_some_and(|b| matches!(b, "that" | "which" | "who"))
        && words
            .get(i)
            .is_some_and(|w| w.len() > 3 && w.ends_with('s'))
    {
        return None;
    }
    words
        .free(i)
        .filter(|w| {
            (plain_name(w)
                && (!prose_word(w)
                    || (resource_at.is_some_and(|at| i == at + 1)
                        // ("that Secret's metadata and keys": its parts,
                        // even right after the type.)
                        && !matches!(*w, "metadata" | "keys" | "values")))
                // "pods older than 7 days": a comparison, never a name.
                && words.get(i + 1) != Some("than")
                // "so the pods pick up the new config": a verb and its
                // particle.
                && !(matches!(
                    *w,
                    "pick"
                        | "come"
                        | "show"
                        | "catch"
                        | "warm"
                        | "wake"
                        | "boot"
                        | "spin"
                        | "start"
                        // "evicted pods piling up in ns batch".
                        | "pile"
                        | "piling"
                        | "piled"
                        | "stacking"
                        | "building"
                ) && words.get(i + 1) == Some("up"))
                // "the ingress rules for shop", "pod conditions of web":
                // a part of the object, not its name.
                && !(ASPECTS.contains(w)
                    && matches!(words.get(i + 1), None | Some("of" | "for" | "on" | "in")))
                // ("a configmap key is missing", "the secret value": what
                // the object holds, after its kind.)
                && !(matches!(*w, "key" | "keys" | "entry" | "entries" | "value" | "values")
                    && i.checked_sub(1)
                        .and_then(|b| words.get(b))
                        .and_then(resource_word)
                        .is_some_and(|t| matches!(t.as_str(), "configmaps" | "secrets")))
                && !after_modal(words, i)
                // "upgrade fluent-bit daemonset …", "bump checkout to …":
                // the order's own word, first, is no part of a name.
                && !(i == 0 && crate::words::CHANGE_WORDS.contains(w))
                && !(i == 0 && plain && unread_order_word(words))
                && !part_of_a_type(words, i)
                // "a LoadBalancer service": the kind of service.
                && !(SERVICE_KINDS.contains(w)
                    && (matches!(words.get(i + 1), Some("service" | "services" | "svc"))
                        // ("each Service of type LoadBalancer".)
                        || i.checked_sub(1).and_then(|b| words.get(b)) == Some("type")
                        // ("change the service type to NodePort".)
                        || (i >= 2
                            && words.get(i - 1) == Some("to")
                            && words.get(i - 2) == Some("type"))))
                && !SAYS_OF_IT.contains(w)
                // "delete the x pod forcefully": how, not which.
                && !adverb(w)
                // "Back-off restarting failed container", "the on-call
                // engineer": English written with a hyphen, unless right
                // after the type.
                && !(w.contains('-')
                    && resource_at.is_none_or(|at| i != at + 1)
                    && crate::rules::hyphenated_word(w))
                && !inflected_predicate(w)
                && !participle(words, i)
                && !node_role(words, i)
                // "leave the namespace in place": an idiom, no name.
                && !(i > 0 && words.get(i - 1) == Some("in") && super::scope::in_idiom(w))
                // "deploy v1.4.2 of billing": a version, no name ("describe
                // deployment v2" names one: only a dotted version).
                && !(w.contains('.') && crate::rules::version_word(w))
                // "the 3.2 release of checkout is throwing 500s": a
                // version or an HTTP status, unless the type says it is
                // the name.
                && !(resource_at.is_none_or(|at| i != at + 1)
                    && (bare_version(w) || http_statuses(w)))
                // "every Deployment must carry …": a modal after the type
                // is its verb.
                && !matches!(
                    *w,
                    "must" | "should" | "shall" | "will" | "would" | "could" | "might" | "cannot"
                        | "mustn't" | "shouldn't" | "wants" | "needs" | "requires" | "says"
                )
                // "the 2.7 build of cart": what of the object, not its
                // name.
                && !(matches!(
                    *w,
                    "build" | "release" | "version" | "revision" | "rollout" | "update"
                        | "upgrade" | "patch"
                ) && words.get(i + 1) == Some("of")))
                || (words.is_quoted(i) && is_name_candidate(w) && !quoted_phase(words, i))
                // "describe cronjob hello", "a job named hello": the
                // docs' own names, never a greeting after a type.
                // ("pod hey, can you …": only "hello", the docs' name.)
                || (*w == "hello"
                    && !matches!(
                        words.get(i + 1),
                        Some("all" | "team" | "there" | "folks" | "everyone" | "guys")
                    )
                    && (i.checked_sub(1).is_some_and(|p| {
                        resource_at == Some(p)
                            || matches!(words.get(p), Some("named" | "called"))
                    })
                        // ("the hello CronJob".)
                        || (resource_at == Some(i + 1)
                            && i.checked_sub(1).is_some_and(|p| words.get(p) == Some("the")))))
        })
        .map(str::to_owned)
}

/// "3.2", "1.27.4": digits with one or two dots (four parts are an IP
/// address, a node's name).
fn bare_version(w: &str) -> bool {
    let dots = w.bytes().filter(|&b| b == b'.').count();
    (1..=2).contains(&dots)
        && w.starts_with(|c: char| c.is_ascii_digit())
        && w.ends_with(|c: char| c.is_ascii_digit())
        && w.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// "500s", "5xx", "502s", "4xx": HTTP statuses, what a service answers.
/// (Three characters only: `rules::status_codes` also takes "30s", which
/// beside a name is a grace period or a duration, read elsewhere.)
fn http_statuses(w: &str) -> bool {
    let code = w.strip_suffix('s').unwrap_or(w);
    code.len() == 3
        && matches!(code.as_bytes()[0], b'1'..=b'5')
        && (code[1..].bytes().all(|b| b.is_ascii_digit()) || &code[1..] == "xx")
}

/// Kinds of Service, said before the word "service" ("a LoadBalancer
/// service", "all NodePort services"): never a name.
const SERVICE_KINDS: &[&str] = &[
    "loadbalancer",
    "nodeport",
    "clusterip",
    "externalname",
    "headless",
];

/// "check the certificate of the ingress", "the labels on the pod": a
/// word before "of"/"on"/"for" and a type word (with no name after it)
/// names a part of that object, not an object.
fn part_of_a_type(words: &Words, i: usize) -> bool {
    if !matches!(words.get(i + 1), Some("of" | "for" | "on")) {
        return false;
    }
    let mut j = i + 2;
    while matches!(
        words.get(j),
        Some("the" | "this" | "that" | "my" | "our" | "its" | "each" | "every" | "all")
    ) || words.get(j).is_some_and(|w| SERVICE_KINDS.contains(&w))
    {
        j += 1;
    }
    words.get(j).and_then(resource_word).is_some()
        && words
            .get(j + 1)
            .is_none_or(|w| STOP_SET.contains(&w) || resource_word(w).is_some())
}

/// "the worker node", "the master nodes": a node's role before the word
/// "node" says which kind of node, not its name.
fn node_role(words: &Words, i: usize) -> bool {
    matches!(words.get(i + 1), Some("node" | "nodes"))
        && matches!(
            words.get(i),
            Some(
                "worker"
                    | "workers"
                    | "master"
                    | "control-plane"
                    | "controlplane"
                    | "compute"
                    | "infra"
                    | "agent"
                    | "gpu"
                    | "spot"
            )
        )
}

/// Verbs that say something of the object before them ("the api service
/// seems down", "the checkout job fails every night"): never its name,
/// not even right after the type word.
const SAYS_OF_IT: &[&str] = &[
    // "is the backup cronjob suspended?", "is deployment web paused".
    "suspended",
    "paused",
    "seems",
    "seem",
    "looks",
    "appears",
    "keeps",
    "fails",
    "failed",
    "stopped",
    "started",
    "returns",
    "throws",
    "crashes",
    "crashed",
    "hangs",
    "dies",
    "died",
    // What someone or something reports: "user reports that …", "kubectl
    // get pods shows Pending".
    "reports",
    "reported",
    "says",
    "shows",
    "showed",
    "claims",
    "complains",
    "mentions",
    "notices",
    "tells",
];

/// "the service listening at 10.0.0.7", "the deployment serving traffic",
/// "users reporting errors": a participle says what the object (or
/// someone) does, not what it is called; nor does "the pod deployed by
/// the DaemonSet", "the pods created by job x" name a pod "deployed".
fn participle(words: &Words, i: usize) -> bool {
    let Some(w) = words.get(i) else {
        return false;
    };
    if past_participle(w) && !words.is_quoted(i) {
        return matches!(words.get(i + 1), Some("by" | "from" | "via" | "through"));
    }
    // ("which init container is blocking startup", "nodes are
    // reporting pressure": a verb in the progressive, with its object.)
    let progressive = i > 0
        && matches!(
            words.get(i - 1),
            Some("is" | "are" | "was" | "were" | "been" | "keeps" | "keep" | "kept")
        )
        && words.get(i + 1).is_some_and(|n| {
            n.bytes().all(|b| b.is_ascii_lowercase()) && resource_word(n).is_none()
        });
    w.len() > 5
        && w.ends_with("ing")
        && !words.is_quoted(i)
        && (progressive
            || match words.get(i + 1) {
                Some(
                    "at" | "traffic" | "requests" | "connections" | "errors" | "issues"
                    | "problems" | "failures" | "timeouts" | "500s" | "5xx",
                ) => true,
                // "listening on port 80", "connecting to 10.0.0.7" ("scale
                // billing to 3" names billing).
                Some("on" | "to") => words.get(i + 2).is_some_and(|n| {
                    n == "port"
                        || (n.starts_with(|c: char| c.is_ascii_digit()) && n.contains(['.', ':']))
                        || (words.get(i + 1) == Some("on")
                            && n.starts_with(|c: char| c.is_ascii_digit()))
                }),
                // "keep watching the deployments", "policies affecting
                // namespace prod", "Draining Kubernetes Nodes": a verb taking
                // its object, not a name.
                Some(
                    "the" | "a" | "an" | "all" | "every" | "any" | "my" | "your" | "our" | "their"
                    | "its" | "namespace" | "namespaces" | "kubernetes",
                ) => !words.is_quoted(i),
                _ => false,
            })
}

/// "my service cannot reach the db", "why won't web start": the word
/// after a modal or a negation is a verb, not a name.
fn after_modal(words: &Words, i: usize) -> bool {
    const MODAL: &[&str] = &[
        "cannot", "not", "wont", "didn't", "couldn't", "should", "must",
    ];
    // "can't", "won't", "doesn't" arrive normalised ("cannot", "not").
    // ("pods … may lose their data": the verb after any modal.)
    if i.checked_sub(1).is_some_and(|j| {
        words.get(j).is_some_and(|w| {
            MODAL.contains(&w) || matches!(w, "may" | "might" | "could" | "would" | "shall")
        })
    }) {
        return true;
    }
    // "why can't frontend pods connect to api-server", "why can't the web
    // pod reach the db": the question's subject is named before its type,
    // so the word after the type is its verb ("why can't pod web start"
    // names web).
    let Some(t) = i.checked_sub(1) else {
        return false;
    };
    if words.get(t).and_then(resource_word).is_none() {
        return false;
    }
    let Some(m) = (t.saturating_sub(4)..t)
        .rev()
        .find(|&j| words.get(j).is_some_and(|w| MODAL.contains(&w)))
    else {
        return false;
    };
    (m + 1..t).any(|k| {
        words.get(k).is_some_and(|w| {
            !matches!(
                w,
                "the" | "my" | "our" | "a" | "an" | "this" | "that" | "your"
            )
        })
    })
}

/// The name beside the type word at `at`: the word after it, or a run of
/// words right before it ("the api gateway deployment"); "why isn't the
/// cm-test hpa scaling": a name-like word before the type wins over a
/// plain word after it.
fn beside_type(words: &Words, at: usize) -> Option<Vec<(usize, String)>> {
    let near = |i: usize| name_word(words, Some(at), i);
    let mut run = Vec::new();
    let mut j = at;
    while j > 0 {
        j -= 1;
        match near(j) {
            Some(w) => run.insert(0, (j, w)),
            None => break,
        }
    }
    // "a throwaway interactive busybox pod": after "a", words before
    // the type describe the object; joined, they name none.
    // ("view the logs of a multi-container pod": one word too, where it
    // is a compound adjective.)
    if (run.len() >= 2 || (!run.is_empty() && run.iter().all(|(_, w)| compound_adjective(w))))
        && run[0]
            .0
            .checked_sub(1)
            .is_some_and(|k| matches!(words.get(k), Some("a" | "an")))
    {
        return None;
    }
    // "restart the app deployment", "delete the app pod": between "the"
    // and a singular type word, "app" is the object's name (elsewhere it
    // is a word for an application: "my app is crashing", "the nginx
    // app").
    let singular = words
        .get(at)
        .and_then(resources::lookup)
        .is_some_and(|r| words.get(at) == Some(r.singular));
    if run.is_empty()
        && singular
        && at >= 2
        && words.get(at - 2) == Some("the")
        && words.free(at - 1) == Some("app")
        && !words.is_quoted(at - 1)
        && near(at + 1).is_none()
    {
        return Some(vec![(at - 1, "app".to_owned())]);
    }
    // "restart deployment app in prod": right after a singular type word,
    // "app" is the object's name too.
    if run.is_empty()
        && singular
        && words.free(at + 1) == Some("app")
        && !words.is_quoted(at + 1)
        && matches!(
            words.get(at + 2),
            None | Some("in" | "on" | "from" | "to" | "is" | "keeps" | "has" | "and" | "-n" | "ns")
        )
    {
        return Some(vec![(at + 1, "app".to_owned())]);
    }
    match near(at + 1) {
        // "what does the api pod say", "why did the web pod stop": what
        // the object named before its type does.
        Some(w) if predicate(&w) && !run.is_empty() => Some(run),
        // "is the redis service exposing port 6379": what the object named
        // before its type is doing.
        Some(w) if w.len() > 5 && w.ends_with("ing") && !run.is_empty() => Some(run),
        Some(w)
            if !looks_like_name(&w)
                && run.len() == 1
                && run.iter().all(|(_, r)| looks_like_name(r)) =>
        {
            Some(run)
        }
        Some(w) => Some(vec![(at + 1, w)]),
        None if !run.is_empty() => Some(run),
        None => None,
    }
}

/// Where a name stands after the verb ("scale checkout", "bounce the
/// web"), skipping "the" and the direction and count words of a scale
/// ("scale up the web", "increase the replicas of api") and words already
/// read; a type word ends the run (in "drain node for maintenance" what
/// follows is a purpose).
fn after_verb(words: &Words, verb_end: Option<usize>) -> Option<usize> {
    verb_end.map(|e| {
        let mut at = e + 1;
        while matches!(
            words.get(at),
            Some(
                "the"
                    | "up"
                    | "down"
                    | "replicas"
                    | "replica"
                    | "of"
                    | "for"
                    | "my"
                    | "our"
                    | "with"
                    | "is"
                    | "are"
                    | "does"
                    | "did"
                    | "do"
                    | "was"
                    | "last"
                    | "latest"
                    // "undo the current rollout of kuard".
                    | "current"
                    | "ongoing"
                    | "rollout"
                    | "rollouts"
                    | "status"
                    | "lines"
                    | "line"
                    | "logs"
                    | "log"
                    | "from"
            )
        ) || (at < words.len()
            && words.used[at]
            && !words.is_quoted(at)
            // A type word ends the run: in "drain node for
            // maintenance" what follows is a purpose.
            && words.get(at).and_then(resource_word).is_none())
        {
            at += 1;
        }
        at
    })
}

/// A name anywhere: the first free word (a name-like word such as
/// "robusta-runner" wins over plain words not placed as a name) and the
/// words right after it, taken when it stands after the verb or "mark"/
/// "make" ("mark node-1 as unschedulable"), looks made, is the subject of
/// a read ("is ledger rolled out", "what did web print"), or is diagnosed.
fn anywhere(
    words: &Words,
    resource_at: Option<usize>,
    verb: Option<Verb>,
    verb_start: Option<usize>,
    verb_end: Option<usize>,
    name_adjacent: &mut bool,
) -> Option<Vec<(usize, String)>> {
    let mut free: Vec<(usize, String)> = (0..words.len())
        .filter_map(|i| name_word(words, resource_at, i).map(|w| (i, w)))
        .collect();
    if let Some(k) = free.iter().position(|(_, w)| looks_like_name(w))
        && k > 0
        && free
            .first()
            .is_none_or(|(i, _)| verb_end.is_none_or(|e| *i != e + 1))
    {
        free.drain(..k);
    }
    let first = free.first()?;
    let after_mark = first
        .0
        .checked_sub(1)
        .is_some_and(|j| matches!(words.get(j), Some("mark" | "make" | "set")));
    // "take node-7 out of rotation", "put node-3 into maintenance mode":
    // the object stands between the verb and its particle phrase.
    let inside_phrase = verb_start == Some(first.0 + 1)
        && first
            .0
            .checked_sub(1)
            .is_some_and(|j| matches!(words.get(j), Some("take" | "put" | "bring" | "pull")));
    let after_mark = after_mark || inside_phrase;
    let mut run = vec![first.clone()];
    // ("how many restarts has kafka-2 had?", "why did node-3 evict web":
    // after a word shaped as a name, a verb is what it did; "web-api
    // canary" is still one name said in parts.)
    let whole = looks_like_name(&first.1);
    let did = |w: &str| {
        matches!(
            w,
            "had"
                | "has"
                | "have"
                | "is"
                | "was"
                | "were"
                | "are"
                | "did"
                | "does"
                | "do"
                | "evict"
                | "evicted"
                | "restarted"
                | "crashed"
                | "died"
                | "failed"
                | "runs"
                | "ran"
                | "got"
                | "gets"
                | "keeps"
                | "shows"
                | "says"
                | "said"
                | "get"
                | "go"
                | "went"
        )
    };
    // ("which pv is data-postgres-0 bound to", "is prometheus-server-0
    // close to its limit": a made name ending in its number is whole; a
    // plain word after it is what is said of it.)
    let numbered = first.1.contains('-') && first.1.ends_with(|c: char| c.is_ascii_digit());
    for (i, w) in free.iter().skip(1) {
        if numbered && !looks_like_name(w) {
            break;
        }
        // "why did the billing api stop responding": the name ends where
        // what it does begins.
        // ("why isn't the hpa for api-edge scaling out": a gerund with
        // its particle is what it does.)
        let doing = w.len() > 5
            && w.ends_with("ing")
            && matches!(
                words.get(i + 1),
                Some("out" | "up" | "down" | "back" | "properly" | "correctly" | "again")
            );
        let ends = (whole && did(w))
            || doing
            || *i != run.last().map_or(0, |(j, _)| j + 1)
            || predicate(w);
        if !ends {
            run.push((*i, w.clone()));
        } else {
            break;
        }
    }
    let joined_like = run.iter().any(|(_, w)| looks_like_name(w));
    // ("take the dedicated=ml:NoSchedule taint off gpu-node-3": a node
    // verb's object after the particle that says where the taint goes.)
    let node_particle = matches!(verb, Some(Verb::Taint))
        && node_only_name(&first.1)
        && first
            .0
            .checked_sub(1)
            .is_some_and(|j| matches!(words.get(j), Some("off" | "from" | "on" | "onto" | "to")));
    *name_adjacent = after_verb(words, verb_end) == Some(first.0)
        || after_mark
        || node_particle
        || verb.is_none();
    // "HR have asked if you can list their pods": who asks, not what.
    let asker = matches!(
        words.get(first.0 + 1),
        Some("asked" | "requested" | "wants" | "needs" | "said" | "says" | "reported")
    ) || (matches!(words.get(first.0 + 1), Some("have" | "has" | "had"))
        && matches!(
            words.get(first.0 + 2),
            Some("asked" | "requested" | "said" | "reported" | "told" | "noticed")
        ));
    let subject =
        verb.is_some_and(Verb::is_read) && verb_start.is_some_and(|v| first.0 < v) && !asker;
    (*name_adjacent || joined_like || subject || verb == Some(Verb::Diagnose)).then_some(run)
}

/// Parts of an object said after its type ("the deployment status for
/// web", "the ingress rules of shop"): what to read of it, never its name.
pub(super) const ASPECTS: &[&str] = &[
    "status",
    "spec",
    "rules",
    "conditions",
    "selector",
    "annotations",
    "definition",
    "manifest",
    "state",
    // "the new release of orders", "the last rollout of api": which
    // version of the object, said before it.
    "release",
    "rollout",
];

/// What an object does, said after its name at the end of a question
/// ("why did pod web crash", "… terminate", "… restart").
const INTRANSITIVE: &[&str] = &[
    "crash",
    "crashed",
    "terminate",
    "terminated",
    "die",
    "exit",
    "exited",
    "fail",
    "stop",
    "start",
    "restart",
    "restarted",
    "hang",
    "work",
    "run",
    "respond",
    "break",
    "evicted",
    "oom",
    "oomkilled",
];

/// What a subject does, said right after its name in a question or a
/// report ("why did the billing api stop responding", "the checkout
/// service returning 503s", "redis keeps restarting"): base verbs that end
/// a name run, and their inflected forms, which are never a name.
const PREDICATES: &[&str] = &[
    "stop", "start", "keep", "fail", "return", "respond", "work", "crash", "throw", "hang", "die",
    "exit", "refuse", "reject", "timeout", "answer", "seem", "show", "take", "accept", "connect",
    "reach", "pull", "come", "say", "print", "serve", "handle", "route", "point", "receive",
    // "The checkout deployment needs more memory", "… calls payment-api",
    // "… talks to redis", "… depends on db", "… uses redis".
    "need", "call", "talk", "depend", "rely", "use", "read", "hit", "write", "send", "query",
    "fetch", "consume", "publish",
];

/// An inflected form of one of [`PREDICATES`] ("returning", "stops",
/// "responded", "kept", "threw"): a verb in the sentence, never a name
/// (unless quoted).
pub(super) fn inflected_predicate(w: &str) -> bool {
    // ("the hpa scales deployment web": the subject's verb.)
    if crate::words::CHANGES_TOLD.contains(&w) {
        return true;
    }
    if matches!(
        w,
        "kept" | "threw" | "thrown" | "came" | "took" | "shown" | "died" | "dying" | "said"
    ) {
        return true;
    }
    let stems = [
        w.strip_suffix("ing"),
        w.strip_suffix("s"),
        w.strip_suffix("es"),
        w.strip_suffix("ed"),
        w.strip_suffix("d"),
        w.strip_suffix("ping"),
        w.strip_suffix("ped"),
    ];
    stems.into_iter().flatten().any(|s| {
        PREDICATES.contains(&s) || (s.len() > 2 && PREDICATES.contains(&&*format!("{s}e")))
    })
}

/// A manner adverb ([`crate::words::manner`]): it says how the order is
/// carried out.
fn adverb(w: &str) -> bool {
    // ("The Deployment automatically manages a ReplicaSet": an adverb by
    // its ending, as no one names an object.)
    crate::words::manner(w)
        || (w.len() >= 8
            && w.bytes().all(|b| b.is_ascii_lowercase())
            && w.ends_with("ly")
            && !matches!(
                w,
                "assembly" | "butterfly" | "friendly" | "monopoly" | "anomaly"
            ))
}

/// Whether `w` ends a name run: a predicate verb, base or inflected.
fn predicate(w: &str) -> bool {
    PREDICATES.contains(&w) || inflected_predicate(w)
}

/// Whether `op` takes several names, as kubectl does: reads, deletions,
/// labels or annotations of one type ("delete pods foo and bar",
/// "annotate pods nginx1, nginx2"), a scale to one count and a restart.
pub(super) fn takes_several_names(op: &Operation) -> bool {
    // (As the operation takes them; a label or annotation of several
    // types names one object of each.)
    op.takes_several_names()
        && (!matches!(op.verb, Verb::Label | Verb::Annotate) || op.also.is_empty())
}

/// "delete baz and foo": two names, and an operation names one object;
/// taking either alone would drop the other silently.
pub(super) fn several_names(words: &mut Words, op: &mut Operation) -> Result<()> {
    let verb = op.verb;
    if let Some(n) = &op.name
        && let Some(i) = words.position(n.as_str())
    {
        let other = |j: Option<usize>| {
            j.and_then(|j| words.free(j))
                .is_some_and(|w| plain_name(w) && resource_word(w).is_none())
        };
        let joiner = |k: usize| matches!(words.get(k), Some("and" | "or"));
        // A name joined after another ends its phrase: "delete pods foo
        // and bar in prod", never "delete pod web-1, nobody uses it" (the
        // sentence going on about it).
        let member_ends = |k: usize| {
            words.get(k + 1).is_none_or(|w| {
                matches!(
                    w,
                    "and" | "or" | "," | "&" | "in" | "on" | "from" | "too" | "also"
                ) || w.starts_with('-')
                    || w.contains('=')
                    || (STOP_SET.contains(&w) && !predicate(w))
                    || resource_word(w).is_some()
            })
        };
        let before = i >= 2 && joiner(i - 1) && other(Some(i - 2));
        // ("web-1 or web-2": a choice, asked back wherever it ends.)
        let after = joiner(i + 1)
            && other(Some(i + 2))
            && (words.get(i + 1) == Some("or") || member_ends(i + 2));
        // "delete pods foo bar", "get pods web-1 web-2": a second name
        // right after the first — one that looks like a generated name, or
        // the last word (a word in the middle is more often the sentence
        // going on: "pod nginx written in the last hour").
        let next = words.free(i + 1).is_some_and(|w| {
            plain_name(w)
                && !STOP_SET.contains(&w)
                // "why did pod web crash": what it did, not a second pod.
                && !INTRANSITIVE.contains(&w)
                && !crate::words::SYMPTOMS.contains(&w)
                && !FAILING.contains(&w)
                // "show node worker-2 conditions": what of it to read.
                && !ASPECTS.contains(&w)
                // "is cronjob backup-db suspended": how it is, asked.
                && !state_asked_last(words, i + 1)
                // "delete pod x forcefully": how, not a second pod.
                && !adverb(w)
                && !words.is_quoted(i + 1)
                && (i + 2 >= words.len() || w.contains(|c: char| c == '-' || c.is_ascii_digit()))
        }) && other(Some(i + 1));
        let several = before || after || next;
        // Reads, deletions, labels and annotations take several names, as
        // kubectl does ("delete pods foo and bar", "annotate pods nginx1,
        // nginx2"): every name of the run, in order. Anything else is
        // asked back; "or" always is.
        let or = matches!(words.get(i.wrapping_sub(1)), Some("or"))
            || matches!(words.get(i + 1), Some("or"));
        if several && !or && takes_several_names(op) {
            let joins = |k: usize| matches!(words.get(k), Some("and" | "," | "&"));
            // Without "and", only names that look made ("web-1 web-2"):
            // "show its conditions" goes on with a plain word.
            let adjacent = |k: usize| {
                words.free(k).is_some_and(|w| {
                    !STOP_SET.contains(&w)
                        && !words.is_quoted(k)
                        && w.contains(|c: char| c == '-' || c.is_ascii_digit())
                })
            };
            let mut run = vec![i];
            let mut k = i;
            loop {
                match k.checked_sub(1) {
                    Some(j) if joins(j) && j >= 1 && other(Some(j - 1)) => k = j - 1,
                    Some(j) if other(Some(j)) && adjacent(j) => k = j,
                    _ => break,
                }
                run.insert(0, k);
            }
            let mut k = i;
            loop {
                if joins(k + 1) && other(Some(k + 2)) && member_ends(k + 2) {
                    k += 2;
                } else if other(Some(k + 1)) && adjacent(k + 1) {
                    k += 1;
                } else {
                    break;
                }
                run.push(k);
            }
            let names: Vec<ResourceName> = run
                .iter()
                .filter_map(|&j| words.raw(j).and_then(|w| ResourceName::parse(w).ok()))
                .collect();
            let mut unique: Vec<ResourceName> = Vec::new();
            for n in names {
                if !unique.contains(&n) {
                    unique.push(n);
                }
            }
            if unique.len() > 1 && unique.len() <= kubechat_core::operation::MAX_NAMES {
                for &j in &run {
                    words.mark(j);
                }
                let mut all = unique.into_iter();
                op.name = all.next();
                op.also_names = all.collect();
            } else {
                return Err(Error::NotUnderstood {
                    reason: "name one object at a time".into(),
                    suggestions: vec![kubechat_core::kubectl::render(op)],
                });
            }
        } else if several {
            return Err(Error::NotUnderstood {
                reason: format!("name one object at a time to {verb}"),
                suggestions: vec![kubechat_core::kubectl::render(op)],
            });
        }
    }
    Ok(())
}

/// "scale coredns to 2": the cluster's own components live in
/// kube-system on every distribution; a stated namespace still wins.
pub(super) fn system_namespace(op: &mut Operation) -> Result<()> {
    let verb = op.verb;
    if op.namespace.is_none()
        && !op.all_namespaces
        && op.resource.builtin().is_none_or(|b| b.namespaced)
        && op.name.as_ref().is_some_and(|n| {
            system_component(n.as_str())
                && (verb.is_read() || system_workload(n.as_str()) == Some(op.resource.as_str()))
        })
    {
        op.namespace = Some(Namespace::parse("kube-system")?);
    }
    // ("show the logs of argocd-server", "describe cert-manager-webhook":
    // an add-on's parts live in the namespace its install guide names; a
    // look only, so a guess that misses finds nothing and changes nothing.)
    if op.namespace.is_none()
        && !op.all_namespaces
        && verb.is_read()
        && op.resource.builtin().is_none_or(|b| b.namespaced)
        && let Some(place) = op.name.as_ref().and_then(|n| addon_namespace(n.as_str()))
    {
        op.namespace = Some(Namespace::parse(place)?);
    }
    Ok(())
}

/// The namespace the install guides of a few add-ons put their parts in.
fn addon_namespace(name: &str) -> Option<&'static str> {
    const ARGOCD: [&str; 7] = [
        "argocd-server",
        "argocd-repo-server",
        "argocd-application-controller",
        "argocd-applicationset-controller",
        "argocd-dex-server",
        "argocd-redis",
        "argocd-notifications-controller",
    ];
    const CERT_MANAGER: [&str; 3] = [
        "cert-manager",
        "cert-manager-webhook",
        "cert-manager-cainjector",
    ];
    if ARGOCD.contains(&name) {
        Some("argocd")
    } else if CERT_MANAGER.contains(&name) {
        Some("cert-manager")
    } else if name == "ingress-nginx-controller" {
        Some("ingress-nginx")
    } else {
        None
    }
}

/// "Raise the replica count of web to 6", "dial back worker replicas to
/// 3": a plain word that opens a request and is followed by an article,
/// or by "back" and what it acts on, is the order's verb, one the rules
/// do not know — a name never stands before "the" ("web the
/// deployment").
fn unread_order_word(words: &Words) -> bool {
    // ("Symptoms: a pod is …": a plural noun heads a line, no verb.)
    if words
        .get(0)
        .is_some_and(|w| w.ends_with('s') && !w.ends_with("ss"))
    {
        return false;
    }
    match words.get(1) {
        Some("the" | "a" | "an" | "its" | "their" | "our" | "my" | "this" | "these" | "those") => {
            true
        }
        // ("api down since 10am", "web back up": a name, then how it
        // is; only "back" before what it acts on is read so.)
        Some("back") => words.get(2).is_some_and(|n| {
            number(n).is_none()
                && !matches!(n, "to" | "up" | "online" | "again" | "now" | "down" | "in")
        }),
        _ => false,
    }
}

/// "is cronjob backup-db suspended", "is deployment web paused?": the
/// last word of a yes/no question, a participle or a state, says how the
/// object is — no second name.
fn state_asked_last(words: &Words, i: usize) -> bool {
    i + 1 == words.len()
        && matches!(words.get(0), Some("is" | "are" | "was" | "were"))
        && !words.is_quoted(i)
        && words.get(i).is_some_and(|w| {
            (w.len() > 4 && w.ends_with("ed"))
                || matches!(
                    w,
                    "ready"
                        | "healthy"
                        | "alive"
                        | "available"
                        | "idle"
                        | "active"
                        | "inactive"
                        | "empty"
                        | "schedulable"
                        | "unschedulable"
                )
        })
}

/// "delete deployment checkout blue in shop": a plain word at `next`,
/// left after a name said beside its type and before where it is (or the
/// end), may be the rest of the name ("checkout-blue"). Letters only:
/// "web-1 web-2" is a list of names.
fn rest_of_name_left(words: &Words, next: usize) -> bool {
    words.free(next).is_some_and(|w| {
        w.bytes().all(|b| b.is_ascii_lowercase())
            && plain_name(w)
            && !words.is_quoted(next)
            && !STOP_SET.contains(&w)
            && !NOT_NAMES_SET.contains(&w)
            && !adverb(w)
            && !crate::chat_word(w)
            && resource_word(w).is_none()
    }) && matches!(words.get(next + 1), None | Some("in" | "on" | "from" | ","))
}
