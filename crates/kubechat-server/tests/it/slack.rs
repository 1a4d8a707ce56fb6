//! KubeChat in Slack against real PostgreSQL, Redis and the API server,
//! with a stand-in for Slack's Web API (wiremock) that records every call.
//! Request bodies have the shapes Slack documents (slash command form
//! fields, Events API callbacks, `block_actions` payloads).

use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use kube::Api;
use kubechat_core::UserRole;
use serde_json::{Value, json};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TestApp, post, spawn_app, web_cluster};

const PASSWORD: &str = "correct horse battery staple";
const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
const TEAM: &str = "T0001";

/// A Slack stand-in answering `chat.postMessage`, `chat.postEphemeral` and
/// `response_url`s (`/respond/…`), as Slack does.
async fn slack_standin() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path_regex(
            "^/api/(chat\\.(postMessage|postEphemeral)|views\\.open)$",
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"ok": true, "ts": "1700000000.000100"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex("^/respond/"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(&server)
        .await;
    server
}

fn now() -> i64 {
    kubechat_core::Clock::now(&kubechat_core::SystemClock).unix_timestamp()
}

/// POSTs `body` to `path` as Slack would: signed with `secret` at `ts`.
async fn from_slack(
    app: &TestApp,
    path: &str,
    body: &str,
    content_type: &str,
    signed: Option<(&str, i64)>,
    extra: &[(&str, &str)],
) -> (u16, Value) {
    let mut req = reqwest::Client::new()
        .post(app.url(path))
        .header("content-type", content_type)
        .body(body.to_owned());
    if let Some((secret, ts)) = signed {
        req = req
            .header("x-slack-request-timestamp", ts.to_string())
            .header(
                "x-slack-signature",
                kubechat_slack::verify::sign(secret.as_bytes(), ts, body.as_bytes()),
            );
    }
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn form(fields: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
}

/// A slash command as Slack posts it.
fn command(user: &str, text: &str, respond: &str) -> String {
    form(&[
        ("token", "gIkuvaNzQIHg97ATvDxqgjtO"),
        ("team_id", TEAM),
        ("team_domain", "example"),
        ("channel_id", "C2147483705"),
        ("channel_name", "ops"),
        ("user_id", user),
        ("user_name", "someone"),
        ("command", "/kubechat"),
        ("text", text),
        ("response_url", respond),
        ("trigger_id", "13345224609.738474920.8088930838d88f008e0"),
        ("api_app_id", "A123456"),
    ])
}

/// A `block_actions` payload: `user` pressed `action` on a preview.
fn pressed(user: &str, action: &str, plan: &str, respond: &str) -> String {
    let payload = json!({
        "type": "block_actions",
        "user": {"id": user, "username": "someone", "team_id": TEAM},
        "api_app_id": "A123456",
        "token": "x",
        "container": {"type": "message", "message_ts": "1548261231.000200", "channel_id": "C2147483705"},
        "trigger_id": "12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3",
        "team": {"id": TEAM, "domain": "example"},
        "channel": {"id": "C2147483705", "name": "ops"},
        "message": {"ts": "1548261231.000200", "type": "message"},
        "response_url": respond,
        "actions": [{"action_id": action, "block_id": "kubechat_plan", "value": plan,
                     "type": "button", "action_ts": "1548426417.840180"}]
    });
    form(&[("payload", &payload.to_string())])
}

const FORM: &str = "application/x-www-form-urlencoded";

/// A slash command as Slack sends it (signed now); the immediate answer.
async fn signed_command(app: &TestApp, body: &str) -> (u16, Value) {
    from_slack(
        app,
        "/api/v1/slack/commands",
        body,
        FORM,
        Some((SECRET, now())),
        &[],
    )
    .await
}

/// A button press or a modal submission as Slack sends it (signed now).
async fn signed_interaction(app: &TestApp, body: &str) -> (u16, Value) {
    from_slack(
        app,
        "/api/v1/slack/interactions",
        body,
        FORM,
        Some((SECRET, now())),
        &[],
    )
    .await
}

/// The requests the stand-in received on `path`, waiting up to 30 s for
/// at least `n` of them.
async fn received(server: &MockServer, p: &str, n: usize) -> Vec<Value> {
    for _ in 0..300 {
        let got: Vec<Value> = server
            .received_requests()
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r.url.path() == p)
            .map(|r| serde_json::from_slice(&r.body).unwrap_or(Value::Null))
            .collect();
        if got.len() >= n {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the Slack stand-in never received {n} requests on {p}");
}

async fn replicas(deployments: &Api<Deployment>) -> Option<i32> {
    deployments.get("web").await.unwrap().spec.replicas
}

/// A `view_submission` of the typed modal.
fn submitted(user: &str, plan: &str, typed: &str) -> String {
    let payload = json!({
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "example"},
        "user": {"id": user, "username": "someone", "team_id": TEAM},
        "api_app_id": "A123456",
        "token": "x",
        "trigger_id": "12466734323.1395872398.2a9c8e9b1f0f43f3d3b1b6ad15b6c7f8",
        "view": {
            "id": "VNHU13V36", "type": "modal", "callback_id": "kubechat_typed_view",
            "private_metadata": plan,
            "state": {"values": {"phrase": {"phrase": {"type": "plain_text_input", "value": typed}}}}
        }
    });
    form(&[("payload", &payload.to_string())])
}

async fn slack_app(
    cluster: &crate::helpers::WebCluster,
    slack: &MockServer,
    tweak: impl FnOnce(&mut kubechat_config::Config),
) -> anyhow::Result<TestApp> {
    let api_url = format!("{}/api", slack.uri());
    spawn_app(|c| {
        cluster.configure(c);
        c.slack.enabled = true;
        c.slack.signing_secret = Some(kubechat_config::Secret::new(SECRET));
        c.slack.bot_token = Some(kubechat_config::Secret::new("xoxb-test-token"));
        c.slack.api_url = api_url.clone();
        c.slack.approvals_channel = Some("C0APPROVALS".into());
        tweak(c);
    })
    .await
}

/// The buttons of the last message posted to `p` (response URL or method).
fn buttons(message: &Value) -> Vec<(String, String)> {
    message["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|b| b["type"] == "actions")
        .flat_map(|b| b["elements"].as_array().cloned().unwrap_or_default())
        .map(|e| {
            (
                e["action_id"].as_str().unwrap_or_default().to_owned(),
                e["value"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn slack_verifies_every_request_and_acts_as_the_linked_person() -> anyhow::Result<()> {
    let cluster = web_cluster(&["alice", "bob"]).await?;
    let slack = slack_standin().await;
    let app = slack_app(&cluster, &slack, |c| {
        c.rate_limits.blocked_users = vec!["mallory".into()];
    })
    .await?;
    let store = app
        .add_users(
            &[
                ("alice", UserRole::Operator),
                ("bob", UserRole::Operator),
                ("mallory", UserRole::Operator),
            ],
            PASSWORD,
        )
        .await?;
    let alice_token = app.login("alice", PASSWORD).await;
    let respond = |n: u32| format!("{}/respond/{n}", slack.uri());
    let ns = cluster.ns.clone();
    let deployments: Api<Deployment> = Api::namespaced(cluster.admin.clone(), &ns);
    let signed = || Some((SECRET, now()));
    let slash = |user: &str, text: &str, n: u32| command(user, text, &respond(n));

    // Unsigned, forged, stale, altered: 401, and nothing happened.
    let body = slash("U0ALICE", "scale deployment web to 9", 0);
    for (signature, sent) in [
        (None, body.clone()),
        (Some(("another secret", now())), body.clone()),
        (Some((SECRET, now() - 600)), body.clone()),
    ] {
        let (status, _) =
            from_slack(&app, "/api/v1/slack/commands", &sent, FORM, signature, &[]).await;
        assert_eq!(status, 401);
    }
    let ts = now();
    let status = reqwest::Client::new()
        .post(app.url("/api/v1/slack/commands"))
        .header("content-type", FORM)
        .header("x-slack-request-timestamp", ts.to_string())
        .header(
            "x-slack-signature",
            kubechat_slack::verify::sign(SECRET.as_bytes(), ts, body.as_bytes()),
        )
        .body(body.replace("to+9", "to+10"))
        .send()
        .await?
        .status()
        .as_u16();
    assert_eq!(status, 401, "a body altered after signing");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        slack
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty(),
        "nothing posted"
    );
    assert_eq!(replicas(&deployments).await, Some(1));

    // The Request URL check.
    let (status, answer) = from_slack(
        &app,
        "/api/v1/slack/events",
        r#"{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}"#,
        "application/json",
        signed(),
        &[],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        answer["challenge"],
        "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    );

    // An unlinked Slack user: how to link, and nothing runs.
    let scale3 = format!("scale deployment web to 3 in {ns}");
    let (status, prompt) = signed_command(&app, &slash("U0ALICE", &scale3, 1)).await;
    assert_eq!(status, 200);
    assert_eq!(prompt["response_type"], "ephemeral");
    let text = prompt.to_string();
    assert!(
        text.contains("not linked") && text.contains("#/slack-link"),
        "{text}"
    );
    // alice, signed in, gets a one-time code and types it in Slack: the
    // Slack account typing it is linked to her, once.
    let (status, code) = post(&app, "/api/v1/slack/link-code", &alice_token, json!({})).await;
    assert_eq!(status, 200, "{code}");
    let code = code["code"].as_str().unwrap().to_owned();
    let (_, linked) = signed_command(
        &app,
        &slash("U0ALICE", &format!("link {}", code.to_lowercase()), 0),
    )
    .await;
    assert!(
        linked.to_string().contains("you now act as alice"),
        "{linked}"
    );
    let (_, again) = signed_command(&app, &slash("U0OTHER", &format!("link {code}"), 0)).await;
    assert!(
        again.to_string().contains("not valid"),
        "a code works once: {again}"
    );
    // bob and mallory are linked by an admin (`kubechat users link-slack`).
    let (_, accounts) = app.accounts().await?;
    for (name, slack_user) in [("bob", "U0BOB"), ("mallory", "U0MALLORY")] {
        let u = accounts
            .users(kubechat_store::DEFAULT_WORKSPACE_ID)
            .await?
            .into_iter()
            .find(|u| u.username == name)
            .unwrap();
        kubechat_slack::links::link(&store, TEAM, slack_user, u.id, now()).await?;
    }
    // Blocked in KubeChat: blocked in Slack.
    let (_, blocked) = signed_command(
        &app,
        &slash(
            "U0MALLORY",
            &format!("scale deployment web to 7 in {ns}"),
            0,
        ),
    )
    .await;
    assert!(blocked.to_string().contains("blocked"), "{blocked}");

    // alice asks for a change: the preview, for her eyes, with Confirm /
    // Cancel.
    let (status, _) = signed_command(&app, &slash("U0ALICE", &scale3, 2)).await;
    assert_eq!(status, 200);
    let preview = received(&slack, "/respond/2", 1).await.remove(0);
    assert_eq!(preview["response_type"], "ephemeral", "{preview}");
    let b = buttons(&preview);
    assert_eq!(b[0].0, "kubechat_confirm", "{preview}");
    let plan = b[0].1.clone();
    assert!(
        preview
            .to_string()
            .contains("kubectl scale deployment/web --replicas=3"),
        "{preview}"
    );

    // bob presses alice's Confirm: refused, to him alone; nothing runs.
    signed_interaction(
        &app,
        &pressed("U0BOB", "kubechat_confirm", &plan, &respond(3)),
    )
    .await;
    let refused = received(&slack, "/respond/3", 1).await.remove(0);
    assert_eq!(refused["response_type"], "ephemeral", "{refused}");
    assert_eq!(refused["replace_original"], false);
    assert!(
        refused.to_string().contains("belongs to someone else"),
        "{refused}"
    );
    assert_eq!(replicas(&deployments).await, Some(1));

    // alice presses it: applied, the preview replaced by the result.
    signed_interaction(
        &app,
        &pressed("U0ALICE", "kubechat_confirm", &plan, &respond(4)),
    )
    .await;
    let done = received(&slack, "/respond/4", 1).await.remove(0);
    assert_eq!(done["replace_original"], true, "{done}");
    assert_eq!(replicas(&deployments).await, Some(3));
    // Audited as the Slack channel, with the Slack team and user; the
    // link is in the trail too.
    let pg = sqlx::PgPool::connect(app.db_url()).await?;
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT phase, channel, session_id FROM audit_events WHERE verb = 'scale' ORDER BY seq",
    )
    .fetch_all(&pg)
    .await?;
    assert!(
        rows.iter().any(|(phase, _, _)| phase == "executed"),
        "{rows:?}"
    );
    assert!(
        rows.iter().all(|(_, channel, session)| channel == "slack"
            && session.as_deref() == Some("slack-T0001-U0ALICE")),
        "{rows:?}"
    );
    let links: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_events WHERE outcome = 'linked' AND request_text LIKE '%U0ALICE%'",
    )
    .fetch_one(&pg)
    .await?;
    assert_eq!(links, 1);

    // A mention, delivered twice (Slack retries): answered once, in its
    // thread, to the asker.
    let event = json!({
        "token": "x", "team_id": TEAM, "api_app_id": "A0MDYCDME", "type": "event_callback",
        "event_id": "Ev0LAN670R", "event_time": 1515449522,
        "event": {"type": "app_mention", "user": "U0BOB", "text": format!("<@U0LAN0Z89> show deployments in {ns}"),
                  "ts": "1515449522.000016", "channel": "C0LAN2Q65", "event_ts": "1515449522.000016"}
    })
    .to_string();
    for retry in [None, Some("1")] {
        let extra: Vec<(&str, &str)> = retry
            .map(|r| ("x-slack-retry-num", r))
            .into_iter()
            .collect();
        let (status, _) = from_slack(
            &app,
            "/api/v1/slack/events",
            &event,
            "application/json",
            signed(),
            &extra,
        )
        .await;
        assert_eq!(status, 200);
    }
    let posted = received(&slack, "/api/chat.postEphemeral", 1).await;
    assert_eq!(posted[0]["thread_ts"], "1515449522.000016");
    assert_eq!(posted[0]["user"], "U0BOB");
    assert!(
        posted[0].to_string().contains("kubectl get deployments"),
        "{}",
        posted[0]
    );
    // The second delivery ran no turn: one read in the audit trail.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let reads: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_events WHERE verb = 'get' AND phase = 'requested' AND session_id = 'slack-T0001-U0BOB'",
    )
    .fetch_one(&pg)
    .await?;
    assert_eq!(reads, 1, "one turn for two deliveries");
    assert_eq!(
        received(&slack, "/api/chat.postEphemeral", 1).await.len(),
        1
    );

    // Disabled in KubeChat: stopped in Slack at once.
    accounts
        .set_disabled(kubechat_store::DEFAULT_WORKSPACE_ID, "alice", true)
        .await?;
    let (status, refused) = signed_command(
        &app,
        &slash("U0ALICE", &format!("scale deployment web to 1 in {ns}"), 5),
    )
    .await;
    assert_eq!(status, 200);
    assert!(refused.to_string().contains("disabled"), "{refused}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(replicas(&deployments).await, Some(3));
    Ok(())
}

#[tokio::test]
async fn destructive_changes_are_typed_in_a_modal_or_approved_by_another_admin()
-> anyhow::Result<()> {
    let cluster = web_cluster(&["bob", "carol"]).await?;
    let slack = slack_standin().await;
    let app = slack_app(&cluster, &slack, |_| {}).await?;
    let store = app
        .add_users(
            &[("bob", UserRole::Admin), ("carol", UserRole::Admin)],
            PASSWORD,
        )
        .await?;
    let (_, accounts) = app.accounts().await?;
    for (name, slack_user) in [("bob", "U0BOB"), ("carol", "U0CAROL")] {
        let u = accounts
            .users(kubechat_store::DEFAULT_WORKSPACE_ID)
            .await?
            .into_iter()
            .find(|u| u.username == name)
            .unwrap();
        kubechat_slack::links::link(&store, TEAM, slack_user, u.id, now()).await?;
    }
    let respond = |n: u32| format!("{}/respond/{n}", slack.uri());
    let ns = cluster.ns.clone();
    let deployments: Api<Deployment> = Api::namespaced(cluster.admin.clone(), &ns);

    // A destructive delete: "Confirm…" opens a modal where the name is
    // typed; a wrong name runs nothing, the right one deletes.
    signed_command(
        &app,
        &command(
            "U0BOB",
            &format!("delete deployment web in {ns}"),
            &respond(1),
        ),
    )
    .await;
    let preview = received(&slack, "/respond/1", 1).await.remove(0);
    let b = buttons(&preview);
    assert_eq!(b[0].0, "kubechat_typed", "{preview}");
    let plan = b[0].1.clone();
    signed_interaction(
        &app,
        &pressed("U0BOB", "kubechat_typed", &plan, &respond(2)),
    )
    .await;
    let modal = received(&slack, "/api/views.open", 1).await.remove(0);
    assert_eq!(
        modal["view"]["callback_id"], "kubechat_typed_view",
        "{modal}"
    );
    assert_eq!(modal["view"]["private_metadata"], plan.as_str());
    assert!(modal.to_string().contains("Type web to confirm"), "{modal}");
    // carol may neither open bob's modal nor submit it.
    signed_interaction(
        &app,
        &pressed("U0CAROL", "kubechat_typed", &plan, &respond(7)),
    )
    .await;
    let not_hers = received(&slack, "/respond/7", 1).await.remove(0);
    assert!(
        not_hers.to_string().contains("Only the person who asked"),
        "{not_hers}"
    );
    let (_, refused) = signed_interaction(&app, &submitted("U0CAROL", &plan, "web")).await;
    assert_eq!(refused["response_action"], "errors", "{refused}");
    // A wrong name keeps the modal open, the error under the field.
    let (status, wrong) = signed_interaction(&app, &submitted("U0BOB", &plan, "wbe")).await;
    assert_eq!(status, 200);
    assert_eq!(wrong["response_action"], "errors", "{wrong}");
    assert!(
        wrong["errors"]["phrase"]
            .as_str()
            .unwrap_or_default()
            .contains("Type web"),
        "{wrong}"
    );
    assert!(
        deployments.get_opt("web").await?.is_some(),
        "a wrong name runs nothing"
    );
    signed_interaction(&app, &submitted("U0BOB", &plan, "web")).await;
    let done = received(&slack, "/respond/1", 2).await.remove(1);
    assert!(done.to_string().contains("kubectl delete"), "{done}");
    assert!(
        deployments
            .get_opt("web")
            .await?
            .is_none_or(|d| d.metadata.deletion_timestamp.is_some())
    );

    // A channel bound to a read-only bot (an admin's `/kubechat bot`):
    // its policy applies there, and only there.
    crate::helpers::create_deployment(&cluster, "api").await?;
    let bob_token = app.login("bob", PASSWORD).await;
    let settings = json!({"display_name": "Reader", "default_namespace": ns,
        "policy": {"allowed_verbs": ["get", "describe"], "allowed_namespaces": ["*"],
                   "denied_resources": ["secrets"], "destructive_confirmation": "typed"}});
    let (status, body) = crate::helpers::call(
        &app,
        reqwest::Method::PUT,
        "/api/v1/bots/reader",
        &bob_token,
        Some(json!({"version": 0, "settings": settings})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, bound) = signed_command(&app, &command("U0BOB", "bot reader", &respond(9))).await;
    assert!(
        bound.to_string().contains("now asks the bot reader"),
        "{bound}"
    );
    let (_, nobody) = signed_command(&app, &command("U0BOB", "bot nosuchbot", &respond(9))).await;
    assert!(nobody.to_string().contains("no bot"), "{nobody}");
    signed_command(
        &app,
        &command("U0BOB", "scale deployment api to 2", &respond(6)),
    )
    .await;
    let denied = received(&slack, "/respond/6", 1).await.remove(0);
    assert!(denied.to_string().contains("Not allowed"), "{denied}");
    assert_eq!(deployments.get("api").await?.spec.replicas, Some(1));

    // Back to the workspace's default bot.
    let (_, bound) = signed_command(&app, &command("U0BOB", "bot kubechat", &respond(9))).await;
    assert!(
        bound.to_string().contains("now asks the bot kubechat"),
        "{bound}"
    );

    // Four eyes: the change goes to the approvals channel; the asker
    // cannot approve it, another admin can, and the asker hears of it.
    let (status, _) = crate::helpers::call(
        &app,
        reqwest::Method::PUT,
        "/api/v1/policy",
        &bob_token,
        Some(json!({"destructive_confirmation": "approval"})),
    )
    .await;
    assert_eq!(status, 200);
    signed_command(
        &app,
        &command(
            "U0BOB",
            &format!("delete deployment api in {ns}"),
            &respond(3),
        ),
    )
    .await;
    let preview = received(&slack, "/respond/3", 1).await.remove(0);
    assert_eq!(
        buttons(&preview)
            .iter()
            .map(|b| b.0.as_str())
            .collect::<Vec<_>>(),
        ["kubechat_cancel"],
        "{preview}"
    );
    let asked = received(&slack, "/api/chat.postMessage", 1).await.remove(0);
    assert_eq!(asked["channel"], "C0APPROVALS", "{asked}");
    let b = buttons(&asked);
    assert_eq!(b[0].0, "kubechat_approve");
    let plan = b[0].1.clone();
    signed_interaction(
        &app,
        &pressed("U0BOB", "kubechat_approve", &plan, &respond(4)),
    )
    .await;
    let own = received(&slack, "/respond/4", 1).await.remove(0);
    assert_eq!(own["response_type"], "ephemeral", "{own}");
    assert!(own.to_string().contains("four eyes"), "{own}");
    assert!(
        deployments.get_opt("api").await?.is_some(),
        "nobody approves their own change"
    );
    signed_interaction(
        &app,
        &pressed("U0CAROL", "kubechat_approve", &plan, &respond(5)),
    )
    .await;
    let decided = received(&slack, "/respond/5", 1).await.remove(0);
    assert_eq!(decided["replace_original"], true);
    assert!(
        decided.to_string().contains("Approved by carol"),
        "{decided}"
    );
    let told = received(&slack, "/respond/3", 2).await.remove(1);
    assert!(told.to_string().contains("kubectl delete"), "{told}");
    assert!(
        deployments
            .get_opt("api")
            .await?
            .is_none_or(|d| d.metadata.deletion_timestamp.is_some())
    );
    Ok(())
}

/// Starts "Add to Slack" as the admin holding `token`: the authorize
/// URL is Slack's with the app's id, scopes and way back; its state, and
/// the cookie binding it to this "browser".
async fn start_install(app: &TestApp, token: &str) -> (String, String) {
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/slack/install"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let set = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap()
        .to_owned();
    assert!(
        set.contains("HttpOnly") && set.contains("Path=/api/v1/slack/oauth"),
        "{set}"
    );
    let cookie = set.split(';').next().unwrap().to_owned();
    let started: Value = r.json().await.unwrap();
    let url = url::Url::parse(started["url"].as_str().unwrap()).unwrap();
    assert!(
        url.as_str()
            .starts_with("https://slack.com/oauth/v2/authorize?"),
        "{url}"
    );
    let q: std::collections::HashMap<String, String> = url.query_pairs().into_owned().collect();
    assert_eq!(q["client_id"], "4139119.75214");
    assert_eq!(
        q["redirect_uri"],
        "https://kubechat.example.com/api/v1/slack/oauth"
    );
    assert!(q["scope"].contains("commands") && q["scope"].contains("chat:write"));
    (q["state"].clone(), cookie)
}

/// The requests the stand-in received on `path` with their bearer token.
async fn bearers(server: &MockServer, p: &str) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.url.path() == p)
        .filter_map(|r| {
            r.headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .collect()
}

/// "Add to Slack": a workspace admin starts the install, Slack sends them
/// back with a code and the state, the code becomes the team's bot token
/// (stored sealed, never shown), and that team is answered with its own
/// token in the admin's workspace. Forged, reused and refused states and
/// codes add nothing; an admin who lost the role meanwhile adds nothing;
/// a team nobody installed is told so; a removed team is not answered.
#[tokio::test]
async fn add_to_slack_installs_a_team_with_its_own_token() -> anyhow::Result<()> {
    let cluster = web_cluster(&["ada", "olga"]).await?;
    let slack = slack_standin().await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::path("/api/oauth.v2.access"))
        .and(wiremock::matchers::body_string_contains("code=good-code"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "ok": true, "access_token": "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
            "token_type": "bot", "scope": "commands,chat:write", "bot_user_id": "U0KRQLJ9H",
            "app_id": "A0KRD7HC3", "team": {"name": "Second Team", "id": "T9TK3CUKW"},
            "enterprise": null, "is_enterprise_install": false,
            "authed_user": {"id": "U1234", "scope": "", "access_token": "xoxp-1234", "token_type": "user"}
        })))
        .mount(&slack)
        .await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::path("/api/oauth.v2.access"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"ok": false, "error": "invalid_code"})),
        )
        .mount(&slack)
        .await;
    // No configured team: every team answers with its own install.
    let app = slack_app(&cluster, &slack, |c| {
        c.slack.bot_token = None;
        c.slack.approvals_channel = None;
        c.slack.client_id = Some("4139119.75214".into());
        c.slack.client_secret = Some(kubechat_config::Secret::new("33fea0113f5b1"));
        c.slack.public_url = "https://kubechat.example.com".into();
    })
    .await?;
    let store = app
        .add_users(
            &[("ada", UserRole::Admin), ("olga", UserRole::Operator)],
            PASSWORD,
        )
        .await?;
    let ada = app.login("ada", PASSWORD).await;
    let olga = app.login("olga", PASSWORD).await;
    let team2 = "T9TK3CUKW";
    let ns = cluster.ns.clone();
    let respond = |n: u32| format!("{}/respond/{n}", slack.uri());
    let command_of = |team: &str, user: &str, text: &str, n: u32| {
        command(user, text, &respond(n)).replace(TEAM, team)
    };

    // A team nobody installed: told so, nothing runs.
    let (status, said) = signed_command(&app, &command_of(team2, "U2OLGA", "show pods", 0)).await;
    assert_eq!(status, 200);
    assert!(said.to_string().contains("not installed"), "{said}");

    // Only admins start an install.
    let (status, _) = post(&app, "/api/v1/slack/install", &olga, json!({})).await;
    assert_eq!(status, 403);
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let back = |query: String, cookie: Option<&str>| {
        let mut req = no_redirects.get(app.url(&format!("/api/v1/slack/oauth?{query}")));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        async move {
            let r = req.send().await.unwrap();
            let status = r.status().as_u16();
            let location = r
                .headers()
                .get("location")
                .map(|v| v.to_str().unwrap().to_owned());
            let body: Value = r.json().await.unwrap_or(Value::Null);
            (status, location, body)
        }
    };
    let exchanges = || async {
        slack
            .received_requests()
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r.url.path() == "/api/oauth.v2.access")
            .map(|r| String::from_utf8_lossy(&r.body).into_owned())
            .collect::<Vec<_>>()
    };

    // A state KubeChat never gave: refused before Slack is asked.
    let (status, _, body) = back("code=good-code&state=".to_owned() + &"ab".repeat(24), None).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "invalid_state", "{body}");
    assert!(exchanges().await.is_empty());
    // A real state opened in another browser (without the cookie set
    // where it started): refused, spent, Slack never asked.
    let (state, _) = start_install(&app, &ada).await;
    let (status, _, body) = back(format!("code=good-code&state={state}"), None).await;
    assert_eq!(status, 400);
    assert!(body.to_string().contains("another browser"), "{body}");
    assert!(exchanges().await.is_empty());
    // A code Slack refuses: nothing added, and the state is spent.
    let (state, cookie) = start_install(&app, &ada).await;
    let (status, _, body) = back(format!("code=stale-code&state={state}"), Some(&cookie)).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "code_refused", "{body}");
    let (status, _, body) = back(format!("code=good-code&state={state}"), Some(&cookie)).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["error"]["code"], "invalid_state",
        "a state works once: {body}"
    );
    // The admin refused in Slack.
    let (state, cookie) = start_install(&app, &ada).await;
    let (status, _, body) = back(format!("error=access_denied&state={state}"), Some(&cookie)).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "install_refused", "{body}");
    // Started by an admin who is disabled before Slack sends them back.
    let (state, cookie) = start_install(&app, &ada).await;
    let (_, accounts) = app.accounts().await?;
    accounts
        .set_disabled(kubechat_store::DEFAULT_WORKSPACE_ID, "ada", true)
        .await?;
    let (status, _, _) = back(format!("code=good-code&state={state}"), Some(&cookie)).await;
    assert_eq!(status, 403);
    accounts
        .set_disabled(kubechat_store::DEFAULT_WORKSPACE_ID, "ada", false)
        .await?;
    let pg = sqlx::PgPool::connect(app.db_url()).await?;
    let installed: i64 = sqlx::query_scalar("SELECT count(*) FROM slack_installs")
        .fetch_one(&pg)
        .await?;
    assert_eq!(installed, 0, "nothing added so far");

    // The install: back to the web UI's settings, saying which team.
    let ada = app.login("ada", PASSWORD).await;
    let (state, cookie) = start_install(&app, &ada).await;
    let (status, location, _) = back(format!("code=good-code&state={state}"), Some(&cookie)).await;
    assert_eq!(status, 303);
    assert_eq!(
        location.as_deref(),
        Some("https://kubechat.example.com/#/settings?slack_installed=Second+Team")
    );
    let sent = exchanges().await.pop().unwrap();
    for part in [
        "client_id=4139119.75214",
        "client_secret=33fea0113f5b1",
        "code=good-code",
        "redirect_uri=https%3A%2F%2Fkubechat.example.com%2Fapi%2Fv1%2Fslack%2Foauth",
    ] {
        assert!(sent.contains(part), "{part} in {sent}");
    }
    // Stored sealed, listed without it, audited.
    let stored: String =
        sqlx::query_scalar("SELECT bot_token FROM slack_installs WHERE team_id = $1")
            .bind(team2)
            .fetch_one(&pg)
            .await?;
    assert!(!stored.contains("xoxb") && !stored.contains("pdFZKVeTuE8sk7oOcBrzbqgy"));
    let (status, list) = app.get_as("/api/v1/slack/installs", Some(&ada)).await;
    assert_eq!(status, 200);
    assert_eq!(list["installs"][0]["team_id"], team2, "{list}");
    assert_eq!(list["installs"][0]["team_name"], "Second Team");
    assert_eq!(list["installs"][0]["installed_by"], "ada");
    assert!(!list.to_string().contains("xoxb"), "{list}");
    let (status, _) = app.get_as("/api/v1/slack/installs", Some(&olga)).await;
    assert_eq!(status, 403);
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_events WHERE outcome = 'installed' AND request_text LIKE '%T9TK3CUKW%'",
    )
    .fetch_one(&pg)
    .await?;
    assert_eq!(audited, 1);
    // The team stays with its workspace: another workspace cannot take it.
    let sealer =
        kubechat_slack::installs::Sealer::new(&kubechat_config::Secret::new("33fea0113f5b1"))?;
    let taken = kubechat_slack::installs::Install {
        team_id: team2.into(),
        team_name: "Second Team".into(),
        workspace_id: uuid::Uuid::new_v4(),
        bot_user_id: "U0KRQLJ9H".into(),
        token: kubechat_config::Secret::new("xoxb-other"),
        approvals_channel: None,
    };
    assert!(!kubechat_slack::installs::save(&store, &sealer, &taken, "eve", now()).await?);

    // The installed team is answered with its own token, in ada's
    // workspace: olga, linked there, reads her namespace.
    let olga_id = accounts
        .users(kubechat_store::DEFAULT_WORKSPACE_ID)
        .await?
        .into_iter()
        .find(|u| u.username == "olga")
        .unwrap()
        .id;
    kubechat_slack::links::link(&store, team2, "U2OLGA", olga_id, now()).await?;
    let event = json!({
        "token": "x", "team_id": team2, "api_app_id": "A0KRD7HC3", "type": "event_callback",
        "event_id": "Ev0SECOND1", "event_time": 1515449522,
        "event": {"type": "app_mention", "user": "U2OLGA", "text": format!("<@U0KRQLJ9H> show deployments in {ns}"),
                  "ts": "1515449599.000016", "channel": "C2OPS", "event_ts": "1515449599.000016"}
    })
    .to_string();
    let (status, _) = from_slack(
        &app,
        "/api/v1/slack/events",
        &event,
        "application/json",
        Some((SECRET, now())),
        &[],
    )
    .await;
    assert_eq!(status, 200);
    let posted = received(&slack, "/api/chat.postEphemeral", 1).await;
    assert!(
        posted[0].to_string().contains("kubectl get deployments"),
        "{}",
        posted[0]
    );
    assert_eq!(
        bearers(&slack, "/api/chat.postEphemeral").await,
        vec!["Bearer xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy".to_owned()]
    );
    // An admin there chooses its approvals channel.
    let ada_id = accounts
        .users(kubechat_store::DEFAULT_WORKSPACE_ID)
        .await?
        .into_iter()
        .find(|u| u.username == "ada")
        .unwrap()
        .id;
    kubechat_slack::links::link(&store, team2, "U2ADA", ada_id, now()).await?;
    let (_, said) = signed_command(&app, &command_of(team2, "U2OLGA", "approvals here", 0)).await;
    assert!(said.to_string().contains("only admins"), "{said}");
    let (_, said) = signed_command(&app, &command_of(team2, "U2ADA", "approvals here", 0)).await;
    assert!(
        said.to_string().contains("posted in this channel"),
        "{said}"
    );
    let channel: Option<String> =
        sqlx::query_scalar("SELECT approvals_channel FROM slack_installs WHERE team_id = $1")
            .bind(team2)
            .fetch_one(&pg)
            .await?;
    assert_eq!(channel.as_deref(), Some("C2147483705"));

    // Removed: the team is not answered any more.
    let (status, _) = crate::helpers::call(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/slack/installs/{team2}"),
        &ada,
        None,
    )
    .await;
    assert_eq!(status, 204);
    let (_, said) = signed_command(&app, &command_of(team2, "U2OLGA", "show pods", 0)).await;
    assert!(said.to_string().contains("not installed"), "{said}");
    Ok(())
}

/// A configured team and "Add to Slack" on one deployment: the bot token
/// answers `slack.team_id` only — any other team that has not added the
/// app is told so — and the configured team cannot be added again.
#[tokio::test]
async fn the_configured_token_answers_its_own_team_only() -> anyhow::Result<()> {
    let cluster = web_cluster(&["ada"]).await?;
    let slack = slack_standin().await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::path("/api/oauth.v2.access"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "ok": true, "access_token": "xoxb-1-2-configured", "token_type": "bot",
            "bot_user_id": "U0BOT", "team": {"name": "Ops", "id": TEAM}, "is_enterprise_install": false
        })))
        .mount(&slack)
        .await;
    let app = slack_app(&cluster, &slack, |c| {
        c.slack.team_id = Some(TEAM.into());
        c.slack.client_id = Some("4139119.75214".into());
        c.slack.client_secret = Some(kubechat_config::Secret::new("33fea0113f5b1"));
        c.slack.public_url = "https://kubechat.example.com".into();
    })
    .await?;
    app.add_users(&[("ada", UserRole::Admin)], PASSWORD).await?;
    let ada = app.login("ada", PASSWORD).await;
    let respond = format!("{}/respond/0", slack.uri());
    // The configured team: answered (here, with the link prompt).
    let (_, said) = signed_command(&app, &command("U0ADA", "show pods", &respond)).await;
    assert!(said.to_string().contains("not linked"), "{said}");
    // Another team, never added: not answered as the configured one.
    let foreign = command("U0EVE", "show pods", &respond).replace(TEAM, "T0FOREIGN");
    let (_, said) = signed_command(&app, &foreign).await;
    assert!(said.to_string().contains("not installed"), "{said}");
    // Adding the configured team is refused.
    let (state, cookie) = start_install(&app, &ada).await;
    let r = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?
        .get(app.url(&format!("/api/v1/slack/oauth?code=c&state={state}")))
        .header("cookie", cookie)
        .send()
        .await?;
    assert_eq!(r.status().as_u16(), 409);
    Ok(())
}
