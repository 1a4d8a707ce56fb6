//! Names found where they live: a named object missing from the
//! session's namespace is looked up in the namespaces the person may list
//! (as them, audited), on the real API server.

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding};
use kube::Api;
use kube::api::PostParams;
use kubechat_core::UserRole;
use kubechat_testkit::{ControlPlane, Identity};
use serde_json::json;

use crate::helpers::{post, spawn_app, web_cluster};

const PASSWORD: &str = "correct horse battery staple";

fn from<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).expect("valid object")
}

async fn deployment(admin: &kube::Client, ns: &str, name: &str) -> anyhow::Result<()> {
    Api::<Deployment>::namespaced(admin.clone(), ns)
        .create(&PostParams::default(), &from(json!({
            "metadata": {"name": name, "labels": {"app": name}},
            "spec": {"replicas": 1, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}},
                                  "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}
        })))
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_name_missing_here_is_found_where_it_lives() -> anyhow::Result<()> {
    // A user of its own (cluster-wide rights would change other tests).
    let user = format!(
        "wanderer{}",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    let cluster = web_cluster(&[&user]).await?;
    let cp = ControlPlane::shared().await?;
    let admin = cp.client(Identity::Admin).await?;
    let pp = PostParams::default();
    // The user may list deployments and pods in every namespace.
    let role = format!("{user}-lister");
    Api::<ClusterRole>::all(admin.clone())
        .create(&pp, &from(json!({
            "metadata": {"name": role},
            "rules": [{"apiGroups": ["", "apps"], "resources": ["pods", "deployments", "statefulsets", "daemonsets"], "verbs": ["get", "list"]}]
        })))
        .await?;
    Api::<ClusterRoleBinding>::all(admin.clone())
        .create(&pp, &from(json!({
            "metadata": {"name": role},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
            "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": user}]
        })))
        .await?;
    let unique = format!(
        "shopfront-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..6]
    );
    deployment(&admin, &cluster.ns, &unique).await?;

    let app = spawn_app(|c| cluster.configure(c)).await?;
    app.add_users(&[(user.as_str(), UserRole::Operator)], PASSWORD)
        .await?;
    let token = app.login(&user, PASSWORD).await;
    let ask = |text: String| {
        let (app, token) = (&app, token.clone());
        async move {
            let mut result = (0, serde_json::Value::Null);
            // RBAC takes a moment to reach the authorizer.
            for _ in 0..50 {
                result = post(
                    app,
                    "/api/v1/ask",
                    &token,
                    json!({"text": text, "namespace": "default"}),
                )
                .await;
                if result.1["error"]["code"] != "forbidden" {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            result
        }
    };

    // One namespace holds it: the answer comes from there, and says so.
    let (status, body) = ask(format!("show me the deployment {unique}")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["type"], "result", "{body}");
    assert!(
        body["summary"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{unique} is in namespace {}", cluster.ns)),
        "{body}"
    );
    assert!(
        body["kubectl"]
            .as_str()
            .unwrap()
            .contains(&format!("-n {}", cluster.ns)),
        "{body}"
    );
    // A change is not moved: the person is told where it is and says so.
    let (status, body) = ask(format!("scale deployment {unique} to 2")).await;
    assert_eq!(status, 409, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("it is in {}", cluster.ns)),
        "{message}"
    );
    let (_, preview) = ask(format!("scale deployment {unique} to 2 in {}", cluster.ns)).await;
    assert_eq!(preview["type"], "preview", "{preview}");

    // Two namespaces hold one each: asked which.
    let other = cp.namespace().await?.name;
    deployment(&admin, &other, &unique).await?;
    let (status, body) = ask(format!("show me the deployment {unique}")).await;
    assert_eq!(status, 409, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains(&cluster.ns) && message.contains(&other),
        "{message}"
    );

    // Nowhere: not found, as before.
    let (status, body) = ask("show me the deployment nowhere-to-be-found".into()).await;
    assert_eq!(status, 404, "{body}");

    // A stated namespace is never left: not found there is not found.
    let (status, _) = ask(format!(
        "show me the deployment {unique} in namespace default"
    ))
    .await;
    assert_eq!(status, 404);

    for api in [Api::<ClusterRoleBinding>::all(admin.clone())] {
        api.delete(&role, &Default::default()).await?;
    }
    Api::<ClusterRole>::all(admin)
        .delete(&role, &Default::default())
        .await?;
    Ok(())
}
