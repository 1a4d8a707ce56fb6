//! Requests of several sentences: which one asks, which ones tell.
//!
//! People write "Hey, could you check the shop namespace? We don't allow
//! LoadBalancer services. Report each one as `VIOLATING: <name>`". Only a
//! sentence that asks (a command, a question, a polite lead-in) may say
//! what to do; sentences that state a rule, a requirement or a situation
//! and instructions about the answer's format give context (a namespace)
//! at most, and never a change.

/// What a sentence does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Asks for something.
    Request,
    /// States a rule, a requirement or a situation.
    Statement,
    /// Says how to format the answer; not read at all.
    Format,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sentence {
    pub text: String,
    pub kind: Kind,
}

/// Lead-ins that make a sentence a request whatever else it says.
const ASKING: &[&str] = &[
    "can you",
    "could you",
    // ("can someone bump ingest-gateway to 8 replicas, kafka lag keeps
    // climbing": asked of whoever reads, the assistant too.)
    "can someone",
    "could someone",
    "can somebody",
    "could somebody",
    "would you",
    "will you",
    "please",
    "pls",
    "kindly",
    "i need you to",
    "i need your help",
    "i want you to",
    "i would like you to",
    "i'd like you to",
    "help me",
    "go ahead and",
    "let's",
    "now",
];

/// Words that begin a greeting or filler before the lead-in.
const FILLER: &[&str] = &[
    "hey", "hi", "hello", "so", "ok", "okay", "also", "then", "and",
];

/// Signs of a rule, a requirement or a situation.
const STATING: &[&str] = &[
    " must ",
    " should ",
    "require",
    "allowed",
    "allowing",
    " allow ",
    "permitted",
    "prohibit",
    "forbid",
    "policy",
    "policies",
    "security risk",
    "doesn't matter",
    "does not matter",
    "make sure",
    "ensure",
    "enforcing",
    "comply",
    "compliance",
    "violat",
    // (and every sign of [`SITUATION`])
    // "You may only read, never modify.": what the request may do.
    " may only ",
    "never modify",
    "never change",
    "do not modify",
    "don't modify",
    "you are a",
    // "You are helping a hospital IT team.", "You're working for …":
    // the role given, no request.
    "you are helping",
    "you're helping",
    "you are working",
    "you're working",
    "you are assisting",
    "you're assisting",
    "you are on call",
    "you're on call",
    "you're a",
    "i have ",
    "we have ",
    "i am ",
    "i'm ",
    "we're ",
    "we are ",
];

/// Every sign of a statement: the situations first (so a sign's index
/// below `SITUATION.len()` is a situation), then the rest of [`STATING`].
static SIGNS_LIST: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| SITUATION.iter().chain(STATING).copied().collect());

/// Every sign of [`STATING`] in `padded`: which one, and where it starts
/// and ends (overlapping ones included, as one `contains` per sign would
/// find them). One pass over the sentence instead of one per sign.
fn stating_signs(padded: &str) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    static SIGNS: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::LazyLock::new(|| aho_corasick::AhoCorasick::new(SIGNS_LIST.iter()).ok());
    let fast = SIGNS.as_ref().map(|ac| {
        ac.find_overlapping_iter(padded)
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
    });
    // Were the automaton not built, each sign is still looked for: a
    // statement must never pass for a request.
    let slow = SIGNS.is_none().then(|| {
        SIGNS_LIST.iter().enumerate().flat_map(move |(k, w)| {
            (0..padded.len())
                .filter(move |&i| padded.as_bytes()[i..].starts_with(w.as_bytes()))
                .map(move |i| (k, i, i + w.len()))
        })
    });
    fast.into_iter()
        .flatten()
        .chain(slow.into_iter().flatten())
        .filter(|&(k, start, _)| !policy_kind(padded, SIGNS_LIST[k], start))
        .filter(|&(k, start, end)| !inside_value(padded, SIGNS_LIST[k], start, end))
}

/// "label namespace payments with compliance=pci", "the policy-engine
/// pod": a sign inside a label pair, a path or a dashed name is part of
/// a value or a name, and states nothing.
fn inside_value(padded: &str, sign: &str, start: usize, end: usize) -> bool {
    if sign.starts_with(' ') {
        return false;
    }
    let b = padded.as_bytes();
    let from = padded[..start].rfind(' ').map_or(0, |i| i + 1);
    let to = padded[end..].find(' ').map_or(padded.len(), |i| end + i);
    padded[from..to].contains(['=', '/', '`'])
        || (start > 0 && b[start - 1] == b'-')
        || b.get(end) == Some(&b'-')
}

/// "List the network policies in shop", "set the image pull policy":
/// "policy" that is part of a kind's or a field's name states no rule.
fn policy_kind(padded: &str, sign: &str, start: usize) -> bool {
    sign.starts_with("polic")
        && (["network", "network ", "networking ", "pull ", "pull"]
            .iter()
            .any(|k| padded[..start].ends_with(k))
            // "reclaimPolicy Delete", "restartPolicy": a field's name.
            || padded[..start]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphabetic()))
}

/// The signs of a statement that tell a situation rather than a rule
/// ("Node node01 has been tainted …": what was done, not what to do).
const SITUATION: &[&str] = &[
    " is stuck",
    " are stuck",
    " keeps ",
    " was ",
    " were ",
    " has been ",
    " have been ",
];

/// Signs of an instruction about the answer's format.
const FORMATTING: &[&str] = &[
    "format",
    "violating:",
    "<resource name>",
    "print exactly",
    "one line",
];

/// Where a place set apart by a comma ends `tail`: ", in shop", ", in
/// namespace shop", ", in the shop namespace", ", ns shop".
fn trailing_place(tail: &str) -> Option<usize> {
    let at = tail.rfind(", ")?;
    let words: Vec<&str> = tail[at + 2..]
        .trim_end_matches(['.', '!'])
        .split_whitespace()
        .collect();
    let place = match words.as_slice() {
        ["in", ns] | ["in", "namespace" | "ns", ns] | ["namespace" | "ns", ns] => ns,
        ["in", "the", ns, "namespace"] => ns,
        _ => return None,
    };
    kubechat_core::Namespace::parse(place).ok().map(|_| at)
}

/// A verb in the third person of the present ("reissues", "restarts",
/// "picks"): lower case letters ending in one "s", and no type word
/// ("so many pods fail" has a plural noun there).
fn third_person_verb(w: &str) -> bool {
    w.len() >= 4
        && w.ends_with('s')
        && !w.ends_with("ss")
        && w.bytes().all(|b| b.is_ascii_lowercase())
        && kubechat_core::resources::lookup(w).is_none()
        && kubechat_core::resources::lookup(&w[..w.len() - 1]).is_none()
}

/// Words after which a clause is subordinate: ", even if …", ", so that …".
const SUBORDINATE: &[&str] = &[
    ", even if ",
    ", even when ",
    ", if ",
    ", unless ",
    ", so that ",
    ", because ",
    ", as that ",
    ", which ",
    ", meaning ",
    " in case of ",
    " so that ",
    // "Delete it so the job controller creates a fresh one", "… so its
    // replacement can start": what follows from the order.
    " so the ",
    " so its ",
    " so it can ",
    " so pods ",
    " so new ",
    " to pause it",
    " only if ",
    // "Stop new pods from landing there while we investigate": what the
    // people do meanwhile; ", but do not evict anything yet": a limit.
    " while we ",
    " while i ",
    " while they ",
    ", but do not ",
    ", but don't ",
    // "check the pods on node-3 before I drain it", "need to know
    // before i kill the node": what the people will do later, not what
    // is asked now.
    " before i ",
    " before we ",
    " before you ",
    " before they ",
    " before someone ",
    " before anyone ",
    // ("wait to drain node-3 until I say" is held as a wait: the holds
    // read the whole message.)
    " until i ",
    " until we ",
];

/// Participles that say how to carry out the order ("…, ignoring
/// DaemonSets", "…, leaving DaemonSet pods alone"): part of it, unlike
/// ", verifying …" which says what follows.
const HOW: &[&str] = &[
    "ignoring",
    "leaving",
    "skipping",
    "bypassing",
    "deleting",
    "keeping",
    "sorting",
    "showing",
    "following",
    // "expose web on port 80, targeting container port 8080".
    "targeting",
    "targetting",
    "forwarding",
    "mapping",
    // "…, overwriting it if present": the label's --overwrite.
    "overwriting",
    "replacing",
];

/// Verbs of a trailing purpose: "list the pods … to see what happened",
/// "troubleshoot the pod to locate the source", "scale web to 3 to
/// handle the load" say why, after the order.
const PURPOSE_VERBS: &[&str] = &[
    "see",
    "check",
    "verify",
    "confirm",
    "find",
    "make",
    "ensure",
    "locate",
    "determine",
    "identify",
    "figure",
    "understand",
    "handle",
    "reduce",
    "free",
    "save",
    "avoid",
    "prevent",
    "allow",
    "fix",
    "resolve",
    "troubleshoot",
    "debug",
    "investigate",
    "diagnose",
    "know",
    "learn",
    "inspect",
    "examine",
    "watch",
    "observe",
    "monitor",
    "validate",
    "test",
    "catch",
    "pick",
    "apply",
    "recover",
    "release",
    "reclaim",
    "trigger",
    "speed",
    // "delete the linkerd-viz namespace to remove all its components".
    "remove",
    "clean",
    "clear",
];

/// Words before "to" that make the infinitive what is asked, not why:
/// "I want to see the pods", "how to check the logs", "use kubectl to
/// list", "a command to see", "help me to find".
const ASKED_INFINITIVE: &[&str] = &[
    "want",
    "wants",
    "wanted",
    "need",
    "needs",
    "needed",
    "like",
    "how",
    "able",
    "unable",
    "help",
    "me",
    "us",
    "you",
    "trying",
    "try",
    "tried",
    "going",
    "have",
    "has",
    "had",
    "got",
    "way",
    "ways",
    "command",
    "commands",
    "kubectl",
    "use",
    "used",
    "required",
    "order",
    "wish",
    "plan",
    "i'd",
    "ought",
    "supposed",
    "is",
    "are",
    "was",
    "possible",
    "allowed",
    "permission",
    "rights",
    "script",
    "one-liner",
    "query",
    "tool",
    "steps",
    "syntax",
    "option",
    "flag",
    "best",
    "easiest",
    "fastest",
    "quickest",
    "where",
    "what",
    "when",
    "who",
    "whom",
    "intend",
    "asked",
    "tells",
    "told",
    "expected",
    "hoping",
    "hope",
    "decided",
    "forgot",
    "forget",
    "remember",
    "meant",
    // "the first thing to check is …": what is asked is the infinitive.
    "thing",
    "things",
    "step",
    "one",
    "place",
    "time",
];

/// Where a purpose said after the order starts (" to see what happened"),
/// if one does: "to", a purpose verb, and before it at least two words,
/// the last of which does not make the infinitive the request.
fn trailing_purpose(main: &str, spans: &[(usize, usize)]) -> Option<usize> {
    // "in order to …" is a purpose whatever follows.
    let in_order = unquoted(main, " in order to ", spans).next();
    let to_verb = unquoted(main, " to ", spans).find(|&i| {
        let next = main[i + 4..]
            .split(|c: char| c.is_whitespace() || c == ',')
            .next()
            .unwrap_or("");
        let before: Vec<&str> = main[..i].split_whitespace().rev().take(2).collect();
        PURPOSE_VERBS.contains(&next)
            && before.len() == 2
            && !ASKED_INFINITIVE.contains(&before[0])
            // "use label selection to find all pods": the means is
            // named first, the request is the infinitive.
            && !main[..i].split_whitespace().any(|w| {
                matches!(
                    w,
                    "use" | "using" | "utilize" | "utilise" | "leverage" | "employ" | "write"
                )
            })
    });
    // "label namespace tenant-b with team=billing for cost allocation",
    // "… for compliance reasons": what it is for, said last.
    let for_what = unquoted(main, " for ", spans).find(|&i| {
        let rest: Vec<&str> = main[i + 5..].split_whitespace().collect();
        main[..i].split_whitespace().count() >= 2
            && (1..=3).contains(&rest.len())
            && rest
                .last()
                .is_some_and(|w| purpose_noun(w.trim_end_matches(['.', '!'])))
            && rest.iter().all(|w| {
                w.bytes().all(|b| b.is_ascii_lowercase() || b == b'.')
                    && kubechat_core::resources::lookup(w).is_none()
            })
    });
    // "Check the status of the rollout to see whether nginx-deployment
    // has finished": a rollout's object named only in the purpose is the
    // order's (cut off, it would be dropped; a listing before a purpose
    // stays one: "list the pods in shop to see what happened to web-1").
    let name_like = |t: &str| {
        t.split_whitespace().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            w.contains('-') && w.bytes().any(|b| b.is_ascii_alphabetic()) && w.len() > 2
        })
    };
    in_order
        .into_iter()
        .chain(to_verb)
        .chain(for_what)
        .min()
        .filter(|&at| {
            !(main[..at].contains("rollout") && name_like(&main[at..]) && !name_like(&main[..at]))
        })
}

/// A noun that names an aim ("allocation", "compliance", "purposes"),
/// not an object.
fn purpose_noun(w: &str) -> bool {
    // (A list, not a suffix: "the web application", "its configuration"
    // are objects.)
    matches!(
        w,
        "purposes"
            | "reasons"
            | "reference"
            | "tracking"
            | "billing"
            | "auditing"
            | "allocation"
            | "compliance"
            | "investigation"
            | "inspection"
            | "verification"
            | "accounting"
            | "documentation"
            | "approval"
    )
}

/// Openings of a clause that states a condition, a purpose, a time or a
/// concession before the comma: "If …, do …", "Even though web was
/// deleted, …".
const LEADING_CLAUSE: &[&str] = &[
    "if ",
    "to ",
    "when ",
    "once ",
    "after ",
    "before ",
    "even though ",
    "although ",
    "though ",
    "because ",
    "since ",
    "while ",
    "whereas ",
    "now that ",
    "as soon as ",
    "until ",
];

/// Openings of a sentence that describes a state of things.
const DESCRIBED_SUBJECTS: &[&str] = &[
    "all of the ",
    "all the ",
    "some of the ",
    "most of the ",
    "none of the ",
    "both of the ",
    "each of the ",
    "one of the ",
    "one of our ",
    "one of my ",
    "several of the ",
    "many of the ",
    "a few of the ",
    "a couple of the ",
    // "Multiple nodes are reporting pressure conditions.", "Several
    // pods are stuck": a quantity of things and how they are.
    "multiple ",
    "several ",
    "many ",
];

/// Whether `s` opens with a subject ("the normal events", "our staging
/// pods") and a verb of being or having within its first words: it tells
/// how things are.
fn declarative(s: &str) -> bool {
    const BEING: &[&str] = &[
        "is", "are", "was", "were", "seems", "seem", "looks", "look", "keeps", "keep", "has",
        "have", "isn't", "aren't", "hasn't", "haven't",
        // Where it is: "The Deployment lives in the guestbook namespace."
        "lives", "live", "resides", "reside", "sits",
        // What it will or will not do: "The pod x in namespace qa will
        // not go away."
        "will", "won't", "can't", "cannot", "doesn't", "didn't", "wouldn't",
    ];
    // "The deployment name is web-2, change its replicas to 3": an
    // order after the comma. ("The bad pod is x in shop, it's the only
    // one returning 500s": each part tells.)
    if s.contains([',', ';']) {
        let parts: Vec<&str> = s.split([',', ';']).map(str::trim).collect();
        return parts.len() > 1
            && parts
                .iter()
                .all(|p| !p.is_empty() && !p.contains([',', ';']) && declarative(p));
    }
    let words: Vec<&str> = s.split_whitespace().take(8).collect();
    // "Node gpu-node-02 is reserved for ML jobs", "web-1 pod has two
    // containers": an object said by its type and name is a subject too.
    let type_word = |w: &str| kubechat_core::resources::lookup(w).is_some();
    let object_named = |i: usize, j: usize| {
        words.get(i).is_some_and(|w| type_word(w))
            && words
                .get(j)
                .is_some_and(|n| n.contains(|c: char| c == '-' || c.is_ascii_digit()))
    };
    // ("Node worker-8 still carries the taint …": after the object said
    // so, a verb in the third person, a word of time between or none.)
    // ("The service cart-svc lacks it": after "the".)
    let off = usize::from(
        words
            .first()
            .is_some_and(|w| matches!(*w, "the" | "our" | "my")),
    );
    let object_told = object_named(off, off + 1) || object_named(off + 1, off);
    // A verb's shape in the third person: "scales", "finishes" (no order).
    let s_verb = |v: &str| {
        v.len() > 3
            && v.ends_with('s')
            && !v.ends_with("ss")
            && v.bytes().all(|b| b.is_ascii_lowercase())
            && !ORDERS.contains(&v)
    };
    let third_person = |v: &str| {
        s_verb(v)
            && !crate::words::VERB_WORDS.contains(&v)
            && !type_word(v)
            // ("deployment web-2 needs 3 replicas": what is wanted.)
            && !matches!(v, "needs" | "wants" | "requires" | "deserves")
    };
    // Where the words after a subject at `at` go on past its place, said
    // as a namespace ("in namespace x", "in the x namespace") or, where
    // `bare`, as "in x".
    let past_place = |at: usize, bare: bool| {
        let cue = |w: Option<&&str>| w.is_some_and(|w| matches!(*w, "namespace" | "ns"));
        if words.get(at) != Some(&"in") {
            return at;
        }
        let the = usize::from(words.get(at + 1) == Some(&"the"));
        // ("in namespace x" or "in x namespace": three words.)
        if cue(words.get(at + 1 + the)) || cue(words.get(at + 2 + the)) {
            at + 3 + the
        } else if bare {
            at + 2
        } else {
            at
        }
    };
    let told_verb = object_told && {
        // ("The deployment web-app in namespace storefront never scales":
        // its place said between.)
        let mut at = past_place(off + 2, false);
        let placed = at > off + 2;
        if words.get(at).is_some_and(|w| {
            matches!(
                *w,
                "still"
                    | "now"
                    | "also"
                    | "currently"
                    | "already"
                    | "never"
                    | "always"
                    | "often"
                    | "sometimes"
                    | "suddenly"
                    | "randomly"
                    | "constantly"
                    | "repeatedly"
            )
        }) {
            at += 1;
        }
        // ("Node worker-3 needs a kernel patch": what it needs, told,
        // unless that is an order's noun — "web needs a restart" asks.)
        let needs_thing = words
            .get(at)
            .is_some_and(|v| matches!(*v, "needs" | "requires"))
            && words.get(at + 1).is_some_and(|a| matches!(*a, "a" | "an"))
            && !words.get(at + 2).is_some_and(|n| {
                matches!(
                    *n,
                    "restart" | "rollback" | "redeploy" | "bounce" | "scale" | "kick" | "rollout"
                )
            });
        (needs_thing || words.get(at).is_some_and(|v| third_person(v)))
            // (After its place, a verb that ends the clause: "… in
            // namespace x never scales".)
            && (!placed
                || s.split_whitespace().nth(at + 1).is_none_or(|n| {
                    matches!(n, "anymore" | "again" | "at" | "for" | "since" | "after" | "when")
                        // ("… in namespace x runs 4 replicas", "… serves
                        // an old build": what it has or does, counted or
                        // with its article.)
                        || n.parse::<u32>().is_ok()
                        || matches!(n, "a" | "an" | "the" | "its" | "their" | "only" | "no")
                }))
    };
    // ("The app takes its certificate from a Secret called chat-tls",
    // "the chat service reads …": a thing said by a plain noun or two,
    // then a verb in the third person with an object of its own.)
    let plain_noun = |w: &str| {
        w.len() > 1
            && w.bytes().all(|b| b.is_ascii_lowercase())
            && !ORDERS.contains(&w)
            && !crate::words::VERB_WORDS.contains(&w)
            && !crate::words::STOP_SET.contains(w)
            && !w.ends_with('s')
    };
    // ("The rollout never finishes", "the job still fails".)
    let adverb_verb = off == 1
        // (After "the", a verb's word is its noun: "the rollout".)
        && words
            .get(1)
            .is_some_and(|w| w.len() > 2 && w.bytes().all(|b| b.is_ascii_lowercase()))
        && words
            .get(2)
            .is_some_and(|w| matches!(*w, "never" | "always" | "still" | "constantly" | "often"))
        // (Any verb of the lexicon too: "the rollout never finishes".)
        && words.get(3).is_some_and(|v| s_verb(v));
    let thing_verb = adverb_verb
        || off == 1
            && words.get(1).is_some_and(|w| plain_noun(w))
            && (2..=3).any(|at| {
                (2..at).all(|k| words.get(k).is_some_and(|w| plain_noun(w)))
                    && words.get(at).is_some_and(|v| third_person(v))
                    && words.get(at + 1).is_some_and(|o| {
                        matches!(*o, "its" | "their" | "a" | "an" | "the" | "from" | "to")
                    })
            });
    // ("rabbitmq-1 won't come back after the reboot": a name said first,
    // then how it is.)
    let name_first = words.first().is_some_and(|w| {
        w.len() > 2
            && w.contains(|c: char| c == '-' || c.is_ascii_digit())
            && w.bytes().any(|b| b.is_ascii_alphabetic())
            && w.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    }) && words
        .get(1)
        .is_some_and(|w| BEING.contains(w) || *w == "stuck");
    // ("web pods can't reach the database anymore", "pod stuck in
    // ContainerCreating: …": a thing said by its type, a plain word before
    // it or none, then how it is.)
    let typed_subject = {
        let at = if words.first().is_some_and(|w| type_word(w)) {
            1
        } else if words.first().is_some_and(|w| {
            w.bytes().all(|b| b.is_ascii_lowercase())
                && !ORDERS.contains(w)
                && !crate::words::VERB_WORDS.contains(w)
                && !crate::words::STOP_SET.contains(*w)
        }) && words.get(1).is_some_and(|w| type_word(w))
        {
            2
        } else {
            0
        };
        at > 0
            && words
                .get(at)
                .is_some_and(|w| BEING.contains(w) || *w == "stuck")
    };
    // ("Patching of node gpu-3 has finished": a doing as the subject.)
    let doing_subject = words.first().is_some_and(|w| {
        w.len() > 5
            && w.ends_with("ing")
            && !ORDERS.contains(w)
            && !crate::words::VERB_WORDS.contains(w)
    }) && words
        .get(1)
        .is_some_and(|w| matches!(*w, "of" | "on" | "for"))
        && words
            .iter()
            .position(|w| BEING.contains(w))
            .is_some_and(|p| p >= 3);
    // ("A pod named data-migrator-7x2kq in namespace etl finished its
    // work but hasn't exited": a thing told by its type and name, its
    // place, then what it did.)
    let named_subject = matches!(words.first(), Some(&("a" | "an" | "the")))
        && words.get(1).is_some_and(|w| type_word(w))
        && matches!(words.get(2), Some(&("named" | "called")))
        && {
            let at = past_place(4, true);
            words.get(at).is_some_and(|v| {
                BEING.contains(v)
                    || third_person(v)
                    || (v.len() > 4 && v.ends_with("ed") && !ORDERS.contains(v))
            })
        };
    told_verb
        || thing_verb
        || named_subject
        || name_first
        || typed_subject
        || doing_subject
        || (words.first().is_some_and(|w| {
            matches!(
                *w,
                "the" | "our" | "my" | "these" | "those" | "this" | "that"
            )
        }) || object_told)
            && words
                .iter()
                .position(|w| BEING.contains(w))
                .is_some_and(|p| p >= 2)
}

/// Subjects that open a clause of its own after a comma.
const CLAUSE_SUBJECTS: &[&str] = &[
    "the",
    "it",
    "they",
    "this",
    "that",
    "these",
    "those",
    "kubernetes",
    "k8s",
    "we",
    "i",
];

/// A subject and its verb in one word, opening a clause of its own.
const CONTRACTED: &[&str] = &[
    "we're", "we've", "it's", "they're", "they've", "i'm", "i've", "that's", "there's",
];

/// Verbs that make such a clause a statement.
const CLAUSE_VERBS: &[&str] = &[
    "will", "would", "should", "can", "could", "may", "might", "is", "are", "was", "were", "has",
    "have", "won't", "isn't", "aren't",
];

/// Whether the first words after a comma open a clause of its own: a
/// subject and, right after it, a verb ("the statefulset will …", "it
/// is …"), and no relative word ("the ones that are …" qualifies).
fn independent_clause(words: &[&str]) -> bool {
    // "we're done with it", "it's fine": subject and verb in one word.
    if words.first().is_some_and(|w| CONTRACTED.contains(w)) {
        return !words
            .iter()
            .any(|w| matches!(*w, "that" | "which" | "who" | "ones" | "one"));
    }
    let verb_at = words.iter().position(|w| CLAUSE_VERBS.contains(w));
    // "…, new version is throwing 500s": a subject of its own, then a
    // verb of being (an order never starts so).
    let own_subject = |v: usize| {
        matches!(words[v], "is" | "are" | "was" | "were" | "isn't" | "aren't")
            && words[..v].iter().all(|w| {
                w.bytes().all(|b| b.is_ascii_alphabetic())
                    && !ORDERS.contains(w)
                    && !crate::words::STOP_SET.contains(w)
            })
    };
    // "delete pod web-2, web-1 is fine": one object told of, by its name,
    // with a verb of being in the singular — never a second object of
    // the order ("web-1, web-2 are broken" may list both).
    let named_subject = words.len() >= 3
        && matches!(
            words[1],
            "is" | "was" | "isn't" | "wasn't" | "seems" | "looks"
        )
        && words[0].contains(|c: char| c == '-' || c.is_ascii_digit())
        && words[0]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.'));
    // "…, traffic's dropped off for the night", "…, the db's been
    // slow": a noun and "has"/"is" in one word, then its verb.
    // (Never one that takes the order back or corrects it: "…, team's
    // decided not to", "…, sale's over actually keep it at 2".)
    let takes_back = words.iter().any(|w| {
        matches!(
            w.trim_end_matches([',', '.', '!']),
            "not"
                | "no"
                | "never"
                | "don't"
                | "dont"
                | "instead"
                | "actually"
                | "skip"
                | "wait"
                | "keep"
                | "cancelled"
                | "canceled"
                | "vetoed"
                | "changed"
                | "decided"
                | "bother"
                | "need"
                | "over"
                | "resolved"
                | "fixed"
                | "deployed"
                | "patched"
                | "asked"
        ) || ORDERS.contains(w)
    });
    let contracted_noun = !takes_back
        && words.len() >= 2
        && words[0]
            .strip_suffix("'s")
            .is_some_and(|n| n.len() >= 2 && n.bytes().all(|b| b.is_ascii_lowercase()))
        && (words[1].ends_with("ed")
            || matches!(
                words[1],
                "been"
                    | "gone"
                    | "getting"
                    | "going"
                    | "down"
                    | "fine"
                    | "ok"
                    | "back"
                    | "over"
                    | "done"
                    | "spiking"
                    | "dropping"
            ));
    if named_subject || contracted_noun {
        return true;
    }
    (words.first().is_some_and(|w| CLAUSE_SUBJECTS.contains(w)) || verb_at.is_some_and(own_subject))
        && verb_at.is_some_and(|v| (1..=2).contains(&v))
        && !words
            .iter()
            .any(|w| matches!(*w, "that" | "which" | "who" | "ones" | "one"))
}

/// Where a chat order runs on into its reason with no comma: "uncordon
/// worker-04 we're done patching", "delete pod api-1 in shop it is
/// stuck". Only after an order said first, and only at a subject and verb
/// said in one word ("we're", "it's") or a pronoun and a verb of being
/// ("it is", "we are"): "the" or "that" there may open a relative clause
/// ("delete the pod that is stuck").
fn reason_unmarked(main: &str, spans: &[(usize, usize)]) -> Option<usize> {
    let first = main
        .split_whitespace()
        .find(|w| !matches!(*w, "please" | "pls" | "plz" | "kindly" | "now" | "just"))?;
    let ordered = ORDERS.contains(&first)
        || matches!(
            first,
            "resume" | "pause" | "rollout" | "label" | "annotate" | "taint" | "untaint" | "expose"
        );
    if !ordered {
        return None;
    }
    // "delete all configmaps we're not using", "delete the failed pods
    // we're seeing": after a plural type or "all", the clause narrows the
    // set (a relative clause without "that"), it gives no reason.
    let plural_or_all = |head: &str| {
        head.split_whitespace()
            .any(|w| matches!(w, "all" | "every" | "any" | "each") || crate::words::plural_type(w))
    };
    let at = unquoted(main, " ", spans).skip(1).find(|&i| {
        let tail = &main[i + 1..];
        // The clause's opening first (cheap, and rare): a subject and
        // verb in one word, or a pronoun and a verb of being.
        let mut next = tail.split_whitespace();
        let opens = match (next.next(), next.next()) {
            (Some("we're" | "it's" | "i'm" | "they're" | "we've" | "i've"), _) => true,
            (Some(s), Some(v)) => {
                matches!(s, "it" | "we" | "they" | "i")
                    && matches!(v, "is" | "are" | "was" | "were" | "am" | "keeps" | "need")
            }
            _ => false,
        };
        // A place said in the clause may be the order's ("scale web to 3
        // we're expecting traffic in prod"): not cut.
        opens
            && !plural_or_all(&main[..i])
            && !tail
                .split_whitespace()
                .any(|w| matches!(w, "in" | "on" | "from" | "ns"))
            && !tail.contains("namespace")
    })?;
    // "uncordon worker-12 once it is back": the clause opens at its
    // conjunction, which is no name.
    let head = main[..at].trim_end();
    // ("delete pod web-1 if it is failed": a condition is the order's,
    // never cut off — the order reads whole, or is asked back.)
    match head.rsplit_once(' ') {
        Some((_, "once" | "when" | "after" | "until" | "till" | "if" | "while" | "unless")) => None,
        Some((before, "because" | "since" | "as" | "so" | "now")) => Some(before.len()),
        _ => Some(at),
    }
}

/// Objects that are themselves rules: what they allow, require or limit
/// is their content, not a rule stated about the request.
const RULE_OBJECTS: &[&str] = &[
    " role ",
    " roles ",
    " clusterrole ",
    " rolebinding ",
    " clusterrolebinding ",
    " quota ",
    " resourcequota ",
    " disruption budget ",
    " poddisruptionbudget ",
    " pdb ",
    " priority class ",
    " priorityclass ",
    // "Create an autoscaler for web that keeps between 1 and 4 replicas".
    " autoscaler ",
    " hpa ",
    " horizontalpodautoscaler ",
];

/// Where the rule object an order makes is named ("create a role
/// that …"): `None` unless the sentence starts with making one.
fn rule_object(rest: &str, padded: &str) -> Option<usize> {
    let first = rest.split_whitespace().next()?;
    if !matches!(first, "create" | "make" | "add" | "define") {
        return None;
    }
    RULE_OBJECTS.iter().filter_map(|o| padded.find(o)).min()
}

/// "… allowing pods that use emptyDir volumes to be evicted", "…, even if
/// there are pods using emptyDir": a clause that says a drain's
/// `--delete-emptydir-data` (read by the drain's options), which no
/// classifying or cutting of the sentence may take away from the order.
fn emptydir_allowed(clause: &str) -> bool {
    clause.contains("emptydir")
}

/// How a sentence that forbids something opens ("Do not …", "Never …").
pub(crate) const FORBIDDING: [&str; 5] = [
    "do not ",
    "don't ",
    "never ",
    "please do not ",
    "please don't ",
];

/// Headings before a sentence (`classify` reads the lower-case text), and
/// whether the heading itself says that what follows is a rule.
const RULE_HEADINGS: [(&str, bool); 15] = [
    ("rules: ", true),
    ("rule: ", true),
    ("new rule: ", true),
    ("rule going forward: ", true),
    ("going forward: ", true),
    ("policy: ", true),
    // "Feature request: it would be great if …": a wish for the
    // product, no request of the cluster.
    ("feature request: ", true),
    ("constraints: ", true),
    ("constraint: ", true),
    ("requirements: ", true),
    ("restrictions: ", true),
    ("guardrails: ", true),
    ("important: ", false),
    ("note: ", false),
    ("notes: ", false),
];

/// Whether a statement lays down a rule or tells a plan ("new rule from
/// security: nobody execs into prod pods without a ticket", "Reminder:
/// nobody deletes PVCs in db", "we should put an HPA on orders-worker at
/// some point, remind me next sprint"): nothing in it is to be looked at
/// now, so no read is made of it.
pub(crate) fn rule_or_plan(s: &str) -> bool {
    let s = s.to_lowercase();
    rule_laid(&s) || plan_told(&s)
}

/// Whether lower-case `s` opens by laying down a rule ("nobody …",
/// "new rule …", "Reminder: …").
fn rule_laid(s: &str) -> bool {
    let t = s.trim_start();
    [
        "new rule",
        "rule ",
        "rule:",
        "rules:",
        "policy:",
        "reminder:",
        "reminder,",
        "going forward",
        "from now on",
        "nobody ",
        "no one ",
    ]
    .iter()
    .any(|h| t.starts_with(h))
}

/// Whether lower-case `s` tells a plan for later ("… at some point,
/// remind me next sprint", "we'll migrate … in sprint 34").
fn plan_told(s: &str) -> bool {
    [
        "next sprint",
        "next quarter",
        "next month",
        "at some point",
        "remind me",
        "planning note",
        "we plan to",
        "we're planning",
        "we are planning",
        "we want to",
        "we should",
        "we'll ",
        "we will ",
    ]
    .iter()
    .any(|p| s.contains(p))
}

/// Whether a line states a ticket's acceptance criteria ("AC: ingress
/// no longer listed", "Acceptance criteria: …"): what done looks like,
/// neither a sentence to read nor a take-back of the order.
pub(crate) fn criteria_line(line: &str) -> bool {
    const CRITERIA: [&str; 4] = [
        "ac:",
        "acceptance criteria:",
        "definition of done:",
        "expected result:",
    ];
    let line = line.trim_start();
    CRITERIA.iter().any(|p| {
        line.get(..p.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(p))
    })
}

/// Messages Kubernetes prints, pasted into a question ("Failed to pull
/// image …", "0/5 nodes are available: …", "Back-off restarting failed
/// container"): what was seen, never an order.
pub(crate) fn pasted_message(s: &str) -> bool {
    const OPENINGS: &[&str] = &[
        "failed to pull image",
        "back-off restarting",
        "back-off pulling",
        "error from server",
        "readiness probe failed",
        "liveness probe failed",
        "startup probe failed",
        "mountvolume.setup failed",
        "multi-attach error",
        "rpc error",
        "warning failed",
        "warning backoff",
        "warning unhealthy",
        "warning failedscheduling",
    ];
    let text = s.trim_start_matches(['"', '\'', '`', ' ']);
    let t = text.as_bytes();
    // (Most sentences open with none of these letters' words: one look.)
    if !t.first().is_some_and(|b| {
        matches!(
            b.to_ascii_lowercase(),
            b'f' | b'b' | b'e' | b'r' | b'l' | b's' | b'm' | b'w' | b'0'
        )
    }) {
        return false;
    }
    // (Any case, compared in place: this is asked of every sentence.)
    let opens = |o: &str| t.len() >= o.len() && t[..o.len()].eq_ignore_ascii_case(o.as_bytes());
    OPENINGS.iter().any(|o| opens(o))
        || text.strip_prefix("0/").is_some_and(|r| {
            let digits = r.bytes().take_while(u8::is_ascii_digit).count();
            digits > 0 && r[digits..].starts_with(" nodes are available")
        })
}

fn classify(s: &str) -> Kind {
    if pasted_message(s) || symptom_seen(s) || asked_of_us(s) || others_will(s) {
        return Kind::Statement;
    }
    // "kubectl logs shows nothing", "kubectl get pods hangs": a command
    // told with what it did, not one to run.
    if let Some(cmd) = s
        .trim_start_matches(['`', '"', '\''])
        .strip_prefix("kubectl ")
        && cmd
            .split_whitespace()
            .any(|w| crate::words::COMMAND_TOLD.contains(&w.trim_end_matches([',', '.', ':', ';'])))
    {
        return Kind::Statement;
    }
    let padded = format!(" {s} ");
    // "Get the ingress 'web' in YAML format.": an order that also says
    // its format is still the order.
    // ("Please check and report violating RoleBindings in the format
    // …": after a courtesy.)
    let ordered = s
        .split_whitespace()
        .find(|w| !matches!(*w, "please" | "kindly" | "also" | "then" | "now" | "just"))
        .is_some_and(|w| {
            // ("Scan PVCs in every namespace and print each offender as
            // VIOLATING: …": a look, then its format.)
            matches!(
                w,
                "get"
                    | "show"
                    | "list"
                    | "describe"
                    | "display"
                    | "print"
                    | "apply"
                    | "scan"
                    | "inspect"
                    | "audit"
                    | "review"
            ) || ORDERS.contains(&w)
        })
        && s.split_whitespace().count() > 4
        // "Print them in wide format": the format of what was asked.
        && !s.split_whitespace().any(|w| {
            matches!(
                w.trim_end_matches([',', '.']),
                "them" | "it" | "those" | "these" | "output" | "results" | "result"
            )
        });
    // ("For every deployment in namespace x, report the deployment name
    // and its images, formatted as name: image": an order inside, before
    // the format it asks for.)
    let ordered_inside = || {
        let first_format = FORMATTING
            .iter()
            .filter_map(|f| s.find(f))
            .min()
            .unwrap_or(s.len());
        [
            ", report the ",
            ", list the ",
            ", show the ",
            ", print the ",
            ", list all ",
            ", report all ",
        ]
        .iter()
        .any(|o| s[..first_format].contains(o))
    };
    if !ordered && FORMATTING.iter().any(|f| holds(s, f)) && !ordered_inside() {
        return Kind::Format;
    }
    // "Answer `yes` or `no` only.", "Reply with just the number": how
    // to answer, nothing to read.
    // "AC: ingress no longer listed": a ticket's acceptance criteria,
    // what done looks like.
    if criteria_line(s) {
        return Kind::Format;
    }
    // "is cronjob backup-db suspended? yes or no": the answer's form.
    if matches!(
        s.trim_matches(|c: char| !c.is_alphanumeric()),
        "yes or no"
            | "yes/no"
            | "y/n"
            | "true or false"
            | "yes or no only"
            | "just yes or no"
            | "yes or no please"
    ) {
        return Kind::Format;
    }
    let mut first_two = s.split_whitespace();
    if matches!(first_two.next(), Some("answer" | "reply" | "respond"))
        && first_two.next().is_some_and(|w| {
            matches!(
                w.trim_matches(['`', '"', '\'', ',', '.', ':']),
                "with" | "only" | "just" | "in" | "using" | "yes" | "no" | "true" | "false"
            )
        })
    {
        return Kind::Format;
    }
    // "Apply the deny-all policy in deny-all.yaml": in an order, a
    // policy is the object it acts on, not a rule.
    // ("…, ignoring DaemonSet-managed pods and allowing deletion of pods
    // that use emptyDir": a second participle of how the order is done,
    // no rule.)
    let how_chain = |start: usize| {
        padded[..start].ends_with(" and ")
            && HOW
                .iter()
                .any(|h| padded[..start].contains(&format!(", {h} ")))
    };
    // "Check the rollout history for web and tell me which revision was
    // the last good one": in an order, a situation said inside the
    // question it asks back ("which … was", "whether … has been") is
    // part of what to find out.
    // (Looked for only where a situation is said: most sentences say
    // none.)
    let asked_back_at = std::cell::OnceCell::new();
    let asked_back = || {
        *asked_back_at.get_or_init(|| {
            s.split_whitespace()
                .next()
                .is_some_and(|w| {
                    ORDERS.contains(&w) || matches!(w, "get" | "list" | "find" | "tell")
                })
                .then(|| {
                    [" which ", " whether ", " what ", " when "]
                        .iter()
                        .filter_map(|q| padded.find(q))
                        .min()
                })
                .flatten()
                .unwrap_or(usize::MAX)
        })
    };
    let signs = || {
        stating_signs(&padded).filter(|&(k, start, _)| {
            let policy_object = ordered && SIGNS_LIST[k].starts_with("polic");
            // ("drain node-3 allowing pods with emptyDir volumes to be
            // evicted": the drain's --delete-emptydir-data.)
            let how = SIGNS_LIST[k] == "allowing"
                && (how_chain(start) || emptydir_allowed(&padded[start..]));
            let question = k < SITUATION.len() && start > asked_back();
            !(policy_object || how || question)
        })
    };
    let mut rest = s.trim_start();
    loop {
        let before = rest;
        for f in FILLER {
            if let Some(r) = rest.strip_prefix(f)
                && r.starts_with([' ', ','])
            {
                rest = r.trim_start_matches([' ', ',']);
            }
        }
        if rest == before {
            break;
        }
    }
    // ("Rules: Do not modify, scale, restart or delete any resource.": a
    // heading that says a rule follows; "Rule: every Deployment needs 2
    // replicas." states one by its heading alone.)
    let (ruled_rest, rule_heading) = RULE_HEADINGS
        .iter()
        .find_map(|(h, states)| rest.strip_prefix(h).map(|r| (r.trim_start(), *states)))
        .unwrap_or((rest, false));
    if rule_heading {
        return Kind::Statement;
    }
    // "Do not create or delete anything.", "Never touch kube-system.": a
    // rule for the request, not one ("don't forget to …" still asks).
    if FORBIDDING
        .iter()
        .any(|n| rest.starts_with(n) || ruled_rest.starts_with(n))
        && !rest.contains("forget")
    {
        return Kind::Statement;
    }
    if heading_or_aside(rest) {
        return Kind::Statement;
    }
    // ("nobody execs into prod pods without a ticket", "Reminder: …": a
    // rule laid down.)
    if rule_laid(rest) {
        return Kind::Statement;
    }
    // "Nothing pending in the deploy queue.", "Everything else is green":
    // a report of all or nothing, told.
    // ("3) Nothing pending": after the list's mark.)
    if rest
        .split_whitespace()
        .find(|w| {
            !(matches!(*w, "-" | "*" | "•")
                || w.strip_suffix([')', '.'])
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
        })
        .is_some_and(|w| matches!(w, "nothing" | "everything" | "none"))
        && !s.contains('?')
    {
        return Kind::Statement;
    }
    if ASKING.iter().any(|a| {
        rest.strip_prefix(a)
            .is_some_and(|r| r.is_empty() || r.starts_with([' ', ',']))
    }) {
        return Kind::Request;
    }
    // "any idea why deploy x keeps crashlooping?", "why does web keep
    // restarting": a question of why asks, whatever situation it names.
    if [
        "why ",
        "any idea why ",
        "how come ",
        "any clue why ",
        "anyone know why ",
        "anybody know why ",
        "anyone knows why ",
        "does anyone know why ",
        "does anybody know why ",
    ]
    .iter()
    .any(|q| rest.starts_with(q))
    {
        return Kind::Request;
    }
    if told_by_someone(rest)
        || there_is(rest)
        || title_only(rest)
        // ("top nodes — deciding if we scale down the pool": why, apart.)
        || WHY.iter().any(|w| rest.starts_with(w))
    {
        return Kind::Statement;
    }
    // "started after the 2pm deploy", "happened around noon": when
    // something happened, its subject left out; told, not asked.
    // ("started right after …": how soon, between.)
    let mut opening = rest
        .split_whitespace()
        .filter(|w| !matches!(*w, "right" | "just" | "shortly" | "soon" | "immediately"));
    if let (Some(first), Some(next)) = (opening.next(), opening.next())
        && first.len() > 4
        && first.ends_with("ed")
        && !ORDERS.contains(&first)
        && matches!(
            next,
            "after"
                | "before"
                | "at"
                | "around"
                | "since"
                | "yesterday"
                | "last"
                | "this"
                | "on"
                | "when"
        )
    {
        return Kind::Statement;
    }
    // "Each Pod needs both an app and a team label", "no Role may grant
    // create on pods/exec", "In namespace x, no Role may …": a rule said
    // of every object of a kind.
    let ruled = {
        let r = match rest.strip_prefix("in ") {
            Some(after) => after.split_once(", ").map_or(rest, |(_, r)| r),
            None => rest,
        };
        let mut ws = r.split_whitespace();
        matches!(ws.next(), Some("each" | "every" | "no" | "all"))
            && ws.take(4).any(|w| {
                matches!(
                    w,
                    "need" | "needs" | "may" | "can" | "cannot" | "can't" | "shall"
                )
            })
    };
    if ruled {
        return Kind::Statement;
    }
    // "allow pods to be scheduled on node-4 again": an order that starts
    // with the verb "allow" asks; "allow" inside a sentence states a rule.
    if rest.starts_with("allow ") || rest.starts_with("let ") {
        return Kind::Request;
    }
    // "All of the Pods are still Running": a subject and "are" or "is",
    // not a question or an order, describes.
    let described = DESCRIBED_SUBJECTS.iter().any(|d| rest.starts_with(d))
        && (holds(&padded, " are ") || holds(&padded, " is "));
    // "restart deployment web because it keeps crashing": an order with
    // its reason; what the reason states does not make the order a
    // statement. Rules ("must", "policy") still do, wherever they stand.
    let stated = if rest
        .split_whitespace()
        .next()
        .is_some_and(|w| ORDERS.contains(&w))
        && let Some(at) = [
            " because ",
            " since ",
            " now that ",
            " as it ",
            " as they ",
            ", it ",
            ", they ",
        ]
        .iter()
        .filter_map(|r| padded.find(r))
        .min()
    {
        // Said in the order, or (other than a situation) in the reason.
        signs().any(|(sign, start, end)| end <= at || (start >= at && sign >= SITUATION.len()))
    } else if let Some(at) = rule_object(rest, &padded) {
        // "create a pod disruption budget that requires at least one
        // pod available", "create a role that allows get on pods": the
        // rule is the object being made; only what is said before it
        // states.
        signs().any(|(_, start, _)| start < at)
    } else {
        signs().next().is_some()
    };
    if described || stated || people_said(rest, &padded) {
        Kind::Statement
    } else {
        Kind::Request
    }
}

/// "I already checked the sms-gateway pods and they're fine", "he says
/// his pods get rejected", "the one in staging-certs renewed fine
/// yesterday": what someone did or said, or what happened before, is
/// told — unless the sentence goes on to ask ("…, can you restart it").
fn told_by_someone(rest: &str) -> bool {
    // (Most sentences open otherwise and name no time gone by: passed
    // over on their first word and two short scans.)
    let mut ws = rest
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''));
    let first = ws.next().unwrap_or_default();
    let someone = matches!(
        first,
        "i" | "we" | "he" | "she" | "they" | "someone" | "somebody" | "everyone" | "nobody"
            // ("We've identified that node x has a failing NIC.")
            | "we've" | "i've" | "they've"
    );
    let told = if someone {
        let verb = ws
            .find(|w| {
                // ("Somebody accidentally scaled …": how, before the verb.)
                !(matches!(
                    *w,
                    "already" | "just" | "also" | "even" | "then" | "have" | "had" | "'ve"
                ) || (w.len() > 4 && w.ends_with("ly")))
            })
            .unwrap_or_default();
        (verb.len() > 4 && verb.ends_with("ed"))
            || matches!(
                verb,
                "says"
                    | "said"
                    | "say"
                    | "did"
                    | "ran"
                    | "saw"
                    | "tried"
                    | "found"
                    | "got"
                    | "went"
                    | "told"
                    | "knew"
                    | "reported"
                    | "mentioned"
                    | "claims"
                    | "claimed"
            )
    } else {
        // A time gone by, and a verb in the past after a subject.
        (holds(rest, "yesterday")
            || holds(rest, " ago")
            || holds(rest, "last night")
            || holds(rest, "earlier today")
            || holds(rest, "this morning"))
            && !order_word(first)
            && rest
                .split_whitespace()
                .skip(1)
                .any(|w| w.len() > 4 && w.ends_with("ed") && !w.ends_with("need"))
    };
    // ("…, can you restart it", "i changed configmap x, restart web so it
    // reloads": it goes on to ask.)
    told && ![
        ", can you",
        ", could you",
        " please",
        ", pls",
        " so restart",
        " so delete",
    ]
    .iter()
    .any(|a| holds(rest, a))
        && !rest
            .split(", ")
            .skip(1)
            .any(|c| c.split_whitespace().next().is_some_and(order_word))
}

/// "heads up: we're moving the workloads tomorrow. no action needed yet,
/// just FYI", "Going forward, every deployment must run 2 replicas.
/// Please keep that in mind.": a message that says it asks for nothing,
/// and has no question and no sentence that opens with an order.
pub(crate) fn nothing_asked(text: &str) -> bool {
    const TELLS: [&str; 12] = [
        "just a heads up",
        "just a heads-up",
        "for your information",
        "no action needed",
        "no action required",
        "no action is needed",
        "nothing to do",
        "just fyi",
        "just so everyone knows",
        "just so you know",
        "keep that in mind",
        "not asking for anything",
    ];
    // (Run on every request: the phrases are looked for in the text as
    // written before it is lower-cased.)
    static FOUND: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(TELLS)
                .ok()
        });
    if text.contains('?') || FOUND.as_ref().is_some_and(|f| !f.is_match(text)) {
        return false;
    }
    let lower = text.to_lowercase();
    TELLS.iter().any(|t| lower.contains(t))
        && ![
            "i'd like",
            "i would like",
            "i need you",
            "i want you",
            "we need you",
        ]
        .iter()
        .any(|a| lower.contains(a))
        && !lower
            .split(['.', '!', '\n', ';', ':', ','])
            // ("Please keep that in mind.": the telling itself.)
            .filter(|s| !TELLS.iter().any(|t| s.contains(t)))
            .filter_map(|s| {
                s.split_whitespace()
                    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
                    .find(|w| {
                        !w.is_empty() && !matches!(*w, "just" | "now" | "then" | "also" | "right")
                    })
            })
            .any(|w| {
                order_word(w)
                    || matches!(
                        w,
                        "please"
                            | "pls"
                            | "can"
                            | "could"
                            | "would"
                            | "get"
                            | "list"
                            | "show"
                            | "give"
                            | "tell"
                            | "find"
                            | "print"
                            | "display"
                            | "i'd"
                    )
            })
}

/// "Audit task.", "Security review.", "Exercise 4:": a title of two or
/// three words, naming the kind of task, with nothing to read.
fn title_only(rest: &str) -> bool {
    const TITLES: [&str; 7] = [
        "task",
        "exercise",
        "question",
        "ticket",
        "review",
        "challenge",
        "assignment",
    ];
    // (Most sentences end otherwise: passed over without splitting.)
    let end = rest.trim_end_matches(|c: char| !c.is_alphanumeric());
    if !TITLES.iter().any(|t| end.ends_with(t)) {
        return false;
    }
    let words: Vec<&str> = rest
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    (2..=3).contains(&words.len()) && words.last().is_some_and(|w| TITLES.contains(w))
}

/// "In namespace analytics there is a pod spark-0 and it is restarting
/// many times.", "There's a deployment called legacy-api in old.": what
/// exists, told (a place may come first) — unless the sentence goes on to
/// ask ("…, please delete it") or is a question.
fn there_is(rest: &str) -> bool {
    // (Most sentences say no "there": passed over by one search.)
    if !rest.contains("there") {
        return false;
    }
    let opening = rest
        .split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ");
    let at = ["there is ", "there's ", "there are "]
        .iter()
        .filter_map(|t| opening.find(t))
        .min();
    let told = at.is_some_and(|at| {
        at == 0 || (rest.starts_with("in ") && rest[..at].split_whitespace().count() <= 4)
    });
    told && !rest.trim_end().ends_with('?')
        && ![", can you", ", could you", " please", ", pls", " so "]
            .iter()
            .any(|a| holds(rest, a))
        && !rest
            .split([','])
            .skip(1)
            .chain(rest.split(" and ").skip(1))
            .any(|c| c.split_whitespace().next().is_some_and(order_word))
}

/// "i changed configmap app-settings, restart web-api so it reloads",
/// "we rotated the cert, bounce ingress-nginx": what someone did, then
/// an order after the comma.
fn told_then_order(s: &str) -> Option<(&str, &str)> {
    // (Most sentences hold no comma: passed over by one byte search.)
    if !s.contains(',') {
        return None;
    }
    // ("we're done with the load test, so tear down namespace x", "Sam
    // told me to delete pvc x, so go ahead and do it": the reason, then
    // "so" and the order.)
    if let Some(at) = s.find(", so ") {
        let tail = &s[at + 5..];
        let order = ["go ahead and ", "please ", "just ", "pls "]
            .iter()
            .fold(tail, |t, lead| t.strip_prefix(lead).unwrap_or(t));
        let first = order.split_whitespace().next()?;
        if order_word(first) || first == "tear" || (first == "do" && order.starts_with("do it")) {
            return Some((&s[..at], tail));
        }
    }
    let at = s.find(", ")?;
    let (head, tail) = (&s[..at], &s[at + 2..]);
    let first = tail.split_whitespace().next()?;
    (order_word(first) && told_by_someone(head)).then_some((head, tail))
}

/// Why a look is asked, said after it: what is weighed ("deciding if we
/// scale down the pool") is told.
const WHY: [&str; 10] = [
    "want to know",
    "wanna know",
    "deciding if",
    "deciding whether",
    "trying to decide",
    "thinking about",
    "planning to",
    "wondering if",
    "wondering whether",
    "in case we",
];

/// "show pvcs in the data ns, want to know what survives if we ever
/// delete the statefulset", "top nodes — deciding if we scale down the
/// pool", "before I restart anything - what image is web running?": a
/// look, and beside it why it is asked or what is weighed after it; the
/// change weighed is told, never the request.
fn purpose_apart(s: &str) -> Option<(&str, &str)> {
    for lead in ["before i ", "before we "] {
        if let Some(rest) = s.strip_prefix(lead) {
            let at = [" - ", " — ", " – ", ", "]
                .iter()
                .filter_map(|b| rest.find(b).map(|i| (i, b.len())))
                .min()?;
            let (told, ask) = (&s[..lead.len() + at.0], &rest[at.0 + at.1..]);
            let looks = ask.split_whitespace().next().is_some_and(|w| {
                matches!(
                    w,
                    "what"
                        | "which"
                        | "how"
                        | "show"
                        | "list"
                        | "is"
                        | "are"
                        | "who"
                        | "where"
                        | "get"
                        | "check"
                )
            });
            return looks.then_some((told, ask));
        }
    }
    let at = [", ", " — ", " – ", " - ", "; "]
        .iter()
        .flat_map(|b| s.match_indices(b).map(move |(i, _)| (i, b.len())))
        .filter(|(i, len)| WHY.iter().any(|w| s[i + len..].starts_with(w)))
        .min()?;
    let head = &s[..at.0];
    let first = head.split_whitespace().next()?;
    let looks = matches!(
        first,
        "show" | "list" | "get" | "top" | "describe" | "what" | "which" | "how" | "check" | "print"
    ) || crate::words::VERB_PHRASES
        .iter()
        .any(|(p, v)| *p == first && v.is_read());
    looks.then_some((&s[at.0 + at.1..], head))
}

/// "Confirm the DNS service exists by getting the kube-dns service in
/// kube-system", "verify the rollout by listing the pods of web": what
/// to find out, then the look that finds it; the look is the request.
fn by_means_of(s: &str) -> Option<(&str, &str)> {
    const LEADS: [&str; 10] = [
        "confirm ",
        "verify ",
        "check ",
        "make sure ",
        "ensure ",
        "prove ",
        // "Determine the reason for pod failure by printing the
        // termination message of pod x".
        "determine ",
        "find out ",
        "figure out ",
        "work out ",
    ];
    if !LEADS.iter().any(|l| s.starts_with(l)) {
        return None;
    }
    let at = [
        " by getting ",
        " by listing ",
        " by describing ",
        " by showing ",
        " by viewing ",
        " by inspecting ",
        " by reading ",
    ]
    .iter()
    .filter_map(|m| s.find(m))
    .min()?;
    Some((&s[..at], &s[at + 4..]))
}

/// A part told beside a request, cut from a sentence: what is told, then
/// the rest.
type Split = fn(&str) -> Option<(&str, &str)>;

/// Whether `w`, its punctuation aside, is a word of change ("restart,").
fn change_word(w: &str) -> bool {
    crate::words::CHANGE_WORDS.contains(&w.trim_matches([',', '.', '!', '?']))
}

/// Whether `w` opens an order: one of the orders' first words, or a
/// verb of one word.
fn order_word(w: &str) -> bool {
    ORDERS.contains(&w) || crate::words::VERB_SINGLE.contains(w)
}

/// An issue template's heading ("Environment", "What happened",
/// "Additional context"), a concession ("although the loki-read pods
/// are healthy") or an object left out ("leave the loki-read service
/// out, it works"): nothing asked.
fn heading_or_aside(rest: &str) -> bool {
    const HEADINGS: &[&str] = &[
        "environment",
        "problem",
        "summary",
        "ask",
        "context",
        "background",
        "details",
        "description",
        "steps to reproduce",
        "to reproduce",
        "expected behavior",
        "expected behaviour",
        "actual behavior",
        "actual behaviour",
        "additional context",
        "what we need",
        "what i need",
        "what i tried",
        "what we tried",
        "describe the bug",
        "bug report",
        "versions",
        "logs",
        "impact",
        "symptoms",
    ];
    if rest.len() <= 24 && HEADINGS.contains(&rest.trim_matches(|c: char| !c.is_alphanumeric())) {
        return true;
    }
    // "FYI the DR test starts at 14:00", "heads up, …": news, and "the
    // local-path-provisioner doesn't need a restart": a change not
    // needed.
    let ordered = || {
        let first = rest.split_whitespace().next().unwrap_or_default();
        order_word(first)
    };
    if rest
        .split_whitespace()
        .take(3)
        .any(|w| w.trim_matches([',', ':']) == "fyi")
        || ["heads up ", "heads up, ", "heads-up", "just so you know"]
            .iter()
            .any(|c| rest.starts_with(c))
        || ((holds(rest, "need") || holds(rest, "have to"))
            && !ordered()
            && [
                "doesn't need",
                "does not need",
                "don't need",
                "do not need",
                "doesn't have to",
                "does not have to",
                "no need for",
            ]
            .iter()
            // (In the sentence's own clause: "spin down web, we don't
            // need it" orders, and says why.)
            .any(|n| rest.find(n).is_some_and(|at| !rest[..at].contains(", "))))
    {
        return true;
    }
    if ["although ", "though ", "even though ", "whereas "]
        .iter()
        .any(|c| rest.starts_with(c))
    {
        return true;
    }
    let leave = rest.strip_prefix("please ").unwrap_or(rest);
    if !leave.starts_with("leave ") {
        return false;
    }
    let ws: Vec<&str> = leave
        .split_whitespace()
        .map(|w| w.trim_end_matches(','))
        .collect();
    ws.iter()
        .any(|w| matches!(*w, "out" | "alone" | "untouched"))
        || ws.windows(2).any(|p| p == ["as", "is"])
        || ws.windows(3).any(|p| p == ["as", "it", "is"])
}

/// People a sentence may be about: what they do or want is the
/// situation, not the request ("The platform team maintains a debug
/// configmap.", "The marketing team wants to review its routing rules").
const PEOPLE: &[&str] = &[
    "team",
    "teams",
    "engineer",
    "engineers",
    "developer",
    "developers",
    "devs",
    "customer",
    "customers",
    "users",
    "manager",
    "people",
    "folks",
    "someone",
    "somebody",
    "colleague",
    "colleagues",
    "sre",
    "sres",
    "admins",
    "administrator",
    "administrators",
    "owner",
    "owners",
    "lead",
];

/// Whether the sentence's subject is people (among its first words) and
/// a verb follows them; "the team needs you to restart web" still asks.
fn people_said(rest: &str, padded: &str) -> bool {
    if holds(padded, " you ") || holds(padded, " us ") {
        return false;
    }
    let words: Vec<&str> = rest.split_whitespace().take(6).collect();
    words.windows(2).any(|p| {
        let verb = p[1].trim_end_matches([',', '.']);
        PEOPLE.contains(&p[0])
            && (matches!(
                verb,
                "is" | "are" | "was" | "were" | "has" | "have" | "had" | "will" | "would" | "just"
            ) || (verb.len() > 3 && (verb.ends_with('s') || verb.ends_with("ed"))))
    })
}

/// Orders that follow a situation after a comma ("…, restart it").
const ORDERS: &[&str] = &[
    "restart",
    "roll",
    "undo",
    "rollback",
    "revert",
    "delete",
    "remove",
    "scale",
    "drain",
    "cordon",
    "uncordon",
    "bounce",
    "kill",
    "describe",
    "show",
    "check",
    "diagnose",
    "investigate",
    // "coredns keeps restarting, can you pull its logs?"
    "pull",
    "grab",
    "fetch",
];

/// "web is crashing, restart it": the situation told ("X is/are/keeps
/// …") and the order after the comma, which refers to it with "it". Only
/// where the order names nothing of its own but "it", so a list ("pods,
/// services") or an aside keeps its sentence.
fn situation_then_order(s: &str) -> Option<(&str, &str)> {
    let at = unquoted(s, ", ", &quoted_spans(s)).next()?;
    let (head, tail) = (&s[..at], &s[at + 2..]);
    let padded = format!(" {head} ");
    let situation = [
        " is ",
        " are ",
        " keeps ",
        " keep ",
        " seems ",
        " looks ",
        " was ",
        " we're ",
        " it's ",
        " they're ",
        // "node x must not receive new pods anymore, please make it
        // unschedulable": a rule told, then the order.
        " must ",
        " should ",
        // "kafka-0 in streaming got OOMKilled twice today, how much
        // memory is it using now?".
        " got ",
        " has been ",
        " have been ",
    ]
    .iter()
    .any(|v| holds(&padded, v));
    // ("coredns keeps restarting, can you pull its logs?": the order
    // asked as a question.)
    let mut words = tail.split_whitespace().map(|w| w.trim_matches([',', '!']));
    let first = words.by_ref().find(|w| {
        !matches!(
            *w,
            "please"
                | "pls"
                | "so"
                | "then"
                | "now"
                | "just"
                | "can"
                | "could"
                | "would"
                | "you"
                | "u"
                // ("…, can someone pull its logs".)
                | "someone"
                | "somebody"
                | "anyone"
                | "anybody"
                // ("…, force delete it".)
                | "force"
        )
    })?;
    let refers = tail
        .split_whitespace()
        .any(|w| matches!(w.trim_matches([',', '!', '.', '?']), "it" | "its"));
    // "the node worker-5 is good now, please allow pods again": what
    // follows "please" asks, whatever its verb.
    // (A verb the lexicon knows: "…, please summarise the root cause"
    // asks for prose about the situation, not an operation.)
    let polite = tail
        .split_whitespace()
        .next()
        .is_some_and(|w| matches!(w.trim_matches([',', '!']), "please" | "pls"))
        && (ORDERS.contains(&first) || crate::words::VERB_WORDS.contains(first));
    // "the config map changed, restart deploy/gateway": what happened,
    // in the past, then an order naming its own object.
    let happened = head
        .split_whitespace()
        .next()
        .is_some_and(|w| matches!(w, "the" | "our" | "my" | "its" | "their" | "this" | "that"))
        && head
            .split_whitespace()
            .last()
            .is_some_and(|w| w.len() > 4 && w.ends_with("ed"));
    // ("…, how much memory is it using now?": a question of it.)
    let question = matches!(first, "how" | "what" | "which" | "why" | "where" | "when")
        && tail.trim_end().ends_with('?');
    ((situation && ((refers && (ORDERS.contains(&first) || question)) || polite))
        || (happened && ORDERS.contains(&first)))
    .then_some((head, tail))
}

/// Where in `s` a clause after ", " opens with a word that `opens`
/// accepts (outside quotes; `spans` are [`quoted_spans`] of `s`).
fn clause_opening(
    s: &str,
    spans: &[(usize, usize)],
    opens: impl Fn(&str) -> bool,
) -> Option<usize> {
    unquoted(s, ", ", spans).find(|&i| s[i + 2..].split_whitespace().next().is_some_and(&opens))
}

/// "don't restart api, just show its logs", "I'm not asking you to
/// delete anything — list the jobs in batch": what not to do, then, after
/// a break, what to do. Two sentences, so the order after the break is
/// read (with "its" pointing back) and the change before it is not.
fn negation_then_order(s: &str) -> Option<(&str, &str)> {
    const NEGATORS: &[&str] = &["don't", "dont", "not", "never", "no"];
    const BREAKS: &[&str] = &[", ", " — ", " – ", " -- ", " - ", ": "];
    // (Most sentences hold no negation: passed over without a word scan.)
    if !(holds(s, "n't")
        || holds(s, "dont")
        || holds(s, "not ")
        || holds(s, "never ")
        || holds(s, "no "))
    {
        return None;
    }
    let mut offsets = s
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - s.as_ptr() as usize, w));
    let mut negated = false;
    let verb_end = offsets.find_map(|(at, w)| {
        let bare = w.trim_matches([',', '.', '!', ':']);
        negated |= NEGATORS.contains(&bare);
        crate::words::CHANGE_WORDS
            .contains(&bare)
            .then_some(at + w.len())
    })?;
    if !negated {
        return None;
    }
    let spans = quoted_spans(s);
    let (at, len) = BREAKS
        .iter()
        .filter_map(|b| {
            unquoted(s, b, &spans)
                .find(|&i| i + 1 >= verb_end)
                .map(|i| (i, b.len()))
        })
        .min()?;
    let rest = &s[at + len..];
    let first = rest
        .split_whitespace()
        .map(|w| w.trim_matches([',', '!']))
        .find(|w| {
            !matches!(
                *w,
                "just" | "only" | "instead" | "rather" | "but" | "please" | "pls" | "then" | "and"
            )
        })?;
    // ("Do not modify, scale, restart or delete any resource": the
    // negation's list of verbs goes on past the comma; no order.)
    let listed = {
        let mut ws = rest.split_whitespace();
        let head = ws.find(|w| w.trim_matches([',', '!']) == first);
        let next = ws.next().unwrap_or_default();
        let after = ws.next().unwrap_or_default();
        (head.is_some_and(|h| h.ends_with(',')) && change_word(next))
            || (matches!(next, "or" | "nor" | "and") && change_word(after))
    };
    (!listed && (ORDERS.contains(&first) || crate::words::VERB_WORDS.contains(first)))
        .then_some((&s[..at], rest))
}

/// "show logs of pod web-1, don't restart it", "check the start time,
/// no need to restart anything", "just list them, I'll decide later what
/// to delete": the request, and a change ruled out or left to the one
/// asking after it (the holds still read the whole line, so "delete pod web-1,
/// don't delete it" is taken back there).
fn order_then_negation(s: &str) -> Option<(&str, &str)> {
    const NEGATED: &[&str] = &[
        "don't ",
        "dont ",
        "do not ",
        "no need to ",
        "there's no need to ",
        "there is no need to ",
        "never ",
        "please don't ",
        "please do not ",
        "but don't ",
        "but do not ",
        "and don't ",
        "and do not ",
        // ("just list them, I'll decide later what to delete": the change
        // left to the one asking.)
        "i'll decide ",
        "i will decide ",
        "we'll decide ",
        "i'll handle ",
        "i'll do ",
        "i'll take care ",
    ];
    const BREAKS: &[&str] = &[", ", " — ", " – ", " -- ", " - ", "; "];
    if !s.contains([',', '—', '–', '-', ';'])
        || !(holds(s, "n't")
            || holds(s, "dont")
            || holds(s, "not ")
            || holds(s, "need")
            || holds(s, "never ")
            || holds(s, "i'll ")
            || holds(s, "i will ")
            || holds(s, "we'll "))
    {
        return None;
    }
    let spans = quoted_spans(s);
    BREAKS
        .iter()
        .filter_map(|b| {
            unquoted(s, b, &spans)
                .find(|&i| {
                    let rest = &s[i + b.len()..];
                    NEGATED.iter().any(|n| rest.starts_with(n))
                        && rest.split_whitespace().any(|w| {
                            change_word(w) || matches!(w, "change" | "touch" | "modify" | "edit")
                        })
                })
                .map(|i| (i, b.len()))
        })
        .min()
        // (Only after a request that names no change: after one, the
        // holds read whether the rule takes it back — "delete pod web-1,
        // don't delete it" — or spares another object.)
        .filter(|(at, _)| {
            let order = &s[..*at];
            // ("unless I say go, don't scale it", "I repeat, don't roll
            // back": a condition or an aside before the rule, no request.)
            order.split_whitespace().count() > 2
                && !["unless ", "if ", "until ", "when ", "once ", "i repeat"]
                    .iter()
                    .any(|c| order.starts_with(c))
                && !order.split_whitespace().any(change_word)
        })
        .map(|(at, len)| (&s[..at], &s[at + len..]))
}

/// A question asked on someone's behalf ("The team wants to know which
/// pods restarted", "she needs to know whether …"): who asks, and the
/// question from its question word on.
fn wants_to_know(s: &str) -> Option<(&str, &str)> {
    const ASKS: &[&str] = &[
        " wants to know ",
        " want to know ",
        " needs to know ",
        " need to know ",
        " would like to know ",
        " wants to find out ",
        " is asking ",
        " are asking ",
        " asks ",
        " is wondering ",
        " wonders ",
    ];
    const QUESTION: &[&str] = &[
        "which ", "what ", "how ", "whether ", "if ", "why ", "where ", "when ", "who ",
    ];
    let (at, len) = ASKS
        .iter()
        .filter_map(|a| {
            Occurrences::new(s.as_bytes(), a.as_bytes())
                .next()
                .map(|i| (i, a.len()))
        })
        .min()?;
    let question = &s[at + len..];
    (at > 0 && QUESTION.iter().any(|q| question.starts_with(q))).then(|| (&s[..at], question))
}

/// Whether `pat` occurs in `hay`: `str::contains` by [`Occurrences`],
/// which costs no searcher built per pattern (each sentence is searched
/// for dozens of short ones).
fn holds(hay: &str, pat: &str) -> bool {
    Occurrences::new(hay.as_bytes(), pat.as_bytes())
        .next()
        .is_some()
}

/// Where `pat` occurs in `s` outside quotes: a clause is never cut inside
/// a quoted value ("with 'my frontend, running nginx'"). A quote opens at
/// the start of a word and closes at the end of one, so "foo's" is no
/// quote. `spans` are [`quoted_spans`] of `s`, found once per clause.
fn unquoted<'a>(
    s: &'a str,
    pat: &'a str,
    spans: &'a [(usize, usize)],
) -> impl Iterator<Item = usize> + 'a {
    Occurrences::new(s.as_bytes(), pat.as_bytes())
        .filter(move |&i| !spans.iter().any(|&(a, z)| a < i && i < z))
}

/// Where a short pattern occurs in a clause, left to right and not
/// overlapping (as `str::match_indices` finds them). A clause is searched
/// for dozens of patterns, most of them opening with a space or a comma,
/// so a byte-by-byte walk stops at every word; instead the walk jumps
/// (memchr) to the pattern's rarest byte and compares only there.
struct Occurrences<'a> {
    hay: &'a [u8],
    pat: &'a [u8],
    /// Where in `pat` its rarest byte is.
    rare: usize,
    from: usize,
}

impl<'a> Occurrences<'a> {
    fn new(hay: &'a [u8], pat: &'a [u8]) -> Self {
        let rare = pat
            .iter()
            .enumerate()
            .min_by_key(|&(_, &b)| byte_rank(b))
            .map_or(0, |(i, _)| i);
        Self {
            hay,
            pat,
            rare,
            from: 0,
        }
    }
}

/// How common a byte is in English requests (lower is rarer): a space is
/// the commonest, then the letters by their frequency; punctuation and
/// digits are rarer than any letter.
fn byte_rank(b: u8) -> u8 {
    const LETTERS: &[u8] = b"zqxjkvbpygfwmucldrhsnioate";
    match b {
        b' ' => 100,
        b'a'..=b'z' => LETTERS
            .iter()
            .position(|&l| l == b)
            .map_or(0, |i| 40 + i as u8),
        _ => 0,
    }
}

impl Iterator for Occurrences<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let n = self.pat.len();
        if n == 0 {
            return None;
        }
        let byte = self.pat[self.rare];
        while self.from + n <= self.hay.len() {
            // The rare byte of a match starting at i (from ≤ i ≤ len - n)
            // is at i + rare.
            let window = &self.hay[self.from + self.rare..=self.hay.len() - n + self.rare];
            let i = self.from + memchr::memchr(byte, window)?;
            if self.hay[i..].starts_with(self.pat) {
                self.from = i + n;
                return Some(i);
            }
            self.from = i + 1;
        }
        None
    }
}

/// The byte spans of `s` inside quotes (none, without allocating, when `s`
/// holds no quote).
fn quoted_spans(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    if !b.iter().any(|c| matches!(c, b'\'' | b'"' | b'`')) {
        return Vec::new();
    }
    let mut open: Option<u8> = None;
    let mut spans = Vec::new();
    for (i, &c) in b.iter().enumerate() {
        if !matches!(c, b'\'' | b'"' | b'`') {
            continue;
        }
        let before = i.checked_sub(1).map(|j| b[j]);
        let after = b.get(i + 1).copied();
        match open {
            None if before.is_none_or(|p| p.is_ascii_whitespace() || p == b'(') => {
                open = Some(c);
                spans.push((i, s.len()));
            }
            Some(q) if q == c && after.is_none_or(|n| !n.is_ascii_alphanumeric()) => {
                open = None;
                if let Some(last) = spans.last_mut() {
                    last.1 = i;
                }
            }
            _ => {}
        }
    }
    // An opening quote never closed quotes nothing.
    if open.is_some() {
        spans.pop();
    }
    spans
}

/// Where a sentence ends: `.`, `?`, `!` or `;` before white space, or a
/// line break.
/// Abbreviations whose period ends no sentence (lower case, without it).
const ABBREVIATIONS: &[&str] = &["co", "inc", "ltd", "corp", "vs", "approx", "dept"];

/// A taint written whole: KEY[=VALUE]:EFFECT (in lower case, as the
/// sentences are classified).
fn taint_spec(w: &str) -> bool {
    let w = w.trim_matches(|c: char| matches!(c, '`' | '\'' | '"' | ',' | '.' | ')' | '('));
    w.rsplit_once(':').is_some_and(|(key, effect)| {
        !key.is_empty() && matches!(effect, "noschedule" | "prefernoschedule" | "noexecute")
    })
}

/// "Tom will uncordon it on Monday", "the day shift will scale it back",
/// "we'll drain it later": a change someone will make, told (one to three
/// words of who, then "will" or "is going to", then the change). "You
/// will …" and "will you …" ask.
fn others_will(s: &str) -> bool {
    // (Run on every sentence: most say neither.)
    if !s.contains(" will ") && !s.contains(" going to ") {
        return false;
    }
    let words: Vec<&str> = s
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
        .collect();
    (1..=3).any(|k| {
        let who = &words[..k.min(words.len())];
        let (will, next) = match words.get(k) {
            Some(&"will") => (true, k + 1),
            Some(&("is" | "are"))
                if words.get(k + 1) == Some(&"going") && words.get(k + 2) == Some(&"to") =>
            {
                (true, k + 3)
            }
            _ => (false, 0),
        };
        will && !who.iter().any(|w| {
            matches!(
                *w,
                "you" | "u" | "please" | "pls" | "can" | "could" | "will" | "then"
            )
        }) && who
            .iter()
            .all(|w| !w.is_empty() && !crate::words::CHANGE_WORDS.contains(w))
            && words
                .get(next)
                .is_some_and(|v| crate::words::CHANGE_WORDS.contains(v))
    })
}

/// Words that open a question after a title's dash ("… - how to debug
/// it?"). (Not "what", "which": "web serves the wrong cert - which
/// secret is it pointing at?" is one question of the object told.)
const QUESTION_OPENERS: &[&str] = &["how"];

fn split_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    // ("node-7 keeps flapping -- cordon it": two hyphens for the dash,
    // where no command's "--" can stand.)
    let double_dash = text.contains(" -- ")
        && !["kubectl", "exec", "run ", "command", "sh ", "bash"]
            .iter()
            .any(|c| text.contains(c));
    for (i, &b) in bytes.iter().enumerate() {
        // ("get me configmap x — did someone delete it?": a dash between
        // spaces ends a clause as a full stop does.)
        let dash =
            (b == 0xe2 && text[i..].starts_with("\u{2014} ") && i > 0 && bytes[i - 1] == b' ')
                .then_some(3)
                .or_else(|| {
                    (double_dash
                        && b == b'-'
                        && text[i..].starts_with("-- ")
                        && i > 0
                        && bytes[i - 1] == b' ')
                        .then_some(2)
                })
                // ("Pod stuck in ContainerCreating - how to debug web-1?":
                // a title's problem, a dash, then its question.)
                .or_else(|| {
                    (b == b'-'
                        && i > 0
                        && bytes[i - 1] == b' '
                        && text[i..].starts_with("- ")
                        && text[i + 2..]
                            .split(' ')
                            .next()
                            .is_some_and(|w| QUESTION_OPENERS.contains(&w)))
                    .then_some(1)
                });
        let end = match b {
            b'\n' => true,
            // ("Shipping Co. runs …", "e.g. the pods", "etc. Then"): a
            // period that ends an abbreviation.
            b'.' if ABBREVIATIONS.iter().any(|a| {
                text[..i].ends_with(a)
                    && text[..i.saturating_sub(a.len())]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !c.is_alphanumeric())
            }) =>
            {
                false
            }
            b'.' | b'?' | b'!' | b';' => bytes.get(i + 1).is_none_or(u8::is_ascii_whitespace),
            _ => dash.is_some(),
        };
        if end {
            out.push(&text[start..i]);
            start = i + dash.unwrap_or(1);
        }
    }
    out.push(&text[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|s| s.chars().any(char::is_alphanumeric))
        .collect()
}

/// The sentences of `text` (normalised), each with what it does. A
/// subordinate clause ("…, even if there are pods …", "If the deployment
/// is at 2, …") becomes a statement of its own.
#[cfg(test)]
pub(crate) fn sentences(text: &str) -> Vec<Sentence> {
    sentences_cased(text, text)
}

/// The part of `cased` that `part` (a slice of `lower`) covers: the
/// sentence as written, so label values, annotation values and images
/// keep their case. `lower` and `cased` must have the same byte layout.
fn recase(lower: &str, cased: &str, part: &str) -> String {
    let base = lower.as_ptr() as usize;
    let at = part.as_ptr() as usize;
    if at < base || at + part.len() > base + lower.len() {
        return part.to_owned();
    }
    let start = at - base;
    cased
        .get(start..start + part.len())
        .unwrap_or(part)
        .to_owned()
}

/// Whether `s` (a slice of `text`) asks what happened: it opens with
/// "did", "was", "were" or "had" and ends with a question mark.
/// "What events were recorded for the pvc data-0?", "which pods were
/// evicted?": a question of what or which, ended by its mark and naming
/// no change, asks to read whatever its verbs tell ("were", "was").
fn read_question(text: &str, s: &str) -> bool {
    let mut words = s.split_whitespace();
    ended_by_question_mark(text, s)
        && matches!(words.next(), Some("what" | "which"))
        && !s.split_whitespace().any(|w| {
            crate::words::CHANGE_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()))
        })
        && !s.contains(" happen")
}

/// Whether the sentence `s` (a slice of `text`) ends with a question
/// mark, which the splitter leaves out of it.
fn ended_by_question_mark(text: &str, s: &str) -> bool {
    let base = text.as_ptr() as usize;
    let at = s.as_ptr() as usize;
    if at < base || at + s.len() > base + text.len() {
        return false;
    }
    text[at - base + s.len()..].starts_with('?')
}

fn past_question(text: &str, s: &str) -> bool {
    ended_by_question_mark(text, s)
        && s.split_whitespace().next().is_some_and(|w| {
            matches!(
                w,
                "did" | "was" | "were" | "had" | "didn't" | "wasn't" | "weren't"
            )
        })
}

/// "ns messaging", "Namespace is monitoring", "namespace: edge", "it's in
/// namespace shop": a sentence that says nothing but a namespace.
fn place_only(s: &str) -> bool {
    let words: Vec<&str> = s
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, '.' | '!' | ',' | ':' | '`' | '\'' | '"')))
        .filter(|w| !w.is_empty())
        .collect();
    let rest = match words.as_slice() {
        ["the" | "its" | "their", rest @ ..] => rest,
        [
            "it's" | "it" | "they're" | "everything's" | "all",
            rest @ ..,
        ] => rest,
        rest => rest,
    };
    let rest = match rest {
        ["is" | "are" | "'s", rest @ ..] => rest,
        rest => rest,
    };
    let rest = match rest {
        ["in" | "on", rest @ ..] => rest,
        rest => rest,
    };
    let name = match rest {
        ["ns" | "namespace" | "-n", name] => *name,
        ["ns" | "namespace", "is" | "=", name] => *name,
        [name, "namespace" | "ns"] => *name,
        _ => return false,
    };
    name.len() > 1
        && kubechat_core::Namespace::parse(name).is_ok()
        && !crate::words::STOP_SET.contains(name)
        && !matches!(
            name,
            "namespace" | "namespaces" | "ns" | "all" | "every" | "each"
        )
}

/// "Getting `Back-off restarting failed container` on api-7d9f8c-x2k4p",
/// "seeing OOMKilled on web-1", "I keep getting 'connection refused'":
/// what someone sees, told — a message in quotes or a container's state
/// after a verb of seeing.
/// "Marketing asked us to pause all outbound mail until …", "the CTO
/// wants us to cut costs": what someone asked of the team, told as the
/// reason; the request is said beside it.
fn asked_of_us(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().take(7).collect();
    words.windows(3).enumerate().any(|(i, w)| {
        (1..=3).contains(&i)
            && matches!(w[0], "asked" | "wants" | "told" | "needs")
            && matches!(w[1], "us" | "me")
            && w[2] == "to"
            && !matches!(words[0], "please" | "can" | "could" | "would" | "will")
    })
}

fn symptom_seen(s: &str) -> bool {
    let said_by = [
        "i'm ", "im ", "we're ", "i keep ", "we keep ", "now i ", "now we ", "i can ", "we can ",
        "i ", "we ", "still ",
    ]
    .iter()
    .find_map(|p| s.strip_prefix(p));
    let rest = said_by.unwrap_or(s);
    let Some(first) = rest.split_whitespace().next() else {
        return false;
    };
    // ("get \"web\" pod logs", "see pods in shop": orders; "I get
    // 'connection refused'" tells.)
    (matches!(
        first,
        "getting" | "seeing" | "got" | "hitting" | "saw" | "receiving"
    ) || (said_by.is_some() && matches!(first, "get" | "see")))
        && (rest.contains(['`', '"'])
            || rest.split_whitespace().nth(1).is_some_and(|w| {
                crate::words::CONTAINER_REASONS
                    .contains(&w.trim_matches(|c: char| !c.is_alphanumeric()))
            }))
}

/// [`sentences`] of `lower` (what is classified) handing out the text
/// of `cased`, its case-preserving twin.
pub(crate) fn sentences_cased(lower: &str, cased: &str) -> Vec<Sentence> {
    let text = lower;
    let mut out = Vec::new();
    let all = split_sentences(text);
    let several = all.len() > 1;
    for s in all {
        // "… what was its last termination reason? OOMKilled?": a state
        // guessed in one CamelCase word, after the question it answers, is
        // no sentence to read.
        if several && !s.trim().contains(char::is_whitespace) {
            let cased_word = recase(lower, cased, s);
            if cased_word.chars().skip(1).any(|c| c.is_ascii_uppercase())
                && cased_word.chars().any(|c| c.is_ascii_lowercase())
            {
                // (Left out: a guess adds nothing to read, and a
                // statement of its own would make the question one
                // among statements.)
                continue;
            }
        }
        // Parts told beside the request, each set apart as a statement:
        // who asks ("The security team wants to know which service
        // accounts exist"), a change ruled out before the order ("not
        // this, do that") or after a request ("show logs of pod web-1,
        // don't restart it", "… no need to restart or anything"), and
        // what was done before the order ("i changed configmap x,
        // restart web so it reloads").
        let splits: [Split; 6] = [
            purpose_apart,
            by_means_of,
            wants_to_know,
            negation_then_order,
            |s| order_then_negation(s).map(|(order, not_this)| (not_this, order)),
            told_then_order,
        ];
        let mut s = s;
        for split in splits {
            if let Some((told, rest)) = split(s) {
                out.push(Sentence {
                    text: recase(lower, cased, told),
                    kind: Kind::Statement,
                });
                s = rest;
            }
        }
        // "rabbitmq-1 won't start. ns messaging. describe it": a place
        // said alone among other sentences tells where the rest runs; it
        // asks for no look at the namespace.
        if several && place_only(s) {
            out.push(Sentence {
                text: recase(lower, cased, s),
                kind: Kind::Statement,
            });
            continue;
        }
        let kind = classify(s);
        // "top pods in prod — did the restart fix memory?": a question of
        // what happened asks for no change.
        let kind = if kind == Kind::Request && past_question(lower, s) {
            Kind::Statement
        } else if kind == Kind::Statement && read_question(lower, s) {
            Kind::Request
        } else {
            kind
        };
        if kind == Kind::Format {
            out.push(Sentence {
                text: recase(lower, cased, s),
                kind,
            });
            continue;
        }
        // "If X, do Y" and "To list the pods, run …": the condition or
        // purpose states, the rest asks.
        let (cond, main) = match LEADING_CLAUSE
            .iter()
            .find_map(|p| s.strip_prefix(p))
            // ("Before then I need node x cordoned, …", "after that,
            // restart web": a time said by pointing, no clause.)
            .filter(|r| {
                !["then ", "that ", "that,", "this ", "this,"]
                    .iter()
                    .any(|t| r.starts_with(t))
            })
            .and_then(|r| {
                unquoted(r, ", ", &quoted_spans(r))
                    .next()
                    .map(|at| (&r[..at], &r[at + 2..]))
            }) {
            Some((c, m)) => (Some(c), m),
            None => (None, s),
        };
        if let Some(c) = cond {
            out.push(Sentence {
                text: recase(lower, cased, c),
                kind: Kind::Statement,
            });
        }
        // "web is crashing, restart it", "checkout is broken, roll it
        // back": a situation told, then what to do about it — two
        // sentences, so "it" is the object the situation names.
        let (told, main) = match situation_then_order(main) {
            Some((t, m)) => (Some(t), m),
            None => (None, main),
        };
        if let Some(t) = told {
            out.push(Sentence {
                text: recase(lower, cased, t),
                kind: Kind::Statement,
            });
        }
        // ", verifying …", ", making sure …": a participle clause says
        // how or why, not what.
        let spans = quoted_spans(main);
        // ("drain node-1, ignoring daemonsets": how to do it, said as a
        // participle, is the order's.)
        // ("restart api in prod, staging": a list of places, one of
        // them named "staging", is no participle.)
        let participle = clause_opening(main, &spans, |w| {
            w.len() > 5
                && w.ends_with("ing")
                && !HOW.contains(&w)
                && w != "staging"
                && !(w == "allowing" && emptydir_allowed(main))
        })
        .filter(|&at| {
            let mut rest = main[at + 2..].split_whitespace().skip(1);
            rest.next()
                .is_some_and(|n| !matches!(n.trim_matches([',', '.']), "and" | "or" | "&"))
        });
        // ", the StatefulSet will bring them back", ", it is safe": a
        // clause with its own subject and verb says what happens, it does
        // not ask.
        // ("…, the ones that are failing" qualifies instead: a relative
        // word before the verb keeps the clause.)
        let independent = unquoted(main, ", ", &spans)
            .find(|&i| {
                let words: Vec<&str> = main[i + 2..].split_whitespace().take(4).collect();
                independent_clause(&words)
            })
            .or_else(|| reason_unmarked(main, &spans));
        // "… down to 4 so everything fits": a purpose with its own
        // subject.
        let purpose = unquoted(main, " so ", &spans).find(|&i| {
            let words: Vec<&str> = main[i + 4..].split_whitespace().take(4).collect();
            words.first().is_some_and(|w| {
                matches!(
                    *w,
                    "everything"
                        | "everyone"
                        | "nothing"
                        | "it"
                        | "they"
                        | "we"
                        | "the"
                        // "restart the frontend so its pods pick up …".
                        | "its"
                        | "their"
                        | "our"
                        // "taint gpu-node-2 … so only gpu jobs land
                        // there", "… so that", "… so no new pods …".
                        | "only"
                        | "that"
                        | "no"
                        | "nobody"
                        | "none"
                        // "make it schedulable again so new pods can
                        // land on it".
                        | "new"
                        | "i"
                        | "you"
                        | "users"
                        | "traffic"
                )
            }) && words.len() >= 2
                // "… so cert-manager reissues it", "… so argo syncs
                // again": a subject and its verb in the present.
                || (words.len() >= 2 && third_person_verb(words[1]) && !HOW.contains(&words[0]))
                // "… so pods can run there", "… so the jobs will land
                // elsewhere": a subject, then a modal.
                || (words.len() >= 3
                    && matches!(
                        words[1],
                        "can" | "could" | "will" | "would" | "won't" | "don't" | "cannot" | "can't"
                    ))
        });
        let purpose_at = trailing_purpose(main, &spans);
        // "Create a service for pod web, which serves on port 444": a
        // relative clause after an order to make something describes
        // what is made (its rules, "…, which must …", still make the
        // whole a statement).
        let making = main.split_whitespace().next().is_some_and(|w| {
            matches!(w, "create" | "expose" | "make" | "run" | "start" | "deploy")
        });
        let cut = SUBORDINATE
            .iter()
            .filter(|w| !(making && **w == ", which "))
            // ("delete pvc data-0, but not before we take a backup": a
            // wait, which the holds read, not a plan told.)
            .filter_map(|w| {
                unquoted(main, w, &spans)
                    .next()
                    .filter(|&at| !(w.starts_with(" before") && main[..at].ends_with("not")))
            })
            .chain(purpose_at)
            .chain(participle)
            .chain(independent)
            .chain(purpose)
            .min()
            .filter(|&at| at > 0)
            // ("prepare node-3 so that no new pods get scheduled on it":
            // the purpose is the order, a cordon.)
            .filter(|&at| {
                let rest = main[at..].trim_start_matches([',', ' ']);
                // (Where the order says the cordon itself — "mark node01
                // as unschedulable so that no new pods …" — the purpose
                // is only why.)
                let said = ["unschedulable", "cordon"].iter().any(|w| main[..at].contains(w));
                // ("taint node gpu-1 so that only pods tolerating
                // gpu=true:NoSchedule land there": the taint is said in
                // the purpose, and read from it.)
                let taint_in_rest = main[..at].contains("taint")
                    && !main[..at].split_whitespace().any(taint_spec)
                    && rest.split_whitespace().any(taint_spec);
                if taint_in_rest {
                    return false;
                }
                (said
                    || !["so that no new pod", "so no new pod"]
                        .iter()
                        .any(|p| rest.starts_with(p)))
                    // ("drain node edge-2, even if there are pods using
                    // emptyDir": the drain's --delete-emptydir-data.)
                    && !(rest.starts_with("even if") && emptydir_allowed(rest) && main.contains("drain"))
            });
        let (head, tail) = match cut {
            Some(at) => (&main[..at], Some(&main[at..])),
            None => (main, None),
        };
        // "drain node-1 so it can be rebooted, leaving DaemonSet pods
        // alone": how to do it, after the purpose, is still the order's.
        let how_at = tail.and_then(|t| {
            clause_opening(t, &quoted_spans(t), |w| HOW.contains(&w)).map(|at| (t, at))
        });
        let (tail, how) = match how_at {
            Some((t, at)) => (
                Some(&t[..at]).filter(|x| !x.trim().is_empty()),
                Some(&t[at..]),
            ),
            None => (tail, None),
        };
        // "delete secret web-tls so cert-manager reissues it, in shop":
        // the place said last, after the clause cut off, is the order's.
        let (tail, place) = match tail.and_then(|t| trailing_place(t).map(|at| (t, at))) {
            Some((t, at)) => (
                Some(&t[..at]).filter(|x| !x.trim().is_empty()),
                Some(&t[at..]),
            ),
            None => (tail, None),
        };
        let mut text = match how {
            Some(h) => recase(lower, cased, head) + &recase(lower, cased, h),
            None => recase(lower, cased, head),
        };
        if let Some(p) = place {
            text.push(' ');
            text.push_str(recase(lower, cased, p).trim_start_matches([',', ' ']));
        }
        out.push(Sentence {
            text,
            // A clause cut off takes its signs with it: "delete namespace
            // x, we're done with it" asks.
            kind: if cond.is_some() || told.is_some() || tail.is_some() {
                classify(head)
            } else {
                kind
            },
        });
        if let Some(t) = tail {
            out.push(Sentence {
                text: recase(lower, cased, t.trim_start_matches([',', ' '])),
                // A purpose after the order ("… to locate the source of
                // the issue") says why; it names nothing the order is
                // about, so it is not read.
                kind: if cut == purpose_at {
                    Kind::Format
                } else {
                    Kind::Statement
                },
            });
        }
    }
    // "Is there a way to only see Warning events? The normal events are
    // drowning out everything.": beside a request, a sentence that opens
    // with its subject and a verb of being tells how things are.
    let told: Vec<bool> = out
        .iter()
        .map(|s| s.kind == Kind::Request && declarative(&s.text.to_lowercase()))
        .collect();
    if out
        .iter()
        .zip(&told)
        .any(|(s, t)| s.kind == Kind::Request && !t)
    {
        for (s, _) in out.iter_mut().zip(&told).filter(|(_, t)| **t) {
            s.kind = Kind::Statement;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(t: &str) -> Vec<Kind> {
        sentences(t).into_iter().map(|s| s.kind).collect()
    }

    /// The jumping search finds what `str::match_indices` finds: the
    /// rare byte first, last or in the middle, at the ends of the clause,
    /// overlapping candidates, a clause shorter than the pattern.
    #[test]
    fn occurrences_are_match_indices() {
        let clauses = [
            "restart web, which is slow, which is odd",
            ", which ",
            " so so so that so that",
            "aaaa",
            "",
            "x, if y, even if z, if",
            "scale web so that it fits so",
        ];
        let patterns = [
            ", which ",
            " so that ",
            " so ",
            "aa",
            ", if ",
            ", even if ",
            "if",
            "z",
            "so",
            ",",
        ];
        for c in clauses {
            for p in patterns {
                let found: Vec<usize> = Occurrences::new(c.as_bytes(), p.as_bytes()).collect();
                let expected: Vec<usize> = c.match_indices(p).map(|(i, _)| i).collect();
                assert_eq!(found, expected, "{p:?} in {c:?}");
            }
        }
    }

    #[test]
    fn asking_stating_and_formatting() {
        use Kind::*;
        assert_eq!(
            kinds(
                "hey, could you check the shop namespace? we're not allowing any services of type loadbalancer. please list them.\n\nreport each violating resource using this format:\nviolating: <resource name>"
            ),
            [Request, Statement, Request, Format, Format]
        );
        assert_eq!(
            kinds(
                "i need you to check the deployments in namespace x. the policy requires two replicas."
            ),
            [Request, Statement]
        );
        assert_eq!(kinds("scale web to 3"), [Request]);
        assert_eq!(kinds("node.kubernetes.io is a label"), [Request]);
    }

    #[test]
    fn subordinate_clauses_state() {
        let s = sentences("drain node foo, even if there are pods not managed by a replica set");
        assert_eq!(s[0].text, "drain node foo");
        assert_eq!(s[1].kind, Kind::Statement);
        let s = sentences("if the deployment named mysql current size is 2, scale mysql to 3");
        assert_eq!(s[0].kind, Kind::Statement);
        assert_eq!(s[1].text, "scale mysql to 3");
        assert_eq!(s[1].kind, Kind::Request);
        let s = sentences("to delete the service, enter this command");
        assert_eq!(s[0].kind, Kind::Statement);
        assert_eq!(s[1].text, "enter this command");
        // Concessions and causes before the comma state too.
        let s = sentences("even though web has been deleted, delete web-0");
        assert_eq!((s[0].kind, s[1].kind), (Kind::Statement, Kind::Request));
        let s = sentences("since the rollout failed, roll back web");
        assert_eq!(s[1].text, "roll back web");
        // A clause with its own subject and verb after the comma says
        // what happens; a relative clause still qualifies.
        let s = sentences("kill the app=nginx pods, the statefulset will bring them back");
        assert_eq!(s[0].text, "kill the app=nginx pods");
        assert_eq!(s[1].kind, Kind::Statement);
        let s = sentences("delete pods in shop, the ones that are failing");
        assert_eq!(s.len(), 1);
        // "All of the pods are still running" describes.
        assert_eq!(
            kinds("all of the pods are still running and ready"),
            [Kind::Statement]
        );
        assert_eq!(kinds("all the pods in shop"), [Kind::Request]);
    }
}
