//! Signed checkpoints and anchors against the attacks the chain alone
//! misses: the newest events deleted with the head, a whole workspace
//! deleted, old rows pruned by hand behind a forged anchor, and the
//! chain rewritten with correct hashes after the checkpoint.

use std::sync::Arc;
use std::time::Duration;

use kubechat_audit::{AuditLog, Checkpoint, FindingKind, TrustedKey, Window};
use kubechat_auth::SigningKey;
use kubechat_core::{Clock, Verb};
use kubechat_store::{Pool, Store};
use uuid::Uuid;

use crate::chain::{event_at, exec, ten};
use crate::{clock, event, log, postgres, sqlite};

/// Runs SQL with a workspace, a seq and a text (the test plays the
/// attacker who can write the database but has no key).
async fn exec_text(
    store: &Store,
    sql: &str,
    ws: Uuid,
    seq: i64,
    text: &str,
) -> anyhow::Result<u64> {
    Ok(match store.pool() {
        Pool::Postgres(p) => sqlx::query(sql)
            .bind(ws.to_string())
            .bind(seq)
            .bind(text)
            .execute(p)
            .await?
            .rows_affected(),
        Pool::Sqlite(p) => sqlx::query(sql)
            .bind(ws.to_string())
            .bind(seq)
            .bind(text)
            .execute(p)
            .await?
            .rows_affected(),
    })
}

/// Moves the chain head to row `seq` as it is stored, so the plain walk
/// sees a consistent (shorter) chain.
async fn move_head(store: &Store, log: &AuditLog, ws: Uuid, seq: i64) -> anyhow::Result<()> {
    let row = event_at(log, ws, seq).await?;
    exec_text(
        store,
        "UPDATE audit_chain_heads SET seq = $2, hash = $3 WHERE workspace_id = $1",
        ws,
        seq,
        &row.hash,
    )
    .await?;
    Ok(())
}

fn signed_log(store: &Store, dir: &tempfile::TempDir, c: Arc<dyn Clock>) -> (AuditLog, TrustedKey) {
    let key = SigningKey::load(&dir.path().join("audit-key.pem"), true).unwrap();
    let log = log(store, c);
    log.set_signer(Arc::new(key));
    let trusted = log.trusted_key().unwrap();
    (log, trusted)
}

async fn only_finding(
    log: &AuditLog,
    cp: &Checkpoint,
    key: &TrustedKey,
    ws: Uuid,
) -> anyhow::Result<kubechat_audit::Finding> {
    let report = log
        .verify_checkpoint(cp, std::slice::from_ref(key), Some(ws))
        .await?;
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    Ok(report.findings[0].clone())
}

async fn attacks_are_named(store: Store) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let c = clock();
    let (log, key) = signed_log(&store, &dir, c.clone());
    let truncated = ten(&store, &log, "truncated").await?;
    let dropped = ten(&store, &log, "dropped").await?;
    let forged = ten(&store, &log, "forged").await?;
    let rewritten = ten(&store, &log, "rewritten").await?;
    let cp = log.checkpoint().await?;
    // The checkpoint alone, untouched database: intact.
    let report = log
        .verify_checkpoint(&cp, std::slice::from_ref(&key), None)
        .await?;
    assert!(report.ok(), "{:?}", report.findings);
    assert_eq!(report.workspaces, 4);
    // Written to a file and read back, it still verifies.
    let file = dir.path().join("checkpoints.jsonl");
    kubechat_audit::checkpoint::append_to_file(&file, &cp)?;
    kubechat_audit::checkpoint::append_to_file(&file, &cp)?;
    let read = Checkpoint::read_file(&file)?;
    assert_eq!(read, vec![cp.clone(), cp.clone()]);

    // 1. The newest three events deleted together with the head moved
    //    back: the chain alone verifies, the checkpoint names it.
    exec(
        &store,
        "DELETE FROM audit_events WHERE workspace_id = $1 AND seq >= $2",
        truncated,
        8,
    )
    .await?;
    move_head(&store, &log, truncated, 7).await?;
    assert!(log.verify(Some(truncated), Window::default()).await?.ok());
    let f = only_finding(&log, &cp, &key, truncated).await?;
    assert_eq!((f.kind, f.seq), (FindingKind::Truncated, 8), "{f}");
    assert!(f.message.contains("rows 8..=10"), "{f}");

    // 2. A whole workspace's chain deleted, head included.
    exec(
        &store,
        "DELETE FROM audit_events WHERE workspace_id = $1 AND seq >= $2",
        dropped,
        0,
    )
    .await?;
    exec(
        &store,
        "DELETE FROM audit_chain_heads WHERE workspace_id = $1 AND seq >= $2",
        dropped,
        0,
    )
    .await?;
    assert!(log.verify(Some(dropped), Window::default()).await?.ok());
    let f = only_finding(&log, &cp, &key, dropped).await?;
    assert_eq!(f.kind, FindingKind::MissingWorkspace, "{f}");
    assert!(f.message.contains("no chain"), "{f}");

    // 3. Old rows deleted by hand behind an anchor that fits the chain
    //    (the hash of the last deleted row) but has no signature.
    let last_deleted = event_at(&log, forged, 4).await?;
    exec(
        &store,
        "DELETE FROM audit_events WHERE workspace_id = $1 AND seq <= $2",
        forged,
        4,
    )
    .await?;
    exec_text(
        &store,
        "INSERT INTO audit_anchors (workspace_id, seq, hash, pruned_at, pruned_total) \
         VALUES ($1, $2, $3, '2026-11-23 12:00:00+00', 4)",
        forged,
        4,
        &last_deleted.hash,
    )
    .await?;
    // Without the key, the forged anchor passes; with it, it is named.
    let unsigned_view = crate::log(&store, c.clone());
    assert!(
        unsigned_view
            .verify(Some(forged), Window::default())
            .await?
            .ok()
    );
    let report = log.verify(Some(forged), Window::default()).await?;
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    assert_eq!(report.findings[0].kind, FindingKind::ForgedAnchor);
    assert!(report.findings[0].message.contains("no signature"));
    let f = only_finding(&log, &cp, &key, forged).await?;
    assert_eq!((f.kind, f.seq), (FindingKind::ForgedAnchor, 4), "{f}");

    // 4. The newest row rewritten with a correct hash and the head moved
    //    along: every link fits, the checkpoint's head does not.
    let mut last = event_at(&log, rewritten, 10).await?;
    last.text = "nothing to see".to_owned();
    last.hash = last.compute_hash();
    exec_text(
        &store,
        "UPDATE audit_events SET request_text = $3 WHERE workspace_id = $1 AND seq = $2",
        rewritten,
        10,
        &last.text,
    )
    .await?;
    exec_text(
        &store,
        "UPDATE audit_events SET hash = $3 WHERE workspace_id = $1 AND seq = $2",
        rewritten,
        10,
        &last.hash,
    )
    .await?;
    move_head(&store, &log, rewritten, 10).await?;
    assert!(log.verify(Some(rewritten), Window::default()).await?.ok());
    let f = only_finding(&log, &cp, &key, rewritten).await?;
    assert_eq!((f.kind, f.seq), (FindingKind::Rewritten, 10), "{f}");

    // 5. A checkpoint edited to hide the truncation no longer verifies,
    //    and one signed by another key is refused.
    let mut edited = cp.clone();
    for m in &mut edited.workspaces {
        if m.workspace_id == truncated {
            m.seq = 7;
        }
    }
    let err = log
        .verify_checkpoint(&edited, std::slice::from_ref(&key), None)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("does not verify"), "{err}");
    let other_dir = tempfile::tempdir()?;
    let (other, _) = signed_log(&store, &other_dir, c.clone());
    let foreign = other.checkpoint().await?;
    assert!(
        log.verify_checkpoint(&foreign, std::slice::from_ref(&key), None)
            .await
            .is_err()
    );
    Ok(())
}

#[tokio::test]
async fn checkpoints_name_truncation_deletion_and_forgery_on_postgres() -> anyhow::Result<()> {
    let (store, _db) = postgres().await?;
    attacks_are_named(store).await
}

#[tokio::test]
async fn checkpoints_name_truncation_deletion_and_forgery_on_sqlite() -> anyhow::Result<()> {
    let (store, _dir) = sqlite().await?;
    attacks_are_named(store).await
}

/// Retention with the key: the anchor it writes is signed, and a chain
/// that grew and was pruned after a checkpoint still verifies against it.
async fn legitimate_pruning_verifies(store: Store) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let c = clock();
    let (log, key) = signed_log(&store, &dir, c.clone());
    let ws = ten(&store, &log, "kept").await?;
    let cp = log.checkpoint().await?;
    c.advance(Duration::from_secs(30 * 86_400));
    for i in 0..3 {
        log.record(event(ws, "bob", Verb::Get, "shop", &format!("late {i}")))
            .await?;
    }
    assert_eq!(log.prune(Duration::from_secs(86_400)).await?, 10);
    let report = log.verify(Some(ws), Window::default()).await?;
    assert!(report.ok(), "{:?}", report.findings);
    let report = log
        .verify_checkpoint(&cp, std::slice::from_ref(&key), Some(ws))
        .await?;
    assert!(report.ok(), "{:?}", report.findings);
    assert_eq!(report.events, 3);
    // The signed anchor moved by hand to a later row is named.
    exec(
        &store,
        "UPDATE audit_anchors SET seq = seq + 1 WHERE workspace_id = $1 AND seq >= $2",
        ws,
        0,
    )
    .await?;
    let f = log.verify(Some(ws), Window::default()).await?.findings;
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].kind, FindingKind::ForgedAnchor);
    assert!(f[0].message.contains("forged or altered"), "{}", f[0]);
    Ok(())
}

#[tokio::test]
async fn pruning_with_the_key_signs_the_anchor_on_postgres() -> anyhow::Result<()> {
    let (store, _db) = postgres().await?;
    legitimate_pruning_verifies(store).await
}

#[tokio::test]
async fn pruning_with_the_key_signs_the_anchor_on_sqlite() -> anyhow::Result<()> {
    let (store, _dir) = sqlite().await?;
    legitimate_pruning_verifies(store).await
}

/// A rotated audit key: what the old key signed (an anchor, a
/// checkpoint) still verifies while its public half is kept as retired,
/// what the new key signs verifies too, and without the retired key the
/// old anchor and checkpoint are named rather than trusted.
async fn rotation_keeps_old_signatures(store: Store) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let c = clock();
    let (log, old) = signed_log(&store, &dir, c.clone());
    let ws = ten(&store, &log, "rotated").await?;
    c.advance(Duration::from_secs(30 * 86_400));
    log.record(event(ws, "bob", Verb::Get, "shop", "late"))
        .await?;
    // Pruned under the old key: the anchor carries its signature.
    assert_eq!(log.prune(Duration::from_secs(86_400)).await?, 10);
    let before = log.checkpoint().await?;
    let new = SigningKey::load(&dir.path().join("audit-key-2.pem"), true)?;
    log.set_signer(Arc::new(new));
    log.set_retired_keys(vec![kubechat_audit::Retired {
        key: old.clone(),
        at: Some(c.now()),
    }]);
    assert_ne!(log.trusted_key().unwrap(), old);
    assert_eq!(
        log.trusted_keys()[1],
        old,
        "the new key first, then the retired"
    );
    log.record(event(ws, "bob", Verb::Get, "shop", "after"))
        .await?;
    let after = log.checkpoint().await?;
    assert_ne!(after.public_key, before.public_key);
    let keys = log.trusted_keys();
    assert!(log.verify(Some(ws), Window::default()).await?.ok());
    for cp in [&before, &after] {
        let report = log.verify_checkpoint(cp, &keys, Some(ws)).await?;
        assert!(report.ok(), "{:?}", report.findings);
    }
    // The old key leaked: a checkpoint it signs dated after its
    // retirement is refused, naming the retirement.
    let leaked = SigningKey::load(&dir.path().join("audit-key.pem"), false)?;
    let forged = Checkpoint::sign(
        &leaked,
        c.now() + Duration::from_secs(3600),
        before.workspaces.clone(),
    );
    let e = log
        .verify_checkpoint(&forged, &keys, Some(ws))
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("a key retired at"), "{e}");
    // Forget the retired key: the old anchor no longer verifies and the
    // old checkpoint is refused, naming the way back.
    log.set_retired_keys(Vec::new());
    let f = log.verify(Some(ws), Window::default()).await?.findings;
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].kind, FindingKind::ForgedAnchor);
    let e = log
        .verify_checkpoint(&before, &log.trusted_keys(), Some(ws))
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("audit.retired_public_keys"), "{e}");
    Ok(())
}

#[tokio::test]
async fn a_rotated_key_keeps_old_signatures_valid_on_postgres() -> anyhow::Result<()> {
    let (store, _db) = postgres().await?;
    rotation_keeps_old_signatures(store).await
}

#[tokio::test]
async fn a_rotated_key_keeps_old_signatures_valid_on_sqlite() -> anyhow::Result<()> {
    let (store, _dir) = sqlite().await?;
    rotation_keeps_old_signatures(store).await
}
