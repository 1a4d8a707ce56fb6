//! Sentences that only say which object the request is about.
//!
//! People ask first and identify after: "Does anyone know how to find
//! which node a pod landed on? The pod is ml-trainer-0 in the ml
//! namespace.", "why is my pod pending. its ml-notebook-abc12 in ns
//! jupyter", "how do i get into the pg pod, its postgres-0 in db ns".
//! Read alone, the question names nothing (or a wrong word) and the
//! identification reads as a request of its own (`get pods ml-trainer-0`),
//! which answers something not asked. Here the identification is taken
//! out and its name and namespace are written into the request, as if the
//! person had said them there.

use super::sentences::{Kind, Sentence};
use kubechat_core::resources;

/// What an identification says: the type (when it says one), the name,
/// the namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Identity {
    kind: Option<&'static str>,
    name: Option<String>,
    namespace: Option<String>,
}

/// Words that close a chat line without saying anything ("… in ns jobs
/// btw").
const TRAILING: &[&str] = &[
    "btw", "fyi", "lol", "thx", "thanks", "pls", "please", "iirc",
];

/// The kind of an identified container: no type of object, said as
/// "in container NAME" in the request.
const CONTAINER: &str = "container";

/// Determiners before a type word that an identification names.
const DETERMINERS: &[&str] = &["a", "an", "the", "my", "our", "this", "that", "one"];

/// A word without the punctuation around it (quotes included: a quoted
/// name is that name).
fn bare(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '-' | '.' | '_'))
        .trim_end_matches('.')
}

/// Like a name, not an English word: a dash or a digit among letters.
fn name_like(w: &str) -> bool {
    w.bytes().any(|b| b.is_ascii_alphabetic())
        && (w.contains('-') || w.bytes().any(|b| b.is_ascii_digit()))
        && kubechat_core::ResourceName::parse(w).is_ok()
}

/// A plain word that can be a name, said where a name is expected ("the
/// deployment called webapp"): a valid name, not a common word nor one
/// that describes ("it's the new deployment", "the deployment serving
/// checkout").
fn plain_name(w: &str) -> bool {
    const DESCRIBING: &[&str] = &[
        "new", "old", "main", "same", "current", "other", "first", "second", "last", "latest",
        "broken", "failing", "right", "wrong", "whole", "only", "serving", "running", "real",
        "live", "primary", "default", "one", "that", "this",
    ];
    !crate::words::STOP_SET.contains(w)
        && !DESCRIBING.contains(&w)
        && kubechat_core::ResourceName::parse(w).is_ok()
}

/// The place said after a name: "in …" or "-n …" only (a bare word after
/// the name is no namespace: "the deployment serving checkout").
fn placed_after(tail: &[&str]) -> Option<String> {
    match tail {
        [] => None,
        ["in" | "-n", ..] => place(tail),
        // ("It's called ml-trainer-0, namespace research": the marker
        // without "in".)
        ["namespace" | "ns", ns] => place(&[ns]),
        _ => None,
    }
}

/// The type a word names, other than namespaces (an identification of a
/// namespace alone says where, see [`identity`]).
fn kind_word(w: &str) -> Option<&'static str> {
    resources::lookup(w)
        .filter(|b| b.plural != "namespaces" && b.plural != "events")
        .map(|b| b.singular)
}

/// Reads `words` (lower case, bare) as a whole identification: a subject
/// ("its", "it is", "the pod is", "the name is", "the namespace is"), a
/// name, and a place; or a subject and only a place ("its in ns jobs").
fn identity(words: &[&str]) -> Option<Identity> {
    let mut w = words;
    while let [rest @ .., last] = w
        && TRAILING.contains(last)
    {
        w = rest;
    }
    // ("… its pod name is report-7f9c i think": how sure.)
    if let [rest @ .., "i", "think" | "guess" | "believe"] = w {
        w = rest;
    }
    // The subject, and the type it says.
    let (kind, rest) = match w {
        // "The container in the pod template is named nginx.": which
        // container, for an image set per container.
        ["the" | "its", "container", .., "is", "named" | "called", c]
        | ["the" | "its", "container", "name", "is", c]
        | ["container", "name", "is", c]
            if name_like(c) || c.bytes().all(|b| b.is_ascii_lowercase()) =>
        {
            return Some(Identity {
                kind: Some(CONTAINER),
                name: Some((*c).to_owned()),
                namespace: None,
            });
        }
        ["its" | "it's", rest @ ..] | ["it", "is", rest @ ..] => (None, rest),
        ["the" | "my" | "our" | "this", k, "is", rest @ ..] | [k, "is", rest @ ..]
            if kind_word(k).is_some() =>
        {
            (kind_word(k), rest)
        }
        ["the" | "pod", "name", "is", rest @ ..] | ["name", "is", rest @ ..] => (None, rest),
        ["the", "namespace" | "ns", "is", ns] | ["namespace" | "ns", "is", ns] => {
            return place(&[ns]).map(|namespace| Identity {
                kind: None,
                name: None,
                namespace: Some(namespace),
            });
        }
        _ => return None,
    };
    // "it's the deployment called webapp", "its the webapp deployment":
    // the type said after the subject. A name said with its type (or
    // after "called") may be a plain word; alone it must look like one.
    let (kind, rest, typed) = match rest {
        [d, k, rest @ ..]
            if kind.is_none() && DETERMINERS.contains(d) && kind_word(k).is_some() =>
        {
            (kind_word(k), rest, true)
        }
        [k, rest @ ..] if kind.is_none() && kind_word(k).is_some() => (kind_word(k), rest, true),
        [d, name, k, tail @ ..]
            if kind.is_none() && DETERMINERS.contains(d) && kind_word(k).is_some() =>
        {
            return plain_name(name)
                .then(|| Identity {
                    kind: kind_word(k),
                    name: Some((*name).to_owned()),
                    namespace: placed_after(tail),
                })
                .filter(|id| tail.is_empty() || id.namespace.is_some());
        }
        _ => (kind, rest, false),
    };
    let (rest, typed) = match rest {
        ["called" | "named", rest @ ..] | ["name", "is", rest @ ..] => (rest, true),
        _ => (rest, typed),
    };
    match rest {
        ["in" | "-n", ..] => Some(Identity {
            kind,
            name: None,
            namespace: Some(place(rest)?),
        }),
        [name, tail @ ..] if name_like(name) || (typed && plain_name(name)) => {
            let namespace = if tail.is_empty() {
                None
            } else {
                Some(placed_after(tail)?)
            };
            Some(Identity {
                kind,
                name: Some((*name).to_owned()),
                namespace,
            })
        }
        _ => None,
    }
}

/// "`postgres` in `db` - connections time out from the app pods": a
/// quoted name first, then its place; what is told after a dash is the
/// trouble, no more of the object.
fn quoted_placed(lower: &str) -> Option<Identity> {
    let t = lower.trim_start();
    let q = t.chars().next().filter(|c| matches!(c, '`' | '\'' | '"'))?;
    let close = t[1..].find(q)? + 1;
    let name = &t[1..close];
    if !plain_name(name) || name.contains(' ') {
        return None;
    }
    let rest = t[close + 1..].split([' ', '\t']).filter(|w| !w.is_empty());
    let place_words: Vec<&str> = rest
        .take_while(|w| !matches!(*w, "-" | "—" | "--" | "–"))
        .map(bare)
        .collect();
    let namespace = place(&place_words)?;
    Some(Identity {
        kind: None,
        name: Some(name.to_owned()),
        namespace: Some(namespace),
    })
}

/// "(pod mongo-1 in the db namespace)", "cronjob nightly-backup in ns
/// ops", "pod etl-runner-0, namespace data-pipeline": the object said as
/// a bare phrase — its type, its name, and where — with no verb.
fn phrase(words: &[&str]) -> Option<Identity> {
    let [k, name, tail @ ..] = words else {
        return None;
    };
    let kind = kind_word(k)?;
    if !(name_like(name) || plain_name(name)) {
        return None;
    }
    let namespace = match tail {
        [] => None,
        ["namespace" | "ns", ns] => Some(place(&[ns])?),
        _ => Some(placed_after(tail)?),
    };
    Some(Identity {
        kind: Some(kind),
        name: Some((*name).to_owned()),
        namespace,
    })
}

/// "It's analytics-worker-0 in namespace data and the limit is 2Gi": an
/// identification, then more told of the object after "and".
fn identity_then_more(words: &[&str]) -> Option<Identity> {
    identity(words).or_else(|| {
        let and = words.iter().position(|w| *w == "and")?;
        identity(&words[..and]).filter(|id| id.name.is_some())
    })
}

/// "(deployment: checkout, ns: shop)", "pod: web-1, namespace: prod": the
/// object said as fields, each part a type or the namespace and its value.
fn fields(lower: &str) -> Option<Identity> {
    let inner = lower.trim().trim_end_matches('.');
    let inner = inner.strip_prefix('(')?.strip_suffix(')').unwrap_or(inner);
    let mut id = Identity {
        kind: None,
        name: None,
        namespace: None,
    };
    for part in inner.split(',') {
        let (key, value) = part.split_once(':')?;
        let value = bare(value.trim());
        match key.trim() {
            "namespace" | "ns" if id.namespace.is_none() => id.namespace = place(&[value]),
            k if id.kind.is_none() && kind_word(k).is_some() && plain_name(value) => {
                id.kind = kind_word(k);
                id.name = Some(value.to_owned());
            }
            _ => return None,
        }
    }
    (id.name.is_some() || id.namespace.is_some()).then_some(id)
}

/// A whole place phrase: "in ns jobs", "in the ml namespace", "in db ns",
/// "in monitoring", "-n prod", or (after "namespace is") the name alone.
fn place(words: &[&str]) -> Option<String> {
    let ns = match words {
        ["in" | "-n", "the", ns, "namespace" | "ns"]
        | ["in", "namespace" | "ns", ns]
        | ["in", "the", "namespace" | "ns", ns]
        | ["in", ns, "namespace" | "ns"]
        | ["in" | "-n", ns]
        | [ns] => *ns,
        _ => return None,
    };
    (!crate::words::STOP_SET.contains(ns) && kubechat_core::Namespace::parse(ns).is_ok())
        .then(|| ns.to_owned())
}

/// "it's 'fluentd' in kube-system": a name in quotes after the subject
/// is said as a name, as "it's called fluentd" says it (whatever its
/// letters).
fn quoted_called(lower: String) -> String {
    if !lower.contains(['\'', '"', '`']) {
        return lower;
    }
    let words: Vec<&str> = lower.split(' ').collect();
    let mut out: Vec<&str> = Vec::with_capacity(words.len() + 1);
    for (i, w) in words.iter().enumerate() {
        let quoted = w.len() > 2
            && w.starts_with(['\'', '"', '`'])
            && w.trim_end_matches([',', '.', '?', '!'])
                .ends_with(['\'', '"', '`']);
        if quoted && i > 0 && matches!(words[i - 1], "its" | "it's" | "is") {
            out.push("called");
        }
        out.push(w);
    }
    out.join(" ")
}

/// The identification `text` ends with after its last ", " ("how do i
/// get into the pg pod, its postgres-0 in db ns"), and where it starts.
fn trailing_identity(lower: &str) -> Option<(usize, usize, Identity)> {
    let at = lower.rfind(", ")?;
    let words: Vec<&str> = lower[at + 2..].split_whitespace().map(bare).collect();
    identity(&words)
        .map(|id| (at, lower.len(), id))
        .or_else(|| {
            // ("my pod is stuck in Pending, name is trainer-0, what do i do":
            // or between two commas, the rest going on after it.)
            let mut from = lower.find(", ")?;
            while from < at {
                let end = from + 2 + lower[from + 2..].find(", ")?;
                let words: Vec<&str> = lower[from + 2..end].split_whitespace().map(bare).collect();
                if let Some(id) = identity(&words).filter(|id| id.name.is_some()) {
                    return Some((from, end, id));
                }
                from = end;
            }
            None
        })
}

/// Takes the one identification out of `all` and writes it into the
/// requests (see the module's doc). Several, or none, leave `all` as it is:
/// which object they name is not clear.
pub(super) fn apply(all: Vec<Sentence>) -> Vec<Sentence> {
    // Every identification says "is", "its" or "it's": most requests
    // say none, and are passed over without a copy.
    let subject = |w: &str| {
        let w = bare(w);
        ["is", "its", "it's"]
            .iter()
            .any(|s| w.eq_ignore_ascii_case(s))
    };
    // A bare phrase of type and name identifies only beside requests that
    // name nothing themselves ("Delete pod web-2. Pod web-1 in shop."
    // tells of another object).
    // (Each sentence's phrase read once; one sentence alone has none to
    // identify for.)
    let phrased: Vec<Option<Identity>> = if all.len() > 1 {
        all.iter()
            .map(|s| {
                let lower = s.text.to_lowercase();
                let words: Vec<&str> = lower.split_whitespace().map(bare).collect();
                (words.len() <= 6)
                    .then(|| phrase(&words))
                    .flatten()
                    .or_else(|| quoted_placed(&lower))
            })
            .collect()
    } else {
        vec![None; all.len()]
    };
    // Nor beside a change ("PVC delete hangs? pvc data-0 in db" reports
    // the delete; written in, the report would make it).
    let phrases = phrased.iter().any(Option::is_some)
        && all.iter().zip(&phrased).all(|(s, p)| {
            p.is_some()
                || (!super::frame::asks_for_change(&s.text)
                    && !s
                        .text
                        .split_whitespace()
                        .any(|w| name_like(&bare(w).to_lowercase())))
        });
    if !phrases
        && !all
            .iter()
            .any(|s| s.text.split_whitespace().any(subject) || s.text.contains(": "))
    {
        return all;
    }
    let mut found: Vec<Identity> = Vec::new();
    let mut rest: Vec<Sentence> = Vec::with_capacity(all.len());
    for (s, phrase_id) in all.iter().zip(phrased) {
        let lower = quoted_called(s.text.to_lowercase());
        let words: Vec<&str> = lower.split_whitespace().map(bare).collect();
        // ("it's 'tmp-debug', i made it earlier": what is told after it,
        // past a comma.)
        let told_first = || {
            let cut = lower.find(", ")?;
            let first: Vec<&str> = lower[..cut].split_whitespace().map(bare).collect();
            identity(&first).filter(|id| id.name.is_some())
        };
        if let Some(id) = identity_then_more(&words)
            .or_else(told_first)
            .or_else(|| fields(&lower))
            .or_else(|| phrase_id.filter(|_| phrases))
        {
            found.push(id);
            continue;
        }
        if let Some((at, end, id)) = trailing_identity(&lower)
            && s.text.is_char_boundary(at)
            && s.text.is_char_boundary(end)
            && lower.len() == s.text.len()
        {
            found.push(id);
            rest.push(Sentence {
                text: format!("{}{}", &s.text[..at], &s.text[end..]),
                kind: s.kind,
            });
            continue;
        }
        rest.push(s.clone());
    }
    let ([id], false) = (found.as_slice(), rest.is_empty()) else {
        return all;
    };
    let any_request = rest.iter().any(|s| s.kind == Kind::Request);
    rest.into_iter()
        .map(|s| {
            // ("kubectl logs shows nothing" tells what a command did: no
            // request to write the object into.)
            let told_command = s.kind == Kind::Statement
                && s.text
                    .get(..8)
                    .is_some_and(|p| p.eq_ignore_ascii_case("kubectl "));
            if s.kind == Kind::Format || told_command || (any_request && s.kind != Kind::Request) {
                return s;
            }
            Sentence {
                text: write_in(&s.text, id),
                kind: Kind::Request,
            }
        })
        .collect()
}

/// `text` with the identification's name and namespace said in it: "a
/// pod", "the pg pod" become "pod NAME"; with no such words the object is
/// said at the end ("… for pod NAME"). A name or namespace the request
/// already says stays.
fn write_in(text: &str, id: &Identity) -> String {
    let end = text.trim_end_matches(['.', '?', '!', ' ']).len();
    let (body, punct) = text.split_at(end);
    let mut words: Vec<String> = body.split(' ').map(str::to_owned).collect();
    let lower = body.to_lowercase();
    // ("show me the pods in the namespace my team uses? its called
    // growth": the namespace pointed at is what is named.)
    let namespace_pointed = id.kind.is_none()
        && id.namespace.is_none()
        && ["the namespace", "our namespace", "my namespace", "a namespace", "that namespace"]
            .iter()
            .any(|p| lower.contains(p))
        // (Where other objects are: "delete the namespace …, its called
        // tmp-5" names the namespace itself.)
        && lower.split_whitespace().any(|w| kind_word(bare(w)).is_some());
    if namespace_pointed && let Some(name) = &id.name {
        let mut out = body.to_owned();
        out.push_str(&format!(" in namespace {name}"));
        out.push_str(punct);
        return out;
    }
    if id.kind == Some(CONTAINER) {
        if let Some(name) = &id.name
            && !lower.contains("container")
        {
            words.push(format!("in container {name}"));
        }
    } else if let Some(name) = &id.name
        && !lower.split_whitespace().any(|w| bare(w) == name)
    {
        let is_kind = |w: &str| {
            kind_word(bare(&w.to_lowercase())).is_some_and(|k| id.kind.is_none_or(|want| want == k))
        };
        let det = |w: &str| DETERMINERS.contains(&bare(&w.to_lowercase()));
        // "a pod", or "the pg pod" (one word between); or the type said
        // first, as a title ("Pod stuck in Pending - how do I …").
        let titled = words.first().is_some_and(|w| is_kind(w))
            && words.len() > 1
            && !super::frame::asks_for_change(text);
        let at = titled.then_some((0, 0)).or_else(|| {
            (0..words.len()).find_map(|i| {
                if !det(&words[i]) {
                    return None;
                }
                if words.get(i + 1).is_some_and(|w| is_kind(w)) {
                    return Some((i, i + 1));
                }
                (words.get(i + 2).is_some_and(|w| is_kind(w))
                    && words.get(i + 1).is_some_and(|w| !is_kind(w)))
                .then_some((i, i + 2))
            })
        });
        match at {
            Some((from, to)) => {
                let kind = kind_word(bare(&words[to].to_lowercase())).unwrap_or("pod");
                let tail = words[to]
                    .rsplit_once(|c: char| c.is_alphanumeric())
                    .map_or("", |(_, t)| t)
                    .to_owned();
                words.splice(from..=to, [format!("{kind} {name}{tail}")]);
            }
            None => match id.kind {
                Some(kind) => words.push(format!("for {kind} {name}")),
                None => words.push(format!("for {name}")),
            },
        }
    }
    let mut out = words.join(" ");
    if let Some(ns) = &id.namespace
        && super::frame::namespace_said(&out).is_none()
    {
        out.push_str(&format!(" in namespace {ns}"));
    }
    out.push_str(punct);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> Option<Identity> {
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().map(bare).collect();
        identity(&words)
    }

    #[test]
    fn identifications_are_read_whole() {
        let got = id("The pod is ml-trainer-0 in the ml namespace.").unwrap();
        assert_eq!(got.kind, Some("pod"));
        assert_eq!(got.name.as_deref(), Some("ml-trainer-0"));
        assert_eq!(got.namespace.as_deref(), Some("ml"));
        let got = id("its in ns jobs").unwrap();
        assert_eq!((got.name, got.namespace.as_deref()), (None, Some("jobs")));
        let got = id("it's postgres-0 in db ns").unwrap();
        assert_eq!(got.name.as_deref(), Some("postgres-0"));
        assert_eq!(got.namespace.as_deref(), Some("db"));
        let got = id("The container in the pod template is named nginx.").unwrap();
        assert_eq!(
            (got.kind, got.name.as_deref()),
            (Some(CONTAINER), Some("nginx"))
        );
        // Not identifications: a state, a possessive, a request.
        for text in [
            "The pod is pending in prod.",
            "its logs in ns jobs",
            "the pod is crashing",
            "show pod web-1 in prod",
            "it is web-1 and web-2",
        ] {
            assert_eq!(id(text), None, "{text}");
        }
    }

    #[test]
    fn the_identification_is_written_into_the_request() {
        let s = |text: &str, kind| Sentence {
            text: text.into(),
            kind,
        };
        let out = apply(vec![
            s(
                "Does anyone know how to find which node a pod landed on?",
                Kind::Request,
            ),
            s(
                "The pod is ml-trainer-0 in the ml namespace.",
                Kind::Statement,
            ),
        ]);
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0].text,
            "Does anyone know how to find which node pod ml-trainer-0 landed on in namespace ml?"
        );
        let out = apply(vec![s(
            "how do i see the logs of the pg pod, its postgres-0 in db ns",
            Kind::Request,
        )]);
        assert_eq!(
            out[0].text,
            "how do i see the logs of pod postgres-0 in namespace db"
        );
        // Two identifications: which one is meant is not clear.
        let two = vec![
            s("show the logs", Kind::Request),
            s("The pod is web-1.", Kind::Statement),
            s("The pod is web-2.", Kind::Statement),
        ];
        assert_eq!(apply(two.clone()), two);
    }
}
