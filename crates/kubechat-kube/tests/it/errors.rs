use k8s_openapi::api::apps::v1::Deployment;
use kube::Api;
use kubechat_kube::Error;

use crate::env::Env;

#[tokio::test]
async fn a_user_without_rbac_rights_gets_a_clear_forbidden_and_nothing_changes() {
    let env = Env::new().await;
    env.deployment("web", 2, "nginx:1.27").await;

    let err = env
        .ex
        .read(&env.bob, &env.op("kubectl get pods"), &env.ns)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }));
    assert_eq!(
        err.to_string(),
        format!(
            "bob is not allowed to list pods in namespace {} (Kubernetes RBAC denied it; ask a cluster admin for a Role granting 'list' on 'pods')",
            env.ns
        )
    );

    let err = env
        .ex
        .plan(
            &env.bob,
            &env.op("kubectl scale deploy/web --replicas=9"),
            &env.ns,
        )
        .await
        .unwrap_err();
    // Scaling reads the scale subresource first; that is what RBAC refuses.
    assert!(
        err.to_string()
            .starts_with("bob is not allowed to get deployments/scale \"web\""),
        "{err}"
    );
    let d = Api::<Deployment>::namespaced(env.admin.clone(), &env.ns)
        .get("web")
        .await
        .unwrap();
    assert_eq!(d.spec.replicas, Some(2));

    // Alice's rights stop at her namespace.
    let err = env
        .ex
        .read(&env.alice, &env.op("kubectl get pods -A"), &env.ns)
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("alice is not allowed to list pods cluster-wide"),
        "{err}"
    );
}

#[tokio::test]
async fn unknown_types_and_missing_objects_are_named() {
    let env = Env::new().await;
    let err = env
        .ex
        .read(&env.alice, &env.op("kubectl get podz"), &env.ns)
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown resource type 'podz' — did you mean 'pods'?"
    );
    let err = env
        .ex
        .read(&env.alice, &env.op("kubectl get deploymnets"), &env.ns)
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown resource type 'deploymnets' — did you mean 'deployments'?"
    );
    let err = env
        .ex
        .read(&env.alice, &env.op("kubectl get deployment nope"), &env.ns)
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("deployments \"nope\" not found in namespace {}", env.ns)
    );
    let err = env
        .ex
        .plan(
            &env.alice,
            &env.op("kubectl scale deployment/nope --replicas=2"),
            &env.ns,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err}");
}

#[tokio::test]
async fn reads_and_mutations_are_kept_apart() {
    let env = Env::new().await;
    env.deployment("web", 1, "nginx:1.27").await;
    let err = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl scale deploy/web --replicas=3"),
            &env.ns,
        )
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("without a preview and confirmation"),
        "{err}"
    );
    let err = env
        .ex
        .plan(&env.alice, &env.op("kubectl get pods"), &env.ns)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unsupported { .. }));
}
