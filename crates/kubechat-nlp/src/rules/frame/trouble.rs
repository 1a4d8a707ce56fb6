//! Trouble said as a statement: "Pods remain in Pending status", "HPA
//! not scaling", "PVC stuck in Pending", "worker node remains NotReady
//! after reboot", "Service not exposing pods". Troubleshooting guides,
//! issue titles and people on call write the symptom, not the command;
//! what they want is the diagnosis. Read as a listing, these became "get
//! pods remain" (a pod named after the statement's verb) or, where the
//! statement holds a verb word ("Pods continuously restart", "after
//! reboot"), a change nobody asked for.

use super::*;

/// Words before the subject's type word that leave it the subject ("the
/// created PVC", "all my nodes", "a worker node").
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "my", "our", "your", "their", "its", "some", "all", "several", "many", "few",
    "these", "those", "this", "that", "one", "two", "three", "most", "every", "each", "new",
    "newly", "none", "no", "of", "any", "both",
];

/// What a function of an object is called, said after a negation ("not
/// scaling", "cannot mount", "unable to reach", "fails to start").
const FUNCTIONS: &[&str] = &[
    "work",
    "working",
    "works",
    "update",
    "updating",
    "updated",
    "scale",
    "scaling",
    "scaled",
    "start",
    "starting",
    "started",
    "progress",
    "progressing",
    "receive",
    "receiving",
    "expose",
    "exposing",
    "resolve",
    "resolving",
    "connect",
    "connecting",
    "communicate",
    "communicating",
    "respond",
    "responding",
    "run",
    "running",
    "ready",
    "reach",
    "reaching",
    "reachable",
    "accessible",
    "mount",
    "mounting",
    "pull",
    "pulling",
    "schedule",
    "scheduled",
    "scheduling",
    "bind",
    "binding",
    "bound",
    "create",
    "created",
    "creating",
    "come",
    "coming",
    "load",
    "loading",
    "serve",
    "serving",
    "deploy",
    "deploying",
    "roll",
    "rolling",
    "available",
    "healthy",
    "getting",
    "found",
    "join",
    "joining",
    "attach",
    "attaching",
    "terminate",
    "terminating",
    "delete",
    "deleting",
    "become",
    "becoming",
    "up",
    "route",
    "routing",
    "routed",
    "forward",
    "forwarding",
    "send",
    "sending",
    "handle",
    "handling",
    "listen",
    "listening",
    "accept",
    "accepting",
    "complete",
    "completing",
    "completed",
    "finish",
    "finishing",
    "provision",
    "provisioning",
    "provisioned",
    "assigned",
    "get",
    "pass",
    "passing",
];

/// States that are trouble however they are said after the subject
/// ("CoreDNS service unreachable", "nodes show NotReady").
const BAD_STATES: &[&str] = &[
    "notready",
    "unreachable",
    "unresponsive",
    "down",
    "broken",
    "crashing",
    "crashlooping",
    "failing",
    "unhealthy",
    "degraded",
    "flapping",
    "inaccessible",
    "oomkilled",
    "evicted",
];

/// States that are trouble when the subject is said to be or stay in
/// them ("PVC remains in Pending", "pod is in CrashLoopBackOff"); alone
/// ("pods in CrashLoopBackOff", "pending pods") they filter a listing.
const HELD_STATES: &[&str] = &[
    "pending",
    "unknown",
    "terminating",
    "containercreating",
    "crashloopbackoff",
    "imagepullbackoff",
    "errimagepull",
    "error",
    "errors",
    "failed",
    "restarting",
    "createcontainerconfigerror",
];

/// Verbs that keep or show a state ("remains Pending", "shows NotReady").
const HOLDING: &[&str] = &[
    "is", "are", "was", "were", "remain", "remains", "remained", "stays", "stay", "stayed",
    "still", "show", "shows", "showing", "stuck", "keeps", "keep", "gets", "get", "goes", "went",
    "in",
];

/// Whether the clause is a statement of trouble whose subject is the type
/// word at `at`: nothing but determiners and at most one qualifier or
/// name before it ("the payment service", "CoreDNS service"), and after
/// it a symptom. The symptom's words are claimed, so none is read as the
/// object's name.
pub(super) fn statement(words: &mut Words, at: usize) -> bool {
    // "User reports that some pods …", "a customer says the ingress …":
    // what is reported starts after the report's verb.
    let start = (0..at)
        .rev()
        .find(|&i| words.get(i).is_some_and(|w| REPORTED.contains(&w)))
        .map_or(0, |i| i + 1);
    let qualifiers: Vec<usize> = (start..at)
        .filter(|&i| words.get(i).is_some_and(|w| !DETERMINERS.contains(&w)))
        .collect();
    // "Are all my nodes healthy?", "which pods are stuck", "inspect pod
    // elephant": questions, listings and commands start with their own
    // words, not with the subject.
    // ("Redis sentinel pods restart every 30 min": two words of the
    // app's name, right before the type.)
    let two_named = qualifiers.len() == 2 && qualifiers[0] + 1 == qualifiers[1];
    if (qualifiers.len() > 1 && !two_named)
        || qualifiers.iter().any(|&i| {
            i + 1 != at && !(two_named && i + 2 == at)
                || words.get(i).is_some_and(|w| {
                    QUESTIONS.contains(&w)
                        || VERB_PHRASES.iter().any(|(p, _)| *p == w)
                        || UNREAD_ACTIONS.contains(&w)
                })
        })
    {
        return false;
    }
    // "pods that aren't ready": a relative clause narrows a listing.
    if matches!(
        words.get(at + 1),
        Some("that" | "which" | "who" | "whose" | "with" | "where" | "without")
    ) {
        return false;
    }
    // The symptom's words, quoted ones left out ("the label 'unhealthy'"
    // names a value, not a state).
    let rest: Vec<&str> = (at + 1..words.len())
        .map(|i| {
            if words.is_quoted(i) {
                ""
            } else {
                words.get(i).unwrap_or("")
            }
        })
        .collect();
    let within =
        |i: usize, n: usize, set: &[&str]| rest.iter().skip(i + 1).take(n).any(|w| set.contains(w));
    // "pods stuck in Terminating": a plural said without a verb names
    // the ones to list; "my pod is stuck", "PVC stuck in Pending" report.
    let plural = words.get(at).is_some_and(|w| {
        resources::lookup(w).is_some_and(|b| b.plural == w && b.singular != w)
            || w.strip_suffix('s')
                .is_some_and(|one| resources::lookup(one).is_some())
    });
    let said = rest
        .iter()
        .any(|w| (HOLDING.contains(w) && !matches!(*w, "stuck" | "in")) || MODALS.contains(w));
    // "none of their pods are up": the subject negated.
    let none = (start..at).any(|i| matches!(words.get(i), Some("none" | "no")));
    let trouble = (none && rest.iter().any(|w| FUNCTIONS.contains(w)))
        || rest.iter().enumerate().any(|(i, w)| match *w {
            "stuck" => !plural || said,
            // "pods not running, all namespaces": a plural said without a
            // verb names the ones to list, as "pods stuck in …" does.
            // ("my pods not running after deploy" complains; "deployments
            // not running" are diagnosed.)
            "not"
                if plural
                    && !said
                    && rest.get(i + 1) == Some(&"running")
                    && words.get(at) == Some("pods")
                    && !(start..at).any(|k| matches!(words.get(k), Some("my" | "our"))) =>
            {
                false
            }
            "not" | "cannot" | "unable" | "never" | "fail" | "fails" | "failed" => {
                within(i, 3, FUNCTIONS)
            }
            "continuously" | "constantly" | "repeatedly" | "keeps" | "keep" => {
                rest.iter().skip(i + 1).take(2).any(|w| {
                    ["restart", "crash", "fail", "dying", "die"]
                        .iter()
                        .any(|p| w.starts_with(p))
                })
            }
            // "the api pods restart every few minutes", "pods crash all
            // the time": how often, which only trouble is told with.
            w if ["restart", "crash", "die", "fail"]
                .iter()
                .any(|p| w.starts_with(p))
                && rest.iter().skip(i + 1).take(4).any(|n| {
                    matches!(
                        *n,
                        "every"
                            | "constantly"
                            | "repeatedly"
                            | "randomly"
                            | "frequently"
                            | "often"
                            | "time"
                            | "hourly"
                            | "nightly"
                            | "daily"
                    )
                }) =>
            {
                true
            }
            w if BAD_STATES.contains(&w) => true,
            // "PVC pending", "node unknown": a singular type and its state,
            // said as a title.
            w if HELD_STATES.contains(&w) => {
                (i == 0 && !plural)
                    || rest[..i].iter().any(|h| {
                        HOLDING.contains(h) && *h != "in" && (*h != "stuck" || !plural || said)
                    })
            }
            _ => false,
        });
    if !trouble {
        return false;
    }
    // "pod client cannot resolve DNS", "service web is down", "CoreDNS
    // service (kube-dns) unreachable": the words between the type and the
    // predicate name the object; every word after them is the symptom,
    // never a name ("pods are unable to reach services after kube-aws
    // upgrade").
    let opens = |w: &str| {
        HOLDING.contains(&w)
            || MODALS.contains(&w)
            || [
                "not", "cannot", "unable", "never", "fails", "failed", "keeps",
            ]
            .contains(&w)
            || BAD_STATES.contains(&w)
    };
    let named = match rest.iter().position(|w| opens(w)) {
        Some(1) => !rest[0].is_empty(),
        Some(2) => rest[..2].iter().all(|w| !w.is_empty()),
        _ => false,
    };
    let skip = if named {
        rest.iter().position(|w| opens(w)).unwrap_or(0)
    } else {
        0
    };
    // Who reported it is not the object: "a user that says …".
    for i in 0..start {
        if !words.is_quoted(i) && words.free(i).is_some_and(|w| !looks_like_name(w)) {
            words.mark(i);
        }
    }
    for i in at + 1 + skip..words.len() {
        if !words.is_quoted(i) && words.free(i).is_some() {
            words.mark(i);
        }
    }
    true
}

/// Verbs that report what someone else saw, before what they saw.
const REPORTED: &[&str] = &[
    "that",
    "says",
    "said",
    "reports",
    "reported",
    "report",
    "complains",
    "complained",
    "noticed",
    "notice",
    "notices",
    "sees",
    "saw",
    "seeing",
];

/// Verbs that carry a predicate ("your pods might not be healthy").
const MODALS: &[&str] = &[
    "might", "may", "could", "can", "will", "would", "should", "seem", "seems", "appear",
    "appears", "do", "does", "did", "has", "have", "had", "been", "being",
];

/// Words that open a question or a listing before the type word.
const QUESTIONS: &[&str] = &[
    "which", "what", "how", "are", "is", "do", "does", "why", "where", "when", "who", "any",
    "show", "list", "get", "find", "check", "display", "give", "see", "were", "was",
];

/// Marks "get a call", "got a ticket", "received an alert": how a problem
/// was reported, whose "get" is no request to list anything.
pub(super) fn lead_in(words: &mut Words) {
    for i in 0..words.len().saturating_sub(2) {
        if matches!(
            words.free(i),
            Some("get" | "got" | "getting" | "receive" | "received" | "receiving")
        ) && matches!(words.free(i + 1), Some("a" | "an"))
            && matches!(
                words.free(i + 2),
                Some("call" | "page" | "ticket" | "alert" | "report" | "message" | "complaint")
            )
        {
            for k in i..i + 3 {
                words.mark(k);
            }
        }
    }
}
