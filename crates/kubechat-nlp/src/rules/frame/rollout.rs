//! The rollout family: history, rollbacks and how a rollout is going.

use super::*;

/// The rollout family asked about: its history ("the rollout history of
/// web", "show revision 3 of the web deployment"), a rollback ("roll the
/// api daemonset back"), or how one is going ("is the checkout rollback done
/// yet?"): the verb, where it ends, and the revision asked for.
pub(super) fn rollout_verb(
    words: &mut Words,
    rollout_word: bool,
) -> Option<(Verb, Option<usize>, Option<u64>)> {
    let mut verb = None;
    let mut verb_end = None;
    // "the rollout history of web", "what revisions does web have",
    // "show revision 3 of the web deployment".
    let mut history_revision = None;
    if verb.is_none()
        && (words.has("revisions")
            || (words.has("history")
                && (rollout_word
                    || [
                        "deployment",
                        "deployments",
                        "statefulset",
                        "daemonset",
                        "deploy",
                    ]
                    .iter()
                    .any(|w| words.has(w))))
            || (words.has("revision") && !words.has("undo") && !words.has("back")))
        && !["undo", "rollback", "revert", "roll", "restore"]
            .iter()
            .any(|w| words.has(w))
    {
        verb = Some(Verb::RolloutHistory);
        for w in ["rollout", "history", "revisions"] {
            if let Some(i) = words.take_phrase(w) {
                verb_end = Some(i);
            }
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
    // "roll the api daemonset back to revision 3": the verb around its
    // object.
    if verb.is_none()
        && let Some(at) = (0..words.len()).find(|&i| {
            words.free(i) == Some("roll") && (i + 2..=i + 5).any(|j| words.free(j) == Some("back"))
        })
    {
        if let Some(back) = (at + 2..=at + 5).find(|&j| words.free(j) == Some("back")) {
            words.mark(back);
        }
        words.mark(at);
        verb = Some(Verb::RolloutUndo);
        verb_end = Some(at);
    }
    // "is the checkout rollback done yet?": how the rollback is going.
    let rollback_asked = (words.has("rollback") || words.has("undo"))
        && (matches!(words.get(0), Some("is" | "has" | "did" | "was" | "are")) || words.has("yet"));
    if verb.is_none()
        && (rollout_word || rollback_asked)
        && [
            "done",
            "finished",
            "finish",
            "finishes",
            "complete",
            "completed",
            "completion",
            "progressing",
            "status",
            "wait",
            "watch",
        ]
        .iter()
        .any(|w| words.has(w))
    {
        verb = Some(Verb::RolloutStatus);
        verb_end = words
            .w
            .iter()
            .position(|w| matches!(w.as_str(), "rollout" | "rolling" | "rollback" | "undo"));
        if let Some(i) = verb_end.filter(|&i| matches!(words.get(i), Some("rollback" | "undo"))) {
            words.mark(i);
        }
    }
    verb.map(|v| (v, verb_end, history_revision))
}
