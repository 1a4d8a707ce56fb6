//! One configured identity provider: what its discovery document and
//! key set say (cached), the authorization request, the code exchange,
//! and the checks on what comes back.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kubechat_config::{OidcProviderConfig, Secret};
use kubechat_core::{Clock, UserRole};
use serde::Deserialize;
use tokio::sync::RwLock;

use crate::jws::{self, Claims, Expect, Jwk, Unverified};
use crate::{Error, Result};

/// Largest discovery document, key set or token answer read (bytes).
const MAX_BODY: usize = 256 * 1024;
/// Most keys kept from a key set.
const MAX_KEYS: usize = 32;
/// How soon a key set is fetched again for an unknown key id: a
/// provider's rotation is picked up, a flood of made-up key ids is not
/// a flood of fetches.
const REFETCH_AFTER: Duration = Duration::from_secs(60);
/// How soon a provider that could not be reached is asked again by
/// requests (the background start and `/health` ask when they run).
const RETRY_UNREACHABLE: Duration = Duration::from_secs(10);
/// Longest wait for the provider.
const TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Deserialize)]
struct Discovery {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
}

#[derive(Debug, Deserialize)]
struct KeySet {
    keys: Vec<serde_json::Value>,
}

#[derive(Debug, Clone)]
struct Known {
    discovery: Discovery,
    keys: Vec<Jwk>,
    fetched: Instant,
}

/// What the token endpoint answered.
#[derive(Debug, Clone, Deserialize)]
pub struct Tokens {
    pub id_token: String,
    #[serde(default)]
    pub access_token: Option<String>,
}

/// Who signed in, as the provider says, and the role their groups give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub username: String,
    pub groups: Vec<String>,
    pub role: UserRole,
    /// The provider's `sub`: stable even when the user name changes.
    pub subject: String,
}

struct Inner {
    config: OidcProviderConfig,
    secret: Secret,
    http: reqwest::Client,
    clock: Arc<dyn Clock>,
    leeway: i64,
    known: RwLock<Option<Known>>,
    /// The last failure to reach the provider, for `/health`.
    last_error: Mutex<Option<String>>,
    /// When the provider was last asked (whatever came of it); held while
    /// asking, so concurrent requests wait for one fetch.
    last_attempt: tokio::sync::Mutex<Option<Instant>>,
}

/// A configured provider; cheap to clone.
#[derive(Clone)]
pub struct Provider(Arc<Inner>);

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider")
            .field("name", &self.0.config.name)
            .field("issuer", &self.0.config.issuer)
            .finish_non_exhaustive()
    }
}

fn provider_error(config: &OidcProviderConfig, reason: impl Into<String>) -> Error {
    Error::Provider {
        provider: config.name.clone(),
        reason: reason.into(),
    }
}

impl Provider {
    /// A provider from its configuration (validated by the config crate);
    /// nothing is fetched until it is first needed or [`Self::refresh`]ed.
    pub fn new(
        config: &OidcProviderConfig,
        leeway_seconds: u32,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        let secret = config
            .secret()
            .ok_or_else(|| provider_error(config, "no client secret"))?;
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| provider_error(config, e.to_string()))?;
        Ok(Self(Arc::new(Inner {
            config: config.clone(),
            secret,
            http,
            clock,
            leeway: i64::from(leeway_seconds),
            known: RwLock::new(None),
            last_error: Mutex::new(None),
            last_attempt: tokio::sync::Mutex::new(None),
        })))
    }

    pub fn name(&self) -> &str {
        &self.0.config.name
    }

    /// What the sign-in button says.
    pub fn display_name(&self) -> &str {
        self.0
            .config
            .display_name
            .as_deref()
            .unwrap_or(&self.0.config.name)
    }

    /// The person's groups as Kubernetes groups (`groups_prefix` put
    /// before each).
    pub fn kube_groups(&self, who: &Identity) -> Vec<String> {
        who.groups
            .iter()
            .map(|g| format!("{}{g}", self.0.config.groups_prefix))
            .collect()
    }

    /// Whether an existing account of the same name may be linked.
    pub fn link_existing(&self) -> bool {
        self.0.config.link_existing
    }

    /// The KubeChat workspace its people sign into.
    pub fn workspace(&self) -> &str {
        &self.0.config.workspace
    }

    pub fn issuer(&self) -> &str {
        self.0.config.issuer.trim_end_matches('/')
    }

    /// Whether the discovery document and keys are in hand.
    pub async fn is_known(&self) -> bool {
        self.0.known.read().await.is_some()
    }

    /// Why the provider could not be reached last time, if it could not.
    pub fn last_error(&self) -> Option<String> {
        self.0.last_error.lock().ok().and_then(|e| e.clone())
    }

    fn note(&self, result: &Result<Known>) {
        if let Ok(mut last) = self.0.last_error.lock() {
            *last = result.as_ref().err().map(ToString::to_string);
        }
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str, what: &str) -> Result<T> {
        let cfg = &self.0.config;
        let resp = self
            .0
            .http
            .get(url)
            .header("accept", "application/json")
            .send()
            .await
            .map_err(|e| provider_error(cfg, format!("cannot read the {what} at {url}: {e}")))?;
        if !resp.status().is_success() {
            return Err(provider_error(
                cfg,
                format!("the {what} at {url} answered {}", resp.status()),
            ));
        }
        let body = bounded(resp)
            .await
            .map_err(|e| provider_error(cfg, format!("the {what}: {e}")))?;
        serde_json::from_slice(&body).map_err(|e| {
            provider_error(
                cfg,
                format!("the {what} is not what OpenID Connect describes: {e}"),
            )
        })
    }

    async fn fetch(&self) -> Result<Known> {
        let cfg = &self.0.config;
        let url = format!("{}/.well-known/openid-configuration", self.issuer());
        let discovery: Discovery = self.get_json(&url, "discovery document").await?;
        // OpenID Connect Discovery §4.3: the document's issuer is the one
        // configured, exactly; tokens are later checked against it.
        if discovery.issuer.trim_end_matches('/') != self.issuer() {
            return Err(provider_error(
                cfg,
                format!(
                    "the discovery document names issuer {:?}, not the configured {:?}",
                    discovery.issuer,
                    self.issuer()
                ),
            ));
        }
        for (what, u) in [
            ("authorization_endpoint", &discovery.authorization_endpoint),
            ("token_endpoint", &discovery.token_endpoint),
            ("jwks_uri", &discovery.jwks_uri),
        ] {
            let parsed = url::Url::parse(u)
                .map_err(|_| provider_error(cfg, format!("{what} {u:?} is not a URL")))?;
            // Over plain http a network attacker could swap the keys or
            // read the client secret: https unless the issuer itself is a
            // loopback address (a local provider, tests).
            let loopback = matches!(parsed.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
                && self.issuer().starts_with("http://");
            if parsed.scheme() != "https" && !(parsed.scheme() == "http" && loopback) {
                return Err(provider_error(cfg, format!("{what} {u:?} is not https")));
            }
        }
        let set: KeySet = self.get_json(&discovery.jwks_uri, "key set").await?;
        let keys: Vec<Jwk> = set
            .keys
            .into_iter()
            .take(MAX_KEYS)
            .filter_map(|k| serde_json::from_value(k).ok())
            .collect();
        Ok(Known {
            discovery,
            keys,
            fetched: Instant::now(),
        })
    }

    /// Reads the discovery document and key set again; the result (or the
    /// failure) is what `/health` reports.
    pub async fn refresh(&self) -> Result<()> {
        self.refresh_after(RETRY_UNREACHABLE).await
    }

    /// Asks the provider again unless it was asked less than `quiet` ago
    /// (one request at a time): a flood of tokens with made-up key ids,
    /// or of requests while the provider is down, is not a flood of
    /// fetches.
    async fn refresh_after(&self, quiet: Duration) -> Result<()> {
        let mut last = self.0.last_attempt.lock().await;
        if last.is_some_and(|t| t.elapsed() < quiet) {
            return match self.last_error() {
                Some(e) => Err(provider_error(&self.0.config, e)),
                None => Ok(()),
            };
        }
        *last = Some(Instant::now());
        let got = self.fetch().await;
        self.note(&got);
        let known = got?;
        *self.0.known.write().await = Some(known);
        Ok(())
    }

    async fn known(&self) -> Result<Known> {
        if let Some(k) = self.0.known.read().await.clone() {
            return Ok(k);
        }
        self.refresh_after(RETRY_UNREACHABLE).await?;
        self.0
            .known
            .read()
            .await
            .clone()
            .ok_or_else(|| provider_error(&self.0.config, "not reachable"))
    }

    /// Where to send the browser: the authorization-code request with
    /// PKCE S256, `state` and `nonce`.
    pub async fn authorization_url(
        &self,
        redirect_uri: &str,
        state: &str,
        nonce: &str,
        code_challenge: &str,
    ) -> Result<String> {
        let known = self.known().await?;
        let mut url = url::Url::parse(&known.discovery.authorization_endpoint)
            .map_err(|e| provider_error(&self.0.config, e.to_string()))?;
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.0.config.client_id)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("scope", &self.0.config.scopes.join(" "))
            .append_pair("state", state)
            .append_pair("nonce", nonce)
            .append_pair("code_challenge", code_challenge)
            .append_pair("code_challenge_method", "S256");
        Ok(url.into())
    }

    /// Trades the authorization code for tokens (client_secret_basic,
    /// with the PKCE verifier).
    pub async fn exchange(&self, code: &str, verifier: &str, redirect_uri: &str) -> Result<Tokens> {
        let cfg = &self.0.config;
        let known = self.known().await?;
        let resp = self
            .0
            .http
            .post(&known.discovery.token_endpoint)
            .basic_auth(
                form_encode(&cfg.client_id),
                Some(form_encode(self.0.secret.expose())),
            )
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", redirect_uri),
                ("code_verifier", verifier),
            ])
            .send()
            .await
            .map_err(|e| provider_error(cfg, format!("the code exchange failed: {e}")))?;
        let status = resp.status();
        let body = bounded(resp)
            .await
            .map_err(|e| provider_error(cfg, format!("the code exchange: {e}")))?;
        if !status.is_success() {
            // RFC 6749 §5.2: `error` and `error_description`; an invalid or
            // reused code is the person's, not the provider's, fault.
            let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            let what = [v["error"].as_str(), v["error_description"].as_str()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(": ");
            return Err(Error::Token(format!(
                "the provider refused the code ({status}{}{})",
                if what.is_empty() { "" } else { ", " },
                what.chars().take(200).collect::<String>()
            )));
        }
        serde_json::from_slice(&body)
            .map_err(|_| Error::Token("the token answer has no id_token".into()))
    }

    /// Verifies a token's signature with the provider's keys, fetching
    /// the key set again (at most once a minute) for an unknown key id.
    async fn verified(&self, token: &str) -> Result<Claims> {
        let known = self.known().await?;
        match jws::verify(token, &known.keys) {
            Ok(c) => Ok(c),
            Err(Unverified::Bad(e)) => Err(e),
            Err(Unverified::UnknownKey(kid)) => {
                if known.fetched.elapsed() < REFETCH_AFTER {
                    return Err(Error::Token(format!(
                        "signed with key {kid:?}, which the provider does not list"
                    )));
                }
                self.refresh_after(REFETCH_AFTER).await?;
                let again = self.known().await?;
                jws::verify(token, &again.keys).map_err(|e| match e {
                    Unverified::Bad(e) => e,
                    Unverified::UnknownKey(k) => Error::Token(format!(
                        "signed with key {k:?}, which the provider does not list"
                    )),
                })
            }
        }
    }

    fn expect<'a>(
        &'a self,
        issuer: &'a str,
        audience: &'a str,
        nonce: Option<&'a str>,
    ) -> Expect<'a> {
        Expect {
            issuer,
            audience,
            nonce,
            now: self.0.clock.now().unix_timestamp(),
            leeway: self.0.leeway,
        }
    }

    /// An ID token from the code exchange: signed by the provider, for
    /// this client, unexpired, carrying the sign-in's nonce.
    pub async fn verify_id_token(&self, token: &str, nonce: &str) -> Result<Claims> {
        let claims = self.verified(token).await?;
        let issuer = self.known().await?.discovery.issuer;
        jws::check(
            &claims,
            &self.expect(&issuer, &self.0.config.client_id, Some(nonce)),
        )?;
        // Several audiences: the token must have been issued to this client
        // (OpenID Connect Core §3.1.3.7, points 4 and 5).
        if claims.audiences() > 1 && claims.str("azp") != Some(self.0.config.client_id.as_str()) {
            return Err(Error::Token(
                "the ID token names several audiences but was not issued to this client (azp)"
                    .into(),
            ));
        }
        Ok(claims)
    }

    /// A bearer token a script or agent sends to the API: an access token
    /// signed by the provider, for KubeChat's audience, unexpired. An ID
    /// token is refused: it proves a sign-in to a client, it is not meant
    /// to be sent to an API (and leaks more easily, in logout URLs).
    pub async fn verify_bearer(&self, token: &str) -> Result<Claims> {
        let claims = self.verified(token).await?;
        let issuer = self.known().await?.discovery.issuer;
        jws::check(
            &claims,
            &self.expect(&issuer, self.0.config.bearer_audience(), None),
        )?;
        if claims.0.contains_key("nonce")
            || claims
                .str("typ")
                .is_some_and(|t| t.eq_ignore_ascii_case("id"))
        {
            return Err(Error::Token(
                "an ID token is not a bearer token; send the provider's access token".into(),
            ));
        }
        Ok(claims)
    }

    /// Whether `token` claims to come from this provider (its payload's
    /// `iss`, unverified): which provider to verify it with.
    pub fn claims_issuer(&self, token: &str) -> bool {
        use base64::Engine;
        let Some(payload) = token.split('.').nth(1) else {
            return false;
        };
        if token.len() > jws::MAX_TOKEN {
            return false;
        }
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .ok()
            .and_then(|p| serde_json::from_slice::<serde_json::Value>(&p).ok())
            .is_some_and(|v| {
                v["iss"].as_str().map(|i| i.trim_end_matches('/')) == Some(self.issuer())
            })
    }

    /// The person the claims name, with the role their groups map to
    /// (first match wins; else the default role; else refused).
    pub fn identity(&self, claims: &Claims) -> Result<Identity> {
        let cfg = &self.0.config;
        let username = claims
            .str(&cfg.username_claim)
            .filter(|u| !u.is_empty())
            .ok_or_else(|| {
                Error::Refused(format!(
                    "the provider's token has no {:?} claim to name the user",
                    cfg.username_claim
                ))
            })?
            .to_owned();
        // A provider anyone can have an account at admits only the
        // configured domains, by a verified address.
        if !cfg.email_domains.is_empty() {
            let email = claims.str("email").unwrap_or_default();
            let domain = email
                .rsplit_once('@')
                .map(|(_, d)| d.to_ascii_lowercase())
                .unwrap_or_default();
            if claims.bool("email_verified") != Some(true) {
                return Err(Error::Refused(format!(
                    "{username} has no verified e-mail address at provider {}, which admits only {}",
                    cfg.name,
                    cfg.email_domains.join(", ")
                )));
            }
            if !cfg.email_domains.contains(&domain) {
                return Err(Error::Refused(format!(
                    "{username}'s e-mail address ({email}) is not in a domain provider {} admits ({})",
                    cfg.name,
                    cfg.email_domains.join(", ")
                )));
            }
        }
        let groups = claims.strings(&cfg.groups_claim);
        let mapped = cfg
            .roles
            .iter()
            .find(|m| groups.contains(&m.group))
            .map(|m| m.role.as_str())
            .or(cfg.default_role.as_deref());
        let role = match mapped {
            Some(r) => r
                .parse::<UserRole>()
                .map_err(|e| Error::Refused(e.to_string()))?,
            None => {
                return Err(Error::Refused(format!(
                    "{username}'s groups ({}) map to no KubeChat role, and provider {} has no default role",
                    if groups.is_empty() {
                        "none".to_owned()
                    } else {
                        groups.join(", ")
                    },
                    cfg.name
                )));
            }
        };
        Ok(Identity {
            subject: claims.str("sub").unwrap_or_default().to_owned(),
            username,
            groups,
            role,
        })
    }
}

/// RFC 6749 §2.3.1: the client id and secret are form-encoded before
/// they go into the Basic header.
fn form_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The body, refused beyond [`MAX_BODY`] bytes.
async fn bounded(mut resp: reqwest::Response) -> std::result::Result<Vec<u8>, String> {
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| e.to_string())? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(format!("the answer is larger than {MAX_BODY} bytes"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::*;

    fn config(issuer: &str) -> OidcProviderConfig {
        serde_json::from_value(json!({
            "name": "kc", "issuer": issuer, "client_id": "kubechat", "client_secret": "s3cret",
            "roles": [{"group": "kubechat-admins", "role": "admin"}, {"group": "developers", "role": "operator"}]
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn provider(issuer: &str) -> Provider {
        Provider::new(&config(issuer), 30, Arc::new(kubechat_core::SystemClock))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[tokio::test]
    async fn discovery_must_name_the_configured_issuer() {
        let idp = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/.well-known/openid-configuration"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "issuer": "https://someone-else", "authorization_endpoint": "https://x/auth",
                "token_endpoint": "https://x/token", "jwks_uri": "https://x/jwks"
            })))
            .mount(&idp)
            .await;
        let p = provider(&idp.uri());
        let e = p.refresh().await.unwrap_err().to_string();
        assert!(e.contains("names issuer"), "{e}");
        assert!(p.last_error().is_some_and(|l| l.contains("names issuer")));
    }

    #[tokio::test]
    async fn the_authorization_request_carries_pkce_state_and_nonce() {
        let idp = MockServer::start().await;
        let base = idp.uri();
        Mock::given(method("GET"))
            .and(path("/.well-known/openid-configuration"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "issuer": base, "authorization_endpoint": format!("{base}/auth"),
                "token_endpoint": format!("{base}/token"), "jwks_uri": format!("{base}/jwks")
            })))
            .mount(&idp)
            .await;
        Mock::given(method("GET"))
            .and(path("/jwks"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"keys": []})))
            .mount(&idp)
            .await;
        let p = provider(&base);
        let url = p
            .authorization_url("http://127.0.0.1:9/cb", "st", "no", "ch")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let u = url::Url::parse(&url).unwrap_or_else(|e| panic!("{e}"));
        let q: std::collections::HashMap<_, _> = u.query_pairs().into_owned().collect();
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["code_challenge"], "ch");
        assert_eq!(q["state"], "st");
        assert_eq!(q["nonce"], "no");
        assert_eq!(q["scope"], "openid profile email groups");
    }

    #[test]
    fn groups_map_to_the_first_matching_role_or_are_refused() {
        let p = provider("https://idp");
        let claims = |v: serde_json::Value| Claims(v.as_object().cloned().unwrap_or_default());
        let alice = p
            .identity(&claims(json!({"sub": "1", "preferred_username": "alice", "groups": ["developers", "kubechat-admins"]})))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            alice.role,
            UserRole::Admin,
            "the first mapping that matches wins"
        );
        let e = p
            .identity(&claims(
                json!({"sub": "2", "preferred_username": "eve", "groups": ["guests"]}),
            ))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("map to no KubeChat role") && e.contains("guests"),
            "{e}"
        );
        assert!(p.identity(&claims(json!({"sub": "3"}))).is_err());
    }

    #[test]
    fn a_default_role_admits_only_verified_addresses_in_the_domains() {
        let mut cfg = config("https://idp");
        cfg.default_role = Some("viewer".into());
        cfg.email_domains = vec!["example.com".into()];
        let p = Provider::new(&cfg, 30, Arc::new(kubechat_core::SystemClock))
            .unwrap_or_else(|e| panic!("{e}"));
        let claims = |v: serde_json::Value| Claims(v.as_object().cloned().unwrap_or_default());
        let who = |email: &str, verified: serde_json::Value| {
            p.identity(&claims(json!({"sub": "1", "preferred_username": "ann", "email": email, "email_verified": verified})))
        };
        assert_eq!(
            who("ann@EXAMPLE.com", json!(true)).map(|i| i.role).ok(),
            Some(UserRole::Viewer)
        );
        let refused = |r: Result<Identity>| r.map(|_| ()).unwrap_err().to_string();
        let e = refused(who("ann@gmail.com", json!(true)));
        assert!(
            e.contains("not in a domain") && e.contains("example.com"),
            "{e}"
        );
        let e = refused(who("ann@example.com", json!(false)));
        assert!(e.contains("no verified e-mail"), "{e}");
        // "ann@example.com@evil.org" is of evil.org.
        assert!(who("ann@example.com@evil.org", json!(true)).is_err());
        assert!(
            p.identity(&claims(json!({"sub": "1", "preferred_username": "ann"})))
                .is_err()
        );
    }
}
