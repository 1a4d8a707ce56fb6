//! Customizable bots: saved as versions (with who and what changed, in the
//! audit trail too), optimistic against concurrent edits, validated
//! against what the deployment has; the chat uses the asked bot's policy,
//! default namespace, persona, provider and model, and says which bot
//! answered.

use std::time::Duration;

use kubechat_core::UserRole;
use serde_json::{Value, json};

use crate::helpers::{TestApp, call, spawn_app, web_cluster};
use crate::nlp::{model, provider};
use crate::ws::{connect, next, send};

const PASSWORD: &str = "correct horse battery staple";

/// Asks until the cluster's RBAC caches know the binding.
async fn ask(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    let mut last = (0, Value::Null);
    for _ in 0..100 {
        last = call(
            app,
            reqwest::Method::POST,
            "/api/v1/ask",
            token,
            Some(body.clone()),
        )
        .await;
        if last.0 != 403 || last.1["error"]["code"] != "forbidden" {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    last
}

#[tokio::test]
async fn bots_are_versioned_audited_and_answer_with_their_settings() -> anyhow::Result<()> {
    use reqwest::Method;
    let cluster = web_cluster(&["ada", "olly"]).await?;
    let ns = cluster.ns.clone();
    let llm = model(json!({"verb": "get", "resource": "deployments"})).await;
    let other_llm = model(json!({"verb": "get", "resource": "pods"})).await;
    let app = spawn_app(|c| {
        cluster.configure(c);
        let mut first = provider(&other_llm);
        first.name = "first".into();
        let mut second = provider(&llm);
        second.name = "second".into();
        c.nlp.providers = vec![first, second];
    })
    .await?;
    app.add_users(
        &[("ada", UserRole::Admin), ("olly", UserRole::Operator)],
        PASSWORD,
    )
    .await?;
    let ada = app.login("ada", PASSWORD).await;
    let olly = app.login("olly", PASSWORD).await;

    // Every workspace has its default bot, never saved yet.
    let (s, list) = call(&app, Method::GET, "/api/v1/bots", &olly, None).await;
    assert_eq!(s, 200, "{list}");
    assert_eq!(list["bots"][0]["name"], "kubechat");
    assert_eq!(list["bots"][0]["version"], 0);
    assert_eq!(list["choices"]["providers"], json!(["first", "second"]));
    assert_eq!(list["choices"]["clusters"], json!(["default"]));

    let settings = json!({
        "display_name": "Shop Helper", "avatar": "🛒",
        "persona": "Answer like a ship's captain.",
        "default_namespace": ns,
        "policy": {"allowed_verbs": ["get", "describe", "logs"], "allowed_namespaces": ["*"],
                   "denied_resources": ["secrets"], "destructive_confirmation": "typed"},
        "llm_provider": "second", "llm_model": "captain-7b"
    });
    // Only admins save; settings are checked and the reason named.
    let (s, _) = call(
        &app,
        Method::PUT,
        "/api/v1/bots/shop",
        &olly,
        Some(json!({"version": 0, "settings": settings})),
    )
    .await;
    assert_eq!(s, 403);
    for (field, value, why) in [
        ("avatar", json!("a very long avatar"), "avatar"),
        (
            "llm_provider",
            json!("claude"),
            "choose one of: first, second",
        ),
        ("cluster", json!("prod"), "choose one of: default"),
        (
            "default_namespace",
            json!("Not A Namespace"),
            "default_namespace",
        ),
    ] {
        let mut bad = settings.clone();
        bad[field] = value;
        let (s, b) = call(
            &app,
            Method::PUT,
            "/api/v1/bots/shop",
            &ada,
            Some(json!({"version": 0, "settings": bad})),
        )
        .await;
        assert_eq!(
            (s, b["error"]["code"].as_str()),
            (400, Some("invalid_request")),
            "{field}: {b}"
        );
        assert!(
            b["error"]["message"].as_str().unwrap_or("").contains(why),
            "{field}: {b}"
        );
    }
    let (s, b) = call(
        &app,
        Method::PUT,
        "/api/v1/bots/shop",
        &ada,
        Some(json!({"version": 0, "settings": {"colour": "red"}})),
    )
    .await;
    assert_eq!(s, 400, "unknown fields are named: {b}");
    assert!(
        b["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("colour"),
        "{b}"
    );

    let (s, saved) = call(
        &app,
        Method::PUT,
        "/api/v1/bots/shop",
        &ada,
        Some(json!({"version": 0, "settings": settings})),
    )
    .await;
    assert_eq!(s, 200, "{saved}");
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["updated_by"], "ada");
    // A second editor who started from version 0 does not overwrite it.
    let (s, b) = call(
        &app,
        Method::PUT,
        "/api/v1/bots/shop",
        &ada,
        Some(json!({"version": 0, "settings": settings})),
    )
    .await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (409, Some("version_conflict")),
        "{b}"
    );
    let mut v2 = settings.clone();
    v2["avatar"] = json!("SH");
    let (s, b) = call(
        &app,
        Method::PUT,
        "/api/v1/bots/shop",
        &ada,
        Some(json!({"version": 1, "settings": v2})),
    )
    .await;
    assert_eq!((s, b["version"].as_i64()), (200, Some(2)), "{b}");
    let (_, history) = call(&app, Method::GET, "/api/v1/bots/shop/versions", &ada, None).await;
    assert_eq!(history["versions"][0]["version"], 2);
    assert_eq!(history["versions"][0]["changed"], json!(["avatar"]));
    assert_eq!(history["versions"][0]["changed_by"], "ada");
    assert_eq!(history["versions"][1]["settings"]["avatar"], "🛒");
    let (s, _) = call(&app, Method::GET, "/api/v1/bots/shop/versions", &olly, None).await;
    assert_eq!(s, 403);
    let (s, b) = call(&app, Method::GET, "/api/v1/bots/nobot", &olly, None).await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (404, Some("unknown_bot")),
        "{b}"
    );

    // Audited: a patch of bots.kubechat.io/shop naming the fields.
    let (_, audit) = call(
        &app,
        Method::GET,
        "/api/v1/audit?resource=bots.kubechat.io",
        &ada,
        None,
    )
    .await;
    let events = audit["events"].as_array().cloned().unwrap_or_default();
    assert_eq!(events.len(), 2, "{audit}");
    assert_eq!(events[0]["verb"], "patch");
    assert_eq!(events[0]["actor_user"], "ada");
    assert!(
        events[0]["text"]
            .as_str()
            .unwrap_or("")
            .contains("save bot shop (version 2): avatar"),
        "{audit}"
    );
    assert!(
        events[0]["kubectl"]
            .as_str()
            .unwrap_or("")
            .starts_with("kubectl patch bots.kubechat.io shop"),
        "{audit}"
    );

    // The chat with the shop bot: its default namespace, its policy, and
    // it says who answered.
    let (s, b) = ask(
        &app,
        &olly,
        json!({"text": "get deployments", "bot": "shop"}),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(
        b["kubectl"],
        format!("kubectl get deployments -n {ns}"),
        "{b}"
    );
    assert_eq!(
        b["bot"],
        json!({"name": "shop", "display_name": "Shop Helper", "avatar": "SH"})
    );
    let (s, b) = ask(
        &app,
        &olly,
        json!({"text": "scale web to 3", "bot": "shop"}),
    )
    .await;
    assert_eq!((s, b["type"].as_str()), (200, Some("denied")), "{b}");
    let (s, b) = ask(
        &app,
        &olly,
        json!({"text": "scale web to 3", "namespace": ns}),
    )
    .await;
    assert_eq!(
        (s, b["type"].as_str()),
        (200, Some("preview")),
        "the default bot allows it: {b}"
    );
    assert_eq!(b["bot"]["name"], "kubechat");
    let (s, b) = ask(&app, &olly, json!({"text": "get pods", "bot": "nobot"})).await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (404, Some("unknown_bot")),
        "{b}"
    );

    // Text the rules do not understand goes to the bot's provider only,
    // with its model and persona.
    let (s, b) = ask(
        &app,
        &olly,
        json!({"text": "anything interesting today", "bot": "shop"}),
    )
    .await;
    assert_eq!(
        (s, b["kubectl"].as_str()),
        (
            200,
            Some(format!("kubectl get deployments -n {ns}").as_str())
        ),
        "{b}"
    );
    let asked = llm.received_requests().await.unwrap_or_default();
    assert_eq!(asked.len(), 1);
    let body: Value = serde_json::from_slice(&asked[0].body)?;
    assert_eq!(body["model"], "captain-7b");
    assert!(
        body.to_string().contains("Answer like a ship's captain."),
        "{body}"
    );
    assert!(
        other_llm
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty(),
        "the other provider is not asked"
    );

    // Over the WebSocket: the translated message names the bot.
    let (mut ws, _) = connect(
        &app,
        "shop-session",
        ("authorization", &format!("Bearer {olly}")),
    )
    .await
    .unwrap();
    assert_eq!(next(&mut ws).await["type"], "hello");
    send(
        &mut ws,
        json!({"v": 1, "type": "ask", "id": "q1", "text": "get deployments", "bot": "shop"}),
    )
    .await;
    let translated = next(&mut ws).await;
    assert_eq!(
        translated["bot"]["display_name"], "Shop Helper",
        "{translated}"
    );
    assert_eq!(
        translated["kubectl"],
        format!("kubectl get deployments -n {ns}")
    );
    assert_eq!(next(&mut ws).await["type"], "result");
    send(
        &mut ws,
        json!({"v": 1, "type": "ask", "id": "q2", "text": "get pods", "bot": "Bad Name"}),
    )
    .await;
    let e = next(&mut ws).await;
    assert_eq!(
        (e["type"].as_str(), e["code"].as_str()),
        (Some("error"), Some("invalid_request")),
        "{e}"
    );

    // The old policy endpoint edits the default bot, as a new version.
    let (_, mut policy) = call(&app, Method::GET, "/api/v1/policy", &ada, None).await;
    policy["destructive_confirmation"] = json!("approval");
    let (s, _) = call(&app, Method::PUT, "/api/v1/policy", &ada, Some(policy)).await;
    assert_eq!(s, 200);
    let (_, d) = call(&app, Method::GET, "/api/v1/bots/kubechat", &ada, None).await;
    assert_eq!(
        (
            d["version"].as_i64(),
            d["settings"]["policy"]["destructive_confirmation"].as_str()
        ),
        (Some(1), Some("approval")),
        "{d}"
    );
    Ok(())
}

#[tokio::test]
async fn a_bot_works_on_its_cluster_within_the_plan() -> anyhow::Result<()> {
    use k8s_openapi::api::apps::v1::Deployment;
    use kube::Api;
    use reqwest::Method;
    let cluster = web_cluster(&["ada"]).await?;
    let ns = cluster.ns.clone();
    // The same API server under a second name: what matters is that the
    // request is routed, labelled and audited as "staging".
    // And one that is gone: nothing listens there.
    let dir = tempfile::tempdir()?;
    let gone_kubeconfig = dir.path().join("gone");
    std::fs::write(
        &gone_kubeconfig,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: gone\n  cluster:\n    server: https://127.0.0.1:9\nusers:\n- name: u\n  user:\n    token: t\ncontexts:\n- name: gone\n  context:\n    cluster: gone\n    user: u\ncurrent-context: gone\n",
    )?;
    let staging = |c: &mut kubechat_config::Config| {
        cluster.configure(c);
        c.kubernetes.clusters = vec![
            kubechat_config::NamedCluster {
                name: "staging".into(),
                kubeconfig: Some(cluster.kubeconfig.clone()),
                context: Some("testkit".into()),
            },
            kubechat_config::NamedCluster {
                name: "gone".into(),
                kubeconfig: Some(gone_kubeconfig.clone()),
                context: None,
            },
        ];
    };
    let bot = |cluster: &str| json!({"version": 0, "settings": {"display_name": "Staging", "avatar": "ST", "cluster": cluster}});

    // On a plan with one cluster, a second one is refused.
    let limited = spawn_app(|c| {
        staging(c);
        c.billing.enabled = true;
        let mut plans = c.billing.plans_in_effect();
        plans[0].mutations = true;
        c.billing.plans = plans;
    })
    .await?;
    limited
        .add_users(&[("ada", UserRole::Admin)], PASSWORD)
        .await?;
    let ada = limited.login("ada", PASSWORD).await;
    let (s, b) = call(
        &limited,
        Method::PUT,
        "/api/v1/bots/stage",
        &ada,
        Some(bot("staging")),
    )
    .await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (403, Some("plan_clusters")),
        "{b}"
    );
    assert!(
        b["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("allows bots on 1 cluster(s)"),
        "{b}"
    );
    let (s, b) = call(
        &limited,
        Method::PUT,
        "/api/v1/bots/stage",
        &ada,
        Some(bot("default")),
    )
    .await;
    assert_eq!(s, 200, "the deployment's own cluster is fine: {b}");

    // Without billing: the bot's requests run, show and are audited on
    // its cluster.
    let app = spawn_app(staging).await?;
    app.add_users(&[("ada", UserRole::Admin)], PASSWORD).await?;
    let ada = app.login("ada", PASSWORD).await;
    let (_, list) = call(&app, Method::GET, "/api/v1/bots", &ada, None).await;
    assert_eq!(
        list["choices"]["clusters"],
        json!(["default", "gone", "staging"])
    );
    // The probes: a cluster bots use that does not answer degrades /health
    // and names it, but the deployment stays ready.
    let (s, health) = app.get_json("/health").await;
    assert_eq!(s, 200, "{health}");
    let bot_clusters = health["dependencies"][4].clone();
    assert_eq!(bot_clusters["status"], "degraded", "{health}");
    let detail = bot_clusters["detail"].as_str().unwrap_or("");
    assert!(
        detail.contains("staging: up v1.37") && detail.contains("gone: down"),
        "{bot_clusters}"
    );
    assert!(
        bot_clusters["error"]
            .as_str()
            .unwrap_or("")
            .starts_with("gone: "),
        "{bot_clusters}"
    );
    let (s, _) = app.get_json("/health/readiness").await;
    assert_eq!(s, 200);
    let (s, b) = call(
        &app,
        Method::PUT,
        "/api/v1/bots/stage",
        &ada,
        Some(bot("staging")),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    // Saying the bot's cluster reads there too. Another one is refused
    // (below), never run on the bot's cluster instead.
    // So does its kubeconfig context's name.
    for text in [
        "get deployments",
        "get deployments on the staging cluster",
        "get deployments on the cluster testkit",
        // The line KubeChat shows, pasted back.
        "kubectl --context staging get deployments",
    ] {
        let (s, b) = ask(
            &app,
            &ada,
            json!({"text": text, "namespace": ns, "bot": "stage"}),
        )
        .await;
        assert_eq!(s, 200, "{text}: {b}");
        assert_eq!(
            b["kubectl"],
            format!("kubectl --context staging get deployments -n {ns}"),
            "{text}: {b}"
        );
    }
    // The deployment's own cluster is called by its kubeconfig's current
    // context too (the test kit's is `testkit`).
    let (s, b) = ask(
        &app,
        &ada,
        json!({"text": "get deployments on the testkit cluster", "namespace": ns}),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(
        b["kubectl"],
        format!("kubectl get deployments -n {ns}"),
        "{b}"
    );
    for (text, bot, said, works_on) in [
        (
            "scale web to 5 on the cluster gone",
            "stage",
            "gone",
            "staging",
        ),
        (
            "scale web to 5 on the staging cluster",
            "kubechat",
            "staging",
            "default",
        ),
        (
            "kubectl --context staging scale deployment/web --replicas=5",
            "kubechat",
            "staging",
            "default",
        ),
    ] {
        let (s, b) = ask(
            &app,
            &ada,
            json!({"text": text, "namespace": ns, "bot": bot}),
        )
        .await;
        assert_eq!(
            (s, b["error"]["code"].as_str()),
            (422, Some("other_cluster")),
            "{text}: {b}"
        );
        let message = b["error"]["message"].as_str().unwrap_or("");
        assert!(
            message.contains(&format!("names the cluster {said}"))
                && message.contains(&format!("works on the cluster {works_on}")),
            "{text}: {b}"
        );
    }
    let (s, preview) = ask(
        &app,
        &ada,
        json!({"text": "scale web to 3", "namespace": ns, "bot": "stage"}),
    )
    .await;
    assert_eq!(
        (s, preview["type"].as_str()),
        (200, Some("preview")),
        "{preview}"
    );
    assert!(
        preview["kubectl"]
            .as_str()
            .unwrap_or("")
            .starts_with("kubectl --context staging scale"),
        "{preview}"
    );
    let plan = preview["plan_id"].as_str().unwrap().to_owned();
    let (s, done) = call(
        &app,
        Method::POST,
        &format!("/api/v1/plans/{plan}/confirm"),
        &ada,
        Some(json!({})),
    )
    .await;
    assert_eq!((s, done["type"].as_str()), (200, Some("result")), "{done}");
    let deployments: Api<Deployment> = Api::namespaced(cluster.admin.clone(), &ns);
    assert_eq!(deployments.get("web").await?.spec.replicas, Some(3));
    let (_, audit) = call(&app, Method::GET, "/api/v1/audit?verb=scale", &ada, None).await;
    let steps: Vec<(String, String)> = audit["events"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|e| {
            (
                e["phase"].as_str().unwrap_or("").to_owned(),
                e["kubectl"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(steps.len(), 3, "{audit}");
    assert!(
        steps
            .iter()
            .all(|(_, k)| k.starts_with("kubectl --context staging scale")),
        "{steps:?}"
    );

    // A bot on the cluster that is gone answers with the error.
    let (s, _) = call(
        &app,
        Method::PUT,
        "/api/v1/bots/lost",
        &ada,
        Some(bot("gone")),
    )
    .await;
    assert_eq!(s, 200);
    let (s, b) = call(
        &app,
        Method::POST,
        "/api/v1/ask",
        &ada,
        Some(json!({"text": "get deployments", "namespace": ns, "bot": "lost"})),
    )
    .await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (502, Some("cluster_error")),
        "{b}"
    );
    Ok(())
}
