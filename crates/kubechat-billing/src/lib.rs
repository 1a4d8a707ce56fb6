//! Plans, entitlements and payments.
//!
//! A workspace is on the plan its subscription with the payment provider
//! pays for, and on the configured default plan without one. The
//! provider tells us about subscriptions through signed webhooks
//! ([`Billing::webhook`]): each delivery is verified (HMAC-SHA256,
//! tolerance window, several secrets during a rotation), recorded so a
//! replay is refused and a redelivered event is applied once, and applied
//! in one transaction in an order-independent way (see [`account`]). A
//! failed payment keeps the plan for a grace period, then the workspace
//! falls back to the default plan until the invoice is paid. `kubechat
//! billing sync` ([`Billing::sync`]) reads every subscription back from
//! the provider's API when webhooks were lost.
//!
//! With billing off (the embedded default) every workspace has every
//! entitlement.

pub mod account;
mod error;
pub mod plans;
mod provider;
pub mod repo;
pub mod signature;

use std::sync::Arc;

use kubechat_cache::Cache;
use kubechat_config::{BillingConfig, Secret};
use kubechat_core::{Clock, Operation};
use kubechat_store::{Store, WorkspaceRepository as _};
use serde::Serialize;
use uuid::Uuid;

pub use account::{Account, Invoice, Status};
pub use error::{Error, Result};
pub use plans::{Catalogue, Plan, Standing};
pub use provider::{Checkout, Provider};
pub use repo::Delivery;

use plans::Display as _;

/// How long a workspace's standing is reused in this process: every
/// authenticated request reads it (rate limit, then the chat), and a
/// webhook on another replica may take this long to be seen here.
const STANDING_TTL: time::Duration = time::Duration::seconds(2);
/// Most standings kept (the map is emptied when full).
const STANDING_ENTRIES: usize = 10_000;

/// How long a day's request counter lives (it is keyed by the day).
const USAGE_WINDOW: std::time::Duration = std::time::Duration::from_secs(2 * 86_400);

/// An entitlement a request goes beyond, with the words to say so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// `plan_reads_only`, `plan_daily_limit` or `plan_seats`.
    pub code: &'static str,
    pub message: String,
}

/// The billing service; cheap to clone.
#[derive(Debug, Clone)]
pub struct Billing {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    enabled: bool,
    store: Store,
    cache: Cache,
    clock: Arc<dyn Clock>,
    catalogue: Catalogue,
    secrets: Vec<Secret>,
    tolerance_seconds: u64,
    grace_seconds: i64,
    success_url: String,
    cancel_url: String,
    provider: Option<Provider>,
    /// Recently read standings, by workspace, with when they were read.
    standings: std::sync::Mutex<Remembered>,
}

type Remembered = std::collections::HashMap<Uuid, (time::OffsetDateTime, Standing)>;

/// Usage against the entitlements (limits 0 = unlimited).
#[derive(Debug, Clone, Serialize)]
pub struct Usage {
    pub requests_today: u64,
    pub requests_per_day: u32,
    pub seats_used: u32,
    pub seats: u32,
    pub clusters_used: u32,
    pub clusters: u32,
}

/// Everything the billing page shows.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub enabled: bool,
    pub standing: Standing,
    pub usage: Usage,
    pub customer: bool,
    pub current_period_end: Option<i64>,
    pub invoices: Vec<Invoice>,
    pub plans: Vec<Plan>,
}

/// What one sync changed.
#[derive(Debug, Clone, Serialize)]
pub struct SyncReport {
    /// Workspaces with a customer at the provider, all read.
    pub checked: usize,
    pub changed: Vec<SyncChange>,
    /// Invoices read and stored.
    pub invoices: usize,
}

/// One workspace whose record a sync corrected.
#[derive(Debug, Clone, Serialize)]
pub struct SyncChange {
    pub workspace: String,
    pub changes: Vec<String>,
}

impl Billing {
    /// The service for `config` (validated by the configuration).
    pub fn from_config(
        config: &BillingConfig,
        store: Store,
        cache: Cache,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        let provider = if config.enabled {
            Provider::from_config(config)?
        } else {
            None
        };
        Ok(Self {
            inner: Arc::new(Inner {
                enabled: config.enabled,
                store,
                cache,
                clock,
                catalogue: Catalogue::from_config(config),
                secrets: config.signing_secrets(),
                tolerance_seconds: config.tolerance_seconds,
                grace_seconds: i64::from(config.grace_days) * 86_400,
                success_url: config.success_url.clone(),
                cancel_url: config.cancel_url.clone(),
                provider,
                standings: std::sync::Mutex::default(),
            }),
        })
    }

    fn remembered(&self) -> std::sync::MutexGuard<'_, Remembered> {
        self.inner
            .standings
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Forgets what this process remembers of `workspace` (all when
    /// `None`), after a change.
    fn forget(&self, workspace: Option<&str>) {
        match workspace.and_then(|w| Uuid::parse_str(w).ok()) {
            Some(id) => {
                self.remembered().remove(&id);
            }
            None => self.remembered().clear(),
        }
    }

    /// Whether plans apply (else everything is allowed).
    pub fn enabled(&self) -> bool {
        self.inner.enabled
    }

    /// The plans on offer.
    pub fn catalogue(&self) -> &Catalogue {
        &self.inner.catalogue
    }

    fn now(&self) -> i64 {
        self.inner.clock.now().unix_timestamp()
    }

    /// Where workspace `id` stands now.
    pub async fn standing(&self, workspace: Uuid) -> Result<Standing> {
        if !self.inner.enabled {
            return Ok(Standing::unlimited());
        }
        let now = self.inner.clock.now();
        if let Some((at, s)) = self.remembered().get(&workspace)
            && now >= *at
            && now - *at < STANDING_TTL
        {
            return Ok(s.clone());
        }
        let account = repo::account(&self.inner.store, &workspace.to_string()).await?;
        let standing = Standing::of(
            account.as_ref(),
            &self.inner.catalogue,
            now.unix_timestamp(),
            self.inner.grace_seconds,
        );
        let mut kept = self.remembered();
        if kept.len() >= STANDING_ENTRIES {
            kept.clear();
        }
        kept.insert(workspace, (now, standing.clone()));
        Ok(standing)
    }

    /// Refuses a change on a plan without mutations.
    pub fn check_operation(
        standing: &Standing,
        op: &Operation,
    ) -> std::result::Result<(), Refusal> {
        if op.verb.is_read() || standing.plan.mutations {
            return Ok(());
        }
        Err(Refusal {
            code: "plan_reads_only",
            message: format!(
                "your plan ({}) allows reads only — upgrade to {} {} (an admin can upgrade on the Billing page)",
                standing.plan.display(),
                op.verb.as_str(),
                op.resource
            ),
        })
    }

    fn usage_key(&self, workspace: Uuid) -> String {
        let d = self.inner.clock.now().date();
        format!("usage:{workspace}:{d}")
    }

    /// Counts one chat request of `workspace`; refused once the plan's
    /// requests of the (UTC) day are used up. A cache outage lets the
    /// request through (logged).
    pub async fn count_request(
        &self,
        workspace: Uuid,
        standing: &Standing,
    ) -> std::result::Result<(), Refusal> {
        let limit = standing.plan.requests_per_day;
        if !self.inner.enabled || limit == 0 {
            return Ok(());
        }
        match self
            .inner
            .cache
            .incr(&self.usage_key(workspace), USAGE_WINDOW)
            .await
        {
            Ok(n) if n > u64::from(limit) => Err(Refusal {
                code: "plan_daily_limit",
                message: format!(
                    "your plan ({}) allows {limit} requests a day and today's are used up; they renew at 00:00 UTC — upgrade for more (an admin can upgrade on the Billing page)",
                    standing.plan.display()
                ),
            }),
            Ok(_) => Ok(()),
            Err(e) => {
                tracing::error!(error = %e, "daily request count failed; request let through");
                Ok(())
            }
        }
    }

    /// Chat requests of `workspace` today.
    pub async fn requests_today(&self, workspace: Uuid) -> u64 {
        match self.inner.cache.get(&self.usage_key(workspace)).await {
            Ok(Some(bytes)) => std::str::from_utf8(&bytes)
                .ok()
                .and_then(|s| s.trim().parse().ok())
                .unwrap_or(0),
            _ => 0,
        }
    }

    /// Refuses a new (or re-enabled) user when the plan's seats are taken.
    pub async fn check_seat(&self, workspace: Uuid) -> Result<std::result::Result<(), Refusal>> {
        let standing = self.standing(workspace).await?;
        let seats = standing.plan.seats;
        if seats == 0 {
            return Ok(Ok(()));
        }
        let used = repo::seats_taken(&self.inner.store, &workspace.to_string()).await?;
        if used < seats {
            return Ok(Ok(()));
        }
        Ok(Err(Refusal {
            code: "plan_seats",
            message: format!(
                "your plan ({}) has {seats} seats and {used} users are enabled; disable a user or upgrade the plan",
                standing.plan.display()
            ),
        }))
    }

    /// The billing page of `workspace`.
    pub async fn overview(&self, workspace: Uuid) -> Result<Overview> {
        let id = workspace.to_string();
        let standing = self.standing(workspace).await?;
        let account = repo::account(&self.inner.store, &id).await?;
        let usage = Usage {
            requests_today: self.requests_today(workspace).await,
            requests_per_day: standing.plan.requests_per_day,
            seats_used: repo::seats_taken(&self.inner.store, &id).await?,
            seats: standing.plan.seats,
            // One cluster per deployment until bots choose their own.
            clusters_used: 1,
            clusters: standing.plan.clusters,
        };
        Ok(Overview {
            enabled: self.inner.enabled,
            customer: account.as_ref().is_some_and(|a| a.customer_id.is_some()),
            current_period_end: account.as_ref().and_then(|a| a.current_period_end),
            invoices: repo::invoices(&self.inner.store, &id).await?,
            plans: self.inner.catalogue.plans().to_vec(),
            usage,
            standing,
        })
    }

    /// Verifies and applies one webhook delivery.
    pub async fn webhook(&self, signature: Option<&str>, body: &[u8]) -> Result<Delivery> {
        if !self.inner.enabled {
            return Err(Error::Disabled);
        }
        let now = self.now();
        let verified = signature::verify(
            signature,
            body,
            &self.inner.secrets,
            now,
            self.inner.tolerance_seconds,
        )?;
        let event = account::parse_event(body)?;
        let delivery = repo::deliver(
            &self.inner.store,
            &verified,
            &event,
            &self.inner.catalogue,
            now,
        )
        .await?;
        self.forget(delivery.workspace_id.as_deref());
        if let Some(inv) = &delivery.payment_failed {
            tracing::warn!(
                workspace = delivery.workspace_id.as_deref().unwrap_or(""),
                invoice = %inv.id,
                number = inv.number.as_deref().unwrap_or(""),
                amount_due = inv.amount_due,
                currency = %inv.currency,
                event = %delivery.event_id,
                "payment failed"
            );
        }
        tracing::info!(
            event = %delivery.event_id,
            kind = %delivery.kind,
            workspace = delivery.workspace_id.as_deref().unwrap_or(""),
            duplicate = delivery.duplicate,
            outcome = %delivery.outcome,
            "billing event processed"
        );
        Ok(delivery)
    }

    /// Starts a checkout of `plan` for `workspace`.
    pub async fn checkout(&self, workspace: Uuid, plan: &str) -> Result<Checkout> {
        if !self.inner.enabled {
            return Err(Error::Disabled);
        }
        let chosen = self.inner.catalogue.purchasable(plan)?;
        let provider = self.inner.provider.as_ref().ok_or(Error::NoProviderKey)?;
        let id = workspace.to_string();
        let account = repo::account(&self.inner.store, &id).await?;
        if let Some(a) = &account
            && a.plan == chosen.name
            && a.effective_status().is_live()
        {
            return Err(Error::Plan(format!(
                "this workspace is already subscribed to {}",
                chosen.display()
            )));
        }
        let key = Uuid::new_v4().to_string();
        provider
            .create_checkout(&provider::CheckoutRequest {
                workspace_id: &id,
                plan: &chosen.name,
                price_id: chosen.price_id.as_deref().unwrap_or_default(),
                customer_id: account.as_ref().and_then(|a| a.customer_id.as_deref()),
                success_url: &self.inner.success_url,
                cancel_url: &self.inner.cancel_url,
                idempotency_key: &key,
            })
            .await
    }

    /// Reads every workspace's subscription and invoices back from the
    /// provider and corrects the records. Everything is read first: if
    /// the provider fails on any workspace, nothing is changed.
    pub async fn sync(&self) -> Result<SyncReport> {
        if !self.inner.enabled {
            return Err(Error::Disabled);
        }
        let provider = self.inner.provider.as_ref().ok_or(Error::NoProviderKey)?;
        let store = &self.inner.store;
        let accounts = repo::accounts_with_customer(store).await?;
        let mut fetched = Vec::with_capacity(accounts.len());
        for a in accounts {
            let Some(customer) = a.customer_id.clone() else {
                continue;
            };
            let nothing = |e: Error| Error::Provider(format!("{e}; nothing was changed"));
            let subs = provider.subscriptions(&customer).await.map_err(nothing)?;
            let invs = provider.invoices(&customer).await.map_err(nothing)?;
            fetched.push((a, subs, invs));
        }
        let now = self.now();
        let slugs: std::collections::HashMap<String, String> = store
            .list_workspaces(1000)
            .await
            .map_err(|e| Error::Store(e.to_string()))?
            .into_iter()
            .map(|w| (w.id.to_string(), w.slug.as_str().to_owned()))
            .collect();
        let mut report = SyncReport {
            checked: fetched.len(),
            changed: Vec::new(),
            invoices: 0,
        };
        let mut updated = Vec::new();
        let mut invoices = Vec::new();
        for (old, subs, invs) in fetched {
            let new = reconcile(&old, &subs, &self.inner.catalogue, now)?;
            let changes = differences(&old, &new);
            for v in &invs {
                invoices.push((old.workspace_id.clone(), Invoice::parse(v, now)?));
            }
            if !changes.is_empty() {
                report.changed.push(SyncChange {
                    workspace: slugs
                        .get(&old.workspace_id)
                        .cloned()
                        .unwrap_or_else(|| old.workspace_id.clone()),
                    changes,
                });
            }
            updated.push(new);
        }
        report.invoices = invoices.len();
        repo::save_sync(store, &updated, &invoices, now).await?;
        self.forget(None);
        for c in &report.changed {
            tracing::info!(workspace = %c.workspace, changes = ?c.changes, "subscription synced from the provider");
        }
        Ok(report)
    }
}

/// `old` as the provider's subscriptions say it is at `now`.
fn reconcile(
    old: &Account,
    subs: &[serde_json::Value],
    catalogue: &Catalogue,
    now: i64,
) -> Result<Account> {
    let id = |s: &serde_json::Value| s["id"].as_str().map(str::to_owned);
    let status =
        |s: &serde_json::Value| Status::parse(s["status"].as_str().unwrap_or_default()).ok();
    let newest = |live: bool| {
        subs.iter()
            .filter(|s| !live || status(s).is_some_and(Status::is_live))
            .max_by_key(|s| s["created"].as_i64().unwrap_or(0))
    };
    let current = subs
        .iter()
        .find(|s| id(s).is_some() && id(s) == old.subscription_id);
    let chosen = current
        .filter(|s| status(s).is_some_and(Status::is_live))
        .or_else(|| newest(true))
        .or(current)
        .or_else(|| newest(false));
    let mut new = old.clone();
    match chosen {
        Some(s) => {
            if id(s) != old.subscription_id {
                new.subscription_id = None;
            }
            new.state_at = new.state_at.min(now);
            let event = account::Event {
                id: "sync".to_owned(),
                kind: "customer.subscription.updated".to_owned(),
                created: now,
                object: s.clone(),
            };
            account::apply(&mut new, &event, catalogue)?;
            // The subscription's status is the whole truth now.
            new.payment_at = now;
            new.payment_failed_at = match new.status {
                Status::PastDue | Status::Unpaid => {
                    old.payment_failed_at.or(new.past_due_since).or(Some(now))
                }
                _ => None,
            };
        }
        None if old.status != Status::None && old.status != Status::Canceled => {
            new.status = Status::Canceled;
            new.past_due_since = None;
            new.payment_failed_at = None;
            new.state_at = now;
            new.payment_at = now;
        }
        None => {}
    }
    Ok(new)
}

fn differences(old: &Account, new: &Account) -> Vec<String> {
    let mut out = Vec::new();
    if old.plan != new.plan {
        out.push(format!("plan {} → {}", old.plan, new.plan));
    }
    if old.effective_status() != new.effective_status() {
        out.push(format!(
            "status {} → {}",
            old.effective_status().as_str(),
            new.effective_status().as_str()
        ));
    }
    if old.subscription_id != new.subscription_id {
        out.push(format!(
            "subscription {} → {}",
            old.subscription_id.as_deref().unwrap_or("none"),
            new.subscription_id.as_deref().unwrap_or("none")
        ));
    }
    out
}
