//! The scale family: counts said outright, relative to the live count,
//! or as a factor of it.

use super::*;

/// The counts a request states.
pub(super) struct Counts {
    /// "up by 2", "one more replica": added to the live count.
    pub scale_by: Option<i32>,
    /// "by 50%", "double": a percentage of the live count added.
    pub scale_percent: Option<i32>,
    pub replicas: Option<u32>,
    /// The count came after "to"/"at" or `replicas=` ("scale web to 3").
    pub replicas_to: bool,
    /// A count said to be one of replicas ("4 replicas", "down to 3"),
    /// which asks for a scale even without a verb.
    pub replicas_said: bool,
    /// "to revision 3".
    pub revision: Option<u32>,
}

/// The counts for scales and rollbacks, claimed from `words`.
pub(super) fn counts(words: &mut Words) -> Counts {
    // "scale web to 3 at 5 pm": a clock time, never a count.
    for i in 0..words.len() {
        if words
            .free(i)
            .is_some_and(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()))
            && matches!(words.get(i + 1), Some("pm" | "am" | "o'clock" | "oclock"))
        {
            words.mark(i);
            words.mark(i + 1);
        }
    }
    // "scale api to 10 before the email goes out at 9": the deadline's
    // hour, never a count.
    for i in 0..words.len() {
        if words.get(i) == Some("before")
            && let Some(at) = (i + 1..(i + 9).min(words.len())).find(|&k| {
                words.get(k) == Some("at") && words.free(k + 1).is_some_and(|n| number(n).is_some())
            })
        {
            words.mark(at);
            words.mark(at + 1);
        }
    }
    let (mut scale_by, mut scale_percent) = relative_by(words);
    if scale_by.is_none() {
        scale_by = added(words);
    }
    if scale_percent.is_none() && scale_by.is_none() {
        scale_percent = factor(words);
    }
    let (mut replicas, replicas_to, mut replicas_said, revision) = numbers(words);
    // "spin down batch-worker", "spin it down": to none, with no count
    // said ("spin down web to 2" says its own).
    if replicas.is_none()
        && scale_by.is_none()
        && scale_percent.is_none()
        && (0..words.len()).any(|i| {
            words.get(i) == Some("spin")
                && (i + 1..(i + 4).min(words.len())).any(|k| words.get(k) == Some("down"))
        })
    {
        replicas = Some(0);
        replicas_said = true;
    }
    Counts {
        scale_by,
        scale_percent,
        replicas,
        replicas_to,
        replicas_said,
        revision,
    }
}

/// "up by 2", "down by 1", "by 50%": a change relative to the live count,
/// as a number or a percentage.
fn relative_by(words: &mut Words) -> (Option<i32>, Option<i32>) {
    let mut scale_by = None;
    let mut scale_percent = None;
    let up = ["up", "increase", "grow", "bump", "more", "raise"];
    let down = [
        "down", "reduce", "shrink", "decrease", "fewer", "lower", "cut", "drop",
    ];
    let sign = if down.iter().any(|w| words.has(w)) {
        Some(-1)
    } else if up.iter().any(|w| words.has(w)) {
        Some(1)
    } else {
        None
    };
    if let Some(i) = words.w.iter().position(|w| w == "by")
        && let Some(sign) = sign
    {
        let next = words.get(i + 1).unwrap_or_default();
        let percent = next
            .strip_suffix('%')
            .and_then(number)
            .or_else(|| number(next).filter(|_| matches!(words.get(i + 2), Some("%" | "percent"))));
        if let Some(p) = percent.and_then(|p| i32::try_from(p).ok()) {
            scale_percent = Some(sign * p);
            words.mark(i);
            words.mark(i + 1);
            if matches!(words.get(i + 2), Some("%" | "percent")) {
                words.mark(i + 2);
            }
        } else if let Some(n) = number(next).and_then(|n| i32::try_from(n).ok()) {
            scale_by = Some(sign * n);
            words.mark(i);
            words.mark(i + 1);
        }
    }
    (scale_by, scale_percent)
}

/// "give web one more replica", "add 2 replicas to web", "two fewer
/// replicas for api": a count more or fewer than the live one.
fn added(words: &mut Words) -> Option<i32> {
    let mut scale_by = None;
    // ("web has 3 replicas, add two more": the count told running is
    // not the one added; "add two more" ends the line without its noun.)
    let noun = (0..words.len()).find(|&i| {
        matches!(
            words.free(i),
            Some("replica" | "replicas" | "instance" | "instances" | "pod" | "pods")
        ) && !i.checked_sub(1).is_some_and(|k| told_running(words, k))
    });
    let bare = || {
        (1..words.len())
            .find(|&m| {
                matches!(words.free(m), Some("more" | "extra" | "fewer"))
                    && words.get(m - 1).is_some_and(|n| number(n).is_some())
                    && words
                        .get(m + 1)
                        .is_none_or(|n| matches!(n, "please" | "pls" | "now" | "asap" | "then"))
            })
            .map(|m| m + 1)
    };
    if let Some(r) = noun.or_else(bare) {
        let more_at = r
            .checked_sub(1)
            .filter(|&m| matches!(words.free(m), Some("more" | "extra" | "fewer" | "less")));
        let n_at = more_at.map_or(r.checked_sub(1), |m| m.checked_sub(1));
        let adds = words.has("add") || words.has("give");
        let removes = ["remove", "drop", "take"].iter().any(|w| words.has(w));
        let n = n_at.and_then(|k| words.free(k)).and_then(|w| match w {
            "a" | "an" | "one" => Some(1),
            other => number(other),
        });
        let sign = match more_at.and_then(|m| words.get(m)) {
            Some("more" | "extra") => Some(1),
            Some("fewer" | "less") => Some(-1),
            _ if adds && !removes => Some(1),
            _ if removes && !adds => Some(-1),
            _ => None,
        };
        if let (Some(n), Some(sign), Some(k)) = (n.and_then(|n| i32::try_from(n).ok()), sign, n_at)
            && (more_at.is_some() || adds || removes)
        {
            scale_by = Some(sign * n);
            for j in k..=r {
                words.mark(j);
            }
            for w in ["add", "give", "remove", "drop"] {
                words.take_phrase(w);
            }
        }
    }
    scale_by
}

/// "double the replicas of api", "halve web": a factor of the live count,
/// said with a word — only beside a replica or workload word, so
/// "double-check" or "half an hour" never scales.
fn factor(words: &mut Words) -> Option<i32> {
    let workload_said = [
        "replicas",
        "replica",
        "deployment",
        "statefulset",
        "instances",
        "pods",
    ]
    .iter()
    .any(|w| words.has(w));
    // "double the memory of api": another quantity, not a count.
    let other_quantity = [
        "memory",
        "cpu",
        "limit",
        "limits",
        "request",
        "requests",
        "timeout",
        "size",
        "storage",
        "disk",
        "heap",
        "quota",
        "ram",
        "bandwidth",
        "connections",
    ]
    .iter()
    .any(|w| words.has(w));
    for (word, percent) in [("double", 100), ("triple", 200), ("halve", -50)] {
        if let Some(i) = words.w.iter().position(|w| w == word)
            && !words.used[i]
            && !other_quantity
            && (workload_said || i == 0)
        {
            words.mark(i);
            return Some(percent);
        }
    }
    // "scale web in half", "cut the replicas of api by half", "scale
    // checkout to half".
    // ("in half" may have been claimed as an idiom of place, which it
    // is, and no namespace.)
    if let Some(i) = words.w.iter().position(|w| w == "half")
        && i > 0
        && (!words.used[i] || words.get(i - 1) == Some("in"))
        && !other_quantity
        && (workload_said || words.has("scale") || words.has("cut"))
        && matches!(words.get(i - 1), Some("in" | "by" | "to"))
    {
        words.mark(i - 1);
        words.mark(i);
        return Some(-50);
    }
    None
}

/// "checkout is running 10 pods", "web has 4 replicas": the count
/// before word `i` is the one running, told — never the one wanted
/// ("make sure web has 3 replicas" wants it).
fn told_running(words: &Words, i: usize) -> bool {
    let before = |k: usize| i.checked_sub(k).and_then(|b| words.get(b));
    // ("we run 3 replicas of api", "they keep one replica": what the
    // people do, told.)
    let told = matches!(
        before(1),
        Some("running" | "has" | "have" | "had" | "currently")
    ) || (matches!(
        before(1),
        Some("run" | "runs" | "ran" | "keep" | "keeps" | "kept")
    ) && matches!(before(2), Some("we" | "they" | "it" | "i")));
    told && !["ensure", "sure", "should", "must", "want"]
        .iter()
        .any(|w| words.has(w))
}

/// Numbers for scales and rollbacks: the count ("to 3", "4 replicas",
/// `--replicas=3`), whether it was said as a count of replicas, and a
/// revision ("to revision 3").
fn numbers(words: &mut Words) -> (Option<u32>, bool, bool, Option<u32>) {
    let mut replicas = None;
    let mut replicas_to = false;
    // A count said to be one of replicas ("4 replicas", "down to 3"),
    // which asks for a scale even without a verb.
    let mut replicas_said = false;
    let mut revision = None;
    for i in 0..words.len() {
        let w = words.get(i).unwrap_or_default();
        // "a single replica", "one replica".
        if matches!(w, "single" | "one")
            && matches!(
                words.get(i + 1),
                Some("replica" | "instance" | "copy" | "pod")
            )
            && replicas.is_none()
            // ("add one replica": the count added, read before.)
            && !words.used[i]
            // ("we run a single replica": told.)
            && !told_running(words, i)
            && !(i > 0 && words.get(i - 1) == Some("a") && told_running(words, i - 1))
        {
            replicas = Some(1);
            replicas_said = true;
            words.mark(i);
            continue;
        }
        if let Some(r) = w
            .strip_prefix("replicas=")
            .or_else(|| w.strip_prefix("--replicas="))
        {
            replicas = number(r);
            replicas_to = true;
            words.mark(i);
        } else if w == "to" || w == "at" {
            // ("… at 5 pm": a clock time, claimed above.)
            // ("… at 50 percent", "at 70% cpu": a utilisation.)
            if w == "at"
                && (words.free(i + 1).is_none()
                    || matches!(words.get(i + 2), Some("percent" | "%" | "cpu" | "memory")))
            {
                continue;
            }
            // ("double web (it's at 3 now)", "scale down api by 2 (it is
            // at 8)", "currently at 4": the count running, told — never
            // the one wanted.)
            if w == "at"
                && matches!(
                    words.get(i.wrapping_sub(1)),
                    Some("is" | "currently" | "now" | "sitting" | "running" | "still")
                )
            {
                words.mark(i);
                words.mark(i + 1);
                continue;
            }
            if let Some(n) = words.get(i + 1).and_then(number) {
                if words.get(i + 1) == Some("revision") {
                    continue;
                }
                replicas = Some(n);
                replicas_to = true;
                replicas_said |= matches!(words.get(i.wrapping_sub(1)), Some("down" | "up"));
                words.mark(i + 1);
            } else if matches!(words.get(i + 1), Some("revision" | "rev" | "rev.")) {
                // ("to rev 2": the short word too; "to revision number
                // 2".)
                let at = i
                    + 2
                    + usize::from(matches!(
                        words.get(i + 2),
                        Some("number" | "no" | "no." | "#")
                    ));
                revision = words.get(at).and_then(number);
                words.mark(i + 1);
                words.mark(i + 2);
                words.mark(at);
            }
        } else if let Some(n) = number(w)
            && (matches!(
                words.get(i + 1),
                Some("replicas" | "replica" | "instances" | "copies" | "pods")
            )
                // ("with two pod replicas", "3 pod instances".)
                || (words.get(i + 1) == Some("pod")
                    && matches!(words.get(i + 2), Some("replicas" | "instances" | "copies"))))
            && !words.used[i]
            // ("checkout is running 10 pods, cut that in half", "web has 4
            // replicas": the count running, told — never the one wanted.)
            && !told_running(words, i)
            // "with fewer than 2 replicas" is a condition, not a count.
            && !bounded_number(words, i)
        {
            replicas = Some(n);
            replicas_said = words.get(i + 1) != Some("pods");
            words.mark(i);
        } else if matches!(w, "revision" | "rev")
            // ("revision number 3", "revision no. 3".)
            && let at = i + 1 + usize::from(matches!(words.get(i + 1), Some("number" | "no" | "no." | "#")))
            && let Some(n) = words.get(at).and_then(number)
        {
            revision = Some(n);
            words.mark(i + 1);
            words.mark(at);
        } else if let Some(n) = w
            .strip_prefix("--to-revision=")
            .or_else(|| w.strip_prefix("to-revision="))
            .and_then(number)
        {
            // "rollback deploy/frontend -n web --to-revision=3".
            revision = Some(n);
            words.mark(i);
        }
    }
    // "scale web 3", "scale sts kafka 5 -n streaming": a bare count right
    // after what "scale" names (a name-like word, or a type and a name).
    if replicas.is_none()
        && let Some(v) = (0..words.len()).find(|&i| words.get(i) == Some("scale"))
    {
        let mut k = v + 1;
        if words.get(k).and_then(resource_word).is_some() {
            k += 1;
        }
        if let Some(w) = words.get(k)
            && number(w).is_none()
            && !STOP_SET.contains(&w)
            && let Some(n) = words.get(k + 1).and_then(number)
            && !bounded_number(words, k + 1)
            && words
                .get(k + 2)
                .is_none_or(|w| matches!(w, "-n" | "in" | "on" | "please" | "pls" | "now"))
        {
            replicas = Some(n);
            replicas_to = true;
            words.mark(k + 1);
        }
    }
    (replicas, replicas_to, replicas_said, revision)
}

/// "stop the web deployment", "shut down statefulset db", "turn off
/// deployment web": a workload stopped is one scaled to zero (a
/// destructive change, confirmed by typing). Anything else stopped is
/// asked back with what would do it — never read as a look at the object
/// ("shut down the web deployment" once listed it).
pub(super) fn stop_workload(
    words: &Words,
    resource: Option<&ResourceType>,
    name: Option<&ResourceName>,
    namespace: Option<&Namespace>,
) -> Result<Option<Reading>> {
    let word = |i: usize| words.get(i).unwrap_or_default();
    let Some(first) = order_start(words) else {
        return Ok(None);
    };
    let stops = matches!(
        (word(first), word(first + 1)),
        ("stop" | "shutdown", _) | ("shut", "down") | ("turn" | "switch" | "power", "off")
    );
    // "stop scheduling on node-1" is a cordon, "stop the rollout" a
    // pause, "stop following the logs" no change: read elsewhere.
    let elsewhere = (0..words.len()).any(|i| {
        matches!(
            word(i),
            "scheduling"
                | "schedule"
                | "rollout"
                | "rolling"
                | "following"
                | "streaming"
                | "watching"
                | "logs"
                | "forwarding"
                | "port-forward"
                | "sending"
                | "traffic"
                // "stop new pods from landing on node-4": a cordon.
                | "landing"
                // "stop new pods from being scheduled onto worker-9".
                | "scheduled"
        )
    });
    if !stops || elsewhere {
        return Ok(None);
    }
    let kind = resource.map(ResourceType::as_str);
    if let (Some(rt), Some(name)) = (resource, name)
        && matches!(rt.as_str(), "deployments" | "statefulsets" | "replicasets")
    {
        let mut op = Operation::new(Verb::Scale, rt.clone());
        op.name = Some(name.clone());
        op.namespace = namespace.cloned();
        op.params.replicas = Some(0);
        // ("turn off the reporting-runner deployment, staging": an
        // environment beside it is asked back.)
        super::checks::environment_unread(words, &op)?;
        return Ok(Some(Reading {
            confidence: confidence(words, false, false).min(0.85),
            op,
            explicit_type: true,
            explicit_verb: true,
        }));
    }
    let suggestion = match (kind, name) {
        (Some("nodes"), Some(n)) => format!("drain node {n}"),
        (Some(k @ ("deployments" | "statefulsets" | "replicasets")), None) => {
            format!("scale {} NAME to 0", k.trim_end_matches('s'))
        }
        (_, Some(n)) => format!("scale deployment {n} to 0"),
        (_, None) => "scale deployment NAME to 0".into(),
    };
    Err(Error::NotUnderstood {
        reason: "a Deployment or StatefulSet is stopped by scaling it to 0 replicas (and a node is emptied by draining it); say which, by its type and name".into(),
        suggestions: vec![suggestion],
    })
}
