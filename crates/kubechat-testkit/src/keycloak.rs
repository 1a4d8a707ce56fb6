//! A real Keycloak as the identity provider of the single sign-on tests.
//!
//! `scripts/keycloak.sh` installs the server distribution from Maven
//! Central into the cache once and starts isolated instances; the realm
//! `kubechat` (`crates/kubechat-testkit/keycloak/realm.json`) has the
//! confidential client `kubechat` (PKCE S256, redirects to any loopback
//! port, tokens with `groups` and audience `kubechat`), the client
//! `other-app`, and the users alice (groups kubechat-admins, platform),
//! bob (developers) and carol (no group). One instance serves a whole
//! test binary (starting one takes 15–30 s); it dies with the process.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};
use tokio::sync::OnceCell;

/// The client KubeChat signs in through, and its secret.
pub const CLIENT_ID: &str = "kubechat";
pub const CLIENT_SECRET: &str = "kubechat-test-secret";
/// Longest wait for a start (the first one imports the realm).
const START_TIMEOUT: Duration = Duration::from_secs(240);

/// A running Keycloak.
#[derive(Debug)]
pub struct Keycloak {
    /// `http://127.0.0.1:PORT/realms/kubechat`.
    pub issuer: String,
    base: String,
    _child: std::process::Child,
    _dir: tempfile::TempDir,
}

static SHARED: OnceCell<Keycloak> = OnceCell::const_new();

/// A client for one call: the instance is shared by tests that each run
/// their own runtime, and a pooled connection dies with the runtime that
/// opened it.
fn http() -> Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()?)
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/keycloak.sh")
}

impl Keycloak {
    /// The instance this test binary shares, started on first use.
    pub async fn shared() -> Result<&'static Keycloak> {
        SHARED.get_or_try_init(Keycloak::start).await
    }

    /// Starts a new instance on free ports and waits until its realm is
    /// served.
    pub async fn start() -> Result<Keycloak> {
        crate::init();
        let dir = tempfile::tempdir()?;
        let (port, mgmt) = (crate::free_port()?, crate::free_port()?);
        let log_path = dir.path().join("keycloak.log");
        let log = std::fs::File::create(&log_path)?;
        let child = crate::process::spawn_tied(
            &script(),
            &[
                "start".to_owned(),
                dir.path().join("run").display().to_string(),
                port.to_string(),
                mgmt.to_string(),
            ],
            log,
        )?;
        let base = format!("http://127.0.0.1:{port}");
        let issuer = format!("{base}/realms/kubechat");
        let http = http()?;
        let started = Instant::now();
        let discovery = format!("{issuer}/.well-known/openid-configuration");
        loop {
            if let Ok(r) = http.get(&discovery).send().await
                && r.status().is_success()
            {
                break;
            }
            if started.elapsed() > START_TIMEOUT {
                let tail = std::fs::read_to_string(&log_path).unwrap_or_default();
                let tail: String = tail
                    .chars()
                    .rev()
                    .take(4000)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                bail!("Keycloak did not serve its realm within {START_TIMEOUT:?}:\n{tail}");
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        tracing::info!(%issuer, secs = started.elapsed().as_secs_f64(), "keycloak ready");
        Ok(Keycloak {
            issuer,
            base,
            _child: child,
            _dir: dir,
        })
    }

    /// A password-grant token answer (`access_token`, `id_token`, …) of
    /// `client` for a user: what a script of the company would hold.
    pub async fn password_grant(
        &self,
        client: (&str, &str),
        username: &str,
        password: &str,
    ) -> Result<Value> {
        let r = http()?
            .post(format!("{}/protocol/openid-connect/token", self.issuer))
            .form(&[
                ("grant_type", "password"),
                ("client_id", client.0),
                ("client_secret", client.1),
                ("username", username),
                ("password", password),
                ("scope", "openid"),
            ])
            .send()
            .await?;
        let status = r.status();
        let body: Value = r.json().await?;
        if !status.is_success() {
            bail!("password grant for {username}: {status} {body}");
        }
        Ok(body)
    }

    async fn admin_token(&self) -> Result<String> {
        let r: Value = http()?
            .post(format!(
                "{}/realms/master/protocol/openid-connect/token",
                self.base
            ))
            .form(&[
                ("grant_type", "password"),
                ("client_id", "admin-cli"),
                ("username", "admin"),
                ("password", "admin"),
            ])
            .send()
            .await?
            .json()
            .await?;
        r["access_token"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("no admin token: {r}"))
    }

    async fn admin(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value> {
        let token = self.admin_token().await?;
        let mut req = http()?
            .request(
                method,
                format!("{}/admin/realms/kubechat/{path}", self.base),
            )
            .bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await?;
        let status = r.status();
        let text = r.text().await?;
        if !status.is_success() {
            bail!("Keycloak admin {path}: {status} {text}");
        }
        Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn id_of(&self, what: &str, name: &str) -> Result<String> {
        let key = if what == "users" {
            "username"
        } else {
            "search"
        };
        let found = self
            .admin(
                reqwest::Method::GET,
                &format!("{what}?{key}={name}&exact=true"),
                None,
            )
            .await?;
        found
            .as_array()
            .and_then(|a| {
                a.iter()
                    .find(|x| x["username"] == name || x["name"] == name)
            })
            .and_then(|x| x["id"].as_str())
            .map(str::to_owned)
            .with_context(|| format!("no {what} named {name} in the realm"))
    }

    /// Puts `username` in exactly `groups` (removing the others).
    pub async fn set_groups(&self, username: &str, groups: &[&str]) -> Result<()> {
        let user = self.id_of("users", username).await?;
        let now = self
            .admin(reqwest::Method::GET, &format!("users/{user}/groups"), None)
            .await?;
        for g in now.as_array().into_iter().flatten() {
            if let Some(id) = g["id"].as_str() {
                self.admin(
                    reqwest::Method::DELETE,
                    &format!("users/{user}/groups/{id}"),
                    None,
                )
                .await?;
            }
        }
        for g in groups {
            let id = self.id_of("groups", g).await?;
            self.admin(
                reqwest::Method::PUT,
                &format!("users/{user}/groups/{id}"),
                Some(json!({})),
            )
            .await?;
        }
        Ok(())
    }
}

/// Cookies as a browser keeps them for one site.
#[derive(Debug, Default, Clone)]
pub struct Jar(std::collections::BTreeMap<String, String>);

impl Jar {
    /// Keeps the cookies a response sets (and drops those it clears).
    pub fn take(&mut self, r: &reqwest::Response) {
        for v in r.headers().get_all("set-cookie") {
            let Some((name, rest)) = v.to_str().unwrap_or("").split_once('=') else {
                continue;
            };
            let value = rest.split(';').next().unwrap_or("");
            if value.is_empty() || rest.contains("Max-Age=0") {
                self.0.remove(name);
            } else {
                self.0.insert(name.to_owned(), value.to_owned());
            }
        }
    }

    /// The `Cookie` header a browser would send.
    pub fn header(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// A client that shows each redirect instead of following it, as the
/// steps of a browser's sign-in are checked one by one.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_default()
}

/// Where a response redirects to.
pub fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// A browser's way from KubeChat's sign-in address `start` to KubeChat's
/// callback: follows KubeChat's redirect to Keycloak and signs `user` in
/// on Keycloak's own form. Returns the callback URL and KubeChat's
/// cookies (the sign-in's binding).
pub async fn browser_sign_in(start: &str, user: &str, password: &str) -> Result<(String, Jar)> {
    browser_sign_in_through(start, user, password, |to_idp| to_idp.to_owned()).await
}

/// [`browser_sign_in`] with the authorization request rewritten on its way
/// to Keycloak by `alter` (an attacker's hand on it: another nonce, …).
pub async fn browser_sign_in_through(
    start: &str,
    user: &str,
    password: &str,
    alter: impl Fn(&str) -> String,
) -> Result<(String, Jar)> {
    let mut ours = Jar::default();
    let start = browser()
        .get(start)
        .send()
        .await
        .context("KubeChat answers")?;
    if start.status().as_u16() != 302 {
        bail!(
            "KubeChat did not redirect to the provider: {}",
            start.status()
        );
    }
    ours.take(&start);
    let to_idp = alter(&location(&start));
    if !to_idp.contains("code_challenge_method=S256") {
        bail!("no PKCE in {to_idp}");
    }
    let mut theirs = Jar::default();
    let page = browser()
        .get(&to_idp)
        .send()
        .await
        .context("Keycloak answers")?;
    theirs.take(&page);
    let html = page.text().await.unwrap_or_default();
    let action = html
        .split("id=\"kc-form-login\"")
        .nth(1)
        .and_then(|form| form.split("action=\"").nth(1))
        .and_then(|a| a.split('"').next())
        .context("Keycloak's login form and its action")?
        .replace("&amp;", "&");
    let signed = browser()
        .post(&action)
        .header("cookie", theirs.header())
        .form(&[
            ("username", user),
            ("password", password),
            ("credentialId", ""),
        ])
        .send()
        .await
        .context("Keycloak answers")?;
    let status = signed.status().as_u16();
    if status != 302 {
        let page = signed.text().await.unwrap_or_default();
        let said: String = page
            .split("kc-feedback-text")
            .nth(1)
            .or_else(|| page.split("<title>").nth(1))
            .unwrap_or(&page)
            .chars()
            .take(600)
            .collect();
        bail!("{user} did not sign in at Keycloak ({status}): {said}");
    }
    Ok((location(&signed), ours))
}
