//! The slots of one reading, filled stage by stage. Each stage claims the
//! words it understands, so a later stage never reads them again: scope,
//! containers and marked names, selectors, log and drain options, ports,
//! fields shown, the verb, the type, event types and phases, counts, and
//! last the name from what is left.

use super::*;

/// What one clause says, slot by slot.
pub(super) struct Frame {
    pub words: Words,
    /// A manifest file named ("delete the pod in pod.json").
    pub file: Option<String>,
    pub scope: Scope,
    pub container: Option<ContainerName>,
    pub name: Option<ResourceName>,
    /// The name stands where a name does (after the type word, the verb,
    /// "named"); a change to a name found elsewhere is asked back.
    pub name_adjacent: bool,
    pub sel: Selectors,
    pub logs: LogOptions,
    pub drain: DrainOptions,
    pub expose_ports: (Option<u16>, Option<u16>),
    /// What an "expose" says of the Service: its name and type.
    pub service: ServiceAsk,
    pub projections: Vec<Projection>,
    pub sort: Option<SortKind>,
    /// "sorted by .status.startTime": the field path said.
    pub sort_field: Option<kubechat_core::fieldpath::FieldPath>,
    /// "pods on node worker-2".
    pub on_node: Option<String>,
    /// "tls secrets": the `type` of Secret asked for.
    pub secret_type: Option<&'static str>,
    /// "pods using the service account deployer".
    pub service_account: Option<String>,
    pub wide: bool,
    /// A field of a built-in type asked about ("what does
    /// pods.spec.containers hold?"): its type, path and where it stands.
    pub explain_field: Option<(ResourceType, String, usize)>,
    pub verb: VerbSlot,
    /// The verb or the type word was read from a typo.
    pub typo: bool,
    pub resource: Option<ResourceType>,
    pub resource_at: Option<usize>,
    /// The type came from a type word.
    pub explicit_type: bool,
    pub warning: bool,
    pub normal: bool,
    /// "events with reason FailedScheduling".
    pub event_reason: Option<String>,
    pub wants_failing: bool,
    pub field_selector: Option<&'static str>,
    pub counts: Counts,
    pub labels: LabelAsks,
    /// Taints put on or taken off a node.
    pub taints: Vec<kubechat_core::TaintChange>,
    /// "delete the dev namespace and everything in it": "all" counts
    /// what goes with the one namespace, not namespaces.
    pub with_contents: bool,
}

impl Frame {
    /// Fills the slots of `text`, stage by stage.
    pub(super) fn fill(text: &str) -> Result<Frame> {
        let mut words = Words::new(text);
        if words.len() == 0 {
            return Err(not_understood("the request is empty"));
        }
        compound_number(&words)?;
        let file = file_named(&mut words)?;
        saved_output(&mut words);
        // "on the gke-dev cluster": never a name, nor a namespace; the
        // chat holds the cluster said against the bot's (`stated_cluster`).
        while cluster_named(&mut words).is_some() {}
        api_version_said(&mut words);
        // Another identity's right, before the places and names: the
        // account's own namespace and name are its, not the request's.
        let other = rights::other_can(&mut words);
        let about_logs = about_logs(&words);
        // "nodes in zone us-east-1a": a label, not a place.
        let zone = super::labels::zone_said(&mut words)?;
        let scope = scope(&mut words, about_logs)?;
        let container = container(&mut words);
        // Before the marked name: "pods of service account named x",
        // "expose web as a service named web-svc".
        let service_account = service_account_of_pods(&mut words);
        let service = expose_service(&mut words)?;
        let mut name = marked_name(&mut words);
        // "a namespace called load testing": a name said in two words is
        // written with a dash, as a guess (read as "load", the rest of
        // the name was dropped).
        let name_joined = match name.as_ref().and_then(|n| joined_name(&mut words, n)) {
            Some(joined) => {
                name = Some(joined);
                true
            }
            None => name.as_ref().is_some_and(|n| name_runs_on(&words, n)),
        };
        let mut name_adjacent = name.is_some();
        // Before the selectors: `dedicated=gpu:NoSchedule` is a taint.
        let mut taints = taint_changes(&mut words)?;
        let mut sel = selectors(&mut words)?;
        // (Every namespace but one, as the field selector says it.)
        if let Some(ns) = scope.excluded.as_ref() {
            sel.terms.push(format!("metadata.namespace!={ns}"));
            sel.selecting.push(true);
            sel.selector = Some(Selector::parse(&sel.terms.join(","))?);
        }
        if let Some(term) = zone {
            sel.terms.push(term);
            sel.selecting.push(true);
            sel.selector = Some(Selector::parse(&sel.terms.join(","))?);
        }
        let secret_type = secret_type(&mut words);
        let logs = log_options(&mut words, about_logs);
        let drain = drain_options(&mut words);
        let expose_ports = expose_ports(&mut words);
        let sort_field = sort_field(&mut words);
        // "what images are the pods running", "pod IPs", "sorted by age".
        let (projections, sort) = projections_and_order(&mut words);
        // "pods on node worker-2", "what runs on the gpu-1 node".
        // "what taints are on node gpu-2": a field of the node itself,
        // not the pods on it.
        let node_field = projections.iter().any(|p| {
            matches!(
                p,
                Projection::Taints
                    | Projection::NodeInfo(..)
                    | Projection::Capacity
                    | Projection::Allocatable
            )
        });
        // ("what labels are on node worker-b-3": the node's own labels,
        // where no pods are asked about.)
        let node_field = node_field
            || ((words.has("labels") || words.has("annotations"))
                && !words.has("pods")
                && !words.has("pod"));
        let on_node = if node_field {
            None
        } else {
            node_named(&mut words)
        };
        let wide = wide(&mut words);
        let explain_field = explained_field(&mut words);
        let node_asked = node_state_asked(&mut words);
        // "You get a call from a user …", "we got a ticket": how the
        // trouble reached the person, not the verb get.
        super::trouble::lead_in(&mut words);
        // "spin up a pod running nginx", "stand up a redis pod": the
        // phrase asks for something new (`creation_asked`), and is no
        // name.
        if let Some(i) = super::verbs::order_start(&words)
            && matches!(words.free(i), Some("spin" | "stand"))
            && words.free(i + 1) == Some("up")
        {
            words.mark(i);
            words.mark(i + 1);
        }
        let mut verb = read_verb(&mut words, explain_field.as_ref(), other)?;
        // "cordon + drain node db-node-2", "cordon and drain it": a drain
        // cordons first; the drain is the order (never the cordon alone).
        if verb.verb == Some(Verb::Cordon)
            && let Some(d) = (0..words.len()).find(|&i| words.free(i) == Some("drain"))
            && d > 0
            && matches!(words.get(d - 1), Some("+" | "and" | "&" | "then" | "n"))
        {
            words.mark(d);
            words.mark(d - 1);
            verb.verb = Some(Verb::Drain);
        }
        // "delete all pods except kube-system": a change to every other
        // namespace of the cluster at once, never read from chat.
        if let Some(ns) = scope.excluded.as_ref()
            && verb.verb.is_some_and(|v| !v.is_read())
        {
            return Err(Error::Refused {
                reason: format!(
                    "a change in every namespace but {ns} is not read from chat; name the namespace, or give a label selector"
                ),
                suggestions: Vec::new(),
            });
        }
        // "remove label env=prod from pod web": the pair names the label
        // removed, it selects nothing.
        if let Some(keys) = &verb.removal {
            let keep: Vec<bool> = sel
                .terms
                .iter()
                .map(|t| {
                    !t.split_once('=')
                        .is_some_and(|(k, _)| keys.iter().any(|x| x == k))
                })
                .collect();
            if keep.contains(&false) {
                let mut k = keep.iter();
                sel.terms.retain(|_| *k.next().unwrap_or(&true));
                let mut k = keep.iter();
                sel.selecting.retain(|_| *k.next().unwrap_or(&true));
                sel.selector = if sel.terms.is_empty() {
                    None
                } else {
                    Some(Selector::parse(&sel.terms.join(","))?)
                };
            }
        }
        // "remove the dedicated taint from node foo": a taint's change,
        // whatever verb said it; a read of taints stays a read.
        // "does node cp-1 have the NoSchedule taint?": a taint asked
        // about is the node's taints read, never a change.
        let mut projections = projections;
        if matches!(verb.verb, None | Some(Verb::Taint)) && taints_asked(&words) {
            verb.verb = Some(Verb::Get);
            taints.clear();
            // "the NoSchedule taint": the effect asked about, no name.
            for i in 0..words.len() {
                if words
                    .free(i)
                    .is_some_and(|w| kubechat_core::TaintEffect::parse(w).is_some())
                {
                    words.mark(i);
                }
            }
            if !projections.contains(&Projection::Taints) {
                projections.push(Projection::Taints);
            }
        } else if !taints.is_empty() && verb.verb.is_none_or(|v| !v.is_read()) {
            verb.verb = Some(Verb::Taint);
        }
        let mut typo = verb.typo;
        let mut found = read_type(
            &mut words,
            verb.verb,
            verb.listing_rights,
            explain_field.as_ref(),
            wide,
            name.is_some(),
        )?;
        if let Some(t) = found.typo {
            typo = t;
        }
        typo |= name_joined;
        if found.name.is_some() {
            name = found.name;
            name_adjacent = true;
        }
        if name.is_none()
            && matches!(verb.verb, None | Some(Verb::Get | Verb::Describe))
            && found
                .resource
                .as_ref()
                .is_some_and(|r| matches!(r.as_str(), "pods" | "horizontalpodautoscalers"))
            && let Some(at) = found.at
            && let Some((_, n)) = owning_workload(&mut words, at)
        {
            // "pods of deployment web with label tier=db": the workload's
            // pods are found by its selector, which a name and a selector
            // together cannot say (kubectl refuses both); the selector said
            // alone may be wider than the workload's pods. Asked back.
            if !sel.terms.is_empty() {
                return Err(Error::NotUnderstood {
                    reason: format!(
                        "the pods of {n} are found by its label selector; give the whole selector, its labels and {}",
                        sel.terms.join(",")
                    ),
                    suggestions: vec![format!("get pods -l {}", sel.terms.join(","))],
                });
            }
            name = Some(n);
            name_adjacent = true;
        }
        // "restart all pods of deployment api", "recreate the pods of
        // the web statefulset": restarting a workload's pods is its
        // rollout restart.
        if name.is_none()
            && verb.verb == Some(Verb::RolloutRestart)
            && found
                .resource
                .as_ref()
                .is_some_and(|r| r.as_str() == "pods")
            && let Some(at) = found.at
            && let Some((kind, n)) = owning_workload(&mut words, at)
            && kind.as_str() != "jobs"
        {
            found.resource = Some(kind);
            name = Some(n);
            name_adjacent = true;
        }
        // "Pods remain in Pending status", "HPA not scaling": a symptom
        // stated about the kind asks for a diagnosis, whatever verb word
        // the statement holds after its subject ("pods continuously
        // restart"); one said before it is a command and stays.
        // ("statefulset es-data is pending again, can u describe it":
        // a look asked for after the symptom is the look.)
        if let Some(at) = found.at
            && verb.start.is_none_or(|v| v > at)
            && !(verb.start.is_some() && verb.verb == Some(Verb::Describe))
            && super::trouble::statement(&mut words, at)
        {
            verb.verb = Some(Verb::Diagnose);
            verb.start = None;
            verb.end = None;
            verb.stated = true;
        }
        let (warning, normal) = event_types(&mut words, verb.verb);
        let event_reason = event_reason(&mut words);
        let wants_failing = wants_failing(&words);
        let mut field_selector = phase_selector(&words);
        if matches!(verb.verb, None | Some(Verb::Get))
            && found
                .resource
                .as_ref()
                .is_some_and(|r| r.as_str() == "nodes")
        {
            field_selector = node_asked
                .or_else(|| node_state(&mut words))
                .or(field_selector);
        }
        let counts = counts(&mut words);
        // "drop web to 2 replicas" lowers a count; "drop the nginx
        // service" deletes it.
        if verb.verb == Some(Verb::Delete)
            && counts.replicas.is_some()
            && verb.start.and_then(|at| words.get(at)) == Some("drop")
        {
            verb.verb = Some(Verb::Scale);
        }
        claim_search_text(&mut words);
        let labels = label_asks(&mut words, verb.verb);
        // "add deprecated=true to all pods with app=legacy": the verb of
        // a label said as "add", never a name.
        if verb.verb.is_none()
            && let Some(i) = super::verbs::order_start(&words)
            && super::verbs::added_pair(&words, i)
        {
            words.mark(i);
        }
        // "undo to the previous version of checkout": the version words
        // are the undo's, so the name after them stands after the verb.
        if verb.verb == Some(Verb::RolloutUndo) {
            super::rollout::earlier_version(&mut words);
        }
        // "Place a taint on node node-1 with key …": the node a node's
        // change is made on is its object, not where pods run.
        let mut on_node = on_node;
        if name.is_none()
            && matches!(
                verb.verb,
                Some(Verb::Taint | Verb::Cordon | Verb::Uncordon | Verb::Drain)
            )
            && found
                .resource
                .as_ref()
                .is_none_or(|r| r.as_str() == "nodes")
            // ("cordon the node, not the one with pods on node-3": where
            // pods run, said of them.)
            && !words.has("pods")
            && !words.has("pod")
            && let Some(n) = on_node.take()
        {
            name = ResourceName::parse(&n).ok();
            name_adjacent = true;
        }
        if name.is_none() {
            name = pick_name(
                &mut words,
                found.at,
                verb.verb,
                verb.start,
                verb.end,
                &mut name_adjacent,
            );
            if !name_adjacent
                && name
                    .as_ref()
                    .is_some_and(|n| super::names::named_after_colon(text, n.as_str()))
            {
                name_adjacent = true;
            }
            // "scale the Order API deployment", "delete the nightly
            // report cronjob": a plain word before the name said before
            // its type may be the name's first part; both are joined,
            // and the reading is not sure of it (a change is asked back).
            if let Some(joined) = name
                .as_ref()
                .and_then(|n| super::names::joined_before(&mut words, n, found.at))
            {
                name = Some(joined);
                typo = true;
            }
        }
        Ok(Frame {
            words,
            file,
            scope,
            container,
            name,
            name_adjacent,
            sel,
            logs,
            drain,
            expose_ports,
            service,
            projections,
            sort,
            sort_field,
            on_node,
            secret_type,
            service_account,
            wide,
            explain_field,
            verb,
            typo,
            explicit_type: found.resource.is_some(),
            resource: found.resource,
            resource_at: found.at,
            warning,
            normal,
            event_reason,
            wants_failing,
            field_selector,
            counts,
            labels,
            taints,
            with_contents: false,
        })
    }
}

/// "scale web to twenty five", "on port eighty eighty", "two hundred":
/// a number said in several words, which the rules read one word at a
/// time (20, 80, 2) — asked back in digits rather than read wrong.
fn compound_number(words: &Words) -> Result<()> {
    // (A match, not a list search: this runs on every reading.)
    let said = |i: usize| {
        words.get(i).is_some_and(|w| {
            matches!(
                w,
                "zero"
                    | "one"
                    | "two"
                    | "three"
                    | "four"
                    | "five"
                    | "six"
                    | "seven"
                    | "eight"
                    | "nine"
                    | "ten"
                    | "eleven"
                    | "twelve"
                    | "thirteen"
                    | "fourteen"
                    | "fifteen"
                    | "sixteen"
                    | "seventeen"
                    | "eighteen"
                    | "nineteen"
                    | "twenty"
                    | "thirty"
                    | "forty"
                    | "fifty"
                    | "sixty"
                    | "seventy"
                    | "eighty"
                    | "ninety"
                    | "hundred"
                    | "thousand"
                    | "million"
            )
        })
    };
    match (1..words.len()).find(|&i| said(i - 1) && said(i)) {
        Some(i) => Err(not_understood(format!(
            "\"{} {}\" is a number said in words; write it in digits",
            words.get(i - 1).unwrap_or_default(),
            words.get(i).unwrap_or_default()
        ))),
        None => Ok(()),
    }
}
