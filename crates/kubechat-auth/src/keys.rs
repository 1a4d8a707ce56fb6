//! Ed25519 keys for access tokens, with `kid`s for rotation.
//!
//! One key signs (the active one); every key in the set verifies. Rotation
//! is: add the new key, make it active, and remove the old one only after
//! the longest access-token lifetime has passed, so tokens signed with it
//! stay valid until then. The public half is served as a JWKS.

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ring::rand::SystemRandom;
use ring::signature::{ED25519, Ed25519KeyPair, KeyPair, UnparsedPublicKey};
use serde_json::{Value, json};

use crate::{Error, Result};

const PEM_BEGIN: &str = "-----BEGIN PRIVATE KEY-----";
const PEM_END: &str = "-----END PRIVATE KEY-----";

/// The keys this server signs and verifies access tokens with.
#[derive(Default)]
pub struct KeySet {
    active: Option<String>,
    private: BTreeMap<String, Ed25519KeyPair>,
    public: BTreeMap<String, Vec<u8>>,
}

impl std::fmt::Debug for KeySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeySet")
            .field("active", &self.active)
            .field("kids", &self.public.keys().collect::<Vec<_>>())
            .finish()
    }
}

fn check_kid(kid: &str) -> Result<()> {
    if kid.is_empty()
        || kid.len() > 64
        || !kid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
    {
        return Err(Error::Keys(format!(
            "key id {kid:?} is not usable: use 1 to 64 letters, digits, '-', '_' or '.'"
        )));
    }
    Ok(())
}

/// A new private key in PKCS#8 PEM.
pub fn generate_pem() -> Result<String> {
    let der = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new())
        .map_err(|_| Error::Keys("the system random source failed".to_owned()))?;
    let b64 = STANDARD.encode(der.as_ref());
    let mut pem = format!("{PEM_BEGIN}\n");
    for chunk in b64.as_bytes().chunks(64) {
        pem.push_str(&String::from_utf8_lossy(chunk));
        pem.push('\n');
    }
    pem.push_str(PEM_END);
    pem.push('\n');
    Ok(pem)
}

/// Reads an Ed25519 private key from PKCS#8 PEM; `what` names it in errors.
fn parse_private_pem(pem: &str, what: &str) -> Result<Ed25519KeyPair> {
    let body: String = pem
        .lines()
        .map(str::trim)
        .skip_while(|l| *l != PEM_BEGIN)
        .skip(1)
        .take_while(|l| *l != PEM_END)
        .collect();
    let der = STANDARD
        .decode(body.as_bytes())
        .map_err(|_| Error::Keys(format!("{what}: not a PEM 'PRIVATE KEY' block")))?;
    Ed25519KeyPair::from_pkcs8_maybe_unchecked(&der)
        .map_err(|e| Error::Keys(format!("{what}: not an Ed25519 PKCS#8 key ({e})")))
}

/// One Ed25519 key kept in a file of its own, outside the database: the
/// audit log signs its checkpoints and retention anchors with it. It is
/// deliberately not one of the token keys (rotating those must not
/// invalidate years of checkpoints, and a leaked token key must not let
/// anyone forge the audit trail).
pub struct SigningKey {
    pair: Ed25519KeyPair,
    id: String,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// Reads the key at `path` (PKCS#8 PEM), creating it (mode 0600, with
    /// its directory) when `create` is set and there is no file yet.
    pub fn load(path: &Path, create: bool) -> Result<Self> {
        let io = |e: std::io::Error| Error::Keys(format!("{}: {e}", path.display()));
        if create && !path.exists() {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(io)?;
            }
            match write_private(path, &generate_pem()?) {
                Ok(()) => tracing::info!(path = %path.display(), "created the audit signing key"),
                // Another process created it first: read theirs.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io(e)),
            }
        }
        let pem = std::fs::read_to_string(path).map_err(io)?;
        Self::from_pem(&pem, &path.display().to_string())
    }

    /// Replaces the key at `path` with a new one (a rotation): written
    /// beside it first (mode 0600), flushed, then renamed over it, so a
    /// crash leaves the old key or the new one, never half of either.
    pub fn replace(path: &Path) -> Result<Self> {
        let io = |e: std::io::Error| Error::Keys(format!("{}: {e}", path.display()));
        let pem = generate_pem()?;
        let key = Self::from_pem(&pem, "the new key")?;
        let mut name = path.file_name().unwrap_or_default().to_owned();
        name.push(".new");
        let tmp = path.with_file_name(name);
        let _ = std::fs::remove_file(&tmp);
        write_private(&tmp, &pem).map_err(io)?;
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(io)?;
        if let Err(e) = std::fs::rename(&tmp, path) {
            let _ = std::fs::remove_file(&tmp);
            return Err(io(e));
        }
        // The rename itself survives a crash only once the directory is
        // flushed.
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(io)?;
        }
        Ok(key)
    }

    /// Reads a key from PKCS#8 PEM text; `what` names it in errors.
    pub fn from_pem(pem: &str, what: &str) -> Result<Self> {
        let pair = parse_private_pem(pem, what)?;
        let id = key_id(pair.public_key().as_ref());
        Ok(Self { pair, id })
    }
}

/// A key's short id: the first 8 bytes of the SHA-256 of its public half.
pub fn key_id(public: &[u8]) -> String {
    use sha2::Digest;
    crate::secret::hex(&sha2::Sha256::digest(public)[..8])
}

impl kubechat_core::Signer for SigningKey {
    fn key_id(&self) -> String {
        self.id.clone()
    }

    fn public_key(&self) -> Vec<u8> {
        self.pair.public_key().as_ref().to_vec()
    }

    fn sign(&self, message: &[u8]) -> Vec<u8> {
        self.pair.sign(message).as_ref().to_vec()
    }
}

impl KeySet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a private key (PKCS#8 PEM, as `openssl genpkey -algorithm
    /// ed25519` or [`generate_pem`] write it) under `kid`. The first one
    /// added becomes active.
    pub fn add_private_pem(&mut self, kid: &str, pem: &str) -> Result<()> {
        check_kid(kid)?;
        let pair = parse_private_pem(pem, &format!("key {kid}"))?;
        self.public
            .insert(kid.to_owned(), pair.public_key().as_ref().to_vec());
        self.private.insert(kid.to_owned(), pair);
        if self.active.is_none() {
            self.active = Some(kid.to_owned());
        }
        Ok(())
    }

    /// Adds a verification-only public key (32 raw bytes), e.g. another
    /// replica's or a retired key still inside its tokens' lifetime.
    pub fn add_public(&mut self, kid: &str, raw: &[u8]) -> Result<()> {
        check_kid(kid)?;
        if raw.len() != 32 {
            return Err(Error::Keys(format!(
                "key {kid}: an Ed25519 public key has 32 bytes"
            )));
        }
        self.public.insert(kid.to_owned(), raw.to_vec());
        Ok(())
    }

    /// Makes `kid` (a private key in the set) the signing key.
    pub fn set_active(&mut self, kid: &str) -> Result<()> {
        if !self.private.contains_key(kid) {
            return Err(Error::Keys(format!("no private key {kid} to sign with")));
        }
        self.active = Some(kid.to_owned());
        Ok(())
    }

    /// Drops `kid`: tokens it signed stop verifying.
    pub fn remove(&mut self, kid: &str) {
        self.private.remove(kid);
        self.public.remove(kid);
        if self.active.as_deref() == Some(kid) {
            self.active = self.private.keys().next().cloned();
        }
    }

    /// Loads every `*.pem` in `dir` (the file stem is the kid; the newest
    /// by name is active, so `2026-11-23.pem` supersedes `2026-05-01.pem`),
    /// creating `dir` and a first key when there is none.
    pub fn load_dir(dir: &Path, first_kid: &str) -> Result<Self> {
        let io = |e: std::io::Error| Error::Keys(format!("{}: {e}", dir.display()));
        std::fs::create_dir_all(dir).map_err(io)?;
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter_map(|n| n.strip_suffix(".pem").map(str::to_owned))
            .collect();
        if names.is_empty() {
            let path = dir.join(format!("{first_kid}.pem"));
            write_private(&path, &generate_pem()?).map_err(io)?;
            tracing::info!(kid = first_kid, path = %path.display(), "created a token signing key");
            names.push(first_kid.to_owned());
        }
        names.sort();
        let mut set = KeySet::new();
        for kid in &names {
            let pem = std::fs::read_to_string(dir.join(format!("{kid}.pem"))).map_err(io)?;
            set.add_private_pem(kid, &pem)?;
        }
        if let Some(newest) = names.last() {
            set.set_active(newest)?;
        }
        Ok(set)
    }

    /// The kid tokens are signed with now.
    pub fn active_kid(&self) -> Option<&str> {
        self.active.as_deref()
    }

    pub(crate) fn sign(&self, message: &[u8]) -> Result<(String, Vec<u8>)> {
        let kid = self
            .active
            .as_ref()
            .ok_or_else(|| Error::Keys("no signing key configured".to_owned()))?;
        let pair = self
            .private
            .get(kid)
            .ok_or_else(|| Error::Keys(format!("signing key {kid} is gone")))?;
        Ok((kid.clone(), pair.sign(message).as_ref().to_vec()))
    }

    /// `None`: unknown kid; `Some(ok)`: whether the signature verifies.
    pub(crate) fn verify(&self, kid: &str, message: &[u8], signature: &[u8]) -> Option<bool> {
        let public = self.public.get(kid)?;
        Some(
            UnparsedPublicKey::new(&ED25519, public)
                .verify(message, signature)
                .is_ok(),
        )
    }

    /// The public keys as a JSON Web Key Set (RFC 7517, OKP keys per
    /// RFC 8037).
    pub fn jwks(&self) -> Value {
        let keys: Vec<Value> = self
            .public
            .iter()
            .map(|(kid, raw)| {
                json!({"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig",
                       "kid": kid, "x": URL_SAFE_NO_PAD.encode(raw)})
            })
            .collect();
        json!({"keys": keys})
    }
}

/// Writes a private key readable by its owner only.
fn write_private(path: &Path, pem: &str) -> std::io::Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)?;
        f.write_all(pem.as_bytes())
    }
    #[cfg(not(unix))]
    {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)?;
        f.write_all(pem.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_of_keys_rotates_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let set = KeySet::load_dir(dir.path(), "k1").unwrap();
        assert_eq!(set.active_kid(), Some("k1"));
        std::fs::write(dir.path().join("k2.pem"), generate_pem().unwrap()).unwrap();
        let set = KeySet::load_dir(dir.path(), "k1").unwrap();
        assert_eq!(set.active_kid(), Some("k2"), "the newest name signs");
        let jwks = set.jwks();
        assert_eq!(jwks["keys"].as_array().unwrap().len(), 2, "both verify");
        assert_eq!(jwks["keys"][0]["kty"], "OKP");
        assert!(!jwks.to_string().contains("\"d\""), "no private part");
    }

    #[test]
    fn bad_keys_are_named() {
        let mut set = KeySet::new();
        let err = set.add_private_pem("k", "not pem").unwrap_err().to_string();
        assert!(err.contains("key k"), "{err}");
        assert!(set.add_private_pem("bad kid!", "x").is_err());
        assert!(set.add_public("k", &[1, 2, 3]).is_err());
    }
}
