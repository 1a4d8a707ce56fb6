//! The same repository tests against PostgreSQL (a fresh test database)
//! and SQLite (a fresh file).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod workspaces;

use kubechat_config::SecretUrl;
use kubechat_store::{Store, StoreOptions};

/// A migrated store on a fresh PostgreSQL database.
async fn postgres() -> anyhow::Result<(Store, kubechat_testkit::TestDatabase)> {
    let db = kubechat_testkit::TestDatabase::create().await?;
    let store = Store::connect(&SecretUrl::new(db.url()), &StoreOptions::default()).await?;
    assert_eq!(
        store.migrate().await?,
        5,
        "a new database gets every migration"
    );
    Ok((store, db))
}

/// A migrated store on a fresh SQLite file in a directory that does not
/// exist yet (the store creates it).
async fn sqlite() -> anyhow::Result<(Store, tempfile::TempDir)> {
    let dir = tempfile::tempdir()?;
    let url = format!(
        "sqlite://{}/nested/kubechat.db?mode=rwc",
        dir.path().display()
    );
    let store = Store::connect(&SecretUrl::new(url), &StoreOptions::default()).await?;
    assert_eq!(
        store.migrate().await?,
        5,
        "a new database gets every migration"
    );
    Ok((store, dir))
}
