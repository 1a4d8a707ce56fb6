//! The verb: phrases and single words from the lexicons, one-letter typos,
//! and the questions that name a verb without asking for it.

use super::*;

/// Whether `a` and `b` have the same letters (a swap, not a new word).
pub(super) fn same_letters(a: &str, b: &str) -> bool {
    let sorted = |s: &str| {
        let mut v: Vec<char> = s.chars().collect();
        v.sort_unstable();
        v
    };
    sorted(a) == sorted(b)
}

/// Words said before an order that do not change it ("please", "can
/// you", "I want to", "go ahead and"): the order is the first word after
/// them.
pub(super) const ORDER_LEAD: &[&str] = &[
    "please",
    "pls",
    "kindly",
    "hey",
    "can",
    "could",
    "would",
    "will",
    "you",
    "i",
    "we",
    "want",
    "need",
    "to",
    "go",
    "ahead",
    "and",
    "let",
    "us",
    "lets",
    "just",
    "now",
    "manually",
    // "Temporarily disable the cronjob …", "then cordon node-2".
    "u",
    "temporarily",
    "quickly",
    "immediately",
    "urgently",
    "asap",
    "safely",
    "also",
    "then",
    "finally",
];

/// Whether a new object is asked for without the word "create", as an
/// order: "spin up", "set up", "stand up", "provision", "schedule", "make
/// a" said
/// first (or after "please" or "you"), "I/we need a" or "want a", or
/// "new" first — each with a type word, singular, within the next three
/// words and no "of" between ("I need a list of pods" reads; "the new
/// pods" exist). Never in a question ("do we need a service account for
/// ci-bot?") nor told ("we set up a service account last week").
pub(super) fn creation_asked(words: &Words, text: &str) -> bool {
    const QUESTIONS: [&str; 18] = [
        "do", "does", "did", "is", "are", "was", "were", "why", "when", "who", "what", "which",
        "how", "can", "should", "will", "has", "have",
    ];
    // ("new service account ci-bot, is it there?": asked after the
    // object.)
    let asked_after = (1..words.len()).any(|i| {
        matches!(
            words.get(i - 1),
            Some("is" | "are" | "does" | "do" | "did" | "was")
        ) && matches!(
            words.get(i),
            Some("it" | "there" | "they" | "this" | "that")
        )
    });
    // "can you spin up a pod running nginx?", "could u set up …": a
    // request put politely, which orders as "please" does.
    // ("… or should I?" asks whether.)
    let polite = matches!(words.get(0), Some("can" | "could" | "would" | "will"))
        && matches!(words.get(1), Some("you" | "u"))
        && !words.has("or");
    if (!polite
        && (text.trim_end().ends_with('?') || words.get(0).is_some_and(|w| QUESTIONS.contains(&w))))
        || asked_after
    {
        return false;
    }
    let ordered_at = |i: usize| {
        i == 0
            || matches!(
                words.get(i - 1),
                Some("please" | "pls" | "kindly" | "you" | "u")
            )
    };
    let cue_end = |i: usize| -> Option<usize> {
        let w = words.get(i)?;
        let next = words.get(i + 1);
        match w {
            "spin" | "set" | "stand" if next == Some("up") && ordered_at(i) => Some(i + 2),
            "provision" | "schedule" if ordered_at(i) => Some(i + 1),
            // "could u make a configmap called app-env …".
            "make" | "add" if matches!(next, Some("a" | "an" | "new")) && ordered_at(i) => {
                Some(i + 2)
            }
            // ("need a new ns called x": chat leaves out who needs it.)
            "need" | "want"
                if matches!(next, Some("a" | "an"))
                    && (i == 0
                        || (matches!(words.get(i - 1), Some("i" | "we")) && ordered_at(i - 1))) =>
            {
                Some(i + 2)
            }
            // "new namespace 'x' please", "new service account ci-bot in
            // ci": the object and where, and nothing else ("new namespace
            // foo created?", "… is up", "… labels" tell or ask of it).
            "new" if i == 0 && new_object_only(words) => Some(i + 1),
            _ => None,
        }
    };
    (0..words.len()).any(|i| {
        cue_end(i).is_some_and(|start| {
            (start..(start + 3).min(words.len()))
                .take_while(|&k| words.get(k) != Some("of"))
                .any(|k| {
                    // ("namespace" is a scope word, no type word, for
                    // the lexicon.)
                    matches!(words.get(k), Some("namespace" | "ns"))
                        || words
                            .get(k)
                            .and_then(|w| resource_word(w).filter(|t| t.as_str() != w))
                            .is_some()
                })
        })
    })
}

/// "new namespace foo created?", "new namespace foo is up", "… labels":
/// the new object told of or asked about, not asked for.
fn new_object_only(words: &Words) -> bool {
    ![
        "created",
        "ready",
        "exists",
        "exist",
        "is",
        "are",
        "was",
        "were",
        "up",
        "done",
        "status",
        "pending",
        "yesterday",
        "today",
        "right",
        "label",
        "labels",
        "has",
        "have",
        "running",
        "deleted",
        "gone",
        "there",
        "or",
    ]
    .iter()
    .any(|w| words.has(w))
}

/// Where the order starts: the first word that is none of
/// [`ORDER_LEAD`].
pub(super) fn order_start(words: &Words) -> Option<usize> {
    (0..words.len()).find(|&i| words.get(i).is_some_and(|w| !ORDER_LEAD.contains(&w)))
}

/// Verbs that only say "look": they read, and a single named object is
/// described.
pub(super) const LOOKING: &[&str] = &["inspect", "check", "examine", "look at", "review"];

/// The verb said, where it stands, and how it was read.
pub(super) struct VerbSlot {
    pub verb: Option<Verb>,
    /// The first and last word of the verb phrase.
    pub start: Option<usize>,
    pub end: Option<usize>,
    /// Read from a word one typo away.
    pub typo: bool,
    /// "inspect", "check": a look at one named object describes it.
    pub looking: bool,
    /// A generic "show"/"get", which more specific words override.
    pub generic: bool,
    /// "what can I do in shop?": every right the person has there.
    pub listing_rights: bool,
    /// "can I delete pods?", "can I exec into pods?": the right asked
    /// about.
    pub can_i_action: Option<super::rights::Right>,
    /// "can the serviceaccount ci-bot list secrets?": whose right it
    /// is, when not the asker's.
    pub can_i_subject: Option<super::rights::Subject>,
    /// "show revision 3 of web": the revision asked for.
    pub history_revision: Option<u64>,
    /// "wait for the web rollout": the seconds to wait for it to finish.
    pub rollout_wait: Option<u64>,
    /// "with the label 'unhealthy' and the value 'true'": what to set.
    pub setting: Option<(String, String)>,
    /// "remove the label tier": the keys removed.
    pub removal: Option<Vec<String>>,
    /// "remove the labels from pod web": labels or annotations removed
    /// with no key said — asked back, never a deletion of the object.
    pub removal_unkeyed: bool,
    /// The diagnosis comes from a statement of trouble ("HPA not
    /// scaling"), not a verb: in a text of several sentences, a command
    /// said in another outranks it.
    pub stated: bool,
}

/// A verb phrase found in the words.
pub(super) struct PhraseVerb {
    pub verb: Verb,
    pub start: usize,
    pub end: usize,
    pub looking: bool,
}

/// The verb: what the person asks to be done, claimed from `words`, with
/// the questions that name a verb without asking for it (their rights,
/// a rollout's progress) read first.
/// "what is a daemonset?", "what's an ingress", "what does a replicaset
/// do", "what are statefulsets used for": what a kind of object is, which
/// `kubectl explain` answers; the whole request asks it, so "what is a pod
/// doing in prod" or "what is the deployment web" stay reads. Returns the
/// last word of the question before the type.
fn kind_asked(words: &Words) -> Option<usize> {
    let w = |i: usize| words.free(i);
    // "What does the maxUnavailable field of a PodDisruptionBudget
    // mean?", "explain the restartPolicy field of a pod": a field of a
    // kind, which its explanation holds.
    if let Some(f) = (1..words.len()).find(|&i| {
        w(i) == Some("field")
            && matches!(w(i + 1), Some("of" | "on" | "in" | "for"))
            && matches!(w(i + 2), Some("a" | "an" | "the"))
            && w(i + 3)
                .and_then(resource_word)
                .is_some_and(|t| t.builtin().is_some())
    }) && matches!(
        w(0),
        Some("what" | "what's" | "whats" | "explain" | "describe")
    ) {
        return Some(f + 2);
    }
    let (mut at, doing) = match (w(0), w(1)) {
        (Some("what"), Some("is" | "are")) => (2, false),
        (Some("what's" | "whats"), _) => (1, false),
        (Some("what"), Some("does" | "do")) => (2, true),
        _ => return None,
    };
    let one = matches!(w(at), Some("a" | "an"));
    if one {
        at += 1;
    }
    let ty = resource_word(w(at)?)?;
    ty.builtin()?;
    // What may follow the type: where it lives, and what it is for.
    const AFTER: &[&str] = &[
        "in",
        "kubernetes",
        "k8s",
        "do",
        "used",
        "for",
        "exactly",
        "actually",
        "resource",
        "object",
    ];
    let rest: Vec<&str> = (at + 1..words.len()).filter_map(|i| words.get(i)).collect();
    if !rest.iter().all(|r| AFTER.contains(r)) {
        return None;
    }
    let used_for = rest.windows(2).any(|p| p == ["used", "for"]);
    // "what are daemonsets" lists them; "what are daemonsets used for"
    // and "what does a daemonset do" ask what they are.
    let asks_kind = if doing {
        rest.last() == Some(&"do")
    } else {
        one || used_for
    };
    asks_kind.then_some(at - 1)
}

/// "Configure it to scale between 3 and 12 replicas, targeting 70%
/// CPU": a range of replicas with a CPU target is an autoscaler's. Where
/// "scale" stands.
pub(super) fn scaled_between(words: &Words) -> Option<usize> {
    if !words.has("cpu") {
        return None;
    }
    (0..words.len()).find(|&i| {
        words.get(i) == Some("scale")
            && words.get(i + 1) == Some("between")
            && words.get(i + 2).is_some_and(|n| n.parse::<u32>().is_ok())
    })
}

/// "Create a HorizontalPodAutoscaler for the deployment php-apache …",
/// "set up autoscaling on quote-engine, 3 to 15 pods": an autoscaler
/// made, whatever else the sentence says of CPU use. Where the making
/// verb stands (it and "up" are claimed); none when the autoscaler is
/// only asked about.
fn autoscaler_made(words: &mut Words) -> Option<usize> {
    const MADE: &[&str] = &[
        "autoscaling",
        "autoscaler",
        "horizontalpodautoscaler",
        "hpa",
    ];
    const MAKING: &[&str] = &[
        "create",
        "add",
        "set",
        "setup",
        "configure",
        "enable",
        "make",
    ];
    if let Some(at) = scaled_between(words).filter(|&i| !words.used[i]) {
        words.mark(at);
        return Some(at);
    }
    let thing = (0..words.len()).find(|&i| words.free(i).is_some_and(|w| MADE.contains(&w)))?;
    let Some(at) = (thing.saturating_sub(4)..thing)
        .find(|&i| words.free(i).is_some_and(|w| MAKING.contains(&w)))
    else {
        // "hpa for search-api, min 2 max 8 at 60% cpu": the autoscaler
        // first, with both of its bounds, is one asked for.
        let bound = |names: [&str; 2]| {
            (0..words.len()).any(|i| {
                words.free(i).is_some_and(|w| names.contains(&w))
                    && words.free(i + 1).is_some_and(|n| n.parse::<u32>().is_ok())
            })
        };
        return (thing == 0 && bound(["min", "minimum"]) && bound(["max", "maximum"]))
            .then_some(thing);
    };
    words.mark(at);
    if words.free(at + 1) == Some("up") {
        words.mark(at + 1);
    }
    if words.get(thing) == Some("autoscaling") {
        words.mark(thing);
    }
    Some(at)
}

/// Orders told by their shape rather than a phrase of the lexicon, each
/// with the words it claimed, tried in turn: back to an earlier version
/// (an undo), a write-up of a list (a read), an object cleaned up (a
/// deletion), what eats cpu or memory (top), a node emptied or marked
/// out of use (a drain or cordon), a node kept from new pods (a cordon).
fn said_by_shape(words: &mut Words) -> Option<(Verb, usize, usize)> {
    replicas_run(words)
        .or_else(|| back_to_earlier(words))
        .or_else(|| list_written_up(words))
        .or_else(|| cleaned_up(words))
        .or_else(|| usage_asked(words))
        .or_else(|| node_taken_out(words))
        .or_else(|| new_pods_kept_off(words))
        .or_else(|| returned_to_service(words))
        .or_else(|| doing_asked(words))
}

/// "Return it to service", "return node-4 to service": the node's
/// object said between the verb and where it goes back to.
fn returned_to_service(words: &mut Words) -> Option<(Verb, usize, usize)> {
    if !words.may_hold("return") {
        return None;
    }
    let at = (0..words.len()).find(|&i| words.free(i) == Some("return"))?;
    let to = (at + 2..(at + 5).min(words.len())).find(|&k| words.get(k) == Some("to"))?;
    if !matches!(
        words.get(to + 1),
        Some("service" | "rotation" | "scheduling")
    ) {
        return None;
    }
    words.mark(at);
    words.mark(to);
    words.mark(to + 1);
    Some((Verb::Uncordon, at, at))
}

/// "what is it doing?", "what's job nightly-export doing": how a thing
/// that does not finish is doing, asked as its diagnosis.
fn doing_asked(words: &mut Words) -> Option<(Verb, usize, usize)> {
    if !words.may_hold("doing") || words.len() > 9 {
        return None;
    }
    let start = match (words.get(0), words.get(1)) {
        (Some("what"), Some("is" | "are")) => 2,
        (Some("what's"), _) => 1,
        _ => return None,
    };
    let end = (start + 1..words.len()).find(|&k| words.get(k) == Some("doing"))?;
    if !(end + 1..words.len()).all(|k| matches!(words.get(k), Some("now" | "right" | "there"))) {
        return None;
    }
    words.mark(end);
    Some((Verb::Diagnose, 0, start))
}

/// "Produce the list of all container images …", "generate a table of
/// the nodes", "return the number of pods in shop": whatever the first
/// word, what it makes is a read written up. (Words that make or hand
/// over a write-up only: "Double the number of replicas of web" scales.)
fn list_written_up(words: &mut Words) -> Option<(Verb, usize, usize)> {
    let at = order_start(words)?;
    let made = words.free(at).is_some_and(|w| {
        matches!(
            w,
            "produce"
                | "generate"
                | "provide"
                | "give"
                | "return"
                | "output"
                | "print"
                | "compile"
                | "prepare"
                | "build"
                | "create"
                | "make"
                | "share"
                | "send"
                | "pull"
                | "display"
                | "fetch"
        )
    });
    if !(made
        && words.get(at + 4).is_none_or(|w| !w.starts_with("replica"))
        && matches!(words.get(at + 1), Some("a" | "the"))
        && matches!(
            words.get(at + 2),
            Some("list" | "table" | "report" | "summary" | "count" | "number" | "overview")
        )
        && words.get(at + 3) == Some("of"))
    {
        return None;
    }
    for k in at..=at + 3 {
        words.mark(k);
    }
    Some((Verb::Get, at, at + 3))
}

/// "Clean it up." (with "it" written as the object told: "clean
/// one-off-import up", or with its type, "clean job one-off-import up"):
/// the particle right after the one object, and nothing after it ("clean
/// pvc data-0 up, it's full of old files" cleans inside it; "clean node-3
/// up" is no pod's deletion).
fn cleaned_up(words: &mut Words) -> Option<(Verb, usize, usize)> {
    let at = order_start(words).filter(|&i| words.free(i) == Some("clean"))?;
    let up = [at + 2, at + 3].into_iter().find(|&u| {
        words.free(u) == Some("up")
            && u + 1 == words.len()
            && (u == at + 2
                || words
                    .get(at + 1)
                    .and_then(resource_word)
                    .is_some_and(|t| matches!(t.as_str(), "pods" | "jobs")))
    })?;
    if words
        .get(up - 1)
        .is_none_or(|w| w.contains("'s") || super::nodes::cloud_node(w) || w.starts_with("node"))
    {
        return None;
    }
    words.mark(at);
    words.mark(up);
    Some((Verb::Delete, at, at))
}

/// Where an order to take something back to an earlier version starts:
/// an action word first ("return", "restore", "bring back", "put", "go
/// back"), then within eight words an earlier version
/// ("the previous version", "the old release", "the before version").
fn back_to_earlier(words: &mut Words) -> Option<(Verb, usize, usize)> {
    let at = super::verbs::order_start(words)?;
    if !matches!(
        words.free(at),
        Some("return" | "restore" | "bring" | "put" | "go" | "revert")
    ) {
        return None;
    }
    (at + 1..(at + 9).min(words.len())).find(|&k| {
        matches!(
            words.get(k),
            Some("previous" | "prior" | "old" | "older" | "earlier" | "before" | "last")
        ) && matches!(
            words.get(k + 1),
            Some("version" | "release" | "revision" | "image" | "build")
        ) && (at + 1..k).any(|j| matches!(words.get(j), Some("to" | "back" | "the")))
    })?;
    words.mark(at);
    Some((Verb::RolloutUndo, at, at))
}

/// "run 9 replicas of cart", "make it 10 replicas for ingest", "keep 3
/// instances of api": a count of replicas ordered with a verb of having
/// them, which is a scale. (The count itself is read with the others.)
fn replicas_run(words: &mut Words) -> Option<(Verb, usize, usize)> {
    let start = order_start(words)?;
    if !matches!(words.free(start), Some("run" | "make" | "keep" | "have")) {
        return None;
    }
    // ("we run 3 replicas of api", "until the fix ships we run one
    // replica": what the people do, told; "can you run 3 replicas" asks.)
    if start
        .checked_sub(1)
        .is_some_and(|b| matches!(words.get(b), Some("we" | "i" | "you" | "u")))
        && !start.checked_sub(2).is_some_and(|b| {
            matches!(
                words.get(b),
                Some("can" | "could" | "would" | "will" | "please" | "pls" | "to" | "and" | "then")
            )
        })
    {
        return None;
    }
    let counted = (start + 1..(start + 4).min(words.len())).any(|i| {
        words.get(i).and_then(number).is_some()
            && matches!(
                words.get(i + 1),
                Some("replicas" | "replica" | "instances" | "copies")
            )
    });
    if !counted {
        return None;
    }
    words.mark(start);
    if words.get(start + 1) == Some("it") {
        words.mark(start + 1);
    }
    Some((Verb::Scale, start, start))
}

/// Where a verb of using up ("eating", "hogging", "consuming", "burning",
/// "chewing") stands before what top measures ("cpu", "memory"), with at
/// most a few words of degree between ("all the", "so much", "the most").
fn usage_asked(words: &mut Words) -> Option<(Verb, usize, usize)> {
    // (Most requests say none of what top measures: passed over at once.)
    if !["cpu", "memory", "ram", "mem"]
        .iter()
        .any(|w| words.may_hold(w))
    {
        return None;
    }
    // "the nodes with the highest current CPU utilisation": what they
    // use, measured (not a target an autoscaler keeps: "target CPU
    // utilization at 80%").
    let target = [
        "target",
        "targeting",
        "autoscale",
        "autoscaler",
        "hpa",
        "scale",
        "threshold",
    ]
    .iter()
    .any(|w| words.has(w));
    if !target
        && let Some(at) = (1..words.len()).find(|&i| {
            matches!(words.free(i), Some("utilization" | "utilisation"))
                && matches!(words.get(i - 1), Some("cpu" | "memory" | "ram" | "mem"))
        })
    {
        words.mark(at);
        return Some((Verb::Top, at, at));
    }
    // "cpu per container for pod x", "memory of each container", "show
    // me cpu and memory per pod", "node cpu/mem": what top measures, of
    // each thing — not a limit, a request or a size set or asked.
    let measure = |w: Option<&str>| matches!(w, Some("cpu" | "memory" | "ram" | "mem"));
    let set_or_sized = [
        "limit",
        "limits",
        "request",
        "requests",
        "requested",
        "quota",
        "quotas",
        "allocatable",
        "capacity",
        "reserved",
        "set",
        "increase",
        "raise",
        "bump",
        "lower",
        "reduce",
        "change",
    ]
    .iter()
    .any(|w| words.has(w));
    if !target
        && !set_or_sized
        && let Some(at) = (0..words.len()).find(|&i| {
            let w = words.free(i);
            let combined = w.is_some_and(|w| {
                w.split(['/', '+'])
                    .filter(|p| matches!(*p, "cpu" | "memory" | "ram" | "mem"))
                    .count()
                    == 2
            });
            let each = matches!(words.get(i + 1), Some("per" | "by"))
                || (matches!(words.get(i + 1), Some("of" | "for"))
                    && matches!(words.get(i + 2), Some("each" | "every")));
            let both = words.get(i + 1) == Some("and") && measure(words.get(i + 2));
            let of_kind = i > 0 && matches!(words.get(i - 1), Some("node" | "nodes" | "container"));
            combined || (measure(w) && (each || both || of_kind))
        })
    {
        words.mark(at);
        return Some((Verb::Top, at, at));
    }
    let at = (0..words.len()).find(|&i| {
        matches!(
            words.free(i),
            Some(
                "eating"
                    | "eats"
                    | "hogging"
                    | "hogs"
                    | "consuming"
                    | "consumes"
                    | "burning"
                    | "burns"
                    | "chewing"
                    | "chews"
            )
        ) && (i + 1..(i + 5).min(words.len()))
            .take_while(|&k| {
                !matches!(words.get(k), Some("cpu" | "memory" | "ram" | "mem"))
                    && matches!(
                        words.get(k),
                        Some(
                            "all"
                                | "the"
                                | "most"
                                | "so"
                                | "much"
                                | "up"
                                | "a"
                                | "lot"
                                | "of"
                                | "our"
                                | "my"
                        )
                    )
            })
            .count()
            .checked_add(i + 1)
            .is_some_and(|k| matches!(words.get(k), Some("cpu" | "memory" | "ram" | "mem")))
    })?;
    words.mark(at);
    Some((Verb::Top, at, at))
}

/// Whether a phrase that names a node's state ("schedulable", "back in
/// service", "maintenance mode") is asked about or told rather than
/// ordered: a copula or "if"/"whether" said before it, with no "make",
/// "mark", "put", … after that ("is node-3 schedulable?", "check if
/// worker-9 is back in service"). "make node-3 schedulable", "node-3 is
/// cordoned, make it schedulable" and "make sure node-3 is schedulable"
/// order.
fn state_asked(words: &Words, phrase: &str, at: usize) -> bool {
    const STATES: &[&str] = &[
        "schedulable",
        "unschedulable",
        "available for scheduling",
        "unavailable for scheduling",
        "open for scheduling",
        "back into service",
        "back in service",
        "out of rotation",
        "maintenance mode",
        "into maintenance",
    ];
    if !STATES.contains(&phrase) {
        return false;
    }
    let last = |set: &[&str]| {
        (0..at)
            .rev()
            .find(|&k| words.get(k).is_some_and(|w| set.contains(&w)))
    };
    let Some(copula) = last(&[
        "is", "are", "was", "were", "be", "being", "been", "isn't", "aren't", "if", "whether",
    ]) else {
        return false;
    };
    // ("Configure the node node01 to be schedulable again": the state
    // wanted.)
    let wanted =
        words.get(copula) == Some("be") && copula > 0 && words.get(copula - 1) == Some("to");
    let ordered = wanted
        || last(&[
            "make",
            "mark",
            "set",
            "put",
            "bring",
            "get",
            "turn",
            "take",
            "place",
            "return",
            "configure",
        ])
        .is_some_and(|m| m > copula)
        || (0..copula).any(|k| matches!(words.get(k), Some("sure" | "ensure" | "ensuring")));
    !ordered
}

/// Whether `w` says node: the word, or a name shaped as nodes are named
/// ("node-3", "worker-2", "ip-10-0-1-23.ec2.internal").
fn node_word(w: &str) -> bool {
    matches!(w, "node" | "nodes") || super::nodes::node_name_like(w)
}

/// A node emptied of its pods (a drain) or marked out of use (a cordon),
/// said in other words than kubectl's (see [`read_verb`]), and where the
/// action's words start and end (the node is named after them); never
/// in a question.
fn node_taken_out(words: &mut Words) -> Option<(Verb, usize, usize)> {
    if !["evict", "move", "reschedule", "migrate", "relocate", "mark"]
        .iter()
        .any(|w| words.may_hold(w))
    {
        return None;
    }
    const QUESTIONS: &[&str] = &[
        "why", "what", "which", "how", "are", "is", "do", "does", "did", "when", "where", "who",
        "has", "have",
    ];
    let start = order_start(words).unwrap_or(0);
    // ("evict everything from it": the node told before.)
    let pointed = (1..words.len())
        .any(|i| matches!(words.get(i - 1), Some("from" | "off")) && words.get(i) == Some("it"));
    if words.get(start).is_some_and(|w| QUESTIONS.contains(&w))
        || !(pointed || words.w.iter().any(|w| node_word(w)))
    {
        return None;
    }
    // An action that moves pods, then what it moves, then off the node.
    // (Only the node's pods as a whole: "move pod web-1 off node-3",
    // "move 2 pods …", "migrate the db pod from node-3 to node-5" move
    // some, which no drain does.)
    let moved = (0..words.len()).find_map(|a| {
        matches!(
            words.free(a),
            Some("evict" | "move" | "reschedule" | "migrate" | "relocate")
        )
        .then_some(())?;
        let what = (a + 1..(a + 5).min(words.len())).find(|&k| {
            matches!(
                words.get(k),
                Some("pods" | "workloads" | "everything" | "containers")
            )
        })?;
        if !(a + 1..what).all(|k| {
            matches!(
                words.get(k),
                Some("all" | "the" | "of" | "every" | "its" | "their" | "my" | "our")
            )
        }) || words.has("to")
        {
            return None;
        }
        (what + 1..(what + 5).min(words.len()))
            .find(|&k| matches!(words.get(k), Some("off" | "from" | "on" | "away")))
            .and_then(|k| words.get(k + 1).map(|_| k))
            .filter(|&k| {
                (k + 1..(k + 3).min(words.len())).any(|j| words.get(j).is_some_and(node_word))
                    || matches!(words.get(k + 1), Some("it" | "them" | "there"))
            })
            .map(|k| (a, what, k))
    });
    if let Some((a, _, off)) = moved {
        // (Every word of "reschedule all the pods running on": what is
        // moved is the node's pods, no bulk of objects.)
        for k in a..=off {
            words.mark(k);
        }
        return Some((Verb::Drain, a, off));
    }
    // "mark node01 as unavailable", "mark the node as down".
    let marked = (0..words.len()).find(|&m| {
        words.free(m) == Some("mark")
            && (m + 1..(m + 6).min(words.len())).any(|k| {
                words.get(k) == Some("as")
                    && matches!(
                        words.get(k + 1),
                        Some("unavailable" | "down" | "offline" | "unusable" | "out")
                    )
            })
    })?;
    words.mark(marked);
    if let Some(k) = (marked + 1..words.len()).find(|&k| words.get(k) == Some("as")) {
        words.mark(k);
        words.mark(k + 1);
    }
    Some((Verb::Cordon, marked, marked))
}

/// Where a node is asked to take no new pods (see [`read_verb`]): a node
/// said (the word, or a name shaped as clouds name nodes), new pods or
/// anything new, and a word that keeps them off ("not", "no", "stop",
/// "don't", "prevent", "never"); never in a question ("why are no new
/// pods scheduled on node-3?").
fn new_pods_kept_off(words: &mut Words) -> Option<(Verb, usize, usize)> {
    if !(words.may_hold("new") || words.may_hold("anything")) {
        return None;
    }
    let start = order_start(words)?;
    let node = words.w.iter().any(|w| node_word(w));
    let new = (1..words.len()).find(|&i| {
        words.get(i - 1) == Some("new")
            && matches!(
                words.get(i),
                Some("pod" | "pods" | "workloads" | "workload" | "work" | "containers")
            )
            || (words.get(i - 1) == Some("anything") && words.get(i) == Some("new"))
    });
    let (true, Some(new)) = (node, new) else {
        return None;
    };
    // Only as orders: "stop/prevent/block/avoid new pods …"; "no new pods
    // on node-3 (please)"; "make/let/ensure X (to) not take new pods";
    // "node-3 should not get new pods". Reports ("no new pods are getting
    // scheduled on node-3", "new pods don't start on node-3", "I noticed
    // no new pods …") say what happens, and are diagnosed or read.
    let not_then_new = |from: usize| {
        (from..new).any(|k| {
            matches!(
                words.get(k),
                Some("not" | "never" | "doesn't" | "don't" | "won't" | "cannot" | "can't")
            )
        })
    };
    let ordered = match words.get(start)? {
        "stop" | "prevent" | "block" | "avoid" => {
            // ("prevent new pods from failing on node-3" is no cordon.)
            !(new + 1..words.len()).any(|k| {
                matches!(
                    words.get(k),
                    Some("failing" | "crashing" | "breaking" | "dying" | "erroring")
                )
            })
        }
        "no" => {
            new == start + 2
                && words
                    .get(new + 1)
                    .is_none_or(|w| matches!(w, "on" | "to" | "for" | "at" | "please" | "pls"))
        }
        "make" | "let" | "ensure" => not_then_new(start + 1),
        // "Prepare node worker-3 so that no new pods get scheduled on
        // it": the order's purpose says the cordon.
        "prepare" | "configure" | "set" | "mark" | "update" | "change" | "fix" => {
            (start + 1..new).any(|k| words.get(k) == Some("so"))
                && (words.get(new.wrapping_sub(2)) == Some("no") || not_then_new(start + 1))
        }
        w if node_word(w) || w == "the" => {
            (start + 1..new).any(|k| {
                matches!(
                    words.get(k),
                    Some("should" | "must" | "shall" | "shouldn't" | "mustn't")
                )
            }) && not_then_new(start + 1)
        }
        _ => false,
    };
    if !ordered {
        return None;
    }
    // (The new pods are what is kept off, never the type asked about.)
    words.mark(new - 1);
    words.mark(new);
    words.mark(start);
    Some((Verb::Cordon, start, start))
}

pub(super) fn read_verb(
    words: &mut Words,
    explain_field: Option<&(ResourceType, String, usize)>,
    other: Option<(usize, super::rights::Right, super::rights::Subject)>,
) -> Result<VerbSlot> {
    // "running without a restart", "up without any reboot": a change
    // named after "without" is none asked for.
    for i in 1..words.len() {
        let without = words.get(i - 1) == Some("without")
            || (i >= 2
                && words.get(i - 2) == Some("without")
                && matches!(words.get(i - 1), Some("a" | "any" | "one")));
        // ("… temporarily without deleting anything": any action said
        // as a gerund after "without".)
        if without
            && words.free(i).is_some_and(|w| {
                matches!(
                    w,
                    "restart" | "restarts" | "reboot" | "reboots" | "redeploy"
                ) || (w.len() > 5 && w.ends_with("ing"))
            })
        {
            words.mark(i);
        }
    }
    let mut verb = None;
    let rollout_word = words.has("rollout")
        || words.has("rolling")
        || words.w.windows(2).any(|p| {
            // "is the new version finished going out?"
            matches!(p[0].as_str(), "roll" | "rolled" | "going") && p[1] == "out"
        });
    let mut verb_end = None;
    // Another identity's right, read first: its action word ("… can
    // create jobs") is the right asked about, never the order.
    let mut can_i_subject = None;
    let mut can_i_action = None;
    if let Some((end, action, subject)) = other {
        verb = Some(Verb::AuthCanI);
        verb_end = Some(end);
        can_i_action = Some(action);
        can_i_subject = Some(subject);
    }
    if can_i_subject.is_none() {
        if let Some(at) = printed(words) {
            verb = Some(Verb::Logs);
            verb_end = Some(at);
        }
        refuse_other_identity(words)?;
    }
    // "what can I do in shop?", "my permissions in prod": every right
    // the person has there.
    let mut listing_rights = false;
    if verb.is_none()
        && let Some(end) = rights_asked(words)
    {
        verb = Some(Verb::AuthCanI);
        verb_end = Some(end);
        listing_rights = true;
    }
    if verb.is_none()
        && let Some((end, action)) = can_i(words)
    {
        verb = Some(Verb::AuthCanI);
        verb_end = Some(end);
        can_i_action = Some(action);
    }
    let mut history_revision = None;
    let mut rollout_wait = None;
    if verb.is_none()
        && let Some(r) = rollout_verb(words, rollout_word)
    {
        verb = Some(r.verb);
        verb_end = r.end;
        history_revision = r.revision;
        rollout_wait = r.wait;
    }
    if verb.is_none()
        && let Some((_, _, at)) = explain_field
    {
        verb = Some(Verb::Explain);
        verb_end = Some(*at);
    }
    // "evict all pods from worker-3", "safely evict node X's
    // workloads": a node emptied of its pods, which is a drain (a pod
    // alone is not evicted here).
    if verb.is_none()
        && ["node", "nodes", "workloads", "workload"]
            .iter()
            .any(|w| words.has(w))
        && let Some(at) = (0..words.len()).find(|&i| {
            // ("evicting all workloads safely", "safely evacuating a
            // node").
            matches!(
                words.free(i),
                Some("evict" | "evicting" | "evacuate" | "evacuating")
            )
        })
    {
        words.mark(at);
        verb = Some(Verb::Drain);
        verb_end = Some(at);
    }
    if verb.is_none()
        && let Some(at) = kind_asked(words)
    {
        verb = Some(Verb::Explain);
        verb_end = Some(at);
    }
    if verb.is_none()
        && let Some(at) = autoscaler_made(words)
    {
        verb = Some(Verb::Create);
        verb_end = Some(at);
    }
    let mut verb_start = verb_end;
    // Orders told by their shape rather than a phrase of the lexicon
    // ([`said_by_shape`]).
    if verb.is_none()
        && let Some((v, start, end)) = said_by_shape(words)
    {
        verb = Some(v);
        verb_start = Some(start);
        verb_end = Some(end);
    }
    let mut typo = false;
    let mut looking = false;
    let mut generic = false;
    if verb.is_none()
        && let Some(p) = phrase_verb(words)
    {
        verb = Some(p.verb);
        verb_start = Some(p.start);
        verb_end = Some(p.end);
        looking = p.looking;
        generic = p.verb == Verb::Get;
    }
    if (verb.is_none() || generic)
        && let Some((v, at)) = typo_verb(words, verb.is_some())
    {
        verb = Some(v);
        verb_end = Some(at);
        typo = true;
        generic = false;
    }
    // "Fix it so that it reaches Running", "please fix the error in the
    // deployment app": what is wrong with one object, and the remedies
    // the diagnosis offers (each a change of its own to confirm); a fix
    // of nothing named is asked back (`fix_unnamed`). Only where no
    // other verb is said: "fix … by increasing memory limits" asks for
    // that change.
    if verb.is_none()
        && let Some(at) = (0..words.len()).find(|&i| {
            matches!(words.free(i), Some("fix" | "repair" | "remediate"))
                    // ("Until the fix ships, …", "a quick fix is in
                    // review": the noun, told.)
                    && !i.checked_sub(1).is_some_and(|j| {
                        matches!(
                            words.get(j),
                            Some(
                                "the" | "a" | "this" | "that" | "our" | "their" | "its" | "my"
                                    | "your" | "no" | "quick" | "real" | "proper" | "permanent"
                                    | "upstream" | "hot" | "actual" | "first"
                            )
                        )
                    })
        })
        && !(0..words.len()).any(|i| {
            words.get(i) == Some("by")
                && words
                    .get(i + 1)
                    .is_some_and(|g| g.len() > 5 && g.ends_with("ing"))
        })
    {
        words.mark(at);
        verb = Some(Verb::Diagnose);
        verb_start = Some(at);
        verb_end = Some(at);
    }
    // "set nginx replica count to 3", "change web's replicas to 5": a
    // count of replicas set is a scale.
    if (verb.is_none() || generic)
        && (words.has("replicas") || words.has("replica"))
        && words.w.iter().any(|w| w.parse::<u32>().is_ok())
        && let Some(i) = (0..words.len()).find(|&i| {
            matches!(
                words.free(i),
                Some("set" | "change" | "update" | "adjust" | "modify")
            )
        })
    {
        verb = Some(Verb::Scale);
        verb_start = Some(i);
        verb_end = Some(i);
        generic = false;
        words.mark(i);
    }
    // "find errors in frontend pods", "any exceptions in web-1?": errors
    // are looked for in what the object printed (the words stay for the
    // search text).
    if (verb.is_none() || generic)
        && let Some(i) = errors_looked_for(words)
    {
        verb = Some(Verb::Logs);
        verb_start.get_or_insert(i);
        verb_end.get_or_insert(i);
        generic = false;
    }
    // "I need the auth-service deployment restarted, please", "I want
    // node-3 cordoned": the order said as the state wanted.
    if (verb.is_none() || generic)
        && ["need", "needs", "want", "wants", "like"]
            .iter()
            .any(|w| words.has(w))
        && let Some((i, v)) = (0..words.len())
            .find_map(|i| {
                let v = match words.free(i)? {
                    "restarted" | "bounced" | "redeployed" => Verb::RolloutRestart,
                    "deleted" | "removed" => Verb::Delete,
                    "cordoned" => Verb::Cordon,
                    "uncordoned" => Verb::Uncordon,
                    "drained" => Verb::Drain,
                    "scaled" => Verb::Scale,
                    _ => return None,
                };
                // After what is wanted, ending the clause ("the deleted pods
                // listed" wants a list).
                let ends = words.get(i + 1).is_none_or(|w| {
                    matches!(
                        w,
                        "please"
                            | "pls"
                            | "now"
                            | "asap"
                            | "immediately"
                            | "quickly"
                            | "to"
                            | "in"
                            | "on"
                            | "too"
                            | "again"
                            | "thanks"
                            | "today"
                    )
                });
                let wish = (0..i).rev().find(|&j| {
                    matches!(
                        words.get(j),
                        Some("need" | "needs" | "want" | "wants" | "like")
                    )
                })?;
                (ends && wish + 1 < i).then_some((wish, i, v))
            })
            .map(|(wish, i, v)| {
                words.mark(i);
                (wish, v)
            })
    {
        // The object stands after the wish, where a verb's would.
        verb = Some(v);
        verb_start = Some(i);
        verb_end = Some(i);
        generic = false;
        words.mark(i);
    }
    // "search the api logs for timeout", "grep web's logs": a search of
    // what it printed.
    if about_logs(words)
        && let Some(i) =
            (0..words.len()).find(|&i| matches!(words.free(i), Some("search" | "grep" | "scan")))
    {
        if verb.is_none() || generic {
            verb = Some(Verb::Logs);
            verb_start.get_or_insert(i);
            verb_end.get_or_insert(i);
            generic = false;
        }
        words.mark(i);
    }
    // "dump the yaml of pod web": a read, unless another verb says what
    // ("dump pod logs").
    if verb.is_none()
        && let Some(i) = (0..words.len()).find(|&i| words.free(i) == Some("dump"))
    {
        verb = Some(Verb::Get);
        verb_end = Some(i);
        words.mark(i);
    }
    // "do a rolling restart of web": the kind of restart every rollout
    // restart is, part of the verb (never a word narrowing the objects).
    if verb == Some(Verb::RolloutRestart)
        && let Some(i) = (0..words.len()).find(|&i| {
            words.free(i) == Some("rolling")
                && matches!(words.get(i + 1), Some("restart" | "restarts" | "update"))
        })
    {
        words.mark(i);
    }

    // "update pod foo with the label 'unhealthy' and the value 'true'".
    let mut setting = None;
    // ("show pod web-1 with the label app and the value web", "get pods
    // with label app set to web": a look at what carries it, no label
    // set.)
    let looked = verb == Some(Verb::Get)
        && verb_start.and_then(|i| words.get(i)).is_some_and(|w| {
            matches!(
                w,
                "get"
                    | "show"
                    | "list"
                    | "display"
                    | "find"
                    | "view"
                    | "see"
                    | "print"
                    | "fetch"
                    | "check"
                    | "give"
                    | "which"
                    | "what"
            )
        });
    if matches!(verb, None | Some(Verb::Get | Verb::Label | Verb::Annotate))
        && !looked
        && let Some((v, k, val)) = label_pair(words)
    {
        verb = Some(v);
        generic = false;
        setting = Some((k, val));
    }
    // "Update all pods in staging with the annotation team=platform",
    // "set the label tier=fe on pod web-1": the kind of pair, said before
    // the pair, says the verb.
    if verb.is_none()
        && setting.is_none()
        && let Some(at) =
            order_start(words).filter(|&i| matches!(words.free(i), Some("update" | "set" | "tag")))
        && let Some((v, j)) = (at + 1..words.len()).find_map(|j| {
            let v = match words.get(j)? {
                "label" | "labels" => Verb::Label,
                "annotation" | "annotations" => Verb::Annotate,
                _ => return None,
            };
            words
                .raw(j + 1)
                .is_some_and(|w| w.contains('=') && !w.starts_with('='))
                .then_some((v, j))
        })
    {
        verb = Some(v);
        generic = false;
        words.mark(at);
        words.mark(j);
    }
    // "annotate deployment ledger with kubernetes.io/change-cause set to
    // 'bump to v1.8'": the pair said as a key set to a value.
    if matches!(verb, Some(Verb::Label | Verb::Annotate))
        && setting.is_none()
        && let Some((k, val)) = super::labels::key_set_to(words)
    {
        setting = Some((k, val));
    }
    // "remove the label tier from service web": a label removal.
    let mut removal = None;
    // A question about a right ("can user bob patch web to drop label
    // tier") is never the change it names.
    if verb != Some(Verb::AuthCanI)
        // ("strip / clear / unset label tier=fe on pod web-1", "take the
        // label tier=fe off pod web-1": a removal, never the label set.)
        && (matches!(verb, Some(Verb::Delete))
            || ["unset", "drop", "strip", "clear", "off"]
                .iter()
                .any(|w| words.has(w)))
        && let Some((v, keys)) = removal_key(words)
    {
        verb = Some(v);
        removal = Some(keys);
    }
    let mut removal_unkeyed = false;
    if removal.is_none()
        && verb == Some(Verb::Delete)
        && let Some(end) = verb_end
        && let Some(v) = unkeyed_removal(words, end)
    {
        verb = Some(v);
        removal_unkeyed = true;
    }

    Ok(VerbSlot {
        verb,
        start: verb_start,
        end: verb_end,
        typo,
        looking,
        generic,
        listing_rights,
        can_i_action,
        can_i_subject,
        history_revision,
        rollout_wait,
        setting,
        removal,
        removal_unkeyed,
        stated: false,
    })
}

/// "remove the labels from pod web", "delete all annotations of these
/// pods": the thing removed is the labels (a few determiners after the
/// verb), not the object they are on.
fn unkeyed_removal(words: &mut Words, verb_end: usize) -> Option<Verb> {
    let mut i = verb_end + 1;
    let mut determiners = Vec::new();
    while matches!(
        words.get(i),
        Some("the" | "all" | "these" | "those" | "its" | "their" | "any" | "every" | "existing")
    ) {
        determiners.push(i);
        i += 1;
    }
    let verb = match words.free(i) {
        Some("label" | "labels") => Verb::Label,
        Some("annotation" | "annotations") => Verb::Annotate,
        _ => return None,
    };
    // "delete the label app=web pods": a selector, not a removal.
    if words.is_quoted(i) || words.get(i + 1).is_some_and(|w| w.contains('=')) {
        return None;
    }
    // "all" counts the labels here, not the objects.
    for j in determiners.into_iter().chain([i]) {
        words.mark(j);
    }
    Some(verb)
}

/// The verb phrase that says what to do ("scale", "look at", "roll back"),
/// skipping nouns ("with the label") and changes named in a relative clause
/// ("the node you wish to drain"): the verb, its first and last word, and
/// whether it is a look at something.
/// Whether a message opens, after its lead-in ("please", "can you",
/// "hey"), by asking to see something ("show …", "list …", "why …"):
/// a change word after it names a thing, and no change is offered back.
/// `also`: more words that open a look for the caller ("when …" asks
/// to see for the verb read, never for what is offered back; "check",
/// "see", "tell" the other way round).
pub(crate) fn opens_with_look<'a>(words: impl IntoIterator<Item = &'a str>, also: &[&str]) -> bool {
    words
        .into_iter()
        .find(|w| {
            !w.is_empty()
                && !ORDER_LEAD.contains(w)
                // ("how do I view the logs after a restart": how to look.)
                && !matches!(*w, "me" | "us" | "quickly" | "hi" | "how" | "do")
        })
        .is_some_and(|w| {
            matches!(
                w,
                "show"
                    | "list"
                    | "get"
                    | "display"
                    | "view"
                    | "see"
                    | "print"
                    | "describe"
                    | "fetch"
                    | "top"
                    | "logs"
                    | "log"
                    | "events"
                    | "find"
                    | "why"
                    | "what"
                    | "which"
                    | "where"
            ) || also.contains(&w)
        })
}

pub(super) fn phrase_verb(words: &mut Words) -> Option<PhraseVerb> {
    // "show the events for node-3 during the drain", "logs of the
    // restart job", "list the cronjobs that delete stuff": a message that
    // opens by asking to see something names a change only as a thing
    // (after "the", "that", …, or before "job", "reasons", …); the look
    // is the verb.
    // ("Look at the pods in x and tell me which ones expose secrets
    // through env vars": a look by other verbs.)
    let opens_with_look = opens_with_look(
        (0..words.len()).map(|i| words.get(i).unwrap_or_default()),
        &[
            "when", "report", "identify", "look", "check", "inspect", "review", "audit", "examine",
            "tell", "count",
        ],
    );
    // ("report any pod that adds a capability or fails to drop ALL",
    // "list the PDBs that would block a node drain": a change said inside
    // the relative clause of what is looked at; "… that fail and delete
    // them" orders it again.)
    let in_relative = |words: &Words, at: usize| {
        !at.checked_sub(1)
            .and_then(|b| words.get(b))
            .is_some_and(|b| matches!(b, "and" | "then" | "also" | "please"))
            && (0..at)
                .rev()
                .take_while(|&k| {
                    !matches!(words.get(k), Some("then" | "and" | "but")) || k + 2 > at
                })
                // ("which nodes have the NoSchedule taint": a question's
                // word, no relative pronoun.)
                .any(|k| k > 0 && matches!(words.get(k), Some("that" | "which" | "whose" | "who")))
    };
    let change_as_thing = |words: &Words, at: usize, v: &Verb| {
        opens_with_look
            && !v.is_read()
            && (in_relative(words, at)
                || at
                .checked_sub(1)
                .and_then(|b| words.get(b))
                .is_some_and(|b| crate::words::before_a_thing(b) || matches!(b, "which" | "who"))
                // ("the failed rollback of orders", "the last restart of
                // redis": a word that says which one, between.)
                || (at >= 2
                    && words.get(at - 2).is_some_and(crate::words::before_a_thing)
                    && words.get(at - 1).is_some_and(|m| {
                        (m.len() > 4 && m.ends_with("ed"))
                            || matches!(
                                m,
                                "last" | "latest" | "recent" | "previous" | "first" | "earlier" | "big"
                                    | "botched" | "nightly" | "weekly"
                            )
                    }))
                || words.get(at + 1).is_some_and(|n| {
                    matches!(
                        n,
                        "reasons"
                            | "reason"
                            | "count"
                            | "counts"
                            | "policy"
                            | "job"
                            | "jobs"
                            | "history"
                            | "subresource"
                            | "verb"
                            | "times"
                            | "loop"
                    )
                }))
    };
    for part in VERB_PARTS.iter() {
        let (split, phrase, v) = (&part.words, &part.phrase, &part.verb);
        // Most phrases are rejected by the words' filter, without a scan.
        if !part.hashes.iter().all(|h| words.may_hold_hashed(*h)) {
            continue;
        }
        let parts = split.len();
        let mut from = 0;
        while let Some(at) = (from..words.len().saturating_sub(parts - 1)).find(|&i| {
            split
                .iter()
                .enumerate()
                .all(|(k, p)| words.free(i + k) == Some(*p) && !words.is_quoted(i + k))
        }) {
            // "with the label", "the annotation": nouns, not the verb.
            let noun = matches!(v, Verb::Label | Verb::Annotate)
                && (matches!(
                    words.get(at.wrapping_sub(1)),
                    Some(w) if NOUN_MARKERS.contains(&w)
                ) || words.has("remove")
                    || words.has("delete")
                    // "with an APP label column", "their tier label".
                    || words.get(at + 1).is_some_and(|w| LABEL_NOUN_HEADS.contains(&w))
                    // ("for a missing \"owner\" label", "the required
                    // tier label".)
                    || (at >= 2
                        && matches!(
                            words.get(at - 2),
                            Some(w) if NOUN_MARKERS.contains(&w)
                                || matches!(w, "an" | "missing" | "lacking" | "required")
                        )
                        && words.get(at - 1).is_some_and(|k| !k.contains('='))));
            // "need to check the IRSA role annotation": the noun, with no
            // pair to set and no word that puts one on or takes it off.
            let noun = noun
                || (*phrase == "annotation"
                    && !words
                        .w
                        .iter()
                        .any(|w| w.contains('=') || (w.len() > 1 && w.ends_with('-')))
                    && ![
                        "add",
                        "put",
                        "set",
                        "remove",
                        "attach",
                        "apply",
                        "give",
                        "update",
                        "overwrite",
                        "change",
                        "drop",
                        "delete",
                        "strip",
                        "clear",
                    ]
                    .iter()
                    .any(|v| words.has(v)));
            // "the current image tag", "which docker tag": an image's
            // tag, no label put on.
            let noun = noun
                || (matches!(*phrase, "tag" | "tags")
                    && matches!(
                        words.get(at.wrapping_sub(1)),
                        Some(
                            "image"
                                | "docker"
                                | "container"
                                | "version"
                                | "release"
                                | "git"
                                | "latest"
                        )
                    ));
            // "scheduled for a kernel patch", "the security patch": a
            // patch as a thing, not the verb.
            let noun = noun
                || (*v == Verb::Patch
                    && matches!(
                        words.get(at.wrapping_sub(1)),
                        Some("a" | "an" | "the" | "kernel" | "security" | "os" | "this" | "that")
                    ));
            // "the node you wish to drain": a change named inside a
            // relative clause describes, it does not ask.
            let relative = !v.is_read()
                && at >= 4
                && words.get(at - 1) == Some("to")
                && matches!(
                    words.get(at - 2),
                    Some("wish" | "want" | "like" | "need" | "plan" | "going" | "intend")
                )
                // ("the one I want to cordon": "I" after the thing meant.)
                && (matches!(words.get(at - 3), Some("you" | "we" | "they"))
                    || (words.get(at - 3) == Some("i")
                        && at >= 5
                        && words
                            .get(at - 4)
                            .is_some_and(|n| matches!(n, "one" | "ones") || resource_word(n).is_some())))
                && !matches!(
                    words.get(at - 4),
                    Some("do" | "can" | "could" | "would" | "will" | "please" | "if" | "and")
                );
            // "what ports does the api service expose", "which pods did
            // the job create": a change said of a thing asked about is
            // part of the question, not an order.
            let questioned = !v.is_read() && asked_about(words, at);
            // "the image used to create the new pods", "the command
            // needed to scale it": a purpose, not an order.
            let purpose = !v.is_read()
                && at >= 2
                && words.get(at - 1) == Some("to")
                && matches!(words.get(at - 2), Some("used" | "needed" | "required"));
            // ("the deploy bot logged that it restarted web": what was
            // reported, no look at logs.)
            let purpose = purpose
                || (*phrase == "logged"
                    && matches!(words.get(at + 1), Some("that" | "a" | "an" | "it")));
            let questioned = questioned || purpose;
            // "remove the one which is not working", "restart the pods
            // that keep crashing": a symptom in a relative clause says
            // which object; the order is the change said beside it.
            let symptom = *v == Verb::Diagnose
                && (at.saturating_sub(3)..at)
                    .any(|k| matches!(words.get(k), Some("that" | "which" | "who")))
                && [
                    "delete", "remove", "restart", "kill", "scale", "drain", "cordon", "bounce",
                    "recycle", "evict", "rollback", "undo",
                ]
                .iter()
                .any(|w| words.has(w));
            // "is rolling back api going to drop connections?", "will it
            // kill in-flight requests": what a change does to traffic,
            // no object deleted.
            let effect = matches!(*phrase, "drop" | "kill" | "break")
                && (at + 1..(at + 4).min(words.len()))
                    .find_map(|k| {
                        words.get(k).filter(|w| {
                            !matches!(
                                *w,
                                "any"
                                    | "the"
                                    | "all"
                                    | "in-flight"
                                    | "existing"
                                    | "active"
                                    | "open"
                                    | "live"
                                    | "some"
                                    | "user"
                                    | "client"
                                    | "our"
                                    | "my"
                            )
                        })
                    })
                    .is_some_and(|w| {
                        matches!(
                            w,
                            "connections"
                                | "connection"
                                | "traffic"
                                | "requests"
                                | "request"
                                | "packets"
                                | "sessions"
                                | "session"
                                | "users"
                                | "messages"
                                | "websockets"
                                | "calls"
                        )
                    });
            // ("kick off a run of the backup cronjob" starts a job.)
            let kick_off = *phrase == "kick" && words.get(at + 1) == Some("off");
            // "report the top offender", "on top of that": "top" as a
            // word of rank, not the usage read ("the top 5 pods by cpu",
            // "the top memory consumers" are).
            let rank = *phrase == "top"
                && matches!(words.get(at.wrapping_sub(1)), Some("the" | "a" | "on"))
                && words.get(at + 1).is_none_or(|n| {
                    number(n).is_none()
                        && resource_word(n).is_none()
                        && !matches!(
                            n,
                            "cpu" | "memory" | "mem" | "ram" | "consumers" | "consumer" | "usage"
                        )
                });
            let state = state_asked(words, phrase, at);
            // "kill the debug pod netshoot": "debug" after a determiner,
            // before a type, says which kind ("the describe pods
            // subcommand", "the top nodes" still name their command).
            let modifier = *phrase == "debug"
                && at
                    .checked_sub(1)
                    .and_then(|b| words.get(b))
                    .is_some_and(|b| {
                        matches!(b, "the" | "a" | "an" | "that" | "this" | "my" | "our")
                    })
                && words
                    .get(at + 1)
                    .is_some_and(|n| resource_word(n).is_some());
            // "PVs with reclaimPolicy Delete", "restartPolicy: Never": the
            // value of a field written as in YAML.
            let value = at
                .checked_sub(1)
                .and_then(|b| words.raw(b))
                .is_some_and(|b| super::names::camel_field(b.trim_end_matches(':')));
            let thing = change_as_thing(words, at, v);
            // "changes only get picked up on restart, so please restart
            // web-frontend": a change named as a time or a thing, said
            // again later as the order.
            let thing = thing
                || (!v.is_read()
                    && parts == 1
                    && matches!(
                        words.get(at.wrapping_sub(1)),
                        Some(
                            "on" | "upon"
                                | "after"
                                | "before"
                                | "during"
                                | "until"
                                | "each"
                                | "every"
                                | "per"
                        )
                    )
                    && (at + 1..words.len()).any(|k| words.get(k) == Some(*phrase)));
            let thing = thing || (!v.is_read() && parts == 1 && change_in_a_place(words, at));
            // "remove the debug label from pod web-1", "drop label debug":
            // a look's word beside "label" is the label's key.
            let keyed = v.is_read()
                && parts == 1
                && (words.get(at + 1).is_some_and(|n| {
                    matches!(
                        n,
                        "label" | "labels" | "annotation" | "annotations" | "taint"
                    )
                }) && at
                    .checked_sub(1)
                    .and_then(|b| words.get(b))
                    .is_some_and(|b| matches!(b, "the" | "a" | "its" | "their" | "that"))
                    || at
                        .checked_sub(1)
                        .and_then(|b| words.get(b))
                        .is_some_and(|b| matches!(b, "label" | "annotation" | "taint" | "key")));
            // "please check and revert", "investigate and revert": write
            // back with what was found (Indian English), no rollback.
            let reply = *phrase == "revert"
                && at >= 2
                && words.get(at - 1) == Some("and")
                && words
                    .get(at - 2)
                    .is_some_and(|w| crate::words::REPLY_AFTER.contains(&w));
            // "el detalle del HPA", "los secrets del namespace pagos":
            // Spanish "of the", after its noun; the shorthand "del
            // cronjob x" opens the order.
            let of_the = *phrase == "del"
                && at
                    .checked_sub(1)
                    .and_then(|b| words.get(b))
                    .is_some_and(|b| {
                        !matches!(
                            b,
                            "please" | "pls" | "plz" | "then" | "and" | "now" | "just"
                        )
                    });
            if noun
                || reply
                || of_the
                || value
                || modifier
                || keyed
                || relative
                || questioned
                || symptom
                || effect
                || kick_off
                || thing
                || rank
                || state
            {
                from = at + 1;
                continue;
            }
            for k in 0..parts {
                words.mark(at + k);
            }
            return Some(PhraseVerb {
                verb: *v,
                start: at,
                end: at + parts - 1,
                looking: LOOKING.contains(phrase),
            });
        }
    }
    None
}

/// "Vault is sealed after the restart", "logs from before the last
/// restart", "after the AMI bump, nodes join", "nothing pending in the
/// deploy queue": a change word after a determiner that follows a
/// preposition names a thing or a time, no order. Not where a verb that
/// carries a change as its object comes first in the sentence ("go ahead
/// with the restart of web", "do the rolling restart").
fn change_in_a_place(words: &Words, at: usize) -> bool {
    const DETERMINERS: [&str; 11] = [
        "the", "a", "an", "this", "that", "its", "their", "our", "my", "his", "her",
    ];
    let Some(before) = at.checked_sub(1) else {
        return false;
    };
    // ("the last restart", "the AMI bump": one word of which, between.)
    let det = if words.get(before).is_some_and(|w| DETERMINERS.contains(&w)) {
        before
    } else if before >= 1
        && words.get(before - 1).is_some_and(|w| DETERMINERS.contains(&w))
        // (Words of which or when only: "after the standup: delete …"
        // ends a clause between.)
        && words.get(before).is_some_and(|m| {
            (m.len() > 4 && m.ends_with("ed"))
                || matches!(
                    m,
                    "last"
                        | "latest"
                        | "recent"
                        | "previous"
                        | "first"
                        | "next"
                        | "big"
                        | "nightly"
                        | "weekly"
                        | "ami"
                        | "image"
                        | "version"
                        | "kernel"
                        | "helm"
                        | "chart"
                        | "cluster"
                        | "node"
                        | "os"
                        | "emergency"
                        | "rolling"
                )
        })
    {
        before - 1
    } else {
        return false;
    };
    let Some(place) = det.checked_sub(1) else {
        return false;
    };
    matches!(
        words.get(place),
        Some(
            "after"
                | "before"
                | "since"
                | "during"
                | "from"
                | "in"
                | "until"
                | "till"
                | "about"
                | "despite"
                | "of"
                // ("do you remember the rollback of payments-api?": a
                // change recalled is a thing.)
                | "remember"
                | "recall"
                | "forget"
                | "forgot"
        )
    ) && !(0..place).any(|k| {
        matches!(
            words.get(k),
            Some(
                "do" | "perform"
                    | "proceed"
                    | "go"
                    | "trigger"
                    | "run"
                    | "kick"
                    | "issue"
                    | "start"
                    | "initiate"
                    | "execute"
                    | "carry"
                    | "continue"
                    | "schedule"
                    | "need"
                    | "want"
                    | "help"
                    | "please"
            )
        )
    })
}

/// Whether the word at `at` is the verb of a question about something
/// else: a "what", "which", "who" or "when" before it, then "does the service",
/// "did the job" (not "do I", "would you": those ask how to do it).
fn asked_about(words: &Words, at: usize) -> bool {
    let Some(wh) = (0..at).find(|&i| {
        matches!(
            words.get(i),
            Some("what" | "which" | "who" | "when" | "often")
        )
    }) else {
        return false;
    };
    // ("when did you restart web?", "when will we scale it": when a
    // change was or will be made is asked, whoever makes it.)
    let when = matches!(words.get(wh), Some("when" | "often"));
    (wh + 1..at).any(|i| {
        matches!(
            words.get(i),
            Some("does" | "did" | "do" | "will" | "would" | "should")
        ) && (when || !matches!(words.get(i + 1), Some("i" | "you" | "we" | "they")))
            && !(i + 1..at).any(|k| matches!(words.get(k), Some("and" | "then" | "to")))
    })
}

/// A verb with one typo ("lgos", "descibe"), for words long enough; with
/// `over_get`, only one that can override a generic "show".
pub(super) fn typo_verb(words: &mut Words, over_get: bool) -> Option<(Verb, usize)> {
    for i in 0..words.len() {
        let Some(w) = words.free(i) else {
            continue;
        };
        // Four letters have too many real words one letter away
        // ("dump" is not "bump", "even" is not "event"): there only
        // swapped letters count ("lgos").
        // ("sorted by restarst": what to sort by, never the order.)
        if w.len() < 4
            || words.is_quoted(i)
            || resource_word(w).is_some()
            || STOP_SET.contains(&w)
            || NOT_NAMES_SET.contains(&w)
            || crate::words::NOT_VERB_TYPOS.contains(&w)
            || i.checked_sub(1).and_then(|j| words.get(j)) == Some("by")
        {
            continue;
        }
        if let Some(v) = verb_one_typo_away(w, over_get) {
            words.mark(i);
            return Some((v, i));
        }
    }
    None
}

/// The verb `w` is one typo away from ([`typo_verb`]), remembered per
/// word: each sentence is read several times, and most words are no
/// typo of any verb, which takes a comparison with every verb to know.
fn verb_one_typo_away(w: &str, over_get: bool) -> Option<Verb> {
    // (Per word, the answer without and with `over_get`; looked up by
    // the word as it stands, with no copy of it.)
    type Seen = crate::words::HashMap<String, [Option<Option<Verb>>; 2]>;
    thread_local! {
        static SEEN: std::cell::RefCell<Seen> = std::cell::RefCell::new(Seen::default());
    }
    let slot = usize::from(over_get);
    if let Some(hit) = SEEN.with(|s| s.borrow().get(w).and_then(|a| a[slot])) {
        return hit;
    }
    let found = TYPO_VERBS
        .iter()
        .filter(|(p, v)| p.len().abs_diff(w.len()) <= 1 && (!over_get || *v != Verb::Get))
        .find(|(p, _)| {
            // "exposed", "scaled", "restarts": the verb inflected
            // (a state or a statement), not a typo of it.
            let inflected = w
                .strip_prefix(*p)
                .is_some_and(|rest| matches!(rest, "d" | "s" | "r" | "ed"));
            !inflected
                && resources::within_edits(w, p, 1)
                && resources::edit_distance(w, p) == 1
                && (w.len() > 4 || same_letters(w, p))
        })
        .map(|(_, v)| *v);
    SEEN.with(|s| {
        let mut s = s.borrow_mut();
        // (Bounded: a long-running server sees unbounded words.)
        if s.len() >= 4096 {
            s.clear();
        }
        s.entry(w.to_owned()).or_default()[slot] = Some(found);
    });
    found
}

/// The one-word verb phrases a typo is measured against (four letters
/// or more), in [`VERB_PHRASES`] order, listed once.
static TYPO_VERBS: std::sync::LazyLock<Vec<(&'static str, Verb)>> =
    std::sync::LazyLock::new(|| {
        VERB_PHRASES
            .iter()
            .filter(|(p, _)| !p.contains(' ') && p.len() >= 4)
            .copied()
            .collect()
    });

/// A quantity of CPU or memory as people write it: "500m", "512Mi",
/// "2Gi", "128GiB", "1.5G".
pub(super) fn resource_quantity(word: &str) -> bool {
    let digits = word
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    let unit = &word[digits..];
    digits > 0
        && word.as_bytes()[0].is_ascii_digit()
        && matches!(
            unit,
            "m" | "mi" | "gi" | "ki" | "ti" | "g" | "k" | "gb" | "mb" | "gib" | "mib" | "kib"
        )
}

/// "Increase memory limit for my-app to 2Gi", "limit the nginx deployment
/// to 200m CPU", "fix the OOMKill … by increasing memory limits to
/// 512Mi": a change of requests and limits (`kubectl set resources`),
/// which KubeChat does not make. Asked back, never read as a listing of
/// the workload or as a scale.
pub(super) fn refuse_resource_change(
    words: &Words,
    verb: Option<Verb>,
    verb_start: Option<usize>,
) -> Result<()> {
    const CHANGE: &[&str] = &[
        "increase",
        "increasing",
        "raise",
        "raising",
        "set",
        "setting",
        "update",
        "updating",
        "bump",
        "lower",
        "lowering",
        "reduce",
        "reducing",
        "decrease",
        "decreasing",
        "change",
        "changing",
        "adjust",
        "adjusting",
        "limit",
        "give",
        "allocate",
        "modify",
        "double",
    ];
    const AMOUNTS: &[&str] = &[
        "cpu",
        "memory",
        "mem",
        "limit",
        "limits",
        "request",
        "requests",
        "resources",
    ];
    // Every sentence passes here: the word filter rules most out before
    // any scan.
    if !AMOUNTS.iter().any(|w| words.has(w)) {
        return Ok(());
    }
    let quantity = (0..words.len()).any(|i| words.get(i).is_some_and(resource_quantity));
    let changing = (0..words.len())
        .find(|&i| !words.is_quoted(i) && words.get(i).is_some_and(|w| CHANGE.contains(&w)));
    // A read said first keeps its verb: "show pods with memory limit set
    // to 512Mi".
    let read =
        verb.is_some_and(Verb::is_read) && verb_start.zip(changing).is_some_and(|(v, c)| v < c);
    if changing.is_some() && quantity && !read {
        return Err(Error::NotUnderstood {
            reason: "changing CPU or memory requests and limits (kubectl set resources) is not something KubeChat does yet; change them in the workload's manifest and apply it".into(),
            suggestions: vec!["kubectl get deployment NAME -o yaml".into()],
        });
    }
    Ok(())
}

/// What an action the rules do not read is told.
pub(crate) const UNREAD_ACTION: &str = "is not something KubeChat reads from plain language yet";

/// An action the rules do not read ("update pod foo with …", "listen on
/// port 5000") is asked back, not read as a list.
/// "add cost-center=cc-4471 to it": "add" at `at` and a KEY=VALUE pair
/// right after it, which a label sets.
pub(super) fn added_pair(words: &Words, at: usize) -> bool {
    words.get(at) == Some("add")
        && words
            .raw(at + 1)
            .is_some_and(|r| r.contains('=') && !r.starts_with('-'))
}

/// Asks back a line that tells a change something makes
/// ([`crate::words::CHANGES_TOLD`])
/// after its subject, when no verb of its own was read.
pub(super) fn refuse_change_told(words: &Words, verb: Option<Verb>) -> Result<()> {
    if verb.is_some() {
        return Ok(());
    }
    let told = (1..words.len()).find(|&i| {
        !words.is_quoted(i)
            && words.get(i).is_some_and(|w| crate::words::CHANGES_TOLD.contains(&w))
            // "how does the hpa scale …" has its base form; a noun
            // before: "pods scales" would be a typo, not a subject.
            && !matches!(words.get(i - 1), Some("please" | "pls" | "and" | "then"))
    });
    if let Some(i) = told {
        return Err(Error::NotUnderstood {
            reason: format!(
                "this tells what something does (\"{}\"), not what to do; to have KubeChat do it, say it as an order",
                words.get(i).unwrap_or_default()
            ),
            suggestions: Vec::new(),
        });
    }
    Ok(())
}

pub(super) fn refuse_unread_action(
    words: &Words,
    verb: Option<Verb>,
    generic: bool,
    verb_start: Option<usize>,
) -> Result<()> {
    // "how to copy a secret to another namespace", "how do I rename a
    // configmap": the action asked about comes after the question's words
    // ("We need to replace the disk" is a situation, no action asked).
    let asked_how = words.get(0) == Some("how");
    let first = (0..words.len()).find(|&i| {
        let asked = asked_how
            && matches!(
                words.get(i),
                Some("how" | "do" | "does" | "should" | "we" | "one" | "someone")
            );
        !asked
            && !matches!(
                words.get(i),
                Some(
                    "please"
                        | "kindly"
                        | "can"
                        | "could"
                        | "would"
                        | "will"
                        | "you"
                        | "hey"
                        | "hi"
                        | "i"
                        | "need"
                        | "want"
                        | "to"
                        | "now"
                        | "then"
                        | "first"
                        | "also"
                        | "and"
                        | "so"
                        | "ok"
                        | "okay"
                        | "just"
                        | "go"
                        | "ahead"
                        | "be"
                        | "able"
                        | "possibly"
                        | "i'd"
                        | "we'd"
                        | "like"
                        | "let's"
                        | "lets"
                )
            )
    });
    // "port forward to web": kubectl's port-forward, said in two words.
    let action_at = |f: usize| match (words.get(f), words.get(f + 1)) {
        (Some("port"), Some("forward" | "forwarding")) => Some("port-forward"),
        (w, _) => w.filter(|w| UNREAD_ACTIONS.contains(w)),
    };
    // "set up port forwarding to postgres-0", "pf svc grafana 3000": a
    // port-forward wherever it is said, which no read answers.
    let forwarding = (0..words.len()).find(|&i| {
        matches!(
            (words.free(i), words.get(i + 1)),
            (Some("port"), Some("forward" | "forwarding" | "forwarded"))
                | (
                    Some("port-forward" | "port-forwarding" | "portforward" | "pf"),
                    _
                ) // "Listen on port 8080 locally, forwarding to port 80 …", "forward
                  // local port 7000 to …": said in words ("listening on port 6379"
                  // tells what a server does, and is no order).
        ) || (matches!(
            words.get(i),
            Some("forward" | "forwarding" | "listen" | "tunnel")
        ) && (i + 1..(i + 4).min(words.len()))
            .find(|&k| matches!(words.get(k), Some("port" | "ports" | "localhost")))
            // Only place words between: "forward local port 7000",
            // never "forward traffic to port 8080".
            .is_some_and(|k| {
                (i + 1..k).all(|j| {
                    matches!(
                        words.get(j),
                        Some("on" | "to" | "from" | "local" | "my" | "the" | "a" | "data")
                    )
                })
            }))
    });
    if forwarding.is_some() && verb.is_none_or(Verb::is_read) {
        return Err(Error::NotUnderstood {
            reason: format!(
                "\"port-forward\" {UNREAD_ACTION}: it needs a connection from your machine, which kubectl port-forward makes"
            ),
            suggestions: vec!["kubectl get pods".into()],
        });
    }
    // "Upgrade to v4.2.0 breaks readiness probe", "the migration failed":
    // the action named as what happened, the subject of a verb of its
    // own.
    let subject = |f: usize| {
        (f + 1..(f + 5).min(words.len())).any(|k| {
            // (Not a clause of its own: "update web, it is broken".)
            !(f + 1..k).any(|j| matches!(words.get(j), Some("it" | "this" | "that" | "they")))
                && matches!(
                    words.get(k),
                    Some(
                        "breaks"
                            | "broke"
                            | "broken"
                            | "failed"
                            | "fails"
                            | "went"
                            | "was"
                            | "is"
                            | "caused"
                            | "causes"
                            | "killed"
                            | "left"
                            | "leaves"
                            | "exists"
                            | "finished"
                            | "hangs"
                            | "hung"
                    )
                )
        })
    };
    if let Some(f) = first
        && let Some(action) = action_at(f)
        && !subject(f)
        && (verb.is_none()
            || (generic && verb_start.is_none_or(|v| v > f))
            // "Deploy nginx with 3 replicas and expose it on port 90":
            // two actions, the first not read; the second alone would
            // drop it.
            || verb_start.is_some_and(|v| {
                v > f && (f + 1..v).any(|k| matches!(words.get(k), Some("and" | "then")))
            }))
        // "set nginx replica count to 3", "change web's replicas to 5": a
        // count of replicas, which is a scale.
        && !(matches!(action, "set" | "change" | "update" | "adjust" | "modify")
            && (words.has("replicas") || words.has("replica")))
        // "add cost-center=cc-4471 to deployment geo", a label; "export
        // the YAML of deployment web", a read of it as stored.
        && !added_pair(words, f)
        && !(matches!(action, "export" | "dump") && (words.has("yaml") || words.has("json")))
    {
        return Err(Error::NotUnderstood {
            reason: format!(
                "\"{action}\" {UNREAD_ACTION}; say it in kubectl syntax, or ask with an LLM provider configured"
            ),
            suggestions: vec![
                "kubectl label pod web-1 tier=backend".into(),
                "scale deployment web to 3".into(),
            ],
        });
    }
    Ok(())
}
