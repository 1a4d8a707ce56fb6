//! A change said, but not ordered now: under a condition ("if web crashes
//! again, restart it"), for later ("drain node-1 tonight"), supposed
//! ("suppose I delete pod x"), taken back ("delete pod x. never mind"),
//! asked about ("ok to delete namespace test?", "restart web, does it
//! cause downtime?"), corrected ("scale web to 5 no 3"), wanted as text
//! ("give me the command to drain node-1") or written as a note ("TODO:
//! delete namespace test"). The rules read such a message as the bare
//! change; it is asked back instead, with the line to send when it is
//! meant now. Reads are never held: reading is what such a message can
//! safely get.

use kubechat_core::{Operation, Risk};

use crate::{Error, Result};

/// Phrases (whole words, lower case) that make a change something other
/// than an order to make it now.
const HEDGES: &[(&str, &str)] = &[
    // Taken back.
    ("just kidding", "is taken back"),
    ("jk", "is taken back"),
    ("never mind", "is taken back"),
    ("nevermind", "is taken back"),
    ("no wait", "is taken back"),
    ("actually no", "is taken back"),
    ("actually don't", "is taken back"),
    ("actually dont", "is taken back"),
    ("on second thought", "is taken back"),
    ("nvm", "is taken back"),
    ("nvmd", "is taken back"),
    ("belay", "is taken back"),
    ("hold on", "is taken back"),
    ("hang on", "is taken back"),
    ("scratch that", "is taken back"),
    ("cancel that", "is taken back"),
    ("ignore that", "is taken back"),
    ("forget it", "is taken back"),
    ("forget that", "is taken back"),
    ("forget what i said", "is taken back"),
    // Doubted: "scale it to 0? — not sure, ask finance".
    ("not sure", "is doubted, not ordered"),
    ("unsure", "is doubted, not ordered"),
    // A ticket turned down: "Status: Closed (won't do)".
    ("won't do", "is turned down"),
    ("wont do", "is turned down"),
    ("won't fix", "is turned down"),
    ("wontfix", "is turned down"),
    ("declined", "is turned down"),
    ("ignore what i said", "is taken back"),
    ("disregard what i said", "is taken back"),
    ("disregard that", "is taken back"),
    ("disregard my", "is taken back"),
    // Waiting for something: "delete pvc data-0, but not before we take
    // a backup", "wait to drain node-3 until I say".
    ("not before", "is to wait for something first"),
    ("not until", "is to wait for something first"),
    ("not till", "is to wait for something first"),
    ("not yet", "is to wait for something first"),
    ("wait until", "is to wait for something first"),
    ("wait till", "is to wait for something first"),
    ("wait to", "is to wait for something first"),
    ("wait before", "is to wait for something first"),
    ("hold off", "is to wait for something first"),
    // "…, but the owner hasn't confirmed, so park it for now".
    ("park it", "is to wait for something first"),
    ("park this", "is to wait for something first"),
    ("on hold", "is to wait for something first"),
    ("hasn't confirmed", "is to wait for something first"),
    ("has not confirmed", "is to wait for something first"),
    ("not confirmed yet", "is to wait for something first"),
    // "reminder to uncordon node-8 …", "remind me to scale web back".
    ("remind me", "is a reminder, not an order"),
    ("reminder to", "is a reminder, not an order"),
    ("reminder for", "is a reminder, not an order"),
    ("only after", "is to wait for something first"),
    ("until i say", "is to wait for something first"),
    ("until i confirm", "is to wait for something first"),
    ("until we confirm", "is to wait for something first"),
    // Supposed or planned.
    ("suppose", "is supposed, not ordered"),
    ("let's say", "is supposed, not ordered"),
    ("lets say", "is supposed, not ordered"),
    ("say we", "is supposed, not ordered"),
    ("imagine", "is supposed, not ordered"),
    ("assume", "is supposed, not ordered"),
    ("hypothetically", "is supposed, not ordered"),
    ("i wish", "is wished, not ordered"),
    ("would it help", "is asked about, not ordered"),
    ("might need", "is planned, not ordered"),
    ("may have to", "is planned, not ordered"),
    ("probably need", "is planned, not ordered"),
    ("planning to", "is planned, not ordered"),
    ("thinking of", "is planned, not ordered"),
    ("thinking about", "is planned, not ordered"),
    ("can be scaled", "is told, not ordered"),
    // Asked about.
    ("ok to", "is asked about, not ordered"),
    ("okay to", "is asked about, not ordered"),
    ("safe to", "is asked about, not ordered"),
    ("want me to", "is asked about, not ordered"),
    ("shall we", "is asked about, not ordered"),
    ("or not", "is asked about, not ordered"),
    ("how about", "is asked about, not ordered"),
    ("or wait", "is asked about, not ordered"),
    ("or later", "is asked about, not ordered"),
    ("will it", "comes with a question"),
    ("will there", "comes with a question"),
    ("would it", "comes with a question"),
    ("what would", "comes with a question"),
    ("what will", "comes with a question"),
    ("what's in it", "comes with a question"),
    ("what is in it", "comes with a question"),
    ("what's inside", "comes with a question"),
    ("does it", "comes with a question"),
    ("who uses", "comes with a question"),
    ("which pods run", "comes with a question"),
    ("show me the logs first", "comes with a read asked first"),
    ("but first", "comes with a read asked first"),
    // Told as not working or not wanted.
    ("is not needed", "is told, not ordered"),
    ("isn't needed", "is told, not ordered"),
    ("won't help", "is told, not ordered"),
    ("will not help", "is told, not ordered"),
    ("will not fix", "is told, not ordered"),
    ("won't fix", "is told, not ordered"),
    ("doesn't help", "is told, not ordered"),
    ("did nothing", "is told, not ordered"),
    ("is not an option", "is told, not ordered"),
    ("failed with", "is told, not ordered"),
    // Told as how it went: "delete pod web-1 didn't help", "scale web to
    // 0 caused the outage", "deleting pod web-1 is pointless".
    ("didn't help", "is told, not ordered"),
    ("didnt help", "is told, not ordered"),
    ("did not help", "is told, not ordered"),
    ("didn't fix", "is told, not ordered"),
    ("didnt fix", "is told, not ordered"),
    ("did not fix", "is told, not ordered"),
    ("made it worse", "is told, not ordered"),
    ("caused the", "is told, not ordered"),
    ("caused an", "is told, not ordered"),
    ("caused a", "is told, not ordered"),
    ("is pointless", "is told, not ordered"),
    ("was pointless", "is told, not ordered"),
    ("is useless", "is told, not ordered"),
    // Suggested or asked about: "maybe delete pod web-1", "delete pod
    // web-1 would help, right".
    ("maybe", "is suggested, not ordered"),
    // "Request to delete deployment old-web. Status: rejected by the
    // change board. Do not proceed.": a request turned down.
    ("rejected", "is turned down, not ordered"),
    ("do not proceed", "is turned down, not ordered"),
    ("don't proceed", "is turned down, not ordered"),
    ("not approved", "is turned down, not ordered"),
    // "I plan to bump it to envoy:1.28": what the person will do.
    ("i plan to", "is what you plan to do, not ordered"),
    ("we plan to", "is what you plan to do, not ordered"),
    ("planning to", "is what you plan to do, not ordered"),
    ("i intend to", "is what you plan to do, not ordered"),
    ("we intend to", "is what you plan to do, not ordered"),
    // "I might delete the sandbox namespace later", "we may roll back
    // api tonight": what the person may do, not an order.
    ("i might", "is what you may do, not ordered"),
    ("we might", "is what you may do, not ordered"),
    ("i may", "is what you may do, not ordered"),
    ("we may", "is what you may do, not ordered"),
    ("not now", "is taken back, or held"),
    ("perhaps", "is suggested, not ordered"),
    ("would help", "is asked about, not ordered"),
    ("would fix", "is asked about, not ordered"),
    ("should help", "is asked about, not ordered"),
    ("might help", "is asked about, not ordered"),
    ("might fix", "is asked about, not ordered"),
    // "delete the node that pod web-1 is scheduled on": which node is a
    // lookup KubeChat does not make for a change.
    (
        "the node that",
        "aims at a node found through another object",
    ),
    (
        "the node where",
        "aims at a node found through another object",
    ),
    (
        "the node hosting",
        "aims at a node found through another object",
    ),
    (
        "the node on which",
        "aims at a node found through another object",
    ),
    // Wanted as text, or written as a note.
    ("teach me", "is asked as text"),
    ("show how", "is asked as text"),
    ("example of", "is asked as text"),
    ("spell out", "is asked as text"),
    ("type out", "is asked as text"),
    ("write out", "is asked as text"),
    ("how one would", "is asked as text"),
    ("how you would", "is asked as text"),
    ("how you'd", "is asked as text"),
    ("simulate", "is asked as text"),
    ("the kubectl to", "is asked as text"),
    ("the kubectl for", "is asked as text"),
    ("the kubectl command", "is asked as text"),
    ("the command that", "is asked as text"),
    ("the steps to", "is asked as text"),
    ("the yaml to", "is asked as text"),
    ("for the docs", "is written down as an example"),
    // "Quiz question: delete all pods in kube-system", "Interview
    // practice: scale web to zero": what one would do, asked to test.
    ("quiz", "is asked as a quiz, not ordered"),
    ("exam question", "is asked as a quiz, not ordered"),
    ("interview question", "is asked as a quiz, not ordered"),
    ("interview practice", "is asked as a quiz, not ordered"),
    ("practice question", "is asked as a quiz, not ordered"),
    ("homework", "is asked as a quiz, not ordered"),
    ("trivia", "is asked as a quiz, not ordered"),
    ("flashcard", "is asked as a quiz, not ordered"),
    ("for reference", "is written down as an example"),
    ("looks like this", "is written down as an example"),
    ("done:", "is a record"),
    ("later:", "is a note"),
    // Asked to decide, or about to: "restart api in prod y/n", "rollback
    // web or just restart it", "about to restart api".
    ("y/n", "is asked about, not ordered"),
    ("or just", "is asked about, not ordered"),
    ("about to", "is planned, not ordered"),
    ("say i want", "is supposed, not ordered"),
    // "worst case we can always scale web to zero": a fallback weighed.
    ("worst case", "is supposed, not ordered"),
    ("we can always", "is supposed, not ordered"),
    ("we could always", "is supposed, not ordered"),
    // "boss said to delete the namespace, thoughts?": an opinion asked.
    ("thoughts", "is asked about, not ordered"),
    ("say i wanted", "is supposed, not ordered"),
    // Conditions: "restart api as long as the db is up".
    (
        "as long as",
        "depends on a condition KubeChat does not check",
    ),
    ("assuming", "depends on a condition KubeChat does not check"),
    ("provided", "depends on a condition KubeChat does not check"),
    ("in case", "depends on a condition KubeChat does not check"),
    ("the command to", "is asked as text"),
    ("the command for", "is asked as text"),
    ("command to", "is asked as text"),
    ("todo", "is a note"),
    ("note to self", "is a note"),
    ("action item", "is a note"),
    ("e.g", "is an example"),
    ("for example", "is an example"),
    ("runbook says", "is quoted"),
    // "the runbook step 4: cordon node-2", "runbook: restart api".
    ("runbook", "is quoted from a runbook"),
    ("playbook", "is quoted from a playbook"),
    // Suggested: "drain node-3 could help", "I'd restart api".
    ("could help", "is suggested, not ordered"),
    ("will help", "is suggested, not ordered"),
    ("probably", "is suggested, not ordered"),
    ("possibly", "is suggested, not ordered"),
    ("we could", "is suggested, not ordered"),
    ("we should", "is suggested, not ordered"),
    ("the docs say", "is quoted"),
];

/// Phrases that tell the change as done or as having failed ("the drain
/// of worker-3 did not work", "… after the drain"), looked for in the
/// main clause only: a reason after it ("restart api, requests timed
/// out") still orders.
const TOLD: &[(&str, &str)] = &[
    // Done already: "what's happening with node-3 after the
    // drain", "web is slow since the restart".
    ("after the drain", "is told as done"),
    ("after the cordon", "is told as done"),
    ("after the restart", "is told as done"),
    ("after the rollback", "is told as done"),
    ("after the rollout", "is told as done"),
    ("after the delete", "is told as done"),
    ("after the deletion", "is told as done"),
    ("after the upgrade", "is told as done"),
    ("after the update", "is told as done"),
    ("after the scale", "is told as done"),
    ("after the reboot", "is told as done"),
    ("after the patch", "is told as done"),
    ("since the drain", "is told as done"),
    ("since the restart", "is told as done"),
    ("since the rollback", "is told as done"),
    ("since the upgrade", "is told as done"),
    ("since the update", "is told as done"),
    ("since the reboot", "is told as done"),
    // Told as having failed: "drain node-3 did not work".
    ("did not work", "is told as having failed"),
    ("didn't work", "is told as having failed"),
    ("does not work", "is told as having failed"),
    ("doesn't work", "is told as having failed"),
    ("timed out", "is told as having failed"),
    ("errored out", "is told as having failed"),
    ("was rejected", "is told as having failed"),
    ("got stuck", "is told as having failed"),
];

/// [`HEDGES`] by the first word of each phrase.
static BY_FIRST_WORD: std::sync::LazyLock<PhraseMap> =
    std::sync::LazyLock::new(|| by_first_word(HEDGES));

/// [`TOLD`] by the first word of each phrase.
static TOLD_BY_FIRST_WORD: std::sync::LazyLock<PhraseMap> =
    std::sync::LazyLock::new(|| by_first_word(TOLD));

/// Phrases and what each makes of a change, by their first word.
/// (The lexicons' word hasher: every word of a message is looked up.)
type PhraseMap = crate::words::HashMap<&'static str, Vec<(&'static str, &'static str)>>;

fn by_first_word(phrases: &[(&'static str, &'static str)]) -> PhraseMap {
    let mut map = PhraseMap::default();
    for &(phrase, why) in phrases {
        let first = phrase.split(' ').next().unwrap_or_default();
        map.entry(first).or_default().push((phrase, why));
    }
    map
}

/// What the first phrase of `map` found among `words` makes of a change
/// (each word looked up once: this runs on every change read).
/// The object's own names are skipped: "… in namespace scratch that have
/// the label …" names a namespace, it scratches nothing.
fn first_phrase(words: &[&str], map: &PhraseMap, names: &[&str]) -> Option<&'static str> {
    words.iter().enumerate().find_map(|(i, w)| {
        if names.contains(w) {
            return None;
        }
        // ("node worker-3 is about to undergo maintenance": what is about
        // to happen to a thing told, not a change the person plans;
        // "I'm about to restart api" still plans.)
        if *w == "about"
            && i > 0
            && matches!(words[i - 1], "is" | "are" | "was" | "were")
            && !i
                .checked_sub(2)
                .is_some_and(|k| matches!(words[k], "i" | "we" | "you" | "they"))
        {
            return None;
        }
        // ("Following the maintenance runbook, evict …", "per the
        // runbook, drain …": the order, done the way it says.)
        if matches!(*w, "runbook" | "playbook")
            && words[i.saturating_sub(3)..i]
                .iter()
                .any(|b| matches!(*b, "following" | "per"))
        {
            return None;
        }
        map.get(w)?
            .iter()
            .find(|(p, _)| starts(&words[i..], p))
            .map(|(_, why)| *why)
    })
}

/// `"kubectl rollout undo deployment/api" — does this use the previous
/// ReplicaSet?`: a kubectl command beside a question of how it works.
fn command_questioned(lower: &str) -> bool {
    lower.contains("kubectl")
        && lower.contains('?')
        && lower
            .replace(" - ", "\n")
            .split(['.', '!', '\n', ';', '\u{2014}'])
            .any(|part| {
                let part = part.trim_start_matches(|c: char| !c.is_alphanumeric());
                part.trim_end().ends_with('?')
                    && !part.contains("kubectl")
                    && part.split_whitespace().next().is_some_and(|w| {
                        matches!(
                            w,
                            "does"
                                | "do"
                                | "did"
                                | "is"
                                | "are"
                                | "will"
                                | "would"
                                | "should"
                                | "what"
                                | "why"
                                | "how"
                                | "which"
                                | "who"
                                | "when"
                                | "where"
                        )
                    })
            })
}

/// "bob: can you delete pod x-1?\nalice: on it": lines said by two or
/// more people, each opened by a handle and a colon.
fn pasted_thread(lower: &str) -> bool {
    const FIELDS: &[&str] = &[
        "title",
        "status",
        "body",
        "summary",
        "description",
        "ac",
        "step",
        "note",
        "goal",
        "context",
        "ticket",
        "priority",
        "severity",
        "impact",
        "action",
        "request",
        "owner",
        "assignee",
        "reporter",
        "labels",
        "component",
        "environment",
        "env",
        "namespace",
        "ns",
        "cluster",
        "node",
        "pod",
        "deployment",
        "service",
        "resolution",
        "due",
        "eta",
        "re",
        "update",
        "fyi",
        "q",
        "a",
        "question",
        "answer",
        "problem",
        "issue",
        "cause",
        "fix",
        // A benchmark prompt's parts ("ROLE: … RULES: … TASK: …").
        "role",
        "rules",
        "rule",
        "task",
        "tasks",
        "instructions",
        "constraints",
        "output",
        "format",
        "input",
        "expected",
        "steps",
        "background",
        "symptom",
        "symptoms",
        "decision",
        "mitigation",
        "workaround",
        "result",
        "notes",
        "todo",
        "objective",
        "requirements",
        "scope",
        "details",
    ];
    let mut speakers: Vec<&str> = Vec::new();
    // ("pasting from #inc-2231:\n> anna: …\n> raj: …\nCan someone delete
    // that job?": a thread quoted, then the writer's own words after it.)
    let mut quoted_thread = false;
    let mut own_after = false;
    for line in lower.lines() {
        let quoted = line.trim_start().starts_with('>');
        if !quoted && quoted_thread && !line.trim().is_empty() {
            own_after = true;
        }
        let line = line.trim_start_matches(['>', ' ', '-', '*']);
        let Some((who, rest)) = line.split_once(": ") else {
            continue;
        };
        let who = who.trim_start_matches('@');
        if (2..=20).contains(&who.len())
            && !rest.trim().is_empty()
            && who.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
            })
            && !FIELDS.contains(&who)
            && !speakers.contains(&who)
        {
            speakers.push(who);
        }
        if quoted {
            quoted_thread = true;
            own_after = false;
        }
    }
    speakers.len() >= 2 && !own_after
}

/// Times to come ("drain node-1 tonight"); not read inside a reason
/// ("… because tomorrow we expect a big load").
const LATER: &[&str] = &[
    "tonight",
    "tomorrow",
    "later today",
    "at midnight",
    "over the weekend",
    "on friday",
    "on monday",
    "after the deploy",
    "once the release",
    "after the release",
    "this afternoon",
    "this evening",
    "after hours",
    "out of hours",
    "eod",
    "end of day",
    // "after the weekend, scale sandbox-ui back up to 2".
    "after the weekend",
    "on tuesday",
    "on wednesday",
    "on thursday",
    "on saturday",
    "on sunday",
    // "next week: create namespace team-orion", "… next sprint".
    "next week",
    "next sprint",
    "next month",
    "next release",
    "next monday",
    "next friday",
    // "Scale x to 0. Will do it Friday.": the writer's own plan for it.
    "will do it",
    "will do that",
    "will do this",
];

/// `lower` without a last clause that says why something is removed:
/// "delete the pvc scratch-3, data is not needed", "remove the taint …
/// from infra-01, is not needed anymore" — what is not needed is the
/// thing removed, no change told as needless.
fn removal_reason_cut(lower: String, op: &Operation) -> String {
    let p = &op.params;
    let removal = op.verb == kubechat_core::Verb::Delete
        || p.taints.iter().any(|t| t.remove)
        || p.labels.values().any(Option::is_none)
        || p.annotations.values().any(Option::is_none);
    if !removal {
        return lower;
    }
    let Some(at) = lower.rfind(", ") else {
        return lower;
    };
    let tail = &lower[at + 2..];
    if [
        "not needed",
        "no longer needed",
        "not used",
        "no longer used",
        "unused",
    ]
    .iter()
    .any(|p| tail.contains(p))
        && !tail.contains("restart")
        && !tail.contains("delet")
    {
        lower[..at].to_owned()
    } else {
        lower
    }
}

/// `lower` without the sentences before the order's own that name
/// another object of the order's name's shape and not the order's own: "ip-10-0-7-23 is next
/// but wait until the freeze lifts. Please uncordon ip-10-0-7-22" — the
/// wait is that other node's.
fn sibling_sentences_cut(lower: String, op: &Operation) -> String {
    let Some(name) = op.name.as_ref().map(|n| n.as_str()) else {
        return lower;
    };
    if !lower.contains(['.', '!', '?', '\n']) {
        return lower;
    }
    let mut kept = String::with_capacity(lower.len());
    let mut cut = false;
    // (Only before the order's own sentence: one after it may correct
    // the name, "delete cache-0… actually cache-1".)
    let mut own_seen = false;
    for sentence in lower
        .split_inclusive(['!', '?', '\n'])
        .flat_map(|s| s.split_inclusive(". "))
    {
        let words = hold_words(sentence);
        own_seen = own_seen || words.contains(&name);
        let other = !own_seen && words.iter().any(|w| *w != name && super::sibling(w, name));
        if other {
            cut = true;
        } else {
            kept.push_str(sentence);
        }
    }
    if cut && !kept.trim().is_empty() {
        kept
    } else {
        lower
    }
}

/// "i'd scale orders to 6, queue is growing", "we would restart web":
/// what the writer would do, a suggestion (not "I'd like you to …").
fn would_do(words: &[&str]) -> bool {
    words.windows(2).any(|w| {
        (matches!(w[0], "i'd" | "we'd")
            && !matches!(
                w[1],
                "like" | "love" | "appreciate" | "want" | "need" | "prefer"
            ))
            && crate::words::VERB_PHRASES
                .iter()
                .any(|(p, v)| *p == w[1] && !v.is_read())
    }) || words.windows(3).any(|w| {
        matches!(w[0], "i" | "we")
            && w[1] == "would"
            && crate::words::VERB_PHRASES
                .iter()
                .any(|(p, v)| *p == w[2] && !v.is_read())
    })
}

/// "restart checkout in prod in march", "scale orders to 0 for the whole
/// of december": a month said, a time to come (not "since March", "last
/// March", "back in March").
fn month_said(words: &[&str]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        crate::words::MONTHS.contains(w)
            && !i
                .checked_sub(1)
                .is_some_and(|b| matches!(words[b], "since" | "last" | "back" | "early" | "from"))
            && !(i >= 2 && words[i - 2] == "back")
    })
}

/// "scale checkout to 4 in the other cluster", "label node worker-1 in
/// the new cluster": a cluster said by which one it is, not by its name
/// (a named one is read as the context).
fn other_cluster(words: &[&str]) -> bool {
    words.windows(2).any(|w| {
        matches!(
            w[0],
            "other"
                | "new"
                | "old"
                | "second"
                | "another"
                | "different"
                | "backup"
                | "dr"
                | "secondary"
        ) && matches!(w[1], "cluster" | "clusters")
    })
}

/// "kubectl drain hangs on nodes with local storage\nSteps to reproduce\n1.
/// run `kubectl drain … --ignore-daemonsets`\nExpected …\nActual …": an
/// issue's template, whose steps say how the bug shows, not what to do.
fn bug_report(lower: &str) -> bool {
    (lower.contains("steps to reproduce")
        || lower.contains("to reproduce:")
        || lower.contains("repro steps")
        || lower.contains("how to reproduce"))
        && (lower.contains("expected") || lower.contains("actual"))
}

/// The text without a sentence opened by "fyi" or "heads up" that names
/// none of the order's words (`names`) and is followed by more; `None`
/// where there is none.
fn fyi_sentence_apart(lower: &str, names: &[&str]) -> Option<String> {
    let at = ["fyi", "heads up"]
        .iter()
        .filter_map(|p| lower.find(p))
        .min()?;
    let end = at + lower[at..].find(['.', '!', '?', '\n'])?;
    let sentence = &lower[at..end];
    let rest = lower[end + 1..].trim();
    (!rest.is_empty() && !names.iter().any(|n| sentence.contains(n)))
        .then(|| format!("{} {rest}", &lower[..at]))
}

/// "roll back web to web:1.4": an image to go back to, which is no
/// step back (the words the holds read split it at its colon).
fn undo_to_image(lower: &str) -> bool {
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.windows(2).any(|w| {
        w[0] == "to"
            && super::frame::image_token(
                w[1].trim_matches(|c: char| matches!(c, '\'' | '"' | '`' | ',' | '.' | '?' | '!')),
            )
    })
}

/// The words the holds read: split at spaces and clause marks, quotes
/// and dashes trimmed.
fn hold_words(lower: &str) -> Vec<&str> {
    lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '?' | '!' | '(' | ')'))
        .map(|w| w.trim_matches(['.', '"', '\'', '`', '-', '—', '>']))
        .filter(|w| !w.is_empty())
        .collect()
}

/// "Rules: you may delete pods but never deployments. Task: delete the
/// deployment old-web": a rule of the message that forbids the order's
/// kind of object (or its change) right after "never", "not" or "no".
fn rule_forbids(lower: &str, op: &Operation) -> bool {
    let Some(kind) = op.resource.builtin() else {
        return false;
    };
    lower
        .split(['.', '\n', ';'])
        .map(str::trim_start)
        .filter(|s| {
            ["rules:", "rule:", "constraints:", "constraint:", "policy:"]
                .iter()
                .any(|h| s.starts_with(h))
        })
        .any(|s| {
            let words: Vec<&str> = s
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
                .collect();
            words.iter().enumerate().any(|(i, w)| {
                matches!(*w, "never" | "not" | "no" | "don't" | "dont")
                    && words[i + 1..].iter().enumerate().take(3).any(|(k, n)| {
                        *n == kind.plural
                            || *n == kind.singular
                            // ("never restart anything").
                            || (crate::words::VERB_PHRASES
                                .iter()
                                .any(|(p, v)| p == n && *v == op.verb)
                                && words.get(i + 2 + k).is_some_and(|a| {
                                    matches!(*a, "anything" | "any" | "everything" | "all")
                                }))
                    })
            })
        })
}

/// "Read-only session today, please.", "this task is read-only": a rule
/// of the message against any change — not a read-only role, access,
/// mount or account being made or named.
fn read_only_rule(lower: &str) -> bool {
    ["read-only", "read only", "readonly"].iter().any(|r| {
        lower.match_indices(r).any(|(at, _)| {
            let next = lower[at + r.len()..]
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .trim_matches(|c: char| !c.is_alphanumeric());
            !matches!(
                next,
                "role"
                    | "roles"
                    | "clusterrole"
                    | "access"
                    | "user"
                    | "users"
                    | "account"
                    | "serviceaccount"
                    | "volume"
                    | "volumes"
                    | "mount"
                    | "mounts"
                    | "filesystem"
                    | "root"
                    | "rootfilesystem"
                    | "binding"
                    | "permission"
                    | "permissions"
                    | "rbac"
                    | "group"
                    | "token"
                    | "key"
                    | "api"
                    | "fs"
                    | "replica"
                    | "copy"
                    | "view"
            )
        })
    })
}

/// Whether the words of a sentence name a time set for work, or the
/// best time for it ("the maintenance window", "the change freeze",
/// "traffic is lowest", "every Sunday", "booked", "the migration"); never
/// a deadline, which acting now meets. ("Node x is scheduled for a kernel
/// upgrade tonight. Cordon it." gets ready for the work, now.)
fn work_time_said(said: &[&str]) -> bool {
    !said.contains(&"deadline")
        && said.iter().any(|w| {
            matches!(
                *w,
                "window"
                    | "freeze"
                    | "lowest"
                    | "quietest"
                    | "off-peak"
                    | "every"
                    | "booked"
                    | "migration"
            )
        })
}

/// "The upgrade to 1.30 is booked for 20:00 Wednesday. Drain pool-b-1.",
/// "Traffic is lowest between 2 and 4 in the morning. Restart api.": a
/// sentence that names no change and sets a time for work (see
/// [`work_time_said`]) with a time in it; the change is for then.
fn work_time_sentence(lower: &str) -> bool {
    const WHEN: &[&str] = &[
        "tonight",
        "tomorrow",
        "morning",
        "evening",
        "night",
        "weekend",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "noon",
        "midnight",
        "am",
        "pm",
        "between",
    ];
    lower
        .split(['.', '!', '?', '\n', ';'])
        .filter(|s| !s.trim().is_empty())
        .any(|s| {
            let said: Vec<&str> = s
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != ':'))
                .collect();
            let timed = said.iter().any(|w| {
                WHEN.contains(w)
                    || (w.contains(':') && w.bytes().any(|b| b.is_ascii_digit()))
                    || ((w.ends_with("am") || w.ends_with("pm"))
                        && w.len() > 2
                        && w[..w.len() - 2].bytes().all(|b| b.is_ascii_digit()))
            });
            // ("The migration finished at 01:40", "It's 22:05 now and the
            // window opened at 22:00": the work's time has come.)
            let done = said.contains(&"now")
                || said.iter().enumerate().any(|(k, w)| {
                    w.len() > 4
                        && w.ends_with("ed")
                        && !matches!(*w, "booked" | "scheduled" | "planned" | "removed")
                        && !k.checked_sub(1).is_some_and(|b| {
                            matches!(said[b], "is" | "are" | "be" | "been" | "will")
                        })
                });
            timed
                && !done
                && work_time_said(&said)
                && !said.iter().any(|w| crate::words::CHANGE_WORDS.contains(w))
        })
}

/// "There are five deployments called api, each in its own namespace",
/// "they're somewhere in the processing namespaces": the object is said
/// to be in several places, so an order that names none of them cannot
/// pick the one meant.
fn in_several_places(lower: &str) -> bool {
    [
        "its own namespace",
        "their own namespace",
        "in several namespaces",
        "in multiple namespaces",
        "in many namespaces",
        "in different namespaces",
        "in various namespaces",
        "one per namespace",
        "one in each namespace",
        "in each namespace",
        "somewhere in the",
    ]
    .iter()
    .any(|p| lower.contains(p))
}

/// Where a clause of the asker's own opens after the order (two bytes of
/// punctuation and space, then the subject and "will").
const ASKERS_CLAUSE: [&str; 10] = [
    ", we'll ",
    "; we'll ",
    ", i'll ",
    "; i'll ",
    ", we will ",
    "; we will ",
    ". we'll ",
    ". i'll ",
    "? we'll ",
    "? i'll ",
];

/// `lower` without a last clause in which the people asking plan a
/// change of their own for later: "cordon it; we'll drain after the batch
/// jobs finish tonight", "scale web up by 50%, we'll bring it back down
/// tomorrow". Its time and its condition are of that other change, not of
/// the order. (A plan for the order itself — "drain node-3, we'll do it
/// at 10pm", "restart web, i'll restart it again tomorrow" — is kept, and
/// holds the order.)
fn other_plan_cut(lower: String, op: &Operation) -> String {
    let Some(at) = ASKERS_CLAUSE.iter().filter_map(|o| lower.find(o)).min() else {
        return lower;
    };
    let clause = &lower[at + 2..];
    let words = hold_words(clause);
    // The clause's verb: the first word after the subject and "will".
    let verb = words
        .iter()
        .skip(1)
        .find(|w| !matches!(**w, "will" | "then" | "just" | "probably" | "also"))
        .copied()
        .unwrap_or_default();
    let back = words.contains(&"back") && verb == "bring";
    let known = crate::words::VERB_PHRASES.iter().find(|(p, _)| *p == verb);
    let other = known.is_some_and(|(_, v)| *v != op.verb && !v.is_read())
        // ("… I'll start the postmortem doc once it's stable": work of
        // the asker's own, no cluster change; a word that says what
        // happens to the order keeps it.)
        || (known.is_none()
            && matches!(
                verb,
                "start" | "write" | "open" | "update" | "post" | "file" | "draft" | "ping"
                    | "tell" | "notify" | "inform" | "email" | "message" | "send" | "monitor"
                    | "watch" | "look" | "investigate" | "dig" | "handle" | "follow"
            ));
    if other || back {
        lower[..at].to_owned()
    } else {
        lower
    }
}

/// "delete pod x, we'll do that in the window", "drain node-9, we'll
/// wait for the notice first", "scale api to 0; I'll confirm before
/// midnight", "…, but we'll only do it after QA signs off": the asker's
/// own clause after the order that puts it off or makes it wait.
fn order_put_off(lower: &str) -> bool {
    ASKERS_CLAUSE
        .iter()
        .chain(&[", but we'll ", ", but i'll "])
        .filter_map(|o| lower.find(o).map(|at| at + o.len()))
        .any(|at| {
            let words = hold_words(&lower[at..]);
            let said = |w: &str| words.contains(&w);
            (words
                .windows(2)
                .any(|p| p[0] == "do" && matches!(p[1], "it" | "that" | "this" | "them"))
                && words.len() > 2)
                || said("wait")
                || said("first")
                || said("confirm")
                || said("only")
                || said("before")
                || said("once")
        })
}

/// `lower` without a heading that records when something was decided or
/// told ("Decision from the bridge at 10:14: roll back x", "IC decision
/// at 21:05: restart y", "Update 14:20: …"): its time is the record's,
/// not the change's.
fn record_heading_removed(lower: &str) -> &str {
    let Some((head, rest)) = lower.split_once(": ") else {
        return lower;
    };
    let words: Vec<&str> = head.split_whitespace().collect();
    let record = words.len() <= 8
        && !head.contains(['.', '\n'])
        && words.iter().any(|w| crate::words::RECORD_WORDS.contains(w))
        && !words.iter().any(|w| crate::words::CHANGE_WORDS.contains(w));
    if record { rest } else { lower }
}

/// `lower` without what tells the situation rather than the change: a
/// sentence opening with its own subject that names no change ("We're
/// expecting a spike at noon."), and a value in double quotes after
/// `=` (`maintenance-window="sat 02:00"`).
fn untimed_context(lower: &str) -> String {
    const SUBJECTS: &[&str] = &[
        "we",
        "we're",
        "we've",
        "i",
        "i'm",
        "i've",
        "there",
        "our",
        "traffic",
        "users",
        "customers",
        "they",
        "they're",
    ];
    // A clause that tells what happens of itself ("Black Friday traffic
    // starts tomorrow;", "worker-12 is getting kernel patches tonight —",
    // "Customer demo in an hour —"): its time is the situation's.
    const HAPPENS: &[&str] = &[
        "scheduled",
        "planned",
        "due",
        "starts",
        "begins",
        "kicks",
        "opens",
        "lands",
        "arrives",
        "happens",
        "ends",
        "closes",
        "goes",
        "comes",
        "getting",
        "expected",
        "demo",
        "launch",
        "sale",
        "traffic",
        "release",
        "maintenance",
        "window",
        "patches",
        "migration",
    ];
    // (The change said to wait for it: "… at 2am. Drain node-3 then.")
    // ("after the rotation at 18:00" tells when something happened; "after
    // that" waits.)
    let waits = {
        let ws: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        ws.iter().enumerate().any(|(i, w)| {
            matches!(*w, "then" | "afterwards")
                || (*w == "after"
                    && matches!(
                        ws.get(i + 1),
                        None | Some(&("that" | "this" | "it" | "which" | "those" | "these"))
                    ))
        })
    };
    let mut out = String::with_capacity(lower.len());
    // ("…; scale …", "… — restart …": a clause set apart, as a sentence.)
    let marks: &[char] = if waits {
        &['.', '!', '?', '\n']
    } else {
        &['.', '!', '?', '\n', ';', '—']
    };
    let parts = ended_sentences(lower, marks);
    let last = parts.len().saturating_sub(1);
    // Whether a change is named in a sentence after the n-th.
    let named_change = |s: &str| {
        s.split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
            .any(|w| crate::words::CHANGE_WORDS.contains(&w))
    };
    let change_after: Vec<bool> = {
        let mut after = vec![false; parts.len()];
        for k in (0..parts.len().saturating_sub(1)).rev() {
            after[k] = after[k + 1] || named_change(parts[k + 1].0);
        }
        after
    };
    for (n, (s, end)) in parts.into_iter().enumerate() {
        let mut ws = s
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''));
        let first = ws.clone().next().unwrap_or("");
        // (A change word after the noun of what it changes is a thing of
        // its own: "a firmware update", "a kernel upgrade"; "the restart
        // is scheduled for tonight" names the change.)
        let said: Vec<&str> = ws.clone().collect();
        let changes = said.iter().enumerate().any(|(k, w)| {
            crate::words::CHANGE_WORDS.contains(w)
                && !k
                    .checked_sub(1)
                    .is_some_and(|b| matches!(said[b], "firmware" | "kernel" | "security" | "os"))
        });
        // ("It is for tomorrow.", "This is next week's": the change
        // itself, pointed at.)
        let pointed = matches!(first, "it" | "it's" | "this" | "that" | "these" | "those" | "which")
            // ("The change starts tomorrow.": the change itself, named.)
            || said.iter().any(|w| matches!(*w, "change" | "changes" | "work" | "plan" | "task"));
        let happens = n < last && !waits && !pointed && ws.any(|w| HAPPENS.contains(&w));
        // ("Finance is running the chargeback report tonight": what
        // others are doing then, said in the progressive.)
        let doing = n > 0
            && !waits
            && !pointed
            && said
                .windows(2)
                .any(|w| matches!(w[0], "is" | "are") && w[1].len() > 4 && w[1].ends_with("ing"));
        // ("The pods hold stale credentials after the rotation at 18:00.
        // Please restart x.": a sentence of some length before the order
        // that names no change and points at nothing tells what happened.)
        let points = said
            .iter()
            .any(|w| matches!(*w, "it" | "that" | "this" | "them" | "then" | "there"));
        // (Told in the past: "lost", "was restarted"; never a schedule —
        // "will be Ready in an hour", "runs until 18:00", "finish at 01:30
        // on weeknights".)
        let past = said.iter().any(|w| {
            (w.len() > 4 && w.ends_with("ed"))
                || matches!(
                    *w,
                    "was"
                        | "were"
                        | "had"
                        | "lost"
                        | "broke"
                        | "went"
                        | "came"
                        | "got"
                        | "did"
                        | "ran"
                        | "fell"
                        | "took"
                        | "left"
                        | "saw"
                )
        }) && !said.iter().any(|w| {
            matches!(
                *w,
                "will"
                    | "until"
                    | "every"
                    | "each"
                    | "tonight"
                    | "tomorrow"
                    | "planned"
                    | "scheduled"
                    | "booked"
                    | "finish"
                    | "finishes"
                    | "complete"
                    | "completes"
                    | "opens"
                    | "starts"
                    | "begins"
                    | "ends"
                    | "runs"
                    | "window"
                    | "next"
            )
        });
        let told_before = change_after[n]
            && past
            && !waits
            && !pointed
            && !points
            && said.len() >= 5
            && !LATER.iter().any(|p| s.trim_start().starts_with(p))
            && !matches!(
                first,
                "at" | "by" | "before" | "tonight" | "tomorrow" | "today"
            );
        // ("I'll do the rest tomorrow.": the asker's own plan, apart.)
        let own_plan = matches!(first, "i'll" | "we'll") && !points;
        // ("The deadline is the nightly backup at 1am.": met by acting now.)
        let deadline = said.contains(&"deadline") && !said.contains(&"not");
        // ("The maintenance window opens at 23:00.", "Traffic is lowest
        // between 2 and 4.", "The change freeze ends Monday at 09:00.",
        // "Every Sunday at 03:00 …", "The upgrade is booked for 20:00": a
        // time set for work, or the best time for it; the change belongs
        // to it.)
        let work_time = !deadline && work_time_said(&said);
        let context =
            (SUBJECTS.contains(&first) || happens || doing || told_before || own_plan || deadline)
                && !changes
                && !work_time;
        if !context {
            out.push_str(s);
            if end != '\0' {
                out.push(end);
            }
            out.push(' ');
        }
    }
    // ( `key="…"`: a quoted value, never when.)
    while let Some(at) = out.find("=\"") {
        let Some(close) = out[at + 2..].find('"') else {
            break;
        };
        out.replace_range(at + 1..at + 3 + close, "VALUE");
    }
    out
}

/// Holds a change `op` read from `text` that is not an order to make it
/// now; a read passes.
/// An order that lifts a hold put on before (uncordon, resume): "done"
/// or "false alarm" after it says why, not that it is taken back.
fn undoes_a_hold(op: &Operation) -> bool {
    matches!(
        op.verb,
        kubechat_core::Verb::Uncordon | kubechat_core::Verb::RolloutResume
    )
}

pub(super) fn hold(text: &str, op: &Operation) -> Result<()> {
    if op.risk() == Risk::Read {
        return Ok(());
    }
    // ("明天早上扩容 checkout …": the holds read English words, so a
    // request in Chinese or Japanese is read in the tokenizer's English
    // words; the European languages are said in English before any
    // stage, in `translate`.)
    let english;
    let text = if !text.is_ascii() && text.chars().any(super::tokens::cjk) {
        english = super::tokens::Words::new(text).w.join(" ");
        english.as_str()
    } else {
        text
    };
    let text = answer_templates_removed(text);
    let text = criteria_removed(&text);
    let lower = text.to_lowercase();
    let lower = other_plan_cut(lower, op);
    let lower = sibling_sentences_cut(lower, op);
    let lower = removal_reason_cut(lower, op);
    let words = hold_words(&lower);
    // The order's own clause: before a reason ("because …", "since …")
    // or a clause with its own subject after a comma (", we are patching
    // it later today", ", it failed").
    let main = main_clause(&lower, &words);
    // The phrases by their first word, each word of the message looked
    // up once (this runs on every change read).
    let names: Vec<&str> = [
        op.name.as_ref().map(|n| n.as_str()),
        op.namespace.as_ref().map(|n| n.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    // ("FYI the DR test starts at 14:00. Before then I need node x
    // cordoned": the news in a sentence of its own, which names nothing
    // the order acts on, tells nothing of the order.)
    let news_apart = fyi_sentence_apart(&lower, &names);
    let why = news_apart
        .as_deref()
        .map_or_else(
            || first_phrase(&words, &BY_FIRST_WORD, &names),
            |rest| first_phrase(&hold_words(rest), &BY_FIRST_WORD, &names),
        )
        .or_else(|| {
            told_for_information(news_apart.as_deref().unwrap_or(&lower))
                .then_some("is told, not ordered")
        })
        .or_else(|| {
            // "restart payments done", "prod: restart payments done": the
            // order's line with "done" after its object, told as done
            // ("uncordon x, maintenance done" says why; "when done, print
            // DONE" asks).
            let tail = lower.trim_end_matches(|c: char| !c.is_alphanumeric());
            (!undoes_a_hold(op) && tail
                .strip_suffix(" done")
                .and_then(|t| t.rsplit([' ', ',']).find(|w| !w.is_empty()))
                .is_some_and(|w| names.contains(&w)))
            .then_some("is marked as done, pending or a note")
        })
        .or_else(|| {
            // "drain node-1, false alarm" takes it back; after an order
            // that undoes one ("uncordon node-1, false alarm") it says
            // why.
            (lower.contains("false alarm")
                && !undoes_a_hold(op)
                && !lower.trim_start().starts_with("untaint"))
            .then_some("is taken back")
        })
        .or_else(|| {
            // (A state the reading selects by, "if it is failed", is
            // checked: the field selector says it.)
            // (A named object is not picked by it: "delete pod web-1 if
            // it's still pending" depends on it.)
            ((op.params.field_selector.is_none() || op.name.is_some()) && conditioned(&words))
                .then_some("depends on a condition KubeChat does not check")
        })
        .or_else(|| {
            // (Times said in a sentence that tells the situation — "We
            // expect a spike at noon. Scale web to 12." — and in quoted
            // values — maintenance-window="sat 02:00" — are not the
            // change's.)
            // (One sentence and no quoted value: the text as it is.)
            let several = lower.trim_end_matches(['.', '!', '?', ' ']).contains(['.', '!', '?', '\n', ';', '—'])
                || lower.contains("=\"");
            let timed_text = if several {
                untimed_context(record_heading_removed(&lower))
            } else {
                record_heading_removed(&lower).to_owned()
            };
            let timed_words = hold_words(&timed_text);
            let main = without_deadline(main_clause(&timed_text, &timed_words));
            let main = main.as_slice();
            let told = |phrase: &str| said_in(main, phrase);
            // ("Tomorrow's change: cordon node-12": a heading that says
            // when.)
            let timed_heading = lower.split_once(": ").is_some_and(|(head, _)| {
                head.len() <= 40
                    && !head.contains(['.', '\n'])
                    && ["tonight's", "tomorrow's", "next week's", "weekend's", "friday's", "monday's"]
                        .iter()
                        .any(|t| head.starts_with(t))
            });
            (!now_meanwhile(&lower)
                && (timed_heading
                    || LATER.iter().any(|p| told(p))
                    || later(main)
                    || clock_said(main, op.verb == kubechat_core::Verb::Scale)))
                .then_some("is for later; KubeChat makes changes now")
        })
        .or_else(|| order_put_off(&lower).then_some("is put off, or waits, by what is said after it"))
        .or_else(|| {
            work_time_sentence(&lower)
                .then_some("is for the time of the work the message names; KubeChat makes changes now")
        })
        .or_else(|| {
            // ("Read-only session today, please. Restart checkout": a
            // rule of the message against any change.)
            (read_only_rule(&lower) || rule_forbids(&lower, op))
                .then_some("is against a rule the message states")
        })
        .or_else(|| {
            // ("Question for the team: do we still want to delete …?")
            ["do we want to", "do we still want to", "should we ", "do we need to", "shall we "]
                .iter()
                .any(|q| lower.contains(q))
                .then_some("is asked as a question to the team, not ordered")
        })
        .or_else(|| {
            (op.namespace.is_none() && !op.params.all && in_several_places(&lower)).then_some(
                "names no namespace, and what it acts on is said to be in several; say which (in namespace NAME)",
            )
        })
        .or_else(|| {
            command_questioned(&lower).then_some("is a command asked about, not sent to run")
        })
        .or_else(|| {
            pasted_thread(&lower).then_some("is a conversation between people, pasted; what was agreed there is theirs to do")
        })
        .or_else(|| {
            bug_report(&lower).then_some("is a step of a bug report, told to reproduce it, not ordered")
        })
        .or_else(|| {
            would_do(&words).then_some("is said as what someone would do, not asked")
        })
        .or_else(|| {
            month_said(&words).then_some("names a month, a time this reading does not take; KubeChat makes changes now")
        })
        .or_else(|| {
            other_cluster(&words).then_some("names another cluster than the one it runs on; say which (kubectl --context NAME)")
        })
        .or_else(|| taken_back(&lower, &words).then_some("is taken back, or held"))
        .or_else(|| {
            named_as_thing(&words)
                .then_some("is named as something that happened or is going on, not ordered")
        })
        .or_else(|| corrected_within(&words).then_some("is corrected, or taken back, within the line"))
        .or_else(|| corrected_after(&lower).then_some("is corrected, or taken back, after it"))
        .or_else(|| {
            (op.verb == kubechat_core::Verb::Delete && op.name.is_some() && state_clause(&words))
                .then_some("depends on the object's state, which KubeChat does not check")
        })
        .or_else(|| quoted_step(&lower).then_some("is quoted, or a step of a list"))
        .or_else(|| {
            aside_holds(&lower).then_some("has a remark in brackets that takes it back or tells it")
        })
        .or_else(|| look_first(&words).then_some("asks for a look before it"))
        .or_else(|| {
            (op.verb == kubechat_core::Verb::RolloutUndo
                && (version_named(&words) || undo_to_image(&lower)))
            .then_some(
                "names a version to go back to, which is no revision number (kubectl rollout history shows them; say --to-revision=N)",
            )
        })
        .or_else(|| two_values(&words, op).then_some("sets one key to two values"))
        .or_else(|| {
            owner_part(&words, op).then_some(
                "names a part of another object (its pods, its node, its claims), not the object itself; name them, or give their label selector",
            )
        })
        .or_else(|| {
            marked_done(&lower).then_some("is marked as done, pending or a note")
        })
        .or_else(|| {
            asked_of_people(&lower).then_some("is asked of the people in the channel, not of KubeChat")
        })
        .or_else(|| {
            (op.verb == kubechat_core::Verb::RolloutUndo
                && op.params.to_revision.is_none()
                && revision_unread(&words, op))
            .then_some("names a revision or version this reading does not take (say --to-revision=N; kubectl rollout history shows them)")
        })
        .or_else(|| {
            count_of_objects(&words, op)
                .then_some("names how many of them, or which kind of them, and not which ones; name them, or give a selector")
        })
        .or_else(|| temporary(&words).then_some("is for a while only, and putting it back is a change of its own"))
        .or_else(|| {
            (op.verb == kubechat_core::Verb::Scale && relative_unread(&words, op))
                .then_some("says a count relative to the one running (+N, N more), which this reading took as the count")
        })
        .or_else(|| {
            (lower.contains("&&") || lower.contains("||"))
                .then_some("joins two commands, which KubeChat runs one at a time")
        })
        .or_else(|| {
            also_another(&words, op).then_some("names another object to do the same to")
        })
        .or_else(|| {
            change_beside(&lower, op)
                .then_some("also asks for a second change (\"…, deleting …\"), a change of its own to ask for alone")
        })
        .or_else(|| {
            asked_about_doing(&words).then_some("is asked about, not ordered")
        })
        .or_else(|| {
            command_asked_about(&lower)
                .then_some("asks about a command, and names no object to run it on")
        })
        .or_else(|| {
            place_unread(&words, op).then_some(
                "says where with \"in …\", which is not read as the namespace (say \"in namespace NAME\")",
            )
        })
        .or_else(|| {
            bracketed_word(&lower, op).is_some().then_some(
                "says a word in brackets, which may be the namespace and is not read as one (say \"in namespace NAME\")",
            )
        })
        .or_else(|| {
            // "delete pod web-1 @prod", "remove pod web-1 out of prod",
            // "… off prod": a place said in a way that may be a
            // namespace or a cluster.
            // ("hey @oncall-bot restart …": whom the message is for, first
            // or after a greeting.)
            (lower
                .split_whitespace()
                .zip(lower.split_whitespace().skip(1))
                .any(|(before, w)| {
                    w.len() > 1
                        && w.starts_with('@')
                        && w[1..].starts_with(|c: char| c.is_ascii_alphabetic())
                        && !matches!(before.trim_end_matches([',', '!']), "hey" | "hi" | "hello" | "yo" | "ok" | "okay")
                        // (":fire: @kubebot restart …": after an emoji.)
                        && !(before.len() > 2 && before.starts_with(':') && before.ends_with(':'))
                })
                || (words.windows(2).any(|w| w[0] == "out" && w[1] == "of")
                    && op.namespace.is_none()
                    && op.resource.builtin().is_none_or(|b| b.namespaced))
                || (words.len() >= 2
                    && words[words.len() - 2] == "off"
                    && op.namespace.is_none()
                    && op.resource.builtin().is_none_or(|b| b.namespaced))
                // ("apply manifests/web.yaml to prod": a file sent to a
                // place.)
                || (matches!(op.verb, kubechat_core::Verb::Apply | kubechat_core::Verb::Create)
                    && op.params.file.is_some()
                    && op.namespace.is_none()
                    && lower.split(['.', '!', '?', '\n', ';', '\u{2014}']).any(|part| {
                        let w: Vec<&str> = part.split_whitespace().collect();
                        w.len() >= 2
                            && w[w.len() - 2] == "to"
                            && !w[w.len() - 1].contains(['/', ':'])
                            && w[w.len() - 1].trim_end_matches(',') != "the"
                    })))
            .then_some("says where in a way that may be a namespace or a cluster (say \"in namespace X\" or \"on cluster X\")")
        })
        .or_else(|| {
            unread_option(&words, op).then_some("says an option (a grace period, a timeout, a pod selector) this reading does not take")
        })
        .or_else(|| range_named(&words, op).then_some("names a range of objects (name each one)"))
        .or_else(|| {
            // ("Goal: free up node-3. Steps: cordon node-3, drain it.")
            (planned(&lower) || ["steps:", "goal:", "plan:"].iter().any(|p| lower.contains(p)))
                .then_some("is written down as a plan or a record")
        })
        .or_else(|| plan_told(&words, op).then_some("is told as what someone will do, not asked"))
        .or_else(|| first_phrase(main, &TOLD_BY_FIRST_WORD, &names))
        .or_else(|| (corrected(&words) || two_counts(&lower, op)).then_some("says two counts"))
        .or_else(|| {
            node_of_other(&words, op).then_some("aims at a node found through another object")
        })
        .or_else(|| {
            // "delete pod web-1 in api's namespace": where api lives, or a
            // namespace named api — which, is asked.
            words
                .windows(2)
                .any(|w| {
                    super::possessed(w[0]).len() < w[0].len()
                        && matches!(w[1], "namespace" | "ns")
                })
                .then_some("names a namespace as another object's, which may be where that object lives or a namespace of its name")
        })
        .or_else(|| {
            bounds_changed(&words, op).then_some(
                "changes an autoscaler's bounds, which is a patch of the one there (kubectl patch hpa NAME -p …), not a new one",
            )
        })
        .or_else(|| failed_told(&lower).then_some("is told as having failed"))
        .or_else(|| done_by_people(&words).then_some("is told as done already"))
        .or_else(|| asks_whether(&lower).then_some("asks whether to make it"))
        .or_else(|| {
            (op.verb == kubechat_core::Verb::Delete && out_of_rotation(&words)).then_some(
                "takes something out of rotation, which deletes nothing (a node is cordoned: kubectl cordon NAME)",
            )
        })
        .or_else(|| {
            bare_question(&lower)
                .then_some("is asked with a question mark, which may ask whether to make it")
        });
    if let Some(reason) = parts_of_owner(&words, op) {
        return Err(Error::NotUnderstood {
            reason,
            suggestions: Vec::new(),
        });
    }
    match why {
        None => Ok(()),
        Some(why) => Err(Error::NotUnderstood {
            reason: format!("this change {why}; send the line when it is meant now"),
            // (What was taken back or corrected is not offered again.)
            // (Nor is a reading that picked one of two counts, another
            // object's name for a node, or a new autoscaler for a patch.)
            suggestions: if [
                "taken back",
                "corrected",
                "two counts",
                "another object",
                "bounds",
                "two values",
                "range",
                "version",
                "part of another",
                "revision",
                "how many",
                "relative",
                "another object",
                "two commands",
                "about a command",
                "change of its own",
            ]
            .iter()
            .any(|w| why.contains(w))
                // ("show the events for node node-3 during the drain"):
                // a look asked for is never answered with a change to
                // try.
                || super::frame::opens_with_look(
                    lower
                        .split_whitespace()
                        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())),
                    &["check", "see", "tell"],
                ) {
                Vec::new()
            } else if (why.contains("says where with") || why.contains("in brackets"))
                && let Some(ns) = unread_place(&words, op)
                    .or_else(|| bracketed_word(&lower, op))
                    .and_then(|p| kubechat_core::Namespace::parse(p).ok())
            {
                // ("scale statefulset kafka in streaming to 5": the place
                // offered as the namespace, never dropped from the line
                // to send.)
                let mut placed = op.clone();
                placed.namespace = Some(ns);
                vec![kubechat_core::kubectl::render(&placed)]
            } else {
                vec![kubechat_core::kubectl::render(op)]
            },
        }),
    }
}

/// "restart api, deleting the old pods first", "scale web to 0,
/// removing its hpa": another change said as a participle after a comma,
/// which the reading drops. (How the same change is done stays: "drain
/// node-3, deleting emptydir data", "delete pod web-1, removing it
/// from the service".)
fn change_beside(lower: &str, op: &Operation) -> bool {
    use kubechat_core::Verb;
    lower.match_indices(", ").any(|(at, _)| {
        let mut next = lower[at + 2..]
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
        let (Some(w), after) = (next.next(), next.next()) else {
            return false;
        };
        // ("…, patching done 🎉": what was being done, now over.)
        if !(w.ends_with("ing") && crate::words::CHANGE_WORDS.contains(&w))
            || after.is_none_or(|a| {
                matches!(
                    a,
                    "" | "done"
                        | "complete"
                        | "completed"
                        | "finished"
                        | "over"
                        | "is"
                        | "was"
                        | "ok"
                        | "went"
                        | "worked"
                        | "failed"
                )
            })
        {
            return false;
        }
        let same = match op.verb {
            Verb::Delete => matches!(w, "deleting" | "removing" | "killing" | "destroying"),
            Verb::RolloutRestart => matches!(w, "restarting" | "bouncing" | "recycling"),
            Verb::Scale => w == "scaling",
            Verb::Drain => {
                matches!(w, "draining" | "evicting")
                    || (matches!(w, "deleting" | "removing")
                        && matches!(after, Some("emptydir" | "local" | "empty" | "any" | "the")))
            }
            Verb::Cordon => w == "cordoning",
            Verb::Label => matches!(w, "labeling" | "labelling" | "removing"),
            Verb::Annotate => matches!(w, "annotating" | "removing"),
            _ => false,
        };
        !same
    })
}

/// "delete the deployment web's pods", "delete job backup's pod",
/// "delete the statefulset db's pod db-0": the parts of an owner are
/// asked to go, not the owner — a delete read as the owner's is asked
/// back. (Its parts are found by its selector, which the person gives.)
fn parts_of_owner(words: &[&str], op: &Operation) -> Option<String> {
    const PARTS: [&str; 8] = [
        "pod",
        "pods",
        "replicaset",
        "replicasets",
        "job",
        "jobs",
        "container",
        "containers",
    ];
    if op.verb != kubechat_core::Verb::Delete {
        return None;
    }
    let name = op.name.as_ref()?.as_str();
    let owner = op.resource.as_str();
    let at = words
        .iter()
        .position(|w| w.strip_suffix("'s").unwrap_or(w) == name)?;
    // Right after the name ("web's pods", "web pod"); "and its pods",
    // "leave its pods running" say what becomes of them (a cascade).
    let part = words.get(at + 1).filter(|w| {
        PARTS.contains(w) && kubechat_core::resources::lookup(w).is_some_and(|b| b.plural != owner)
    })?;
    let kind = op.resource.builtin().map_or(owner, |b| b.singular);
    Some(format!(
        "the {part} of {kind} {name} are asked to go, not {name} itself; name them, or give their label selector (-l)"
    ))
}

/// A condition: "if" or "unless" anywhere ("delete pod x only if it's
/// stuck"), "when" not asking when ("when web crashes, restart it", not
/// "when did …"), "once" opening the message.
fn conditioned(words: &[&str]) -> bool {
    // kubectl's own idioms are no conditions on the order: "if it
    // exists" (nothing to do otherwise), "even if there are pods …"
    // (--force), "if its current size is 2" (a precondition kubectl
    // checks), "only if the user confirms" (every change is confirmed).
    // Nor is the person's own need after "when", "if" or "once": "when
    // you don't need the CronJob hello anymore, delete it" (the docs'
    // clean-up step) holds when it is asked; any other condition in the
    // message still counts ("when you're done, delete web-1 if it is
    // still failing").
    const OWN_NEED: &[&[&str]] = &[
        &["you", "don't", "need"],
        &["you", "do", "not", "need"],
        &["you", "no", "longer", "need"],
        &["we", "don't", "need"],
        &["we", "no", "longer", "need"],
        &["you're", "done"],
        &["you", "are", "done"],
        &["you're", "finished"],
        &["you", "are", "finished"],
        // "… when you get a sec", "when u get a chance": soon, no
        // condition.
        &["you", "get", "a"],
        &["u", "get", "a"],
        &["you", "have", "a"],
        &["u", "have", "a"],
        &["you", "can"],
        &["u", "can"],
    ];
    let own_need = |i: usize| {
        OWN_NEED.iter().any(|idiom| {
            words
                .get(i + 1..)
                .is_some_and(|rest| rest.starts_with(idiom))
        })
    };
    const IDIOMS: &[&[&str]] = &[
        &["if", "it", "exists"],
        &["if", "one", "exists"],
        &["if", "they", "exist"],
        &["if", "present"],
        &["if", "already", "present"],
        &["if", "it", "already", "exists"],
        // "overwrite if it's there": --overwrite.
        &["if", "it's", "there"],
        &["if", "it", "is", "there"],
        &["if", "already", "set"],
        // "If the label already exists, overwrite it": --overwrite.
        &["if", "the", "label", "already", "exists"],
        &["if", "the", "annotation", "already", "exists"],
        &["if", "the", "label", "exists"],
        &["if", "the", "annotation", "exists"],
        &["if", "the", "key", "already", "exists"],
        // "…, replacing the old value if there is one": --overwrite.
        &["if", "there", "is", "one"],
        &["if", "there's", "one"],
        &["if", "any"],
        &["even", "if"],
        &["current", "size"],
        &["currently", "at"],
        &["current", "replicas"],
        &["user", "confirms"],
    ];
    if IDIOMS
        .iter()
        .any(|idiom| words.windows(idiom.len()).any(|w| w == *idiom))
    {
        return false;
    }
    // "When finished, report `ROLLBACK: done`", "Report CREATED when
    // done": what to say after the change, no condition on it.
    // ("Confirm when the node is drained", "let me know when it's done":
    // what to say after the change, said right before "when".)
    let report_after = |i: usize| {
        (matches!(
            words.get(i + 1),
            Some(&("done" | "finished" | "complete" | "completed"))
        ) && words.iter().any(|w| {
            matches!(
                *w,
                "report" | "print" | "output" | "reply" | "respond" | "answer" | "write" | "echo"
            )
        })) || (i.saturating_sub(3)..i).any(|k| {
            matches!(
                words[k],
                "confirm" | "notify" | "ping" | "tell" | "know" | "report"
            )
        })
    };
    // "If something unexpected blocks you, stop and report BLOCKED", "if
    // a command fails, explain why": what to do instead of the change
    // when it cannot be made, no condition on making it.
    let fallback_after = |i: usize| {
        words[i + 1..]
            .iter()
            .take(8)
            .take_while(|w| **w == "stop" || !crate::words::CHANGE_WORDS.contains(w))
            .any(|w| {
                matches!(
                    *w,
                    "stop" | "report" | "explain" | "abort" | "halt" | "escalate" | "ask"
                )
            })
    };
    words.iter().enumerate().any(|(i, w)| match *w {
        "if" => !own_need(i) && !fallback_after(i),
        "unless" | "whenever" => true,
        // "as soon as the on-call hands over, spin down x": waits for it
        // ("as soon as possible" is now).
        "soon" => {
            i >= 1
                && words[i - 1] == "as"
                && words.get(i + 1) == Some(&"as")
                && !matches!(words.get(i + 2), Some(&("possible" | "you" | "u" | "we")))
        }
        // "Should the migration fail, delete job x": a condition said by
        // inversion (or a question: either way, nothing now).
        "should" => i == 0,
        "when" => {
            !own_need(i)
                && !report_after(i)
                && !matches!(
                    words.get(i + 1),
                    Some(&("did" | "was" | "is" | "were" | "does" | "will"))
                )
        }
        // "remove the annotation once the migration is done" waits for
        // it; "at once", "once more" do not.
        "once" => {
            !own_need(i)
                && !report_after(i)
                // ("the cronjob failed once with a timeout": one time.)
                && !i.checked_sub(1).is_some_and(|b| {
                    (words[b].ends_with("ed") && words[b].len() > 3)
                        || matches!(words[b], "ran" | "did" | "only" | "just" | "happened")
                })
                && !matches!(
                    words.get(i + 1),
                    Some(&("with" | "per" | "every" | "today" | "yesterday" | "last" | "this"))
                )
                // ("Once more with the right name: delete x".)
                && !matches!(words.get(i + 1), Some(&("more" | "again")))
                && (i == 0
                    || (!matches!(words.get(i.wrapping_sub(1)), Some(&"at"))
                        && !matches!(words.get(i + 1), Some(&("a" | "an")))))
        }
        // "uncordon node-8 after the firmware update finishes": waits for
        // something to end ("after the weekend" is a time, held apart).
        // ("The grader inspects the cluster after you finish": the
        // end of the work asked, no condition on it.)
        "after" => {
            !matches!(words.get(i + 1), Some(&("you" | "u")))
                && words[i + 1..].iter().take(6).any(|w| {
                    matches!(
                        *w,
                        "finishes"
                            | "finish"
                            | "finished"
                            | "completes"
                            | "completed"
                            | "ends"
                            | "succeeds"
                            | "passes"
                            | "lands"
                            | "done"
                            | "over"
                            // ("after the code freeze lifts".)
                            | "lifts"
                            | "lifted"
                    )
                })
        }
        // "Before I delete the pvc data-es-0, is anything still mounting
        // it?": the change is what is weighed, the question what is asked.
        // ("drain node-12 before i patch it": the order first, done now,
        // ahead of what comes after.)
        "before" => {
            !words
                .first()
                .is_some_and(|w| crate::words::CHANGE_WORDS.contains(w))
                && matches!(words.get(i + 1), Some(&("i" | "we" | "you")))
                // ("before I go: roll x back", "before I log off": now,
                // while the person is still here.)
                && !matches!(
                    words.get(i + 2),
                    Some(&("go" | "leave" | "log" | "head" | "sign" | "clock" | "forget" | "hand"))
                )
                && words[i + 2..]
                    .iter()
                    .take(3)
                    .any(|w| crate::words::CHANGE_WORDS.contains(w))
        }
        _ => false,
    })
}

/// "restart web?", "hey, scale api to 0?", "restart web? thanks",
/// "web is stuck, roll it back?": a sentence (or its last clause) that
/// opens with a change's verb and ends with a question mark may be an
/// order or a question whether to make it. "can you restart web?" and
/// "restart web, please?" ask for it, and are orders.
fn bare_question(lower: &str) -> bool {
    const FILLER: [&str; 10] = [
        "maybe", "just", "then", "now", "quickly", "also", "and", "we", "so", "ok",
    ];
    const POLITE: [&str; 6] = ["please", "pls", "plz", "kindly", "thanks", "thx"];
    if !lower.contains('?') {
        return false;
    }
    let questions = ended_sentences(lower, &['.', '!', '?', '\n'])
        .into_iter()
        .filter(|&(_, end)| end == '?');
    questions.map(|(q, _)| q).any(|q| {
        let words: Vec<&str> = q
            .split(|c: char| c.is_whitespace() || matches!(c, ';' | ':'))
            .map(|w| w.trim_matches(['"', '\'', '`', '-']))
            .filter(|w| !w.is_empty())
            .collect();
        if words.iter().any(|w| POLITE.contains(&w.trim_matches(','))) {
            return false;
        }
        // ("can you …", "could you …", "would you …": asked for.)
        if words
            .windows(2)
            .any(|w| matches!(w[0], "can" | "could" | "would" | "will") && w[1].starts_with("you"))
        {
            return false;
        }
        // The sentence, and its last clause after a comma.
        let last_clause = words
            .iter()
            .rposition(|w| w.ends_with(','))
            .map_or(0, |at| at + 1);
        [0, last_clause].iter().any(|&from| {
            let opening: Vec<&str> = words[from..]
                .iter()
                .map(|w| w.trim_end_matches(','))
                .skip_while(|w| {
                    w.starts_with('@') || FILLER.contains(w) || super::INTERJECTIONS.contains(w)
                })
                .take(3)
                .collect();
            let changes = |p: &str| {
                crate::words::VERB_PHRASES
                    .iter()
                    .any(|(phrase, v)| *phrase == p && !v.is_read())
            };
            let rollout = opening.first() == Some(&"rollout")
                && matches!(
                    opening.get(1),
                    Some(&("restart" | "undo" | "resume" | "pause"))
                );
            // ("update all pods in x with the annotation k=v?": a verb
            // the pair's kind makes a change.)
            // ("switch svc web to LoadBalancer?": a Service's type.)
            let pair_change = matches!(
                opening.first(),
                Some(
                    &("update"
                        | "set"
                        | "tag"
                        | "change"
                        | "switch"
                        | "convert"
                        | "patch"
                        | "make"
                        | "turn"
                        | "modify")
                )
            );
            rollout
                || pair_change
                || opening.first().is_some_and(|w| changes(w))
                || (opening.len() >= 2 && changes(&opening[..2].join(" ")))
                || (opening.len() == 3 && changes(&opening.join(" ")))
        })
    })
}

/// Whether `phrase` stands among `words`, word for word (compared in
/// place: this runs on every change read).
fn said_in(words: &[&str], phrase: &str) -> bool {
    (0..words.len()).any(|i| starts(&words[i..], phrase))
}

/// Whether `phrase` starts `words`.
fn starts(words: &[&str], phrase: &str) -> bool {
    // Word by word, stopping at the first that differs (most differ at
    // the first).
    phrase
        .split(' ')
        .enumerate()
        .all(|(at, part)| words.get(at) == Some(&part))
}

/// The words of the order's own clause (see [`hold`]).
fn main_clause<'a>(lower: &str, words: &'a [&'a str]) -> &'a [&'a str] {
    let reason = words
        .iter()
        .position(|w| matches!(*w, "because" | "since" | "cause" | "as" | "cuz" | "coz"));
    // A comma followed by a subject: count the words before it.
    let comma = lower.find(", ").and_then(|at| {
        let next = lower[at + 2..].split_whitespace().next()?;
        matches!(
            next,
            "we" | "we're"
                | "it"
                | "it's"
                | "its"
                | "they"
                | "they're"
                | "i"
                | "i'm"
                | "the"
                | "requests"
                | "users"
                | "traffic"
                | "kernel"
                | "our"
        )
        .then(|| lower[..at].split_whitespace().count())
    });
    let end = [reason, comma]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(words.len());
    &words[..end.min(words.len())]
}

/// "Rollback plan: undo deployment web", "Suggestion: restart deployment
/// web", "Yesterday's change: delete pod web-1": a heading that files the
/// change as a plan, an idea or a record of what was done.
fn planned(lower: &str) -> bool {
    // ("Summary: the pods picked up a bad endpoint. Action: restart x":
    // the order under a heading of its own that asks.)
    if ["action: ", "request: ", "ask: ", "todo: ", "next step: "]
        .iter()
        .any(|h| lower.contains(&format!(". {h}")) || lower.contains(&format!("\n{h}")))
    {
        return false;
    }
    lower.split_once(": ").is_some_and(|(head, _)| {
        head.split_whitespace().count() <= 4
            && head.split_whitespace().any(|w| {
                matches!(
                    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''),
                    "plan"
                        | "plans"
                        | "suggestion"
                        | "suggestions"
                        | "suggested"
                        | "idea"
                        | "ideas"
                        | "proposal"
                        | "proposed"
                        | "option"
                        | "options"
                        | "yesterday's"
                        | "yesterday"
                        | "history"
                        | "postmortem"
                        | "post-mortem"
                        | "example"
                        | "e.g"
                        | "recap"
                        | "summary"
                        | "log"
                        | "changelog"
                        | "previously"
                )
            })
    })
}

/// "I'll delete pod web-1", "we will drain node-3 tonight", "once you're
/// done, they delete deployment web": what someone will do (or does),
/// told, not asked ("I'll need you to restart web" still asks).
fn plan_told(words: &[&str], op: &Operation) -> bool {
    // (The base forms only: "they deleted pod x" tells what was done,
    // which other rules read.)
    const CHANGES: &[&str] = &[
        "delete", "remove", "restart", "scale", "drain", "cordon", "uncordon", "roll", "rollback",
        "undo", "label", "annotate", "taint", "patch", "apply", "create", "expose", "kill",
        "bounce", "evict", "update", "set",
    ];
    // ("get rid of hpa x, we're going to scale by hand": another change
    // planned, the reason for the order — not the order told.)
    let other = |w: &str| {
        crate::words::VERB_PHRASES
            .iter()
            .find(|(p, _)| *p == w)
            .is_some_and(|(_, v)| *v != op.verb)
    };
    let change = |w: &str| CHANGES.contains(&w) && !other(w);
    // "deleting pod web-1 would cause an outage", "to delete web-1 would
    // be wrong": the change as the subject of a sentence about it.
    let as_subject = {
        let first = words.first().copied().unwrap_or_default();
        let opens = first
            .strip_suffix("ing")
            .is_some_and(|stem| change(stem) || change(&format!("{stem}e")))
            || (first == "to" && words.get(1).is_some_and(|w| change(w)));
        opens
            && words
                .iter()
                .enumerate()
                // (A hypothetical: "Patching on worker-7 is finished"
                // reports, it is no such sentence; "… Could someone do a
                // rolling restart?" asks, after it.)
                .any(|(i, w)| {
                    matches!(*w, "would" | "could" | "might")
                        && !matches!(
                            words.get(i + 1),
                            Some(&("you" | "u" | "someone" | "somebody" | "anyone" | "we" | "i"))
                        )
                })
    };
    // "the plan is to delete …", "the idea is to restart …".
    let plan_is = words.windows(4).any(|w| {
        matches!(w[0], "plan" | "idea" | "goal" | "intention")
            && w[1] == "is"
            && w[2] == "to"
            && change(w[3])
    });
    if as_subject || plan_is {
        return true;
    }
    words.iter().enumerate().any(|(i, w)| {
        // "Bob will delete pod web-1", "I will need to delete …", "ops is
        // going to scale …", "I'll be deleting …".
        if i > 0 && matches!(*w, "will" | "shall") && words.get(i - 1) != Some(&"you") {
            let mut at = i + 1;
            if words.get(at) == Some(&"need") && words.get(at + 1) == Some(&"to") {
                at += 2;
            }
            if words.get(at).is_some_and(|v| change(v)) {
                return true;
            }
        }
        if *w == "going"
            && words.get(i + 1) == Some(&"to")
            && words.get(i + 2).is_some_and(|v| change(v))
        {
            return true;
        }
        if matches!(*w, "i'll" | "we'll" | "they'll")
            && words.get(i + 1) == Some(&"be")
            && words
                .get(i + 2)
                .and_then(|g| g.strip_suffix("ing"))
                .is_some_and(|stem| change(stem) || change(&format!("{stem}e")))
        {
            return true;
        }
        let after = match *w {
            "i'll" | "we'll" | "they'll" | "they" => i + 1,
            "i" | "we" if matches!(words.get(i + 1), Some(&("will" | "shall"))) => i + 2,
            "i" | "we"
                if matches!(words.get(i + 1), Some(&("plan" | "intend")))
                    && words.get(i + 2) == Some(&"to") =>
            {
                i + 3
            }
            _ => return false,
        };
        words.get(after).is_some_and(|v| change(v))
    })
}

/// "restart web... wait", "delete deployment web. stop", "hold the
/// delete of ns staging until …", "delete pod web-1 ❌": a change taken
/// back, or held, by where a word stands or by a symbol of no (the
/// phrases that do so are among [`HEDGES`]).
fn taken_back(lower: &str, words: &[&str]) -> bool {
    matches!(words.last(), Some(&("wait" | "stop")))
        || words.first() == Some(&"hold")
        || lower.contains([
            '\u{274C}',
            '\u{26D4}',
            '\u{1F6AB}',
            '\u{1F6D1}',
            '\u{1F645}',
            '\u{270B}',
            '\u{1F44E}',
        ])
}

/// The sentences of `lower`, each with the mark that ends it (`'\0'`
/// for the last, unended one); a dot inside a word ("example.com/foo",
/// "ip-10-0-3-117.ec2.internal") ends none.
fn ended_sentences<'a>(lower: &'a str, ends: &[char]) -> Vec<(&'a str, char)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in lower.char_indices() {
        let inside_word = c == '.'
            && lower[i + 1..]
                .chars()
                .next()
                .is_some_and(|n| !n.is_whitespace());
        if ends.contains(&c) && !inside_word {
            out.push((&lower[start..i], c));
            start = i + c.len_utf8();
        }
    }
    out.push((&lower[start..], '\0'));
    out
}

/// "delete pod web-1 in prod. sorry, I meant dev", "restart api in prod.
/// no, staging", "delete pod web-1. wait, no, don't": a sentence after
/// the order that corrects it or takes it back — the line as sent is not
/// what is wanted. (Said first, "sorry to bother, delete pod web-1" is
/// politeness.)
fn corrected_after(lower: &str) -> bool {
    // ("scale api to zero — no, do not do that", "restart worker - ugh,
    // ignore me": an afterthought set apart by a dash is a sentence of
    // its own.)
    // (Only an afterthought that opens by taking back: "— only the
    // training jobs should land there", "-- not the sidecar" say how.)
    const TAKES_BACK: &[&str] = &[
        "no", "nah", "nope", "wait", "actually", "cancel", "ugh", "scratch", "never", "don't",
        "dont", "do", "forget", "ignore", "oops", "sorry", "hold", "hmm", "hm", "uh",
    ];
    let dashed;
    let lower = if [" - ", " -- ", " — ", " – "]
        .iter()
        .any(|d| lower.contains(d))
    {
        let mut out = String::with_capacity(lower.len());
        let mut rest = lower;
        while let Some((at, len)) = [" - ", " -- ", " — ", " – "]
            .iter()
            .filter_map(|d| rest.find(d).map(|at| (at, d.len())))
            .min()
        {
            out.push_str(&rest[..at]);
            let after = &rest[at + len..];
            let first = after
                .split(|c: char| c.is_whitespace() || c == ',')
                .next()
                .unwrap_or_default();
            out.push_str(if TAKES_BACK.contains(&first) {
                ". "
            } else {
                " , "
            });
            rest = after;
        }
        out.push_str(rest);
        dashed = out;
        dashed.as_str()
    } else {
        lower
    };
    // The sentences, each with whether a question mark ends it.
    let sents: Vec<(&str, bool)> = ended_sentences(lower, &['.', '!', '?', '\n', ';'])
        .into_iter()
        .map(|(s, end)| (s.trim(), end == '?'))
        .filter(|(s, _)| !s.is_empty())
        .collect();
    // The order's sentence: the first with a word of change; what comes
    // after it may correct it ("… prod. actually, staging"), take it back
    // ("… nah", "… let me check first"), doubt it ("… really?") or name
    // another object ("… uh, web-2").
    // (Said as an order: its first word, after "please", "can you" and
    // the like, is the change's verb — "hr-app … we do not want it to be
    // removed" tells, it does not order.)
    let Some(order_at) = sents.iter().position(|(s, _)| {
        s.split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .find(|w| {
                !matches!(
                    *w,
                    "please"
                        | "pls"
                        | "can"
                        | "could"
                        | "would"
                        | "you"
                        | "u"
                        | "hey"
                        | "hi"
                        | "so"
                        | "then"
                        | "also"
                        | "kindly"
                        | "now"
                        | "ok"
                        | "okay"
                        | "just"
                        | ""
                )
            })
            .is_some_and(|w| {
                crate::words::CHANGE_WORDS.contains(&w) && !w.ends_with("ing") && !w.ends_with("ed")
            })
    }) else {
        return false;
    };
    let order_words: Vec<&str> = sents[order_at].0.split_whitespace().collect();
    let harmless = |s: &str| HARMLESS_AFTER.iter().any(|h| s.contains(h));
    let order_verb = order_words
        .iter()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|w| crate::words::CHANGE_WORDS.contains(w));
    sents[order_at + 1..].iter().any(|&(s, asked)| {
        if harmless(s) || spares_another(s, &order_words) || fallback_said(s) {
            return false;
        }
        // "…, it's called netshoot-tmp. sorry about that": an apology for
        // the mess, not for the order ("sorry about that, I meant web-2"
        // corrects it).
        if (s.starts_with("sorry about that") || s.starts_with("sorry for the mess"))
            && s.split_whitespace().count() <= 6
            && !s
                .split_whitespace()
                .any(|w| CORRECTING.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())))
        {
            return false;
        }
        // "Restart deployment x. Don't scale anything.": a bound on what
        // else may change, about another change than the order's.
        let bound = s.split_whitespace().any(|w| {
            matches!(
                w.trim_matches(|c: char| !c.is_alphanumeric()),
                "anything" | "nothing" | "everything"
            )
        }) && order_verb.is_none_or(|v| {
            !s.split_whitespace()
                .any(|w| w.trim_matches(|c: char| !c.is_alphanumeric()) == v)
        });
        if bound {
            return false;
        }
        // "delete pod x. no, don't delete anything": a "no" that opens
        // a sentence, then a negation, takes the order back (whatever
        // the rest of it spares).
        let mut opening = s.split(|c: char| c.is_whitespace() || c == ',');
        if matches!(
            opening.next(),
            Some("no" | "nope" | "nah" | "wait" | "actually" | "cancel")
        ) && s.split_whitespace().any(|w| {
            matches!(
                w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''),
                "don't" | "dont" | "not" | "never" | "stop"
            )
        }) {
            return true;
        }
        // "Roll it back. Do not edit the deployment spec manually.", "Delete
        // them. Do not delete pods with other labels.": a rule for how the
        // order is done — another change forbidden, or other objects
        // spared — not the order taken back ("don't, actually" and
        // "don't do that" take it back).
        match prohibition(s, order_verb) {
            Some(true) => return false,
            // "delete pod web-1. do not delete it": the order's own change
            // forbidden.
            Some(false) => return true,
            None => {}
        }
        // A question about it ("really?", "is that safe?", "ok?"); one
        // of its own ("What happened?") asks something else.
        if asked
            && !s.split_whitespace().next().is_some_and(|w| {
                matches!(
                    w,
                    "what" | "why" | "how" | "where" | "which" | "who" | "when"
                )
            })
        {
            return true;
        }
        // (Whole words: "Leave its service in place" keeps nothing back.)
        let padded = format!(" {} ", s.trim_end_matches(['.', '!', '?']));
        if TAKEN_BACK_PHRASES
            .iter()
            .any(|p| padded.contains(&format!(" {p} ")) || padded.contains(&format!(" {p},")))
        {
            return true;
        }
        let words: Vec<&str> = s
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | ':'))
            .map(|w| w.trim_matches(['"', '\'', '`', '-', '—', '*', '(', ')']))
            .filter(|w| !w.is_empty())
            .collect();
        let short = words.len() <= 3;
        words.iter().enumerate().any(|(i, w)| {
            // ("… use emptyDir scratch space": a noun, no "scratch that".)
            (TAKEN_BACK_AFTER.contains(w)
                // ("… so the change must actually be applied": emphasis.)
                && !(*w == "actually"
                    && i.checked_sub(1).is_some_and(|b| {
                        matches!(words[b], "must" | "should" | "will" | "to" | "is" | "are" | "be")
                    }))
                && !(*w == "scratch"
                    && matches!(
                        words.get(i + 1),
                        Some(&("space" | "disk" | "data" | "volume" | "dir" | "storage"))
                    )))
                || (short && matches!(*w, "not" | "no" | "don't" | "dont" | "do"))
                || (*w == "wait" && !matches!(words.get(i + 1), Some(&("for" | "until" | "till"))))
                || (*w == "make" && matches!(words.get(i + 1), Some(&("that" | "it"))))
                || (*w == "change" && matches!(words.get(i + 1), Some(&("that" | "it"))))
                || (*w == "i" && matches!(words.get(i + 1), Some(&("mean" | "meant"))))
                || (*w == "my" && words.get(i + 1) == Some(&"bad"))
                // Another object than the order's: "uh, web-2". (A
                // list's number, "2.", is none.)
                || (short
                    && w.bytes().any(|b| b.is_ascii_digit())
                    && w.bytes().any(|b| b.is_ascii_alphabetic())
                    && !order_words.iter().any(|o| o.contains(w)))
        })
    })
}

/// Words that, after an apology, correct the order ("sorry about that,
/// I meant web-2"); without one, "sorry about that" corrects nothing.
const CORRECTING: &[&str] = &[
    "meant", "mean", "instead", "actually", "rather", "wrong", "not", "no",
];

/// "If something unexpected blocks you, stop and report BLOCKED", "if a
/// command fails, explain why instead of guessing": what to do when the
/// order cannot be carried out, which neither corrects nor takes it back.
fn fallback_said(s: &str) -> bool {
    let s = s.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '*' | '•'));
    // ("- no `kubectl edit`, it needs an interactive editor", "do not use
    // kubectl exec": a tool forbidden, no correction of the order.)
    if [
        "no `",
        "no kubectl",
        "do not use",
        "don't use",
        "never use",
        "no use of",
    ]
    .iter()
    .any(|p| s.starts_with(p))
    {
        return true;
    }
    (s.starts_with("if ") || s.contains(", if ") || s.starts_with("in case "))
        && [
            " report",
            " explain",
            " tell me",
            " let me know",
            " ask ",
            " escalate",
        ]
        .iter()
        .any(|r| s.contains(r))
}

/// "delete the pvc scratch-data-old. DO NOT delete scratch-data",
/// "restart payments-reconciler. payments-api is fine, leave it", "The
/// other deployments should stay untouched": after an order, a sentence
/// that keeps another object — one the order's sentence does not name, or
/// "the other" ones — out of it, with no word that corrects the order
/// ("actually web-2", "I meant web-2", "no, web-2" replace its object).
fn spares_another(s: &str, order_words: &[&str]) -> bool {
    let trim = |w: &str| -> String {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
            .trim_matches('-')
            .to_owned()
    };
    let order: Vec<String> = order_words.iter().map(|w| trim(w)).collect();
    let words: Vec<String> = s.split_whitespace().map(trim).collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    if has(&[
        "actually", "meant", "mean", "instead", "rather", "wait", "sorry", "oops", "no", "nope",
        "nah", "cancel", "wrong", "typo",
    ]) {
        return false;
    }
    let keeps = has(&[
        "fine",
        "leave",
        "alone",
        "untouched",
        "unaffected",
        "healthy",
        "separate",
        "ignore",
        "don't",
        "dont",
        "not",
        "never",
        "keep",
        "stay",
        "stays",
        "keeps",
        "clean",
        "okay",
    ]);
    // ("not web-1, web-2", "not that one": the order's object, or a
    // pointer to it, said again is a correction; "that one's fine" says
    // how another is.)
    let said_again = words
        .iter()
        .any(|w| (w.contains('-') || w.bytes().any(|b| b.is_ascii_digit())) && order.contains(w))
        || ["that one", "this one", "wrong one", "other one"]
            .iter()
            .any(|p| {
                s.match_indices(p).any(|(at, _)| {
                    let after = &s[at + p.len()..];
                    ![
                        "'s fine",
                        " is fine",
                        "'s ok",
                        " is ok",
                        "'s healthy",
                        " is healthy",
                    ]
                    .iter()
                    .any(|f| after.starts_with(f))
                })
            });
    if said_again {
        return false;
    }
    // ("restart api. web is fine, leave it", "The cronjob that spawned
    // it, cleanup, keep it": the subject of the sentence, or a kind, that
    // the order's sentence does not say.)
    // (A plain word is a subject only before what it is: "web is fine";
    // "hmm, leave it", "better leave it" take the order back.)
    let at = words
        .iter()
        .position(|w| !matches!(w.as_str(), "the" | "and" | "but" | "its" | "their"));
    let subject = at.is_some_and(|k| {
        let w = words[k].as_str();
        let predicated = matches!(
            words.get(k + 1).map(String::as_str),
            Some("is" | "are" | "stays" | "keeps" | "remains" | "looks" | "seems")
        );
        !order.iter().any(|o| o == w)
            && kubechat_core::ResourceName::parse(w).is_ok()
            // (A workload's own parts are no other object: "restart api.
            // pods are fine, leave them" doubts the restart.)
            && match kubechat_core::resources::lookup(w) {
                Some(r) => !matches!(r.plural, "pods" | "replicasets" | "containers"),
                None => predicated
                    && !crate::words::STOP_SET.contains(w)
                    && !crate::words::NOT_NAMES_SET.contains(w)
                    && !matches!(w, "it" | "that" | "this" | "they" | "we" | "i" | "you"),
            }
    });
    let another = subject
        || words.iter().any(|w| {
            w.contains('-')
                && w.bytes().any(|b| b.is_ascii_lowercase())
                && kubechat_core::ResourceName::parse(w).is_ok()
                && !crate::rules::hyphenated_word(w)
                && !order.contains(w)
        })
        || (has(&["other", "others", "rest", "remaining"]) && !has(&["it", "this", "that"]));
    keeps && another
}

/// A sentence that forbids a change ([`corrected_after`]): `Some(true)`
/// when it forbids another change than the order's, or spares other
/// objects from it (a rule for how the order is done); `Some(false)` when
/// it forbids the order's own change; `None` when it forbids nothing said
/// as a change ("don't, actually", "don't do that").
fn prohibition(s: &str, order_verb: Option<&str>) -> Option<bool> {
    let rest = super::sentences::FORBIDDING
        .iter()
        .chain(&["dont "])
        .find_map(|p| s.strip_prefix(p))?;
    let words: Vec<&str> = rest
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 2 {
        return None;
    }
    let spared = words.iter().any(|w| {
        matches!(
            *w,
            "other" | "others" | "else" | "unrelated" | "any" | "anything" | "additional"
        )
    });
    let verb = words.first().filter(|v| {
        crate::words::CHANGE_WORDS.contains(v)
            || matches!(
                **v,
                "edit" | "modify" | "change" | "touch" | "alter" | "recreate"
            )
    })?;
    Some(spared || order_verb != Some(*verb))
}

/// "show events for the drain of node-3", "any errors since the restart
/// of api?", "the drain of node-3 took 40 minutes": every change word is
/// a noun (after a determiner), so the change is talked about, not
/// ordered. ("do the drain of node-3", "go ahead with the restart" order
/// it.)
fn named_as_thing(words: &[&str]) -> bool {
    const NOUNS: &[&str] = &[
        "drain",
        "restart",
        "rollback",
        "roll-back",
        "cordon",
        "scale",
        "deletion",
        "delete",
        "upgrade",
        "redeploy",
        "rollout",
        "scaling",
        "eviction",
        "patch",
        "undo",
        "uncordon",
    ];
    let determiner = |w: &str| {
        crate::words::before_a_thing(w)
            || matches!(
                w,
                "last"
                    | "latest"
                    | "recent"
                    | "previous"
                    | "your"
                    | "another"
                    | "each"
                    | "any"
                    | "yesterday's"
                    | "today's"
            )
    };
    let mut noun = false;
    let mut last_noun: Option<usize> = None;
    for (i, w) in words.iter().enumerate() {
        if !(crate::words::CHANGE_WORDS.contains(w) || NOUNS.contains(w)) {
            continue;
        }
        let before = i.checked_sub(1).map(|b| words[b]);
        // Talked about: first in its sentence ("the drain of node-3 took
        // …"), after a preposition or a question ("events for the drain
        // of …", "is the drain … finished?"), or what a read looks at
        // ("describe the drain of node-3"). ("give api a restart",
        // "api needs a restart" order it.)
        let talked = |b: usize| {
            let w = words[b];
            w.ends_with(':')
                || matches!(
                    w,
                    "for"
                        | "of"
                        | "about"
                        | "on"
                        | "from"
                        | "in"
                        | "since"
                        | "after"
                        | "before"
                        | "during"
                        | "is"
                        | "was"
                        | "are"
                        | "were"
                        | "how"
                        | "what"
                        | "when"
                        | "did"
                        | "does"
                        | "re"
                        | "describe"
                        | "explain"
                        | "review"
                        | "audit"
                        | "document"
                        | "summarize"
                        | "show"
                        | "see"
                        | "considering"
                        | "took"
                        | "and"
                        // "check whether the delete of namespace x finished".
                        | "whether"
                )
        };
        // "show cordon status of node-4", "check the drain log of …":
        // the change word naming what a state or a record is of.
        let of_state = words.get(i + 1).is_some_and(|n| {
            matches!(
                *n,
                "status"
                    | "state"
                    | "log"
                    | "logs"
                    | "output"
                    | "result"
                    | "results"
                    | "progress"
                    | "history"
                    | "impact"
                    | "risk"
                    | "summary"
                    | "report"
                    | "timeline"
                    | "events"
                    | "time"
                    | "duration"
            )
        });
        // "progress of drain node-3", "events after drain node-3",
        // "watch drain node-3": after a word of looking, with no
        // determiner.
        let after_look = before.is_some_and(|b| {
            matches!(
                b,
                "of" | "after"
                    | "following"
                    | "since"
                    | "during"
                    | "watch"
                    | "monitor"
                    | "status"
                    | "progress"
                    | "risk"
                    | "impact"
                    | "summary"
                    | "result"
            )
        });
        // "explain the rollout restart of api": one noun of two words.
        let continued = last_noun.is_some_and(|l| l + 1 == i);
        // ("events from the last rollout restart of X": determiners in a
        // row, "the last", before the noun.)
        let mut opening = i.saturating_sub(1);
        if before.is_some_and(|b| matches!(b, "last" | "latest" | "recent" | "previous" | "first"))
            && opening > 0
            && crate::words::before_a_thing(words[opening - 1])
        {
            opening -= 1;
        }
        let said_as_noun = (before.is_some_and(determiner)
            && opening.checked_sub(1).is_none_or(talked))
            || of_state
            || after_look
            || continued;
        if !said_as_noun {
            return false;
        }
        noun = true;
        last_noun = Some(i);
    }
    noun
}

/// "delete the coredns deployment's pods", "cordon the web pod's node",
/// "delete the api deployment pods", "delete the db statefulset's pvc":
/// the target is a part of the owner named, and a reading of the owner
/// (or of the part by the owner's name) would change the wrong object.
fn owner_part(words: &[&str], op: &Operation) -> bool {
    let kind = |w: &str| kubechat_core::resources::lookup(w).map(|b| b.plural);
    words.windows(2).enumerate().any(|(i, w)| {
        let (owner_word, possessive) = match w[0].strip_suffix("'s") {
            Some(o) => (o, true),
            None => (w[0], false),
        };
        let (Some(owner), Some(part)) = (kind(owner_word), kind(w[1])) else {
            return false;
        };
        // ("the api deployment pods": a name before the owner's type, and
        // the reading is of the owner.)
        let named_before = i > 0
            && kind(words[i - 1]).is_none()
            && !matches!(words[i - 1], "the" | "a" | "an" | "all" | "its" | "their");
        // (Exposing "the webserver Deployment pods" exposes the
        // deployment: its pods are what a Service selects.)
        // ("restart the api deployment's pods": a rollout restart of the
        // deployment restarts exactly its pods.)
        let restarted_whole = op.verb == kubechat_core::Verb::RolloutRestart
            && op.resource.as_str() == owner
            && part == "pods";
        owner != part
            && owner != "namespaces"
            && !restarted_whole
            && op.verb != kubechat_core::Verb::Expose
            && (possessive
                || (named_before
                    && op.resource.as_str() == owner
                    && matches!(
                        op.verb,
                        kubechat_core::Verb::Delete
                            | kubechat_core::Verb::Label
                            | kubechat_core::Verb::Annotate
                    )))
    })
}

/// "we scaled api down to 2 last night", "i restarted web": a change
/// someone made, told in the past, and none ordered beside it ("we
/// restarted web, roll it back" orders).
fn done_by_people(words: &[&str]) -> bool {
    if words
        .iter()
        .any(|w| !w.ends_with("ed") && crate::words::CHANGE_WORDS.contains(w))
    {
        return false;
    }
    // ("Yesterday I scaled it up to 10 … Please put ingest-worker back to
    // 2 replicas.": what was done, then the order said in other words.)
    if words.windows(2).any(|w| {
        matches!(w[0], "please" | "pls" | "plz")
            && matches!(
                w[1],
                "put" | "bring" | "set" | "make" | "turn" | "move" | "get"
            )
    }) {
        return false;
    }
    words.windows(2).enumerate().any(|(i, w)| {
        matches!(w[0], "we" | "i" | "they" | "someone" | "somebody" | "he" | "she")
            // ("… and then we scaled …" still tells; "can we scale" asks.)
            && !i.checked_sub(1).is_some_and(|b| {
                matches!(words[b], "can" | "could" | "should" | "shall" | "would" | "if")
            })
            && matches!(
                w[1],
                "scaled"
                    | "restarted"
                    | "deleted"
                    | "removed"
                    | "drained"
                    | "cordoned"
                    | "uncordoned"
                    | "rolled"
                    | "killed"
                    | "created"
                    | "patched"
                    | "bounced"
                    | "redeployed"
                    | "labeled"
                    | "labelled"
                    | "annotated"
                    | "tainted"
                    | "exposed"
                    | "evicted"
                    | "paused"
                    | "resumed"
                    | "upgraded"
                    | "bumped"
            )
    })
}

/// "anyone able to restart api?", "can anyone drain node-3": asked of
/// the people in the channel, not of KubeChat. ("can someone restart
/// web" is how chat asks the bot too; only with the person saying they
/// cannot do it themselves — "I don't have access" — is it for people.)
fn asked_of_people(lower: &str) -> bool {
    let t = lower.trim();
    let anyone = [
        "anyone able",
        "anyone can",
        "can anyone",
        "could anyone",
        "can any of you",
    ]
    .iter()
    .any(|m| t.starts_with(m));
    // ("@bob can you restart web? I don't have access": a person named.)
    // ("Need a human: please drain node-9 — my account can't do it".)
    let someone = (["someone", "somebody", "a human", "a person", "an admin"]
        .iter()
        .any(|m| t.contains(m))
        || t.starts_with('@'))
        && [
            "my account can't",
            "my account cannot",
            "don't have access",
            "dont have access",
            "do not have access",
            "no access",
            "don't have perms",
            "don't have permission",
            "don't have the rights",
            "i can't",
            "i cannot",
        ]
        .iter()
        .any(|m| t.contains(m));
    // "@alice can you restart web in prod?", "@sre-team pls drain
    // node-3": a message opened with a person's or team's handle asks
    // them (Slack takes the bot's own mention off before the text is
    // read; a handle that names a bot is whom the message is for).
    let handle_asked = t.strip_prefix('@').is_some_and(|r| {
        let mut w = r.split_whitespace();
        let handle = w.next().unwrap_or_default().trim_end_matches([',', ':']);
        let bot = ["bot", "kubechat", "chatops", "kube", "k8s", "assistant"]
            .iter()
            .any(|b| handle.contains(b));
        let next: Vec<&str> = w.take(2).collect();
        !handle.is_empty()
            && !bot
            && matches!(
                next.as_slice(),
                ["can" | "could" | "would" | "will", "you" | "u" | "ya", ..]
                    | ["pls" | "please" | "plz" | "mind", ..]
            )
    });
    // "Tell Quentin to restart the cache deployment", "ask the db team to
    // drain node-3": an order to pass on to a person.
    let mut first = t.split_whitespace();
    let relayed = matches!(first.next(), Some("tell" | "ask" | "remind" | "ping"))
        && first
            .next()
            .is_some_and(|w| !matches!(w, "me" | "us" | "kubechat" | "it"))
        && t.split_whitespace().take(6).any(|w| w == "to");
    anyone || someone || handle_asked || relayed
}

/// "DONE: restart api", "✅ restart api", "[09:15] drain node-3",
/// "restart api - done", "restart api [completed]", "// drain node-3":
/// a line marked as done, pending or a note.
fn marked_done(lower: &str) -> bool {
    let t = lower.trim();
    let first = t.split_whitespace().next().unwrap_or_default();
    let starts = ["✅", "✔", "☑", "✓", "✗", "❌", "[done]", "[✓]", "done:", "note:", "re:", "//", "reminder:", "todo:"]
        .iter()
        .any(|m| first == *m || first.starts_with(m) && matches!(*m, "✅" | "✔" | "☑" | "✓" | "[done]" | "[✓]"))
        // "[14:02]", "[09:15:02]": a log's time.
        || (first.starts_with('[')
            && first.ends_with(']')
            && first[1..first.len() - 1].bytes().all(|b| b.is_ascii_digit() || b == b':'))
        // "2/ restart api", "i. drain node-3", "ii) …".
        || (first.len() >= 2
            && (first.ends_with('/') || first.ends_with('.') || first.ends_with(')'))
            && (first[..first.len() - 1].bytes().all(|b| b.is_ascii_digit())
                || matches!(&first[..first.len() - 1], "i" | "ii" | "iii" | "iv" | "v" | "vi")))
        // "step two: cordon node-4".
        || (first == "step" && t.split_whitespace().nth(1).is_some_and(|n| n.ends_with(':')));
    let tail = t.trim_end_matches(['.', '!']);
    let tail = tail.trim_end_matches(['✅', '✔', '☑', '✓', ' ']);
    // ("… the other gpu node is already done": another object's.)
    let other_done = tail
        .rsplit(['.', '\n', ';'])
        .next()
        .map(str::trim_start)
        .is_some_and(|last| {
            [
                "the other ",
                "the others",
                "the rest",
                "other ",
                "others ",
                "the remaining ",
            ]
            .iter()
            .any(|o| last.starts_with(o))
        });
    let ends = !other_done
        && [
            " - done", "// done", "[done]", "[completed]", "(completed)", "(done)", "(applied)",
            "[pending]", "(pending)", ": done", ": completed", "already done", "already applied",
            "— done", "– done",
        ]
        .iter()
        .any(|m| tail.ends_with(m))
        || [": done", ": completed", "— already done", "already done,", "completed, thanks"]
            .iter()
            .any(|m| t.contains(m))
        // "echo 'kubectl delete ns prod'": a shell's line, printed.
        || first == "echo"
        // "pending approval: scale api to 20", "awaiting approval — …".
        || ["pending approval", "awaiting approval", "needs approval", "waiting for approval"]
            .iter()
            .any(|m| t.starts_with(m));
    let remark = [
        "already",
        "pending",
        "waiting",
        "approval",
        "last week",
        "ago",
        "completed",
    ]
    .iter()
    .any(|w| {
        [('(', ')'), ('[', ']')].iter().any(|(o, c)| {
            t.split(*o)
                .skip(1)
                .any(|inside| inside.split(*c).next().is_some_and(|x| x.contains(w)))
        })
    });
    starts || ends || remark
}

/// `text` without the answers it asks to be given in a fixed form
/// ("report `UNDO: done`", "print `CREATED`"): a span in backticks or
/// double quotes with a word in capitals and no `=` (`LOG_LEVEL=debug`
/// is data). Their words ("undo", "done") say nothing of the change.
/// A ticket's acceptance criteria ("AC: ingress no longer listed",
/// "Acceptance criteria: pods run the 3.3.x image"), each on its own
/// line: what done looks like, which the holds do not read as a take-back
/// or a condition.
fn criteria_removed(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.lines().any(super::sentences::criteria_line) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.lines()
            .filter(|l| !super::sentences::criteria_line(l))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

fn answer_templates_removed(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['`', '"']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['`', '"']) {
        let q = rest.as_bytes()[open] as char;
        let Some(close) = rest[open + 1..].find(q) else {
            break;
        };
        let inside = &rest[open + 1..open + 1 + close];
        let template = !inside.contains('=')
            && inside
                .split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_uppercase()));
        out.push_str(&rest[..open]);
        if template {
            out.push_str("VALUE");
        } else {
            out.push_str(&rest[..open + 1 + close + 1][open..]);
        }
        rest = &rest[open + 1 + close + 1..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// "rollback web to rev 3", "rollback web 3", "--to-revision 3",
/// "revert web to image web:1.4": a revision or version said after the
/// verb that the reading did not take.
fn revision_unread(words: &[&str], op: &Operation) -> bool {
    let name = op.name.as_ref().map(|n| n.as_str());
    let number = |w: &str| {
        !w.is_empty()
            && w.trim_start_matches('#')
                .bytes()
                .all(|b| b.is_ascii_digit())
    };
    // ("new release is 500ing": a status said of the release, no
    // version.)
    let valued = |w: Option<&&str>| {
        w.is_some_and(|v| {
            (v.bytes().any(|b| b.is_ascii_digit()) || v.contains(':'))
                && !v.ends_with("ing")
                && !v.ends_with("ed")
        })
    };
    // ("release 2.3 is broken" names one; "release is 500ing" says how
    // it is.)
    let linked = |w: Option<&&str>| {
        w.is_some_and(|v| !matches!(*v, "is" | "was" | "are" | "has" | "keeps" | "looks"))
    };
    words.iter().enumerate().any(|(i, w)| {
        let next = words.get(i + 1);
        // (Dashes are trimmed from the words: "--to-revision" is
        // "to-revision".)
        matches!(*w, "rev" | "rev." | "--to-revision" | "to-revision")
            // "r3", "#3" ("incident #4412", "see #482": a ticket's
            // number).
            || (w.len() > 1
                && (w.starts_with('r') || w.starts_with('#'))
                && number(&w[1..])
                && !(w.starts_with('#')
                    && (w.len() > 4
                        || i.checked_sub(1).is_some_and(|j| {
                            matches!(
                                words[j],
                                "incident" | "ticket" | "issue" | "pr" | "inc" | "case" | "bug"
                                    | "see" | "in" | "per" | "change" | "jira" | "sev"
                            )
                        }))))
            // "to version 2", "to image web:1.4", "to build 512", "revison 5".
            || (matches!(*w, "version" | "image" | "build" | "tag" | "release")
                || w.starts_with("revis"))
                && (valued(next) || (linked(next) && valued(words.get(i + 2))))
            // "to 3", "rollback web 3".
            || ((*w == "to" || Some(*w) == name) && next.is_some_and(|n| number(n)))
            // "the 3rd revision".
            || (w.ends_with("rd") || w.ends_with("nd") || w.ends_with("th"))
                && w.len() > 2
                && number(&w[..w.len() - 2])
                && next.is_some_and(|n| n.starts_with("revision"))
    })
}

/// "delete 3 web pods", "restart 2 of the api pods", "delete the 2
/// oldest web pods", "restart the unhealthy api pod": how many, or which
/// kind, said without which ones; the reading would take them all.
fn count_of_objects(words: &[&str], op: &Operation) -> bool {
    if !matches!(
        op.verb,
        kubechat_core::Verb::Delete | kubechat_core::Verb::RolloutRestart
    ) || op.selector.is_some()
        || op.params.field_selector.is_some()
    {
        return false;
    }
    let pods = |w: &str| matches!(w, "pod" | "pods");
    (0..words.len()).any(|i| {
        all_digits(words[i])
            && words[i + 1..]
                .iter()
                .take(4)
                .take_while(|w| !matches!(**w, "replica" | "replicas" | "in" | "from" | "-n"))
                .any(|w| pods(w))
    }) || (op.verb == kubechat_core::Verb::RolloutRestart
        && words.windows(3).any(|w| {
            matches!(
                w[0],
                "unhealthy"
                    | "crashlooping"
                    | "crashing"
                    | "failing"
                    | "broken"
                    | "stuck"
                    | "oomkilled"
                    | "bad"
                    | "hung"
                    | "hanging"
            ) && (pods(w[1]) || pods(w[2]))
        }))
        || words.windows(2).any(|w| {
            matches!(w[0], "that" | "which")
                && matches!(w[1], "are" | "is")
                && words
                    .iter()
                    .any(|x| matches!(*x, "oomkilled" | "crashlooping" | "unhealthy"))
        })
}

/// "scale web to 0 for 10 minutes": a change for a while, whose undoing
/// is another change.
fn temporary(words: &[&str]) -> bool {
    // ("… has been hanging in Terminating for an hour": how long a state
    // has lasted, told.)
    let state_told = |i: usize| {
        words[i.saturating_sub(4)..i].iter().any(|w| {
            matches!(
                *w,
                "been"
                    | "stuck"
                    | "hanging"
                    | "pending"
                    | "terminating"
                    | "crashing"
                    | "failing"
                    | "crashlooping"
                    | "restarting"
            )
        })
    };
    words.windows(3).enumerate().any(|(i, w)| {
        !state_told(i)
            && w[0] == "for"
            && (w[1].bytes().all(|b| b.is_ascii_digit())
                || matches!(w[1], "a" | "an" | "one" | "two" | "few"))
            && matches!(
                w[2],
                "minutes"
                    | "minute"
                    | "mins"
                    | "min"
                    | "hours"
                    | "hour"
                    | "hrs"
                    | "hr"
                    | "seconds"
                    | "while"
                    | "bit"
            )
    })
}

/// "delete pod web-1 in users", "restart deploy shipper in logs": a word
/// after "in" that ends the line and no namespace read — a namespace
/// named with a common word, dropped, would send the change to the
/// default namespace.
/// "why is pod worker-5c9d7 pending in jobs?": a namespace named like a
/// kind of object (in the plural, another kind than the one read), said
/// with "in" where a place goes, that the reading left unread. A read of
/// a named object takes it as its place (it was dropped silently); a
/// change with it is held ([`place_unread`]).
pub(crate) fn type_named_place(text: &str, op: &Operation) -> Option<kubechat_core::Namespace> {
    // (Run on every read: most say "in" before no kind's plural, and
    // the place reader is asked only where one does.)
    if place_settled(op) {
        return None;
    }
    let kind_after_in = |w: &str| {
        kubechat_core::resources::lookup(w)
            .is_some_and(|b| b.plural == w && b.plural != op.resource.as_str())
    };
    // (A kind's plural after "in", looked for before any copy.)
    let said = text.split_whitespace().collect::<Vec<_>>();
    if !said.windows(2).any(|p| {
        p[0].eq_ignore_ascii_case("in")
            && kind_after_in(
                &p[1]
                    .trim_end_matches(['.', ',', '?', '!', ';', ':'])
                    .to_ascii_lowercase(),
            )
    }) {
        return None;
    }
    let lower = text.to_lowercase();
    let words = hold_words(&lower);
    let w = unread_place(&words, op)?;
    if !kind_after_in(w) {
        return None;
    }
    kubechat_core::Namespace::parse(w).ok()
}

/// "fyi, web was restarted", "heads up: we drain node-3 at 5": told for
/// information — unless a sentence or clause of it then asks KubeChat
/// ("heads up, I'm taking worker-b2 out. can you drain it for me?").
fn told_for_information(lower: &str) -> bool {
    // (Run on every change read: most say neither.)
    if !lower.contains("fyi") && !lower.contains("heads up") {
        return false;
    }
    let words = hold_words(lower);
    if !said_in(&words, "fyi") && !said_in(&words, "heads up") {
        return false;
    }
    // ("heads up, the nodes get recycled at 22:00 anyway. cordon
    // batch-node-4 so nothing lands on it.": an order of its own.)
    !lower
        .split(['.', '!', '?', ';', '\n', ','])
        .skip(1)
        .any(|s| {
            let s = s.trim_start();
            [
                "can you ",
                "could you ",
                "would you ",
                "please ",
                "pls ",
                "kindly ",
            ]
            .iter()
            .any(|a| s.starts_with(a))
                || s.split_whitespace().next().is_some_and(|w| {
                    crate::words::CHANGE_WORDS.contains(&w)
                        && !w.ends_with("ed")
                        && !w.ends_with("ing")
                })
        })
}

/// "… they'll replace the volume this afternoon. In the meantime please
/// cordon worker-31": the order's own sentence opens by saying it is for
/// the time until then, so another sentence's later time is not the
/// order's. (Not where the sentence itself says a time or "later".)
fn now_meanwhile(lower: &str) -> bool {
    const NOW: [&str; 5] = [
        "in the meantime",
        "meanwhile",
        "for now",
        "until then",
        "right now",
    ];
    if !NOW.iter().any(|n| lower.contains(n)) {
        return false;
    }
    lower.split(['.', '!', '?', ';', '\n']).any(|s| {
        let s = s.trim_start().trim_start_matches(['-', '*', ' ']);
        // (First, or right after "please", "so", "and".)
        let led = s
            .split_whitespace()
            .take(2)
            .any(|w| matches!(w.trim_matches(','), "please" | "pls" | "so" | "and"));
        let opens = NOW
            .iter()
            .any(|n| s.find(n).is_some_and(|at| at == 0 || (led && at < 16)));
        let words = hold_words(s);
        // (A time of its own: "for now, drain node-5 at 23:00".)
        let ampm = |w: &&str| {
            let t = w.trim_end_matches("am").trim_end_matches("pm");
            !t.is_empty() && t.len() < w.len() && t.bytes().all(|b| b.is_ascii_digit())
        };
        let clock = s
            .as_bytes()
            .windows(3)
            .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit())
            || words.iter().any(ampm);
        opens
            && words.iter().any(|w| crate::words::CHANGE_WORDS.contains(w))
            && !clock
            && !LATER.iter().any(|p| said_in(&words, p))
    })
}

fn place_unread(words: &[&str], op: &Operation) -> bool {
    unread_place(words, op).is_some()
}

/// "pause checkout's rollout (payments)", "restart web (staging)": one
/// word in brackets, shaped as a namespace, that the change read leaves
/// unread — a namespace said so, dropped, would send the change to the
/// default namespace.
fn bracketed_word<'a>(lower: &'a str, op: &Operation) -> Option<&'a str> {
    if op.namespace.is_some()
        || op.all_namespaces
        || op.resource.builtin().is_some_and(|b| !b.namespaced)
        || !lower.contains('(')
    {
        return None;
    }
    lower.split('(').skip(1).find_map(|rest| {
        let w = rest.split(')').next()?.trim();
        let said = [
            op.name.as_ref().map(|n| n.as_str()),
            op.params.container.as_ref().map(|c| c.as_str()),
        ];
        (w.len() > 1
            && rest.contains(')')
            && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && w.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
            && !crate::words::STOP_SET.contains(w)
            && !crate::chat_word(w)
            && kubechat_core::resources::lookup(w).is_none()
            // ("(overwrite)", "(force)": how, read as the change's flag.)
            && !matches!(
                w,
                "overwrite" | "force" | "forced" | "forcefully" | "all" | "wide" | "yaml" | "json"
                    | "previous" | "follow" | "again" | "urgent" | "asap" | "optional" | "safely"
                    | "gracefully" | "immediately" | "temporarily" | "temporary" | "maybe"
            )
            && !said.contains(&Some(w)))
        .then_some(w)
    })
}

/// Whether the operation's place is said already (a namespace, every
/// namespace) or it has none (a kind outside namespaces).
fn place_settled(op: &Operation) -> bool {
    op.namespace.is_some()
        || op.all_namespaces
        || op.resource.builtin().is_some_and(|b| !b.namespaced)
}

/// The place [`place_unread`] finds ("in streaming").
fn unread_place<'a>(words: &[&'a str], op: &Operation) -> Option<&'a str> {
    if place_settled(op) {
        return None;
    }
    // ("delete pods in node-3": the node read.)
    let node_read = |w: &str| {
        super::frame::node_only_name(w)
            && op
                .params
                .field_selector
                .as_ref()
                .is_some_and(|f| f.as_str().contains("spec.nodeName"))
    };
    // ("… in nodes to 3", "… in logs now": the place before the count
    // or a word of when.)
    // ("hpa for worker in jobs: min 1 …", "… deployment worker in jobs —
    // 5.0 leaks": a namespace named like a type, beside a change of
    // another type.)
    let other_type = |w: &str| {
        kubechat_core::resources::lookup(w)
            .is_some_and(|b| b.plural != op.resource.as_str() && w == b.plural)
    };
    let at =
        (2..words.len()).find(|&i| {
            words[i - 1] == "in"
            && (other_type(words[i]) && words.get(i + 1).is_none_or(|n| !other_type(n))
                || words.get(i + 1).is_none_or(|next| {
                // ("… in jobs: max_retries=5": the values after it.)
                // ("The statefulset kafka in streaming picked up a bad
                // config", "… in streaming is broken": what happened to
                // the object there.)
                next.contains('=')
                    || super::frame::number(next).is_some()
                    || (next.len() > 4 && next.ends_with("ed"))
                    || matches!(
                        *next,
                        "is" | "was" | "are" | "were" | "has" | "had" | "keeps" | "seems" | "looks"
                    )
                    || matches!(
                        *next,
                        "to" | "from" | "now" | "please" | "pls" | "asap" | "namespace" | "ns"
                        // "… in reports, we moved it to airflow": a
                        // clause of its own after the place.
                        | "we" | "it" | "its" | "it's" | "they" | "i" | "since" | "because"
                        | "thanks" | "thx" | "but"
                        // "create configmap retry in jobs with k=v".
                        | "with"
                        // "restart pdf-renderer in docs for now": a word
                        // of when or of the next clause after it.
                        | "for" | "today" | "tonight" | "again" | "first" | "then" | "and"
                        | "so" | "as" | "until" | "before" | "after" | "when" | "if" | "right"
                        | "quickly" | "immediately" | "too" | "also" | "while" | "once"
                    )
            }))
            && {
                let w = words[i];
                w.len() > 1
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && !matches!(
                        w,
                        "a" | "an"
                            | "the"
                            | "this"
                            | "that"
                            | "my"
                            | "our"
                            | "your"
                            | "their"
                            | "its"
                    )
                    && !crate::chat_word(w)
                    && !super::frame::in_idiom(w)
                    && !node_read(w)
                    && !matches!(w, "it" | "them" | "there" | "here" | "prod" | "production")
                    && op.name.as_ref().is_none_or(|name| name.as_str() != w)
            }
        })?;
    // (Where the scope reader finds the namespace in the text and the
    // reading has none, it was said and dropped: asked back all the
    // same.)
    Some(words[at])
}

/// "Tell me what deleting the pvc data-old-0 would free up", "does
/// draining node-3 evict daemonset pods?": the change as a gerund, the
/// subject of what is asked.
fn asked_about_doing(words: &[&str]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        w.ends_with("ing")
            && crate::words::CHANGE_WORDS.contains(w)
            && (i
                .checked_sub(1)
                .is_some_and(|b| matches!(words[b], "what" | "does" | "whether" | "if"))
                || words[i + 1..].iter().take(6).any(|v| *v == "would"))
    })
}

/// "Does `kubectl drain` evict daemonset pods?", "is \"kubectl cordon\"
/// reversible?": a kubectl verb quoted alone, asked about.
fn command_asked_about(lower: &str) -> bool {
    // ("is `kubectl rollout restart` zero-downtime?": a command's verb
    // only, of one or two words, quoted.)
    let verb_only = |rest: &str| {
        let w: Vec<&str> = rest.split_whitespace().collect();
        !w.is_empty() && w.len() <= 2 && w.iter().all(|x| x.bytes().all(|b| b.is_ascii_lowercase()))
    };
    // "is kubectl rollout restart zero-downtime?", "does kubectl drain
    // evict daemonset pods?": a yes-or-no question whose subject is the
    // command.
    let mut first = lower.split_whitespace();
    let question_of_command = matches!(
        first.next(),
        Some("is" | "does" | "do" | "will" | "was" | "did" | "has" | "should" | "would")
    ) && first
        .next()
        .is_some_and(|w| w.trim_start_matches(['`', '"', '\'']) == "kubectl");
    // ("- no `kubectl edit`, it needs an interactive editor", "do not
    // use `kubectl exec`": a command forbidden, no question about it.)
    let forbidden = |before: &str| {
        before.split_whitespace().rev().take(3).any(|w| {
            matches!(
                w,
                "no" | "not" | "never" | "without" | "avoid" | "don't" | "dont"
            )
        })
    };
    question_of_command
        || ['`', '"', '\''].iter().any(|q| {
            let mut before_len = 0;
            lower.split(*q).enumerate().any(|(i, part)| {
                let before = &lower[..before_len];
                before_len += part.len() + q.len_utf8();
                i % 2 == 1
                    && part.strip_prefix("kubectl ").is_some_and(verb_only)
                    && !forbidden(before)
            })
        })
}

/// "scale web +2", "scale web to +3", "scale web to 2 more": a relative
/// count read as the count.
fn relative_unread(words: &[&str], op: &Operation) -> bool {
    op.params.scale_by.is_none()
        && op.params.scale_percent.is_none()
        && (words.iter().any(|w| {
            w.len() > 1 && w.starts_with('+') && w[1..].bytes().all(|b| b.is_ascii_digit())
        }) || words.windows(3).any(|w| {
            // "drop web by one replica".
            w[0] == "by"
                && (w[1].bytes().all(|b| b.is_ascii_digit())
                    || matches!(w[1], "one" | "two" | "three" | "a" | "an"))
                && matches!(
                    w[2],
                    "replica" | "replicas" | "pod" | "pods" | "instance" | "instances"
                )
        }) || words.windows(2).any(|w| {
            w[0].bytes().all(|b| b.is_ascii_digit())
                && !w[0].is_empty()
                && matches!(w[1], "more" | "extra" | "additional" | "fewer" | "less")
        }))
}

/// "scale web to 3, api too", "restart api and worker as well": another
/// object named for the same change, which one reading does not do.
fn also_another(words: &[&str], op: &Operation) -> bool {
    let Some(name) = op.name.as_ref() else {
        return false;
    };
    let n = words.len();
    let tail = |k: usize| words.get(n.wrapping_sub(k)).copied().unwrap_or_default();
    let other = |w: &str| {
        w != name.as_str()
            && !w.is_empty()
            && !crate::words::STOP_SET.contains(w)
            && !crate::words::FUNCTION_SET.contains(w)
            && !crate::chat_word(w)
            && op.namespace.as_ref().is_none_or(|ns| ns.as_str() != w)
            // ("… and its pods too": the object's own parts.)
            && kubechat_core::resources::lookup(w).is_none()
    };
    (tail(1) == "too" && other(tail(2)))
        || (tail(1) == "well" && tail(2) == "as" && other(tail(3)))
        || (tail(2) == "also" && other(tail(1)))
}

/// "delete pod web-1 with a 60 second grace period", "drain node-3 with
/// a 5 minute timeout", "drain node-3 only pods with app=web": an option
/// said that the reading does not carry.
fn unread_option(words: &[&str], op: &Operation) -> bool {
    let grace = words
        .iter()
        .any(|w| *w == "grace" || w.starts_with("grace-period"))
        && op.params.grace_period.is_none()
        && !words
            .iter()
            .any(|w| matches!(*w, "no" | "zero" | "0" | "without" | "immediately"));
    let timeout = words.contains(&"timeout")
        && op.params.timeout.is_none()
        && matches!(
            op.verb,
            kubechat_core::Verb::Drain | kubechat_core::Verb::Delete
        );
    let pod_selector = op.verb == kubechat_core::Verb::Drain
        && words
            .iter()
            .any(|w| w.contains('=') && !w.starts_with("--"));
    // "expose web on port 80 target 8080", "… forwarding to 8443",
    // "… port 53 udp": a target port or a protocol the reading lacks.
    let expose = op.verb == kubechat_core::Verb::Expose
        && ((op.params.target_port.is_none()
            && words.iter().enumerate().any(|(i, w)| {
                (w.starts_with("target") || w.starts_with("forward") || *w == "containerport")
                    && words[i + 1..]
                        .iter()
                        .take(3)
                        .any(|n| n.bytes().all(|b| b.is_ascii_digit()) && !n.is_empty())
            }))
            || words.iter().any(|w| matches!(*w, "udp" | "sctp"))
            // "not as a LoadBalancer": a type said with a negation.
            || (0..words.len()).any(|i| {
                matches!(words[i], "not" | "no" | "never" | "without")
                    && words[i + 1..].iter().take(3).any(|t| {
                        matches!(*t, "loadbalancer" | "nodeport" | "clusterip" | "externalname")
                    })
            }));
    grace || timeout || pod_selector || expose
}

/// "kubectl drain node-3 (don't!)", "restart api (don't run yet)",
/// "… (what the script does)", "… (yesterday)": a remark in brackets
/// that takes the change back, delays it or tells it. ("(please)", "(it's
/// stuck)" leave it as it is.)
fn aside_holds(lower: &str) -> bool {
    let Some(open) = lower.find('(') else {
        return false;
    };
    let inside = &lower[open + 1..];
    let inside = inside.split(')').next().unwrap_or(inside);
    inside
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '!' | '.' | '?'))
        .any(|w| {
            matches!(
                w,
                "don't"
                    | "dont"
                    | "not"
                    | "never"
                    | "yet"
                    | "later"
                    | "yesterday"
                    | "script"
                    | "reference"
                    | "example"
                    | "e.g"
                    | "cron"
                    | "done"
                    | "tomorrow"
                    | "tonight"
                    | "hypothetically"
                    | "maybe"
                    | "eventually"
            )
        })
}

/// "restart api in prod but check the pods first": a look asked before
/// the change, which is then to wait for what it shows.
fn look_first(words: &[&str]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        matches!(*w, "but" | "after")
            && words.get(i + 1).is_some_and(|v| {
                matches!(
                    *v,
                    "check" | "look" | "verify" | "show" | "see" | "confirm" | "inspect"
                )
            })
    }) && words
        .last()
        .is_some_and(|w| matches!(*w, "first" | "beforehand"))
}

/// "rollback web to v1.2", "… to the version from yesterday": a version
/// named, where an undo takes a revision number or goes back one.
fn version_named(words: &[&str]) -> bool {
    // ("the release we pushed 10 min ago broke login. roll back
    // auth-service to the previous revision": one step back, said.)
    if words.windows(4).any(|w| {
        w[0] == "to"
            && w[1] == "the"
            && matches!(w[2], "previous" | "prior" | "last")
            && matches!(w[3], "revision" | "version" | "release" | "one" | "rollout")
    }) {
        return false;
    }
    words.windows(2).any(|w| {
        w[0] == "to"
            && (w[1].starts_with('v') && w[1][1..].starts_with(|c: char| c.is_ascii_digit())
                || (w[1].contains('.') && w[1].bytes().any(|b| b.is_ascii_digit())))
    }) || words
        .windows(3)
        .any(|w| w[0] == "the" && w[1] == "version" && matches!(w[2], "from" | "of" | "before"))
        // "roll back payments to the version we had last tuesday": a
        // version said by when it ran, which is no one step back.
        || (words.iter().any(|w| matches!(*w, "version" | "release" | "build"))
            && words.windows(2).any(|w| {
                (w[0] == "last"
                    && matches!(
                        w[1],
                        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday"
                            | "sunday" | "week" | "month" | "night"
                    ))
                    || (w[0] == "we" && matches!(w[1], "had" | "ran" | "used"))
                    || w[1] == "ago"
            }))
}

/// "label pod web-1 tier=fe and pod web-2 tier=be": one key given two
/// values, which one change does not set.
fn two_values(words: &[&str], op: &Operation) -> bool {
    if !matches!(
        op.verb,
        kubechat_core::Verb::Label | kubechat_core::Verb::Annotate
    ) {
        return false;
    }
    let pairs: Vec<(&str, &str)> = words.iter().filter_map(|w| w.split_once('=')).collect();
    pairs
        .iter()
        .enumerate()
        .any(|(i, (k, v))| pairs[i + 1..].iter().any(|(k2, v2)| k2 == k && v2 != v))
}

/// "delete pods web-1 to web-3", "restart web-1 through web-4": a range
/// of names, of which only the first would be read.
fn range_named(words: &[&str], op: &Operation) -> bool {
    let Some(name) = op.name.as_ref() else {
        return false;
    };
    let stem = |w: &str| w.rsplit_once('-').map(|(a, _)| a.to_owned());
    // "web-1 to web-3", "web-1 … web-3", "web-1 ... web-3", anywhere in
    // the line; "cordon nodes 1-5".
    let spanned = words.windows(3).any(|w| {
        w[0].contains('-')
            && matches!(
                w[1],
                "to" | "through" | "thru" | "until" | "till" | "…" | "..." | ".."
            )
            && w[2].contains('-')
            && stem(w[0]).is_some_and(|a| Some(a) == stem(w[2]))
    }) || name
        .as_str()
        .split_once('-')
        .is_some_and(|(a, b)| all_digits(a) && all_digits(b));
    // "delete web-1, 2 and 3", "delete pod web-1 and 2": more by number.
    let numbered = words.windows(3).any(|w| {
        w[0] == name.as_str() && matches!(w[1], "and" | "&" | "," | "or") && all_digits(w[2])
    }) || words
        .windows(2)
        .any(|w| w[0] == name.as_str() && all_digits(w[1]) && name.as_str().contains('-'));
    spanned || numbered
}

/// "scale web in prod to 10 and in staging to 2", "scale web to 12 for
/// 30 minutes then back to 4": two counts said for one scale.
fn two_counts(lower: &str, op: &Operation) -> bool {
    op.verb == kubechat_core::Verb::Scale
        && ended_sentences(lower, &['.', '!', '?', ';', '\n'])
            .into_iter()
            .any(|(s, _)| {
                let words: Vec<&str> = s
                    .split(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | '(' | ')'))
                    .filter(|w| !w.is_empty())
                    .collect();
                // ("scale api to 10 before the email goes out at 9": a
                // deadline's hour is no count.)
                counts_said(&without_deadline(&words)) > 1
            })
}

/// How many different counts "to N" or "at N" says.
fn counts_said(words: &[&str]) -> usize {
    // ("web is still pinned at 1 replica, please put it back to 3": the
    // count it has, told by a state word before "at", is no count asked.)
    let told = |k: usize| {
        words[k] == "at"
            && words
                .get(k + 2)
                .is_some_and(|r| r.starts_with("replica") || r.starts_with("pod"))
            && k.checked_sub(1).is_some_and(|b| {
                matches!(
                    words[b],
                    "is" | "are"
                        | "pinned"
                        | "stuck"
                        | "sits"
                        | "sitting"
                        | "currently"
                        | "still"
                        | "running"
                        | "now"
                        | "presently"
                )
            })
    };
    let mut counts: Vec<&str> = words
        .windows(3)
        .enumerate()
        .filter(|(k, _)| !told(*k))
        .map(|(_, w)| w)
        .filter(|w| {
            matches!(w[0], "to" | "at")
                && !w[1].is_empty()
                && w[1].bytes().all(|b| b.is_ascii_digit())
                && !matches!(
                    w[2],
                    "pm" | "am"
                        | "minutes"
                        | "minute"
                        | "mins"
                        | "hours"
                        | "hour"
                        | "seconds"
                        | "percent"
                        | "%"
                )
                // ("at 18:00", split at its colon: an hour.)
                && !(w[2].len() == 2 && all_digits(w[2]))
        })
        .map(|w| w[1])
        .collect();
    // ("scale api and web to 3 and 5": a second count after "and".)
    for w in words.windows(4) {
        if matches!(w[0], "to" | "at")
            && all_digits(w[1])
            && matches!(w[2], "and" | "&" | "or")
            && all_digits(w[3])
            && !w[3].is_empty()
        {
            counts.push(w[3]);
        }
    }
    // (A count said last, "… to 3", has no word after it.)
    if let [.., a, b] = words
        && matches!(*a, "to" | "at")
        && b.bytes().all(|c| c.is_ascii_digit())
        && !b.is_empty()
    {
        counts.push(b);
    }
    counts.sort_unstable();
    counts.dedup();
    counts.len()
}

/// "drain the node web-1 is on", "cordon the node api-0 runs on": the
/// node is where another object is, and the name is that object's.
fn node_of_other(words: &[&str], op: &Operation) -> bool {
    // "delete the pods on web-1's node", "cordon api's node": the node
    // of another object, said as its possession.
    let on_node = op.resource.as_str() == "nodes"
        || op
            .params
            .field_selector
            .as_ref()
            .is_some_and(|f| f.to_string().contains("spec.nodeName"));
    if on_node
        && words.windows(2).any(|w| {
            super::possessed(w[0]).len() < w[0].len()
                && matches!(w[1], "node" | "nodes" | "host" | "machine")
        })
    {
        return true;
    }
    let Some(name) = op.name.as_ref().filter(|_| op.resource.as_str() == "nodes") else {
        return false;
    };
    words.iter().enumerate().any(|(i, w)| {
        *w == name.as_str()
            && matches!(
                words.get(i + 1).copied(),
                Some("is" | "runs" | "lives" | "sits" | "was" | "landed" | "got")
            )
            && words[i + 2..].iter().take(3).any(|o| *o == "on")
    })
}

/// "set web's hpa max to 20", "raise the hpa min for api to 4": an
/// existing autoscaler's bounds changed, which a new one (kubectl
/// autoscale) is not.
fn bounds_changed(words: &[&str], op: &Operation) -> bool {
    op.verb == kubechat_core::Verb::Create
        && op.resource.as_str() == "horizontalpodautoscalers"
        && words.iter().enumerate().any(|(i, w)| {
            matches!(
                *w,
                "set" | "change" | "update" | "raise" | "lower" | "increase" | "decrease" | "edit"
                    | "adjust" | "bump" | "modify"
            )
            // ("set up autoscaling" makes one.)
            && words.get(i + 1) != Some(&"up")
            // ("Do not modify the deployment itself": a rule, no change.)
            && !(i.saturating_sub(2)..i).any(|k| {
                matches!(words[k], "not" | "don't" | "dont" | "never" | "without")
            })
        })
}

/// "drain node-3 actually node-4", "delete pod web-1 sorry web-2",
/// "scale web to 5 i mean 3": a correction said after the order began,
/// within the line.
fn corrected_within(words: &[&str]) -> bool {
    let Some(start) = words
        .iter()
        .position(|w| crate::words::CHANGE_WORDS.contains(w))
    else {
        return false;
    };
    let rest = &words[start + 1..];
    rest.iter().enumerate().any(|(i, w)| {
        let next = rest.get(i + 1).copied().unwrap_or_default();
        // ("… don't actually change anything" says no correction, nor
        // does "the change must actually be applied".)
        let negated = i.checked_sub(1).is_some_and(|b| {
            matches!(
                rest[b],
                "don't" | "dont" | "not" | "do" | "doesn't" | "must" | "should" | "will" | "to"
            )
        });
        // ("…, it's called netshoot-tmp. sorry about that": an apology
        // for the mess, when nothing after it corrects.)
        let apology = matches!(*w, "sorry" | "sry")
            && matches!(next, "about" | "for")
            && !rest[i..].iter().any(|r| CORRECTING.contains(r));
        (matches!(
            *w,
            "actually"
                | "sorry"
                | "sry"
                | "oops"
                | "err"
                | "erm"
                | "uh"
                | "um"
                | "rather"
                | "instead"
        ) && !negated
            && !apology)
            || (*w == "i" && matches!(next, "mean" | "meant"))
            || (*w == "or" && matches!(next, "better" | "rather"))
            || (matches!(*w, "no" | "wait") && matches!(next, "wait" | "no" | "actually"))
            || (*w == "make"
                && matches!(next, "it" | "that")
                && rest
                    .get(i + 2)
                    .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()) || n.contains('-')))
    })
}

/// "delete pod web-1 that is pending", "… if it's still pending": a named
/// object deleted by its phase said in a clause — a condition on it,
/// which no selector checks for a named object.
fn state_clause(words: &[&str]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        matches!(*w, "that" | "which" | "if" | "when" | "while")
            && words[i + 1..].iter().take(4).any(|s| {
                matches!(
                    *s,
                    "pending"
                        | "failed"
                        | "running"
                        | "completed"
                        | "succeeded"
                        | "evicted"
                        | "terminating"
                )
            })
    })
}

/// Follow-ups after an order that leave it as it is ("… no rush",
/// "… thanks", "Wait for all replicas to be ready").
const HARMLESS_AFTER: &[&str] = &[
    "no rush",
    "no hurry",
    "no worries",
    "not urgent",
    "no downtime",
    "no issues",
    "no one",
    "nobody",
    "no other",
    "no more than",
    "no questions",
    // "drain node-3. ignore daemonsets": how to drain, said after it.
    "ignore daemon",
    "ignore ds",
    "ignore the daemon",
    "ignoring daemon",
    "ignoring the daemon",
    "sorry for the noise",
    "sorry to bother",
    "thank",
    "thx",
    "cheers",
    "can you help",
    "could you help",
    "can you do that",
    "can you do it",
];

/// Words that, after an order, correct it, take it back or doubt it.
const TAKEN_BACK_AFTER: &[&str] = &[
    "nope",
    "nah",
    "never",
    "cancel",
    "abort",
    "disregard",
    "ignore",
    "skip",
    "stop",
    "hold",
    "mistake",
    "undo",
    "revert",
    "kidding",
    "jk",
    "j/k",
    "forget",
    "scratch",
    "nvm",
    "sorry",
    "sry",
    "oops",
    "whoops",
    "wrong",
    "actually",
    "instead",
    "rather",
    "meant",
    "should",
    "approval",
    "standby",
    "er",
    "erm",
    "uh",
    "uhh",
    "umm",
    "um",
    "hm",
    "hmm",
    "hmmm",
    "ugh",
    "ahh",
    "eh",
    "noo",
    "nooo",
    "noooo",
    "recovered",
    "typo",
    "correction",
    "edit",
    "idea",
];

/// Phrases that, after an order, take it back ("… leave it", "… let me
/// check first", "… no longer needed").
const TAKEN_BACK_PHRASES: &[&str] = &[
    "leave it",
    "leave them",
    "leave those",
    "keep it",
    "let it be",
    "let me",
    "let's not",
    "lets not",
    "don't bother",
    "no need",
    "no longer",
    "fine now",
    "it's fine",
    "handle it",
    "on my go",
    // "delete pod web-1. not that one, web-2": another object meant.
    "not that one",
    "not this one",
    "wrong one",
    "other one",
];

/// "> delete pod web-1", "step 2: drain node-3 --force", "1) cordon
/// node-2": a line quoted from somewhere else, or a step of a list — what
/// was written, not an order now.
fn quoted_step(lower: &str) -> bool {
    let t = lower.trim_start();
    if t.starts_with('>') || t.starts_with("quote:") {
        return true;
    }
    // One line that is an item of a list: "2. delete pod web-1", "1)
    // restart api", "- restart api", "* delete pod web-1".
    let first = t.split_whitespace().next().unwrap_or_default();
    let numbered = first.len() > 1
        && first.ends_with(['.', ')'])
        && first[..first.len() - 1].bytes().all(|b| b.is_ascii_digit());
    // "[ ] scale web", "(1) restart api", "#1 …", "a) …", "14:02 restart
    // api", "<alice> restart api": a checklist, a list, a log's time or a
    // chat log's speaker before the order.
    let bracketed_number = first.len() > 2 && first.starts_with('(') && first.ends_with(')') && {
        // ("(urgent) scale web", "(asap) …": a word in brackets is how
        // soon, no item's number; a letter or a roman numeral is.)
        let item = &first[1..first.len() - 1];
        item.bytes().all(|b| b.is_ascii_digit())
            || item.len() == 1
            || item.bytes().all(|b| matches!(b, b'i' | b'v' | b'x'))
    };
    let hash_number =
        first.len() > 1 && first.starts_with('#') && first[1..].bytes().all(|b| b.is_ascii_digit());
    let letter_item =
        first.len() == 2 && first.ends_with(')') && first.as_bytes()[0].is_ascii_alphabetic();
    let clock = first.len() >= 4
        && first.contains(':')
        && first.bytes().all(|b| b.is_ascii_digit() || b == b':');
    let speaker = first.len() > 2 && first.starts_with('<') && first.ends_with('>');
    let checkbox = t.starts_with("[ ]") || t.starts_with("[x]") || t.starts_with("[]");
    if !t.contains('\n')
        && (numbered
            || matches!(first, "-" | "*" | "•")
            || bracketed_number
            || hash_number
            || letter_item
            || clock
            || speaker
            || checkbox)
    {
        return true;
    }
    let mut w = t.split_whitespace();
    matches!(w.next(), Some("step"))
        && w.next().is_some_and(|n| {
            let n = n.trim_end_matches([':', '.', ')']);
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
        })
}

/// "restart web in 10 minutes": a time to come. ("paged at 3am" tells
/// when something happened, so clock times are not read.)
/// `words` without a deadline and a time the change lasts for: "before
/// the sale starts at noon", "before end of day", "by 5pm", "for tonight"
/// say when it must be done by, or for how long — a change made now
/// meets them; they are not its time ("after the deploy", "tonight",
/// "at 5pm" alone are).
fn without_deadline<'a>(words: &[&'a str]) -> Vec<&'a str> {
    // The word a deadline ends on: a time or what happens at it.
    let ends = |w: &str| {
        LATER.iter().any(|l| l.rsplit(' ').next() == Some(w))
            || matches!(
                w,
                "noon"
                    | "midnight"
                    | "day"
                    | "weekend"
                    | "starts"
                    | "begins"
                    | "opens"
                    | "closes"
                    | "freeze"
                    | "window"
                    | "cutover"
                    | "launch"
                    | "sale"
                    | "demo"
                    | "am"
                    | "pm"
            )
            || (w.bytes().any(|b| b.is_ascii_digit())
                && w.bytes()
                    .all(|b| b.is_ascii_digit() || matches!(b, b':' | b'a' | b'p' | b'm')))
    };
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let opens = matches!(words[i], "before" | "by")
            || (words[i] == "for"
                && matches!(
                    words.get(i + 1),
                    Some(&("tonight" | "today" | "now" | "the"))
                )
                // ("The restart is scheduled for tonight": its time.)
                && !i.checked_sub(1).is_some_and(|b| {
                    matches!(
                        words[b],
                        "scheduled" | "planned" | "set" | "booked" | "slated" | "due" | "is"
                            | "are" | "was" | "queued"
                    )
                }));
        if opens {
            // Up to the time it ends on, seven words at most; a clock
            // time runs on to its minutes and "am"/"pm".
            if let Some(end) = (i + 1..words.len().min(i + 8)).find(|&k| ends(words[k])) {
                // ("before the freeze kicks in at 18:00": what happens,
                // then its time.)
                let joins = |w: &str| {
                    matches!(
                        w,
                        "starts"
                            | "begins"
                            | "kicks"
                            | "opens"
                            | "closes"
                            | "goes"
                            | "in"
                            | "at"
                            | "on"
                            | "is"
                            | "live"
                    )
                };
                let mut end = end;
                while let Some(next) = (end + 1..words.len().min(end + 5))
                    .take_while(|&k| joins(words[k]) || ends(words[k]))
                    .find(|&k| ends(words[k]) && !LATER.contains(&words[k]))
                {
                    end = next;
                }
                // ("for the" only before a time it lasts: "for the night",
                // "for the weekend".)
                if !(words[i] == "for" && words.get(i + 1) == Some(&"the") && end != i + 2) {
                    i = end + 1;
                    continue;
                }
            }
        }
        out.push(words[i]);
        i += 1;
    }
    out
}

fn later(words: &[&str]) -> bool {
    const UNITS: [&str; 11] = [
        "minutes", "minute", "mins", "min", "hours", "hour", "hrs", "hr", "h", "m", "seconds",
    ];
    let amount = |w: &str| {
        matches!(
            w,
            "a" | "an" | "one" | "two" | "few" | "couple" | "half" | "some"
        ) || (!w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()))
    };
    // "in 1 hr", "in an hour", "in half an hour", "in a few minutes",
    // "in 2h".
    let in_time = words.iter().enumerate().any(|(i, w)| {
        // ("in about an hour", "in roughly 10 minutes".)
        let i = if *w == "in"
            && matches!(
                words.get(i + 1),
                Some(&("about" | "around" | "roughly" | "approximately" | "like" | "maybe"))
            ) {
            i + 1
        } else {
            i
        };
        (*w == "in")
            && (words.get(i + 1).is_some_and(|d| {
                let digits = d.bytes().take_while(u8::is_ascii_digit).count();
                digits > 0 && matches!(&d[digits..], "h" | "m" | "hr" | "hrs" | "min" | "mins")
            }) || (words.get(i + 1).is_some_and(|a| amount(a))
                && words[i + 2..].iter().take(3).any(|u| UNITS.contains(u))))
    });
    // "in a bit", "later". (A clock time or "this afternoon" may tell
    // when something happened: "paged at 3am".)
    let said = |p: &[&str]| words.windows(p.len()).any(|w| w == p);
    // "restart api at 5pm", "drain node-3 at 22:00": a clock time for
    // the change, where nothing in the clause tells of the past ("paged
    // at 3am, restart api" is when the page came).
    let clock = |i: usize| {
        let w = words.get(i).copied().unwrap_or_default();
        let bare = w.trim_end_matches("pm").trim_end_matches("am");
        let digits = !bare.is_empty() && bare.bytes().all(|b| b.is_ascii_digit() || b == b':');
        let next = words.get(i + 1).copied().unwrap_or_default();
        (digits
            && (bare.len() < w.len()
                || bare.contains(':')
                || matches!(next, "pm" | "am" | "utc" | "oclock" | "o'clock")
                // ("22:00", split at its colon.)
                || (next.len() == 2 && next.bytes().all(|b| b.is_ascii_digit()))))
            || matches!(w, "noon" | "midnight")
    };
    let past = tells_past(words);
    // ("after the 18 o'clock", "until 5pm": when it may start.)
    let at_clock = !past
        && words.iter().enumerate().any(|(i, w)| {
            (matches!(*w, "at" | "by") && clock(i + 1))
                || (matches!(*w, "after" | "until" | "from")
                    && (clock(i + 1) || (words.get(i + 1) == Some(&"the") && clock(i + 2))))
                || (words
                    .get(i + 1)
                    .is_some_and(|n| matches!(*n, "o'clock" | "oclock"))
                    && w.bytes().all(|b| b.is_ascii_digit()))
        });
    in_time
        || at_clock
        || said(&["in", "a", "bit"])
        || said(&["in", "a", "while"])
        || said(&["after", "lunch"])
        // "after the standup, delete x", "after the meeting: drain
        // node-3": a time to come, named by what happens then.
        || (!past
            && words.windows(3).any(|w| {
                matches!(w[0], "after" | "following")
                    && matches!(w[1], "the" | "this" | "our" | "today's" | "tonight's" | "my")
                    && matches!(
                        w[2],
                        "meeting"
                            | "standup"
                            | "stand-up"
                            | "sync"
                            | "call"
                            | "demo"
                            | "retro"
                            | "review"
                            | "launch"
                            | "cutover"
                            | "freeze"
                            | "sprint"
                            | "holidays"
                            | "break"
                            | "presentation"
                            | "workshop"
                            | "migration"
                    )
            }))
        // "at the next maintenance window", "during the next release": a
        // time to come, named by what happens then.
        || words.windows(3).any(|w| {
            matches!(w[0], "at" | "during" | "in" | "before" | "after" | "with")
                && w[1] == "the"
                && matches!(w[2], "next" | "upcoming" | "coming")
        })
        || said(&["during", "the", "maintenance", "window"])
        || words.last() == Some(&"later")
        || words.windows(3).any(|w| {
            w[0] == "in"
                && w[1].bytes().all(|b| b.is_ascii_digit())
                && matches!(
                    w[2],
                    "minutes" | "minute" | "mins" | "min" | "hours" | "hour" | "hrs"
                )
        })
}

/// More ways of saying an hour: "at five", "at 1500", "at 15h", "at
/// 15.00", "at half past three", "17:00" alone, "overnight", "at the top
/// of the hour". ("at 3" is a count for a scale, an hour for the rest.)
/// Not where the clause tells of the past ("paged at 3 …").
fn clock_said(words: &[&str], scale: bool) -> bool {
    const HOURS: [&str; 12] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    let past = tells_past(words);
    if past {
        return false;
    }
    let hour_like = |w: &str| {
        let w = w.trim_start_matches('@');
        HOURS.contains(&w)
            // "1500", "0200", "1700h".
            || (w.trim_end_matches('h').len() == 4
                && all_digits(w.trim_end_matches('h'))
                && w.trim_end_matches('h')[..2].parse::<u32>().is_ok_and(|h| h < 24))
            // "15h".
            || (w.len() > 1 && w.ends_with('h') && all_digits(&w[..w.len() - 1]))
            // "15.00".
            || w.split_once('.').is_some_and(|(h, m)| all_digits(h) && m.len() == 2 && all_digits(m))
            || (!scale && all_digits(w) && w.parse::<u32>().is_ok_and(|h| (1..=12).contains(&h)))
    };
    words
        .windows(2)
        .any(|w| w[0] == "at" && hour_like(w[1]))
        || words.iter().any(|w| {
            // "@17:30", "17:00" said alone (split at its colon earlier:
            // "@17" then "30").
            w.starts_with('@') && w.len() > 1 && all_digits(&w[1..])
        })
        || words.windows(2).any(|w| {
            matches!((w[0], w[1]), ("half", "past") | ("quarter", "past") | ("quarter", "to"))
        })
        // "17:00" said alone (split at its colon: "17" then "00").
        // ("It's 19:30 now": the time it is.)
        || words.windows(2).enumerate().any(|(i, w)| {
            (1..=2).contains(&w[0].len())
                && all_digits(w[0])
                && w[1].len() == 2
                && all_digits(w[1])
                && words.get(i + 2) != Some(&"now")
                && !i.checked_sub(1).is_some_and(|p| matches!(words[p], "it's" | "its"))
        })
        || words.iter().any(|w| matches!(*w, "overnight"))
        || words.windows(3).any(|w| w == ["on", "the", "hour"] || w == ["of", "the", "hour"])
        || words.ends_with(&["in", "a", "few"])
}

/// A word of digits only ("3", "1500").
fn all_digits(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
}

/// Whether the clause tells of the past ("paged at 3am", "it was
/// restarted"): a time said there is when something happened.
fn tells_past(words: &[&str]) -> bool {
    words.iter().any(|w| {
        matches!(
            *w,
            "was" | "were" | "got" | "paged" | "happened" | "yesterday" | "ago" | "last" | "since"
        ) || (w.len() > 4 && w.ends_with("ed"))
    })
}

/// "Drain node worker-3 failed.", "the restart of web failed": a sentence
/// that ends on the change having failed tells it, it does not order it
/// ("delete the pods that failed" orders: a relative clause picks them).
fn failed_told(lower: &str) -> bool {
    if !lower.contains("fail") {
        return false;
    }
    // When it failed, said after it ("… failed this morning", "… failed
    // again").
    const WHEN: [&str; 16] = [
        "again",
        "twice",
        "earlier",
        "today",
        "yesterday",
        "this",
        "morning",
        "afternoon",
        "evening",
        "night",
        "last",
        "just",
        "already",
        "repeatedly",
        "overnight",
        "now",
    ];
    sentences(lower).any(|sentence| {
        // The order's clause only: "restart api because the last deploy
        // failed" gives its reason.
        let clause = [" because ", " since ", " cause ", ", "]
            .iter()
            .filter_map(|cut| sentence.find(cut))
            .min()
            .map_or(sentence, |at| &sentence[..at]);
        let words: Vec<&str> = clause.split_whitespace().collect();
        let Some(at) = words
            .iter()
            .rposition(|w| matches!(*w, "failed" | "fails" | "failing"))
        else {
            return false;
        };
        // ("Rollback failed.", "drain failed": the change named by its
        // noun alone.)
        let named_alone = at == 1
            && matches!(
                words[0].trim_matches(|c: char| !c.is_alphanumeric()),
                "rollback"
                    | "rollout"
                    | "restart"
                    | "drain"
                    | "cordon"
                    | "uncordon"
                    | "scale"
                    | "scaling"
                    | "delete"
                    | "deletion"
                    | "undo"
                    | "upgrade"
                    | "eviction"
            );
        // ("… failed on node-3", "… failed for checkout": where, then
        // when.)
        let after = match words.get(at + 1) {
            Some(&("on" | "for" | "in" | "of")) => words.get(at + 3..).unwrap_or_default(),
            _ => &words[at + 1..],
        };
        (at >= 2 || named_alone)
            && after.iter().all(|w| WHEN.contains(w))
            // ("delete the pods that failed" picks them; "it failed" is
            // the object's trouble.)
            && !matches!(
                words[at - 1],
                "that" | "which" | "who" | "have" | "has" | "had" | "were" | "are" | "is" | "all"
                    | "the" | "it" | "they" | "this" | "these" | "those" | "one" | "just"
                    | "already" | "again" | "also" | "ones"
                    // ("the ledger pods keep failing": the object's
                    // trouble, not a change that failed.)
                    | "keep" | "keeps" | "kept" | "still" | "started" | "constantly"
            )
    })
}

/// "can I restart web?", "should I drain node-1?", "do we scale web to
/// 5?": a sentence that opens by asking whether the person may or should
/// — a right or advice asked, not the change.
fn asks_whether(lower: &str) -> bool {
    const OPENINGS: [&[&str]; 14] = [
        &["can", "i"],
        &["could", "i"],
        &["may", "i"],
        &["am", "i", "allowed"],
        &["am", "i", "able"],
        &["am", "i", "good", "to"],
        &["should", "i"],
        &["should", "we"],
        &["shall", "i"],
        &["do", "i"],
        &["do", "we"],
        &["is", "it", "fine", "to"],
        &["is", "it", "ok", "to"],
        &["time", "to"],
    ];
    lower
        .split_inclusive(['.', '!', '?', '\n', ';'])
        .any(|sentence| {
            let words: Vec<&str> = sentence
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|w| !w.is_empty())
                .skip_while(|w| w.starts_with('@') || super::INTERJECTIONS.contains(w))
                .take(4)
                .collect();
            OPENINGS.iter().any(|o| words.starts_with(o))
            // "can we go back to the previous version of checkout?": asked
            // with a question mark, and no "please", whether to.
            // (Without one too: "can we delete the staging namespace".)
            || (matches!(words.as_slice(), ["can" | "could", "we", ..])
                && !sentence.contains("please")
                && !sentence.contains("pls"))
        })
}

/// The sentences of a lower-cased message, split where one ends.
fn sentences(lower: &str) -> impl Iterator<Item = &str> {
    lower.split(['.', '!', '?', '\n', ';'])
}

/// "remove worker-3 from rotation", "drop web-1 from the pool": taken out
/// of rotation, which a delete is not.
fn out_of_rotation(words: &[&str]) -> bool {
    words.contains(&"rotation")
        || words.windows(3).any(|w| {
            matches!(
                w,
                ["from", "the", "pool"]
                    | ["from", "the", "rotation"]
                    | ["out", "of", "service"]
                    | ["from", "load", "balancing"]
                    | ["the", "load", "balancer"]
                    | ["from", "the", "service"]
                    | ["from", "the", "endpoints"]
            )
        })
}

/// "scale web to 5 no 3", "to 3, sorry 5", "to 3 or 5": two counts.
fn corrected(words: &[&str]) -> bool {
    words.windows(3).any(|w| {
        all_digits(w[0])
            && matches!(
                w[1],
                "no" | "sorry" | "or" | "nope" | "actually" | "well" | "hmm" | "really" | "maybe"
            )
            && all_digits(w[2])
    })
    // "scale web to 5 hmm no 3": two counts with only slips between.
    || (0..words.len()).any(|i| {
        all_digits(words[i])
            && words[i + 1..]
                .iter()
                .take(4)
                .take_while(|w| {
                    matches!(
                        **w,
                        "no" | "hmm" | "well" | "really" | "actually" | "sorry" | "or" | "i" | "mean"
                            | "make" | "it" | "er" | "um" | "uh" | "nope" | "wait" | "rather"
                    )
                })
                .count()
                > 0
            && words[i + 1..].iter().take(5).any(|w| all_digits(w))
            && words[i + 1..].iter().take(5).all(|w| {
                all_digits(w)
                    || matches!(
                        *w,
                        "no" | "hmm" | "well" | "really" | "actually" | "sorry" | "or" | "i" | "mean"
                            | "make" | "it" | "er" | "um" | "uh" | "nope" | "wait" | "rather"
                            | "replicas" | "replica"
                    )
            })
    })
    // "scale web to 5 3", "to 5 (3 really)": two counts side by side.
    // ("at 18:00", split at its colon, is an hour.)
    || words.windows(3).any(|w| {
        matches!(w[0], "to" | "at")
            && all_digits(w[1])
            && all_digits(w[2])
            && !(w[0] == "at" && w[1].len() <= 2 && w[2].len() == 2)
    })
    // "drain node-3 no node-4", "… s/3/4/".
    || words.windows(2).any(|w| {
        matches!(w[0], "no" | "nope" | "nah") && w[1].contains('-') && w[1].bytes().any(|b| b.is_ascii_digit())
    })
    || words.iter().any(|w| w.starts_with("s/") && w.matches('/').count() >= 2)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn change(line: &str) -> Operation {
        kubechat_core::kubectl::parse(line).unwrap()
    }

    /// Probe 76 (session 35): a prompt's parts are no speakers; a
    /// thread quoted, then the writer's own line, is the writer's ask;
    /// a thread pasted whole is still the people's own.
    #[test]
    fn threads_pasted_and_prompts_with_parts() {
        assert!(!pasted_thread(
            "role: you are an sre agent.\nrules: never delete namespaces.\ntask: restart ledger-api in bank."
        ));
        assert!(!pasted_thread(
            "from #bank-ops:\n> lee: ledger-db-0 is back\n> kim: lag is 0\ncan someone delete job ledger-reindex?"
        ));
        assert!(pasted_thread(
            "lee: the job ledger-reindex is stuck\nkim: can you delete it?\nlee: on it"
        ));
    }

    /// A namespace the text says, where the change read has none, is
    /// asked back, never dropped (a blind probe's rollback went to the
    /// default namespace, session 35).
    #[test]
    fn a_namespace_said_and_not_read_holds_the_change() {
        let undo = change("kubectl rollout undo deployment/ledger-api");
        assert!(hold(
            "the ledger-api pods crash in bank since noon and the pager is loud. please roll ledger-api back now",
            &undo
        )
        .is_err());
        let placed = change("kubectl rollout undo deployment/ledger-api -n bank");
        assert!(hold(
            "the ledger-api pods crash in bank since noon and the pager is loud. please roll ledger-api back now",
            &placed
        )
        .is_ok());
    }

    /// An issue's template (session 35): its steps to reproduce are no
    /// order, whatever command they show.
    #[test]
    fn steps_of_a_bug_report_are_no_orders() {
        let drain = change("kubectl drain w1 --ignore-daemonsets");
        assert!(hold(
            "kubectl drain hangs on nodes with local storage\n\nSteps to reproduce\n1. create a pod with an emptyDir on w1\n2. run kubectl drain w1 --ignore-daemonsets\n\nExpected a clear error\nActual it waits forever",
            &drain
        )
        .is_err());
        assert!(
            hold(
                "drain w1 --ignore-daemonsets, the expected downtime is fine",
                &drain
            )
            .is_ok()
        );
    }

    /// Probe 76 (session 35): a wait said of another object of the same
    /// shape, before the order, is that object's; a name corrected after
    /// the order still holds it.
    #[test]
    fn waits_of_sibling_objects_are_theirs() {
        let uncordon = change("kubectl uncordon bank-node-7");
        assert!(hold(
            "bank-node-8 is next but wait until the freeze lifts. Please uncordon bank-node-7 now.",
            &uncordon
        )
        .is_ok());
        assert!(hold("uncordon bank-node-7 once the freeze lifts", &uncordon).is_err());
        let delete = change("kubectl delete pod cache-0 -n cache");
        assert!(
            hold(
                "delete the pod cache-0. actually cache-1, in cache",
                &delete
            )
            .is_err()
        );
    }

    #[test]
    fn changes_not_ordered_now_are_held_and_orders_pass() {
        let restart = change("kubectl rollout restart deployment/web");
        for text in [
            "if web crashes again, restart it",
            "restart web only if it's stuck",
            "restart web tonight",
            "restart web in 10 minutes",
            "suppose I restart web",
            "restart web. never mind",
            "ok to restart web?",
            "restart web, does it cause downtime",
            "give me the command to restart web",
            "TODO: restart web",
            "restart web won't help",
        ] {
            assert!(hold(text, &restart).is_err(), "{text}");
        }
        for text in ["restart web", "restart web, it keeps crashing"] {
            let held = hold(text, &restart);
            assert!(held.is_ok(), "{text}: {held:?}");
        }
        // (Read with the place it says.)
        let in_shop = change("kubectl rollout restart deployment/web -n shop");
        assert!(hold("please restart web in shop", &in_shop).is_ok());
        assert!(
            hold(
                "scale web to 5 no 3",
                &change("kubectl scale deployment/web --replicas=5")
            )
            .is_err()
        );
        // A read is never held.
        assert!(
            hold(
                "if web crashes, show its logs",
                &change("kubectl logs deployment/web")
            )
            .is_ok()
        );
    }
}
