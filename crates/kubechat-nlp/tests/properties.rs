//! Properties of the rule translator over generated requests.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kubechat_core::{Risk, Verb};
use proptest::prelude::*;

/// RFC 1123 labels that are not English words the rules know.
fn object_name() -> impl Strategy<Value = String> {
    "[a-z]{2,6}-[a-z0-9]{1,5}"
}

fn namespace() -> impl Strategy<Value = String> {
    "[a-z]{3,8}-(ns|prod|dev|stage)"
}

fn filler() -> impl Strategy<Value = (&'static str, &'static str)> {
    prop_oneof![
        Just(("", "")),
        Just(("please ", "")),
        Just(("could you please ", "?")),
        Just(("hey kubechat, ", "!")),
        Just(("can you ", " please")),
        Just(("", ".")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Whatever the text, the rules answer (never panic) and every
    /// operation they produce passes validation.
    #[test]
    fn any_text_gets_a_valid_answer_or_a_clear_error(text in "\\PC{0,120}") {
        match kubechat_nlp::interpret(&text) {
            Ok(t) => prop_assert!(t.operation.validate().is_ok()),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    /// Polite filler, punctuation and case do not change the reading.
    #[test]
    fn filler_and_case_do_not_change_the_reading(
        ns in namespace(),
        (before, after) in filler(),
        upper in any::<bool>(),
    ) {
        let plain = format!("show pods in {ns}");
        let mut dressed = format!("{before}{plain}{after}");
        if upper {
            dressed = dressed.to_uppercase();
        }
        let a = kubechat_nlp::translate(&plain).unwrap();
        let b = kubechat_nlp::translate(&dressed).unwrap();
        prop_assert_eq!(a.operation, b.operation);
        prop_assert_eq!(a.kubectl, format!("kubectl get pods -n {ns}"));
    }

    /// A scale request keeps its target, count and namespace.
    #[test]
    fn scale_keeps_target_count_and_namespace(
        name in object_name(),
        n in 1u32..500,
        ns in namespace(),
    ) {
        let t = kubechat_nlp::translate(&format!("scale deployment {name} to {n} in {ns}")).unwrap();
        prop_assert_eq!(t.operation.verb, Verb::Scale);
        prop_assert_eq!(t.operation.name.as_ref().unwrap().as_str(), name.as_str());
        prop_assert_eq!(t.operation.params.replicas, Some(n));
        prop_assert_eq!(t.operation.namespace.as_ref().unwrap().as_str(), ns.as_str());
    }

    /// Logs keep the pod, the line count and the window.
    #[test]
    fn logs_keep_pod_tail_and_since(name in object_name(), tail in 1u32..5000, minutes in 1u64..600) {
        let t = kubechat_nlp::translate(&format!("show the last {tail} lines of logs of {name} since {minutes}m")).unwrap();
        prop_assert_eq!(t.operation.verb, Verb::Logs);
        prop_assert_eq!(t.operation.name.as_ref().unwrap().as_str(), name.as_str());
        prop_assert_eq!(t.operation.params.tail, Some(tail));
        prop_assert_eq!(t.operation.params.since.unwrap().seconds(), minutes * 60);
    }

    /// One typo in a resource type of eight letters or more is forgiven.
    #[test]
    fn a_typo_in_a_long_type_is_forgiven(pos in 0usize..11, c in "[a-z]") {
        let word = "deployments";
        let mut chars: Vec<char> = word.chars().collect();
        let pos = pos % chars.len();
        chars[pos] = c.chars().next().unwrap();
        let typo: String = chars.into_iter().collect();
        let t = kubechat_nlp::translate(&format!("list {typo} in shop")).unwrap();
        prop_assert_eq!(t.operation.resource.as_str(), "deployments");
    }

    /// Shell words anywhere in a request make it a refusal, never a change.
    #[test]
    fn shell_words_are_refused(
        name in object_name(),
        shell in prop_oneof![Just("rm -rf /"), Just("sudo"), Just("bash -c"), Just("curl"), Just("exec")],
        at_end in any::<bool>(),
    ) {
        let text = if at_end {
            format!("delete pod {name} and {shell}")
        } else {
            format!("{shell} delete pod {name}")
        };
        // Refused by the rules, or by the kubectl reader ("shell syntax").
        let r = kubechat_nlp::interpret(&text);
        prop_assert!(
            r.as_ref().is_err_and(|e| matches!(e.code(), "refused" | "invalid_operation")),
            "{text}: {r:?}"
        );
    }

    /// Bulk words with a change are refused; the same words with a read
    /// are fine.
    #[test]
    fn bulk_changes_are_refused(
        verb in prop_oneof![Just("delete"), Just("restart"), Just("scale")],
        bulk in prop_oneof![Just("all"), Just("every"), Just("everything")],
    ) {
        let text = format!("{verb} {bulk} deployments in shop");
        let r = kubechat_nlp::interpret(&text);
        prop_assert!(r.as_ref().is_err_and(|e| e.code() == "refused"), "{text}: {r:?}");
        let read = kubechat_nlp::interpret(&format!("show {bulk} deployments in shop")).unwrap();
        prop_assert_eq!(read.risk, Risk::Read);
    }
}
