//! The demo cluster behind the same executor.

use kubechat_kube::{Actor, Cluster, OutcomeKind};

async fn demo() -> (Cluster, kubechat_kube::Executor) {
    let cluster = Cluster::demo().await.unwrap();
    let ex = cluster
        .executor(std::sync::Arc::new(kubechat_core::SystemClock))
        .unwrap();
    (cluster, ex)
}

fn op(line: &str) -> kubechat_core::Operation {
    kubechat_core::kubectl::parse(line).unwrap()
}

#[tokio::test]
async fn a_newcomer_sees_realistic_workloads() {
    let (cluster, ex) = demo().await;
    assert!(cluster.is_demo());
    assert_eq!(ex.default_namespace(), "shop");
    let me = Actor::own();
    let out = ex.read(&me, &op("kubectl get pods"), "shop").await.unwrap();
    assert_eq!(out.summary, "12 pods in namespace shop");
    for want in ["CrashLoopBackOff", "ImagePullBackOff", "Pending", "Running"] {
        assert!(out.text.contains(want), "{want} missing:\n{}", out.text);
    }
    let out = ex
        .read(&me, &op("kubectl get deployments -A"), "shop")
        .await
        .unwrap();
    assert!(out.text.starts_with("NAMESPACE"), "{}", out.text);
    assert!(
        out.text.contains("ledger") && out.text.contains("1/2"),
        "{}",
        out.text
    );
    let out = ex
        .read(&me, &op("kubectl get pods -l app=web -o name"), "shop")
        .await
        .unwrap();
    assert_eq!(out.text.lines().count(), 3);
    let out = ex
        .read(
            &me,
            &op("kubectl logs checkout-5f6d8b7c9-qwrty --previous --tail=2"),
            "shop",
        )
        .await
        .unwrap();
    assert_eq!(
        out.text,
        "ERROR cannot connect to postgres at payments-db:5432: connection refused\nFATAL giving up after 3 attempts; exiting with status 1\n"
    );
}

/// The demo has no RBAC: one's own rights and another identity's are
/// both answered yes, saying why.
#[tokio::test]
async fn rights_are_answered_on_the_demo() {
    let (_cluster, ex) = demo().await;
    let me = Actor::own();
    for line in [
        "kubectl auth can-i delete pods -n shop",
        "kubectl auth can-i delete pods --as=system:serviceaccount:shop:ci -n shop",
        "kubectl auth can-i get nodes --as=jane",
    ] {
        let out = ex.read(&me, &op(line), "shop").await.unwrap();
        assert_eq!(out.data["allowed"], true, "{line}: {}", out.text);
        assert!(out.text.contains("no RBAC"), "{line}: {}", out.text);
    }
}

#[tokio::test]
async fn the_diagnoser_finds_each_seeded_problem() {
    let (_cluster, ex) = demo().await;
    let me = Actor::own();
    let mut why = op("kubectl describe deployments checkout");
    why.verb = kubechat_core::Verb::Diagnose;
    let out = ex.read(&me, &why, "shop").await.unwrap();
    assert_eq!(out.kind, OutcomeKind::Findings);
    assert!(
        out.text.contains("Unavailable replicas") && out.text.contains("CrashLoopBackOff"),
        "{}",
        out.text
    );
    assert!(
        out.text.contains("cannot connect to postgres"),
        "the crashed container's log is the evidence:\n{}",
        out.text
    );

    let mut all = op("kubectl get pods");
    all.verb = kubechat_core::Verb::Diagnose;
    let out = ex.read(&me, &all, "shop").await.unwrap();
    for want in [
        "ImagePullBackOff",
        "CrashLoopBackOff",
        "Pending: cannot be scheduled",
        "OOMKilled",
    ] {
        assert!(out.text.contains(want), "{want} missing:\n{}", out.text);
    }
    // A fix for each finding the evidence determines one for — and none
    // for checkout, whose crash is a dependency refusing connections.
    let fixes: Vec<(&str, &str)> = out.data["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| Some((f["subject"].as_str()?, f["fix"]["request"].as_str()?)))
        .collect();
    let fix_of = |subject: &str| {
        fixes
            .iter()
            .find(|(s, _)| s.starts_with(subject))
            .map(|(_, r)| *r)
            .unwrap_or_else(|| panic!("no fix for {subject}: {fixes:?}"))
    };
    assert_eq!(fixes.len(), 5, "{fixes:?}");
    assert!(fix_of("pod/recommender-").starts_with("kubectl patch deployment recommender -n shop"));
    assert_eq!(
        fix_of("pod/api-gateway-"),
        "kubectl set image deployment/api-gateway app=registry.example/shop/api-gateway:2.9.1 -n shop"
    );
    assert_eq!(
        fix_of("service/cart"),
        r#"kubectl patch service cart -n shop -p '{"spec":{"selector":{"app":"cart"}}}'"#
    );
    assert_eq!(
        fix_of("service/reviews"),
        "kubectl scale deployment/reviews --replicas=2 -n shop"
    );
    assert!(fix_of("pod/search-").contains(r#""readinessProbe":{"httpGet":{"port":8080}}"#));
    assert!(!fixes.iter().any(|(s, _)| s.starts_with("pod/checkout-")));
    // Each previews against the demo and changes what it says.
    for (_, request) in &fixes {
        let plan = ex.plan(&me, &op(request), "shop").await.unwrap();
        assert_eq!(plan.changes.len(), 1, "{request}: {:?}", plan.changes);
    }
}

#[tokio::test]
async fn mutations_preview_then_apply_in_the_demo() {
    let (_cluster, ex) = demo().await;
    let me = Actor::own();
    let plan = ex
        .plan(&me, &op("kubectl scale deploy/web --replicas=5"), "shop")
        .await
        .unwrap();
    assert_eq!(
        plan.changes[0].line(),
        "deployment/web (shop): spec.replicas 3 → 5"
    );
    let before = ex
        .read(&me, &op("kubectl get deploy web"), "shop")
        .await
        .unwrap();
    assert!(
        before.text.contains("3/3"),
        "dry run changed nothing: {}",
        before.text
    );
    ex.apply(plan.confirm()).await.unwrap();
    let after = ex
        .read(&me, &op("kubectl get deploy web"), "shop")
        .await
        .unwrap();
    assert!(after.text.contains("5/5"), "{}", after.text);

    let plan = ex
        .plan(&me, &op("kubectl delete pod nightly-report-28841"), "shop")
        .await
        .unwrap();
    ex.apply(plan.confirm()).await.unwrap();
    let err = ex
        .read(&me, &op("kubectl get pod nightly-report-28841"), "shop")
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "pods \"nightly-report-28841\" not found in namespace shop"
    );
}

#[tokio::test]
async fn the_demo_serves_discovery_so_typos_get_suggestions() {
    let (_cluster, ex) = demo().await;
    let me = Actor::own();
    let err = ex
        .read(&me, &op("kubectl get podz"), "shop")
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown resource type 'podz' — did you mean 'pods'?"
    );
    let err = ex
        .read(&me, &op("kubectl get widgets"), "shop")
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "unknown resource type 'widgets'");
    // The demo has no metrics API, and says so like a real cluster would.
    let err = ex
        .read(&me, &op("kubectl top pods"), "shop")
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("metrics-server is not installed"),
        "{err}"
    );
}
