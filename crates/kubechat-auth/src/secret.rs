//! Opaque secrets (refresh and API tokens): random, prefixed so a leaked
//! one is recognisable in logs and by secret scanners, stored only as a
//! SHA-256 hash.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use ring::rand::{SecureRandom, SystemRandom};
use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// Refresh tokens start with this.
pub const REFRESH_PREFIX: &str = "kcr_";
/// Personal API tokens start with this.
pub const API_PREFIX: &str = "kct_";

/// A new secret: `prefix` + 32 random bytes, base64url.
pub fn generate(prefix: &str) -> Result<String> {
    let mut bytes = [0u8; 32];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| Error::Keys("the system random source failed".to_owned()))?;
    Ok(format!("{prefix}{}", B64URL.encode(bytes)))
}

/// What is stored for a secret: its SHA-256, hex. (The secret has 256
/// bits of entropy, so a fast hash is enough; no salt is needed to stop
/// guessing.)
pub fn digest(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `secret` has the shape of a token with `prefix`.
pub fn looks_like(secret: &str, prefix: &str) -> bool {
    secret.len() == prefix.len() + 43
        && secret.starts_with(prefix)
        && secret[prefix.len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
