//! The same repository tests against PostgreSQL (a fresh test database)
//! and SQLite (a fresh file).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod workspaces;

use kubechat_config::SecretUrl;
use kubechat_store::{Store, StoreOptions};

/// How many migration files the engine has (each engine has the same
/// set; a new file must be applied to a new database).
fn migrations(engine: &str) -> usize {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(engine);
    let n = std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sql"))
        })
        .count();
    assert!(n >= 7, "{engine}: migrations missing");
    n
}

/// A migrated store on a fresh PostgreSQL database.
async fn postgres() -> anyhow::Result<(Store, kubechat_testkit::TestDatabase)> {
    let db = kubechat_testkit::TestDatabase::create().await?;
    let store = Store::connect(&SecretUrl::new(db.url()), &StoreOptions::default()).await?;
    assert_eq!(
        store.migrate().await?,
        migrations("postgres"),
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
        migrations("sqlite"),
        "a new database gets every migration"
    );
    Ok((store, dir))
}
