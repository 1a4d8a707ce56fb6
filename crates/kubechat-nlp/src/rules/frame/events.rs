//! The events family: events of one type, or of one object.

use super::*;

/// The type of event asked for: "warnings", "normal events", quoted or not;
/// claimed as the verb ("any warnings in prod?"), still the filter.
pub(super) fn event_types(words: &mut Words, verb: Option<Verb>) -> (bool, bool) {
    // ("Warning-type events", "warning-level events": the type, written
    // with its kind word.)
    let warning = words.take_phrase("warning").is_some()
        || words.take_phrase("warnings").is_some()
        || words.take_phrase("warning-type").is_some()
        || words.take_phrase("warning-level").is_some()
        // Claimed as the verb ("any warnings in prod?"), still the filter.
        || (verb == Some(Verb::Events) && words.w.iter().any(|w| w == "warnings"));
    let normal =
        words.take_phrase("normal").is_some() || words.take_phrase("normal-type").is_some();
    for i in 0..words.len() {
        if words.is_quoted(i) && matches!(words.free(i), Some("warning" | "normal")) {
            words.mark(i);
        }
    }
    let quoted_type = |t: &str| words.w.iter().zip(&words.quoted).any(|(w, q)| *q && w == t);
    let warning = warning || quoted_type("warning");
    let normal = normal || quoted_type("normal");
    (warning, normal)
}

/// Event reasons written as one word, by their lower case; said without
/// "reason" they are read only when they cannot be an ordinary word
/// ("FailedScheduling events", never "failed events").
const REASONS: &[&str] = &[
    "FailedScheduling",
    "FailedMount",
    "FailedAttachVolume",
    "FailedCreate",
    "FailedCreatePodSandBox",
    "FailedSync",
    "FailedKillPod",
    "FailedPreStopHook",
    "FailedPostStartHook",
    "FailedGetResourceMetric",
    "FailedComputeMetricsReplicas",
    "ProvisioningFailed",
    "BackOff",
    "OOMKilling",
    "NodeNotReady",
    "NodeHasDiskPressure",
    "NodeHasMemoryPressure",
    "EvictionThresholdMet",
    "ScalingReplicaSet",
    "SuccessfulCreate",
    "SuccessfulDelete",
    "SuccessfulRescale",
    "ImageGCFailed",
    "FreeDiskSpaceFailed",
    "DNSConfigForming",
    "NetworkNotReady",
];

/// "events with reason FailedScheduling", "FailedMount events", "events
/// whose reason is BackOff": the `reason` field selector events support,
/// claimed so the reason is never a name. Only where events are asked.
pub(super) fn event_reason(words: &mut Words) -> Option<String> {
    if !(words.has("events") || words.has("event")) {
        return None;
    }
    // After the word "reason", as written (reasons are case-sensitive).
    for i in 0..words.len() {
        if !matches!(words.free(i), Some("reason" | "reasons")) {
            continue;
        }
        let mut at = i + 1;
        while matches!(words.free(at), Some("is" | "of" | "being" | "=")) {
            at += 1;
        }
        let Some(raw) = words
            .raw(at)
            .filter(|_| words.free(at).is_some())
            .map(str::to_owned)
        else {
            continue;
        };
        let reason = REASONS
            .iter()
            .find(|r| r.eq_ignore_ascii_case(&raw))
            .map_or_else(|| raw.clone(), |r| (*r).to_owned());
        if !reason.chars().all(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        for k in i..=at {
            words.mark(k);
        }
        if matches!(
            words.get(i.wrapping_sub(1)),
            Some("with" | "whose" | "of" | "by")
        ) {
            words.mark(i - 1);
        }
        return Some(reason);
    }
    let (at, reason) = (0..words.len()).find_map(|i| {
        let w = words.free(i)?;
        REASONS
            .iter()
            .find(|r| r.eq_ignore_ascii_case(w))
            .map(|r| (i, *r))
    })?;
    words.mark(at);
    Some(reason.to_owned())
}

/// Events of one object or of the namespace, of one type if asked
/// ("recent events for web": a name without its kind is a pod's, found by
/// its prefix where it runs, as for logs).
pub(super) fn event_filter(
    op: &mut Operation,
    warning: bool,
    normal: bool,
    reason: Option<&str>,
    explicit_type: bool,
) -> Result<()> {
    match &op.name {
        None => op.resource = ResourceType::parse("events")?,
        // "events for the drain of node-3": a name shaped as only nodes
        // are named, its own kind not said, is a node's.
        Some(n)
            if (!explicit_type || op.resource.as_str() == "events")
                && super::nodes::node_only_name(n.as_str()) =>
        {
            op.resource = ResourceType::parse("nodes")?;
        }
        // "recent events for web": a name without its kind is a pod's
        // (found by its prefix where it runs, as for logs).
        Some(_) if op.resource.as_str() == "events" => {
            op.resource = ResourceType::parse("pods")?;
        }
        Some(_) => {}
    }
    op.all_namespaces = op.all_namespaces && op.name.is_none();
    let mut fields: Vec<String> = match (warning, normal) {
        (true, false) => vec!["type=Warning".into()],
        (false, true) => vec!["type=Normal".into()],
        _ => Vec::new(),
    };
    fields.extend(reason.map(|r| format!("reason={r}")));
    op.params.field_selector = if fields.is_empty() {
        None
    } else {
        Some(Selector::parse(&fields.join(","))?)
    };
    Ok(())
}
