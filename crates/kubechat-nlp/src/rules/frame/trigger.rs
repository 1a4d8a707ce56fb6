//! A CronJob run by hand: "run the backup cronjob now", "trigger cronjob
//! backup", "create a job named backup-now from the backup cronjob" —
//! `kubectl create job NAME --from=cronjob/CRONJOB`.

use super::*;

/// Words that start a run, said first (after "please", "can you" …):
/// an order, never a question about runs ("did the backup cronjob run?").
const STARTS: &[&str] = &[
    "trigger", "run", "kick", "fire", "start", "launch", "invoke",
];

/// Words after the CronJob's type that are no name ("run cronjob backup
/// now").
const NOT_CRONJOB_NAMES: &[&str] = &[
    "now",
    "manually",
    "once",
    "immediately",
    "again",
    "right",
    "away",
    "by",
    "hand",
    "in",
    "from",
    "to",
    "as",
    "named",
    "called",
    "with",
    "for",
    "on",
];

/// Longest name the CronJob controller leaves room for: a Job's name
/// is also a label value (63 characters), so `-manual` must fit.
const MAX_CRONJOB_NAME: usize = 52;

/// The word at `i` when it can name a CronJob or a Job.
fn plain_at(words: &Words, i: usize) -> Option<&str> {
    words.get(i).filter(|w| {
        (names::plain_name(w) || (words.is_quoted(i) && names::is_name_candidate(w)))
            && !NOT_CRONJOB_NAMES.contains(w)
    })
}

/// Where the CronJob's type word (or `cronjob/NAME`) stands, and the
/// CronJob it names: `cronjob/NAME`, "cronjob named NAME", "cronjob NAME",
/// or (when `before` allows it) "the NAME cronjob".
fn cronjob_named(words: &Words, before: impl Fn(usize) -> bool) -> Option<(usize, Option<String>)> {
    let word = |i: usize| words.get(i).unwrap_or_default();
    let n = words.len();
    let slashed = (0..n).find_map(|i| {
        ["cronjob/", "cronjobs/", "cj/"]
            .iter()
            .find_map(|p| word(i).strip_prefix(p))
            .map(|name| (i, name.to_owned()))
    });
    let at = slashed
        .as_ref()
        .map(|(i, _)| *i)
        .or_else(|| (0..n).find(|&i| matches!(word(i), "cronjob" | "cronjobs" | "cj")))?;
    let plain = |i: usize| plain_at(words, i);
    let name = match slashed {
        Some((_, name)) => Some(name),
        None if matches!(word(at + 1), "named" | "called") => plain(at + 2).map(str::to_owned),
        None => plain(at + 1)
            .or_else(|| at.checked_sub(1).filter(|&j| before(j)).and_then(plain))
            .map(str::to_owned),
    };
    Some((at, name))
}

/// The run of a CronJob the words ask for, when they ask for one: `None`
/// when the words are about something else (or about the CronJob's
/// schedule, which a run does not change).
pub(super) fn cronjob_run(words: &Words, namespace: Option<&Namespace>) -> Result<Option<Reading>> {
    let word = |i: usize| words.get(i).unwrap_or_default();
    let n = words.len();
    let Some((at, cronjob)) = cronjob_named(words, |_| true) else {
        return Ok(None);
    };
    // The order, said first.
    let first = order_start(words).unwrap_or(n);
    let start = STARTS.contains(&word(first))
        && (word(first) != "kick" || word(first + 1) == "off")
        && first < at;
    // "create a job from the backup cronjob": a Job made from it.
    let made = matches!(word(first), "create" | "make" | "spawn")
        && (0..n).any(|i| word(i) == "job")
        && (0..n).any(|i| word(i) == "from");
    if !start && !made {
        return Ok(None);
    }
    // "run the backup cronjob every hour", "start the suspended cronjob
    // again": its schedule, not a run ("trigger it again" is a run).
    if (0..n).any(|i| {
        matches!(
            word(i),
            "every"
                | "schedule"
                | "hourly"
                | "daily"
                | "weekly"
                | "suspend"
                | "suspended"
                | "resume"
                | "unsuspend"
                | "pause"
                | "paused"
        )
    }) {
        return Ok(None);
    }
    let Some(cronjob) = cronjob else {
        return Err(Error::NotUnderstood {
            reason: "say which cronjob to run".into(),
            suggestions: vec!["kubectl create job NAME --from=cronjob/CRONJOB".into()],
        });
    };
    let cronjob = ResourceName::parse(&cronjob)?;
    if cronjob.as_str().len() > MAX_CRONJOB_NAME {
        return Err(not_understood(format!(
            "a cronjob's name is at most {MAX_CRONJOB_NAME} characters; '{cronjob}' is longer"
        )));
    }
    // The Job's own name: "job named X", "as job X"; else the CronJob's
    // name marked as a run by hand.
    let cronjob_name_at = |i: usize| i == at + 2 && matches!(word(at + 1), "named" | "called");
    let job = (0..n).find_map(|i| {
        let after_job = word(i) == "job" && matches!(word(i + 1), "named" | "called");
        let as_job = word(i) == "as" && word(i + 1) == "job";
        // "create a job one-off-migrate from cronjob db-migrate": the
        // name right after "job", before "from".
        let job_then_from = word(i) == "job"
            && word(i + 2) == "from"
            && !matches!(word(i + 1), "named" | "called" | "now" | "manually" | "off");
        // "call the job db-cleanup-adhoc-1", "name it x", "call it x".
        let call = matches!(word(i), "call" | "name")
            && (word(i + 1) == "it" || (word(i + 1) == "the" && word(i + 2) == "job"));
        // "(create a job from it called backup-manual-1)": the job said a
        // few words before its name ("cronjob called X" names the
        // CronJob, which `cronjob_name_at` leaves out below).
        let job_called = matches!(word(i), "called" | "named")
            && (i.saturating_sub(5)..i).any(|k| word(k) == "job");
        let said = if after_job || as_job {
            i + 2
        } else if job_called {
            i + 1
        } else if call {
            if word(i + 1) == "it" { i + 2 } else { i + 3 }
        } else if job_then_from {
            i + 1
        } else {
            return None;
        };
        (!cronjob_name_at(said))
            .then(|| plain_at(words, said))
            .flatten()
    });
    let job = match job {
        Some(j) => ResourceName::parse(j)?,
        None => ResourceName::parse(&format!("{cronjob}-manual"))?,
    };
    let mut op = Operation::new(Verb::Create, ResourceType::parse("jobs")?);
    op.name = Some(job);
    op.namespace = namespace.cloned();
    op.params.from_cronjob = Some(cronjob);
    Ok(Some(Reading {
        op,
        confidence: 0.9,
        explicit_type: true,
        explicit_verb: true,
    }))
}

/// "suspend the backup cronjob", "pause cronjob backup", "resume cronjob
/// backup": a CronJob is held and let go by its `spec.suspend` — kubectl
/// has no verb for it, the patch is what people run. Said first, as an
/// order; a question ("is the backup cronjob suspended?") reads as a look.
pub(super) fn cronjob_suspend(
    words: &Words,
    namespace: Option<&Namespace>,
) -> Result<Option<Reading>> {
    let word = |i: usize| words.get(i).unwrap_or_default();
    let Some(first) = order_start(words) else {
        return Ok(None);
    };
    let suspend = match word(first) {
        "suspend" | "pause" | "disable" | "hold" => true,
        // "stop the cronjob X from running (for now)": its schedule held.
        "stop"
            if (first + 1..words.len()).any(|i| {
                word(i) == "from" && matches!(word(i + 1), "running" | "firing" | "triggering")
            }) =>
        {
            true
        }
        "unsuspend" | "resume" | "unpause" | "enable" | "re-enable" => false,
        _ => return Ok(None),
    };
    let Some((_, cronjob)) = cronjob_named(words, |j| j > first) else {
        return Ok(None);
    };
    let verb = if suspend { "suspend" } else { "resume" };
    let Some(cronjob) = cronjob else {
        return Err(Error::NotUnderstood {
            reason: format!("say which cronjob to {verb}"),
            suggestions: vec![format!(
                "kubectl patch cronjob NAME -p '{{\"spec\":{{\"suspend\":{suspend}}}}}'"
            )],
        });
    };
    patch_reading(
        "cronjobs",
        ResourceName::parse(&cronjob)?,
        namespace,
        format!("{{\"spec\":{{\"suspend\":{suspend}}}}}"),
    )
    .map(Some)
}

/// A patch read from the words said for it (a CronJob held, a Service's
/// type): every part of it was said, so it is as sure as a verb's own
/// reading.
pub(super) fn patch_reading(
    resource: &str,
    name: ResourceName,
    namespace: Option<&Namespace>,
    patch: String,
) -> Result<Reading> {
    let mut op = Operation::new(Verb::Patch, ResourceType::parse(resource)?);
    op.name = Some(name);
    op.namespace = namespace.cloned();
    op.params.patch = Some(patch);
    op.validate()?;
    Ok(Reading {
        op,
        confidence: 0.9,
        explicit_type: true,
        explicit_verb: true,
    })
}
