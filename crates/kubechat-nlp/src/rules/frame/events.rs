//! The events family: events of one type, or of one object.

use super::*;

/// The type of event asked for: "warnings", "normal events", quoted or not;
/// claimed as the verb ("any warnings in prod?"), still the filter.
pub(super) fn event_types(words: &mut Words, verb: Option<Verb>) -> (bool, bool) {
    let warning = words.take_phrase("warning").is_some()
        || words.take_phrase("warnings").is_some()
        // Claimed as the verb ("any warnings in prod?"), still the filter.
        || (verb == Some(Verb::Events) && words.w.iter().any(|w| w == "warnings"));
    let normal = words.take_phrase("normal").is_some();
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

/// Events of one object or of the namespace, of one type if asked
/// ("recent events for web": a name without its kind is a pod's, found by
/// its prefix where it runs, as for logs).
pub(super) fn event_filter(op: &mut Operation, warning: bool, normal: bool) -> Result<()> {
    if op.name.is_none() {
        op.resource = ResourceType::parse("events")?;
    } else if op.resource.as_str() == "events" {
        // "recent events for web": a name without its kind is a
        // pod's (found by its prefix where it runs, as for logs).
        op.resource = ResourceType::parse("pods")?;
    }
    op.all_namespaces = op.all_namespaces && op.name.is_none();
    op.params.field_selector = match (warning, normal) {
        (true, false) => Some(Selector::parse("type=Warning")?),
        (false, true) => Some(Selector::parse("type=Normal")?),
        _ => None,
    };
    Ok(())
}
