//! Deletions: what becomes of the dependents.

use super::*;

/// "delete the web statefulset but leave its pods running", "… keep the
/// pods", "without deleting its pods", `--cascade=orphan`: what becomes
/// of the deleted object's dependents, the words claimed.
pub(super) fn kept_dependents(words: &mut Words) -> Option<kubechat_core::Cascade> {
    if let Some(i) =
        (0..words.len()).find(|&i| words.free(i).is_some_and(|w| w.starts_with("--cascade=")))
    {
        let value = words.get(i)?.trim_start_matches("--cascade=").parse().ok();
        words.mark(i);
        return value;
    }
    const KEEP: &[&str] = &[
        "leave",
        "leaving",
        "keep",
        "keeping",
        "orphan",
        "orphaning",
        "spare",
    ];
    const DEPENDENTS: &[&str] = &[
        "pods",
        "pod",
        "replicasets",
        "replicaset",
        "dependents",
        "children",
        "jobs",
    ];
    let keep = (0..words.len()).find(|&i| words.free(i).is_some_and(|w| KEEP.contains(&w)));
    // "without deleting its pods", "but not its pods".
    let without = (0..words.len()).find(|&i| {
        matches!(words.free(i), Some("without" | "not"))
            && matches!(
                words.get(i + 1),
                Some("deleting" | "removing" | "killing" | "its" | "the" | "their")
            )
    });
    let at = keep.or(without)?;
    let dep = (at + 1..=at + 4).find(|&j| words.get(j).is_some_and(|w| DEPENDENTS.contains(&w)))?;
    let from = if at > 0 && words.get(at - 1) == Some("but") {
        at - 1
    } else {
        at
    };
    for k in from..=dep {
        words.mark(k);
    }
    if matches!(
        words.free(dep + 1),
        Some("running" | "alive" | "around" | "intact")
    ) {
        words.mark(dep + 1);
    }
    Some(kubechat_core::Cascade::Orphan)
}

/// "remove the taint from node worker-1", "delete the sidecar from
/// deployment api", "remove the description of deployment web": a part of
/// the object, not the object — never read as deleting it.
pub(super) fn part_removed(words: &Words, op: &Operation, verb_start: Option<usize>) -> Result<()> {
    if op.verb != Verb::Delete || op.name.is_none() {
        return Ok(());
    }
    let (part, object) = match part_from(words, op, verb_start).or_else(|| part_of(words)) {
        Some(part) => (part, op.name.as_ref().map_or("", |n| n.as_str())),
        None => match named_part_from(words, op) {
            Some(found) => found,
            None => return Ok(()),
        },
    };
    Err(Error::NotUnderstood {
        reason: format!(
            "this removes {part:?} from the {}, not the {} itself; say the change in kubectl syntax (label KEY-, annotate KEY-, taint KEY-, patch)",
            singular(op),
            singular(op)
        ),
        suggestions: vec![format!("kubectl describe {} {object}", singular(op))],
    })
}

/// The part said before "from" the object ("the sidecar from deployment
/// api"); none when "from" says a place ("… from current namespace").
fn part_from<'a>(words: &'a Words, op: &Operation, verb_start: Option<usize>) -> Option<&'a str> {
    let from = (0..words.len()).find(|&i| words.get(i) == Some("from"))?;
    if (from + 1..=from + 3).any(|j| {
        matches!(
            words.get(j),
            Some("namespace" | "namespaces" | "ns" | "cluster")
        )
    }) {
        return None;
    }
    (verb_start.map_or(0, |v| v + 1)..from).find_map(|i| {
        words.get(i).filter(|w| {
            !matches!(
                *w,
                "the" | "a" | "an" | "this" | "that" | "its" | "their" | "all" | "any"
            ) && resource_word(w).is_none()
                && !STOP_SET.contains(*w)
                && !matches!(
                    *w,
                    "delete" | "remove" | "drop" | "destroy" | "kill" | "rm" | "named" | "called"
                )
                && op.name.as_ref().is_none_or(|n| n.as_str() != *w)
                && !words.is_quoted(i)
        })
    })
}

/// The name read said before "from" another object of its type ("remove
/// 'zone' from node worker-8"): the name is a part of that object, not
/// the object deleted.
fn named_part_from<'a>(words: &'a Words, op: &Operation) -> Option<(&'a str, &'a str)> {
    let name = op.name.as_ref()?.as_str();
    let from = (0..words.len()).find(|&i| words.get(i) == Some("from"))?;
    let at = (0..from).find(|&i| words.get(i) == Some(name))?;
    let object = (from + 1..=from + 3).find(|&j| {
        words.get(j).and_then(resource_word).is_some()
            && words
                .get(j + 1)
                .is_some_and(|n| n != name && !STOP_SET.contains(n))
    })?;
    (object > at).then(|| words.get(at).zip(words.get(object + 1)))?
}

/// A part said before "of" the object: "the description of deployment
/// web", "the env vars of pod web-1".
fn part_of(words: &Words) -> Option<&str> {
    (1..words.len()).find_map(|i| {
        (words.get(i) == Some("of"))
            .then(|| words.get(i - 1))
            .flatten()
            .filter(|p| {
                matches!(
                    *p,
                    "description"
                        | "labels"
                        | "label"
                        | "annotations"
                        | "annotation"
                        | "env"
                        | "vars"
                        | "variables"
                        | "data"
                        | "contents"
                        | "content"
                        | "taints"
                        | "taint"
                        | "finalizers"
                        | "finalizer"
                        | "history"
                        | "logs"
                        | "events"
                        | "files"
                )
            })
    })
}
