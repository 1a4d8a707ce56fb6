//! The rollout family: history, rollbacks and how a rollout is going.

use super::*;

/// Words that ask how a rollout goes or wait for its end.
const PROGRESS: &[&str] = &[
    "done",
    "finished",
    "finish",
    "finishes",
    "complete",
    "completes",
    "completed",
    "completion",
    "wait",
    "watch",
];

/// Type words of the workloads that roll out (what a history or a timed
/// look is about).
const ROLLED_KINDS: &[&str] = &[
    "deployment",
    "deployments",
    "statefulset",
    "daemonset",
    "deploy",
];

/// A verb of the rollout family read from the words.
pub(super) struct RolloutVerb {
    pub verb: Verb,
    /// Where the verb phrase ends.
    pub end: Option<usize>,
    /// "show revision 3 of web": the revision asked for.
    pub revision: Option<u64>,
    /// "wait for the web rollout (up to 2 minutes)": the seconds to wait
    /// for it to finish, as said or kubectl's default; `None` reads it once.
    pub wait: Option<u64>,
}

/// The rollout family asked about: its history ("the rollout history of
/// web", "show revision 3 of the web deployment"), a rollback ("roll the
/// api daemonset back"), or how one is going ("is the checkout rollback done
/// yet?", "wait until web finishes rolling out").
pub(super) fn rollout_verb(words: &mut Words, rollout_word: bool) -> Option<RolloutVerb> {
    let mut verb = None;
    let mut verb_end = None;
    // "the rollout history of web", "what revisions does web have",
    // "show revision 3 of the web deployment".
    let mut history_revision = None;
    if verb.is_none()
        && (words.has("revisions")
            || (words.has("history")
                && (rollout_word
                    || ROLLED_KINDS.iter().any(|w| words.has(w))
                    // "history of deploy/checkout".
                    || words.w.iter().any(|w| {
                        w.split_once('/')
                            .is_some_and(|(t, _)| ROLLED_KINDS.contains(&t) || matches!(t, "deploy" | "sts" | "ds"))
                    })))
            || (words.has("revision") && !words.has("undo") && !words.has("back"))
            // "rollout history deployment/orders --revision=4 …".
            || (words.has("history") && words.w.iter().any(|w| w.starts_with("--revision=")))
            // "the history of updates to the booking app", "what changed
            // in the last rollouts of pricing-api".
            || (words.has("history")
                && ["updates", "changes", "releases", "deploys", "versions", "deployments"]
                    .iter()
                    .any(|w| words.has(w)))
            || (words.has("rollouts")
                && ["changed", "changes", "last", "previous", "past", "recent"]
                    .iter()
                    .any(|w| words.has(w)))
            // "when did the last rollout of api-gateway happen?", "when
            // was web last rolled out?": the history has the times.
            || (words.get(0) == Some("when")
                && words.has("last")
                && (words.has("rollout") || words.has("rolled") || words.has("deployed"))))
        && !["undo", "rollback", "revert", "roll", "restore"]
            .iter()
            .any(|w| words.has(w))
    {
        verb = Some(Verb::RolloutHistory);
        for w in ["rollout", "rollouts", "history", "revisions"] {
            if let Some(i) = words.take_phrase(w) {
                verb_end = Some(i);
            }
        }
        if let Some(i) = (0..words.len()).find(|&i| {
            words.free(i).is_some_and(|w| {
                w.strip_prefix("--revision=")
                    .is_some_and(|n| n.parse::<u64>().is_ok())
            })
        }) {
            history_revision = words
                .get(i)
                .and_then(|w| w.strip_prefix("--revision="))
                .and_then(|n| n.parse().ok());
            words.mark(i);
        }
        if let Some(i) = words.take_phrase("revision") {
            // "revision 3", "revision #3", "revision # 3".
            let at = if words.free(i + 1) == Some("#") {
                i + 2
            } else {
                i + 1
            };
            if let Some(n) = words
                .free(at)
                .and_then(|w| w.trim_start_matches('#').parse::<u64>().ok())
            {
                history_revision = Some(n);
                for k in i + 1..=at {
                    words.mark(k);
                }
            }
            verb_end = verb_end.or(Some(i));
        }
    }
    // "roll the api daemonset back to revision 3", "Roll the deployment
    // in the messaging namespace back …": the verb around its object
    // (and its place), in one clause.
    let back_after = |words: &Words, i: usize| {
        (i + 2..=i + 8)
            .take_while(|&j| !matches!(words.get(j), Some("and" | "then" | "or" | "but")))
            .find(|&j| words.free(j) == Some("back"))
    };
    // "put inventory back to revision 7", "take checkout back to the
    // previous version": another verb of motion, sent back to a
    // revision (not "set web back to 3 replicas", "move the pod back to
    // node-1").
    let to_revision = |words: &Words, back: usize| {
        words.get(back + 1) == Some("to")
            && match words.get(back + 2) {
                Some("revision" | "rev" | "previous" | "prior" | "last" | "earlier") => true,
                Some("the" | "its" | "their") => matches!(
                    words.get(back + 3),
                    Some("previous" | "prior" | "last" | "earlier" | "old" | "older")
                ),
                _ => false,
            }
    };
    let moved_back = |words: &Words, i: usize| {
        matches!(
            words.free(i),
            Some("put" | "move" | "take" | "bring" | "send" | "set")
        ) && back_after(words, i).is_some_and(|b| to_revision(words, b))
    };
    if verb.is_none()
        && let Some(at) = (0..words.len()).find(|&i| {
            (words.free(i) == Some("roll") && back_after(words, i).is_some())
                || moved_back(words, i)
        })
    {
        if let Some(back) = back_after(words, at) {
            words.mark(back);
        }
        words.mark(at);
        verb = Some(Verb::RolloutUndo);
        verb_end = Some(at);
    }
    // "check deployment 'demo' with 2 minutes timeout": a time limit on a
    // look at a workload is a wait for its rollout.
    const LOOKS: [&str; 5] = ["check", "verify", "watch", "monitor", "track"];
    let timed_look = words.has("timeout")
        && LOOKS.iter().any(|w| words.has(w))
        && ROLLED_KINDS.iter().any(|w| words.has(w));
    // "is the checkout rollback done yet?": how the rollback is going.
    let rollback_asked = (words.has("rollback") || words.has("undo"))
        && (matches!(words.get(0), Some("is" | "has" | "did" | "was" | "are")) || words.has("yet"));
    // "the status of the restart of checkout": how the restart's rollout
    // goes.
    let restart_told = words.position("restart").is_some_and(|i| {
        i > 0 && words.get(i - 1) == Some("the") && words.get(i + 1) == Some("of")
    });
    // ("did the restart of loki finish yet?": asked how it went.)
    let rollback_asked = rollback_asked
        || (restart_told
            && (words.has("status")
                || words.has("yet")
                || matches!(words.get(0), Some("is" | "has" | "did" | "was"))));
    // "the rollout of web never finishes", "rollout status hangs for
    // api", "wont finish rolling out": a rollout in trouble, whose cause
    // the diagnosis tells (its state alone says again what was seen).
    let troubled = [
        "never", "hangs", "hanging", "hung", "forever", "wont", "won't", "stuck",
    ]
    .iter()
    .any(|w| words.has(w));
    if verb.is_none()
        && !troubled
        && (((rollout_word || rollback_asked)
            && PROGRESS
                .iter()
                // ("is the rollout of web still in progress?")
                .chain(&["progressing", "progress", "ongoing", "status", "timeout"])
                .any(|w| words.has(w)))
            || timed_look)
    {
        verb = Some(Verb::RolloutStatus);
        verb_end = (0..words.len()).find(|&i| {
            matches!(
                words.get(i),
                Some("rollout" | "rolling" | "rollback" | "undo")
            ) || (restart_told && words.get(i) == Some("restart"))
                || (matches!(words.get(i), Some("roll" | "rolled"))
                    && words.get(i + 1) == Some("out"))
        });
        // The words that asked how it goes are the verb's, not a name's
        // ("wait until web finishes rolling out").
        for i in 0..words.len() {
            if words.free(i).is_some_and(|w| {
                PROGRESS.contains(&w)
                    || matches!(w, "until" | "till" | "progress" | "ongoing" | "still")
            }) {
                words.mark(i);
            }
        }
        if let Some(i) =
            verb_end.filter(|&i| matches!(words.get(i), Some("rollback" | "undo" | "restart")))
        {
            words.mark(i);
        }
        // "is the rolling update of web in progress?": the update is the
        // rollout's, no name.
        if let Some(i) = verb_end
            .filter(|&i| words.get(i) == Some("rolling") && words.free(i + 1) == Some("update"))
        {
            words.mark(i + 1);
            verb_end = Some(i + 1);
        }
        if timed_look && verb_end.is_none() {
            verb_end = LOOKS.iter().find_map(|w| words.take_phrase(w));
        }
    }
    let wait = (verb == Some(Verb::RolloutStatus))
        .then(|| rollout_wait(words))
        .flatten();
    verb.map(|verb| RolloutVerb {
        verb,
        end: verb_end,
        revision: history_revision,
        wait,
    })
}

/// Whether the person waits for the rollout rather than looking at it once
/// ("wait for web to roll out", "watch the rollout until it completes"),
/// and for how long: a duration said as the limit ("up to 2 minutes",
/// "with a 90s timeout", "timeout 5m"), else kubectl's default of five
/// minutes. A question about it ("is the rollout done?") reads it once.
fn rollout_wait(words: &mut Words) -> Option<u64> {
    let waiting = [
        "wait", "waiting", "watch", "watching", "until", "till", "block", "timeout",
    ]
    .iter()
    .any(|w| words.has(w));
    if !waiting {
        return None;
    }
    for i in 0..words.len() {
        let cue = i.checked_sub(1).and_then(|p| words.get(p));
        let Some((limit, n)) = duration(words, i) else {
            continue;
        };
        let after = words.get(i + n);
        let limit_said = matches!(
            cue,
            Some("timeout" | "for" | "to" | "within" | "most" | "max" | "maximum" | "of")
        ) || matches!(after, Some("timeout" | "max" | "maximum" | "limit"));
        if limit_said {
            for k in i..i + n {
                words.mark(k);
            }
            if let Some(k) = [Some(i + n), i.checked_sub(1)]
                .into_iter()
                .flatten()
                .find(|&k| words.get(k) == Some("timeout"))
            {
                words.mark(k);
            }
            return Some(limit.seconds());
        }
    }
    Some(DEFAULT_WAIT_SECONDS)
}

/// "to its previous image version", "back to the last working release":
/// the revision before, which an undo goes to; the words are the undo's.
pub(super) fn earlier_version(words: &mut Words) {
    const EARLIER: &[&str] = &[
        "previous", "prior", "last", "earlier", "older", "old", "working", "stable", "good",
        "before",
    ];
    let earlier = |words: &Words, k: usize| words.get(k).is_some_and(|w| EARLIER.contains(&w));
    let mut claimed = Vec::new();
    for i in 0..words.len() {
        if matches!(
            words.free(i),
            Some("version" | "image" | "release" | "state" | "build")
        ) && (earlier(words, i.wrapping_sub(1)) || earlier(words, i.wrapping_sub(2)))
        {
            claimed.push(i);
            for k in [i.wrapping_sub(1), i.wrapping_sub(2)] {
                if earlier(words, k) || words.get(k) == Some("image") {
                    claimed.push(k);
                }
            }
            // "to the previous version of checkout": the words around
            // it too, so the name after "of" stands after the verb.
            let first = claimed.iter().copied().min().unwrap_or(i);
            let mut k = first;
            while k > 0 && matches!(words.get(k - 1), Some("to" | "the" | "its" | "back")) {
                k -= 1;
                claimed.push(k);
            }
            if words.get(i + 1) == Some("of") {
                claimed.push(i + 1);
            }
        }
    }
    for i in claimed {
        words.mark(i);
    }
}
