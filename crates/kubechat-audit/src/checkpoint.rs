//! Signed checkpoints: what the chain looked like, kept where the database
//! cannot reach.
//!
//! The hash chain names a changed, inserted or deleted row, but the chain
//! head and the retention anchor are rows beside the events: someone who
//! can write the database can delete the newest events together with the
//! head, drop a whole workspace, or prune old rows and write an anchor
//! that fits, and the chain alone still verifies. A checkpoint is every
//! workspace's head and anchor at one moment, signed with an Ed25519 key
//! kept outside the database and written where the database cannot reach
//! (a file, the SIEM sinks, whoever fetched it). Verifying the database
//! against a checkpoint names truncation, a missing workspace and a forged
//! anchor. Retention anchors are signed too, so an anchor written without
//! the key is named even without a checkpoint.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use kubechat_core::Signer;
use kubechat_store::Pool;
use ring::signature::{ED25519, UnparsedPublicKey};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::event::GENESIS;
use crate::sql;
use crate::verify::{Finding, FindingKind};
use crate::{Error, Result};

/// The `format` of a checkpoint this code writes and reads.
pub const FORMAT: &str = "kubechat.audit.checkpoint/v1";

/// Longest checkpoint accepted (a checkpoint file line or an API body);
/// about 20,000 workspaces.
pub const MAX_CHECKPOINT_BYTES: usize = 4 * 1024 * 1024;

/// One workspace's chain at the checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mark {
    pub workspace_id: Uuid,
    /// The head: the last seq appended and its hash.
    pub seq: i64,
    pub hash: String,
    /// Where the kept chain starts (0 and the genesis hash when nothing
    /// was ever pruned).
    pub anchor_seq: i64,
    pub anchor_hash: String,
}

/// Every workspace's head and anchor at `issued_at`, signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    pub format: String,
    /// RFC 3339.
    pub issued_at: String,
    pub key_id: String,
    /// The signer's public key, `ed25519:<hex>` (informational: the
    /// verifier trusts its own copy of the key, never this field alone).
    pub public_key: String,
    pub workspaces: Vec<Mark>,
    /// Ed25519 over the canonical JSON of every other field, hex.
    pub signature: String,
}

/// The signed part, serialised in this field order.
#[derive(Serialize)]
struct Body<'a> {
    format: &'a str,
    issued_at: &'a str,
    key_id: &'a str,
    public_key: &'a str,
    workspaces: &'a [Mark],
}

impl Checkpoint {
    fn body(&self) -> Vec<u8> {
        serde_json::to_vec(&Body {
            format: &self.format,
            issued_at: &self.issued_at,
            key_id: &self.key_id,
            public_key: &self.public_key,
            workspaces: &self.workspaces,
        })
        .unwrap_or_default()
    }

    /// Signs `workspaces` as of `at`.
    pub fn sign(signer: &dyn Signer, at: OffsetDateTime, workspaces: Vec<Mark>) -> Self {
        let mut cp = Self {
            format: FORMAT.to_owned(),
            issued_at: at
                .to_offset(time::UtcOffset::UTC)
                .format(&Rfc3339)
                .unwrap_or_default(),
            key_id: signer.key_id(),
            public_key: TrustedKey(signer.public_key()).to_string(),
            workspaces,
            signature: String::new(),
        };
        cp.signature = hex::encode(signer.sign(&cp.body()));
        cp
    }

    /// Reads one checkpoint from JSON, naming what is wrong.
    pub fn parse(text: &str) -> Result<Self> {
        if text.len() > MAX_CHECKPOINT_BYTES {
            return Err(invalid(format!(
                "{} bytes is more than the {MAX_CHECKPOINT_BYTES} a checkpoint may have",
                text.len()
            )));
        }
        let cp: Self = serde_json::from_str(text).map_err(|e| {
            invalid(format!(
                "not a KubeChat audit checkpoint ({e}); write one with `kubechat audit checkpoint`"
            ))
        })?;
        if cp.format != FORMAT {
            return Err(invalid(format!(
                "format {:?} is not {FORMAT:?}; this KubeChat reads only that one",
                cp.format
            )));
        }
        Ok(cp)
    }

    /// Reads every checkpoint of a file written by [`append_to_file`] (one
    /// JSON object per line; a single pretty-printed object also works).
    pub fn read_file(path: &Path) -> Result<Vec<Self>> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            invalid(format!(
                "cannot read the checkpoint file {}: {e}",
                path.display()
            ))
        })?;
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(invalid(format!(
                "the checkpoint file {} is empty",
                path.display()
            )));
        }
        if let Ok(one) = Self::parse(trimmed) {
            return Ok(vec![one]);
        }
        trimmed
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| {
                Self::parse(l)
                    .map_err(|e| invalid(format!("{} line {}: {e}", path.display(), i + 1)))
            })
            .collect()
    }

    /// Checks the signature against the trusted key its `public_key`
    /// names (a key rotated out still vouches for what it signed); when
    /// none is named, every trusted key is tried.
    pub fn verify_with_any(&self, keys: &[TrustedKey]) -> Result<TrustedKey> {
        if keys.is_empty() {
            return Err(invalid(
                "there is no audit key to verify the checkpoint with: configure audit.signing_key_file or pass --public-key".to_owned(),
            ));
        }
        if let Some(k) = keys.iter().find(|k| k.to_string() == self.public_key) {
            return self.verify_signature(k).map(|()| k.clone());
        }
        if let Some(k) = keys.iter().find(|k| self.verify_signature(k).is_ok()) {
            return Ok(k.clone());
        }
        Err(invalid(format!(
            "the checkpoint of {} does not verify with {}: it says it was signed by {} (key {}), \
             which is neither the audit key nor a retired one. If that is an earlier audit key, \
             add it to audit.retired_public_keys; otherwise the checkpoint is not this deployment's or was altered",
            self.issued_at,
            keys.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" or "),
            self.public_key.chars().take(80).collect::<String>(),
            self.key_id.chars().take(40).collect::<String>(),
        )))
    }

    /// Checks the signature against the key the verifier trusts.
    pub fn verify_signature(&self, key: &TrustedKey) -> Result<()> {
        let signature = hex::decode(&self.signature)
            .map_err(|_| invalid("the signature is not hex".to_owned()))?;
        UnparsedPublicKey::new(&ED25519, &key.0)
            .verify(&self.body(), &signature)
            .map_err(|_| {
                invalid(format!(
                    "the checkpoint of {} (key {}) does not verify with the trusted key {key}: \
                     it was altered or signed by another key",
                    self.issued_at, self.key_id
                ))
            })
    }
}

/// Appends `cp` as one JSON line to `path` and flushes it to disk; the
/// file is created (mode 0600 on Unix) when missing.
pub fn append_to_file(path: &Path, cp: &Checkpoint) -> Result<()> {
    let io = |e: std::io::Error| invalid(format!("cannot write {}: {e}", path.display()));
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(path).map_err(io)?;
    let mut line = serde_json::to_vec(cp).map_err(|e| invalid(e.to_string()))?;
    line.push(b'\n');
    f.write_all(&line).map_err(io)?;
    f.sync_data().map_err(io)
}

/// Puts a signed checkpoint out of the database's reach: appends it to
/// `file` and hands it to every sink. `Err` when the file could not be
/// written; the sinks that failed are returned (named) — the next
/// checkpoint covers everything this one did.
pub async fn publish(
    log: &crate::AuditLog,
    cp: &Checkpoint,
    file: Option<&Path>,
    sinks: &mut [crate::export::Sink],
) -> Result<Vec<Error>> {
    if let Some(path) = file {
        let (path, line) = (path.to_owned(), cp.clone());
        tokio::task::spawn_blocking(move || append_to_file(&path, &line))
            .await
            .map_err(|e| invalid(format!("the checkpoint writer stopped: {e}")))??;
    }
    log.metrics().checkpoints.inc();
    let mut failed = Vec::new();
    for sink in sinks.iter_mut() {
        if let Err(e) = sink.deliver_checkpoint(cp).await {
            failed.push(e);
        }
    }
    if failed.is_empty() {
        let now =
            OffsetDateTime::parse(&cp.issued_at, &Rfc3339).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        log.metrics()
            .last_checkpoint
            .set(now.unix_timestamp_nanos() as f64 / 1e9);
    }
    Ok(failed)
}

/// A public key the verifier trusts, `ed25519:<hex>` in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedKey(Vec<u8>);

impl TrustedKey {
    /// The public half of `signer`.
    pub fn of(signer: &dyn Signer) -> Self {
        Self(signer.public_key())
    }

    /// Reads `ed25519:<64 hex digits>`.
    pub fn parse(text: &str) -> Result<Self> {
        let bad = || {
            invalid(format!(
                "public key {:?} is not `ed25519:` and 64 hex digits (print it with `kubechat audit checkpoint --public-key`)",
                text.chars().take(80).collect::<String>()
            ))
        };
        let hex_part = text.trim().strip_prefix("ed25519:").ok_or_else(bad)?;
        let raw = hex::decode(hex_part).map_err(|_| bad())?;
        if raw.len() != 32 {
            return Err(bad());
        }
        Ok(Self(raw))
    }

    fn verifies(&self, message: &[u8], signature_hex: &str) -> bool {
        hex::decode(signature_hex).is_ok_and(|sig| {
            UnparsedPublicKey::new(&ED25519, &self.0)
                .verify(message, &sig)
                .is_ok()
        })
    }
}

impl std::fmt::Display for TrustedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ed25519:{}", hex::encode(&self.0))
    }
}

/// What an anchor's signature covers: the workspace, where the kept chain
/// starts and the hash it links to (not the running count of pruned rows,
/// which is informational).
pub(crate) fn anchor_message(workspace: Uuid, seq: i64, hash: &str) -> Vec<u8> {
    format!("kubechat.audit.anchor/v1\n{workspace}\n{seq}\n{hash}").into_bytes()
}

/// The signature of a retention anchor, hex.
pub(crate) fn sign_anchor(signer: &dyn Signer, workspace: Uuid, seq: i64, hash: &str) -> String {
    hex::encode(signer.sign(&anchor_message(workspace, seq, hash)))
}

/// Whether a stored anchor was signed by one of `keys` (the audit key or
/// a retired one); names the problem if not.
pub(crate) fn check_anchor(
    keys: &[TrustedKey],
    workspace: Uuid,
    anchor: &sql::Anchor,
) -> Option<Finding> {
    let message = match &anchor.signature {
        None => format!(
            "workspace {workspace}: the retention anchor at seq {} carries no signature: it was written without the audit key (by hand, or by a KubeChat older than signed anchors)",
            anchor.seq
        ),
        Some(sig)
            if !keys
                .iter()
                .any(|k| k.verifies(&anchor_message(workspace, anchor.seq, &anchor.hash), sig)) =>
        {
            format!(
                "workspace {workspace}: the retention anchor at seq {} does not verify with the audit key or a retired one: it was forged or altered",
                anchor.seq
            )
        }
        Some(_) => return None,
    };
    Some(Finding {
        workspace_id: workspace,
        kind: FindingKind::ForgedAnchor,
        seq: anchor.seq,
        id: None,
        message,
    })
}

/// An earlier audit key and when it was retired: it vouches for what it
/// signed before then, never after (a leaked old key cannot sign a
/// checkpoint dated after the rotation). Keys listed in the
/// configuration carry no time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retired {
    pub key: TrustedKey,
    pub at: Option<OffsetDateTime>,
}

impl Retired {
    /// A key retired at no known time.
    pub fn untimed(key: TrustedKey) -> Self {
        Self { key, at: None }
    }
}

/// Reads the retired audit keys: one `ed25519:<hex> [retired=<RFC 3339>]`
/// a line, `#` starts a comment; a missing file is none.
pub fn read_retired(path: &Path) -> Result<Vec<Retired>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(invalid(format!("cannot read {}: {e}", path.display()))),
    };
    text.lines()
        .enumerate()
        .map(|(i, l)| (i, l.split('#').next().unwrap_or("").trim()))
        .filter(|(_, l)| !l.is_empty())
        .map(|(i, l)| {
            let named = |e: Error| invalid(format!("{} line {}: {e}", path.display(), i + 1));
            let mut parts = l.split_whitespace();
            let key = TrustedKey::parse(parts.next().unwrap_or_default()).map_err(named)?;
            let at = match parts.next().and_then(|p| p.strip_prefix("retired=")) {
                None => None,
                Some(t) => Some(OffsetDateTime::parse(t, &Rfc3339).map_err(|e| {
                    named(invalid(format!(
                        "retired={t:?} is not an RFC 3339 time: {e}"
                    )))
                })?),
            };
            Ok(Retired { key, at })
        })
        .collect()
}

/// Records `key` as retired at `at` (RFC 3339) in `path`, flushed to disk.
pub fn retire(path: &Path, key: &TrustedKey, key_id: &str, at: &str) -> Result<()> {
    let io = |e: std::io::Error| invalid(format!("cannot write {}: {e}", path.display()));
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(path).map_err(io)?;
    writeln!(f, "{key} retired={at}  # key {key_id}").map_err(io)?;
    f.sync_data().map_err(io)
}

/// Every workspace's head and anchor now.
pub(crate) async fn marks(pool: &Pool) -> Result<Vec<Mark>> {
    let mut out = Vec::new();
    for head in sql::heads(pool).await? {
        let anchor = sql::anchor(pool, head.workspace_id).await?;
        let (anchor_seq, anchor_hash) = anchor.map_or((0, GENESIS.to_owned()), |a| (a.seq, a.hash));
        out.push(Mark {
            workspace_id: head.workspace_id,
            seq: head.seq,
            hash: head.hash,
            anchor_seq,
            anchor_hash,
        });
    }
    Ok(out)
}

/// Compares the database with a checkpoint whose signature was checked:
/// the first problem of each workspace the checkpoint names.
pub(crate) async fn compare(pool: &Pool, cp: &Checkpoint) -> Result<Vec<Finding>> {
    let heads: BTreeMap<Uuid, sql::Head> = sql::heads(pool)
        .await?
        .into_iter()
        .map(|h| (h.workspace_id, h))
        .collect();
    let mut findings = Vec::new();
    for mark in &cp.workspaces {
        if let Some(f) = compare_one(pool, cp, mark, heads.get(&mark.workspace_id)).await? {
            findings.push(f);
        }
    }
    Ok(findings)
}

async fn compare_one(
    pool: &Pool,
    cp: &Checkpoint,
    mark: &Mark,
    head: Option<&sql::Head>,
) -> Result<Option<Finding>> {
    let ws = mark.workspace_id;
    let at = &cp.issued_at;
    let finding = |kind, seq, message: String| {
        Some(Finding {
            workspace_id: ws,
            kind,
            seq,
            id: None,
            message: format!("workspace {ws}: {message}"),
        })
    };
    let Some(head) = head else {
        return Ok(finding(
            FindingKind::MissingWorkspace,
            mark.seq,
            format!(
                "the checkpoint of {at} records its chain up to seq {}, but the database has no chain for it: every event and the head were deleted",
                mark.seq
            ),
        ));
    };
    if head.seq < mark.seq {
        return Ok(finding(
            FindingKind::Truncated,
            head.seq + 1,
            format!(
                "the chain ends at seq {} but the checkpoint of {at} records seq {}: rows {}..={} were deleted together with the head (truncation)",
                head.seq,
                mark.seq,
                head.seq + 1,
                mark.seq
            ),
        ));
    }
    let anchor = sql::anchor(pool, ws).await?;
    let (anchor_seq, anchor_hash) = anchor
        .as_ref()
        .map_or((0, GENESIS), |a| (a.seq, a.hash.as_str()));
    if anchor_seq < mark.anchor_seq
        || (anchor_seq == mark.anchor_seq && anchor_hash != mark.anchor_hash)
    {
        return Ok(finding(
            FindingKind::ForgedAnchor,
            anchor_seq,
            format!(
                "the chain now starts after seq {anchor_seq}, but the checkpoint of {at} records it starting after seq {} with another hash: the retention anchor was rewritten",
                mark.anchor_seq
            ),
        ));
    }
    if mark.seq == anchor_seq && anchor_hash != mark.hash {
        return Ok(finding(
            FindingKind::ForgedAnchor,
            anchor_seq,
            format!(
                "the retention anchor at seq {anchor_seq} does not carry the hash the checkpoint of {at} recorded for that row: it was forged"
            ),
        ));
    }
    if mark.seq > anchor_seq {
        match sql::hash_at(pool, ws, mark.seq).await? {
            Some(h) if h == mark.hash => {}
            Some(_) => {
                return Ok(finding(
                    FindingKind::Rewritten,
                    mark.seq,
                    format!(
                        "row seq {} does not carry the hash the checkpoint of {at} recorded: the chain was rewritten from there on",
                        mark.seq
                    ),
                ));
            }
            None => {
                return Ok(finding(
                    FindingKind::Deleted,
                    mark.seq,
                    format!(
                        "row seq {}, the head at the checkpoint of {at}, is missing",
                        mark.seq
                    ),
                ));
            }
        }
    }
    Ok(None)
}

fn invalid(reason: String) -> Error {
    Error::Invalid {
        what: "audit checkpoint",
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed test key (not ring's generator: the test must not depend
    /// on a random source).
    struct Fixed(ring::signature::Ed25519KeyPair);

    impl Signer for Fixed {
        fn key_id(&self) -> String {
            "test".to_owned()
        }
        fn public_key(&self) -> Vec<u8> {
            use ring::signature::KeyPair;
            self.0.public_key().as_ref().to_vec()
        }
        fn sign(&self, message: &[u8]) -> Vec<u8> {
            self.0.sign(message).as_ref().to_vec()
        }
    }

    fn key(seed: u8) -> Fixed {
        Fixed(ring::signature::Ed25519KeyPair::from_seed_unchecked(&[seed; 32]).unwrap())
    }

    fn mark() -> Mark {
        Mark {
            workspace_id: Uuid::nil(),
            seq: 7,
            hash: "ab".repeat(32),
            anchor_seq: 0,
            anchor_hash: GENESIS.to_owned(),
        }
    }

    #[test]
    fn a_checkpoint_round_trips_and_verifies_only_with_its_key() {
        let k = key(1);
        let cp = Checkpoint::sign(&k, OffsetDateTime::UNIX_EPOCH, vec![mark()]);
        let text = serde_json::to_string(&cp).unwrap();
        let back = Checkpoint::parse(&text).unwrap();
        assert_eq!(back, cp);
        back.verify_signature(&TrustedKey::of(&k)).unwrap();
        let other = TrustedKey::of(&key(2));
        let err = back.verify_signature(&other).unwrap_err().to_string();
        assert!(err.contains("does not verify"), "{err}");
        // Any change to a signed field breaks the signature.
        let mut altered = back.clone();
        altered.workspaces[0].seq = 3;
        assert!(altered.verify_signature(&TrustedKey::of(&k)).is_err());
        let mut altered = back;
        altered.issued_at = "2030-01-01T00:00:00Z".to_owned();
        assert!(altered.verify_signature(&TrustedKey::of(&k)).is_err());
    }

    #[test]
    fn keys_and_checkpoints_in_bad_shape_are_named() {
        let k = TrustedKey::of(&key(1));
        assert_eq!(TrustedKey::parse(&k.to_string()).unwrap(), k);
        for bad in ["", "ed25519:", "ed25519:zz", "rsa:00", "ed25519:0011"] {
            let e = TrustedKey::parse(bad).unwrap_err().to_string();
            assert!(e.contains("64 hex digits"), "{bad}: {e}");
        }
        let e = Checkpoint::parse("{}").unwrap_err().to_string();
        assert!(e.contains("kubechat audit checkpoint"), "{e}");
        let mut cp = Checkpoint::sign(&key(1), OffsetDateTime::UNIX_EPOCH, vec![]);
        cp.format = "v0".to_owned();
        let e = Checkpoint::parse(&serde_json::to_string(&cp).unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains("format \"v0\""), "{e}");
    }

    #[test]
    fn a_retired_key_still_vouches_for_what_it_signed() {
        let (old, new, stranger) = (key(5), key(6), key(7));
        let cp = Checkpoint::sign(&old, OffsetDateTime::UNIX_EPOCH, vec![mark()]);
        // After the rotation: the new key first, the old one retired.
        let ring = [TrustedKey::of(&new), TrustedKey::of(&old)];
        assert_eq!(cp.verify_with_any(&ring).unwrap(), ring[1]);
        // Without the retired key it is named as not this deployment's.
        let e = cp.verify_with_any(&ring[..1]).unwrap_err().to_string();
        assert!(e.contains("neither the audit key nor a retired one"), "{e}");
        assert!(e.contains("audit.retired_public_keys"), "{e}");
        // A stranger's checkpoint claiming the old key's name fails.
        let mut forged = Checkpoint::sign(&stranger, OffsetDateTime::UNIX_EPOCH, vec![mark()]);
        forged.public_key = TrustedKey::of(&old).to_string();
        assert!(forged.verify_with_any(&ring).is_err());
        assert!(cp.verify_with_any(&[]).is_err());
        // The retired-keys file round-trips; comments and blank lines are
        // skipped; a bad line is named with its number.
        let dir = std::env::temp_dir().join(format!("kc-retired-{}", Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("audit-key.pem.retired");
        assert!(read_retired(&file).unwrap().is_empty());
        retire(&file, &TrustedKey::of(&old), "old", "2026-12-01T00:00:00Z").unwrap();
        std::fs::write(
            dir.join("x"),
            std::fs::read_to_string(&file).unwrap() + "\n# a comment\n",
        )
        .unwrap();
        assert_eq!(
            read_retired(&dir.join("x")).unwrap(),
            vec![Retired {
                key: TrustedKey::of(&old),
                at: Some(OffsetDateTime::parse("2026-12-01T00:00:00Z", &Rfc3339).unwrap()),
            }]
        );
        std::fs::write(dir.join("bad"), "ed25519:00\n").unwrap();
        let e = read_retired(&dir.join("bad")).unwrap_err().to_string();
        assert!(e.contains("line 1"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn anchors_verify_only_as_signed() {
        let k = key(3);
        let ws = Uuid::nil();
        let sig = sign_anchor(&k, ws, 5, "cd");
        let anchor = |seq, signature: Option<String>| sql::Anchor {
            seq,
            hash: "cd".to_owned(),
            pruned_total: 5,
            signature,
        };
        let trusted = TrustedKey::of(&k);
        let keys = [TrustedKey::of(&key(4)), trusted];
        assert!(check_anchor(&keys, ws, &anchor(5, Some(sig.clone()))).is_none());
        let moved = check_anchor(&keys, ws, &anchor(6, Some(sig))).unwrap();
        assert_eq!(moved.kind, FindingKind::ForgedAnchor);
        assert!(moved.message.contains("forged"), "{}", moved.message);
        let unsigned = check_anchor(&keys, ws, &anchor(5, None)).unwrap();
        assert!(
            unsigned.message.contains("no signature"),
            "{}",
            unsigned.message
        );
    }
}
