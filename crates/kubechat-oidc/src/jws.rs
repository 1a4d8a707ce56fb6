//! Verifying the provider's tokens: compact JWS (RFC 7515) signed with
//! a key of its JWK set (RFC 7517), then the claims OpenID Connect Core
//! §3.1.3.7 asks a client to check.
//!
//! Only RS256 and ES256 are accepted, whatever the token's header claims
//! beyond that: never `none`, never an HMAC (which would let the public
//! key act as a shared secret), and the key must be one of the
//! provider's, found by `kid`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use ring::signature::{self, RsaPublicKeyComponents, UnparsedPublicKey};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::{Error, Result};

/// Longest token accepted (bytes): bounds decoding work.
pub(crate) const MAX_TOKEN: usize = 16 * 1024;

/// One key of the provider's JWK set.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Jwk {
    #[serde(default)]
    pub kid: Option<String>,
    pub kty: String,
    #[serde(default, rename = "use")]
    pub use_: Option<String>,
    #[serde(default)]
    pub alg: Option<String>,
    #[serde(default)]
    pub n: Option<String>,
    #[serde(default)]
    pub e: Option<String>,
    #[serde(default)]
    pub crv: Option<String>,
    #[serde(default)]
    pub x: Option<String>,
    #[serde(default)]
    pub y: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Header {
    alg: String,
    #[serde(default)]
    kid: Option<String>,
}

/// A token's verified claims.
#[derive(Debug, Clone)]
pub struct Claims(pub Map<String, Value>);

impl Claims {
    /// A string claim.
    pub fn str(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str)
    }

    /// A boolean claim (some providers write it as a string).
    pub fn bool(&self, name: &str) -> Option<bool> {
        match self.0.get(name) {
            Some(Value::Bool(b)) => Some(*b),
            Some(Value::String(s)) => s.parse().ok(),
            _ => None,
        }
    }

    fn time(&self, name: &str) -> Option<i64> {
        self.0.get(name).and_then(Value::as_i64)
    }

    /// How many audiences `aud` names.
    pub(crate) fn audiences(&self) -> usize {
        match self.0.get("aud") {
            Some(Value::Array(list)) => list.len(),
            Some(_) => 1,
            None => 0,
        }
    }

    /// Whether `aud` (a string or a list) holds `audience`.
    fn has_audience(&self, audience: &str) -> bool {
        match self.0.get("aud") {
            Some(Value::String(a)) => a == audience,
            Some(Value::Array(list)) => list.iter().any(|a| a.as_str() == Some(audience)),
            _ => false,
        }
    }

    /// The strings of a claim given as a list (`groups`), or as one
    /// string; Keycloak-style paths ("/platform") lose their slash.
    pub fn strings(&self, name: &str) -> Vec<String> {
        let one = |v: &Value| v.as_str().map(|s| s.trim_start_matches('/').to_owned());
        match self.0.get(name) {
            Some(Value::Array(list)) => list.iter().filter_map(one).collect(),
            Some(v) => one(v).into_iter().collect(),
            None => Vec::new(),
        }
    }
}

/// Why a signature could not be checked.
#[derive(Debug)]
pub(crate) enum Unverified {
    /// No key of the set has the token's `kid`: the provider may have
    /// rotated; worth fetching the set again once.
    UnknownKey(String),
    Bad(Error),
}

fn bad(reason: impl Into<String>) -> Unverified {
    Unverified::Bad(Error::Token(reason.into()))
}

fn b64(part: &str, what: &str) -> std::result::Result<Vec<u8>, Unverified> {
    B64URL
        .decode(part)
        .map_err(|_| bad(format!("the {what} is not base64url")))
}

/// Checks the signature of `token` with `keys` and returns its claims.
pub(crate) fn verify(token: &str, keys: &[Jwk]) -> std::result::Result<Claims, Unverified> {
    if token.len() > MAX_TOKEN {
        return Err(bad(format!("longer than {MAX_TOKEN} bytes")));
    }
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("not a compact JWS (three dot-separated parts)"));
    };
    let header: Header = serde_json::from_slice(&b64(h, "header")?)
        .map_err(|_| bad("the header is not a JSON object with alg"))?;
    let sig = b64(s, "signature")?;
    let message = &token.as_bytes()[..h.len() + 1 + p.len()];
    let kid = header.kid.clone().unwrap_or_default();
    let usable = |k: &&Jwk| {
        k.use_.as_deref().is_none_or(|u| u == "sig")
            && k.alg.as_deref().is_none_or(|a| a == header.alg)
            && (header.kid.is_none() || k.kid.as_deref() == header.kid.as_deref())
    };
    let candidates: Vec<&Jwk> = keys.iter().filter(usable).collect();
    if candidates.is_empty() {
        return Err(Unverified::UnknownKey(kid));
    }
    let ok = match header.alg.as_str() {
        "RS256" => candidates.iter().filter(|k| k.kty == "RSA").any(|k| {
            let (Some(n), Some(e)) = (&k.n, &k.e) else {
                return false;
            };
            let (Ok(n), Ok(e)) = (B64URL.decode(n), B64URL.decode(e)) else {
                return false;
            };
            RsaPublicKeyComponents { n: &n, e: &e }
                .verify(&signature::RSA_PKCS1_2048_8192_SHA256, message, &sig)
                .is_ok()
        }),
        "ES256" => candidates
            .iter()
            .filter(|k| k.kty == "EC" && k.crv.as_deref() == Some("P-256"))
            .any(|k| {
                let (Some(x), Some(y)) = (&k.x, &k.y) else {
                    return false;
                };
                let (Ok(x), Ok(y)) = (B64URL.decode(x), B64URL.decode(y)) else {
                    return false;
                };
                let mut point = vec![4u8];
                point.extend(x);
                point.extend(y);
                UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, point)
                    .verify(message, &sig)
                    .is_ok()
            }),
        other => {
            return Err(bad(format!(
                "algorithm {other:?} is not accepted (RS256 or ES256)"
            )));
        }
    };
    if !ok {
        return Err(bad("the signature does not verify with the provider's key"));
    }
    let claims: Map<String, Value> = serde_json::from_slice(&b64(p, "payload")?)
        .map_err(|_| bad("the payload is not a JSON object"))?;
    Ok(Claims(claims))
}

/// What a token must say to be accepted.
pub(crate) struct Expect<'a> {
    pub issuer: &'a str,
    pub audience: &'a str,
    /// An ID token carries the nonce its request sent.
    pub nonce: Option<&'a str>,
    pub now: i64,
    pub leeway: i64,
}

/// Checks issuer, audience, expiry, not-before and (for an ID token)
/// the nonce.
pub(crate) fn check(claims: &Claims, want: &Expect<'_>) -> Result<()> {
    let refuse = |r: String| Err(Error::Token(r));
    if claims.str("iss") != Some(want.issuer) {
        return refuse(format!(
            "issued by {:?}, not {:?}",
            claims.str("iss").unwrap_or_default(),
            want.issuer
        ));
    }
    if !claims.has_audience(want.audience) {
        return refuse(format!("not meant for audience {:?}", want.audience));
    }
    match claims.time("exp") {
        Some(exp) if exp + want.leeway >= want.now => {}
        Some(_) => return refuse("expired".into()),
        None => return refuse("it has no expiry".into()),
    }
    if claims
        .time("nbf")
        .or(claims.time("iat"))
        .is_some_and(|t| t - want.leeway > want.now)
    {
        return refuse("not valid yet (issued in the future)".into());
    }
    if let Some(nonce) = want.nonce
        && claims.str("nonce") != Some(nonce)
    {
        return refuse("the nonce does not match the sign-in that asked for it".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use ring::rand::SystemRandom;
    use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};
    use serde_json::json;

    use super::*;

    fn es256() -> (EcdsaKeyPair, Jwk) {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
            .unwrap();
        let public = pair.public_key().as_ref();
        let jwk = Jwk {
            kid: Some("k1".into()),
            kty: "EC".into(),
            use_: Some("sig".into()),
            alg: None,
            n: None,
            e: None,
            crv: Some("P-256".into()),
            x: Some(B64URL.encode(&public[1..33])),
            y: Some(B64URL.encode(&public[33..65])),
        };
        (pair, jwk)
    }

    fn sign(pair: &EcdsaKeyPair, header: Value, claims: Value) -> String {
        let h = B64URL.encode(header.to_string());
        let p = B64URL.encode(claims.to_string());
        let sig = pair
            .sign(&SystemRandom::new(), format!("{h}.{p}").as_bytes())
            .unwrap();
        format!("{h}.{p}.{}", B64URL.encode(sig.as_ref()))
    }

    #[test]
    fn signatures_keys_and_algorithms_are_checked() {
        let (pair, jwk) = es256();
        let claims = json!({"iss": "https://idp", "aud": "kubechat", "exp": 2000, "iat": 1000, "nonce": "n1"});
        let good = sign(&pair, json!({"alg": "ES256", "kid": "k1"}), claims.clone());
        let c = verify(&good, std::slice::from_ref(&jwk)).unwrap();
        let want = Expect {
            issuer: "https://idp",
            audience: "kubechat",
            nonce: Some("n1"),
            now: 1500,
            leeway: 30,
        };
        check(&c, &want).unwrap();

        // Another key id: worth refetching the set once.
        let other = sign(&pair, json!({"alg": "ES256", "kid": "k2"}), claims.clone());
        assert!(
            matches!(verify(&other, std::slice::from_ref(&jwk)), Err(Unverified::UnknownKey(k)) if k == "k2")
        );
        // Signed by a key that is not the provider's.
        let (stranger, _) = es256();
        let forged = sign(
            &stranger,
            json!({"alg": "ES256", "kid": "k1"}),
            claims.clone(),
        );
        assert!(matches!(
            verify(&forged, std::slice::from_ref(&jwk)),
            Err(Unverified::Bad(_))
        ));
        // "none" and HMAC are never accepted.
        for alg in ["none", "HS256"] {
            let t = format!(
                "{}.{}.",
                B64URL.encode(json!({"alg": alg, "kid": "k1"}).to_string()),
                B64URL.encode(claims.to_string())
            );
            assert!(verify(&t, std::slice::from_ref(&jwk)).is_err(), "{alg}");
        }
        // A changed payload breaks the signature.
        let mut parts: Vec<&str> = good.split('.').collect();
        let evil = B64URL
            .encode(json!({"iss": "https://idp", "aud": "kubechat", "exp": 9999}).to_string());
        parts[1] = &evil;
        assert!(verify(&parts.join("."), std::slice::from_ref(&jwk)).is_err());
    }

    #[test]
    fn issuer_audience_times_and_nonce_are_checked() {
        let c = |v: Value| Claims(v.as_object().unwrap().clone());
        let base = json!({"iss": "https://idp", "aud": ["other", "kubechat"], "exp": 2000, "iat": 1000, "nonce": "n1"});
        let want = |now: i64, nonce: Option<&'static str>| Expect {
            issuer: "https://idp",
            audience: "kubechat",
            nonce,
            now,
            leeway: 30,
        };
        assert!(check(&c(base.clone()), &want(1500, Some("n1"))).is_ok());
        assert!(
            check(&c(base.clone()), &want(2020, None)).is_ok(),
            "within the leeway"
        );
        let refused = |v: Value, now: i64, nonce: Option<&'static str>| {
            check(&c(v), &want(now, nonce)).unwrap_err().to_string()
        };
        assert!(refused(base.clone(), 2100, None).contains("expired"));
        assert!(refused(base.clone(), 900, None).contains("not valid yet"));
        assert!(refused(base.clone(), 1500, Some("n2")).contains("nonce"));
        let mut foreign = base.clone();
        foreign["aud"] = json!("someone-else");
        assert!(refused(foreign, 1500, None).contains("audience"));
        let mut elsewhere = base.clone();
        elsewhere["iss"] = json!("https://evil");
        assert!(refused(elsewhere, 1500, None).contains("issued by"));
        let groups = c(json!({"groups": ["/platform", "devs"], "one": "x"}));
        assert_eq!(groups.strings("groups"), ["platform", "devs"]);
        assert_eq!(groups.strings("one"), ["x"]);
    }
}
