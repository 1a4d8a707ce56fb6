//! The billing tables, one SQL text for both engines.

use kubechat_store::{Backend, Store, on_pool};
use sqlx::Row;

use crate::account::{self, Account, Event, Invoice, Status};
use crate::plans::Catalogue;
use crate::signature::Verified;
use crate::{Error, Result};

const ACCOUNT_COLUMNS: &str = "workspace_id, customer_id, subscription_id, plan, status, \
    current_period_end, past_due_since, state_at, payment_failed_at, payment_at";

const INVOICE_COLUMNS: &str =
    "invoice_id, number, status, amount_due, amount_paid, currency, created, hosted_url, state_at";

/// Most invoices listed for a workspace.
pub const MAX_INVOICES: i64 = 100;

macro_rules! account_row {
    ($r:expr) => {{
        let r = $r;
        Account {
            workspace_id: r.try_get("workspace_id")?,
            customer_id: r.try_get("customer_id")?,
            subscription_id: r.try_get("subscription_id")?,
            plan: r.try_get("plan")?,
            status: Status::parse(r.try_get::<&str, _>("status")?)
                .map_err(|e| Error::Store(e.to_string()))?,
            current_period_end: r.try_get("current_period_end")?,
            past_due_since: r.try_get("past_due_since")?,
            state_at: r.try_get("state_at")?,
            payment_failed_at: r.try_get("payment_failed_at")?,
            payment_at: r.try_get("payment_at")?,
        }
    }};
}

macro_rules! invoice_row {
    ($r:expr) => {{
        let r = $r;
        Invoice {
            id: r.try_get("invoice_id")?,
            number: r.try_get("number")?,
            status: r.try_get("status")?,
            amount_due: r.try_get("amount_due")?,
            amount_paid: r.try_get("amount_paid")?,
            currency: r.try_get("currency")?,
            created: r.try_get("created")?,
            hosted_url: r.try_get("hosted_url")?,
            state_at: r.try_get("state_at")?,
        }
    }};
}

macro_rules! upsert_account {
    ($tx:expr, $a:expr, $now:expr) => {{
        let a: &Account = $a;
        let sql = "INSERT INTO billing_accounts (workspace_id, customer_id, subscription_id, plan, status, \
                   current_period_end, past_due_since, state_at, payment_failed_at, payment_at, updated_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
                   ON CONFLICT (workspace_id) DO UPDATE SET customer_id = excluded.customer_id, \
                   subscription_id = excluded.subscription_id, plan = excluded.plan, status = excluded.status, \
                   current_period_end = excluded.current_period_end, past_due_since = excluded.past_due_since, \
                   state_at = excluded.state_at, payment_failed_at = excluded.payment_failed_at, \
                   payment_at = excluded.payment_at, updated_at = excluded.updated_at";
        sqlx::query(sql)
            .bind(&a.workspace_id)
            .bind(&a.customer_id)
            .bind(&a.subscription_id)
            .bind(&a.plan)
            .bind(a.status.as_str())
            .bind(a.current_period_end)
            .bind(a.past_due_since)
            .bind(a.state_at)
            .bind(a.payment_failed_at)
            .bind(a.payment_at)
            .bind($now)
            .execute(&mut *$tx)
            .await?;
    }};
}

macro_rules! upsert_invoice {
    ($tx:expr, $ws:expr, $inv:expr) => {{
        let new: Invoice = $inv;
        let existing = sqlx::query(&format!(
            "SELECT {INVOICE_COLUMNS} FROM billing_invoices WHERE invoice_id = $1"
        ))
        .bind(&new.id)
        .fetch_optional(&mut *$tx)
        .await?;
        let merged = match existing {
            Some(r) => {
                let old: Invoice = invoice_row!(&r);
                old.merged(new)
            }
            None => new,
        };
        let sql = "INSERT INTO billing_invoices (invoice_id, workspace_id, number, status, amount_due, \
                   amount_paid, currency, created, hosted_url, state_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                   ON CONFLICT (invoice_id) DO UPDATE SET number = excluded.number, status = excluded.status, \
                   amount_due = excluded.amount_due, amount_paid = excluded.amount_paid, \
                   currency = excluded.currency, created = excluded.created, \
                   hosted_url = excluded.hosted_url, state_at = excluded.state_at";
        sqlx::query(sql)
            .bind(&merged.id)
            .bind($ws)
            .bind(&merged.number)
            .bind(&merged.status)
            .bind(merged.amount_due)
            .bind(merged.amount_paid)
            .bind(&merged.currency)
            .bind(merged.created)
            .bind(&merged.hosted_url)
            .bind(merged.state_at)
            .execute(&mut *$tx)
            .await?;
        merged
    }};
}

/// The billing record of a workspace.
pub async fn account(store: &Store, workspace: &str) -> Result<Option<Account>> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM billing_accounts WHERE workspace_id = $1");
    on_pool!(store.pool(), p, at => {
        match sqlx::query(&sql).bind(workspace).fetch_optional(p).await? {
            Some(r) => Ok(Some(account_row!(&r))),
            None => Ok(None),
        }
    })
}

/// Every record with a customer at the provider (what sync reconciles).
pub async fn accounts_with_customer(store: &Store) -> Result<Vec<Account>> {
    let sql = format!(
        "SELECT {ACCOUNT_COLUMNS} FROM billing_accounts WHERE customer_id IS NOT NULL ORDER BY workspace_id"
    );
    on_pool!(store.pool(), p, at => {
        let rows = sqlx::query(&sql).fetch_all(p).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(account_row!(r));
        }
        Ok(out)
    })
}

/// A workspace's invoices, newest first.
pub async fn invoices(store: &Store, workspace: &str) -> Result<Vec<Invoice>> {
    let sql = format!(
        "SELECT {INVOICE_COLUMNS} FROM billing_invoices WHERE workspace_id = $1 \
         ORDER BY created DESC, invoice_id LIMIT $2"
    );
    on_pool!(store.pool(), p, at => {
        let rows = sqlx::query(&sql).bind(workspace).bind(MAX_INVOICES).fetch_all(p).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(invoice_row!(r));
        }
        Ok(out)
    })
}

/// Enabled users of a workspace (seats taken).
pub async fn seats_taken(store: &Store, workspace: &str) -> Result<u32> {
    let sql = "SELECT COUNT(*) AS n FROM users WHERE workspace_id = $1 AND NOT disabled";
    on_pool!(store.pool(), p, at => {
        let n: i64 = sqlx::query(sql).bind(workspace).fetch_one(p).await?.try_get("n")?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    })
}

/// What one webhook delivery did.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub event_id: String,
    pub kind: String,
    pub workspace_id: Option<String>,
    pub outcome: String,
    /// The event was processed by an earlier delivery.
    pub duplicate: bool,
    /// The invoice of a failed payment, to log.
    pub payment_failed: Option<Invoice>,
}

impl Delivery {
    /// `duplicate`, `stale`, `ignored` or `applied`: the outcome's kind
    /// (every outcome text starts with it), for metrics.
    pub fn result(&self) -> &'static str {
        if self.duplicate {
            return "duplicate";
        }
        ["stale", "ignored"]
            .into_iter()
            .find(|k| self.outcome.starts_with(k))
            .unwrap_or("applied")
    }
}

/// Records and applies one verified delivery in one transaction: the
/// delivery (a replay fails), the event (a duplicate changes nothing),
/// the account and invoice it changes. A failure leaves nothing behind.
pub async fn deliver(
    store: &Store,
    verified: &Verified,
    event: &Event,
    catalogue: &Catalogue,
    now: i64,
) -> Result<Delivery> {
    let lock = match store.backend() {
        Backend::Postgres => " FOR UPDATE",
        Backend::Sqlite => "",
    };
    let default_plan = catalogue.default_plan().name;
    on_pool!(store.pool(), p, at => {
        let mut tx = p.begin().await?;
        // A delivery verifies only while its timestamp is within the
        // tolerance of our clock (at most a day either way), so one seen
        // two days ago can never verify again; keep the table small.
        sqlx::query("DELETE FROM billing_deliveries WHERE received_at < $1")
            .bind(now - 2 * 86_400 - 60)
            .execute(&mut *tx)
            .await?;
        let inserted = sqlx::query("INSERT INTO billing_deliveries (delivery, received_at) VALUES ($1, $2)")
            .bind(&verified.delivery)
            .bind(now)
            .execute(&mut *tx)
            .await;
        match inserted {
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Err(Error::Replayed),
            other => { other?; }
        }
        let seen = sqlx::query("SELECT outcome, workspace_id FROM billing_events WHERE event_id = $1")
            .bind(&event.id)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(r) = seen {
            let outcome: String = r.try_get("outcome")?;
            let workspace_id: Option<String> = r.try_get("workspace_id")?;
            tx.commit().await?;
            return Ok(Delivery {
                event_id: event.id.clone(),
                kind: event.kind.clone(),
                workspace_id,
                outcome,
                duplicate: true,
                payment_failed: None,
            });
        }
        let mut workspace = None;
        if let Some(hint) = account::workspace_hint(&event.object) {
            let known = sqlx::query("SELECT 1 AS one FROM workspaces WHERE CAST(id AS TEXT) = $1")
                .bind(&hint)
                .fetch_optional(&mut *tx)
                .await?;
            if known.is_some() {
                workspace = Some(hint);
            }
        }
        if workspace.is_none()
            && let Some(customer) = account::customer_of(&event.object)
        {
            workspace = sqlx::query("SELECT workspace_id FROM billing_accounts WHERE customer_id = $1")
                .bind(&customer)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| r.try_get::<String, _>("workspace_id"))
                .transpose()?;
        }
        let handled = account::HANDLED.contains(&event.kind.as_str());
        let mut failed_invoice = None;
        let outcome = match (&workspace, handled) {
            (_, false) => format!("ignored: {} is not acted on", event.kind),
            (None, true) => "ignored: no workspace is named in the metadata or knows this customer".to_owned(),
            (Some(ws), true) => {
                let row = sqlx::query(&format!(
                    "SELECT {ACCOUNT_COLUMNS} FROM billing_accounts WHERE workspace_id = $1{lock}"
                ))
                .bind(ws)
                .fetch_optional(&mut *tx)
                .await?;
                let mut acc = match row {
                    Some(r) => account_row!(&r),
                    None => Account::new(ws, &default_plan),
                };
                let before = acc.clone();
                let applied = account::apply(&mut acc, event, catalogue)?;
                if acc != before {
                    if let Some(c) = &acc.customer_id {
                        // A customer belongs to one workspace.
                        let owner = sqlx::query("SELECT workspace_id FROM billing_accounts WHERE customer_id = $1")
                            .bind(c)
                            .fetch_optional(&mut *tx)
                            .await?
                            .map(|r| r.try_get::<String, _>("workspace_id"))
                            .transpose()?;
                        if owner.as_ref().is_some_and(|o| o != ws) {
                            return Err(Error::Payload(format!(
                                "customer {c} already belongs to another workspace; the event names workspace {ws}"
                            )));
                        }
                    }
                    upsert_account!(tx, &acc, now);
                }
                if let Some(inv) = applied.invoice {
                    let stored = upsert_invoice!(tx, ws, inv);
                    if applied.payment_failed {
                        failed_invoice = Some(stored);
                    }
                }
                applied.outcome
            }
        };
        sqlx::query("INSERT INTO billing_events (event_id, event_type, workspace_id, created, outcome, received_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&event.id)
            .bind(&event.kind)
            .bind(&workspace)
            .bind(event.created)
            .bind(&outcome)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Delivery {
            event_id: event.id.clone(),
            kind: event.kind.clone(),
            workspace_id: workspace,
            outcome,
            duplicate: false,
            payment_failed: failed_invoice,
        })
    })
}

/// Writes what a sync found, all or nothing.
pub async fn save_sync(
    store: &Store,
    accounts: &[Account],
    invoices: &[(String, Invoice)],
    now: i64,
) -> Result<()> {
    on_pool!(store.pool(), p, at => {
        let mut tx = p.begin().await?;
        for a in accounts {
            upsert_account!(tx, a, now);
        }
        for (ws, inv) in invoices {
            let _ = upsert_invoice!(tx, ws, inv.clone());
        }
        tx.commit().await?;
        Ok(())
    })
}
