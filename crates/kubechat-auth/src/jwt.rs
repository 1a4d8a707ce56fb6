//! Access tokens: compact JWS (RFC 7515) with EdDSA, carrying who the
//! user is, in which workspace, with which role.
//!
//! Only `EdDSA` is accepted (no `none`, no algorithm chosen by the token),
//! the key comes from the `kid` header, and expiry and not-before are
//! checked with a configurable leeway for clock skew between replicas.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use kubechat_core::UserRole;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::keys::KeySet;
use crate::{Error, Reason, Result};

/// The issuer every token carries and every check demands.
pub const ISSUER: &str = "kubechat";
/// Longest token accepted (bytes): bounds parsing work.
const MAX_TOKEN: usize = 8 * 1024;

/// What an access token says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    /// The user's id.
    pub sub: Uuid,
    /// The user's workspace.
    pub ws: Uuid,
    /// The user name, for logs and the audit trail.
    pub name: String,
    pub role: UserRole,
    /// Always `access`.
    pub typ: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub jti: Uuid,
    /// The user's revocation epoch when issued (absent in older tokens:
    /// 0); a password reset moves it on.
    #[serde(default)]
    pub ep: i64,
}

#[derive(Serialize, Deserialize)]
struct Header {
    alg: String,
    typ: String,
    kid: String,
}

/// Signs `claims` with the active key.
pub fn issue(keys: &KeySet, claims: &Claims) -> Result<String> {
    let payload = serde_json::to_vec(claims).map_err(|e| Error::Keys(e.to_string()))?;
    // The kid is only known after picking the key: sign the header with it.
    let kid = keys
        .active_kid()
        .ok_or_else(|| Error::Keys("no signing key configured".to_owned()))?
        .to_owned();
    let header = serde_json::to_vec(&Header {
        alg: "EdDSA".into(),
        typ: "JWT".into(),
        kid,
    })
    .map_err(|e| Error::Keys(e.to_string()))?;
    let signing_input = format!("{}.{}", B64URL.encode(header), B64URL.encode(payload));
    let (_, sig) = keys.sign(signing_input.as_bytes())?;
    Ok(format!("{signing_input}.{}", B64URL.encode(sig)))
}

/// Checks `token` and returns its claims.
pub fn verify(keys: &KeySet, token: &str, now: OffsetDateTime, leeway: i64) -> Result<Claims> {
    let fail = |r| Error::Unauthenticated(r);
    if token.len() > MAX_TOKEN {
        return Err(fail(Reason::Malformed));
    }
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(fail(Reason::Malformed));
    };
    let header: Header = B64URL
        .decode(h)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or(fail(Reason::Malformed))?;
    if header.alg != "EdDSA" {
        return Err(fail(Reason::Malformed));
    }
    let sig = B64URL.decode(s).map_err(|_| fail(Reason::Malformed))?;
    let signing_input = &token[..h.len() + 1 + p.len()];
    match keys.verify(&header.kid, signing_input.as_bytes(), &sig) {
        None => return Err(fail(Reason::UnknownKey)),
        Some(false) => return Err(fail(Reason::BadSignature)),
        Some(true) => {}
    }
    let claims: Claims = B64URL
        .decode(p)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or(fail(Reason::Malformed))?;
    if claims.iss != ISSUER {
        return Err(fail(Reason::Malformed));
    }
    if claims.typ != "access" {
        return Err(fail(Reason::WrongType));
    }
    check_times(&claims, now, leeway)?;
    Ok(claims)
}

/// Whether `claims` are valid at `now` (give or take `leeway` seconds):
/// checked on every use, also of a token whose signature was verified
/// before.
pub fn check_times(claims: &Claims, now: OffsetDateTime, leeway: i64) -> Result<()> {
    let fail = |r| Error::Unauthenticated(r);
    let now = now.unix_timestamp();
    if claims.exp.saturating_add(leeway) <= now {
        return Err(fail(Reason::Expired));
    }
    if claims.nbf.saturating_sub(leeway) > now {
        return Err(fail(Reason::NotYetValid));
    }
    Ok(())
}
