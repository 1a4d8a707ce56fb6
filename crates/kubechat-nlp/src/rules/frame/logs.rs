//! The logs family: lines, times, previous runs and search text.

use super::*;

/// The text a logs request filters its lines by, claimed from `words`:
/// a quoted text after a word that asks for it ("containing 'timeout'",
/// "search … for \"Peer down\""), one word after "containing" or "lines
/// with", or errors and warnings asked for by kind ("the errors in web's
/// logs" holds "error"). After "for", "find" and "search" a quoted text is
/// the filter only when it cannot be a name (a space, capitals, other
/// characters): "logs for 'web'" names a pod.
pub(super) fn log_filter(words: &mut Words) -> Option<String> {
    let strong = |w: Option<&str>| w.is_some_and(|w| SEARCH_CUES.contains(&w));
    let weak = |w: Option<&str>| matches!(w, Some("for" | "find" | "search" | "with"));
    for i in 1..words.len() {
        if !words.is_quoted(i) || words.free(i).is_none() {
            continue;
        }
        let raw = words.raw(i).unwrap_or_default().to_owned();
        let name_like = kubechat_core::ResourceName::parse(&raw).is_ok();
        if strong(words.get(i - 1)) || (weak(words.get(i - 1)) && !name_like) {
            words.mark(i);
            return Some(raw);
        }
    }
    if let Some(i) = reported_text(words) {
        let raw = words.raw(i).unwrap_or_default().to_owned();
        words.mark(i);
        return Some(raw);
    }
    for i in 1..words.len() {
        let cue = matches!(
            words.get(i - 1),
            Some("containing" | "matching" | "mentioning")
        ) || (words.get(i - 1) == Some("with")
            && matches!(
                words.get(i.wrapping_sub(2)),
                Some("lines" | "line" | "entries" | "messages")
            ));
        if cue
            && let Some(w) = words.free(i)
            && !STOP_SET.contains(&w)
            && resource_word(w).is_none()
            && number(w).is_none()
        {
            let raw = words.raw(i).unwrap_or_default().to_owned();
            words.mark(i);
            words.mark(i - 1);
            return Some(raw);
        }
    }
    let by_kind = [
        ("errors", "error"),
        ("error", "error"),
        ("warnings", "warn"),
        ("warning", "warn"),
        ("exceptions", "exception"),
        ("exception", "exception"),
        ("timeouts", "timeout"),
    ];
    for i in 0..words.len() {
        if let Some(w) = words.free(i)
            && !words.is_quoted(i)
            && let Some((_, text)) = by_kind.iter().find(|(k, _)| *k == w)
        {
            words.mark(i);
            return Some((*text).to_owned());
        }
    }
    None
}

/// Words that ask whether a text was reported ("was any 'Peer down'
/// problem reported for pod x?"): the text is searched for in the logs.
const REPORTED: &[&str] = &[
    "reported",
    "logged",
    "mentioned",
    "appeared",
    "appear",
    "occurred",
    "seen",
];

/// A quoted text that cannot be a name ("'Peer down'", "'OOMKilled'"),
/// where the request asks whether it was reported.
fn reported_text(words: &Words) -> Option<usize> {
    if !REPORTED.iter().any(|w| words.has(w)) {
        return None;
    }
    (0..words.len()).find(|&i| {
        words.is_quoted(i)
            && words.free(i).is_some()
            && words
                .raw(i)
                .is_some_and(|r| kubechat_core::ResourceName::parse(r).is_err())
    })
}

/// Whether the request is about log lines (its words say so).
pub(super) fn about_logs(words: &Words) -> bool {
    [
        "logs", "log", "printed", "output", "tail", "lines", "stdout", "stderr", "grep",
        // "what has pod x logged in the past 5 minutes".
        "logged",
    ]
    .iter()
    .any(|w| words.has(w))
        || reported_text(words).is_some()
        || errors_looked_for(words).is_some()
}

/// Where errors are looked for in an object ("find errors in frontend
/// pods", "any exceptions in web-1?"): what it printed, searched. Not in
/// events ("errors in the events of shop").
pub(super) fn errors_looked_for(words: &Words) -> Option<usize> {
    if !(words.has("errors") || words.has("exceptions")) {
        return None;
    }
    (0..words.len()).find(|&i| {
        // Read before and after the search text claims the word.
        matches!(words.get(i), Some("errors" | "exceptions"))
            && matches!(words.get(i + 1), Some("in" | "from" | "on" | "of"))
            && !(i + 2..words.len().min(i + 4))
                .any(|j| matches!(words.get(j), Some("events" | "event")))
    })
}

/// Verbs of looking through logs for a text ("grep the api logs for
/// timeout", "check web logs for errors"): never the object's name.
const LOOKING_THROUGH: &[&str] = &["grep", "search", "scan", "look", "check"];

/// How much of a log, and which lines.
pub(super) struct LogOptions {
    pub previous: bool,
    pub timestamps: bool,
    pub tail: Option<u32>,
    pub since: Option<Since>,
    pub grep: Option<String>,
    /// "logs of all containers in web-1": `--all-containers`.
    pub all_containers: bool,
}

/// "all containers", "every container", "both containers": the logs of
/// each container of the pod, claimed so no word of it is a name.
fn all_containers(words: &mut Words) -> bool {
    for i in 0..words.len() {
        if words.free(i) == Some("all-containers") {
            words.mark(i);
            return true;
        }
        let Some(lead) = words.free(i) else {
            continue;
        };
        if !matches!(lead, "all" | "every" | "each" | "both") {
            continue;
        }
        let mut at = i + 1;
        while matches!(
            words.free(at),
            Some("the" | "of" | "its" | "their" | "his" | "her" | "init")
        ) {
            at += 1;
        }
        let noun = if lead == "all" || lead == "both" {
            "containers"
        } else {
            "container"
        };
        if words.free(at) == Some(noun) {
            for k in i..=at {
                words.mark(k);
            }
            return true;
        }
    }
    false
}

/// The log options said: the previous run, timestamps, how many lines,
/// since when, and the text the lines hold.
pub(super) fn log_options(words: &mut Words, about_logs: bool) -> LogOptions {
    // "what was it printing right before it died".
    let before_dying = (0..words.len()).any(|i| {
        words.get(i) == Some("before")
            && (i + 1..words.len().min(i + 4)).any(|j| {
                matches!(
                    words.get(j),
                    Some("dies" | "died" | "crashes" | "crashed" | "restarted" | "restarts")
                )
            })
    });
    // "previous"/"prev", unless negated ("logs web-1 not prev", "…, not
    // the previous ones") or a time ("from the previous hour").
    let said_previous = ["previous", "prev"].iter().any(|p| {
        words.has(p)
            && words.position(p).is_some_and(|at| {
                (*p == "previous" || about_logs)
                    && !(at.saturating_sub(3)..at)
                        .any(|k| matches!(words.get(k), Some("not" | "no" | "without" | "instead")))
                    && !matches!(
                        words.get(at + 1),
                        Some(
                            "hour" | "minute" | "day" | "week" | "night" | "deploy" | "deployment"
                        )
                    )
            })
    });
    let previous = said_previous
        || before_dying
        || words.has("crashed")
        || words.w.windows(2).any(|p| p[0] == "last" && p[1] == "run");
    let timestamps = words.has("timestamps") || words.has("timestamp");
    let all_containers = about_logs && all_containers(words);
    let mut tail = None;
    let mut since = None;
    for i in 0..words.len() {
        // (What the loop asks of the word, read in place: no copy of it.)
        let (tail_word, tail_said, count, since_word) = {
            let w = words.get(i).unwrap_or_default();
            (
                matches!(w, "last" | "tail" | "latest" | "first" | "recent"),
                w == "tail",
                number(w),
                matches!(w, "since" | "past" | "last"),
            )
        };
        let lines_at = |k: usize| {
            matches!(
                words.get(k),
                Some("lines" | "line" | "logs" | "entries" | "messages")
            ) || (words.get(k) == Some("log")
                && matches!(words.get(k + 1), Some("lines" | "line" | "entries")))
        };
        if tail_word
            && words.free(i + 1).is_some()
            && let Some(n) = words.get(i + 1).and_then(number)
            && (lines_at(i + 2) || tail_said)
        {
            tail = Some(n);
            words.mark(i + 1);
            continue;
        }
        // ("Keep your final answer under 20 lines", "in at most 5
        // lines": a bound on the answer's length, no tail.)
        let bound = i.checked_sub(1).is_some_and(|b| {
            matches!(
                words.get(b),
                Some("under" | "most" | "than" | "within" | "exceed" | "max" | "maximum")
            )
        });
        if let Some(n) = count
            && matches!(words.get(i + 1), Some("lines" | "line"))
            && tail.is_none()
            && !bound
        {
            tail = Some(n);
            words.mark(i);
        }
        if since_word
            && since.is_none()
            && let Some((s, len)) = duration(words, i + 1)
        {
            since = Some(s);
            for k in 0..=len {
                words.mark(i + k);
            }
        }
        // "from 5 minutes ago", "what it printed 2 hours ago": since then.
        if since.is_none()
            && words.free(i).is_some()
            && let Some((s, len)) = duration(words, i)
            && words.get(i + len) == Some("ago")
        {
            since = Some(s);
            for k in 0..=len {
                words.mark(i + k);
            }
            if matches!(
                words.get(i.wrapping_sub(1)),
                Some("from" | "since" | "starting")
            ) {
                words.mark(i - 1);
            }
        }
    }
    // "grep the api logs for timeout", "search web's logs for refused":
    // after a search verb and the logs of a name, "for" and a last word
    // say what to look for.

    // "from the previous hour", "in the past day": since then (each a
    // unit without a count).
    if since.is_none()
        && let Some(unit) = (1..words.len()).find_map(|k| {
            matches!(words.get(k - 1), Some("previous" | "past" | "last"))
                .then(|| match words.get(k) {
                    Some("hour") => Some("1h"),
                    Some("minute") => Some("1m"),
                    Some("day") => Some("24h"),
                    _ => None,
                })
                .flatten()
                .map(|u| (k, u))
        })
    {
        since = unit.1.parse().ok();
        words.mark(unit.0 - 1);
        words.mark(unit.0);
    }
    if about_logs
        && LOOKING_THROUGH.iter().any(|w| words.has(w))
        && let Some(logs_at) =
            (1..words.len()).find(|&k| matches!(words.get(k), Some("logs" | "log")))
        && words.free(logs_at - 1).is_some_and(|w| {
            !STOP_SET.contains(&w) && resource_word(w).is_none() && !LOOKING_THROUGH.contains(&w)
        })
        && let Some(i) = (logs_at + 1..words.len()).find(|&k| words.get(k) == Some("for"))
        && i + 2 == words.len()
        && let Some(text) = words
            .free(i + 1)
            .filter(|w| !STOP_SET.contains(w) && resource_word(w).is_none() && number(w).is_none())
            .map(|_| words.raw(i + 1).unwrap_or_default().to_owned())
    {
        words.mark(i);
        words.mark(i + 1);
        return LogOptions {
            previous,
            timestamps,
            tail,
            since,
            grep: Some(text),
            all_containers,
        };
    }

    // "lines that contain 'query failed'", "find \"Peer down\" in the
    // logs of web", "the errors in web's logs": the text the lines hold.
    let grep = if about_logs { log_filter(words) } else { None };
    LogOptions {
        previous,
        timestamps,
        tail,
        since,
        grep,
        all_containers,
    }
}

/// Quoted text to search for ("logs that contain 'ERROR'", "find
/// 'timeout' in the logs") is not a name: claimed.
pub(super) fn claim_search_text(words: &mut Words) {
    for i in 0..words.len() {
        if words.is_quoted(i)
            && words
                .get(i.wrapping_sub(1))
                .is_some_and(|w| SEARCH_CUES.contains(&w) || matches!(w, "find" | "search"))
        {
            words.mark(i);
        }
    }
}

/// "what did web print?", "what did the job output": the logs, asked as
/// what was printed; the word before the printing is where the verb ends.
pub(super) fn printed(words: &mut Words) -> Option<usize> {
    const PRINTING: [&str; 6] = ["print", "output", "say", "write", "emit", "log"];
    // "what is api-7 printing", "what is coredns logging in kube-system":
    // the logs, asked as what it is printing now.
    if matches!(words.get(0), Some("what" | "what's" | "whats"))
        && let Some(ing) = (1..words.len()).find(|&i| {
            matches!(
                words.free(i),
                Some("printing" | "logging" | "outputting" | "emitting" | "spitting")
            )
        })
        && (1..ing).any(|i| matches!(words.get(i), Some("is" | "are" | "was" | "been")))
    {
        words.mark(ing);
        if words.get(ing + 1) == Some("out") {
            words.mark(ing + 1);
        }
        return Some(ing);
    }
    let at = words.w.iter().position(|w| w == "did")?;
    if !PRINTING.iter().any(|w| words.has(w)) {
        return None;
    }
    for w in PRINTING {
        words.take_phrase(w);
    }
    Some(at)
}
