//! The embedded rule translator: one clause read into an operation.
//!
//! Two phases. First the slots are filled ([`slots::Frame::fill`]), stage
//! by stage, each claiming the words it understands: namespace scope,
//! containers and marked names, selectors, log and drain options, fields
//! shown, the verb, the resource type (short names, singulars, multi-word
//! names, small typos), event types and phases, counts, and finally the
//! object's name from what is left. Then [`read`] decides: the verb a
//! request implies, the type, the operation, what each verb family adds,
//! and the checks that nothing stated was dropped or widened. Mutations
//! are produced only when verb, type and target are all clear.
//!
//! One module per verb family (`logs`, `scale`, `labels`, `create`,
//! `nodes`, `rollout`, `rights`, `events`, `delete`, `reads`) and per
//! slot (`scope`, `names`, `kinds`, `verbs`, `files`); `checks` holds the
//! checks on a filled operation.

use kubechat_core::operation::{DEFAULT_WAIT_SECONDS, LOG_WORKLOADS};
use kubechat_core::resources::{self, BUILTIN};
use kubechat_core::{
    ContainerName, Namespace, Operation, ResourceName, ResourceType, Selector, Since, Timeout, Verb,
};

use super::tokens::{Phrase, Words};
use crate::words::{
    ALL_NAMESPACES, FAILING, FUNCTION_SET, KNOWN_SET, NAME_SUFFIXES, NOT_NAMES_SET, PROSE_SET,
    SEARCH_CUES, STOP_SET, UNREAD_ACTIONS, VERB_PARTS, VERB_PHRASES, VERB_SINGLE, VERB_WORDS,
};
use crate::{Error, Result};

mod checks;
mod cluster;
mod create;
mod delete;
mod events;
mod files;
mod kinds;
mod labels;
mod logs;
mod names;
mod nodes;
mod objects;
mod reads;
mod rights;
mod rollout;
mod scale;
mod scope;
mod service_type;
mod slots;
mod taint;
#[cfg(test)]
mod tests;
mod trigger;
mod trouble;
mod verbs;

use checks::*;
use cluster::*;
use create::*;
use delete::*;
use events::*;
use files::*;
use kinds::*;
use labels::*;
use logs::*;
use names::*;
use nodes::*;
use reads::*;
use rights::*;
use rollout::*;
use scale::*;
use scope::*;
use service_type::*;
use slots::*;
use taint::*;
use trigger::*;
use verbs::*;

pub(crate) use checks::{owner_not_one, pointed_kind};
pub(crate) use cluster::stated_cluster;
pub(crate) use create::{IMAGE_CHANGES, image_token};
pub(crate) use labels::overwrite_refused;
pub(crate) use names::implied_type;
pub(crate) use nodes::{node_only_name, past_unmanaged};
pub(crate) use scope::find_namespace;
pub(crate) use scope::{ENVIRONMENTS, NOT_A_NAMESPACE, in_idiom};
pub(crate) use verbs::{UNREAD_ACTION, opens_with_look};

/// Whether `word` (lower case) names a kind of object, however said
/// ("autoscaler", "deploy", "svc").
pub(crate) fn type_word(word: &str) -> bool {
    resource_word(word).is_some()
}

/// What a clause with neither a verb nor a type is told.
pub(crate) const NOTHING_FOUND: &str = "no action or resource type found";

pub(crate) fn not_understood(reason: impl Into<String>) -> Error {
    Error::NotUnderstood {
        reason: reason.into(),
        suggestions: vec![
            "show pods in payments".into(),
            "scale deployment checkout to 3".into(),
            "why is api-gateway crashing".into(),
        ],
    }
}

pub(crate) fn number(word: &str) -> Option<u32> {
    match word {
        "zero" | "none" | "no" => Some(0),
        "one" => Some(1),
        "two" => Some(2),
        "three" => Some(3),
        "four" => Some(4),
        "five" => Some(5),
        "six" => Some(6),
        "seven" => Some(7),
        "eight" => Some(8),
        "nine" => Some(9),
        "ten" => Some(10),
        // Counts and ports said in words ("scale web to twelve", "the
        // last fifty lines", "on port eighty").
        "eleven" => Some(11),
        "twelve" => Some(12),
        "fifteen" => Some(15),
        "twenty" => Some(20),
        "thirty" => Some(30),
        "forty" => Some(40),
        "fifty" => Some(50),
        "sixty" => Some(60),
        "eighty" => Some(80),
        "hundred" => Some(100),
        w => w.parse().ok(),
    }
}

/// Whether the words say something is wrong with `name` ("web-1 is
/// stuck", "my api pod keeps restarting", "web is down", "checkout is
/// not working"): the name is the subject, written before the symptom.
fn symptom_of(words: &Words, name: &str) -> bool {
    // "If your container crashed, …": a condition, not a report.
    let Some(at) = words
        .w
        .iter()
        .position(|w| w == name)
        .filter(|_| !words.has("if"))
    else {
        return false;
    };
    // "ImagePullBackOff on pod web-1", "getting CreateContainerConfigError
    // on pod api-6b8": the reason Kubernetes gives for a failing
    // container, said anywhere, is the symptom.
    if words
        .w
        .iter()
        .any(|w| crate::words::CONTAINER_REASONS.contains(&w.as_str()))
    {
        return true;
    }
    let rest = &words.w[at + 1..];
    let has = |w: &str| rest.iter().any(|r| r == w);
    crate::words::FAILING.iter().any(|w| has(w))
        || crate::words::SYMPTOMS.iter().any(|w| has(w))
        // "web-1 restarted 5 times", "api restarts a lot".
        || restarts_told(rest)
        || (has("not")
            && [
                "working",
                "ready",
                "starting",
                "fired",
                "triggered",
                "responding",
                "scheduled",
                "scheduling",
                "becoming",
            ]
            .iter()
            .any(|w| has(w)))
        || rest.windows(2).any(|p| {
            matches!(
                (p[0].as_str(), p[1].as_str()),
                ("is" | "went" | "goes", "down") | ("keeps" | "keep", _)
            )
        })
}

/// "restarted 5 times", "restart many time", "restarts a lot": restarts
/// counted or told as too many, which is a symptom, never an order.
fn restarts_told(rest: &[String]) -> bool {
    rest.iter().enumerate().any(|(i, w)| {
        matches!(w.as_str(), "restart" | "restarts" | "restarted")
            && rest[i + 1..].iter().take(3).any(|n| {
                matches!(
                    n.as_str(),
                    "times"
                        | "time"
                        | "many"
                        | "lot"
                        | "often"
                        | "much"
                        | "repeatedly"
                        | "constantly"
                        | "nonstop"
                )
            })
    })
}

/// "the pod X is restart many time", "pod web-1 keeps restart": the
/// verb after the object that is its subject, told as what happens.
fn restart_reported(words: &Words, start: Option<usize>, name: Option<&str>) -> bool {
    let (Some(at), Some(name)) = (start, name) else {
        return false;
    };
    let subject = words.w[..at].iter().any(|w| w == name);
    // (Only the verb read and the words right after it: "restart it, its
    // pods restarted many times" orders, then tells.)
    subject
        && (matches!(
            at.checked_sub(1).and_then(|p| words.get(p)),
            Some("is" | "are" | "was" | "were" | "keeps" | "keep" | "been")
        ) || restarts_told(&words.w[at..(at + 4).min(words.len())]))
}

/// Whether the words ask for an object's state ("status of", "is it up",
/// "is it running", "is it ready").
fn state_question(words: &Words) -> bool {
    words.has("status")
        || words.has("state")
        // "how long has web-1 been running", "when was web-1 started": its
        // age, in the listing.
        || (words.has("how") && words.has("long"))
        || (words.has("when")
            && ["started", "created", "deployed", "restarted"]
                .iter()
                .any(|w| words.has(w)))
        || (words.get(0) == Some("is")
            && ["up", "running", "ready", "healthy", "alive", "there", "ok", "okay", "fine"]
                .iter()
                .any(|w| words.has(w)))
}

/// `10m`, `10 minutes`, `2h`, `an hour`.
fn duration(words: &Words, i: usize) -> Option<(Since, usize)> {
    let w = words.get(i)?;
    // (A duration starts with its number: other words are not parsed,
    // whose error would be built only to be dropped.)
    if w.starts_with(|c: char| c.is_ascii_digit())
        && let Ok(s) = w.parse::<Since>()
    {
        return Some((s, 1));
    }
    // "the past hour", "the last day": one unit.
    let one = match w {
        "minute" | "min" => 60,
        // "last hr or so": the hour typed short.
        "hour" | "hr" => 3600,
        "day" => 86_400,
        _ => 0,
    };
    if one > 0 {
        return Some((Since::from_seconds(one).ok()?, 1));
    }
    let n: u64 = match w {
        "an" | "a" | "one" => 1,
        other => u64::from(number(other)?),
    };
    let unit = match words.get(i + 1)? {
        "s" | "sec" | "secs" | "second" | "seconds" => 1,
        "m" | "min" | "mins" | "minute" | "minutes" => 60,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
        "d" | "day" | "days" => 86_400,
        _ => return None,
    };
    Some((Since::from_seconds(n * unit).ok()?, 2))
}

/// How sure the rules are of a reading they produced.
///
/// Starts just below certain and loses for every sign of guessing: a
/// resource type read through a typo, a name picked from words that were
/// not next to the verb or type, and words the rules did not use at all
/// (each one is meaning the reading may have missed). The chain asks an
/// LLM, when one is configured, below its threshold.
fn confidence(words: &Words, typo: bool, name_guessed: bool) -> f64 {
    let end = reason_start(words);
    sureness(
        unread(words)
            .filter(|(i, w)| *i < end && !FAILING.contains(w) && !in_circumstance(words, *i))
            .count(),
        typo,
        name_guessed,
    )
}

/// Whether word `i` sits in a phrase of when or for what, inside the
/// request ("drain node x before the hardware swap at 16:00, ignore
/// daemonsets", "cordon it ahead of the kernel patch and …"): unread
/// words from such a preposition on, up to the next word the reading
/// used, say when, not what.
fn in_circumstance(words: &Words, i: usize) -> bool {
    (i.saturating_sub(6)..i).rev().any(|j| {
        matches!(
            words.get(j),
            Some("before" | "after" | "during" | "ahead" | "until" | "till" | "for")
        ) && matches!(
            words.get(j + 1),
            Some("the" | "a" | "an" | "this" | "that" | "our" | "tonight's" | "tomorrow's" | "of")
        ) && (j..i).all(|k| !words.used[k])
    })
}

/// Where a clause that gives the reason or the circumstance of the
/// request begins ("…, the kernel patch is applied", "… ahead of
/// tonight's maintenance", "… so I can reboot it", "… because api is
/// down", "…, thanks"): its words are not the request's, and leaving them
/// unread is no sign of a misreading. Only a clause the reading took
/// nothing from counts (one it took a name from is part of the request).
fn reason_start(words: &Words) -> usize {
    let n = words.len();
    // After the last word the reading used (one pass, not one per word).
    let first_free = words.used.iter().rposition(|u| *u).map_or(0, |k| k + 1);
    // ("… without evicting the existing ones": the gerund claimed as a
    // word of the verb, "without" before it still opens the clause.)
    if first_free >= 2
        && words.get(first_free - 2) == Some("without")
        && words
            .get(first_free - 1)
            .is_some_and(|w| w.ends_with("ing") && w.len() > 4)
    {
        return first_free - 2;
    }
    for i in first_free.max(1)..n {
        let next = words.get(i + 1);
        let reason = match words.get(i) {
            Some("because" | "cause" | "ahead" | "thanks" | "thank" | "cheers") => true,
            // "…, error rate 40%", "…, latency through the roof": the
            // symptom that moved the order.
            Some("error" | "errors" | "latency" | "5xx" | "500s" | "p99" | "p95")
                if i > first_free || words.get(i + 1).is_some() =>
            {
                true
            }
            // "so I can reboot it", "so that pods move" (not "so far").
            // ("… so all pods drop their cached values": any subject.)
            Some("so") => {
                next.is_some_and(|w| {
                    !matches!(w, "far" | "much" | "many" | "long" | "called")
                        && kubechat_core::resources::lookup(w).is_none()
                }) || matches!(next, Some("all" | "every" | "each"))
            }
            // "since the patch is in" (not "since 1h").
            Some("since") => next.is_some_and(|w| {
                matches!(w, "i" | "we" | "it" | "they" | "the" | "its" | "our" | "my")
            }),
            Some("as") => matches!(next, Some("i" | "we" | "it" | "they" | "part")),
            // "… before it goes further", "… before users notice".
            Some("before") => matches!(
                next,
                Some("it" | "we" | "they" | "the" | "anyone" | "someone" | "users" | "customers")
            ),
            // "…, we'll bring it back down tomorrow": what the people
            // will do themselves, after the order.
            Some("we'll" | "i'll" | "they'll") => true,
            // "delete it and let the replicaset replace it": what follows
            // of itself.
            Some("and") if next == Some("let") => true,
            // "…, looks fine now", "…, seems stuck": a remark with its
            // subject left out.
            // ("…, stuck Terminating for 20m".)
            Some("looks" | "seems" | "appears" | "stuck") => true,
            // "…, kafka lag keeps climbing", "…, the queue is backing up":
            // a subject of a few words and its verb, told last ("…, black
            // friday traffic is ramping up").
            Some(_)
                if i > first_free
                    && (i..n).all(|k| !words.used[k])
                    && [i + 1, i + 2, i + 3].iter().any(|&k| {
                        matches!(
                            words.get(k),
                            Some(
                                "keeps"
                                    | "is"
                                    | "are"
                                    | "was"
                                    | "were"
                                    | "has"
                                    | "have"
                                    | "went"
                                    | "got"
                                    | "throws"
                            )
                        )
                    }) =>
            {
                true
            }
            // "… without evicting the existing ones", "… without causing
            // downtime": how, not what.
            Some("without") => next.is_some_and(|w| w.ends_with("ing") && w.len() > 4),
            // "…, overwriting any existing value", "… if present": the
            // overwrite's own words (read as --overwrite).
            Some("overwriting" | "replacing") => true,
            // "…, it's flapping again", "…, we are mid-incident": a
            // statement about the object or the people.
            // ("…, we migrated off it last sprint", "…, its been
            // terminating forever": what happened, in the past.)
            Some(
                "it" | "it's" | "its" | "we" | "we're" | "they" | "they're" | "i" | "i've"
                | "we've",
            ) if next.is_some_and(|w| {
                w.ends_with("ing")
                    || (w.ends_with("ed") && w.len() > 4)
                    || matches!(
                        w,
                        "is" | "are"
                            | "was"
                            | "were"
                            | "keeps"
                            | "will"
                            | "won't"
                            | "been"
                            | "has"
                            | "had"
                            | "have"
                            | "got"
                            | "did"
                            | "just"
                            | "already"
                    )
                    || told_aux(w)
            }) || told_not(words, i + 1) =>
            {
                true
            }
            // "mark node x unschedulable, its disk is failing": what is
            // wrong with a part of it, told after the order.
            Some("its" | "their")
                if i > first_free.saturating_sub(1)
                    && next.is_some_and(|v| kubechat_core::resources::lookup(v).is_none())
                    && matches!(
                        words.get(i + 2),
                        Some("is" | "are" | "was" | "keeps" | "has" | "looks" | "seems")
                    ) =>
            {
                true
            }
            // "drain gke-pool-2-7fa1, bad disk", "restart api, broken
            // config": a fault told last in the line.
            Some(
                "bad" | "broken" | "faulty" | "dead" | "corrupt" | "corrupted" | "flaky" | "noisy",
            ) if i + 2 == n
                && !words.used[i + 1]
                && next.is_some_and(|v| kubechat_core::resources::lookup(v).is_none()) =>
            {
                true
            }
            // "uncordon k8s-wrk-17, nic swapped": a thing and what was
            // done to it, last in the line.
            Some(w)
                if i + 2 == n
                    && !words.used[i]
                    && next.is_some_and(|v| v.len() > 4 && v.ends_with("ed"))
                    && kubechat_core::resources::lookup(w).is_none()
                    // (A noun, never a verb's own word: "keep getting
                    // rescheduled", "have never restarted".)
                    && !w.ends_with("ing")
                    && !matches!(
                        w,
                        "that" | "which" | "who" | "not" | "never" | "pods" | "all" | "is" | "are"
                            | "was" | "were" | "been" | "be" | "get" | "got" | "have" | "has"
                            | "had" | "just" | "already"
                    ) =>
            {
                true
            }
            // "…, env got stale", "…, config went bad": what happened to
            // a thing told after the order (never "the pods that got
            // stuck", which narrows).
            Some(w)
                if matches!(next, Some("got" | "went"))
                    && !matches!(w, "that" | "which" | "who" | "whose" | "what")
                    && kubechat_core::resources::lookup(w).is_none() =>
            {
                true
            }
            // "…, sts will recreate it": what will happen, not the request;
            // "…, config change didnt get picked up": what did not.
            Some(_)
                if matches!(next, Some("will" | "would" | "should" | "might" | "won't"))
                    || told_not(words, i + 1)
                    || (told_not(words, i + 2) && !words.used[i + 1]) =>
            {
                true
            }
            // "… for the project that starts next week": whom it is for.
            Some("for") => matches!(
                next,
                Some(
                    "the"
                        | "a"
                        | "an"
                        | "our"
                        | "my"
                        | "their"
                        | "this"
                        | "tomorrow's"
                        | "tonight's"
                )
            ),
            // "…, the kernel patch is applied": a statement of its own.
            // ("…, the config changed": told in the past.)
            Some("the" | "its" | "my" | "our" | "their" | "this" | "that") => {
                (i + 2..(i + 5).min(n)).any(|k| {
                    matches!(
                        words.get(k),
                        Some("is" | "are" | "was" | "were" | "has" | "have" | "had")
                    ) || words.get(k).is_some_and(|w| {
                        w.len() > 5 && w.ends_with("ed") && !words.used[k] && k + 1 == n
                    })
                })
            }
            // "URGENT: scale …, someone got compromised".
            Some("someone" | "somebody" | "everyone" | "nobody")
                if next.is_some_and(|w| {
                    w.ends_with("ed") || matches!(w, "got" | "is" | "was" | "has")
                }) =>
            {
                true
            }
            // "yo drain node-44, kernel update": why, said as a noun.
            Some("kernel" | "os" | "security" | "firmware" | "cert" | "certificate")
                if matches!(
                    next,
                    Some("update" | "upgrade" | "patch" | "patching" | "rotation" | "reboot")
                ) =>
            {
                true
            }
            _ => false,
        };
        if reason {
            return i;
        }
    }
    n
}

/// "the detailed description of the statefulset": what describe prints,
/// of one object pointed at (another sentence names it).
fn description_of_one(words: &Words) -> bool {
    words.position("description").is_some_and(|i| {
        words.get(i + 1) == Some("of")
            && matches!(words.get(i + 2), Some("the" | "this" | "that"))
            && words
                .get(i + 3)
                .and_then(|w| resources::lookup(w).filter(|r| r.singular == w))
                .is_some()
    })
}

/// A negated auxiliary ("didn't", "isnt", "hasn't"): a clause telling
/// what did not happen or is not so.
fn told_aux(w: &str) -> bool {
    matches!(
        w,
        "didnt"
            | "didn't"
            | "doesnt"
            | "doesn't"
            | "isnt"
            | "isn't"
            | "wasnt"
            | "wasn't"
            | "hasnt"
            | "hasn't"
            | "havent"
            | "haven't"
            | "wont"
            | "cant"
            | "can't"
    )
}

/// Whether word `k` opens a negated auxiliary, written in one word or
/// expanded ("did not", "has not").
fn told_not(words: &Words, k: usize) -> bool {
    words.get(k).is_some_and(told_aux)
        || (matches!(words.get(k), Some("did" | "does" | "has" | "have" | "was"))
            && words.get(k + 1) == Some("not"))
}

/// How sure a reading is, from how many meaningful words it left unread
/// and whether it corrected a typo or guessed the name.
fn sureness(unread: usize, typo: bool, name_guessed: bool) -> f64 {
    let mut c = 0.97_f64;
    if typo {
        c -= 0.2;
    }
    if name_guessed {
        c -= 0.15;
    }
    c -= 0.12 * unread.min(5) as f64;
    c.max(0.2)
}

/// Words the reading did not use that may carry meaning: not stop,
/// function, known option or verb words, nor numbers.
fn unread(words: &Words) -> impl Iterator<Item = (usize, &str)> {
    words
        .w
        .iter()
        .zip(&words.used)
        .enumerate()
        .filter(|(_, (w, used))| {
            !**used
                && !STOP_SET.contains(&w.as_str())
                && !KNOWN_SET.contains(&w.as_str())
                && !FUNCTION_SET.contains(&w.as_str())
                && number(w).is_none()
                && !VERB_WORDS.contains(w.as_str())
        })
        .map(|(i, (w, _))| (i, w.as_str()))
}

/// One clause read into an operation.
#[derive(Debug, Clone)]
pub(crate) struct Reading {
    pub op: Operation,
    /// How sure the reading is, 0 to 1.
    pub confidence: f64,
    /// The type came from a type word, not from the verb's default or
    /// from a namespace being the object.
    pub explicit_type: bool,
    /// A verb word said what to do (not a bare "the web deployment …").
    pub explicit_verb: bool,
}

/// Whether `text` asks for a change by its verb, whether or not the rest
/// could be read ("Scale the deployment to 3" names none); a negated
/// one ("don't delete anything") asks for none.
pub(crate) fn asks_for_change(text: &str) -> bool {
    let mut words = Words::new(text);
    !["not", "never", "without"].iter().any(|w| words.has(w))
        && read_verb(&mut words, None, None)
            .ok()
            .and_then(|v| v.verb)
            .is_some_and(|v| !v.is_read())
}

/// The namespace a request reads, in any form ("in staging" too).
pub(crate) fn namespace_read(text: &str) -> Option<Namespace> {
    namespace_in(text).1
}

/// The words of `text`, with the namespace found claimed, and that
/// namespace.
fn namespace_in(text: &str) -> (Words, Option<Namespace>) {
    let mut words = Words::new(text);
    let logs = about_logs(&words);
    let ns = scope::find_namespace(&mut words, logs).ok().flatten();
    (words, ns)
}

/// The container a sentence names ("Pod: web-67d, container: envoy"
/// after a question about "a container in a pod").
pub(crate) fn container_said(text: &str) -> Option<ContainerName> {
    names::container(&mut Words::new(text))
}

/// The namespace a sentence states, read alone: "A new namespace
/// 'analytics' was created", "The 'monitoring' namespace runs
/// Prometheus" tell where the request that follows runs, though they ask
/// for nothing.
///
/// Only a namespace said as one counts ("namespace X", "X namespace",
/// `-n X`, or quoted): "the first step in debugging a pod" names none.
pub(crate) fn namespace_said(text: &str) -> Option<Namespace> {
    // The sentences of one request are asked about several times (for
    // "there", "it", the place told): each is read once.
    thread_local! {
        static SAID: std::cell::RefCell<Vec<(String, Option<Namespace>)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    if let Some(hit) = SAID.with(|m| {
        m.borrow()
            .iter()
            .find(|(t, _)| t == text)
            .map(|(_, ns)| ns.clone())
    }) {
        return hit;
    }
    let found = namespace_said_uncached(text);
    SAID.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= 16 {
            m.remove(0);
        }
        m.push((text.to_owned(), found.clone()));
    });
    found
}

/// The namespace the scope reader finds in `text`, said with a cue or not
/// ("in prod"): where one part of a sentence places its object.
pub(crate) fn place_read(text: &str) -> Option<Namespace> {
    namespace_in(text).1
}

fn namespace_said_uncached(text: &str) -> Option<Namespace> {
    let (words, ns) = namespace_in(text);
    let ns = ns?;
    let marked = ["namespace", "namespaces", "ns", "-n", "--namespace"]
        .iter()
        .any(|w| words.has(w))
        || words
            .w
            .iter()
            .any(|w| w.starts_with("--namespace=") || w.starts_with("namespace="))
        || (0..words.len()).any(|i| words.is_quoted(i) && words.get(i) == Some(ns.as_str()))
        // "search-api in staging was scaled down": where a named object
        // is.
        || words.position(ns.as_str()).is_some_and(|i| {
            i >= 2
                && words.get(i - 1) == Some("in")
                && words.get(i - 2).is_some_and(|w| {
                    (looks_like_name(w) && w.bytes().any(|b| b.is_ascii_alphabetic()))
                        // ("someone deleted a configmap in staging": where
                        // a kind of object is.)
                        || resource_word(w).is_some()
                })
        });
    marked.then_some(ns)
}

/// Words that order a change the rules may not read ("change service
/// my-svc to NodePort"): such an order is asked back, never answered by a
/// read of its object.
pub(crate) const CHANGE_ORDERS: &[&str] = &[
    "change", "update", "modify", "edit", "convert", "rename", "move", "resize",
];

/// "delete all pods with status.phase=Failed", "pods where
/// spec.nodeName=worker-2": a term on a field the API server selects by is
/// a field selector, not a label (a label `status.phase` would select
/// nothing). Mixed with label terms, both stay as said: labels, and the
/// fields as fields.
fn fields_as_selected(op: &mut Operation) -> Result<()> {
    // The fields each type is selected by (every type: its name and
    // namespace), written as the API server spells them.
    const EVERY: &[&str] = &["metadata.name", "metadata.namespace"];
    const PODS: &[&str] = &[
        "status.phase",
        "spec.nodeName",
        "spec.restartPolicy",
        "spec.schedulerName",
        "spec.serviceAccountName",
        "status.podIP",
    ];
    const NODES: &[&str] = &["spec.unschedulable"];
    // ("jobs that have status.successful=1": what a Job is selected by.)
    const JOBS: &[&str] = &["status.successful"];
    if !matches!(op.verb, Verb::Get | Verb::Delete | Verb::Top) {
        return Ok(());
    }
    let Some(sel) = op.selector.as_ref() else {
        return Ok(());
    };
    let own: &[&str] = match op.resource.as_str() {
        "pods" => PODS,
        "nodes" => NODES,
        "jobs" => JOBS,
        _ => &[],
    };
    // The field a term is on, as spelt by the API server, and the rest
    // of the term.
    fn on<'a>(own: &[&'static str], term: &'a str) -> Option<(&'static str, &'a str)> {
        let at = term.find(['=', '!']).unwrap_or(term.len());
        EVERY
            .iter()
            .chain(own)
            .find(|f| f.eq_ignore_ascii_case(&term[..at]))
            .map(|f| (*f, &term[at..]))
    }
    let field = |term: &str| on(own, term).is_some();
    let terms: Vec<&str> = sel.as_str().split(',').collect();
    if !terms.iter().any(|t| field(t)) {
        return Ok(());
    }
    let mut fields = Vec::new();
    let mut labels = Vec::new();
    for t in terms {
        match on(own, t) {
            Some((f, rest)) if rest.starts_with(['=', '!']) => fields.push(format!("{f}{rest}")),
            Some(_) => return Ok(()),
            None => labels.push(t),
        }
    }
    // ("completed pods (status.phase=Succeeded)": the field already read
    // from the words, said again as a term, is one term.)
    if let Some(read) = &op.params.field_selector {
        for t in read.as_str().split(',').rev() {
            if !fields.iter().any(|f| f == t) {
                fields.insert(0, t.to_owned());
            }
        }
    }
    op.params.field_selector = Some(Selector::parse(&fields.join(","))?);
    op.selector = if labels.is_empty() {
        None
    } else {
        Some(Selector::parse(&labels.join(","))?)
    };
    Ok(())
}

/// Reads one clause (normalised text).
pub(crate) fn read(text: &str) -> Result<Reading> {
    let r = read_frame(text)?;
    if r.op.risk() != kubechat_core::Risk::Read {
        return Ok(r);
    }
    // "Change service my-svc to NodePort using a patch": an order to
    // change that no verb was read from is never answered by a read of
    // its object.
    const READING: &[&str] = &[
        "get", "show", "list", "describe", "display", "view", "print", "see", "check", "find",
        "tell", "what", "which", "how", "why", "logs", "events",
    ];
    // Compared without copies: almost every read starts otherwise.
    let bare = |w: &'_ str| -> String {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_ascii_lowercase()
    };
    let is = |w: &str, set: &[&str]| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        set.iter().any(|s| s.eq_ignore_ascii_case(w))
    };
    // "can you change …", "I want to change …".
    const FILLER: &[&str] = &[
        "please", "pls", "now", "then", "also", "and", "can", "could", "would", "you", "i", "we",
        "want", "need", "to", "just", "kindly",
    ];
    let first = text.split_whitespace().find(|w| !is(w, FILLER));
    if let Some(order) = first.filter(|w| is(w, CHANGE_ORDERS))
        && !text.split_whitespace().any(|w| is(w, READING))
    {
        return Err(not_understood(format!(
            "\"{}\" {UNREAD_ACTION}; say it in kubectl syntax, or ask with an LLM provider configured",
            bare(order)
        )));
    }
    Ok(r)
}

fn read_frame(text: &str) -> Result<Reading> {
    let mut f = Frame::fill(text)?;
    // "create a service for the controller in web.yaml": expose by file
    // is not read (and is no creation of the file's objects).
    if f.file.is_some() && f.service.asked {
        return Err(not_understood(
            "exposing the objects a file names is not something KubeChat reads; name the object, as in \"expose deployment web on port 80\"",
        ));
    }
    if let Some(file) = f.file.take() {
        return from_file(
            &f.words,
            f.verb.verb,
            file,
            f.scope.namespace,
            f.counts.replicas,
            f.typo,
        );
    }
    f.verb.verb = implied_verb(&f);
    if f.verb.verb == Some(Verb::Create) && new_pod_said(&f.words) {
        f.words.mark(0);
        f.verb.start.get_or_insert(0);
        f.verb.end.get_or_insert(0);
    }
    if f.verb.verb != Some(Verb::AuthCanI)
        && let Some(reading) = set_image(
            &mut f.words,
            f.container.as_ref(),
            &mut f.name,
            &mut f.scope.namespace,
            f.resource.as_ref(),
            f.typo,
            f.name_adjacent,
        )?
    {
        return Ok(reading);
    }
    if let Some(reading) = cronjob_run(&f.words, f.scope.namespace.as_ref())? {
        return Ok(reading);
    }
    if let Some(reading) = cronjob_suspend(&f.words, f.scope.namespace.as_ref())? {
        return Ok(reading);
    }
    if let Some(reading) = service_type_change(
        &f.words,
        f.resource.as_ref(),
        f.name.as_ref(),
        f.scope.namespace.as_ref(),
    )? {
        return Ok(reading);
    }
    if let Some(reading) = stop_workload(
        &f.words,
        f.resource.as_ref(),
        f.name.as_ref().filter(|_| f.name_adjacent),
        f.scope.namespace.as_ref(),
    )? {
        return Ok(reading);
    }
    refuse_resource_change(&f.words, f.verb.verb, f.verb.start)?;
    // "set up a namespace called team-x": a new object asked for, which
    // the verb table below makes; "set" alone is an unread change.
    if !(f.verb.verb.is_none() && creation_asked(&f.words, text)) {
        refuse_unread_action(&f.words, f.verb.verb, f.verb.generic, f.verb.start)?;
    }
    refuse_change_told(&f.words, f.verb.verb)?;
    if f.resource.is_none()
        && f.verb.verb == Some(Verb::Delete)
        && f.scope.namespace.is_some()
        && kinds::namespace_with_contents(&mut f.words)
    {
        f.resource = Some(ResourceType::parse("namespaces")?);
        f.with_contents = true;
        if f.name.is_none()
            && let Some(ns) = f.scope.namespace.take()
        {
            f.name = Some(ResourceName::parse(ns.as_str())?);
            f.name_adjacent = true;
        }
    }
    // "is my cluster healthy?", "what's the status of my cluster",
    // "overall cluster health": the whole cluster's health, a diagnosis
    // of its pods in every namespace (and its nodes).
    if f.resource.is_none()
        && f.name.is_none()
        && f.scope.namespace.is_none()
        && f.verb
            .verb
            .is_none_or(|v| matches!(v, Verb::Get | Verb::Describe | Verb::Diagnose))
        && cluster_health_asked(&f.words)
    {
        f.resource = Some(ResourceType::parse("pods")?);
        f.verb.verb = Some(Verb::Diagnose);
        f.scope.all_namespaces = true;
    }
    // "run a pod named api …": the type is the last word of the verb
    // phrase, claimed with it.
    if f.resource.is_none()
        && f.verb.verb == Some(Verb::Create)
        && f.verb.end.and_then(|e| f.words.get(e)) == Some("pod")
    {
        f.resource = Some(ResourceType::parse("pods")?);
        f.explicit_type = true;
    }
    if f.resource.is_none() {
        f.resource = unnamed_type(&f.words, f.verb.verb, f.scope.namespace.as_ref())?;
    }
    // "show me the node capacity", "the allocatable memory on node
    // worker-1", "the capacity of the cluster": nodes' (a claim's or a
    // volume's size is said with its type).
    if f.resource.is_none()
        && f.projections
            .iter()
            .any(|p| matches!(p, Projection::Capacity | Projection::Allocatable))
        && f.verb.verb.is_none_or(|v| v == Verb::Get)
    {
        f.resource = Some(ResourceType::parse("nodes")?);
        if f.name.is_none()
            && let Some(node) = f.on_node.take()
        {
            f.name = Some(ResourceName::parse(&node)?);
            f.name_adjacent = true;
        }
    }
    // "put label zone=a on the node n1", "set the annotation x=y on node
    // n1": a node said as the place of a label, an annotation or a taint
    // put on, no other type said, is the object.
    if f.name.is_none()
        && f.resource.is_none()
        && matches!(
            f.verb.verb,
            Some(Verb::Label | Verb::Annotate | Verb::Taint)
        )
        && let Some(node) = f.on_node.take()
    {
        f.name = Some(ResourceName::parse(&node)?);
        f.name_adjacent = true;
        f.resource = Some(ResourceType::parse("nodes")?);
    }
    // "reschedule all the pods running on node01": the node a drain or
    // cordon empties is the one its pods run on.
    if f.name.is_none()
        && matches!(f.verb.verb, Some(Verb::Drain | Verb::Cordon))
        // ("cordon nodes except the pods on node-3", "drain everything
        // but the pods on worker-1": the node said is the one spared.)
        && !["not", "except", "but", "besides", "other", "excluding", "apart"]
            .iter()
            .any(|w| f.words.has(w))
        && let Some(node) = f.on_node.take()
    {
        f.name = Some(ResourceName::parse(&node)?);
        f.name_adjacent = true;
        f.resource = Some(ResourceType::parse("nodes")?);
    }
    object_from_place(&mut f)?;
    let explicit_verb = f.verb.verb.is_some() && !f.verb.stated;
    let verb = decide_verb(&f, text)?;
    let resource = decide_type(&f, verb)?;
    // "what keys are in secret stripe-keys?": the keys, listed by its
    // description (a secret's values left out).
    let verb = if verb == Verb::Get
        && matches!(resource.as_str(), "secrets" | "configmaps")
        && f.name.is_some()
        && f.words.free_word("keys")
    {
        Verb::Describe
    } else {
        verb
    };
    // "kube-system pods sorted by memory": an order by usage is top's.
    let verb = if verb == Verb::Get
        && matches!(resource.as_str(), "pods" | "nodes")
        && reads::sorted_by_usage(&f.words)
    {
        Verb::Top
    } else {
        verb
    };
    // "show the resource quotas with current usage", "usage of pvc
    // data-0": what a quota, a claim or an autoscaler has used is in its
    // description; top measures pods and nodes.
    let verb = if verb == Verb::Top
        && matches!(
            resource.as_str(),
            "resourcequotas"
                | "limitranges"
                | "persistentvolumeclaims"
                | "persistentvolumes"
                | "horizontalpodautoscalers"
        ) {
        Verb::Describe
    } else {
        verb
    };
    let bulk_all = bulk_all(&f, verb, &resource)?;
    let mut op = operation(&mut f, verb, resource)?;
    // "Is my app in the shop namespace healthy?", "is the thing in
    // calc-app ok?": the health of what runs in a namespace is its
    // diagnosis there, not the namespace object's.
    // "anything weird in the logs over in shop?": logs of no pod, with
    // trouble asked about, in a namespace said — its diagnosis reads
    // them.
    if verb == Verb::Logs
        && op.name.is_none()
        && op.selector.is_none()
        && op.namespace.is_some()
        && (f.words.has("logs") || f.words.has("log"))
        && [
            "weird",
            "wrong",
            "errors",
            "error",
            "issues",
            "problems",
            "unusual",
            "suspicious",
            "odd",
            "strange",
            "stand",
        ]
        .iter()
        .any(|w| f.words.has(w))
    {
        op.verb = Verb::Diagnose;
        op.resource = ResourceType::parse("pods")?;
    }
    if matches!(verb, Verb::Get | Verb::Describe)
        && op.resource.as_str() == "namespaces"
        && op.namespace.is_none()
        && app_health_asked(&f.words)
        && let Some(place) = op.name.take()
    {
        op.verb = Verb::Diagnose;
        op.resource = ResourceType::parse("pods")?;
        op.namespace = Some(Namespace::parse(place.as_str())?);
    }
    // (What a label or annotation is set on is read with its pairs.)
    if matches!(verb, Verb::Label | Verb::Annotate) {
        op.params.all = bulk_all;
    }
    if let Some(reading) = per_verb(&mut f, &mut op, explicit_verb)? {
        return Ok(reading);
    }
    verb_params(&mut f, &mut op)?;
    shape_read(&mut f, &mut op)?;
    name_pattern(text, &f.words, &op)?;
    check(&mut f, &mut op, bulk_all)?;
    node_kept(&op, f.on_node.as_ref())?;
    named_everywhere(&op)?;
    let guessed = op.name.is_some() && !f.name_adjacent;
    Ok(Reading {
        confidence: confidence(&f.words, f.typo, guessed),
        op,
        explicit_type: f.explicit_type,
        explicit_verb,
    })
}

/// Whether a count of replicas is said as a state to check or a
/// question ("Verify that the Deployment has 3 replicas", "does web
/// have 2 replicas?", "web is at 3 replicas"), not a count to set.
fn count_checked(words: &Words, text: &str) -> bool {
    text.contains('?')
        || [
            "how", "does", "do", "has", "have", "is", "are", "was", "were", "why", "what", "which",
            "verify", "check", "confirm", "ensure", "validate", "whether", "sure", "test", "runs",
            "running",
        ]
        .iter()
        .any(|w| words.has(w))
}

/// "deployment web is at 8 replicas", "… was resized to 7 replicas": a
/// count told as it is, by a verb of being and no word of wanting ("make
/// sure web is at 5 replicas" still asks).
fn count_told(words: &Words) -> bool {
    // ("they run 3 replicas of api", "we keep one replica": what the
    // people do, told.)
    let subject_runs = (1..words.len()).any(|i| {
        matches!(
            words.get(i),
            Some("run" | "runs" | "ran" | "keep" | "keeps" | "kept" | "have" | "has" | "had")
        ) && matches!(words.get(i - 1), Some("we" | "they" | "it" | "i"))
    });
    (["is", "are", "was", "were"].iter().any(|w| words.has(w)) || subject_runs)
        && ![
            "ensure", "sure", "need", "needs", "want", "wants", "should", "must",
        ]
        .iter()
        .any(|w| words.has(w))
}

/// The verb a request implies when its words leave it open or say it
/// loosely: "set web to 4 replicas" asks for a scale ("the 10 replicas are
/// running" does not); "tail 20 lines of web-1" for logs; "remove one
/// replica from web" takes a replica away and deletes nothing.
fn implied_verb(f: &Frame) -> Option<Verb> {
    let verb = f.verb.verb;
    match verb {
        // "set web to 4 replicas" asks for a scale ("the 10 replicas are
        // running" does not).
        // ("deployment web is at 8 replicas", "… is over-provisioned at
        // 8 replicas" tell the count it has.)
        None if f.counts.replicas.is_some()
            && (f.counts.replicas_to || f.words.has("need") || f.words.has("want"))
            && (f.words.has("replicas") || f.words.has("replica"))
            && !count_told(&f.words) =>
        {
            Some(Verb::Scale)
        }
        // "tail 20 lines of web-1", "display the last 20 lines of output".
        None if f.logs.tail.is_some() || f.logs.grep.is_some() => Some(Verb::Logs),
        // ("show the last 30 error lines from pod x": what it logged,
        // searched.)
        Some(Verb::Get)
            if f.verb.generic
                && (f.logs.tail.is_some() || f.container.is_some() || f.logs.grep.is_some()) =>
        {
            Some(Verb::Logs)
        }
        // "run pod api with image nginx", "run an nginx pod named api":
        // kubectl's verb for a new pod, said first.
        None if new_pod_said(&f.words)
            && f.resource.as_ref().is_some_and(|r| r.as_str() == "pods") =>
        {
            Some(Verb::Create)
        }
        // "scale web up by 50%"; "remove one replica from web" takes a
        // replica away, it deletes nothing.
        None if f.counts.scale_percent.is_some() || f.counts.scale_by.is_some() => {
            Some(Verb::Scale)
        }
        Some(Verb::Delete) if f.counts.scale_by.is_some() => Some(Verb::Scale),
        // "create a service for pod web", "create a Service named x that
        // exposes deployment web": the object named is exposed.
        Some(Verb::Create) if f.service.asked => Some(Verb::Expose),
        // "the state of pod web-0 and its recent events": its state and
        // its events together are what describe shows.
        Some(Verb::Events)
            if f.name.is_some()
                && ["state", "status", "condition", "conditions"]
                    .iter()
                    .any(|w| f.words.has(w)) =>
        {
            Some(Verb::Describe)
        }
        v => v,
    }
}

/// Whether the cluster's health is asked about: "cluster" (said, or
/// claimed as a scope) with a word of health or trouble, and no other
/// object.
fn cluster_health_asked(words: &Words) -> bool {
    words
        .w
        .iter()
        .zip(&words.quoted)
        .any(|(w, q)| !q && matches!(w.as_str(), "cluster" | "clusters"))
        // "dump the cluster state" wants everything written out, not a
        // diagnosis.
        && !["dump", "export", "save", "backup"].iter().any(|w| words.has(w))
        // ("List every namespace in the cluster along with its status":
        // the status of the namespaces listed.)
        && !words.w.iter().any(|w| matches!(w.as_str(), "namespace" | "namespaces"))
        && [
            "health", "healthy", "unhealthy", "status", "state", "ok", "okay", "fine", "problems",
            "problem", "issues", "issue", "wrong", "broken", "working",
        ]
        .iter()
        .any(|w| words.has(w))
}

/// The role of the control-plane taint a removal speaks of: "remove the
/// control-plane taint", "untaint the master node" — a taint said, taken
/// off, and a control-plane node's word ("master" is the older key).
fn control_plane_taint(words: &Words) -> Option<&'static str> {
    let removing = [
        "remove", "removing", "delete", "drop", "untaint", "clear", "take",
    ]
    .iter()
    .any(|w| words.has(w));
    let taint_said = words.has("taint") || words.has("taints") || words.has("untaint");
    if !removing || !taint_said {
        return None;
    }
    if ["control-plane", "controlplane"]
        .iter()
        .any(|w| words.has(w))
    {
        Some("control-plane")
    } else if words.has("master") {
        Some("master")
    } else {
        None
    }
}

/// A symptom as people paste it or title it: a probe failing, a
/// container killed, an error state.
fn symptom_told(words: &Words) -> bool {
    [
        "probe",
        "killing",
        "killed",
        "oomkilled",
        "crashloopbackoff",
        "crashlooping",
        "imagepullbackoff",
        "errimagepull",
        "createcontainerconfigerror",
        "refused",
        "forbidden",
        "evicted",
        "unhealthy",
        // The reasons and messages kubectl shows ("hit
        // BackoffLimitExceeded", "exited with code 137", "Multi-Attach
        // error", "FailedScheduling").
        "backofflimitexceeded",
        "failedscheduling",
        "failedmount",
        "failedattachvolume",
        "multi-attach",
        "back-off",
        "backoff",
        "exited",
        "oom",
        // "zk-2 pending forever", "Ingress returns default nginx 404 for
        // every path", "api times out": trouble told in other words.
        "forever",
        "stuck",
        "hangs",
        "hanging",
        "unreachable",
        "404",
        "500",
        "502",
        "503",
        "504",
        "timeouts",
    ]
    .iter()
    .any(|w| words.has(w))
        || (words.has("no") && words.has("endpoints"))
}

/// A word that may be an object's plain name where it follows its type:
/// no stop, verb, prose or participle word ("pods using …" names none).
pub(crate) fn plain_object_name(w: &str) -> bool {
    names::plain_name(w) && !names::prose_word(w) && !w.ends_with("ing") && !w.ends_with("ed")
}

/// Whether the words ask how an application fares: a word for what runs
/// ("my app", "the thing") and one of health or trouble.
fn app_health_asked(words: &Words) -> bool {
    [
        "app",
        "apps",
        "application",
        "applications",
        "thing",
        "things",
        "stuff",
        "workload",
        "workloads",
    ]
    .iter()
    .any(|w| words.has(w))
        && [
            "healthy",
            "unhealthy",
            "ok",
            "okay",
            "fine",
            "working",
            "alright",
            "weird",
            "wrong",
            "broken",
            "issues",
            "problems",
            "health",
        ]
        .iter()
        .any(|w| words.has(w))
}

/// "run pod api", "start a nginx pod", "launch an nginx pod named
/// edge": a first word that makes a pod, with the type within the next
/// three words ("run ls in pod web" runs a command, it makes nothing).
fn new_pod_said(words: &Words) -> bool {
    matches!(words.free(0), Some("run" | "start" | "launch"))
        && (1..=3)
            .find(|&i| words.get(i) == Some("pod"))
            .is_some_and(|at| {
                (1..at).all(|k| {
                    words.get(k).is_some_and(|w| {
                        matches!(w, "a" | "an" | "new")
                            || (!FUNCTION_SET.contains(&w)
                                && !STOP_SET.contains(&w)
                                && !VERB_WORDS.contains(w))
                    })
                })
            })
}

/// What a place word really names. What a label is taken from is the
/// object (of a kind not said), not a namespace ("remove the disk label
/// from worker-1"); nor is what something is removed from ("remove one
/// replica from web" never deletes a namespace web). "tell me about
/// namespace payments", "delete namespace foo": the namespace is the
/// object. People call their app a service: "bounce the checkout
/// service" restarts the workload behind it.
fn object_from_place(f: &mut Frame) -> Result<()> {
    // "remove the disk label from worker-1": what a label is taken from
    // is the object (of a kind not said), not a namespace.
    // Nor is what something is removed from: "remove one replica from
    // web" never deletes a namespace web.
    let from_marker = f.scope.namespace.as_ref().is_some_and(|ns| {
        f.words
            .w
            .windows(2)
            .any(|p| p[0] == "from" && p[1] == ns.as_str())
    });
    let taken_from = (matches!(
        f.verb.verb,
        Some(Verb::Label | Verb::Annotate | Verb::Scale | Verb::Taint)
    ) || f.counts.scale_by.is_some())
        && from_marker;
    // What it is taken from is the object: its name.
    if taken_from
        && f.name.is_none()
        && let Some(ns) = f.scope.namespace.take()
    {
        f.name = Some(ResourceName::parse(ns.as_str())?);
    }
    // "tell me about namespace payments", "delete namespace foo": the
    // namespace is the object — never one something is taken "from"
    // ("delete one replica from web" does not delete a namespace web).
    if f.resource.is_none()
        && f.name.is_none()
        && f.scope.from_marker
        && !from_marker
        // A change to a namespace names it as one ("delete namespace
        // test", "nuke the test namespace"); "delete stuff in test" is
        // about what is in it.
        && (f.verb.verb.is_none_or(Verb::is_read)
            || ["namespace", "namespaces", "ns"].iter().any(|w| f.words.has(w)))
        && !(f.wants_failing && matches!(f.verb.verb, None | Some(Verb::Get | Verb::Describe)))
        // "show images in shop": the pods' images there.
        && f.projections.iter().all(|p| *p == Projection::Created)
        && !f.verb.verb.is_some_and(|v| {
            v.acts_on_workload()
                || matches!(
                    v,
                    Verb::Logs | Verb::Events | Verb::Top | Verb::Diagnose | Verb::AuthCanI
                )
        })
        && let Some(ns) = f.scope.namespace.take()
    {
        f.resource = Some(ResourceType::parse("namespaces")?);
        f.name = Some(ResourceName::parse(ns.as_str())?);
        f.name_adjacent = true;
    }
    // People call their app a service: "bounce the checkout service"
    // restarts the workload behind it.
    // (Only one named: "restart all services in shop" names no
    // workload, and every Deployment there would be a guess.)
    if f.verb
        .verb
        .is_some_and(|v| v.acts_on_workload() || v == Verb::Logs)
        && f.resource
            .as_ref()
            .is_some_and(|r| r.as_str() == "services")
        && f.name.is_some()
    {
        f.resource = Some(ResourceType::parse("deployments")?);
    }
    Ok(())
}

/// "the output of job x", "its output", "job x's output": what it
/// printed, not a format ("output as yaml", "output format", "the output
/// of kubectl get").
fn printed_output(words: &Words) -> bool {
    let Some(i) = words.position("output") else {
        return false;
    };
    let before = i.checked_sub(1).and_then(|b| words.get(b));
    let after = words.get(i + 1);
    matches!(before, Some("the" | "its" | "their"))
        && !matches!(
            after,
            Some("as" | "in" | "format" | "formatted" | "to" | "yaml" | "json" | "wide" | "of")
        )
        || (matches!(before, None | Some("the"))
            && after == Some("of")
            && !words.has("kubectl")
            // ("the output of pod web-0 in JSON format": the object
            // written out.)
            && !["json", "yaml"].iter().any(|f| words.has(f)))
        || before.is_some_and(|w| w.ends_with("'s"))
}

/// A state the listing's columns show, asked to be checked ("check the
/// status of …", "verify that … is Bound", "… are Running", "… has all
/// replicas ready"): a look at it reads the row, not the description.
fn state_checked(words: &Words) -> bool {
    [
        "status",
        "state",
        "running",
        "ready",
        "bound",
        "available",
        "up",
        "replicas",
    ]
    .iter()
    .any(|w| words.has(w))
        && ["is", "are", "has", "have", "status", "state"]
            .iter()
            .any(|w| words.has(w))
}

/// The verb, decided: the one said, or what a request without one asks
/// (a diagnosis of trouble, a scale said as a count, a read of a named
/// object's state). Nothing to go on is not understood.
fn decide_verb(f: &Frame, text: &str) -> Result<Verb> {
    let verb = match (f.verb.verb, &f.resource, f.wants_failing) {
        // "Liveness probe keeps killing my container - statefulset
        // rabbitmq in namespace queue", "Readiness probe failed … for pod
        // x": a symptom told of one object, and no verb, is its trouble.
        (None, Some(_), _) if f.name.is_some() && symptom_told(&f.words) => Verb::Diagnose,
        // ("ImagePullBackOff on every new pod in ci-runners since 2am":
        // of a kind that fails, in a place.)
        (None, Some(r), _)
            if f.name.is_none()
                && f.scope.namespace.is_some()
                && crate::words::FAILABLE.contains(&r.as_str())
                && symptom_told(&f.words)
                // ("Are there any pods in CrashLoopBackOff in prod?" asks
                // which.)
                && !matches!(
                    f.words.get(0),
                    Some("are" | "is" | "any" | "which" | "what" | "how" | "list" | "count")
                ) =>
        {
            Verb::Diagnose
        }
        // ("ImagePullBackOff on auth-7b8c9-d4f2q", "zookeeper-2 exited
        // with code 137": the same, of a name shaped as one.)
        (None, None, _)
            if f.name.as_ref().is_some_and(|n| {
                n.as_str().contains('-') && n.as_str().bytes().any(|b| b.is_ascii_digit())
            }) && symptom_told(&f.words) =>
        {
            Verb::Diagnose
        }
        (Some(Verb::RolloutRestart), _, _)
            if restart_reported(&f.words, f.verb.start, f.name.as_ref().map(|n| n.as_str())) =>
        {
            Verb::Diagnose
        }
        // "show failing pods", "show failing deployments", "any problems
        // with the nodes?": trouble asked about a kind that can fail is a
        // diagnosis of it. Health alone ("check deployment health") is
        // read from the listing, as people who write it expect, except
        // for pods.
        (Some(Verb::Get) | None, Some(r), true)
            if f.name.is_none()
                && crate::words::FAILABLE.contains(&r.as_str())
                && (r.as_str() == "pods" || !(f.words.has("health") || f.words.has("healthy"))) =>
        {
            Verb::Diagnose
        }
        // "check the health of namespace shop", "show me the problems in
        // prod": trouble asked about without an object is a diagnosis.
        (Some(Verb::Get), None, true) if f.name.is_none() => Verb::Diagnose,
        // "output of job db-backup in ns ops?", "Retrieve its output so we
        // can see where it stopped": what a job or pod printed is its log
        // (an output format said is "-o", "in yaml", "as json").
        (Some(Verb::Get) | None, Some(r), _)
            if f.name.is_some()
                && matches!(r.as_str(), "jobs" | "pods")
                && printed_output(&f.words) =>
        {
            Verb::Logs
        }
        // "inspect pod web-1": one named object is described.
        // ("check the status of pod web-1", "verify that PVC data-0 is
        // Bound", "check whether sts web has all replicas ready" ask for
        // its state: the listing shows it.)
        (Some(Verb::Get), Some(_), _)
            if f.verb.looking && f.name.is_some() && !state_checked(&f.words) =>
        {
            Verb::Describe
        }
        // "details of node master-2 in json", "detailed information about
        // pod x, in YAML": describe has no such format; the object as the
        // server stores it is got.
        (Some(Verb::Describe), Some(_), _)
            if f.name.is_some()
                && (f.words.free_unquoted("yaml") || f.words.free_unquoted("json")) =>
        {
            Verb::Get
        }
        (Some(Verb::Describe), Some(r), _)
            if f.name.is_some()
                && detailed_view(&f.words)
                && r.as_str() != "secrets"
                && !f.words.has("secret") =>
        {
            Verb::Get
        }
        // "View a description of the Secret db-user-pass": the word for
        // what describe prints, asked to be seen.
        (Some(Verb::Get) | None, Some(_), _)
            if (f.name.is_some() || description_of_one(&f.words))
                && f.words.has("description")
                && (matches!(
                    f.words.get(0),
                    Some("view" | "show" | "see" | "display" | "get" | "give")
                ) || f.words.position("description").is_some_and(|i| {
                    // "hpa web-hpa in namespace web full description".
                    i > 0 && matches!(f.words.get(i - 1), Some("full" | "complete" | "whole"))
                })) =>
        {
            Verb::Describe
        }
        // "how to see the conditions on the search-api HPA": an object's
        // conditions and their messages are what describe shows.
        (Some(Verb::Get) | None, Some(_), _)
            if f.name.is_some() && (f.words.has("conditions") || f.words.has("condition")) =>
        {
            Verb::Describe
        }
        // "what level of permission does the cluster-admin role grant?":
        // a role's rules are what describe shows (get shows its age).
        (Some(Verb::Get) | None, Some(r), _)
            if f.name.is_some() && rules_asked(&f.words, r.as_str()) =>
        {
            Verb::Describe
        }
        (Some(Verb::Scale), Some(_), _)
            if creation_asked(&f.words, text)
                && !["scale", "scaled", "scaling"]
                    .iter()
                    .any(|w| f.words.has(w)) =>
        {
            Verb::Create
        }
        // "show the contents of configmap app-config": its data, which
        // the stored object shows whole.
        (Some(Verb::Describe | Verb::Get) | None, Some(r), _)
            if r.as_str() == "configmaps" && f.name.is_some() && contents_asked(&f.words) =>
        {
            Verb::Get
        }
        (Some(v), _, _) => v,
        // "new namespace 'my-namespace' please", "I need a service account
        // called ci-bot", "set up an nginx deployment running 3 replicas":
        // a thing asked for that does not exist yet — made, never read
        // (nor scaled, when a count is said).
        (None, Some(_), _) if creation_asked(&f.words, text) => Verb::Create,
        // "add cost-center=cc-4471 to deployment geo-lookup": a label (an
        // annotation when said so).
        (None, _, _) if order_start(&f.words).is_some_and(|i| added_pair(&f.words, i)) => {
            if f.words.has("annotation") || f.words.has("annotations") {
                Verb::Annotate
            } else {
                Verb::Label
            }
        }
        // "web statefulset: 4 replicas please", "bring web back down to
        // 3": a count of replicas without a verb asks for a scale.
        // ("Verify that the Deployment nginx has 3 replicas" checks a
        // count, it does not set one.)
        (None, Some(r), _)
            if f.counts.replicas_said
                && f.counts.replicas.is_some()
                && !count_checked(&f.words, text)
                && r.builtin().is_some_and(|b| {
                    ["deployments", "statefulsets", "replicasets"].contains(&b.plural)
                }) =>
        {
            Verb::Scale
        }
        // "web-1 is stuck in pending", "my api pod keeps crashing", "web
        // is down": a named object and a symptom, without a verb, asks
        // what is wrong with it.
        (None, _, _)
            if f.name
                .as_ref()
                .is_some_and(|n| symptom_of(&f.words, n.as_str())) =>
        {
            Verb::Diagnose
        }
        // "we need four copies of the notifications service in prod": a
        // count of copies for a Service, which has none; the workload
        // behind it is meant, and which one is not said — asked back
        // rather than read as the Service with the count dropped.
        (None, Some(r), _)
            if f.counts.replicas_said
                && f.counts.replicas.is_some()
                && !count_checked(&f.words, text)
                && r.as_str() == "services"
                && f.name.is_some()
                // Only asked for ("we need four copies …"), not told
                // ("service checkout shows 2 replicas").
                && ["need", "want", "run", "give", "keep", "make", "like"]
                    .iter()
                    .any(|w| f.words.has(w)) =>
        {
            let (n, name) = (
                f.counts.replicas.unwrap_or_default(),
                f.name.as_ref().map(|n| n.as_str()).unwrap_or_default(),
            );
            let ns = f
                .scope
                .namespace
                .as_ref()
                .map(|ns| format!(" -n {ns}"))
                .unwrap_or_default();
            return Err(Error::NotUnderstood {
                reason: format!(
                    "a Service has no replicas of its own; {n} copies are of the workload behind service {name}, say which"
                ),
                suggestions: vec![format!(
                    "kubectl scale deployment/{name} --replicas={n}{ns}"
                )],
            });
        }
        (None, Some(_), _) => Verb::Get,
        // "my-nginx down to a single replica", "hostnames -> 3 replicas":
        // a named object and a count of replicas, said rather than asked.
        (None, None, _)
            if f.counts.replicas_said
                && f.counts.replicas.is_some()
                && f.name.is_some()
                && !count_checked(&f.words, text) =>
        {
            Verb::Scale
        }
        (None, None, true) => Verb::Diagnose,
        // "status of termination-demo?", "is shell-demo up?": a read of
        // the named object.
        (None, None, false)
            if f.name.is_some()
                && (state_question(&f.words)
                    || !f.projections.is_empty()
                    || ["yaml", "json"].iter().any(|w| f.words.has(w))) =>
        {
            Verb::Get
        }
        (None, None, false) => {
            return Err(not_understood(format!(
                "{NOTHING_FOUND} in \"{}\"",
                text.trim()
            )));
        }
    };
    Ok(verb)
}

/// Whether the rules a role or binding grants are asked about ("what
/// does the edit role allow", "which permissions does admin grant").
fn rules_asked(words: &Words, resource: &str) -> bool {
    matches!(
        resource,
        "roles" | "clusterroles" | "rolebindings" | "clusterrolebindings"
    ) && [
        "permission",
        "permissions",
        "grant",
        "grants",
        "granted",
        "allow",
        "allows",
        "rules",
        "access",
        "rights",
    ]
    .iter()
    .any(|w| words.has(w))
}

/// The ClusterRoles every cluster has, user-facing and the control
/// plane's (`system:…`): "the cluster-admin role" is one of them.
fn default_cluster_role(name: &str) -> bool {
    matches!(name, "cluster-admin" | "admin" | "edit" | "view") || name.starts_with("system:")
}

/// The type, decided: the one said, one the name or the question implies
/// ("describe nginx-deployment", "is shell-demo up?", "list all container
/// images"), or the verb's own (pods for logs, a Deployment for a scale,
/// nodes for a drain). A verb with no type to go on is asked back.
fn decide_type(f: &Frame, verb: Verb) -> Result<ResourceType> {
    let mut resource = f.resource.clone();
    // "bump api to 6 pods", "scale web to 3 pods": the count's unit, not
    // the type scaled (pods are never scaled; their owner is).
    if verb == Verb::Scale
        && resource.as_ref().is_some_and(|r| r.as_str() == "pods")
        && f.resource_at.is_some_and(|at| {
            at > 0
                && (f.words.get(at - 1).and_then(number).is_some()
                    || matches!(
                        f.words.get(at - 1),
                        Some("more" | "fewer" | "less" | "extra")
                    ))
        })
    {
        resource = None;
    }
    // "show the taints (on worker-1)": taints are nodes', whatever the
    // name looks like.
    if resource.is_none() && verb == Verb::Get && f.projections.contains(&Projection::Taints) {
        resource = Some(ResourceType::parse("nodes")?);
    }
    // "describe node-7", "is worker-3 ok?": a look at a name only nodes
    // are given (never a change: "delete node-7" names no kind).
    if resource.is_none()
        && matches!(verb, Verb::Get | Verb::Describe | Verb::Events)
        && f.name
            .as_ref()
            .is_some_and(|n| nodes::node_only_name(n.as_str()))
    {
        resource = Some(ResourceType::parse("nodes")?);
    }
    // "describe nginx-deployment", "delete web-2": the name says the type.
    if resource.is_none()
        && matches!(
            verb,
            Verb::Get | Verb::Describe | Verb::Delete | Verb::Events
        )
        && let Some(t) = f.name.as_ref().and_then(|n| implied_type(n.as_str()))
    {
        resource = Some(ResourceType::parse(t)?);
    }
    // "what image is notif-svc running in prod", "which version of
    // coredns is running": an app's image, asked by the name people give
    // the app — its workload's (a Deployment, or the add-on's own kind);
    // a pod's name has the shape kubernetes gives it ("web-1").
    if resource.is_none()
        && verb == Verb::Get
        && f.projections == [Projection::Images]
        && f.name.as_ref().is_some_and(|n| {
            implied_type(n.as_str()).is_none()
                // (A plural is a word, "audit image registries", no app.)
                && !n.as_str().ends_with('s')
        })
    {
        let kind = f
            .name
            .as_ref()
            .and_then(|n| system_workload(n.as_str()))
            .unwrap_or("deployments");
        resource = Some(ResourceType::parse(kind)?);
    }
    // "is shell-demo up?", "show web-x in shop as yaml": a bare name whose
    // state or stored form is asked is a pod's, as in kubectl's examples.
    let as_stored = ["yaml", "json"].iter().any(|w| f.words.has(w));
    if resource.is_none()
        && verb == Verb::Get
        && f.name.is_some()
        && (state_question(&f.words) || as_stored)
    {
        resource = Some(ResourceType::parse("pods")?);
    }
    // "list all container images": images, IPs and restarts are pods'.
    if resource.is_none()
        && verb == Verb::Get
        && f.projections.iter().any(|p| {
            matches!(
                p,
                Projection::Images
                    | Projection::Restarts
                    | Projection::Ip
                    | Projection::Node
                    | Projection::Resources
                    | Projection::Tolerations
                    | Projection::Containers
                    | Projection::Qos
                    | Projection::NodeSelector
                    | Projection::Env
                    | Projection::LastTermination
            )
        })
    {
        resource = Some(ResourceType::parse("pods")?);
    }
    // "what's the external ip of frontend": a load balancer's, a Service.
    if resource.is_none() && verb == Verb::Get && f.projections.contains(&Projection::ExternalIp) {
        resource = Some(ResourceType::parse("services")?);
    }
    // "what is the update strategy of web": a Deployment's, as a scale's.
    if resource.is_none() && verb == Verb::Get && f.projections.contains(&Projection::Strategy) {
        resource = Some(ResourceType::parse("deployments")?);
    }
    // "how many replicas does php-apache have?": replicas are counted on
    // a workload, read as its Deployment.
    if resource.is_none()
        && verb == Verb::Get
        && f.name.is_some()
        && f.counts.replicas.is_none()
        && (f.words.has("replicas") || f.words.has("replica"))
    {
        resource = Some(ResourceType::parse("deployments")?);
    }
    // "the cluster-admin role": a default ClusterRole, unless a
    // namespace says it is a Role there.
    if let (Some(r), Some(n)) = (&resource, &f.name)
        && r.as_str() == "roles"
        && f.scope.namespace.is_none()
        && default_cluster_role(n.as_str())
    {
        resource = Some(ResourceType::parse("clusterroles")?);
    }
    // "the resource usage of my deployments": what workloads use is
    // their pods' (metrics are per pod); one named workload's pods are
    // found by its selector, which is asked back.
    let resource = match resource {
        Some(r) if verb == Verb::Top && f.name.is_none() && LOG_WORKLOADS.contains(&r.as_str()) => {
            Some(ResourceType::parse("pods")?)
        }
        other => other,
    };
    // "bounce the checkout pods", "restart web's pods": pods are
    // restarted by a rollout of the workload they belong to, named as the
    // pods are ("restart pod web-1" names one pod, which no rollout
    // restarts).
    let resource = match resource {
        Some(r)
            if verb == Verb::RolloutRestart
                && r.as_str() == "pods"
                && f.name.as_ref().is_some_and(|n| {
                    implied_type(n.as_str()) != Some("pods")
                        && (f.resource_at.and_then(|i| f.words.get(i)) == Some("pods")
                            || f.resource_at > f.words.position(n.as_str()))
                }) =>
        {
            None
        }
        other => other,
    };
    // "Allow the scheduler to place pods on node-3 again", "drain the
    // node so its pods move": pods are what a node verb moves; the node
    // is what it acts on.
    let resource = match resource {
        Some(r)
            if r.as_str() == "pods"
                && matches!(verb, Verb::Cordon | Verb::Uncordon | Verb::Drain)
                && f.resource_at.and_then(|at| f.words.get(at)) == Some("pods") =>
        {
            Some(ResourceType::parse("nodes")?)
        }
        other => other,
    };
    let resource = match (resource, verb) {
        (Some(r), _) => r,
        // "logs of payment-service", "errors in my-app-53's logs": people
        // name the app, whose pods' names are made from it; a pod's own
        // name has the hash or ordinal kubernetes gives it ("web-1",
        // "api-7d4b9c6f5-x2kqp"), and "the nginx app" is the pods its
        // label names. (The chat reads a pod of that name when no
        // Deployment has it.)
        (None, Verb::Logs) if f.name.is_some() && !f.words.has("app") => {
            ResourceType::parse(f.name.as_ref().map_or("pods", |n| log_kind(n.as_str())))?
        }
        // "why is the rollout of web stuck", "web rollout hangs": what
        // rolls out is a workload (a Deployment, as people name them).
        (None, Verb::Diagnose)
            if f.name
                .as_ref()
                .is_some_and(|n| implied_type(n.as_str()) != Some("pods"))
                && (f.words.has("rollout") || f.words.has("rolling")) =>
        {
            ResourceType::parse("deployments")?
        }
        (None, Verb::Logs | Verb::Diagnose) => ResourceType::parse("pods")?,
        // "remove label disktype from node-3": a name shaped as only nodes
        // are named is a node's.
        (None, Verb::Label | Verb::Annotate)
            if f.name.as_ref().is_some_and(|n| node_only_name(n.as_str())) =>
        {
            ResourceType::parse("nodes")?
        }
        // A workload by name: a Deployment, unless the name is an
        // add-on's that is another kind ("restart kube-proxy" is its
        // DaemonSet).
        (None, v) if v.acts_on_workload() => ResourceType::parse(
            f.name
                .as_ref()
                .and_then(|n| system_workload(n.as_str()))
                .filter(|k| {
                    !matches!(verb, Verb::Scale | Verb::RolloutPause | Verb::RolloutResume)
                        || *k == "deployments"
                })
                .unwrap_or("deployments"),
        )?,
        (None, Verb::Cordon | Verb::Uncordon | Verb::Drain | Verb::Taint) => {
            ResourceType::parse("nodes")?
        }
        // "expose web on port 80": the workload people name.
        (None, Verb::Expose) => ResourceType::parse("deployments")?,
        (None, Verb::Events) => ResourceType::parse("events")?,
        // "can I exec into a container", "am I able to view logs": the
        // parts of pods.
        (None, Verb::AuthCanI) if f.verb.can_i_action.is_some_and(|r| r.subresource.is_some()) => {
            ResourceType::parse("pods")?
        }
        // "is my cluster running out of resources": the cluster's
        // capacity is its nodes'.
        (None, Verb::Top) => ResourceType::parse(
            // "cpu usage on node-7" is the node's; "what's eating memory
            // on node-7" asks which of its pods.
            // ("memory usage of node-3": a name only nodes are given.)
            if f.words.has("node")
                || f.words.has("nodes")
                // ("something is using all the cpu on our cluster": which
                // of its pods.)
                || (f.words.has("cluster")
                    && !["using", "eating", "hogging", "something", "who"]
                        .iter()
                        .any(|w| f.words.has(w)))
                || f.words.has("per-node")
                || f.name.as_ref().is_some_and(|n| node_only_name(n.as_str()))
                || (f.on_node.is_some()
                    && ![
                        "what", "whats", "what's", "which", "who", "most", "eating", "hogging",
                    ]
                    .iter()
                    .any(|w| f.words.has(w)))
            {
                "nodes"
            } else {
                "pods"
            },
        )?,
        (None, v) => {
            return Err(Error::NotUnderstood {
                reason: format!("say what kind of object to {v}"),
                suggestions: match &f.name {
                    Some(n) => vec![format!("{v} deployment {n}"), format!("{v} pod {n}")],
                    None => vec![format!("{v} pods"), format!("{v} deployments")],
                },
            });
        }
    };
    Ok(resource)
}

/// Whether every object of one type in one namespace is meant ("delete all
/// pods in dev", "restart every deployment in shop"): previewed and
/// confirmed as destructive (`--all`). Anything wider — every kind, every
/// namespace, a cluster-scoped type, other changes — is refused before
/// anything else is asked, and never passed on to an LLM.
fn bulk_all(f: &Frame, verb: Verb, resource: &ResourceType) -> Result<bool> {
    // "delete all pods in dev", "restart every deployment in shop": every
    // object of one type in one namespace, previewed and confirmed as
    // destructive (`--all`). Anything wider — every kind, every
    // namespace, a cluster-scoped type, other changes — is refused before
    // anything else is asked, and never passed on to an LLM.
    // ("restart the coredns deploy in kube-system, dns timeouts
    // everywhere": one object named, in its place; "everywhere" is where
    // the trouble is felt.)
    let one_placed = f.name.is_some() && f.scope.namespace.is_some();
    let everywhere = |w: &&str| !(one_placed && *w == "everywhere") && f.words.has(w);
    let sweeping = ["everything", "everyone", "everywhere"]
        .iter()
        .any(everywhere)
        || f.scope.all_namespaces
        || f.scope.cluster_scope;
    // "restart all", "restart them all": every object of a type nobody
    // said (restart's own default, deployments) is asked back, never
    // guessed; "restart all deployments in shop" says it.
    if verb == Verb::RolloutRestart
        && f.resource_at.is_none()
        && f.name.is_none()
        && ["every", "all"].iter().any(|w| f.words.has(w))
    {
        let place = f
            .scope
            .namespace
            .as_ref()
            .map_or(String::new(), |ns| format!(" in {ns}"));
        return Err(Error::NotUnderstood {
            reason: "say which kind of object to restart: deployments, statefulsets or daemonsets"
                .into(),
            suggestions: vec![
                format!("restart all deployments{place}"),
                format!("restart all statefulsets{place}"),
            ],
        });
    }
    // "Restart deployments in the 'edge' namespace" (kubectl's reference:
    // `rollout restart deployment -n edge`): the plural said, in one
    // namespace said, restarts them all; a restart loses no data.
    // Only determiners between the quantifier (or the verb) and the
    // type: "restart 2 deployments", "the old deployments", "those
    // deployments", "all running pods" say some of them, never all.
    let plain_between = |from: usize, to: usize| {
        (from..to).all(|k| matches!(f.words.get(k), Some("the" | "all" | "every" | "of")))
    };
    let plural_restarted = verb == Verb::RolloutRestart
        && f.scope.namespace.is_some()
        && f.resource_at
            .and_then(|at| f.words.get(at))
            .is_some_and(|w| resource.builtin().is_some_and(|b| w == b.plural))
        && f.verb
            .end
            .zip(f.resource_at)
            .is_some_and(|(end, at)| plain_between(end + 1, at));
    let quantified_plainly = f.resource_at.is_none_or(|at| {
        (0..at)
            .filter(|&q| matches!(f.words.get(q), Some("all" | "every")))
            .all(|q| plain_between(q + 1, at))
    });
    // ("label all pods in demo with team=alpha": every pod there, one
    // change each, previewed as destructive; the pairs are what is set,
    // unless some of them stand where a selector does: "label all
    // app=nginx pods with tier=fe" picks the pods by app=nginx.)
    let labelling = matches!(verb, Verb::Label | Verb::Annotate);
    let chosen = f.sel.selecting.iter().filter(|s| **s).count();
    let pairs_only = labelling && !(chosen > 0 && chosen < f.sel.terms.len()) && !f.sel.negated;
    let bulk_all = matches!(
        verb,
        Verb::Delete | Verb::RolloutRestart | Verb::Label | Verb::Annotate
    ) && ((["every", "all"].iter().any(|w| f.words.has(w)) && quantified_plainly)
        || plural_restarted)
        && !sweeping
        && f.name.is_none()
        && (f.sel.selector.is_none() || pairs_only)
        && f.field_selector.is_none()
        && resource.builtin().is_none_or(|b| b.namespaced);
    // "Delete the namespace and everything in it".
    let namespace_contents =
        resource.as_str() == "namespaces" && checks::everything_in_it(&f.words);
    if !verb.is_read()
        && !matches!(
            verb,
            Verb::Create | Verb::Apply | Verb::Patch | Verb::Expose
        )
        && !bulk_all
        // "remove all labels of web": every label, asked back below.
        && !f.verb.removal_unkeyed
        && !f.with_contents
        && !namespace_contents
        && f.sel.selector.is_none()
        && f.field_selector.is_none()
        && !drain_of_all_pods(&f.words, verb, f.name.is_some())
        // "delete deployment web and all its pods", "restart all pods of
        // deployment api": one named object and all of its parts.
        && !(f.name.is_some() && all_of_its_parts(&f.words))
        && ["every", "all", "everything", "everyone", "everywhere"]
            .iter()
            .any(everywhere)
    {
        return Err(Error::Refused {
            reason: format!(
                "bulk changes are not read from chat; name the one {resource} to {verb}, or give a label selector"
            ),
            suggestions: vec![format!(
                "{verb} {} <name>",
                resource.builtin().map_or(resource.as_str(), |r| r.singular)
            )],
        });
    }
    Ok(bulk_all)
}

/// The operation the slots make, with its scope and selector.
fn operation(f: &mut Frame, verb: Verb, resource: ResourceType) -> Result<Operation> {
    let mut op = Operation::new(verb, resource);
    let cluster_scoped = op.resource.builtin().is_some_and(|b| !b.namespaced);
    op.namespace = f.scope.namespace.take();
    op.name = f.name.take();
    op.all_namespaces = (f.scope.all_namespaces || (f.scope.cluster_scope && op.name.is_none()))
        && op.namespace.is_none()
        && !cluster_scoped;
    if matches!(
        verb,
        Verb::Get
            | Verb::Describe
            | Verb::Delete
            | Verb::Label
            | Verb::Annotate
            | Verb::Top
            | Verb::RolloutRestart
            | Verb::Logs
    ) || (matches!(verb, Verb::Cordon | Verb::Uncordon | Verb::Taint) && op.name.is_none())
    {
        // (The nodes a label selector picks: "cordon the nodes labelled
        // pool=spot", as `kubectl cordon -l pool=spot`.)
        op.selector = f.sel.selector.take();
    }
    if let Some((k, v)) = f.sel.spaced_pairs.first()
        && verb != Verb::Annotate
    {
        return Err(Error::NotUnderstood {
            reason: format!(
                "{k}={v:?} holds spaces, which only an annotation's value may; a label value or selector cannot"
            ),
            suggestions: Vec::new(),
        });
    }
    Ok(op)
}

/// "get ingress hosts all namespaces", "po on `node-c-2` all ns": a word
/// read as a name beside "all namespaces" — one object lives in one
/// namespace, so which was meant is asked, with the listing as the
/// suggestion, rather than failing as an invalid operation.
fn named_everywhere(op: &Operation) -> Result<()> {
    let Some(name) = op.name.as_ref().filter(|_| {
        op.all_namespaces && !matches!(op.verb, Verb::Explain | Verb::AuthCanI | Verb::Logs)
    }) else {
        return Ok(());
    };
    let mut all = op.clone();
    all.name = None;
    let kind = op
        .resource
        .builtin()
        .map_or(op.resource.as_str(), |r| r.singular);
    Err(Error::NotUnderstood {
        reason: format!(
            "{name} is read as the name of one {kind}, and one object lives in one namespace, not in all of them; say its namespace, or leave the name out to see every namespace's {}",
            op.resource.as_str()
        ),
        suggestions: vec![kubechat_core::kubectl::render(&all)],
    })
}

/// What each verb family adds: log options, counts, label changes, the
/// objects kubectl writes from flags (returned whole, read as that kubectl
/// line), ports, event types.
fn per_verb(f: &mut Frame, op: &mut Operation, explicit_verb: bool) -> Result<Option<Reading>> {
    let verb = op.verb;
    // "create a pod running nginx", "spin up a deployment that runs the
    // busybox image": no name said, so the object is named after its
    // image, as kubectl's own examples do (kubectl run nginx
    // --image=nginx); the preview shows the name before anything is made.
    if verb == Verb::Create
        && op.name.is_none()
        && matches!(op.resource.as_str(), "pods" | "deployments")
        // One object ("create 2 deployments that run …" are several).
        && f.resource_at
            .and_then(|at| f.words.get(at))
            .is_some_and(|w| w == "pod" || w == "deployment")
        && let Some(image) = create::image_of(&f.words, "")
        && create::nothing_after_image(&f.words, &image, op.namespace.as_ref())
        && let Some(name) = create::name_from_image(&image)
    {
        op.name = Some(name);
    }
    match verb {
        Verb::Get | Verb::Delete | Verb::Top if op.resource.as_str() == "pods" => {
            pod_fields(
                op,
                f.field_selector,
                f.on_node.as_ref(),
                f.service_account.as_ref(),
            )?;
        }
        // "tls secrets", "secrets of type Opaque".
        Verb::Get | Verb::Delete
            if op.resource.as_str() == "secrets"
                && op.name.is_none()
                && f.secret_type.is_some() =>
        {
            let ty = f.secret_type.unwrap_or_default();
            op.params.field_selector = Some(Selector::parse(&format!("type={ty}"))?);
        }
        // "which nodes are cordoned".
        Verb::Get
            if op.resource.as_str() == "nodes"
                && op.name.is_none()
                && f.field_selector
                    .is_some_and(|s| s.starts_with("spec.unschedulable")) =>
        {
            op.params.field_selector = f.field_selector.map(Selector::parse).transpose()?;
        }
        // "completed jobs": jobs have a count of succeeded pods. ("Delete
        // the completed Job migrate-v12": said of the one named, the
        // state describes it.)
        Verb::Get | Verb::Delete
            if op.resource.as_str() == "jobs"
                && op.name.is_none()
                && f.field_selector == Some("status.phase=Succeeded") =>
        {
            op.params.field_selector = Some(Selector::parse("status.successful=1")?);
        }
        Verb::Logs => {
            op.params.tail = f.logs.tail;
            op.params.since = f.logs.since;
            op.params.container = f.container.take();
            op.params.previous = f.logs.previous;
            op.params.timestamps = f.logs.timestamps;
            op.params.grep = f.logs.grep.take();
            op.params.all_containers = f.logs.all_containers && op.params.container.is_none();
            // "the logs of the init container of web-1": init containers
            // are picked by name only; which one is asked, never dropped.
            if op.params.container.is_none()
                && !op.params.all_containers
                && let Some(i) = f.words.position("init")
                && matches!(f.words.get(i + 1), Some("container" | "containers"))
            {
                return Err(Error::NotUnderstood {
                    reason: "say which init container (its name), or ask for all containers".into(),
                    suggestions: vec![format!(
                        "{} -c INIT-CONTAINER",
                        kubechat_core::kubectl::render(op)
                    )],
                });
            }
            op.all_namespaces = false;
        }
        Verb::Scale => {
            // "Scale up the number of frontend Pods to 5": pods are counted
            // by the workload they are named after, whose count changes.
            // (Only the name said before the word: "2 pods named
            // redis-node-xxxx" names pods.)
            let before_type = op.name.as_ref().is_some_and(|n| {
                f.words
                    .position(n.as_str())
                    .zip(f.resource_at)
                    .is_some_and(|(n, t)| n < t)
            });
            if op.resource.as_str() == "pods"
                && before_type
                && op
                    .name
                    .as_ref()
                    .is_some_and(|n| implied_type(n.as_str()) != Some("pods"))
            {
                op.resource = ResourceType::parse("deployments")?;
            }
            op.params.replicas = f.counts.replicas;
            if f.counts.replicas.is_none() && f.counts.scale_percent.is_some() {
                op.params.scale_percent = f.counts.scale_percent;
            } else if f.counts.replicas.is_none() && f.counts.scale_by.is_some() {
                op.params.scale_by = f.counts.scale_by;
            } else if f.counts.replicas.is_none() {
                return Err(Error::NotUnderstood {
                    reason: "say how many replicas".into(),
                    suggestions: vec![format!(
                        "scale {} to 3",
                        op.name
                            .as_ref()
                            .map_or("deployment web".to_owned(), |n| format!(
                                "{} {n}",
                                singular(op)
                            ))
                    )],
                });
            }
        }
        Verb::RolloutUndo => {
            op.params.to_revision = f.counts.revision.map(u64::from);
            rollout::earlier_version(&mut f.words);
        }
        Verb::Label | Verb::Annotate => {
            // "update pod foo by removing the label bar if it exists":
            // the change is the label's, and a missing key is no error.
            for w in ["update", "if it exists"] {
                f.words.take_phrase(w);
            }
            label_change(&f.words, op, &f.sel, &f.verb)?;
        }
        // What kubectl writes from flags: a namespace, a ConfigMap from
        // literals, an autoscaler (read as that kubectl line, so one code
        // builds the object).
        Verb::Create
            if f.words.has("autoscale")
                || f.words.has("autoscaling")
                || op.resource.as_str() == "horizontalpodautoscalers"
                || verbs::scaled_between(&f.words).is_some() =>
        {
            return Ok(Some(Reading {
                op: autoscale(&f.words, op)?,
                confidence: confidence(&f.words, f.typo, false).max(0.8),
                explicit_type: f.explicit_type,
                explicit_verb,
            }));
        }
        Verb::Create
            if matches!(op.resource.as_str(), "namespaces" | "configmaps") && op.name.is_some() =>
        {
            return Ok(Some(Reading {
                op: create_named(&f.words, op, &f.sel.terms)?,
                confidence: confidence(&f.words, f.typo, !f.name_adjacent),
                explicit_type: f.explicit_type,
                explicit_verb,
            }));
        }
        // "create a deployment called my-app with nginx and 3 replicas",
        // "create an nginx pod called web", "run a busybox pod named
        // debug", "create a serviceaccount called ci": the kubectl line
        // that writes it, read as that line, so one code builds the
        // object.
        Verb::Create
            if matches!(
                op.resource.as_str(),
                "deployments" | "pods" | "serviceaccounts"
            ) && op.name.is_some() =>
        {
            // The labels it is created with ("with label tier=front").
            op.selector = f.sel.selector.take();
            let made =
                create_workload(&f.words, op, f.verb.end, f.counts.replicas, f.expose_ports)?;
            // The words that said the image ("that runs the busybox
            // image") were read for it.
            if let Some(image) = made
                .params
                .manifest
                .as_deref()
                .and_then(create::manifest_image)
            {
                for i in 0..f.words.len() {
                    if f.words.raw(i) == Some(image.as_str())
                        || matches!(f.words.get(i), Some("runs" | "running" | "image"))
                    {
                        f.words.mark(i);
                    }
                }
            }
            return Ok(Some(Reading {
                op: made,
                confidence: confidence(&f.words, f.typo, false),
                explicit_type: f.explicit_type,
                explicit_verb,
            }));
        }
        Verb::Expose => expose(op, f.expose_ports, std::mem::take(&mut f.service))?,
        Verb::Create | Verb::Apply | Verb::Patch => {
            // A role, a binding, a quota, a budget, a priority class or a
            // service of a type: the kubectl line that writes it.
            // Secret values typed into a chat would stay in its history
            // and the audit log (and reach an LLM provider): refused,
            // whatever way it is asked.
            if op.verb == Verb::Create && op.resource.as_str() == "secrets" {
                return Err(Error::Refused {
                    reason: "secrets are not created from chat: their values would be kept in the chat history and the audit log; create the secret with kubectl or your secret manager directly, then refer to it by name here".into(),
                    suggestions: vec!["get secrets".into()],
                });
            }
            if op.verb == Verb::Create
                && let Some(made) = objects::read(&f.words, op)?
            {
                // Every slot was filled from words said for it (what is
                // missing is asked back): as sure as an autoscale read.
                return Ok(Some(Reading {
                    op: made,
                    confidence: confidence(&f.words, f.typo, false).max(0.8),
                    explicit_type: f.explicit_type,
                    explicit_verb,
                }));
            }
            return Err(Error::NotUnderstood {
                reason: format!(
                    "{verb} needs a whole manifest or patch, which the rules do not write; \
                     give it in kubectl syntax, paste the manifest, or ask with an LLM provider configured"
                ),
                suggestions: vec![format!("kubectl {verb} …")],
            });
        }
        Verb::Events => event_filter(
            op,
            f.warning,
            f.normal,
            f.event_reason.as_deref(),
            f.explicit_type,
        )?,
        Verb::Taint => {
            // "Remove the control-plane NoSchedule taint from node
            // controlplane", "remove the taint on the master node": the
            // taint kubeadm puts on control-plane nodes, by its key.
            if f.taints.is_empty()
                && let Some(role) = control_plane_taint(&f.words)
            {
                f.taints.push(
                    kubechat_core::TaintChange::parse(&format!(
                        "node-role.kubernetes.io/{role}:NoSchedule-"
                    ))
                    .map_err(not_understood)?,
                );
            }
            // ("remove the control-plane taint": the role said as the key
            // is kubeadm's key for it.)
            for t in &mut f.taints {
                if t.remove
                    && t.value.is_none()
                    && matches!(t.key.as_str(), "control-plane" | "master")
                {
                    t.key = format!("node-role.kubernetes.io/{}", t.key);
                }
            }
            if f.taints.is_empty() {
                return Err(Error::NotUnderstood {
                    reason:
                        "say which taint: KEY=VALUE:EFFECT to put it on, the key to take it off"
                            .into(),
                    suggestions: vec![
                        "taint node NODE dedicated=gpu:NoSchedule".into(),
                        "untaint node NODE dedicated".into(),
                    ],
                });
            }
            op.params.taints = std::mem::take(&mut f.taints);
            op.params.overwrite = ["overwrite", "overwriting", "replace", "change"]
                .iter()
                .any(|w| f.words.has(w))
                && !labels::overwrite_refused(&f.words.w);
        }
        _ => {}
    }
    Ok(None)
}

/// The parameters of the verbs that take their own (explain, auth can-i,
/// rollout history, drain, delete); a logs or rollout request names its
/// object.
fn verb_params(f: &mut Frame, op: &mut Operation) -> Result<()> {
    let verb = op.verb;
    let cluster_scoped = op.resource.builtin().is_some_and(|b| !b.namespaced);
    // "force delete pod etcd-backup-0", "delete it forcefully", "… with a
    // grace period of 0": no graceful shutdown (`--grace-period=0
    // --force`), never dropped for a plain delete.
    if verb == Verb::Delete {
        op.params.grace_period = grace_said(&mut f.words);
    }
    if verb == Verb::Explain {
        op.params.field = f
            .explain_field
            .take()
            .filter(|(rt, _, _)| *rt == op.resource)
            .map(|(_, f, _)| f);
        op.name = None;
        op.namespace = None;
        op.all_namespaces = false;
        op.selector = None;
    }
    if verb == Verb::AuthCanI && f.verb.listing_rights {
        op.params.list = true;
        op.name = None;
        op.all_namespaces = false;
        op.selector = None;
    } else if verb == Verb::AuthCanI {
        op.params.action = f.verb.can_i_action.map(|r| r.action.to_owned());
        op.params.subresource = f
            .verb
            .can_i_action
            .and_then(|r| r.subresource)
            .map(str::to_owned);
        // "… in any namespace": every namespace.
        if op.namespace.is_none() && ["any", "every", "all"].iter().any(|w| f.words.has(w)) {
            op.all_namespaces = op.name.is_none() && !cluster_scoped;
        }
        match f.verb.can_i_subject.take() {
            Some(rights::Subject::User(user)) => op.params.as_user = Some(user),
            // A service account's namespace, said or the one asked
            // about ("… in namespace build can list secrets there").
            Some(rights::Subject::ServiceAccount { name, namespace }) => {
                let Some(home) = namespace.or_else(|| op.namespace.clone()) else {
                    return Err(Error::NotUnderstood {
                        reason: format!("say which namespace the service account {name} is in"),
                        suggestions: vec![format!(
                            "kubectl {} --as=system:serviceaccount:NAMESPACE:{name}",
                            kubechat_core::kubectl::render(op).trim_start_matches("kubectl ")
                        )],
                    });
                };
                if op.namespace.is_none() && !op.all_namespaces && !cluster_scoped {
                    op.namespace = Some(home.clone());
                }
                op.params.as_user = Some(format!("system:serviceaccount:{home}:{name}"));
            }
            None => {}
        }
    }
    if verb == Verb::RolloutHistory {
        op.params.revision = f.verb.history_revision;
    }
    if verb == Verb::Top {
        op.params.sort_usage = usage_order(&mut f.words);
    }
    if verb == Verb::RolloutStatus
        && let Some(seconds) = f.verb.rollout_wait
    {
        op.params.timeout =
            Some(
                Timeout::from_seconds(seconds).map_err(|e| Error::NotUnderstood {
                    reason: e.to_string(),
                    suggestions: vec![format!(
                        "wait up to 10 minutes for the rollout of {} {}",
                        singular(op),
                        op.name.as_ref().map_or("NAME", |n| n.as_str())
                    )],
                })?,
            );
    }
    if verb == Verb::Drain {
        op.params.grace_period = f.drain.grace_period;
        op.params.ignore_daemonsets = f.drain.ignore_daemonsets;
        op.params.delete_emptydir_data = f.drain.delete_emptydir_data;
        let unmanaged = {
            let w: Vec<&str> = (0..f.words.len()).filter_map(|i| f.words.get(i)).collect();
            past_unmanaged(&w)
        };
        if let Some((from, to)) = unmanaged {
            for k in from..=to {
                f.words.mark(k);
            }
        }
        op.params.force = force_said(&f.words) || unmanaged.is_some();
    }
    if verb == Verb::Delete {
        op.params.cascade = kept_dependents(&mut f.words);
    }
    if matches!(
        verb,
        Verb::Logs | Verb::RolloutStatus | Verb::RolloutHistory
    ) && op.name.is_none()
        && !(verb == Verb::Logs && op.selector.is_some() && op.resource.as_str() == "pods")
    {
        return Err(Error::NotUnderstood {
            reason: format!("say which {} (its name)", singular(op)),
            suggestions: vec![format!("{} {} NAME", verb, singular(op))],
        });
    }
    Ok(())
}

/// How a read is shown: columns, order, label columns and filters, the
/// wide table, the stored form ("the yaml of pod web").
fn shape_read(f: &mut Frame, op: &mut Operation) -> Result<()> {
    let verb = op.verb;
    if verb == Verb::Get && !op.is_multi_kind() {
        op.params.columns = columns_for(op, &f.projections)?;
        op.params.sort_by = f
            .sort_field
            .take()
            .or_else(|| f.sort.and_then(|k| sort_path(op, k)));
        // "deployments sorted by restarts": an order the type has no
        // field for is asked back, never dropped.
        if let Some(kind) = f.sort.filter(|_| op.params.sort_by.is_none()) {
            return Err(Error::NotUnderstood {
                reason: format!(
                    "{} have no {} to sort by; say a field path to sort on",
                    op.resource,
                    match kind {
                        SortKind::Restarts => "restart count",
                        SortKind::Created => "age",
                        SortKind::Name => "name",
                        SortKind::Capacity => "size",
                        SortKind::Node => "node",
                        SortKind::Started => "start time",
                    }
                ),
                suggestions: vec![format!(
                    "{} --sort-by=.metadata.creationTimestamp",
                    kubechat_core::kubectl::render(op)
                )],
            });
        }
    }
    // "pvs sorted by capacity" read elsewhere; "sorted by status" names an
    // order no field path was found for.
    if matches!(verb, Verb::Get | Verb::Top)
        && let Some(at) = (0..f.words.len()).find(|&i| {
            matches!(
                f.words.free(i),
                Some("sorted" | "sort" | "ordered" | "order" | "sorting")
            ) && matches!(f.words.free(i + 1), Some("by" | "on"))
        })
        && op.params.sort_by.is_none()
        && op.params.sort_usage.is_none()
    {
        let key = f.words.get(at + 2).unwrap_or("it");
        return Err(Error::NotUnderstood {
            reason: format!(
                "KubeChat orders a list by restarts, age, name, node, size, CPU or memory, and \"{key}\" is none of those; give the field path to sort on"
            ),
            suggestions: vec![format!(
                "{} --sort-by=.metadata.creationTimestamp",
                kubechat_core::kubectl::render(op)
            )],
        });
    }
    if verb == Verb::Get && op.params.columns.is_empty() {
        op.params.show_labels = f.labels.show_labels && f.labels.columns.is_empty();
        op.params.label_columns = std::mem::take(&mut f.labels.columns);
    }
    if !f.labels.filters.is_empty() && matches!(verb, Verb::Get | Verb::Describe) {
        let mut terms: Vec<String> = op
            .selector
            .as_ref()
            .map(ToString::to_string)
            .into_iter()
            .collect();
        terms.extend(std::mem::take(&mut f.labels.filters));
        op.selector = Some(Selector::parse(&terms.join(","))?);
    }
    if f.wide && verb == Verb::Get && op.params.columns.is_empty() {
        op.params.output = Some(kubechat_core::OutputFormat::Wide);
    }
    // "the yaml of pod web", "as json": the object as the server stores it.
    if verb == Verb::Get {
        for (word, format) in [
            ("yaml", kubechat_core::OutputFormat::Yaml),
            ("json", kubechat_core::OutputFormat::Json),
        ] {
            if let Some(i) =
                (0..f.words.len()).find(|&i| f.words.get(i) == Some(word) && !f.words.is_quoted(i))
            {
                f.words.mark(i);
                op.params.output = Some(format);
                break;
            }
        }
        // "show the contents of configmap app-config", "what data is in
        // configmap x": a ConfigMap's data is what its YAML holds.
        if op.params.output.is_none()
            && op.name.is_some()
            && op.resource.as_str() == "configmaps"
            && contents_asked(&f.words)
        {
            op.params.output = Some(kubechat_core::OutputFormat::Yaml);
        }
        // "View detailed information about the Pod memory-demo": the
        // docs' words for the object as stored.
        // ("…, including its memory limits": the stored form holds them;
        // no column of its own.)
        if op.params.output.is_none() && detailed_view(&f.words) && op.name.is_some() {
            op.params.output = Some(kubechat_core::OutputFormat::Yaml);
            op.params.columns = Default::default();
        }
    }
    Ok(())
}

/// "View detailed information about …", "Display detailed information
/// about …": the Kubernetes task pages' step for `kubectl get … -o yaml`
/// (a Secret's is described: its values stay hidden).
fn detailed_view(words: &Words) -> bool {
    matches!(words.get(0), Some("view" | "display"))
        && words.has("detailed")
        && (words.has("information") || words.has("info"))
}

/// Whether what an object holds is asked for ("the contents of", "its
/// data", "what keys").
fn contents_asked(words: &Words) -> bool {
    ["contents", "content", "data", "keys", "values"]
        .iter()
        .any(|w| words.has(w))
}

/// Whether the change is asked forced ("force delete", "forcefully",
/// "forcibly", "--force"). ("don't force it", "without force", "in
/// namespace force": no force asked; a word already read is no force.)
fn force_said(words: &Words) -> bool {
    (0..words.len()).any(|i| {
        matches!(
            words.free(i),
            Some("force" | "forcefully" | "forcibly" | "force-delete" | "force-drain" | "--force")
        ) && !(i.saturating_sub(3)..i).any(|j| {
            matches!(
                words.get(j),
                Some("not" | "don't" | "dont" | "no" | "without" | "never" | "avoid")
            )
        })
    })
}

/// [`seconds_to_stop`] over a whole text, where a clause of its own says
/// it ("…, giving each pod 60 seconds to terminate").
pub(crate) fn time_to_stop_said(text: &str) -> Option<u32> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    words
        .windows(4)
        .find_map(|w| stop_time(w[0], w[1], w[2], w[3]))
}

/// "60 seconds to terminate", "2 minutes to shut (down)": the seconds.
fn stop_time(n: &str, unit: &str, to: &str, verb: &str) -> Option<u32> {
    let n = n.parse::<u32>().ok()?;
    let unit = match unit {
        "second" | "seconds" | "sec" | "secs" | "s" => 1,
        "minute" | "minutes" | "min" | "mins" => 60,
        _ => return None,
    };
    (to == "to"
        && matches!(
            verb,
            "terminate" | "shut" | "shutdown" | "exit" | "stop" | "finish" | "quit"
        ))
    .then_some(n.saturating_mul(unit))
}

/// "giving each pod 60 seconds to terminate", "give them 2 minutes to
/// shut down": a grace period said as the time each pod gets (claimed).
pub(super) fn seconds_to_stop(words: &mut Words) -> Option<u32> {
    let (i, n) = (0..words.len()).find_map(|i| {
        stop_time(
            words.free(i)?,
            words.get(i + 1)?,
            words.get(i + 2)?,
            words.get(i + 3)?,
        )
        .map(|n| (i, n))
    })?;
    let end = if words.get(i + 4) == Some("down") {
        i + 4
    } else {
        i + 3
    };
    // ("giving each pod …", "give them …": who gets the time, claimed
    // only from the verb that gives it.)
    let start = (i.saturating_sub(3)..i)
        .find(|&p| {
            matches!(words.free(p), Some("giving" | "give"))
                && (p + 1..i).all(|k| {
                    matches!(
                        words.free(k),
                        Some("each" | "every" | "pod" | "pods" | "them" | "it" | "the")
                    )
                })
        })
        .unwrap_or(i);
    for k in start..=end {
        words.mark(k);
    }
    Some(n)
}

/// The grace period a deletion says: 0 when forced ("force delete",
/// "forcefully", "forcibly", "--force"), or "grace period (of) N"
/// (seconds).
fn grace_said(words: &mut Words) -> Option<u32> {
    if force_said(words) {
        return Some(0);
    }
    // "with no grace period", "without a grace period", "zero grace
    // period": none at all, which kubectl takes with --force.
    if let Some(i) = (1..words.len()).find(|&i| {
        words.get(i) == Some("grace")
            && words.get(i + 1) == Some("period")
            && (matches!(
                words.get(i - 1),
                Some("no" | "zero" | "0" | "without" | "skipping" | "skip" | "bypassing")
            ) || (matches!(words.get(i - 1), Some("a" | "the"))
                && matches!(
                    words.get(i.saturating_sub(2)),
                    Some("without" | "skipping" | "skip" | "bypassing" | "bypass")
                )))
    }) {
        // ("skipping the grace period": the word before "the" too.)
        let from = if matches!(words.get(i - 1), Some("a" | "the")) {
            i - 2
        } else {
            i - 1
        };
        for k in from..=i + 1 {
            words.mark(k);
        }
        return Some(0);
    }
    if let Some(n) = seconds_to_stop(words) {
        return Some(n);
    }
    // "with a 5 second grace period", "a 30s grace period": the time
    // said before the words.
    if let Some(i) = (1..words.len())
        .find(|&i| words.get(i) == Some("grace") && words.get(i + 1) == Some("period"))
    {
        let unit = |w: &str| match w {
            "second" | "seconds" | "sec" | "secs" | "s" => Some(1u32),
            "minute" | "minutes" | "min" | "mins" => Some(60),
            _ => None,
        };
        let before = words.get(i - 1).unwrap_or_default();
        let split = before
            .find(|c: char| !c.is_ascii_digit())
            .filter(|&k| k > 0)
            .and_then(|k| Some((before[..k].parse::<u32>().ok()?, unit(&before[k..])?)));
        let said = match split {
            Some((n, u)) => Some((i - 1, n.saturating_mul(u))),
            None => unit(before).and_then(|u| {
                let n = words.get(i.checked_sub(2)?)?.parse::<u32>().ok()?;
                Some((i - 2, n.saturating_mul(u)))
            }),
        };
        if let Some((from, n)) = said {
            for k in from..=i + 1 {
                words.mark(k);
            }
            return Some(n);
        }
    }
    let (i, at, n) = (0..words.len()).find_map(|i| {
        if words.get(i) != Some("grace") || words.get(i + 1) != Some("period") {
            return None;
        }
        let at = if words.get(i + 2) == Some("of") {
            i + 3
        } else {
            i + 2
        };
        let n = words.get(at)?.trim_end_matches('s').parse::<u32>().ok()?;
        // "a grace period of 5 minutes": in seconds.
        let unit = match words.get(at + 1) {
            Some("minute" | "minutes" | "min" | "mins") => 60,
            Some("hour" | "hours") => 3600,
            _ => 1,
        };
        Some((i, at, n.saturating_mul(unit)))
    })?;
    for k in i..=at {
        words.mark(k);
    }
    Some(n)
}

/// The checks on a filled operation: nothing stated is dropped, nothing is
/// widened, and a change names its objects.
fn check(f: &mut Frame, op: &mut Operation, bulk_all: bool) -> Result<()> {
    let verb = op.verb;
    // "delete the migrate init container of pod api-0": a container is
    // part of its pod, never deleted on its own (the pod would be).
    if verb == Verb::Delete && f.container.is_some() {
        let name = op.name.as_ref().map_or("NAME", |n| n.as_str());
        return Err(Error::NotUnderstood {
            reason: "a container is not deleted on its own, it is part of its pod; delete the pod, or change its workload's template".into(),
            suggestions: vec![format!("delete pod {name}")],
        });
    }
    bound_unread(&mut f.words, op)?;
    pod_restarted(op)?;
    namespace_of_named(&f.words, op)?;
    pods_of_workload(&f.words, op, f.resource_at)?;
    name_and_selector(&f.words, op, f.resource_at)?;
    several_types(&mut f.words, op, f.resource_at)?;
    several_slashed(&mut f.words, op)?;
    environment_unread(&f.words, op)?;
    type_place_unread(&f.words, op)?;
    several_names(&mut f.words, op)?;
    another_object(&mut f.words, op, f.resource_at)?;
    namespace_or_place(&f.words, op)?;
    name_of_other_kind(&f.words, op, f.resource_at)?;
    workload_named_unread(&f.words, op)?;
    owner_unread(&f.words, op, f.resource_at)?;
    owner_word_unread(&f.words, op, f.resource_at)?;
    owner_before_plural(&f.words, op, f.resource_at)?;
    value_read_as_name(&f.words, op, f.resource_at)?;
    unnamed_one(&f.words, op, f.resource_at)?;
    pointed_unnamed(&f.words, op)?;
    trouble_unnamed(&f.words, op, f.resource_at)?;
    fix_unnamed(&f.words, op)?;
    namespace_unnamed(&f.words, op)?;
    unplaced(&f.words, op)?;
    namespace_unread(&f.words, op)?;
    several_namespaces(&f.words, op)?;
    system_namespace(op)?;
    if bulk_all {
        op.params.all = true;
    }
    fields_as_selected(op)?;
    let mutating = op.risk() != kubechat_core::Risk::Read;
    narrowing(&f.words, op, f.resource_at)?;
    // One namespace, deleted with its contents, is no bulk change.
    if !f.with_contents {
        bulk_refused(&f.words, op)?;
    }
    part_removed(&f.words, op, f.verb.start)?;
    // "add a taint to node01", "remove the taint from gpu-2": a node
    // verb's object stands after the place word.
    let node_placed = matches!(
        verb,
        Verb::Taint | Verb::Cordon | Verb::Uncordon | Verb::Drain
    ) && op.name.as_ref().is_some_and(|n| {
        (1..f.words.len()).any(|i| {
            f.words.get(i) == Some(n.as_str())
                && matches!(f.words.get(i - 1), Some("to" | "on" | "from" | "onto"))
        })
    });
    if mutating && op.name.is_some() && !f.name_adjacent && !node_placed {
        // "delete all of the pods except web-0": the one named is the one
        // kept; it is never offered as what to change.
        let name = op.name.as_ref().map_or("", |n| n.as_str());
        let spared = f.words.position(name).is_some_and(|at| {
            (at.saturating_sub(3)..at).any(|k| {
                matches!(
                    f.words.get(k),
                    Some(
                        "except"
                            | "but"
                            | "besides"
                            | "excluding"
                            | "keep"
                            | "leave"
                            | "not"
                            | "other"
                            | "apart"
                            | "save"
                            | "spare"
                            | "sparing"
                            | "without"
                    )
                )
            })
        });
        if spared {
            return Err(Error::NotUnderstood {
                reason: format!(
                    "{name} is left out here, and changing every other one of the {} is not read from chat; name the ones to {verb}, or give a label selector",
                    op.resource
                ),
                suggestions: Vec::new(),
            });
        }
        return Err(Error::NotUnderstood {
            reason: format!("it is not clear which {} to {verb}", op.resource),
            suggestions: vec![format!(
                "{verb} {} {}",
                singular(op),
                op.name.as_ref().map_or("", |n| n.as_str())
            )],
        });
    }
    node_from_place(op, f.on_node.as_ref())?;
    // "delete the completed jobs": a field selector names them too.
    if mutating
        && op.name.is_none()
        && op.selector.is_none()
        && op.params.field_selector.is_none()
        && !op.params.all
    {
        return Err(Error::NotUnderstood {
            reason: format!("say which {} to {verb}", op.resource),
            suggestions: vec![format!("{verb} {} <name>", singular(op))],
        });
    }
    Ok(())
}

/// The singular of the operation's type ("deployment"), for messages.
pub(crate) fn singular(op: &Operation) -> String {
    op.resource
        .builtin()
        .map_or(op.resource.as_str().to_owned(), |r| r.singular.to_owned())
}
