//! The second stage: words, with what the person marked.
//!
//! A request (already normalised: lower case, ASCII quotes) becomes
//! words. A span in quotes — `'web'`, `"kube-system"`, `` `app=web` `` —
//! is one word marked as quoted: a person quoting a name means exactly
//! that name, so quoting never changes a reading except to make it
//! surer. Contractions are expanded, possessives dropped ("mysql's" is
//! "mysql"), multi-word type names joined ("config maps"), and words
//! written in Korean are split from the Latin words they are glued to
//! ("deployment의") and read through a small lexicon.

use crate::words::{CONTRACTIONS, JOINS, KOREAN, KOREAN_PARTICLES};

/// The words of one clause and which of them a stage has claimed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Words {
    /// Lower case.
    pub w: Vec<String>,
    /// As written, where it differs from the lower case (label values
    /// and selectors keep their case): most words are written in lower
    /// case, and are held once ([`Words::raw`]).
    raw: Vec<Option<String>>,
    pub used: Vec<bool>,
    /// Words written in quotes.
    pub quoted: Vec<bool>,
    /// A 256-bit filter of the unquoted words: the rules ask for many
    /// more words than a request has, and a word it does not hold is
    /// told apart here without comparing it with every word.
    seen: [u64; 4],
}

/// A fixed phrase of the rules, split into its words and hashed once
/// ([`Words::find_split`]).
#[derive(Debug)]
pub(crate) struct Phrase {
    words: Vec<&'static str>,
    hashes: Vec<u64>,
}

impl Phrase {
    pub fn new(text: &'static str) -> Self {
        let words: Vec<&'static str> = text.split(' ').collect();
        let hashes = words.iter().map(|w| crate::words::word_hash(w)).collect();
        Self { words, hashes }
    }

    /// How many words the phrase has.
    pub fn len(&self) -> usize {
        self.words.len()
    }
}

/// Fixed phrases, split and hashed once.
pub(crate) fn phrases(list: &[&'static str]) -> Vec<Phrase> {
    list.iter().map(|p| Phrase::new(p)).collect()
}

/// Where `word` sits in [`Words::seen`] (by the lexicons' word hash).
fn seen_bit(word: &str) -> (usize, u64) {
    hash_bit(crate::words::word_hash(word))
}

/// Where a word of hash `h` sits in [`Words::seen`].
fn hash_bit(h: u64) -> (usize, u64) {
    (((h >> 6) & 3) as usize, 1 << (h & 63))
}

const QUOTES: [char; 3] = ['\'', '"', '`'];

/// kubectl's rollout subcommands that read, whose typos after "rollout"
/// are read as them (a change's typo stays a typo, which is asked back).
const ROLLOUT_SUBCOMMANDS: [&str; 2] = ["status", "history"];

/// One multi-word name: its words and the word it becomes.
type Join = (Vec<&'static str>, &'static str);

/// The multi-word type names, split once and listed under their first
/// word (most words start none, and are passed over by one lookup).
static JOIN_PARTS: std::sync::LazyLock<crate::words::HashMap<&'static str, Vec<Join>>> =
    std::sync::LazyLock::new(|| {
        let mut by_first: crate::words::HashMap<&'static str, Vec<Join>> =
            crate::words::HashMap::default();
        for (f, t) in JOINS {
            let parts: Vec<&'static str> = f.split(' ').collect();
            by_first.entry(parts[0]).or_default().push((parts, *t));
        }
        by_first
    });

/// A ticket's key as trackers write it: two to six capitals, a dash or
/// none, three digits or more ("OPS-2231", "INC0049311", "CHG-5521:").
/// Kubernetes names are lower case, so such a word names no object.
pub(crate) fn ticket_key(w: &str) -> bool {
    let w = w.trim_end_matches(':').as_bytes();
    let letters = w.iter().take_while(|b| b.is_ascii_uppercase()).count();
    let rest = &w[letters..];
    let digits = rest.strip_prefix(b"-").unwrap_or(rest);
    (2..=6).contains(&letters) && digits.len() >= 3 && digits.iter().all(u8::is_ascii_digit)
}

/// Punctuation trimmed from the ends of a word.
fn trim(w: &str) -> &str {
    w.trim_end_matches(['?', '!', '.', ',', ';', ':', ')', ']', '*'])
        .trim_start_matches(['(', '[', '*'])
}

fn hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

/// "payments 네임스페이스에서", "test 命名空间中": the namespace said
/// after its name, as "in namespace NAME" (English says no name after
/// it, which would be read into it). Not after "all", "each" …
/// ("모든 네임스페이스에서": in all of them).
fn namespace_named_before(toks: &mut Vec<(String, bool)>, parts: &mut Vec<String>) {
    if parts.first().is_some_and(|p| p == "namespace")
        && toks.last().is_some_and(|(l, _)| {
            !matches!(l.as_str(), "all" | "each" | "every" | "current")
                && kubechat_core::ResourceName::parse(l).is_ok()
        })
        && let Some(last) = toks.pop()
    {
        toks.push(("in".to_owned(), false));
        toks.push(("namespace".to_owned(), false));
        toks.push(last);
        parts.remove(0);
    }
}

/// Chinese characters, and Japanese kana.
pub(crate) fn cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{3040}'..='\u{30FF}')
}

/// A run of Chinese or Japanese as the English words the rules know, by
/// the longest word of the lexicon at each place; letters of no word
/// are kept together as one, so they count as meaning the rules did
/// not read.
fn cjk_words(w: &str) -> Vec<String> {
    const LONGEST: usize = 8;
    // Where each letter starts, and the end: pieces are slices of `w`.
    let at: Vec<usize> = w.char_indices().map(|(i, _)| i).chain([w.len()]).collect();
    let letters = at.len() - 1;
    let mut out = Vec::new();
    let mut unknown = String::new();
    let mut i = 0;
    while i < letters {
        let found = (1..=LONGEST.min(letters - i)).rev().find_map(|n| {
            let piece = &w[at[i]..at[i + n]];
            crate::words::CJK
                .iter()
                .find(|(from, _)| *from == piece)
                .map(|(_, to)| (n, *to))
        });
        match found {
            Some((n, to)) => {
                if !unknown.is_empty() {
                    out.push(std::mem::take(&mut unknown));
                }
                out.extend(to.split(' ').filter(|p| !p.is_empty()).map(str::to_owned));
                i += n;
            }
            None => {
                unknown.push_str(&w[at[i]..at[i + 1]]);
                i += 1;
            }
        }
    }
    if !unknown.is_empty() {
        out.push(unknown);
    }
    out
}

/// Splits a word where Latin letters or digits meet Hangul, Chinese or
/// Japanese.
fn split_scripts(w: &str, out: &mut Vec<(String, bool)>) {
    // (Most words are ASCII: one word, no scan of its letters.)
    if w.is_ascii() {
        if !w.is_empty() {
            out.push((w.to_owned(), false));
        }
        return;
    }
    let mut cur = String::new();
    let mut cur_hangul = None;
    for c in w.chars() {
        // (Hangul, Chinese or Japanese, or neither: a word of each.)
        let h = if hangul(c) {
            1
        } else if cjk(c) {
            2
        } else {
            0
        };
        if cur_hangul.is_some_and(|ch| ch != h) && !cur.is_empty() {
            out.push((std::mem::take(&mut cur), false));
        }
        cur_hangul = Some(h);
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push((cur, false));
    }
}

/// A Korean word as the English words the rules know: the word itself
/// from the lexicon, or its stem and particle ("네임스페이스에서").
fn korean(w: &str) -> Vec<String> {
    let look = |w: &str| {
        KOREAN
            .iter()
            .find(|(from, _)| *from == w)
            .map(|(_, to)| *to)
    };
    let words = |to: &str| -> Vec<String> {
        to.split(' ')
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect()
    };
    if let Some(to) = look(w) {
        return words(to);
    }
    for p in KOREAN_PARTICLES {
        if let Some(stem) = w.strip_suffix(p)
            && let Some(to) = look(stem)
        {
            let mut out = words(to);
            out.extend(look(p).map(words).unwrap_or_default());
            return out;
        }
    }
    // Unknown: kept, so it counts as meaning the rules did not read.
    vec![w.to_owned()]
}

/// Splits `text` into words; quoted spans become one quoted word.
fn split(text: &str) -> Vec<(String, bool)> {
    let raw: Vec<&str> = text.split_whitespace().collect();
    let mut out: Vec<(String, bool)> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let t = trim(raw[i]);
        // `description="my frontend"`: a quoted value after `key=` is one
        // `key=value` word, spaces and all (as kubectl reads it).
        if let Some((key, value)) = t.split_once('=')
            && !key.is_empty()
            && let Some(q) = value.chars().next().filter(|c| QUOTES.contains(c))
        {
            let body = &value[q.len_utf8()..];
            let closing = if body.ends_with(q) && !body.is_empty() {
                Some((body[..body.len() - q.len_utf8()].to_owned(), i))
            } else {
                (i + 1..raw.len().min(i + 12))
                    .find(|&k| trim(raw[k]).ends_with(q))
                    .map(|k| {
                        let mut phrase = body.to_owned();
                        for part in &raw[i + 1..=k] {
                            phrase.push(' ');
                            phrase.push_str(trim(part));
                        }
                        (phrase.trim_end_matches(q).to_owned(), k)
                    })
            };
            if let Some((value, last)) = closing {
                out.push((format!("{key}={value}"), false));
                i = last + 1;
                continue;
            }
        }
        let open = t.chars().next().filter(|c| QUOTES.contains(c));
        if let Some(q) = open {
            // The closing quote: in this word or a later one.
            let body = &t[1..];
            if let Some(end) = body.find(q) {
                let inner = &body[..end];
                let rest = trim(&body[end + 1..]);
                if !inner.is_empty() {
                    out.push((inner.to_owned(), true));
                }
                // "'mysql's" and similar: what follows the quote.
                if !rest.is_empty() && rest != "s" {
                    split_scripts(rest, &mut out);
                }
                i += 1;
                continue;
            }
            if let Some(k) = (i + 1..raw.len().min(i + 12)).find(|&k| trim(raw[k]).ends_with(q)) {
                // Inside the quotes the text is kept as written ("'owner:
                // marketing'", "'my frontend, running nginx'"); only the
                // last word's punctuation after the quote is trimmed.
                let first = raw[i].trim_start_matches(['(', '[', '*']);
                let mut phrase = first[q.len_utf8()..].to_owned();
                for (n, part) in raw[i + 1..=k].iter().enumerate() {
                    phrase.push(' ');
                    phrase.push_str(if i + 1 + n == k { trim(part) } else { part });
                }
                let phrase = phrase.trim_end_matches(q).trim().to_owned();
                // "`kubectl describe` svc/web": a command quoted is read
                // as its words, never one name.
                if phrase
                    .get(..8)
                    .is_some_and(|p| p.eq_ignore_ascii_case("kubectl "))
                {
                    for part in phrase.split_whitespace() {
                        split_scripts(trim(part), &mut out);
                    }
                } else if !phrase.is_empty() {
                    out.push((phrase, true));
                }
                i = k + 1;
                continue;
            }
        }
        let t = t.trim_matches(QUOTES);
        // "whats up w/ deploy api", "pods w/o limits": chat's short
        // "with" and "without".
        if t.eq_ignore_ascii_case("w/") || t.eq_ignore_ascii_case("w/o") {
            let with = if t.len() == 2 { "with" } else { "without" };
            out.push((with.to_owned(), false));
            i += 1;
            continue;
        }
        // "evicted/failed pods", "cpu/memory": two words offered as
        // either, unlike `deploy/web` (a type and its name).
        if let Some((a, b)) = t.split_once('/')
            && !a.is_empty()
            && !b.is_empty()
            && !is_type_word(a)
            && [a, b]
                .iter()
                .all(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic()))
        {
            split_scripts(a, &mut out);
            out.push(("or".to_owned(), false));
            split_scripts(b, &mut out);
            i += 1;
            continue;
        }
        if !t.is_empty() {
            split_scripts(t, &mut out);
        }
        // "pods, services and deployments": a comma between two type
        // names joins them as "and" does.
        if raw[i].ends_with(',')
            && is_type_word(t)
            && raw.get(i + 1).is_some_and(|n| is_type_word(trim(n)))
        {
            out.push(("and".to_owned(), false));
        }
        // ("pod postgres-0 stuck in staging, pvc data-0 not bound": a
        // comma between a word and a type kept, so the word is never read
        // as the type's qualifier.)
        // ("logs of kafka-2 in streaming, last 10 lines": a place set
        // apart by its comma, so a word the lexicon also reads —
        // "streaming" — is still the place, not a verb.)
        else if raw[i].ends_with(',')
            && ((!is_type_word(t)
                && raw.get(i + 1).is_some_and(|n| is_type_word(trim(n)))
                && raw.get(i + 2).is_some_and(|n| {
                    let n = trim(n);
                    n.contains('-') && n.bytes().any(|b| b.is_ascii_digit())
                }))
                || (i > 0
                    && raw[i - 1].eq_ignore_ascii_case("in")
                    && t.bytes().all(|b| b.is_ascii_lowercase())
                    // (Not a list of places: "in prod, staging".)
                    && raw.get(i + 1).is_some_and(|n| {
                        let n = trim(n).to_ascii_lowercase();
                        crate::words::STOP_SET.contains(n.as_str())
                            || crate::words::NOT_NAMES_SET.contains(n.as_str())
                            || crate::words::VERB_WORDS.contains(n.as_str())
                            || matches!(
                                n.as_str(),
                                "sorted" | "oldest" | "newest" | "latest" | "last" | "first"
                                    | "only" | "since" | "with" | "without" | "ordered"
                            )
                    })))
        {
            out.push((",".to_owned(), false));
        }
        // "restart api, web": two names, never one name "api-web" joined
        // from both; as with "and", an operation then asks which.
        // ("uncordon k8s-wrk-17, nic swapped": a clause after the comma,
        // its subject and what happened to it, no second name.)
        let told_after = || {
            raw.get(i + 2).is_some_and(|v| {
                let v = trim(v).to_ascii_lowercase();
                (v.len() > 4 && v.ends_with("ed"))
                    || matches!(
                        v.as_str(),
                        "is" | "was" | "are" | "were" | "has" | "had" | "got" | "keeps" | "looks"
                    )
            })
        };
        if raw[i].ends_with(',')
            && is_listed_name(t)
            && raw
                .get(i + 1)
                .is_some_and(|n| is_listed_name(trim(n)) && !n.ends_with(['?', '.', '!']))
        {
            // (Told after it: the comma kept, so the name is never joined
            // with the clause's subject, "k8s-wrk-17-nic".)
            out.push((if told_after() { "," } else { "and" }.to_owned(), false));
        }
        i += 1;
    }
    out
}

/// A word that can only be an object's name where it stands in a list:
/// a valid name, with a letter, not a word the rules read otherwise.
fn is_listed_name(w: &str) -> bool {
    let lower = w.to_ascii_lowercase();
    kubechat_core::ResourceName::parse(&lower).is_ok()
        && lower.bytes().any(|b| b.is_ascii_lowercase())
        && !is_type_word(&lower)
        && !crate::words::STOP_SET.contains(lower.as_str())
        && !crate::words::NOT_NAMES_SET.contains(lower.as_str())
        && !crate::words::VERB_WORDS.contains(lower.as_str())
        && !crate::words::FUNCTION_SET.contains(lower.as_str())
        && !crate::words::KNOWN_SET.contains(lower.as_str())
}

/// Whether `w` names a built-in resource type (plural, singular or
/// short name, or the plural of a short name).
fn is_type_word(w: &str) -> bool {
    let w = w.to_ascii_lowercase();
    kubechat_core::resources::lookup(&w).is_some()
        || w.strip_suffix('s')
            .is_some_and(|s| s.len() > 1 && kubechat_core::resources::lookup(s).is_some())
}

/// "get svc in namspace prod", "cm in kube-sytem", "teh nginx deploy":
/// the namespace cue, the one namespace every cluster has, or "the",
/// typed a letter or two wrong. Read as typed, the cue was lost and with
/// it the namespace it names (or the misspelt namespace was looked in),
/// and "teh" joined the name after it. No English word is this close to
/// either; "namespaced" and "namespaces" are words of their own.
fn misspelt_word(w: &str) -> Option<&'static str> {
    // Most words start otherwise: passed over without a copy.
    let first = w.as_bytes().first()?.to_ascii_lowercase();
    if !matches!(first, b'n' | b'k' | b't' | b'h') {
        return None;
    }
    if w.eq_ignore_ascii_case("teh") || w.eq_ignore_ascii_case("hte") {
        return Some("the");
    }
    // A digit says a name ("namespace1", "kube-system2"), never a slip.
    if !matches!(first, b'n' | b'k')
        || !(6..=11).contains(&w.len())
        || w.bytes().any(|b| b.is_ascii_digit())
    {
        return None;
    }
    let lower = w.to_ascii_lowercase();
    let near = |word: &str| {
        lower != word
            && (word.len() - 2..=word.len() + 2).contains(&lower.len())
            && kubechat_core::resources::edit_distance(&lower, word) <= 2
    };
    if first == b'n'
        && !lower.contains('-')
        && !matches!(lower.as_str(), "namespaced" | "namespaces")
        && near("namespace")
    {
        return Some("namespace");
    }
    if lower.starts_with("kube") && near("kube-system") {
        return Some("kube-system");
    }
    None
}

/// Whether `w` may be one of [`CONTRACTIONS`]: every one has an
/// apostrophe or ends "nt", but "whats", "whys", "hows" and "wheres"
/// (most words are passed over
/// without a scan of the list).
fn may_be_contraction(w: &str) -> bool {
    w.contains('\'')
        || w.as_bytes().ends_with(b"nt")
        || w.as_bytes().ends_with(b"NT")
        || [
            "whats", "whys", "hows", "wheres", "theyre", "youre", "thats", "theres",
        ]
        .iter()
        .any(|c| w.eq_ignore_ascii_case(c))
}

/// How a thing is, said after "its" written for "it's" ([`Words::new`]).
const IT_STATES: &[&str] = &[
    "broken",
    "down",
    "dead",
    "crashing",
    "failing",
    "stuck",
    "back",
    "not",
    "still",
    "again",
    "working",
    "gone",
    "hanging",
    "erroring",
    "crashlooping",
    "been",
    "happening",
    "flapping",
    "restarting",
    "pending",
    "slow",
    "unreachable",
    "unhealthy",
    "timing",
    "returning",
    "throwing",
    "showing",
    "saying",
    "in",
];

impl Words {
    /// The words of `text` (normalised).
    pub fn new(text: &str) -> Self {
        let mut toks: Vec<(String, bool)> = Vec::new();
        let mut parts = split(text).into_iter().peekable();
        while let Some((w, quoted)) = parts.next() {
            if quoted {
                toks.push((w, true));
                continue;
            }
            // "its broken again", "its still down": "it's" without its
            // apostrophe, before how it is (the possessive comes before a
            // noun: "its logs").
            // ("cordon the node redis-0 runs on, its worker-03": a name
            // made of words and digits after it.)
            if w.eq_ignore_ascii_case("its")
                && parts.peek().is_some_and(|(n, nq)| {
                    !nq && (IT_STATES.iter().any(|s| n.eq_ignore_ascii_case(s))
                        || (n.contains('-') && n.bytes().any(|b| b.is_ascii_digit())))
                })
            {
                toks.push(("it".to_owned(), false));
                toks.push(("is".to_owned(), false));
                continue;
            }
            if may_be_contraction(&w)
                && let Some((_, to)) = CONTRACTIONS
                    .iter()
                    .find(|(from, _)| from.eq_ignore_ascii_case(&w))
            {
                toks.extend(to.split(' ').map(|p| (p.to_owned(), false)));
                continue;
            }
            if w.chars().any(cjk) {
                let mut parts = cjk_words(&w);
                // "test 命名空间中", "monitoring ネームスペースの": in the
                // namespace named before it.
                namespace_named_before(&mut toks, &mut parts);
                toks.extend(parts.into_iter().map(|p| (p, false)));
                continue;
            }
            if w.chars().any(hangul) {
                let mut parts = korean(&w);
                // "payments 네임스페이스에서": in the namespace named before
                // it (the particle comes after; English says "in namespace
                // payments", which no name after it is read into).
                if w.ends_with("에서") || w.ends_with('에') {
                    namespace_named_before(&mut toks, &mut parts);
                }
                for p in parts {
                    // "2로" is "to 2": the particle follows its number.
                    if p == "to"
                        && let Some(last) = toks.pop()
                    {
                        if last.0.chars().all(|c| c.is_ascii_digit()) {
                            toks.push((p, false));
                            toks.push(last);
                        } else {
                            toks.push(last);
                            toks.push((p, false));
                        }
                    } else {
                        toks.push((p, false));
                    }
                }
                continue;
            }
            // "scale sts/es-data 3->5": from one count to another.
            if w.as_bytes().contains(&b'>')
                && let Some((a, b)) = w.split_once("->")
                && !a.is_empty()
                && !b.is_empty()
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
            {
                toks.extend(["from", a, "to", b].map(|p| (p.to_owned(), false)));
                continue;
            }
            // "y is svc x not routing": chat's "why".
            if w.eq_ignore_ascii_case("y")
                && toks.is_empty()
                && parts.peek().is_some_and(|(n, _)| {
                    [
                        "is", "are", "does", "do", "did", "isn't", "isnt", "won't", "wont", "cant",
                        "can't",
                    ]
                    .iter()
                    .any(|v| n.eq_ignore_ascii_case(v))
                })
            {
                toks.push(("why".to_owned(), false));
                continue;
            }
            // Possessives: "mysql's size".
            let w = match w.strip_suffix("'s").or_else(|| w.strip_suffix("'S")) {
                Some(stem) if stem.len() > 1 => stem.to_owned(),
                _ => w,
            };
            // (A copy only where quotes are trimmed off.)
            let w = match w.trim_matches(QUOTES) {
                t if t.len() == w.len() => w,
                t => t.to_owned(),
            };
            if let Some(fixed) = misspelt_word(&w) {
                toks.push((fixed.to_owned(), false));
            } else if !w.is_empty() {
                toks.push((w, false));
            }
        }
        // ("paste the `describe` output of the web service": the command
        // quoted, then its output — the verb, not a name.)
        for i in 1..toks.len() {
            if toks[i - 1].1
                && toks[i].0.eq_ignore_ascii_case("output")
                && matches!(
                    toks[i - 1].0.as_str(),
                    "describe" | "logs" | "top" | "events"
                )
            {
                toks[i - 1].1 = false;
            }
        }
        // Multi-word names joined: "config maps" is "configmaps".
        let mut joined: Vec<(String, bool)> = Vec::with_capacity(toks.len());
        let mut i = 0;
        'outer: while i < toks.len() {
            let first = &toks[i].0;
            let lowered;
            let first = if first.bytes().any(|b| b.is_ascii_uppercase()) {
                lowered = first.to_ascii_lowercase();
                lowered.as_str()
            } else {
                first.as_str()
            };
            if !toks[i].1
                && let Some(joins) = JOIN_PARTS.get(first)
            {
                for (parts, to) in joins {
                    if i + parts.len() <= toks.len()
                        && parts
                            .iter()
                            .enumerate()
                            .skip(1)
                            .all(|(k, p)| !toks[i + k].1 && toks[i + k].0.eq_ignore_ascii_case(p))
                    {
                        joined.push(((*to).to_owned(), false));
                        i += parts.len();
                        continue 'outer;
                    }
                }
            }
            joined.push(std::mem::take(&mut toks[i]));
            i += 1;
        }
        // (A comma kept between a name and the clause told after it
        // separates, and says nothing a stage reads.)
        // ("OPS-2231: Scale down …", "INC0049311 Node NotReady": a
        // ticket's key in capitals, never an object's name.)
        // (First only: "delete pod WEB-123" names a pod.)
        let used: Vec<bool> = joined
            .iter()
            .enumerate()
            .map(|(i, (w, q))| !q && (w == "," || (i == 0 && ticket_key(w))))
            .collect();
        let quoted: Vec<bool> = joined.iter().map(|(_, q)| *q).collect();
        let (mut w, mut raw): (Vec<String>, Vec<Option<String>>) = joined
            .into_iter()
            .map(|(word, _)| {
                if word.chars().any(char::is_uppercase) {
                    (word.to_lowercase(), Some(word))
                } else {
                    (word, None)
                }
            })
            .unzip();
        // "rollout staus deploy/web", "rollout hsitory": after "rollout",
        // a word a letter from one of its subcommands is that one.
        for i in 1..w.len() {
            if w[i - 1] == "rollout"
                && !quoted[i]
                && let Some(sub) = ROLLOUT_SUBCOMMANDS.iter().find(|sub| {
                    w[i] != **sub
                        && w[i].len().abs_diff(sub.len()) <= 1
                        && kubechat_core::resources::edit_distance(&w[i], sub) == 1
                })
            {
                w[i] = (*sub).to_owned();
                raw[i] = None;
            }
        }
        let mut seen = [0u64; 4];
        for (word, _) in w.iter().zip(&quoted).filter(|(_, q)| !**q) {
            let (i, bit) = seen_bit(word);
            seen[i] |= bit;
        }
        Self {
            w,
            raw,
            used,
            quoted,
            seen,
        }
    }

    /// Whether `word` may be among the unquoted words (false: it is not).
    pub fn may_hold(&self, word: &str) -> bool {
        let (i, bit) = seen_bit(word);
        self.seen[i] & bit != 0
    }

    /// [`Words::may_hold`] for a word hashed ahead (`words::word_hash`).
    pub fn may_hold_hashed(&self, hash: u64) -> bool {
        let (i, bit) = hash_bit(hash);
        self.seen[i] & bit != 0
    }

    /// Where the phrase (whole unquoted words) first stands among unused
    /// words, leaving it unclaimed. Every word of the phrase is first
    /// looked up in the word filter (which can say yes wrongly, never
    /// no): most phrases are rejected without a scan.
    pub fn find_phrase(&self, phrase: &str) -> Option<usize> {
        // The phrase's words, split once (the rules' phrases are short;
        // a longer one is split as it is compared).
        // (A byte loop: the phrases are a few short words, too short for
        // a searcher to pay.)
        let mut parts = [""; 6];
        let mut n = 0;
        let mut start = 0;
        let bytes = phrase.as_bytes();
        for end in 0..=bytes.len() {
            if end < bytes.len() && bytes[end] != b' ' {
                continue;
            }
            let p = &phrase[start..end];
            if !self.may_hold(p) {
                return None;
            }
            if let Some(slot) = parts.get_mut(n) {
                *slot = p;
            }
            n += 1;
            start = end + 1;
        }
        let free = |i: usize, p: &str| !self.used[i] && !self.quoted[i] && self.w[i] == p;
        (0..self.w.len().saturating_sub(n - 1)).find(|&i| {
            if n <= parts.len() {
                parts[..n].iter().enumerate().all(|(k, p)| free(i + k, p))
            } else {
                phrase.split(' ').enumerate().all(|(k, p)| free(i + k, p))
            }
        })
    }

    /// [`Words::find_phrase`] for a phrase split and hashed ahead
    /// ([`Phrase`]): the rules try fixed lists of dozens of phrases on
    /// every reading, most of them absent, which the word filter tells
    /// with no hashing here.
    pub fn find_split(&self, phrase: &Phrase) -> Option<usize> {
        if !phrase.hashes.iter().all(|h| self.may_hold_hashed(*h)) {
            return None;
        }
        let n = phrase.words.len();
        (0..self.w.len().saturating_sub(n - 1)).find(|&i| {
            phrase
                .words
                .iter()
                .enumerate()
                .all(|(k, p)| !self.used[i + k] && !self.quoted[i + k] && self.w[i + k] == *p)
        })
    }

    /// [`Words::take_phrase`] for a phrase split and hashed ahead.
    pub fn take_split(&mut self, phrase: &Phrase) -> Option<usize> {
        let at = self.find_split(phrase)?;
        for k in 0..phrase.words.len() {
            self.used[at + k] = true;
        }
        Some(at)
    }

    /// Finds the phrase (whole unquoted words) among unused words; marks
    /// it used.
    pub fn take_phrase(&mut self, phrase: &str) -> Option<usize> {
        let at = self.find_phrase(phrase)?;
        for k in 0..=phrase.bytes().filter(|&b| b == b' ').count() {
            self.used[at + k] = true;
        }
        Some(at)
    }

    /// Whether `word` is one of the (unquoted) words.
    pub fn has(&self, word: &str) -> bool {
        self.may_hold(word)
            && self
                .w
                .iter()
                .zip(&self.quoted)
                .any(|(w, q)| !q && w == word)
    }

    /// Whether `word` is among the unused words.
    pub fn free_word(&self, word: &str) -> bool {
        self.w.iter().zip(&self.used).any(|(w, u)| !u && w == word)
    }

    /// Whether `word` is among the unused words, not quoted.
    pub fn free_unquoted(&self, word: &str) -> bool {
        self.may_hold(word)
            && (0..self.w.len()).any(|i| !self.used[i] && !self.quoted[i] && self.w[i] == word)
    }

    /// The word as written.
    pub fn raw(&self, i: usize) -> Option<&str> {
        match self.raw.get(i)? {
            Some(written) => Some(written),
            None => self.w.get(i).map(String::as_str),
        }
    }

    /// Whether word `i` is written as a title ("Cart", "Service"): a
    /// capital first, then a lower-case letter.
    pub fn titled(&self, i: usize) -> bool {
        self.raw(i).is_some_and(|r| {
            r.chars().next().is_some_and(char::is_uppercase)
                && r.chars().skip(1).any(char::is_lowercase)
        })
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        self.w.get(i).map(String::as_str)
    }

    /// Where `word` first stands, used or not: where a slot's value was
    /// read from.
    pub fn position(&self, word: &str) -> Option<usize> {
        self.w.iter().position(|w| w == word)
    }

    pub fn is_quoted(&self, i: usize) -> bool {
        self.quoted.get(i) == Some(&true)
    }

    pub fn free(&self, i: usize) -> Option<&str> {
        if self.used.get(i) == Some(&false) {
            self.get(i)
        } else {
            None
        }
    }

    pub fn mark(&mut self, i: usize) {
        if let Some(u) = self.used.get_mut(i) {
            *u = true;
        }
    }

    pub fn len(&self) -> usize {
        self.w.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick check before the contraction list passes every entry
    /// (a new one it missed would silently never be read).
    #[test]
    fn every_contraction_passes_the_quick_check() {
        for (from, _) in CONTRACTIONS {
            assert!(may_be_contraction(from), "{from}");
            assert!(may_be_contraction(&from.to_uppercase()), "{from}");
        }
    }

    #[test]
    fn the_word_filter_never_hides_a_word() {
        let text = "roll out the 'web' deployment in shop now";
        let mut w = Words::new(text);
        for word in ["roll", "out", "the", "deployment", "in", "shop", "now"] {
            assert!(w.has(word), "{word}");
            assert!(w.free_unquoted(word), "{word}");
        }
        // Quoted words are names, not words the rules look for.
        assert!(!w.has("web") && !w.free_unquoted("web"));
        for absent in ["pods", "delete", "rollout", "sho", ""] {
            assert!(!w.has(absent), "{absent}");
        }
        assert_eq!(w.take_phrase("roll out"), Some(0));
        assert_eq!(w.take_phrase("roll out"), None, "taken once");
        assert_eq!(w.take_phrase("in shop"), Some(5));
        assert_eq!(w.take_phrase("shop in"), None);
    }

    fn words(t: &str) -> Vec<(String, bool)> {
        let w = Words::new(t);
        w.w.into_iter().zip(w.quoted).collect()
    }

    #[test]
    fn quotes_make_one_marked_word() {
        let w = words("scale 'web-1' in \"kube-system\" to 3");
        assert_eq!(w[1], ("web-1".to_owned(), true));
        assert_eq!(w[3], ("kube-system".to_owned(), true));
        assert_eq!(words("find 'query failed' in logs")[1].0, "query failed");
        assert_eq!(words("`app=web`,")[0], ("app=web".to_owned(), true));
    }

    #[test]
    fn contractions_possessives_and_joins() {
        let w: Vec<String> = words("what's mysql's config maps")
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(w, ["what", "is", "mysql", "configmaps"]);
    }

    #[test]
    fn korean_is_split_from_latin() {
        let w: Vec<String> = words("coredns deployment의 replica를 2로 증가")
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(
            w,
            ["coredns", "deployment", "replica", "to", "2", "increase"]
        );
    }
}
