use kubechat_core::ManualClock;
use kubechat_store::{Error, PoolStats, Store, WorkspaceRepository, WorkspaceSlug};
use time::macros::datetime;

async fn behaves(store: &Store) -> anyhow::Result<()> {
    // Migrations are idempotent.
    assert_eq!(store.migrate().await?, 0);
    store.ping().await?;

    // The migration seeds the default workspace.
    let default = store
        .workspace_by_slug(&WorkspaceSlug::parse("default")?)
        .await?;
    assert_eq!(default.map(|w| w.name), Some("Default".to_owned()));

    let clock = ManualClock::new(datetime!(2026-11-22 12:00 UTC));
    let slug = WorkspaceSlug::parse("payments")?;
    let created = store
        .create_workspace(&slug, "  Payments team ", &clock)
        .await?;
    assert_eq!(created.name, "Payments team");
    assert_eq!(created.created_at, datetime!(2026-11-22 12:00 UTC));

    let read = store.workspace_by_slug(&slug).await?.expect("just created");
    assert_eq!(read, created, "what is read back is what was written");

    let dup = store
        .create_workspace(&slug, "Again", &clock)
        .await
        .unwrap_err();
    assert!(matches!(dup, Error::Conflict { .. }), "{dup}");
    assert_eq!(dup.to_string(), "workspace \"payments\" already exists");

    let bad = store
        .create_workspace(&WorkspaceSlug::parse("x")?, "   ", &clock)
        .await
        .unwrap_err();
    assert!(
        bad.to_string().starts_with("invalid workspace name"),
        "{bad}"
    );

    let all = store.list_workspaces(10).await?;
    let slugs: Vec<&str> = all.iter().map(|w| w.slug.as_str()).collect();
    assert_eq!(slugs, ["default", "payments"]);
    assert_eq!(store.list_workspaces(1).await?.len(), 1);

    let PoolStats { max, .. } = store.pool_stats();
    assert_eq!(max, 10);
    Ok(())
}

#[tokio::test]
async fn workspaces_on_postgres() -> anyhow::Result<()> {
    let (store, _db) = super::postgres().await?;
    behaves(&store).await
}

#[tokio::test]
async fn workspaces_on_sqlite() -> anyhow::Result<()> {
    let (store, _dir) = super::sqlite().await?;
    behaves(&store).await
}
