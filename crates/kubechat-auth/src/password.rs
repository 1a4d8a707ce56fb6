//! Password hashing with Argon2id (RFC 9106), stored in the PHC string
//! format so parameters can be raised later without breaking old hashes.

use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use ring::rand::{SecureRandom, SystemRandom};

use crate::{Error, Result};

/// OWASP's recommended Argon2id cost: 19 MiB, 2 passes, 1 lane.
const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const LANES: u32 = 1;
const OUTPUT: usize = 32;
/// Shortest password accepted.
pub const MIN_LEN: usize = 12;
/// Longest password accepted (bytes): bounds the work of one login.
pub const MAX_LEN: usize = 1024;

/// Checks a new password against the rules.
pub fn check_new(password: &str) -> Result<()> {
    let n = password.chars().count();
    if n < MIN_LEN || password.len() > MAX_LEN {
        return Err(Error::Invalid {
            what: "password",
            reason: format!("use {MIN_LEN} to {MAX_LEN} characters (a passphrase works well)"),
        });
    }
    if password.trim() != password {
        return Err(Error::Invalid {
            what: "password",
            reason: "it starts or ends with whitespace, which is easy to mistype".to_owned(),
        });
    }
    Ok(())
}

fn hasher(m: u32, t: u32, p: u32) -> Result<Argon2<'static>> {
    let params = Params::new(m, t, p, Some(OUTPUT)).map_err(|e| Error::Invalid {
        what: "password hash parameters",
        reason: e.to_string(),
    })?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes `password` with a fresh random salt; returns the PHC string.
pub fn hash(password: &str) -> Result<String> {
    let mut salt = [0u8; 16];
    SystemRandom::new()
        .fill(&mut salt)
        .map_err(|_| Error::Keys("the system random source failed".to_owned()))?;
    let mut out = [0u8; OUTPUT];
    hasher(MEMORY_KIB, PASSES, LANES)?
        .hash_password_into(password.as_bytes(), &salt, &mut out)
        .map_err(|e| Error::Invalid {
            what: "password",
            reason: e.to_string(),
        })?;
    Ok(format!(
        "$argon2id$v=19$m={MEMORY_KIB},t={PASSES},p={LANES}${}${}",
        B64.encode(salt),
        B64.encode(out)
    ))
}

/// Whether `password` matches the PHC string `phc` (false for a string
/// this crate cannot read, never an error: a login just fails).
pub fn verify(password: &str, phc: &str) -> bool {
    if password.len() > MAX_LEN {
        return false;
    }
    let parts: Vec<&str> = phc.split('$').collect();
    let ["", "argon2id", "v=19", params, salt, want] = parts.as_slice() else {
        return false;
    };
    let mut m = 0;
    let mut t = 0;
    let mut p = 0;
    for kv in params.split(',') {
        match kv.split_once('=') {
            Some(("m", v)) => m = v.parse().unwrap_or(0),
            Some(("t", v)) => t = v.parse().unwrap_or(0),
            Some(("p", v)) => p = v.parse().unwrap_or(0),
            _ => return false,
        }
    }
    // Refuse absurd stored costs rather than spend them on one login.
    if m == 0 || m > 1024 * 1024 || t == 0 || t > 16 || p == 0 || p > 16 {
        return false;
    }
    let (Ok(salt), Ok(want)) = (B64.decode(salt), B64.decode(want)) else {
        return false;
    };
    let Ok(h) = hasher(m, t, p) else { return false };
    let mut got = vec![0u8; want.len()];
    if want.is_empty()
        || h.hash_password_into(password.as_bytes(), &salt, &mut got)
            .is_err()
    {
        return false;
    }
    crate::constant_time_eq(&got, &want)
}

/// Hashes computed at once; more wait their turn without holding an
/// async worker, so a flood of logins cannot stall other requests.
const PARALLEL_HASHES: usize = 2;
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(PARALLEL_HASHES);

/// [`verify`] on the blocking pool, at most [`PARALLEL_HASHES`] at a
/// time: Argon2 is deliberately slow and must not run on the async
/// workers that answer probes and other requests.
pub async fn verify_async(password: &str, phc: &str) -> bool {
    let Ok(_permit) = HASHING.acquire().await else {
        return false;
    };
    let (password, phc) = (password.to_owned(), phc.to_owned());
    tokio::task::spawn_blocking(move || verify(&password, &phc))
        .await
        .unwrap_or(false)
}

/// A hash of no password anyone has, verified against when the user does
/// not exist so that a login takes as long either way.
pub fn decoy() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ_by_salt() {
        let a = hash("correct horse battery").unwrap();
        let b = hash("correct horse battery").unwrap();
        assert_ne!(a, b, "salted");
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert!(verify("correct horse battery", &a));
        assert!(!verify("correct horse batterY", &a));
        assert!(!verify("x", "not a hash"));
        assert!(!verify("x", "$argon2id$v=19$m=99999999,t=2,p=1$AAAA$AAAA"));
        assert!(!verify("correct horse battery", decoy()));
    }

    #[test]
    fn new_passwords_follow_the_rules() {
        assert!(check_new("short").is_err());
        assert!(check_new(" leading space ok?").is_err());
        assert!(check_new("a long enough passphrase").is_ok());
    }
}
