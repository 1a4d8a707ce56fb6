//! The taint family: taints put on a node or taken off it, in kubectl's
//! form (`dedicated=gpu:NoSchedule`, `dedicated-`) or in words ("remove
//! the dedicated taint from node worker-1", "taint node foo with key
//! 'dedicated' and effect 'NoSchedule'").

use kubechat_core::{TaintChange, TaintEffect};

use super::*;

/// Whether the request speaks of taints at all.
pub(super) fn about_taints(words: &Words) -> bool {
    ["taint", "taints", "untaint", "tainted"]
        .iter()
        .any(|w| words.has(w))
}

/// Whether the request orders its taint changed rather than asks about
/// it: "does node cp-1 have the NoSchedule taint?", "is node gpu-1 tainted
/// with dedicated=gpu:NoSchedule" and "check whether … has the taint" ask,
/// and a taint said is no order on its own. An order says a verb of
/// change, or "taint" as the verb (first, or after "please", "to", "you"
/// …), never as the noun ("the dedicated taint").
pub(super) fn taint_ordered(words: &Words) -> bool {
    const CHANGES: [&str; 19] = [
        "add", "put", "apply", "set", "place", "remove", "delete", "drop", "clear", "lift",
        "untaint", "replace", "give", "create", "update", "make", "mark", "change", "assign",
    ];
    CHANGES.iter().any(|w| words.has(w))
        || (0..words.len()).any(|i| {
            words.get(i) == Some("taint")
                && (i == 0
                    || matches!(
                        words.get(i - 1),
                        Some(
                            "please"
                                | "pls"
                                | "plz"
                                | "to"
                                | "and"
                                | "then"
                                | "you"
                                | "u"
                                | "also"
                                | "now"
                                | "kindly"
                                | "just"
                                | "go"
                                | "must"
                                | "should"
                                | "can"
                                | "could"
                                | "will"
                                | "would"
                                | "i"
                                | "we"
                                | "lets"
                                | "let's"
                        )
                    ))
        })
}

/// Whether the request asks about taints rather than orders one: a
/// question's word ("does", "whether", "which", "check", "show"…) and no
/// order ([`taint_ordered`]). Neither (a taint said in a language the
/// rules do not read) stays an order, asked back when incomplete.
pub(super) fn taints_asked(words: &Words) -> bool {
    const ASKING: [&str; 21] = [
        "whether", "if", "does", "do", "is", "are", "has", "have", "which", "what", "any", "check",
        "verify", "confirm", "show", "list", "see", "review", "tell", "get", "tainted",
    ];
    // ("which pods tolerate the NoSchedule taint" asks about pods.)
    about_taints(words)
        && !taint_ordered(words)
        && ASKING.iter().any(|w| words.has(w))
        && ![
            "pod",
            "pods",
            "tolerate",
            "tolerates",
            "toleration",
            "tolerations",
        ]
        .iter()
        .any(|w| words.has(w))
}

/// Whether the taints are taken off rather than put on.
fn removing(words: &Words) -> bool {
    [
        "untaint", "remove", "removing", "delete", "drop", "clear", "lift", "off",
    ]
    .iter()
    .any(|w| words.has(w))
}

/// The taints a request changes, claimed from `words` (empty when it names
/// none: "show the taints of node foo" reads).
pub(super) fn taint_changes(words: &mut Words) -> Result<Vec<TaintChange>> {
    if !about_taints(words) {
        return Ok(Vec::new());
    }
    let remove = removing(words);
    let mut out = Vec::new();
    // kubectl's form, one word each; after "taint", a KEY=VALUE without
    // its effect is a taint said wrong, named as such.
    let tainting = words.has("taint") && !remove;
    // "with key=env, value=prod, effect=NoSchedule": the taint's fields
    // said as pairs.
    let field = |name: &str| {
        (0..words.len()).find_map(|i| {
            let raw = words.free(i).and_then(|_| words.raw(i))?;
            let (k, v) = raw.split_once('=')?;
            (k.eq_ignore_ascii_case(name) && !v.is_empty() && !v.contains([':', '=']))
                .then(|| (i, v.to_owned()))
        })
    };
    // ("untaint node-7 key=value:NoSchedule" is kubectl's form, with a
    // key named "key".)
    if let Some((ki, key)) = field("key")
        && let (value, effect) = (field("value"), field("effect"))
        && (value.is_some() || effect.is_some())
    {
        let mut line = key;
        if let Some((_, v)) = &value {
            line.push('=');
            line.push_str(v);
        }
        if let Some((_, e)) = &effect {
            line.push(':');
            line.push_str(e);
        }
        if let Ok(mut change) = TaintChange::parse(&line) {
            change.remove |= remove;
            for i in [Some(ki), value.map(|v| v.0), effect.map(|e| e.0)]
                .into_iter()
                .flatten()
            {
                words.mark(i);
            }
            return Ok(vec![change]);
        }
    }
    for i in 0..words.len() {
        let Some(raw) = words.free(i).and_then(|_| words.raw(i)).map(str::to_owned) else {
            continue;
        };
        // "nodes labelled gpu=true": a selector, not a taint.
        let selecting = (i.saturating_sub(2)..i).any(|j| {
            matches!(
                words.get(j),
                Some("label" | "labels" | "labelled" | "labeled" | "having" | "-l" | "selector")
            )
        });
        if selecting
            || !(raw.contains(':')
                || (remove && raw.ends_with('-') && raw.len() > 1)
                || (tainting && raw.contains('=')))
        {
            continue;
        }
        // ("add a NoSchedule taint gpu=true to node-8": the effect said
        // as its own word.)
        let said_effect = (!raw.contains(':') && raw.contains('='))
            .then(|| {
                (0..words.len())
                    .find(|&k| k != i && words.free(k).and_then(TaintEffect::parse).is_some())
            })
            .flatten();
        let raw = match said_effect {
            Some(k) => {
                words.mark(k);
                format!("{raw}:{}", words.raw(k).unwrap_or_default())
            }
            None => raw,
        };
        match TaintChange::parse(&raw) {
            Ok(mut change) => {
                change.remove |= remove;
                words.mark(i);
                out.push(change);
            }
            Err(reason) if tainting => {
                return Err(Error::NotUnderstood {
                    reason,
                    suggestions: vec![format!("taint node NODE {raw}:NoSchedule")],
                });
            }
            Err(_) => {}
        }
    }
    if out.is_empty()
        && let Some(change) = said_in_words(words, remove)
    {
        out.push(change);
    }
    // "Taint node infra-1 so only pods tolerating role=infra:NoSchedule
    // can run there": what the taint is for, said around it.
    if !out.is_empty()
        && !remove
        && let Some(so) = (0..words.len()).find(|&i| words.free(i) == Some("so"))
    {
        const PURPOSE: &[&str] = &[
            "so",
            "that",
            "only",
            "pods",
            "pod",
            "workloads",
            "tolerating",
            "tolerate",
            "tolerates",
            "which",
            "with",
            "a",
            "matching",
            "toleration",
            "for",
            "it",
            "can",
            "be",
            "get",
            "scheduled",
            "placed",
            "run",
            "land",
            "there",
            "on",
            "the",
            "node",
            "from",
            "now",
            "onwards",
        ];
        let mut k = so;
        while k < words.len()
            && (words.used[k] || words.get(k).is_some_and(|w| PURPOSE.contains(&w)))
        {
            words.mark(k);
            k += 1;
        }
    }
    // "remove all taints from node foo": taints come off by key.
    if out.is_empty() && remove && ["all", "every", "any"].iter().any(|w| words.has(w)) {
        return Err(Error::NotUnderstood {
            reason: "taints are taken off by key, one or a few at a time; say which (kubectl taint nodes NODE KEY-)".into(),
            suggestions: vec!["untaint node NODE KEY".into()],
        });
    }
    Ok(out)
}

/// One taint said in words: "with key 'dedicated', value 'gpu' and
/// effect 'NoSchedule'", "the dedicated taint", "untaint node foo
/// dedicated".
fn said_in_words(words: &mut Words, remove: bool) -> Option<TaintChange> {
    let after = |words: &Words, marker: &str| {
        (0..words.len()).find_map(|i| {
            (words.free(i) == Some(marker)).then_some(())?;
            let at = if matches!(words.get(i + 1), Some("named" | "called" | "of" | "is")) {
                i + 2
            } else {
                i + 1
            };
            words.free(at).map(|_| (i, at))
        })
    };
    let mut claimed = Vec::new();
    let key_at = after(words, "key")
        .map(|(m, at)| {
            claimed.push(m);
            at
        })
        .or_else(|| {
            // "the dedicated key": the key named before the word.
            let m = (1..words.len()).find(|&i| words.free(i) == Some("key"))?;
            let k = m - 1;
            let named = words.free(k).is_some_and(|w| {
                words.is_quoted(k)
                    || (!STOP_SET.contains(&w) && !NOUN_MARKERS.contains(&w) && plain_name(w))
            });
            named.then(|| {
                claimed.push(m);
                k
            })
        })
        .or_else(|| {
            // "the dedicated taint"; "the NoSchedule taint" says its
            // effect, not its key.
            let t = (0..words.len()).find(|&i| matches!(words.get(i), Some("taint" | "taints")))?;
            let k = t.checked_sub(1)?;
            words
                .free(k)
                .filter(|w| {
                    words.is_quoted(k)
                        || (!STOP_SET.contains(w)
                            && !NOUN_MARKERS.contains(w)
                            && plain_name(w)
                            && TaintEffect::parse(w).is_none())
                })
                .map(|_| k)
        })
        .or_else(|| {
            // "remove the taint dedicated from node-3": the key right
            // after the word, before where it comes off.
            let t = (0..words.len()).find(|&i| words.get(i) == Some("taint"))?;
            let k = t + 1;
            // (Any key a label may have: "remove taint app from node6",
            // where "app" alone would be read as a kind of workload.)
            words
                .free(k)
                .filter(|w| {
                    words.is_quoted(k)
                        || (!STOP_SET.contains(w)
                            && kubechat_core::names::check_label_key(w).is_ok()
                            && TaintEffect::parse(w).is_none()
                            && !matches!(*w, "node" | "nodes"))
                })
                .filter(|_| matches!(words.get(k + 1), None | Some("from" | "on" | "off" | "of")))
                .map(|_| k)
        })
        .or_else(|| {
            // "untaint node foo dedicated": the key after the node's name.
            let n = (0..words.len()).find(|&i| matches!(words.get(i), Some("node" | "nodes")))?;
            let k = n + 2;
            (words.has("untaint") && words.free(n + 1).is_some())
                .then_some(k)
                .filter(|&k| words.free(k).is_some_and(|w| !STOP_SET.contains(&w)))
        })
        .or_else(|| {
            // "untaint node-6 dedicated": a name shaped as nodes are
            // named, then the key.
            let u = words.position("untaint")?;
            let k = u + 2;
            (words.get(u + 1).is_some_and(super::nodes::node_name_like)
                && words.free(k).is_some_and(|w| {
                    !STOP_SET.contains(&w) && plain_name(w) && TaintEffect::parse(w).is_none()
                }))
            .then_some(k)
        })?;
    let key = words.raw(key_at)?.to_owned();
    claimed.push(key_at);
    let value = after(words, "value").map(|(m, at)| {
        claimed.extend([m, at]);
        words.raw(at).unwrap_or_default().to_owned()
    });
    let effect = after(words, "effect")
        .and_then(|(m, at)| {
            let e = TaintEffect::parse(words.raw(at)?)?;
            claimed.extend([m, at]);
            Some(e)
        })
        .or_else(|| {
            (0..words.len()).find_map(|i| {
                let e = TaintEffect::parse(words.free(i)?)?;
                claimed.push(i);
                Some(e)
            })
        });
    for i in claimed {
        words.mark(i);
    }
    Some(TaintChange {
        key,
        value,
        effect,
        remove,
    })
}
