//! Selectors, and the label and annotation family.

use super::*;

/// Words that make a following "label"/"annotation" a noun ("with the
/// label", "have the label", "the version label").
pub(super) const NOUN_MARKERS: &[&str] = &[
    "the", "a", "an", "with", "have", "has", "having", "by", "its", "their", "any", "version",
    "no", "same", "that", "this", "which", "what", "whose", "his", "her", "my", "our",
    // "the pods missing either label".
    "either", "each", "every", "one", "another",
];

/// Words that make "label" before them a noun: "a label selector", "use
/// label selection to find …", "an app label column" select or show,
/// they set nothing.
pub(super) const LABEL_NOUN_HEADS: &[&str] = &[
    "column",
    "columns",
    "selector",
    "selectors",
    "selection",
    "query",
    "queries",
    "filter",
    "filters",
];

/// The label or annotation keys a removal names: "remove the label
/// tier from …", "delete the 'deprecated' label", "remove the labels app
/// and tier from …" (every key of the list, never the first alone).
pub(super) fn removal_key(words: &mut Words) -> Option<(Verb, Vec<String>)> {
    // "remove label env=prod from pod web", "delete the env=prod label":
    // a label named with its value is removed by its key (the selector
    // stage read the pair as a selector; the caller drops it there).
    for i in 0..words.len() {
        // (The word may have been read as the verb: "strip label tier=fe
        // from svc web".)
        let verb = match words.get(i) {
            Some("label") if !words.is_quoted(i) => Verb::Label,
            Some("annotation") if !words.is_quoted(i) => Verb::Annotate,
            _ => continue,
        };
        let pair_at = [Some(i + 1), i.checked_sub(1)]
            .into_iter()
            .flatten()
            .find(|&j| {
                words
                    .raw(j)
                    .is_some_and(|w| w.contains('=') && !w.contains(','))
            });
        // Taken from an object ("… from pod web"): "delete the label
        // app=web pods" selects what is deleted.
        if let Some(j) = pair_at
            && matches!(words.get(i.max(j) + 1), Some("from" | "of" | "on" | "off"))
            && let Some((key, _)) = words.raw(j).and_then(|w| w.split_once('='))
            && kubechat_core::names::check_label_key(key.trim_end_matches('!')).is_ok()
            && !key.ends_with('!')
        {
            let key = key.to_owned();
            words.mark(i);
            words.mark(j);
            return Some((verb, vec![key]));
        }
    }
    for i in 0..words.len() {
        let verb = match words.free(i) {
            Some("label" | "labels") if !words.is_quoted(i) => Verb::Label,
            Some("annotation" | "annotations") if !words.is_quoted(i) => Verb::Annotate,
            _ => continue,
        };
        let skip = usize::from(matches!(words.get(i + 1), Some("named" | "called" | "key")));
        // ("show pod x's labels, then delete …": a word that joins
        // clauses is no key.)
        let next = words
            .free(i + 1 + skip)
            .filter(|k| {
                !STOP_SET.contains(k)
                    && !crate::words::FUNCTION_SET.contains(k)
                    && !matches!(*k, "then" | "and" | "or" | "but" | "so" | "also" | "first")
                    && !k.contains('=')
                    && k.len() <= 253
            })
            .map(|_| i + 1 + skip);
        if skip == 1 && next.is_some() {
            words.mark(i + 1);
        }
        // "the 'deprecated' label", "the bar label", "the
        // kubectl.kubernetes.io/last-applied-configuration annotation" (a
        // prefixed key).
        let before = i.checked_sub(1).filter(|&j| {
            words.free(j).is_some_and(|w| {
                let prefixed = w.contains('/')
                    && words
                        .raw(j)
                        .is_some_and(|raw| kubechat_core::names::check_label_key(raw).is_ok());
                words.is_quoted(j)
                    // ("the debug label": a verb's word is a key too.)
                    || ((prefixed
                        || ((plain_name(w) || crate::words::VERB_WORDS.contains(w))
                            && resource_word(w).is_none()))
                        && matches!(words.get(j.wrapping_sub(1)), Some("the" | "a")))
            })
        });
        let at = match (next, before) {
            (Some(n), _) if words.is_quoted(n) => Some(n),
            (_, Some(b)) => Some(b),
            (n, None) => n,
        };
        if let Some(j) = at {
            let key = words.raw(j).unwrap_or_default().to_owned();
            if kubechat_core::names::check_label_key(&key).is_ok() {
                words.mark(i);
                words.mark(j);
                let mut keys = vec![key];
                let mut k = j;
                while j > i
                    && matches!(words.get(k + 1), Some("and" | "," | "&"))
                    && let Some(more) = words
                        .free(k + 2)
                        .filter(|w| !STOP_SET.contains(w) && resource_word(w).is_none())
                        .and_then(|_| words.raw(k + 2))
                        .filter(|w| kubechat_core::names::check_label_key(w).is_ok())
                        .map(str::to_owned)
                {
                    words.mark(k + 1);
                    words.mark(k + 2);
                    if !keys.contains(&more) {
                        keys.push(more);
                    }
                    k += 2;
                }
                return Some((verb, keys));
            }
        }
    }
    None
}

/// A label or annotation to set, said in words: "with the label
/// 'unhealthy' and the value 'true'", "set label tier to backend", "foo's
/// description annotation with 'my frontend'" (a pair written as YAML,
/// "'owner: marketing'", is read with the selector terms).
pub(super) fn label_pair(words: &mut Words) -> Option<(Verb, String, String)> {
    // "annotate deployment web with the change cause 'image updated to
    // 1.16.1'": the annotation rollout history shows, by its key.
    if let Some(c) = (0..words.len()).find(|&i| {
        (words.free(i) == Some("change") && words.free(i + 1) == Some("cause"))
            || words.free(i) == Some("change-cause")
    }) {
        let end = if words.get(c) == Some("change") {
            c + 1
        } else {
            c
        };
        // ("a change cause of 'bump to 1.26'", "the change-cause to
        // '…'": a word between.)
        let at = if matches!(words.get(end + 1), Some("of" | "to" | "as")) {
            end + 2
        } else {
            end + 1
        };
        if words.is_quoted(at)
            && let Some(value) = words.raw(at).map(str::to_owned)
        {
            for k in c..=at {
                words.mark(k);
            }
            return Some((Verb::Annotate, "kubernetes.io/change-cause".into(), value));
        }
    }
    for i in 0..words.len() {
        // The word may have been read as the verb ("overwrite foo's
        // description annotation with 'x'").
        let verb = match words.get(i) {
            Some("label") if !words.is_quoted(i) => Verb::Label,
            Some("annotation") if !words.is_quoted(i) => Verb::Annotate,
            _ => continue,
        };
        if let Some(found) = key_before(words, i, verb) {
            return Some(found);
        }
        if words.free(i).is_none() {
            continue;
        }
        let k = i + 1;
        words
            .free(k)
            .filter(|w| !STOP_SET.contains(w) || words.is_quoted(k))
            .filter(|w| !LABEL_NOUN_HEADS.contains(w))?;
        // As written: label keys keep their case.
        let key = words.raw(k).unwrap_or_default().to_owned();
        let value_at = [
            &["and", "the", "value"][..],
            &["with", "the", "value"][..],
            &["with", "value"][..],
            &["and", "value"][..],
            // ("with the label 'status' set to 'unhealthy'".)
            &["set", "to"][..],
            &["to"][..],
        ]
        .iter()
        .find(|p| {
            p.iter()
                .enumerate()
                .all(|(n, w)| words.get(k + 1 + n) == Some(*w))
        })
        .map(|p| k + 1 + p.len())?;
        let value = words.raw(value_at)?.to_owned();
        if kubechat_core::names::check_label_key(&key).is_err() {
            return None;
        }
        for j in i..=value_at {
            words.mark(j);
        }
        return Some((verb, key, value));
    }
    None
}

/// "with owner set to team-a", "with tier equal to backend": a key set to
/// a value, once the verb says label or annotate.
pub(super) fn key_set_to(words: &mut Words) -> Option<(String, String)> {
    let at = (1..words.len()).find(|&i| {
        matches!(words.free(i), Some("set" | "equal"))
            && words.free(i + 1) == Some("to")
            && words.free(i + 2).is_some()
            && words.free(i - 1).is_some_and(|k| {
                (!STOP_SET.contains(&k) || words.is_quoted(i - 1))
                    && words
                        .raw(i - 1)
                        .is_some_and(|raw| kubechat_core::names::check_label_key(raw).is_ok())
            })
    })?;
    let key = words.raw(at - 1)?.to_owned();
    let value = words.raw(at + 2)?.to_owned();
    for j in at - 1..=at + 2 {
        words.mark(j);
    }
    Some((key, value))
}

/// "pod foo's description annotation with 'my frontend'", "set the tier
/// label of web to 'backend'": the key before the word, the value quoted
/// after "to" or "with" a few words on (the object may stand between).
fn key_before(words: &mut Words, i: usize, verb: Verb) -> Option<(Verb, String, String)> {
    let k = i.checked_sub(1)?;
    let key = words.free(k).map(str::to_owned)?;
    if STOP_SET.contains(&key.as_str()) && !words.is_quoted(k) {
        return None;
    }
    let key = words.raw(k)?.to_owned();
    kubechat_core::names::check_label_key(&key).ok()?;
    let to = (i + 1..=i + 4).find(|&j| matches!(words.free(j), Some("to" | "with")))?;
    let value_at = to + 1;
    if !words.is_quoted(value_at) {
        return None;
    }
    let value = words.raw(value_at)?.to_owned();
    for j in [k, i, to, value_at] {
        words.mark(j);
    }
    Some((verb, key, value))
}

/// The selector terms a request states.
pub(super) struct Selectors {
    /// Each term as written (`app=web`, `tier!=db`).
    pub terms: Vec<String>,
    /// Per term, whether it stands where a selector does ("labelled
    /// app=web", "the app=nginx pods"): for a label or annotation change
    /// those choose the objects and the others are what to set.
    pub selecting: Vec<bool>,
    /// `description=my frontend` (quoted in the text): a value with
    /// spaces, which only an annotation can hold.
    pub spaced_pairs: Vec<(String, String)>,
    /// The terms were negated ("without app=web") and are flipped.
    pub negated: bool,
    /// The terms as one selector.
    pub selector: Option<Selector>,
}

/// Words before "label" that make what follows a selector ("with the
/// label", "carrying the label app=web", "bearing label tier=db").
const LABEL_INTRO: &[&str] = &[
    "with", "by", "having", "carrying", "carry", "carries", "bearing", "bear", "bears",
];

/// "pods w/ label tier=frontend in ns shop, just the names", "List the
/// pods … (label run=load-balancer-example)": in a listing (its first
/// word a read's, or the type), "label KEY=VALUE" after the type picks.
fn listing_by_label(words: &Words, i: usize) -> bool {
    let first = super::verbs::order_start(words).unwrap_or(0);
    let listing = words.get(first).is_some_and(|w| {
        matches!(
            w,
            "list"
                | "show"
                | "get"
                | "display"
                | "find"
                | "which"
                | "what"
                | "count"
                | "print"
                | "fetch"
        ) || (w.ends_with('s') && resource_word(w).is_some())
    });
    // ("pods missing label team=x", "w/o label …", "pods to label …",
    // "that should get label …": the label lacked or wanted, which no
    // selector of its pairs picks.)
    let lacked = i
        .checked_sub(1)
        .and_then(|p| words.get(p))
        .is_some_and(|p| {
            matches!(
                p,
                "missing"
                    | "lacking"
                    | "lack"
                    | "lacks"
                    | "without"
                    | "w/o"
                    | "get"
                    | "need"
                    | "needs"
                    | "needing"
                    | "to"
                    | "should"
                    | "want"
                    | "add"
                    | "set"
                    | "no"
            )
        });
    listing
        && !lacked
        && words
            .raw(i + 1)
            .is_some_and(|r| r.contains('=') && !r.starts_with('-'))
        && (first..i).any(|k| words.get(k).is_some_and(|w| resource_word(w).is_some()))
}

/// Label selectors: explicit (`-l`, "labelled"), "for app web", or any
/// KEY=VALUE word; a negation ("without app=web") flips them.
pub(super) fn selectors(words: &mut Words) -> Result<Selectors> {
    let mut selector_terms = Vec::new();
    // Which terms stand where a selector does ("labelled app=web", "the
    // app=nginx pods", "having app=v2"): for a label or annotation
    // change, those choose the objects and the others are what to set.
    let mut selecting: Vec<bool> = Vec::new();
    // `description=my frontend` (quoted in the text): a value with spaces,
    // which only an annotation can hold.
    let mut spaced_pairs: Vec<(String, String)> = Vec::new();
    let about_labels = [
        "label",
        "labels",
        "labelled",
        "labeled",
        "annotate",
        "annotation",
        "annotations",
    ]
    .iter()
    .any(|w| words.has(w));
    // "pods whose label 'job' is 'nightly'", "with label tier equal to
    // web": a selector said in words.
    for i in 1..words.len() {
        if words.free(i) != Some("label")
            || !matches!(words.get(i - 1), Some("whose" | "where" | "with"))
        {
            continue;
        }
        let is_at = i + 2;
        let value_at = match words.get(is_at) {
            // ("where label app is set to web".)
            Some("is")
                if words.get(is_at + 1) == Some("set") && words.get(is_at + 2) == Some("to") =>
            {
                is_at + 3
            }
            Some("is" | "equals" | "=") => is_at + 1,
            Some("equal") if words.get(is_at + 1) == Some("to") => is_at + 2,
            _ => continue,
        };
        let (Some(key), Some(value)) = (words.raw(i + 1), words.raw(value_at)) else {
            continue;
        };
        let term = format!("{key}={value}");
        if words.free(i + 1).is_some()
            && words.free(value_at).is_some()
            && kubechat_core::names::check_label_key(key).is_ok()
            && Selector::parse(&term).is_ok()
        {
            for k in i - 1..=value_at {
                words.mark(k);
            }
            selector_terms.push(term);
            selecting.push(true);
        }
    }
    for i in 0..words.len() {
        // (Most words are none of what is read below: passed over
        // without a copy.)
        let relevant = words.free(i).is_some_and(|w| {
            w.contains(['=', ' '])
                || matches!(
                    w,
                    "-l" | "--selector"
                        | "labelled"
                        | "labeled"
                        | "selector"
                        | "label"
                        | "labels"
                        | "app"
                        | "application"
                )
                || (about_labels && words.is_quoted(i) && w.contains(": "))
        });
        if !relevant {
            continue;
        }
        let Some(mut w) = words.free(i).map(str::to_owned) else {
            continue;
        };
        let mut raw = words.raw(i).unwrap_or_default().to_owned();
        // "with 'team: payments'", "an annotation 'owner: marketing'":
        // a pair written as YAML, quoted, where labels are the subject.
        if about_labels
            && words.is_quoted(i)
            && let Some((k, v)) = raw.split_once(": ")
            && kubechat_core::names::check_label_key(k.trim()).is_ok()
            && !v.trim().is_empty()
        {
            raw = format!("{}={}", k.trim(), v.trim());
            w = raw.to_lowercase();
        }
        let marker = !words.is_quoted(i)
            && (matches!(
                w.as_str(),
                "-l" | "--selector" | "labelled" | "labeled" | "selector"
            ) || (matches!(w.as_str(), "label" | "labels")
                && (matches!(words.get(i.wrapping_sub(1)), Some(w) if LABEL_INTRO.contains(&w) || w == "w/")
                    || listing_by_label(words, i)
                    || (matches!(words.get(i.wrapping_sub(1)), Some("the" | "a"))
                        && matches!(
                            words.get(i.wrapping_sub(2)),
                            Some(w) if LABEL_INTRO.contains(&w) || matches!(w, "have" | "has")
                        )))));
        if marker {
            // "pods carrying the label env=test": the word that
            // introduces the selector says nothing more.
            for back in [1, 2] {
                if words
                    .free(i.wrapping_sub(back))
                    .is_some_and(|p| LABEL_INTRO.contains(&p) && p != "with" && p != "by")
                {
                    words.mark(i - back);
                }
            }
            // "labelled app=web"; after an explicit flag, any value.
            // "selector" in prose takes a pair or a quoted term only: in
            // "use a label selector to list pods", "to" selects nothing.
            if words.free(i + 1).is_some_and(|s| {
                s.contains('=')
                    || matches!(w.as_str(), "-l" | "--selector")
                    || (w == "selector" && words.is_quoted(i + 1))
            }) {
                let term = words.raw(i + 1).unwrap_or_default().to_owned();
                words.mark(i);
                words.mark(i + 1);
                selector_terms.push(term);
                selecting.push(true);
            } else if w == "selector" {
                // "use a label selector to list pods": the noun, which
                // names nothing.
                words.mark(i);
            }
        } else if w.contains(' ')
            && !w.starts_with('-')
            && let Some((k, v)) = raw.split_once('=')
        {
            words.mark(i);
            // "\"description='my frontend'\"": the pair quoted whole, its
            // value quoted again as a shell would take it.
            let v = ['\'', '"']
                .iter()
                .find_map(|q| v.strip_prefix(*q).and_then(|x| x.strip_suffix(*q)))
                .unwrap_or(v);
            spaced_pairs.push((k.to_owned(), v.to_owned()));
        } else if w.contains('=')
            && !w.starts_with("--")
            && !w.starts_with("replicas")
            && !w.contains(' ')
        {
            words.mark(i);
            selector_terms.push(raw);
            let introduced = matches!(
                words.get(i.wrapping_sub(1)),
                Some(
                    "having"
                        | "matching"
                        | "where"
                        | "labelled"
                        | "labeled"
                        // "pods which have env=preprod", "that has app=web".
                        | "have"
                        | "has"
                        | "carrying"
                        | "bearing"
                )
            );
            if introduced {
                words.mark(i - 1);
            }
            // "label all pods with app=legacy with deprecated=true", "add
            // x=1 to all pods with app=legacy": beside another pair, the
            // one said right after a plural type ("pods with …") picks
            // the objects.
            // ("… in namespace jobs with a=b": a namespace named as a
            // type is no type.)
            let placed = |t: usize| {
                matches!(
                    words.get(t.wrapping_sub(1)),
                    Some("namespace" | "ns" | "in" | "-n" | "--namespace")
                )
            };
            let of_kind = words.get(i.wrapping_sub(1)) == Some("with")
                && words
                    .get(i.wrapping_sub(2))
                    .is_some_and(|t| t.ends_with('s') && resource_word(t).is_some())
                && !placed(i.wrapping_sub(2))
                // (Another pair to set, not one that picks itself: in
                // "label all app=cart pods with tier=backend" the pair
                // before "pods" picks, and this one is set.)
                && (0..words.len()).any(|k| {
                    k != i
                        && words
                            .raw(k)
                            .is_some_and(|r| r.contains('=') && !r.starts_with('-'))
                        && words.get(k + 1).is_none_or(|n| resource_word(n).is_none())
                });
            // "label all pods app=web in frontend with version=v2": the
            // pair right after a plural type picks the pods, where another
            // pair after "with" is what to set.
            let after_kind = words
                .get(i.wrapping_sub(1))
                .is_some_and(|t| t.ends_with('s') && resource_word(t).is_some())
                && !placed(i.wrapping_sub(1))
                && (i + 1..words.len()).any(|k| {
                    words.get(k.wrapping_sub(1)) == Some("with")
                        && words
                            .raw(k)
                            .is_some_and(|r| r.contains('=') && !r.starts_with('-'))
                });
            selecting.push(
                introduced
                    || of_kind
                    || after_kind
                    || words.get(i + 1).is_some_and(|n| resource_word(n).is_some()),
            );
            // "with the 'app=web' label".
            if matches!(words.free(i + 1), Some("label" | "labels" | "selector")) {
                words.mark(i + 1);
            }
        } else if (w == "app" || w == "application")
            && matches!(words.get(i.wrapping_sub(1)), Some("for" | "of" | "with"))
            && let Some(v) = words
                .free(i + 1)
                .filter(|v| plain_name(v))
                .map(str::to_owned)
        {
            words.mark(i);
            words.mark(i + 1);
            selector_terms.push(format!("app={v}"));
            selecting.push(true);
        }
    }
    // "pods without the label app=web", "except app=web": the terms
    // select the opposite set. Reading them as written would act on
    // exactly the objects the person meant to spare.
    let negation = (0..words.len()).find(|&i| {
        matches!(
            words.get(i),
            Some("without" | "except" | "excluding" | "lacking" | "but") // A term with `=` shortly after the negation is what it negates;
                                                                         // "without the tier label" (no value) lacks a key, read below.
        ) && (1..=4).any(|d| words.raw(i + d).is_some_and(|r| r.contains('=')))
    });
    let negated = negation.is_some();
    if let Some(i) = negation {
        words.mark(i);
    }
    if negated && !selector_terms.is_empty() {
        let mut flipped = Vec::new();
        for t in &selector_terms {
            let parts: Vec<&str> = t.split(',').collect();
            match (parts.as_slice(), t.split_once("!="), t.split_once('=')) {
                ([_], None, Some((k, v))) => {
                    flipped.push(format!("{k}!={}", v.trim_start_matches('=')))
                }
                _ => {
                    return Err(Error::NotUnderstood {
                        reason: format!(
                            "\"{t}\" is negated here; say the selector exactly, e.g. -l 'app!=web'"
                        ),
                        suggestions: vec!["get pods -l 'app!=web'".to_owned()],
                    });
                }
            }
        }
        selector_terms = flipped;
    }
    // "annotate deployment catalog with owner=team@example.com": a value
    // an annotation holds and no selector can; it is what to set.
    if words.has("annotate") || words.has("annotation") || words.has("annotations") {
        let mut k = 0;
        while k < selector_terms.len() {
            if !selecting.get(k).copied().unwrap_or(false)
                && Selector::parse(&selector_terms[k]).is_err()
                && let Some((key, value)) = selector_terms[k].split_once('=')
                && kubechat_core::names::check_label_key(key).is_ok()
            {
                spaced_pairs.push((key.to_owned(), value.to_owned()));
                selector_terms.remove(k);
                if k < selecting.len() {
                    selecting.remove(k);
                }
            } else {
                k += 1;
            }
        }
    }
    // "set image web=retail/web:1.8.2": a container and its new image,
    // which no label value can hold; left for the image's reading.
    if words.has("image") {
        let mut k = 0;
        while k < selector_terms.len() {
            let image_pair = selector_terms[k].split_once('=').is_some_and(|(_, v)| {
                super::create::image_token(v) && Selector::parse(&selector_terms[k]).is_err()
            });
            if image_pair {
                selector_terms.remove(k);
                if k < selecting.len() {
                    selecting.remove(k);
                }
            } else {
                k += 1;
            }
        }
    }
    let selector = if selector_terms.is_empty() {
        None
    } else {
        Some(Selector::parse(&selector_terms.join(","))?)
    };
    Ok(Selectors {
        terms: selector_terms,
        selecting,
        spaced_pairs,
        negated,
        selector,
    })
}

/// A zone said for nodes ("in zone X", "in availability zone X", "in the
/// X zone"): the term of the well-known label, its words claimed (before
/// the place is looked for: "in zone X" is no namespace "zone").
pub(super) fn zone_said(words: &mut Words) -> Result<Option<String>> {
    // The words for a zone or a region, and the well-known label of each.
    const PLACES: [(&str, &str); 4] = [
        ("zone", "topology.kubernetes.io/zone"),
        ("az", "topology.kubernetes.io/zone"),
        ("region", "topology.kubernetes.io/region"),
        ("regions", "topology.kubernetes.io/region"),
    ];
    let zone_like = |w: &str| {
        w.contains('-')
            && w.bytes().any(|b| b.is_ascii_digit())
            && kubechat_core::names::check_label_value(w).is_ok()
    };
    if !["zone", "az", "region", "regions"]
        .iter()
        .any(|w| words.has(w))
    {
        return Ok(None);
    }
    let Some((at, key)) = (0..words.len()).find_map(|i| {
        let w = words.free(i).filter(|_| !words.is_quoted(i))?;
        PLACES.iter().find(|(p, _)| *p == w).map(|(_, k)| (i, *k))
    }) else {
        return Ok(None);
    };
    let (value_at, from) = if words.free(at + 1).is_some_and(zone_like) {
        (at + 1, at)
    } else if at >= 1 && words.free(at - 1).is_some_and(zone_like) {
        (at - 1, at - 1)
    } else {
        return Ok(None);
    };
    let Some(value) = words.get(value_at).map(str::to_owned) else {
        return Ok(None);
    };
    // "pods in zone us-east-1a": pods carry no zone label; their nodes do.
    if !["node", "nodes", "machines", "servers"]
        .iter()
        .any(|w| words.has(w))
        || ["pod", "pods"].iter().any(|w| words.has(w))
    {
        return Err(Error::NotUnderstood {
            reason: format!(
                "{value} is a label of nodes ({key}); ask for the nodes there, then for the pods on one of them"
            ),
            suggestions: vec![format!("kubectl get nodes -l {key}={value}")],
        });
    }
    let mut start = from.min(value_at);
    if start >= 1 && words.get(start - 1) == Some("availability") {
        start -= 1;
    }
    for k in start..=at.max(value_at) {
        words.mark(k);
    }
    // "nodes not in zone X", "outside / except zone X".
    let not = (1..=2).any(|back| {
        start
            .checked_sub(back)
            .and_then(|k| words.get(k))
            .is_some_and(|w| matches!(w, "not" | "outside" | "except" | "excluding" | "besides"))
    });
    Ok(Some(format!(
        "{key}{}{value}",
        if not { "!=" } else { "=" }
    )))
}

/// What a read asks to see of labels.
pub(super) struct LabelAsks {
    /// "with their labels": a LABELS column.
    pub show_labels: bool,
    /// "with an APP label column": a column per key.
    pub columns: Vec<String>,
    /// "without the app label" (`!app`), "that have the tier label"
    /// (`tier`): objects lacking or carrying a key.
    pub filters: Vec<String>,
}

/// "with their labels", "show labels": a LABELS column; "with an APP
/// label column", "with their tier label": a column for that key — on
/// a read, before any of those words can be taken for a name.
pub(super) fn label_asks(words: &mut Words, verb: Option<Verb>) -> LabelAsks {
    let mut show_labels = false;
    let mut label_columns: Vec<String> = Vec::new();
    // "without the app label", "missing the team label": pods lacking the
    // key (`!app`); "that have the tier label": pods carrying it (`tier`).
    let mut label_filters: Vec<String> = Vec::new();
    if verb.is_none_or(Verb::is_read) {
        for i in 0..words.len() {
            match words.free(i) {
                Some("labels") if !words.is_quoted(i) => {
                    show_labels = true;
                    words.mark(i);
                }
                Some("label") if !words.is_quoted(i) => {
                    let key = i.checked_sub(1).and_then(|j| {
                        let k = words.free(j)?;
                        (!STOP_SET.contains(&k)
                            && (k == "version" || !NOUN_MARKERS.contains(&k))
                            && resource_word(k).is_none()
                            && !k.contains('=')
                            && kubechat_core::names::check_label_key(words.raw(j)?).is_ok())
                        .then_some(j)
                    });
                    if let Some(j) = key {
                        let k = words.raw(j).unwrap_or_default().to_ascii_lowercase();
                        let before = |w: &[&str]| {
                            (j.saturating_sub(3)..j)
                                .any(|b| words.get(b).is_some_and(|x| w.contains(&x)))
                        };
                        if before(&["without", "missing", "lacking", "no", "not", "lack"]) {
                            label_filters.push(format!("!{k}"));
                        } else if before(&["have", "has", "having", "carrying", "carry"])
                            && !before(&["their", "its"])
                        {
                            label_filters.push(k);
                        } else {
                            label_columns.push(k);
                        }
                        words.mark(j);
                        words.mark(i);
                        if matches!(words.get(i + 1), Some("column" | "columns")) {
                            words.mark(i + 1);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    LabelAsks {
        show_labels,
        columns: label_columns,
        filters: label_filters,
    }
}

/// A label or annotation change: the KEY=VALUE words are what to set, on
/// the named object; a removal names its key. "label all app=nginx pods
/// with tier=fe": the terms where a selector stands choose the pods, the
/// others are set — when both kinds are there and no object is named.
pub(super) fn label_change(
    words: &Words,
    op: &mut Operation,
    sel: &Selectors,
    slot: &super::verbs::VerbSlot,
) -> Result<()> {
    let (setting, removal) = (&slot.setting, &slot.removal);
    let verb = op.verb;
    // The KEY=VALUE words are what to set, on the named object;
    // a removal names its key.
    // "label all app=nginx pods with tier=fe": the terms where a
    // selector stands choose the pods, the others are set — when
    // both kinds are there and no object is named.
    let chosen: Vec<&String> = sel
        .terms
        .iter()
        .zip(&sel.selecting)
        .filter(|(_, s)| **s)
        .map(|(t, _)| t)
        .collect();
    let split = removal.is_none()
        && setting.is_none()
        && op.name.is_none()
        && !sel.negated
        && !chosen.is_empty()
        && chosen.len() < sel.terms.len()
        && sel.selecting.len() == sel.terms.len();
    let to_set: Vec<&String> = if split {
        op.selector = Some(Selector::parse(
            &chosen
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(","),
        )?);
        sel.terms
            .iter()
            .zip(&sel.selecting)
            .filter(|(_, s)| !**s)
            .map(|(t, _)| t)
            .collect()
    } else {
        sel.terms.iter().collect()
    };
    let pairs: Vec<(String, Option<String>)> = match (removal, setting) {
        (Some(keys), _) => keys.iter().map(|k| (k.clone(), None)).collect(),
        (None, Some((k, v))) => vec![(k.clone(), Some(v.clone()))],
        (None, None) => to_set
            .iter()
            .flat_map(|t| t.split(','))
            .filter_map(|t| t.split_once('='))
            .map(|(k, v)| (k.to_owned(), Some(v.to_owned())))
            .chain(
                sel.spaced_pairs
                    .iter()
                    .map(|(k, v)| (k.clone(), Some(v.clone()))),
            )
            .collect(),
    };
    if removal.is_none() && setting.is_none() && !split {
        op.selector = None;
    }
    // kubectl removes labels by key: which ones is the person's to say.
    if slot.removal_unkeyed && (pairs.is_empty() || pairs.iter().any(|(_, v)| v.is_some())) {
        let what = if verb == Verb::Label {
            "label"
        } else {
            "annotation"
        };
        let mut one = op.clone();
        let map = [("KEY".to_owned(), None)].into_iter().collect();
        if verb == Verb::Label {
            one.params.labels = map;
        } else {
            one.params.annotations = map;
        }
        return Err(Error::NotUnderstood {
            reason: format!("say which {what} keys to remove (each as KEY-)"),
            suggestions: if op.name.is_some() || op.selector.is_some() {
                vec![kubechat_core::kubectl::render(&one)]
            } else {
                vec![format!("kubectl {verb} pods web-1 KEY-")]
            },
        });
    }
    if op.name.is_none() && op.selector.is_none() && !op.params.all || pairs.is_empty() {
        return Err(Error::NotUnderstood {
            reason: format!("say which object to {verb} and the KEY=VALUE to set"),
            suggestions: vec![format!("{verb} pod web-1 with tier=backend")],
        });
    }
    // ("without overwriting", "don't overwrite", "with no overwrite": the
    // existing value kept.)
    op.params.overwrite = (words.has("overwrite")
        || words.has("--overwrite")
        || words.has("overwriting")
        || words.has("replacing")
        || words.has("change"))
        && !overwrite_refused(&words.w);
    if verb == Verb::Label {
        op.params.labels = pairs.into_iter().collect();
    } else {
        op.params.annotations = pairs.into_iter().collect();
    }
    Ok(())
}

/// "without overwriting", "don't overwrite", "with no overwrite", "never
/// overwrite": an overwrite said and refused (in lower-case words).
pub(crate) fn overwrite_refused<S: AsRef<str>>(words: &[S]) -> bool {
    let get = |i: usize| words.get(i).map(AsRef::as_ref);
    (0..words.len()).any(|i| {
        matches!(get(i), Some("overwrite" | "overwriting" | "overwrites"))
            && (i.saturating_sub(2)..i).any(|k| {
                matches!(
                    get(k),
                    Some(
                        "without"
                            | "no"
                            | "not"
                            | "don't"
                            | "dont"
                            | "never"
                            | "avoid"
                            | "avoiding"
                    )
                )
            })
    })
}
