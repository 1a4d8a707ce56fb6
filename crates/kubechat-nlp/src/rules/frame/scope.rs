//! Scope: one namespace, every namespace, or the cluster.

use super::*;

/// Words before "namespace" that do not name one ("the namespace",
/// "this namespace").
pub(super) const NS_DETERMINERS: &[&str] = &[
    "the", "this", "that", "current", "same", "my", "your", "our", "a", "each", "every", "its",
    "their", "which", "what", "one", "new", "whole", "entire", "given", "own", "specific",
];

/// Words that cannot be a namespace's name even beside "in namespace"
/// ("in namespace called shop", "in any namespace", "in some other
/// namespace"): the sentence goes on, or says which namespace otherwise.
const GRAMMAR: &[&str] = &[
    "and",
    "or",
    "of",
    "with",
    "to",
    "for",
    "in",
    "on",
    "at",
    "by",
    "from",
    "where",
    "is",
    "are",
    "called",
    "named",
    "it",
    "any",
    "some",
    "other",
    "another",
    "different",
    "all",
    "no",
    "correct",
    "right",
    "wrong",
    "target",
    "relevant",
    "appropriate",
    "proper",
    "respective",
];

/// The namespace word `i` may be: quoted, or a plain word that is not a
/// type, a number or a determiner.
/// Where a namespace is said without a marker (see [`scope`]): a word
/// that names a system namespace ("kube-system", "istio-system"), or the
/// last word (before "please", "now" …) right after a `TYPE/NAME`.
fn bare_place(words: &Words) -> Option<usize> {
    // "pods wide default", "pdb list prod": a terse listing of a kind,
    // then an environment's name — where, as chat says it (a name would
    // follow a kind in the singular: "pod prod-1").
    if (2..=4).contains(&words.len())
        && let Some(last) = words.len().checked_sub(1)
        && !words.is_quoted(last)
        && words
            .get(last)
            .is_some_and(|w| w == "default" || ENVIRONMENTS.contains(&w))
        && (0..last).any(|i| {
            words.get(i).is_some_and(|w| {
                resource_word(w).is_some()
                    && (w.ends_with('s')
                        || matches!(w, "pdb" | "pvc" | "svc" | "po" | "cm" | "hpa"))
            })
        })
        && (0..last).all(|i| {
            words.get(i).is_some_and(|w| {
                resource_word(w).is_some() || matches!(w, "list" | "wide" | "all" | "show")
            })
        })
    {
        return Some(last);
    }
    // (Most requests say neither: passed over in one scan.)
    if !words
        .w
        .iter()
        .any(|w| w.contains('/') || w.ends_with("-system") || w.starts_with("kube-"))
    {
        return None;
    }
    // (Beside a type said: "kube-system is healthy" tells of the place,
    // it asks nothing there.)
    let typed = words.w.iter().any(|w| {
        resource_word(w).is_some() || matches!(w.as_str(), "events" | "event" | "logs" | "log")
    });
    // (Never one spared — "list pods except kube-system" — nor the
    // object's own name after its type: "delete configmap
    // cert-manager-system".)
    let spared = |i: usize| {
        let own = words.get(i).is_some_and(crate::words::kubernetes_namespace);
        i.checked_sub(1)
            .and_then(|j| words.get(j))
            .is_some_and(|p| {
                matches!(
                    p,
                    "except" | "excluding" | "but" | "besides" | "not" | "without"
                ) || (!own && resource_word(p).is_some())
                    || matches!(p, "named" | "called")
            })
    };
    if let Some(at) = (0..words.len()).find(|&i| {
        typed
            && !words.is_quoted(i)
            && !spared(i)
            && words.free(i).is_some_and(crate::words::system_namespace)
            // ("the kube-system pods" is the same place, said before.)
            && i.checked_sub(1).and_then(|j| words.get(j)) != Some("-n")
    }) {
        return Some(at);
    }
    let mut last = words.len().checked_sub(1)?;
    while last > 0
        && matches!(
            words.get(last),
            Some("please" | "pls" | "plz" | "now" | "thanks" | "thx" | "asap")
        )
    {
        last -= 1;
    }
    let before = words.get(last.checked_sub(1)?)?;
    let typed_name = before
        .split_once('/')
        .is_some_and(|(t, n)| !n.is_empty() && resource_word(t).is_some());
    // ("delete pod/web-1 gracefully", "… permanently", "… instead": how
    // or why, never where.)
    let adverb = |w: &str| {
        w.ends_with("ly")
            || crate::words::manner(w)
            || crate::words::KNOWN_SET.contains(w)
            || matches!(
                w,
                "cascade"
                    | "nowait"
                    | "tho"
                    | "though"
                    | "kthx"
                    | "instead"
                    | "yes"
                    | "orphan"
                    | "fast"
                    | "again"
                    | "too"
                    | "anyway"
                    | "already"
                    | "first"
                    | "ok"
                    | "okay"
                    | "later"
                    | "soon"
                    | "today"
                    | "tonight"
                    | "rn"
            )
    };
    // ("print what deployment/x logged": a verb in the past, never where.)
    let past = |w: &str| {
        crate::words::VERB_WORDS.contains(w)
            || matches!(
                w,
                "logged"
                    | "printed"
                    | "wrote"
                    | "emitted"
                    | "returned"
                    | "showed"
                    | "reported"
                    | "threw"
                    | "did"
                    | "does"
                    | "do"
                    | "has"
                    | "had"
                    | "is"
                    | "was"
                    | "said"
                    | "says"
            )
    };
    (typed_name
        && !words.is_quoted(last)
        && words.free(last).is_some_and(|w| !adverb(w) && !past(w)))
    .then_some(last)
}

pub(super) fn ns_candidate(words: &Words, i: usize) -> Option<Namespace> {
    let w = words.free(i)?;
    // "in the usual namespace", "the right ns": which one, not its name.
    if !words.is_quoted(i) && NOT_A_NAMESPACE.contains(&w) {
        return None;
    }
    // Greetings are stop words, and also what people name namespaces
    // ("the hello namespace").
    let stop = STOP_SET.contains(&w) && !matches!(w, "hello" | "hi" | "hey" | "test" | "default");
    if !words.is_quoted(i)
        && (stop
            || NOT_NAMES_SET.contains(&w)
            || NS_DETERMINERS.contains(&w)
            || resource_word(w).is_some()
            || number(w).is_some()
            // "pods in node-3", "evicted pods from worker-12": where the
            // pods run, a name only nodes are given.
            || (i > 0
                && matches!(words.get(i - 1), Some("in" | "from"))
                && (words.has("pods") || words.has("pod"))
                && super::nodes::node_only_name(w)
                && !matches!(words.get(i + 1), Some("namespace" | "ns")))
            // "leave its service in place", "restart them in parallel":
            // an idiom with "in", not a place.
            || (i > 0 && words.get(i - 1) == Some("in") && in_idiom(w))
            // "help in debugging the pods": the work helped with.
            || (i > 0
                && words.get(i - 1) == Some("in")
                && matches!(
                    w,
                    "debugging" | "troubleshooting" | "fixing" | "diagnosing" | "investigating"
                        | "understanding" | "finding" | "figuring"
                ))
            // "restart web in 2h": when, not where.
            || (w.starts_with(|c: char| c.is_ascii_digit())
                && w.parse::<kubechat_core::operation::Since>().is_ok())
            || matches!(
                words.get(i + 1),
                Some("state" | "status" | "phase" | "mode")
            )
            // "delete ns", "describe namespace": the order's verb, first,
            // is no namespace's name.
            || (i == 0 && crate::words::VERB_SINGLE.contains(w)))
    {
        return None;
    }
    Namespace::parse(w).ok()
}

/// Words that make an idiom after "in" ("in place", "in parallel", "in
/// half"), never the place said.
pub(crate) fn in_idiom(w: &str) -> bool {
    matches!(
        w,
        "place"
            | "parallel"
            | "order"
            | "sequence"
            | "turn"
            | "bulk"
            | "full"
            | "half"
            | "batches"
            | "general"
            | "particular"
            | "total"
            | "time"
            | "advance"
            | "future"
            | "progress"
            | "case"
            | "use"
            | "question"
            | "mind"
            | "addition"
            | "short"
            | "detail"
            | "effect"
            | "front"
            | "series"
            | "stages"
            | "production-like"
    )
}

/// Words before "namespace" that say which one without naming it ("the
/// usual namespace", "their namespace"); the chat asks which.
pub(crate) const NOT_A_NAMESPACE: &[&str] = &[
    "usual",
    "right",
    "correct",
    "proper",
    "same",
    "relevant",
    "whatever",
    "whichever",
    "appropriate",
    "affected",
    "their",
    "its",
    "wrong",
    "other",
    "target",
    "given",
    "specified",
    // An order after it: "pvcs in data namespace biggest first".
    "biggest",
    "largest",
    "smallest",
    "newest",
    "oldest",
    "latest",
    "first",
    "last",
];

/// Words said last after "namespace" that tell when, how or how politely
/// ("… namespace now", "… as well"), beyond chat's own words
/// ([`crate::chat_word`]).
const NOT_PLACE_TAIL: &[&str] = &[
    "too", "also", "well", "first", "yes", "please", "soon", "instead", "only", "either", "right",
    "here", "there", "though", "tho",
];

/// Whether `w`, said after "namespace", tells when, how or how politely
/// rather than the namespace's name.
pub(super) fn place_tail(w: &str) -> bool {
    crate::chat_word(w) || NOT_PLACE_TAIL.contains(&w)
}

/// "the kafka pods in streaming", "scale kafka to five in auditing": a
/// word the lexicon keeps as a verb ("streaming logs") ends the request
/// after "in", where nothing else can be meant but the namespace — unless
/// it says a state or a way of reading ("pods in pending", "logs in
/// following"). Dropping it would read the default namespace silently.
fn gerund_namespace(words: &Words, i: usize, last: bool) -> Option<Namespace> {
    let w = words.free(i)?;
    let state = matches!(
        w,
        "running"
            | "pending"
            | "failing"
            | "crashing"
            | "terminating"
            | "waiting"
            | "restarting"
            | "creating"
            | "crashlooping"
            | "evicting"
            | "following"
            | "watching"
            | "tailing"
            | "stopping"
            | "starting"
            | "loading"
            | "scheduling"
            | "rolling"
            | "updating"
            | "deleting"
            | "containercreating"
            | "erroring"
            | "flapping"
            | "misbehaving"
            | "hanging"
            | "everything"
            | "anything"
            | "something"
            | "nothing"
    );
    (last
        && !words.is_quoted(i)
        && w.len() > 5
        // ("delete job x in reports": a plural the lexicon keeps as a
        // verb is a place too; "in progress" is none.)
        && (w.ends_with("ing")
            || (w.ends_with('s')
                && !w.ends_with("ss")
                && !matches!(
                    w,
                    "kubernetes" | "details" | "seconds" | "minutes" | "hours" | "days"
                        | "weeks" | "months" | "years" | "steps" | "terms" | "words"
                        | "parts" | "pieces" | "bytes" | "times" | "ways" | "cases"
                        | "batches" | "stages" | "phases" | "chunks" | "turns"
                )))
        && !w.contains('-')
        && !state
        && NOT_NAMES_SET.contains(&w))
    .then(|| Namespace::parse(w).ok())
    .flatten()
}

/// "cronjobs in the jobs namespace", "services in namespace events": a
/// namespace named like a type, beside the marker at `i` after "in" (or
/// "the"), when another type word says what is asked for.
fn type_named_namespace(words: &Words, i: usize) -> Option<(usize, Namespace)> {
    let placed = |j: usize| {
        matches!(
            words.get(j.wrapping_sub(1)),
            Some("in" | "the" | "from" | "inside")
        )
    };
    let at = if placed(i) && words.free(i + 1).is_some() {
        i + 1
    } else if i > 0 && placed(i - 1) {
        i - 1
    } else {
        return None;
    };
    let w = words.free(at)?;
    let other_type = (0..words.len())
        .any(|k| k != at && k != i && words.free(k).and_then(resource_word).is_some());
    (resource_word(w).is_some() && !words.is_quoted(at) && other_type)
        .then(|| Namespace::parse(w).ok().map(|ns| (at, ns)))
        .flatten()
}

/// The namespace the text names: flags first (whose value must be one),
/// then "namespace X" / "X namespace", then "in X" and a final "from X".
/// "unreachable", "down", "failing": how something is, never a name.
fn state_word(w: &str) -> bool {
    ["able", "ible", "ed", "ing"]
        .iter()
        .any(|e| w.len() > 5 && w.ends_with(e))
        || matches!(
            w,
            "down"
                | "broken"
                | "slow"
                | "dead"
                | "empty"
                | "gone"
                | "missing"
                | "stuck"
                | "offline"
        )
}

pub(crate) fn find_namespace(words: &mut Words, about_logs: bool) -> Result<Option<Namespace>> {
    for i in 0..words.len() {
        if words.is_quoted(i) {
            continue;
        }
        let Some(w) = words.free(i) else {
            continue;
        };
        if let Some(v) = w
            .strip_prefix("--namespace=")
            .or_else(|| w.strip_prefix("namespace="))
        {
            let ns = Namespace::parse(v)?;
            words.mark(i);
            return Ok(Some(ns));
        }
        if matches!(w, "-n" | "--namespace")
            && let Some(n) = words.free(i + 1)
        {
            let ns = Namespace::parse(n)?;
            words.mark(i);
            words.mark(i + 1);
            return Ok(Some(ns));
        }
    }
    // "in the namespace called shared", "the namespace named payments":
    // the namespace's own name (read by "called", it was the object's:
    // "delete the pod web-1 in the namespace called shared" deleted pod
    // shared).
    for i in 0..words.len() {
        // (Only said as a place: "in the namespace called X". "create a
        // namespace called load testing" makes it, and "a pod in the
        // finance namespace named temp-bus" names the pod.)
        // ("list pods in a namespace called x", "Your cluster has a
        // namespace called legacy-apps that contains a Deployment named
        // old-portal": a place holding what is asked about.)
        let as_place = match i.checked_sub(1).and_then(|p| words.get(p)) {
            Some("in" | "from" | "into" | "within" | "inside") => true,
            Some("the" | "a" | "an" | "our" | "my" | "your") => {
                matches!(
                    i.checked_sub(2).and_then(|p| words.get(p)),
                    Some("in" | "from" | "into" | "within" | "inside")
                ) || (matches!(words.get(i + 1), Some("named" | "called"))
                    && matches!(words.get(i + 3), Some("that" | "which"))
                    && matches!(
                        words.get(i + 4),
                        Some("contains" | "holds" | "runs" | "has")
                    ))
            }
            _ => false,
        };
        // ("in the namespace that is called 'prod-eu-west'", "… which
        // is named x".)
        let skip = if matches!(words.get(i + 1), Some("that" | "which"))
            && words.get(i + 2) == Some("is")
        {
            2
        } else {
            0
        };
        if !words.is_quoted(i)
            && as_place
            && matches!(words.free(i), Some("namespace" | "ns"))
            && matches!(words.free(i + 1 + skip), Some("named" | "called"))
            && let Some(ns) = words
                .free(i + 2 + skip)
                .and_then(|n| Namespace::parse(n).ok())
        {
            for k in i..=i + 2 + skip {
                words.mark(k);
            }
            return Ok(Some(ns));
        }
    }
    for i in 0..words.len() {
        if words.is_quoted(i) || !matches!(words.free(i), Some("namespace" | "ns")) {
            continue;
        }
        // "in namespace memory", "in the memory namespace": beside the
        // marker after "in" stands its name, even a word that elsewhere
        // is no name.
        let placed = |k: usize| {
            matches!(words.get(k), Some("in" | "from" | "inside"))
                || (words.get(k) == Some("the")
                    && matches!(words.get(k.wrapping_sub(1)), Some("in" | "from" | "inside")))
        };
        let named_anyway = |j: usize, placed: bool| {
            words
                .free(j)
                .filter(|w| {
                    placed
                        // ("in the namespace untouched": the namespace
                        // known, then how it is.)
                        && !(j == i + 1
                            && words.get(i.wrapping_sub(1)) == Some("the")
                            && (w.ends_with("ed") || matches!(*w, "intact" | "alone")))
                        && (NOT_NAMES_SET.contains(w) || STOP_SET.contains(w))
                        && !GRAMMAR.contains(w)
                        // ("in the namespace asap", "in namespace as
                        // well": when or how, no name.)
                        && !place_tail(w)
                        && !matches!(
                            *w,
                            "as" | "so" | "if" | "or" | "by" | "at" | "to" | "no" | "up" | "it"
                                | "is" | "be" | "do"
                        )
                        && !NS_DETERMINERS.contains(w)
                        && resource_word(w).is_none()
                })
                .and_then(|w| Namespace::parse(w).ok())
        };
        // "logs of notif-worker in ns jobs": right after "in namespace",
        // even a type word is the namespace's name.
        let typed_anyway = |j: usize| {
            words
                .free(j)
                .filter(|w| {
                    // "… pod worker-7d8c9-abc12 ns jobs": last, after the
                    // type asked about was said.
                    let last_after_type = j + 1 == words.len()
                        && (0..i).any(|k| words.get(k).and_then(resource_word).is_some());
                    (matches!(words.get(i.wrapping_sub(1)), Some("in" | "from" | "inside"))
                        || last_after_type)
                        && resource_word(w).is_some()
                        && words.get(j + 1).is_none_or(|n| resource_word(n).is_none())
                })
                .and_then(|w| Namespace::parse(w).ok())
        };
        // "delete svc web namespace streaming": last in the line, the
        // word after the marker can be nothing but its name.
        // ("delete web-1 ns streaming": unread, "web-1 ns" was the
        // namespace web-1, to delete. A word that says when or how,
        // "namespace please", "… as well", is no name; "in the kube-system
        // namespace sorted …" has its name before.)
        let ends = i + 2 == words.len()
            && !placed(i.wrapping_sub(2))
            && words.get(i.wrapping_sub(1)) != Some("the")
            && words
                .get(i + 1)
                .is_some_and(|w| !STOP_SET.contains(w) && !w.ends_with("ed") && !place_tail(w));
        // "in that namespace ordered by …": the namespace pointed at is
        // another sentence's; the word after it is no name.
        let pointed = matches!(words.get(i.wrapping_sub(1)), Some("that" | "this" | "same"))
            && !words.is_quoted(i + 1);
        let after = ns_candidate(words, i + 1)
            .or_else(|| named_anyway(i + 1, placed(i.wrapping_sub(1)) || ends))
            .or_else(|| typed_anyway(i + 1))
            .filter(|_| !pointed)
            .map(|n| (i + 1, n));
        let before = i.checked_sub(1).and_then(|j| {
            ns_candidate(words, j)
                .or_else(|| named_anyway(j, placed(j.wrapping_sub(1))))
                .map(|n| (j, n))
        });
        let pick = match (&after, &before) {
            (Some(a), _) if words.is_quoted(a.0) => after,
            // (`logs for "redis-0" ns cache`: a quoted name before, and
            // a name after, is the object's; the one after is the place.)
            (_, Some(b))
                if words.is_quoted(b.0)
                    && (after.is_none()
                        || matches!(
                            words.get(b.0.wrapping_sub(1)),
                            Some("the" | "in" | "from" | "inside")
                        )) =>
            {
                before
            }
            // "the payments namespace": the word before, when the one
            // after is not clearly the name.
            // ("nginx svc in web namespace unreachable": "in X namespace"
            // says it whole; what follows tells how things are.)
            // ("scale checkout to 6 in shop ns, traffic spike", "… in
            // marketing ns ty": "in X ns" is the place, whatever follows.)
            (Some(a), Some(b))
                if words.get(i.wrapping_sub(2)) == Some("the")
                    || (placed(b.0.wrapping_sub(1))
                        && (state_word(words.get(a.0).unwrap_or_default())
                            // (A plain word after it: "in api-service
                            // namespace app-108" still names app-108.)
                            || (!words.is_quoted(a.0)
                                && words
                                    .get(a.0)
                                    .is_some_and(|w| w.bytes().all(|c| c.is_ascii_lowercase()))))) =>
            {
                before
            }
            (Some(_), _) => after,
            _ => before,
        };
        if let Some((j, ns)) = pick.or_else(|| type_named_namespace(words, i)) {
            words.mark(i);
            words.mark(j);
            return Ok(Some(ns));
        }
    }
    for i in 0..words.len() {
        if words.is_quoted(i) {
            continue;
        }
        // ("from prod now", "from prod please": what follows the place
        // says when or how politely, so it still ends the request.)
        let last = i + 2 == words.len()
            || (i + 2..words.len()).all(|k| {
                matches!(
                    words.get(k),
                    Some("now" | "please" | "pls" | "asap" | "immediately" | "thanks" | "today")
                )
            });
        // Only a place word starts a namespace (asked first: the checks
        // below look words up).
        let ok = match words.free(i) {
            Some("in" | "inside" | "within") => true,
            // ("The web deployment reads from db": where it reads, after
            // its verb, is no namespace.)
            Some("from") => {
                last && !about_logs
                    && !i
                        .checked_sub(1)
                        .and_then(|p| words.get(p))
                        .is_some_and(super::names::inflected_predicate)
            }
            _ => false,
        };
        if !ok {
            continue;
        }
        // "the ruby container in web-1", "init container init-db in
        // myapp-pod": the pod, not a namespace; "errors in my-app logs":
        // the object whose logs they are.
        // (With a name-like word before "container", that is the pod, and
        // "in X" is its namespace: "logs of api-0 for container sidecar in
        // payments".)
        let pod_named_before = |c: usize| (0..c).any(|k| words.get(k).is_some_and(looks_like_name));
        // "in order of age", "in order by name": an order, no namespace.
        if words.get(i + 1) == Some("order")
            && matches!(words.get(i + 2), None | Some("by" | "of" | "to" | "from"))
        {
            continue;
        }
        // "in ps output format", "in plain format": how to show it (ps
        // is kubectl's default table), no namespace.
        if matches!(words.get(i + 2), Some("output" | "format"))
            || (words.get(i + 1) == Some("ps") && words.get(i + 2).is_none())
        {
            // The default table said by name is nothing to claim
            // elsewhere; "yaml", "json", "wide" are left for the output.
            if matches!(
                words.free(i + 1),
                Some(
                    "ps" | "plain"
                        | "plain-text"
                        | "text"
                        | "table"
                        | "tabular"
                        | "default"
                        | "human-readable"
                        | "normal"
                        | "standard"
                )
            ) {
                words.mark(i);
                words.mark(i + 1);
                for k in [i + 2, i + 3] {
                    if matches!(words.get(k), Some("output" | "format")) {
                        words.mark(k);
                    }
                }
            }
            continue;
        }
        // ("pin frontend (container 'frontend') in prod": an
        // environment's name is the place, never the pod.)
        let environment = words.get(i + 1).is_some_and(|w| ENVIRONMENTS.contains(&w));
        if (i > 0 && words.get(i - 1) == Some("container") && !environment)
            || (i > 1
                && words.get(i - 2) == Some("container")
                && !pod_named_before(i - 2)
                && !environment)
            || matches!(words.get(i + 2), Some("logs" | "log"))
            // "errors in frontend pods": the word names the pods; an
            // environment there ("in prod pods") is read below.
            // (A comma kept between, "in staging, pvc data-0", ends the
            // place: the tokens keep it there.)
            || words
                .get(i + 2)
                .is_some_and(|t| t.ends_with('s') && resource_word(t).is_some())
            // "pods in web deployment", "the OOMKill issue in demo-app
            // deployment": the word names the object, not a namespace.
            || words.get(i + 2).is_some_and(|t| {
                resource_word(t).is_some_and(|r| r.as_str() != "namespaces")
                    && !words.is_quoted(i + 1)
            })
        {
            continue;
        }
        // ("label statefulset kafka in streaming with backup=daily": the
        // place, then what to set.)
        let before_pair =
            words.get(i + 2) == Some("with") && words.raw(i + 3).is_some_and(|r| r.contains('='));
        // ("scale consumer in streaming from 8 to 4": the place, then
        // the counts.)
        // ("The deployment consumer in streaming can't keep up": the
        // place, then what happens there — a gerund that is a verb takes
        // an object instead.)
        let before_count = words.get(i + 2).is_some_and(|n| {
            number(n).is_some()
                || matches!(
                    n,
                    "is" | "was"
                        | "are"
                        | "were"
                        | "has"
                        | "had"
                        | "keeps"
                        | "kept"
                        | "can't"
                        | "cannot"
                        | "can"
                        | "won't"
                        | "isn't"
                        | "doesn't"
                        | "didn't"
                        | "wasn't"
                        | "seems"
                        | "looks"
                        | "and"
                        | "but"
                        | "because"
                        | "since"
                        // (A comma kept after the place: see tokens.)
                        | ","
                        // ("why is the kafka statefulset in streaming
                        // failing", "… in streaming create its replica":
                        // how it is, or what it fails to do.)
                        | "failing"
                        | "failed"
                        | "crashing"
                        | "crashlooping"
                        | "restarting"
                        | "hanging"
                        | "erroring"
                        | "stuck"
                        | "down"
                        | "broken"
                        | "unhealthy"
                        | "not"
                        | "never"
                        | "still"
                        | "create"
                        | "scale"
                        | "start"
                        | "become"
                )
        }) || (matches!(words.get(i + 2), Some("from" | "to"))
            && words.get(i + 3).is_some_and(|n| number(n).is_some()));
        if let Some(ns) = ns_candidate(words, i + 1)
            .or_else(|| gerund_namespace(words, i + 1, last || before_pair || before_count))
        {
            words.mark(i);
            words.mark(i + 1);
            return Ok(Some(ns));
        }
    }
    // "my production pods", "the staging deployments": an environment
    // said before a plural type is where they run, not one object's name
    // (a name before a plural would drop the others silently). For reads
    // only: "delete all test pods" is never widened to a namespace.
    let changing = || {
        VERB_PHRASES
            .iter()
            .any(|(p, v)| !v.is_read() && !p.contains(' ') && words.has(p))
    };
    for i in 0..words.len() {
        if let Some(w) = words.free(i)
            && !words.is_quoted(i)
            && (ENVIRONMENTS.contains(&w) || crate::words::kubernetes_namespace(w))
            && let Some(next) = words.get(i + 1)
            && next.ends_with('s')
            && resource_word(next).is_some()
            && let Ok(ns) = Namespace::parse(w)
        {
            // A change is asked back: neither the namespace's objects nor
            // one named like the environment is surely meant.
            if changing() {
                return Err(Error::NotUnderstood {
                    reason: format!(
                        "\"{w} {next}\" may mean the {next} in namespace {w} or ones named {w}; name them, or say \"in namespace {w}\" with a selector"
                    ),
                    suggestions: vec![format!("get {next} -n {w}")],
                });
            }
            words.mark(i);
            return Ok(Some(ns));
        }
    }
    Ok(None)
}

/// Names people give the namespaces of an environment.
pub(crate) const ENVIRONMENTS: &[&str] = &[
    "production",
    "prod",
    "staging",
    "stage",
    "dev",
    "development",
    "test",
    "testing",
    "qa",
    "uat",
    "preprod",
    "sandbox",
];

/// "in the cluster": every namespace, for a list.
pub(super) const CLUSTER_SCOPE: &[&str] = &[
    "in the kubernetes cluster",
    "in my kubernetes cluster",
    "in the k8s cluster",
    "in the entire cluster",
    "in the cluster",
    "in a cluster",
    "in my cluster",
    "in our cluster",
    "of the cluster",
    "on the cluster",
    "from the cluster",
    "in your cluster",
    "from your cluster",
    "from my cluster",
    "on my cluster",
    "in cluster",
];

/// "recent cluster events", "all cluster pods": "cluster" said of a
/// namespaced type's objects, claimed.
fn cluster_kind(words: &mut Words) -> bool {
    let Some(i) = (0..words.len()).find(|&i| {
        words.free(i) == Some("cluster")
            && matches!(
                words.get(i + 1),
                Some("events" | "event" | "pods" | "workloads" | "deployments" | "services")
            )
    }) else {
        return false;
    };
    words.mark(i);
    true
}

/// Where a request looks: every namespace, the cluster, or one namespace.
pub(super) struct Scope {
    pub all_namespaces: bool,
    /// "cluster-wide", "across the cluster".
    pub cluster_scope: bool,
    pub namespace: Option<Namespace>,
    /// The namespace came from a marker ("in shop", "namespace shop").
    pub from_marker: bool,
    /// "… except kube-system": the one namespace left out of all.
    pub excluded: Option<Namespace>,
}

/// Scope: all namespaces, the cluster, or one namespace — unless the
/// namespaces are what is asked for ("list all namespaces": no other
/// type, nothing wrong asked about).
pub(super) fn scope(words: &mut Words, about_logs: bool) -> Result<Scope> {
    // "all pods except kube-system", "show all pods excluding the
    // kube-system namespace": every namespace but one (read as the place,
    // it answered the very namespace left out).
    if let Some(excluded) = namespace_excluded(words) {
        return Ok(Scope {
            all_namespaces: true,
            cluster_scope: false,
            namespace: None,
            from_marker: false,
            excluded: Some(excluded),
        });
    }
    // ("List every namespace in the cluster": the namespaces are what
    // is listed, said in the singular after "every".)
    let every_namespace_listed = || {
        (2..words.len()).any(|i| {
            words.get(i) == Some("namespace")
                && matches!(words.get(i - 1), Some("every" | "each"))
                && matches!(
                    words.get(i - 2),
                    Some("list" | "show" | "get" | "display" | "enumerate" | "print" | "me")
                )
        })
    };
    let namespaces_listed = (words.has("namespaces")
        || words.has("ns")
        || every_namespace_listed())
        && !words
            .w
            .iter()
            .any(|w| looks_like_name(w) && w != "kube-system")
        && !words.w.iter().any(|w| {
            !matches!(w.as_str(), "namespaces" | "namespace" | "ns") && resource_word(w).is_some()
        })
        && ![
            "everything",
            "anything",
            "resources",
            "objects",
            "wrong",
            "failing",
            "crashing",
            "broken",
            "events",
            "event",
            "images",
            "image",
            "logs",
            "log",
            "ips",
            "restarts",
            "cpu",
            "memory",
            "usage",
        ]
        .iter()
        .any(|w| words.has(w));
    static ALL_SPLIT: std::sync::LazyLock<Vec<Phrase>> =
        std::sync::LazyLock::new(|| crate::rules::tokens::phrases(ALL_NAMESPACES));
    static CLUSTER_SPLIT: std::sync::LazyLock<Vec<Phrase>> =
        std::sync::LazyLock::new(|| crate::rules::tokens::phrases(CLUSTER_SCOPE));
    let all_namespaces = !namespaces_listed
        && (ALL_SPLIT.iter().any(|p| words.take_split(p).is_some())
            || words.take_phrase("-a").is_some());
    let cluster_scope =
        CLUSTER_SPLIT.iter().any(|p| words.take_split(p).is_some()) || cluster_kind(words);
    let mut namespace = find_namespace(words, about_logs)?;
    // "pods in namespace a in namespace b": two places said for one
    // request; taking either drops the other silently.
    // Only a second marker counts ("in api-server app-107 namespace" says
    // one, after the object's name).
    if let Some(first) = namespace.as_ref()
        && let Some(second) = (0..words.len()).find_map(|i| {
            if !matches!(
                words.free(i),
                Some("namespace" | "ns" | "-n" | "--namespace")
            ) {
                return None;
            }
            ns_candidate(words, i + 1)
                .or_else(|| i.checked_sub(1).and_then(|j| ns_candidate(words, j)))
                .filter(|n| n != first)
        })
    {
        return Err(Error::NotUnderstood {
            reason: format!(
                "two namespaces are said, {first} and {second}; a request works in one, say which"
            ),
            suggestions: Vec::new(),
        });
    }
    // "the system pods", "the system namespace": kube-system's, when no
    // other namespace is said.
    if namespace.is_none()
        && !all_namespaces
        && !cluster_scope
        // "all pods including system pods": the system pods are added
        // to others, not the place.
        && !["including", "include", "includes", "except", "excluding", "exclude", "without", "even", "plus", "also", "all", "non-system"]
            .iter()
            .any(|w| words.has(w))
        && let Some(at) = (0..words.len()).find(|&i| {
            words.free(i) == Some("system")
                && matches!(
                    words.get(i + 1),
                    Some("pods" | "pod" | "namespace" | "components" | "daemonsets" | "deployments")
                )
        })
    {
        words.mark(at);
        if words.get(at + 1) == Some("namespace") {
            words.mark(at + 1);
        }
        namespace =
            Some(Namespace::parse("kube-system").map_err(|e| not_understood(e.to_string()))?);
    }
    // "events kube-system sorted by time", "rollout status ds/calico-node
    // kube-system", "restart deploy/web prod": a system namespace said
    // bare, or one word after TYPE/NAME at the end, says where (read as a
    // name, the place would be dropped, and a change made in the
    // default namespace).
    let marker_said = words.has("namespace") || words.has("namespaces") || words.has("ns");
    if namespace.is_none()
        && !all_namespaces
        && !cluster_scope
        && !marker_said
        && let Some(at) = bare_place(words)
    {
        namespace = ns_candidate(words, at);
        if namespace.is_some() {
            words.mark(at);
        }
    }
    // "restart the coredns deploy in kube-system, dns timeouts
    // everywhere": where the trouble is felt, beside the place said.
    let all_namespaces = all_namespaces
        && !(namespace.is_some()
            && (words.position("everywhere").is_some() || words.position("anywhere").is_some())
            && !["all", "every", "across", "each"]
                .iter()
                .any(|w| words.has(w)));
    let namespace_from_marker = namespace.is_some();
    Ok(Scope {
        all_namespaces,
        cluster_scope,
        namespace,
        from_marker: namespace_from_marker,
        excluded: None,
    })
}

/// The one namespace left out of every namespace (see [`scope`]):
/// "except/excluding/besides/but (not) (the) X (namespace)", X a system
/// namespace or said with the word; its words claimed.
fn namespace_excluded(words: &mut Words) -> Option<Namespace> {
    let at = (0..words.len()).find(|&i| {
        matches!(
            words.free(i),
            Some("except" | "excluding" | "besides" | "but" | "exclude")
        )
    })?;
    let mut j = at + 1;
    while matches!(words.get(j), Some("not" | "for" | "the" | "in")) {
        j += 1;
    }
    let said = matches!(words.get(j), Some("namespace" | "ns"));
    let k = if said { j + 1 } else { j };
    let w = words.free(k)?;
    let system = crate::words::system_namespace(w);
    let after = matches!(words.get(k + 1), Some("namespace" | "ns"));
    if !(said || after || system && !words.is_quoted(k)) {
        return None;
    }
    let ns = ns_candidate(words, k)?;
    let end = if after { k + 1 } else { k };
    for i in at..=end {
        words.mark(i);
    }
    Some(ns)
}
