use k8s_openapi::api::core::v1::{Namespace, Pod};
use k8s_openapi::api::rbac::v1::{PolicyRule, Role, RoleBinding, RoleRef, Subject};
use kube::api::{Api, ListParams, ObjectMeta, PostParams};
use kubechat_testkit::{ControlPlane, Identity};

fn forbidden(e: &kube::Error) -> bool {
    matches!(e, kube::Error::Api(s) if s.code == 403)
}

fn namespace(name: &str) -> Namespace {
    Namespace {
        metadata: ObjectMeta {
            name: Some(name.to_owned()),
            ..ObjectMeta::default()
        },
        ..Namespace::default()
    }
}

#[tokio::test]
async fn admin_may_create_a_namespace_and_an_unprivileged_user_may_not() -> anyhow::Result<()> {
    let cp = ControlPlane::shared().await?;
    let name = kubechat_testkit::unique("kc-proof-");

    let as_alice: Api<Namespace> = Api::all(cp.client(Identity::Alice).await?);
    let err = as_alice
        .create(&PostParams::default(), &namespace(&name))
        .await
        .expect_err("alice has no rights");
    assert!(forbidden(&err), "expected 403, got {err:?}");

    let as_admin: Api<Namespace> = Api::all(cp.client(Identity::Admin).await?);
    let created = as_admin
        .create(&PostParams::default(), &namespace(&name))
        .await?;
    assert_eq!(created.metadata.name.as_deref(), Some(name.as_str()));
    Ok(())
}

#[tokio::test]
async fn impersonation_applies_the_impersonated_users_rbac() -> anyhow::Result<()> {
    let cp = ControlPlane::shared().await?;
    let granted = cp.namespace().await?;
    let other = cp.namespace().await?;

    // Admin impersonating alice has alice's rights: none yet.
    let as_alice = cp
        .impersonating(Identity::Admin, "alice", &["developers"])
        .await?;
    let pods: Api<Pod> = Api::namespaced(as_alice.clone(), &granted.name);
    let err = pods
        .list(&ListParams::default())
        .await
        .expect_err("no rights yet");
    assert!(forbidden(&err), "expected 403, got {err:?}");

    // Grant alice a pod-reader role in one namespace. (The built-in
    // `view` role is filled by kube-controller-manager's aggregation, which
    // the test control plane does not run.)
    let admin = cp.client(Identity::Admin).await?;
    let role = Role {
        metadata: ObjectMeta {
            name: Some("pod-reader".into()),
            ..ObjectMeta::default()
        },
        rules: Some(vec![PolicyRule {
            api_groups: Some(vec![String::new()]),
            resources: Some(vec!["pods".into()]),
            verbs: vec!["get".into(), "list".into()],
            ..PolicyRule::default()
        }]),
    };
    Api::<Role>::namespaced(admin.clone(), &granted.name)
        .create(&PostParams::default(), &role)
        .await?;
    let bindings: Api<RoleBinding> = Api::namespaced(admin, &granted.name);
    let binding = RoleBinding {
        metadata: ObjectMeta {
            name: Some("alice-view".into()),
            ..ObjectMeta::default()
        },
        role_ref: RoleRef {
            api_group: Some("rbac.authorization.k8s.io".into()),
            kind: "Role".into(),
            name: "pod-reader".into(),
        },
        subjects: Some(vec![Subject {
            kind: "User".into(),
            name: "alice".into(),
            api_group: Some("rbac.authorization.k8s.io".into()),
            ..Subject::default()
        }]),
    };
    bindings.create(&PostParams::default(), &binding).await?;

    // Now the impersonated calls succeed there and only there. RBAC
    // caches see a new binding shortly after it is written, so poll.
    let mut attempts = 0;
    while let Err(e) = pods.list(&ListParams::default()).await {
        attempts += 1;
        assert!(
            forbidden(&e) && attempts < 100,
            "still refused after binding: {e:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let elsewhere: Api<Pod> = Api::namespaced(as_alice, &other.name);
    let err = elsewhere
        .list(&ListParams::default())
        .await
        .expect_err("not granted here");
    assert!(forbidden(&err), "expected 403, got {err:?}");

    // An unprivileged user may not impersonate anyone.
    let bob_as_admin = cp
        .impersonating(Identity::Bob, "kubechat-admin", &["system:masters"])
        .await?;
    let err = Api::<Pod>::namespaced(bob_as_admin, &granted.name)
        .list(&ListParams::default())
        .await
        .expect_err("bob cannot impersonate");
    assert!(forbidden(&err), "expected 403, got {err:?}");
    Ok(())
}
