//! Property: every operation that has a kubectl form survives
//! render → parse unchanged, and its JSON form survives serialize →
//! deserialize unchanged.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use kubechat_core::kubectl;
use kubechat_core::{
    ContainerName, Namespace, Operation, OutputFormat, ResourceName, ResourceType, Selector, Since,
    Verb,
};
use proptest::prelude::*;

fn label() -> impl Strategy<Value = String> {
    "[a-z]([a-z0-9-]{0,8}[a-z0-9])?"
}

fn namespace() -> impl Strategy<Value = Option<Namespace>> {
    prop::option::of(label().prop_map(|s| Namespace::parse(&s).unwrap()))
}

fn name() -> impl Strategy<Value = ResourceName> {
    (label(), prop::option::of(label())).prop_map(|(a, b)| {
        let s = match b {
            Some(b) => format!("{a}.{b}"),
            None => a,
        };
        ResourceName::parse(&s).unwrap()
    })
}

fn selector() -> impl Strategy<Value = Selector> {
    let term = prop_oneof![
        (label(), label()).prop_map(|(k, v)| format!("{k}={v}")),
        (label(), label()).prop_map(|(k, v)| format!("{k}!={v}")),
        (label(), label(), label()).prop_map(|(k, a, b)| format!("{k} in ({a},{b})")),
        label().prop_map(|k| format!("!{k}")),
        label(),
    ];
    prop::collection::vec(term, 1..3).prop_map(|t| Selector::parse(&t.join(",")).unwrap())
}

fn resource() -> impl Strategy<Value = ResourceType> {
    prop::sample::select(vec![
        "pods",
        "deployments",
        "services",
        "configmaps",
        "statefulsets",
        "jobs",
        "ingresses",
        "persistentvolumeclaims",
        "widgets.example.com",
    ])
    .prop_map(|r| ResourceType::parse(r).unwrap())
}

fn kv_map(values: bool) -> impl Strategy<Value = BTreeMap<String, Option<String>>> {
    let value = if values {
        prop::option::of(label()).boxed()
    } else {
        Just(None).boxed()
    };
    prop::collection::btree_map(label(), value, 1..4)
}

prop_compose! {
    fn common()(ns in namespace(), all in any::<bool>(), sel in prop::option::of(selector())) -> (Option<Namespace>, bool, Option<Selector>) {
        // Namespace and all-namespaces are exclusive.
        let all = all && ns.is_none();
        (ns, all, sel)
    }
}

fn operation() -> impl Strategy<Value = Operation> {
    let verbs = Verb::ALL
        .into_iter()
        .filter(|v| !matches!(v, Verb::Create | Verb::Apply | Verb::Diagnose))
        .collect::<Vec<_>>();
    (
        prop::sample::select(verbs),
        resource(),
        prop::option::of(name()),
        common(),
        (
            0u32..=20,
            1u32..=500,
            any::<bool>(),
            prop::option::of(label()),
            prop::option::of(1u64..=86_400),
        ),
        (
            kv_map(true),
            any::<bool>(),
            prop::option::of(1u64..=50),
            prop::option::of(selector()),
        ),
        (
            prop::option::of(prop::sample::select(vec![
                OutputFormat::Wide,
                OutputFormat::Json,
                OutputFormat::Yaml,
                OutputFormat::Name,
            ])),
            any::<bool>(),
            any::<bool>(),
            1u16..=65535,
            prop::option::of(1u16..=65535),
        ),
        (
            prop::option::of(prop::sample::select(vec![
                "services",
                "configmaps",
                "deployments",
                "jobs",
            ])),
            any::<bool>(),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                verb,
                res,
                nm,
                (ns, all, sel),
                (replicas, tail, prev, container, since),
                (labels, overwrite, rev, fsel),
                (out, ids, ede, port, tport),
                (second, cols, sort),
            )| {
                let mut op = Operation::new(verb, res);
                op.namespace = ns;
                op.all_namespaces = all;
                op.selector = sel;
                op.name = nm.clone();
                let p = &mut op.params;
                match verb {
                    Verb::Get => {
                        p.output = out;
                        p.field_selector = fsel;
                        if cols {
                            p.output = None;
                            p.columns = kubechat_core::fieldpath::parse_columns(
                                r#"NAME:.metadata.name,IMAGES:.spec.containers[*].image,READY:.status.conditions[?(@.type=="Ready")].status"#,
                            )
                            .unwrap();
                        }
                        if sort && p.output.is_none() {
                            p.sort_by = Some(
                                kubechat_core::fieldpath::FieldPath::parse(
                                    ".status.containerStatuses[0].restartCount",
                                )
                                .unwrap(),
                            );
                        }
                    }
                    Verb::Delete => p.field_selector = fsel,
                    Verb::Logs => {
                        op.resource = ResourceType::parse("pods").unwrap();
                        op.selector = None;
                        op.all_namespaces = false;
                        p.tail = Some(tail);
                        p.previous = prev;
                        p.container = container.map(|c| ContainerName::parse(&c).unwrap());
                        // One container or all of them.
                        p.all_containers = p.container.is_none() && overwrite;
                        p.since = since.map(|s| Since::from_seconds(s).unwrap());
                    }
                    Verb::Events => {
                        op.selector = None;
                        if nm.is_none() {
                            op.resource = ResourceType::parse("events").unwrap();
                        } else {
                            op.all_namespaces = false;
                        }
                        p.field_selector = fsel;
                    }
                    Verb::Top => {
                        op.resource =
                            ResourceType::parse(if overwrite { "pods" } else { "nodes" }).unwrap();
                        p.sort_usage = prev.then_some(if tail % 2 == 0 {
                            kubechat_core::Usage::Cpu
                        } else {
                            kubechat_core::Usage::Memory
                        });
                    }
                    Verb::Scale => p.replicas = Some(replicas),
                    Verb::RolloutUndo => p.to_revision = rev,
                    Verb::RolloutHistory => p.revision = rev,
                    Verb::RolloutStatus => {
                        p.timeout = since
                            .filter(|_| overwrite)
                            .map(|s| kubechat_core::Timeout::from_seconds(s % 600 + 1).unwrap());
                    }
                    Verb::AuthCanI => {
                        op.selector = None;
                        p.action = Some(
                            ["get", "list", "create", "delete", "*"][tail as usize % 5].to_owned(),
                        );
                        p.subresource = overwrite.then(|| {
                            kubechat_core::operation::CAN_I_SUBRESOURCES
                                [tail as usize % kubechat_core::operation::CAN_I_SUBRESOURCES.len()]
                            .to_owned()
                        });
                    }
                    Verb::Label => {
                        p.labels = labels;
                        p.overwrite = overwrite;
                    }
                    Verb::Annotate => {
                        p.annotations = labels;
                        p.overwrite = overwrite;
                    }
                    Verb::Taint => {
                        op.resource = ResourceType::parse("nodes").unwrap();
                        op.namespace = None;
                        op.all_namespaces = false;
                        op.selector = None;
                        let effects = [
                            kubechat_core::TaintEffect::NoSchedule,
                            kubechat_core::TaintEffect::PreferNoSchedule,
                            kubechat_core::TaintEffect::NoExecute,
                        ];
                        p.taints = labels
                            .into_iter()
                            .enumerate()
                            .map(|(i, (key, value))| {
                                let remove = (tail as usize + i).is_multiple_of(3);
                                kubechat_core::TaintChange {
                                    key,
                                    value,
                                    effect: (!remove || ids)
                                        .then_some(effects[(replicas as usize + i) % 3]),
                                    remove,
                                }
                            })
                            .collect();
                        p.overwrite = overwrite;
                    }
                    Verb::Cordon | Verb::Uncordon | Verb::Drain => {
                        op.resource = ResourceType::parse("nodes").unwrap();
                        op.namespace = None;
                        op.all_namespaces = false;
                        op.selector = None;
                        if verb == Verb::Drain {
                            p.ignore_daemonsets = ids;
                            p.delete_emptydir_data = ede;
                            p.force = ids && ede;
                        }
                    }
                    Verb::Patch => {
                        op.selector = None;
                        op.all_namespaces = false;
                        p.patch = Some(format!("{{\"spec\":{{\"replicas\":{replicas}}}}}"));
                    }
                    Verb::Expose => {
                        op.selector = None;
                        op.all_namespaces = false;
                        p.port = Some(port);
                        p.target_port = tport;
                        p.service_name =
                            ids.then(|| ResourceName::parse(&format!("svc-{port}")).unwrap());
                        p.service_type = [
                            None,
                            Some(kubechat_core::ServiceType::ClusterIP),
                            Some(kubechat_core::ServiceType::NodePort),
                            Some(kubechat_core::ServiceType::LoadBalancer),
                        ][usize::from(port % 4)];
                    }
                    Verb::Explain => {
                        op.name = None;
                        op.namespace = None;
                        op.all_namespaces = false;
                        op.selector = None;
                    }
                    _ => {}
                }
                if verb.acts_on_workload() {
                    op.selector = None;
                    op.all_namespaces = false;
                    if verb != Verb::Scale {
                        op.resource = ResourceType::parse("deployments").unwrap();
                    }
                }
                // Several types: a second namespaced type beside the first.
                if let Some(t) = second
                    && matches!(verb, Verb::Get | Verb::Describe | Verb::Delete)
                    && op.params.columns.is_empty()
                    && op.params.sort_by.is_none()
                {
                    op.also = vec![ResourceType::parse(t).unwrap()];
                }
                op
            },
        )
        .prop_filter("valid operations only", |op| op.validate().is_ok())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn kubectl_form_round_trips(op in operation()) {
        let line = kubectl::render(&op);
        let back = kubectl::parse(&line).map_err(|e| TestCaseError::fail(format!("{line}: {e}")))?;
        prop_assert_eq!(back, op, "{}", line);
    }

    #[test]
    fn json_form_round_trips(op in operation()) {
        let json = serde_json::to_string(&op).unwrap();
        let back = Operation::from_json(&json).map_err(|e| TestCaseError::fail(format!("{json}: {e}")))?;
        prop_assert_eq!(back, op);
    }

    #[test]
    fn the_parser_never_panics(line in "kubectl [ -~]{0,80}") {
        let _ = kubectl::parse(&line);
    }
}

/// Guards against a vacuous generator: the round-trip properties only
/// mean something if every renderable verb is actually produced.
#[test]
fn the_generator_covers_every_renderable_verb() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = operation();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..3000 {
        seen.insert(strategy.new_tree(&mut runner).unwrap().current().verb);
    }
    let want: std::collections::BTreeSet<Verb> = Verb::ALL
        .into_iter()
        .filter(|v| !matches!(v, Verb::Create | Verb::Apply | Verb::Diagnose))
        .collect();
    assert_eq!(seen, want);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// Random text as a kubectl line and random JSON-ish text as an
    /// operation: an answer or a clear error, never a panic; whatever
    /// parses also validates or says why not.
    #[test]
    fn fuzz_kubectl_lines_and_operations(text in "\\PC{0,200}", json in "[{}\\[\\]\":,a-z0-9 -]{0,120}") {
        match kubechat_core::kubectl::parse(&format!("kubectl {text}")) {
            Ok(op) => {
                let _ = op.validate();
                let _ = op.risk();
                let _ = kubechat_core::kubectl::render(&op);
            }
            Err(e) => proptest::prop_assert!(!e.to_string().is_empty()),
        }
        if let Ok(op) = kubechat_core::Operation::from_json(&json) {
            let _ = op.validate();
        }
    }

    /// Random bytes, lossily decoded, through the patch risk check.
    #[test]
    fn fuzz_patch_risk(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = kubechat_core::operation::patch_is_destructive(&text);
    }
}
