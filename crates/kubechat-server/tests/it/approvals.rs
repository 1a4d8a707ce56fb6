//! Four eyes: with `destructive_confirmation = "approval"` a destructive
//! request waits for another admin, who approves it (it then runs as the
//! person who asked, against the real API server) or rejects it.

use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use kube::Api;
use kube::api::PostParams;
use kubechat_audit::Phase;
use kubechat_core::UserRole;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{TestApp, audit_steps, spawn_app, web_cluster};

const PASSWORD: &str = "correct horse battery staple";

async fn post(app: &TestApp, path: &str, token: &str) -> (u16, Value) {
    let r = app
        .http
        .post(app.url(path))
        .bearer_auth(token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn ask(app: &TestApp, token: &str, text: &str, ns: &str) -> Value {
    let r = app
        .http
        .post(app.url("/api/v1/ask"))
        .bearer_auth(token)
        .json(&json!({"text": text, "namespace": ns}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

fn code(body: &Value) -> Option<&str> {
    body["error"]["code"].as_str()
}

#[tokio::test]
async fn a_destructive_request_waits_for_another_admin() -> anyhow::Result<()> {
    let cluster = web_cluster(&["ada", "bob", "olga"]).await?;
    let (ns, admin) = (cluster.ns.clone(), cluster.admin.clone());
    let deployments: Api<Deployment> = Api::namespaced(admin.clone(), &ns);
    deployments
        .create(
            &PostParams::default(),
            &serde_json::from_value(json!({
                "metadata": {"name": "api"},
                "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "api"}},
                         "template": {"metadata": {"labels": {"app": "api"}},
                                      "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}
            }))?,
        )
        .await?;
    let app = spawn_app(|c| cluster.configure(c)).await?;
    let store = app
        .add_users(
            &[
                ("ada", UserRole::Admin),
                ("bob", UserRole::Admin),
                ("olga", UserRole::Operator),
            ],
            PASSWORD,
        )
        .await?;
    let ada = app.login("ada", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let olga = app.login("olga", PASSWORD).await;

    let put = app
        .http
        .put(app.url("/api/v1/policy"))
        .bearer_auth(&ada)
        .json(&json!({"destructive_confirmation": "approval"}))
        .send()
        .await?;
    assert_eq!(put.status(), 200);
    let (s, policy) = app.get_as("/api/v1/policy", Some(&olga)).await;
    assert_eq!(s, 200);
    assert_eq!(policy["destructive_confirmation"], "approval");

    // Ada asks; RBAC caches take the new binding shortly.
    let mut preview = Value::Null;
    for _ in 0..100 {
        preview = ask(&app, &ada, "delete deployment web", &ns).await;
        if preview["type"] == "preview" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(preview["type"], "preview", "{preview}");
    assert_eq!(preview["confirmation"]["kind"], "approval", "{preview}");
    let plan = preview["plan_id"].as_str().unwrap().to_owned();

    // Ada can neither confirm nor approve her own request.
    let (s, body) = post(&app, &format!("/api/v1/plans/{plan}/confirm"), &ada).await;
    assert_eq!((s, code(&body)), (409, Some("approval_required")), "{body}");
    let (s, body) = post(&app, &format!("/api/v1/plans/{plan}/approve"), &ada).await;
    assert_eq!((s, code(&body)), (403, Some("forbidden")), "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("another admin"),
        "{body}"
    );
    // An operator may not approve, nor list.
    let (s, body) = post(&app, &format!("/api/v1/plans/{plan}/approve"), &olga).await;
    assert_eq!((s, code(&body)), (403, Some("forbidden")), "{body}");
    let (s, _) = app.get_as("/api/v1/approvals", Some(&olga)).await;
    assert_eq!(s, 403);

    // Bob sees it waiting and approves: it runs as ada.
    let (s, list) = app.get_as("/api/v1/approvals", Some(&bob)).await;
    assert_eq!(s, 200, "{list}");
    let waiting = list["approvals"].as_array().unwrap();
    assert_eq!(waiting.len(), 1, "{list}");
    assert_eq!(waiting[0]["plan_id"], plan.as_str());
    assert_eq!(waiting[0]["requested_by"], "ada");
    assert_eq!(
        waiting[0]["kubectl"],
        format!("kubectl delete deployments web -n {ns}")
    );
    assert!(deployments.get_opt("web").await?.is_some());
    let (s, done) = post(&app, &format!("/api/v1/plans/{plan}/approve"), &bob).await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["type"], "result", "{done}");
    // Deleted (a Deployment without a garbage collector goes at once).
    assert!(deployments.get_opt("web").await?.is_none());
    let (s, body) = post(&app, &format!("/api/v1/plans/{plan}/approve"), &bob).await;
    assert_eq!((s, code(&body)), (404, Some("plan_expired")), "{body}");
    let (_, list) = app.get_as("/api/v1/approvals", Some(&bob)).await;
    assert_eq!(list["approvals"], json!([]));

    let request: Uuid = preview["request_id"].as_str().unwrap().parse()?;
    let steps = audit_steps(&store, request).await?;
    let phases: Vec<Phase> = steps.iter().map(|e| e.phase).collect();
    assert_eq!(
        phases,
        [Phase::Requested, Phase::Confirmed, Phase::Executed]
    );
    assert!(steps.iter().all(|e| e.actor_user == "ada"), "runs as ada");
    assert_eq!(steps[0].decision.as_deref(), Some("needs-approval"));
    assert_eq!(steps[1].decision.as_deref(), Some("approved"));
    assert_eq!(
        steps[1].decision_reason.as_deref(),
        Some("approved by bob (admin)")
    );

    // Rejected: nothing happens, the refusal is recorded, the plan is gone.
    let preview = ask(&app, &ada, "delete deployment api", &ns).await;
    assert_eq!(preview["confirmation"]["kind"], "approval", "{preview}");
    let plan = preview["plan_id"].as_str().unwrap().to_owned();
    let (s, body) = post(&app, &format!("/api/v1/plans/{plan}/reject"), &bob).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["type"], "denied");
    assert_eq!(body["reason"], "rejected by bob (admin)");
    assert!(deployments.get_opt("api").await?.is_some());
    let (s, body) = post(&app, &format!("/api/v1/plans/{plan}/cancel"), &ada).await;
    assert_eq!((s, code(&body)), (404, Some("plan_expired")), "{body}");
    let request: Uuid = preview["request_id"].as_str().unwrap().parse()?;
    let steps = audit_steps(&store, request).await?;
    assert_eq!(steps.last().unwrap().phase, Phase::Denied);
    assert_eq!(steps.last().unwrap().decision.as_deref(), Some("rejected"));

    // The person who asked can still cancel while it waits.
    let preview = ask(&app, &ada, "delete deployment api", &ns).await;
    let plan = preview["plan_id"].as_str().unwrap().to_owned();
    let (s, body) = post(&app, &format!("/api/v1/plans/{plan}/cancel"), &ada).await;
    assert_eq!(
        (s, body["type"].as_str()),
        (200, Some("cancelled")),
        "{body}"
    );
    let (s, body) = post(&app, &format!("/api/v1/plans/{plan}/approve"), &bob).await;
    assert_eq!((s, code(&body)), (404, Some("plan_expired")), "{body}");
    let (_, list) = app.get_as("/api/v1/approvals", Some(&bob)).await;
    assert_eq!(list["approvals"], json!([]));
    assert!(deployments.get_opt("api").await?.is_some());
    store.close().await;
    Ok(())
}

/// The answer reaches the asker's open chat, even when another replica
/// took the decision, and stays in their session's history.
#[tokio::test]
async fn the_decision_is_pushed_to_the_askers_open_chat() -> anyhow::Result<()> {
    use crate::ws::{ask_until_preview, next, open_chat};
    let cluster = web_cluster(&["ada", "bob"]).await?;
    let ns = cluster.ns.clone();
    let (a, b, tokens) = crate::helpers::two_replicas(
        &cluster,
        &[("ada", UserRole::Admin), ("bob", UserRole::Admin)],
        PASSWORD,
    )
    .await?;
    let (ada, bob) = (tokens[0].clone(), tokens[1].clone());
    let put = a
        .http
        .put(a.url("/api/v1/policy"))
        .bearer_auth(&ada)
        .json(&json!({"destructive_confirmation": "approval"}))
        .send()
        .await?;
    assert_eq!(put.status(), 200);
    let mut ws = open_chat(&a, "four-eyes", &ada).await;
    let preview = ask_until_preview(&mut ws, "delete deployment web", &ns).await;
    assert_eq!(preview["confirmation"]["kind"], "approval", "{preview}");
    let plan = preview["plan_id"].as_str().unwrap().to_owned();
    let (s, _) = post(&b, &format!("/api/v1/plans/{plan}/reject"), &bob).await;
    assert_eq!(s, 200);
    let pushed = next(&mut ws).await;
    assert_eq!(pushed["type"], "denied", "{pushed}");
    assert_eq!(
        pushed["id"], preview["id"],
        "the card of the question: {pushed}"
    );
    assert_eq!(pushed["plan_id"], plan.as_str());
    assert_eq!(pushed["reason"], "rejected by bob (admin)");
    // In the history too, for a reload.
    let (_, history) = a
        .get_as("/api/v1/sessions/four-eyes/messages?limit=50", Some(&ada))
        .await;
    let last = history["messages"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["kind"], "denied", "{history}");
    Ok(())
}
