//! A Service's type changed: "change service web to NodePort", "make the
//! checkout service a LoadBalancer", "patch svc api so that its type
//! becomes ClusterIP" — the patch people run (`kubectl patch svc NAME -p
//! '{"spec":{"type":"NodePort"}}'`), previewed by the API server's dry
//! run like any change.

use super::*;

/// The verbs that change a Service's type, said first (after "please",
/// "can you" …): an order, never a question about the type.
const CHANGES: &[&str] = &[
    "change", "switch", "convert", "patch", "make", "set", "update", "turn", "modify", "revert",
    "return", "put",
];

/// The types a Service is switched between by its type alone (an
/// ExternalName needs its external name too, which is a manifest).
const TYPES: &[(&str, &str)] = &[
    ("clusterip", "ClusterIP"),
    ("nodeport", "NodePort"),
    ("loadbalancer", "LoadBalancer"),
];

/// Words that say the type after them is the one wanted.
const TO: &[&str] = &[
    "to", "into", "becomes", "become", "a", "an", "as", "type", "is", "be",
];

/// The reading of a Service's type change, or `None` when the words do
/// not say one.
pub(super) fn service_type_change(
    words: &Words,
    resource: Option<&ResourceType>,
    name: Option<&ResourceName>,
    namespace: Option<&Namespace>,
) -> Result<Option<Reading>> {
    let word = |i: usize| words.get(i).unwrap_or_default();
    let Some(first) = order_start(words) else {
        return Ok(None);
    };
    if !CHANGES.contains(&word(first)) || resource.is_none_or(|r| r.as_str() != "services") {
        return Ok(None);
    }
    // "from ClusterIP to NodePort": the type after a word of wanting,
    // never the one it is changed from.
    let wanted = (first + 1..words.len()).find_map(|i| {
        let (_, kind) = TYPES.iter().find(|(w, _)| *w == word(i))?;
        let said_to = (i.saturating_sub(3).max(first + 1)..i).any(|k| TO.contains(&word(k)));
        (said_to && word(i.wrapping_sub(1)) != "from").then_some(*kind)
    });
    let Some(kind) = wanted else {
        return Ok(None);
    };
    let patch = format!("{{\"spec\":{{\"type\":\"{kind}\"}}}}");
    let by_hand = || vec![format!("kubectl patch service NAME -p '{patch}'")];
    // What the type alone does not say is asked, never dropped: a choice
    // ("NodePort or LoadBalancer"), a port or address ("NodePort 30080",
    // "loadBalancerIP 10.0.0.5"), an internal load balancer (a cloud's
    // annotation), several services or every namespace.
    let said = |w: &str| words.has(w);
    let kinds_said = TYPES.iter().filter(|(w, _)| said(w)).count();
    let choice = kinds_said > 1 && !said("from");
    let more = (first + 1..words.len()).any(|i| {
        let w = word(i);
        number(w).is_some()
            || matches!(
                w,
                "internal"
                    | "internally"
                    | "private"
                    | "privately"
                    | "loadbalancerip"
                    | "nodeport:"
                    | "externalname"
                    | "ip"
                    | "port"
                    | "ports"
                    | "annotation"
                    | "and"
                    | "services"
                    | "everywhere"
                    | "all"
                    | "every"
            )
    });
    if choice || more {
        return Err(Error::NotUnderstood {
            reason: format!(
                "a Service is made a {kind} by its type alone here; what else is said (a choice, a port or address, an internal load balancer, several services) needs the patch in kubectl syntax"
            ),
            suggestions: by_hand(),
        });
    }
    // (The verb is no name: "change the service type to NodePort".)
    let Some(name) = name.filter(|n| !CHANGES.contains(&n.as_str())) else {
        return Err(Error::NotUnderstood {
            reason: format!("say which service to make a {kind}"),
            suggestions: by_hand(),
        });
    };
    patch_reading("services", name.clone(), namespace, patch).map(Some)
}
