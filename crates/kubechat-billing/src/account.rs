//! A workspace's subscription and how the provider's events change it.
//!
//! Pure logic, no I/O: [`apply`] takes the stored account and one event
//! and says what changes. Events may arrive in any order and more than
//! once; the account remembers the provider's timestamp of the newest
//! event it applied (`state_at`) and ignores anything older for the
//! subscription's state, so a late `invoice.payment_failed` cannot undo
//! the `invoice.paid` that came after it. Invoices carry their own state:
//! a paid or voided invoice stays so.

use serde::Serialize;
use serde_json::Value;

use crate::plans::{Catalogue, Display as _};
use crate::{Error, Result};

/// A subscription's status, as the provider names it (`none`: never
/// subscribed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    None,
    Active,
    Trialing,
    PastDue,
    Unpaid,
    Canceled,
    Incomplete,
    IncompleteExpired,
    Paused,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::None => "none",
            Status::Active => "active",
            Status::Trialing => "trialing",
            Status::PastDue => "past_due",
            Status::Unpaid => "unpaid",
            Status::Canceled => "canceled",
            Status::Incomplete => "incomplete",
            Status::IncompleteExpired => "incomplete_expired",
            Status::Paused => "paused",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "none" => Status::None,
            "active" => Status::Active,
            "trialing" => Status::Trialing,
            "past_due" => Status::PastDue,
            "unpaid" => Status::Unpaid,
            "canceled" => Status::Canceled,
            "incomplete" => Status::Incomplete,
            "incomplete_expired" => Status::IncompleteExpired,
            "paused" => Status::Paused,
            other => {
                return Err(Error::Payload(format!(
                    "unknown subscription status {other:?}"
                )));
            }
        })
    }

    /// Whether the subscription still runs (may still be paid).
    pub fn is_live(self) -> bool {
        matches!(self, Status::Active | Status::Trialing | Status::PastDue)
    }
}

/// A workspace's billing record.
///
/// Two kinds of news arrive independently and out of order: reports of
/// the subscription object (its status and price) and reports of its
/// invoices (paid, payment failed). Each kind keeps the provider
/// timestamp of its newest report applied; older reports of a kind are
/// stale. Whichever kind is newer says whether a running subscription is
/// paid up ([`Account::effective_status`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub workspace_id: String,
    pub customer_id: Option<String>,
    pub subscription_id: Option<String>,
    /// The plan the subscription is for.
    pub plan: String,
    /// The subscription's status as last reported.
    pub status: Status,
    pub current_period_end: Option<i64>,
    /// When the subscription was first reported past due (this run).
    pub past_due_since: Option<i64>,
    /// The provider's timestamp of the newest subscription report applied.
    pub state_at: i64,
    /// The first failed payment of the current run of failures.
    pub payment_failed_at: Option<i64>,
    /// The provider's timestamp of the newest invoice report applied.
    pub payment_at: i64,
}

impl Account {
    /// A workspace never seen by the provider.
    pub fn new(workspace_id: &str, default_plan: &str) -> Self {
        Self {
            workspace_id: workspace_id.to_owned(),
            customer_id: None,
            subscription_id: None,
            plan: default_plan.to_owned(),
            status: Status::None,
            current_period_end: None,
            past_due_since: None,
            state_at: 0,
            payment_failed_at: None,
            payment_at: 0,
        }
    }

    /// The status that holds: a running subscription is past due when the
    /// newest news of it is a failed payment, and paid up when it is a
    /// paid invoice.
    pub fn effective_status(&self) -> Status {
        if !self.status.is_live() || self.payment_at < self.state_at {
            return self.status;
        }
        match (self.payment_failed_at, self.status) {
            (Some(_), _) => Status::PastDue,
            (None, Status::PastDue) => Status::Active,
            (None, s) => s,
        }
    }

    /// When the grace period of an overdue payment started.
    pub fn overdue_since(&self) -> Option<i64> {
        if self.effective_status() != Status::PastDue {
            return None;
        }
        match (self.payment_failed_at, self.past_due_since) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b).or(Some(self.state_at.max(self.payment_at))),
        }
    }
}

/// One provider event, as far as we read it.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub kind: String,
    /// The provider's timestamp (Unix seconds).
    pub created: i64,
    pub object: Value,
}

/// Event types this service acts on; others are acknowledged and kept.
pub const HANDLED: [&str; 6] = [
    "checkout.session.completed",
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "invoice.paid",
    "invoice.payment_failed",
];

const MAX_ID: usize = 255;

fn id_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_ID
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Reads an event body.
pub fn parse_event(body: &[u8]) -> Result<Event> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|e| Error::Payload(format!("the body is not JSON: {e}")))?;
    let text = |key: &str| {
        v[key]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| Error::Payload(format!("the event has no string {key:?}")))
    };
    let id = text("id")?;
    if !id_ok(&id) {
        return Err(Error::Payload(format!(
            "the event id {id:?} is not an identifier (letters, digits, '_' or '-', up to {MAX_ID})"
        )));
    }
    let kind = text("type")?;
    if kind.len() > 100 {
        return Err(Error::Payload("the event type is too long".to_owned()));
    }
    let created = v["created"].as_i64().ok_or_else(|| {
        Error::Payload("the event has no numeric \"created\" timestamp".to_owned())
    })?;
    let object = v["data"]["object"].clone();
    if !object.is_object() {
        return Err(Error::Payload("the event has no data.object".to_owned()));
    }
    Ok(Event {
        id,
        kind,
        created,
        object,
    })
}

fn opt_id(v: &Value) -> Option<String> {
    // Expanded objects carry their id inside.
    let s = v.as_str().or_else(|| v["id"].as_str())?;
    id_ok(s).then(|| s.to_owned())
}

/// The workspace an object names in its metadata (set when we created
/// the checkout), or its checkout's `client_reference_id`.
pub fn workspace_hint(object: &Value) -> Option<String> {
    [
        &object["metadata"]["workspace_id"],
        &object["subscription_details"]["metadata"]["workspace_id"],
        &object["parent"]["subscription_details"]["metadata"]["workspace_id"],
        &object["client_reference_id"],
    ]
    .into_iter()
    .find_map(|v| v.as_str())
    .filter(|s| uuid::Uuid::parse_str(s).is_ok())
    .map(str::to_owned)
}

/// The customer an object belongs to.
pub fn customer_of(object: &Value) -> Option<String> {
    opt_id(&object["customer"])
}

/// An invoice as listed on the billing page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invoice {
    pub id: String,
    pub number: Option<String>,
    /// `draft`, `open`, `paid`, `uncollectible` or `void`.
    pub status: String,
    /// Smallest currency unit (cents).
    pub amount_due: i64,
    pub amount_paid: i64,
    pub currency: String,
    /// Unix seconds.
    pub created: i64,
    pub hosted_url: Option<String>,
    /// The provider's timestamp of the newest event that set this state.
    #[serde(skip)]
    pub state_at: i64,
}

impl Invoice {
    /// Reads an invoice object.
    pub fn parse(object: &Value, at: i64) -> Result<Self> {
        let id = opt_id(&object["id"])
            .ok_or_else(|| Error::Payload("the invoice has no usable id".to_owned()))?;
        let bounded =
            |v: &Value, max: usize| v.as_str().filter(|s| s.len() <= max).map(str::to_owned);
        Ok(Self {
            id,
            number: bounded(&object["number"], 100),
            status: bounded(&object["status"], 30).unwrap_or_else(|| "open".to_owned()),
            amount_due: object["amount_due"].as_i64().unwrap_or(0),
            amount_paid: object["amount_paid"].as_i64().unwrap_or(0),
            currency: bounded(&object["currency"], 10).unwrap_or_default(),
            created: object["created"].as_i64().unwrap_or(at),
            hosted_url: bounded(&object["hosted_invoice_url"], 2000)
                .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
            state_at: at,
        })
    }

    fn is_final(&self) -> bool {
        matches!(self.status.as_str(), "paid" | "void")
    }

    /// `self` updated by `newer` (another report of the same invoice): a
    /// final state stays; otherwise the later report wins.
    pub fn merged(self, newer: Invoice) -> Invoice {
        if self.is_final() && !newer.is_final() {
            return self;
        }
        if !self.is_final() && newer.is_final() {
            return newer;
        }
        if newer.state_at >= self.state_at {
            newer
        } else {
            self
        }
    }
}

/// The subscription an invoice object pays for (old and new API shapes).
fn invoice_subscription(object: &Value) -> Option<String> {
    opt_id(&object["subscription"])
        .or_else(|| opt_id(&object["parent"]["subscription_details"]["subscription"]))
}

/// A subscription object's price and period end (old and new API
/// shapes).
fn subscription_price(object: &Value) -> Option<String> {
    let item = &object["items"]["data"][0];
    opt_id(&item["price"]).or_else(|| opt_id(&object["plan"]))
}

fn subscription_period_end(object: &Value) -> Option<i64> {
    object["current_period_end"]
        .as_i64()
        .or_else(|| object["items"]["data"][0]["current_period_end"].as_i64())
}

/// What one event did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// For the event record and the logs: `applied: …`, `stale: …`,
    /// `ignored: …`.
    pub outcome: String,
    /// The invoice the event reported, to store (merged).
    pub invoice: Option<Invoice>,
    /// A failed payment to log (`payment failed`).
    pub payment_failed: bool,
}

impl Applied {
    fn only(outcome: String) -> Self {
        Self {
            outcome,
            invoice: None,
            payment_failed: false,
        }
    }
}

/// Applies `event` to `account`.
pub fn apply(account: &mut Account, event: &Event, catalogue: &Catalogue) -> Result<Applied> {
    let o = &event.object;
    let stale = event.created < account.state_at;
    let stale_note = || {
        format!(
            "stale: the subscription already reflects a newer event (at {}, this one at {})",
            account.state_at, event.created
        )
    };
    match event.kind.as_str() {
        "checkout.session.completed" => {
            let customer = customer_of(o);
            if account.customer_id.is_none() {
                account.customer_id.clone_from(&customer);
            }
            let paid = matches!(
                o["payment_status"].as_str(),
                Some("paid" | "no_payment_required")
            );
            let plan = o["metadata"]["plan"]
                .as_str()
                .and_then(|p| catalogue.get(p));
            if stale {
                return Ok(Applied::only(format!(
                    "{}; the customer is linked",
                    stale_note()
                )));
            }
            match plan {
                Some(plan) if paid && !account.status.is_live() => {
                    account.customer_id = customer.or(account.customer_id.take());
                    account.subscription_id = opt_id(&o["subscription"]);
                    account.plan.clone_from(&plan.name);
                    account.status = Status::Active;
                    account.past_due_since = None;
                    account.state_at = event.created;
                    if account.payment_at <= event.created {
                        account.payment_failed_at = None;
                    }
                    Ok(Applied::only(format!(
                        "applied: checkout completed, subscribed to {}",
                        plan.display()
                    )))
                }
                _ => Ok(Applied::only(
                    "applied: customer linked (the subscription's own events set the plan)"
                        .to_owned(),
                )),
            }
        }
        "customer.subscription.created"
        | "customer.subscription.updated"
        | "customer.subscription.deleted" => {
            let sub_id = opt_id(&o["id"])
                .ok_or_else(|| Error::Payload("the subscription has no usable id".to_owned()))?;
            let status = if event.kind.ends_with("deleted") {
                Status::Canceled
            } else {
                Status::parse(o["status"].as_str().unwrap_or_default())?
            };
            if account.customer_id.is_none() {
                account.customer_id = customer_of(o);
            }
            if stale {
                return Ok(Applied::only(stale_note()));
            }
            let other = account
                .subscription_id
                .as_ref()
                .is_some_and(|current| *current != sub_id);
            if other && (!status.is_live() || account.status.is_live()) {
                // An earlier subscription ending, or a second one while
                // the current still runs: the current one decides.
                return Ok(Applied::only(format!(
                    "ignored: subscription {sub_id} is not the workspace's current one ({})",
                    account.subscription_id.as_deref().unwrap_or("")
                )));
            }
            if status != Status::Canceled {
                let price = subscription_price(o)
                    .ok_or_else(|| Error::Payload(format!("subscription {sub_id} has no price")))?;
                let Some(plan) = catalogue.by_price(&price) else {
                    return Ok(Applied::only(format!(
                        "ignored: price {price} of subscription {sub_id} is not any plan's price_id"
                    )));
                };
                account.plan.clone_from(&plan.name);
            }
            account.subscription_id = Some(sub_id);
            account.status = status;
            account.current_period_end = subscription_period_end(o).or(account.current_period_end);
            account.past_due_since = match status {
                Status::PastDue | Status::Unpaid => account.past_due_since.or(Some(event.created)),
                _ => None,
            };
            if status == Status::Active {
                // The provider says it is paid up as of now.
                account.payment_failed_at = None;
            }
            account.state_at = event.created;
            Ok(Applied::only(format!(
                "applied: subscription {} is {} on {}",
                account.subscription_id.as_deref().unwrap_or(""),
                status.as_str(),
                account.plan
            )))
        }
        "invoice.paid" | "invoice.payment_failed" => {
            let failed = event.kind == "invoice.payment_failed";
            let mut invoice = Invoice::parse(o, event.created)?;
            if failed && !invoice.is_final() {
                invoice.status = "open".to_owned();
            }
            if account.customer_id.is_none() {
                account.customer_id = customer_of(o);
            }
            let mut applied = Applied {
                outcome: String::new(),
                invoice: Some(invoice),
                payment_failed: failed,
            };
            let foreign = match (invoice_subscription(o), &account.subscription_id) {
                (Some(s), Some(current)) => s != *current,
                _ => false,
            };
            applied.outcome = if foreign {
                "applied: invoice recorded (not of the workspace's current subscription)".to_owned()
            } else if event.created < account.payment_at {
                format!(
                    "stale: a newer invoice report (at {}) already decided whether the subscription is paid up; the invoice is recorded",
                    account.payment_at
                )
            } else {
                account.payment_at = event.created;
                if failed {
                    account.payment_failed_at = account.payment_failed_at.or(Some(event.created));
                } else {
                    account.payment_failed_at = None;
                }
                format!(
                    "applied: {}, subscription {}",
                    if failed {
                        "payment failed"
                    } else {
                        "invoice paid"
                    },
                    account.effective_status().as_str()
                )
            };
            Ok(applied)
        }
        other => Ok(Applied::only(format!("ignored: {other} is not acted on"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn catalogue() -> Catalogue {
        Catalogue::from_config(&kubechat_config::BillingConfig::default())
    }

    fn event(id: &str, kind: &str, created: i64, object: Value) -> Event {
        Event {
            id: id.to_owned(),
            kind: kind.to_owned(),
            created,
            object,
        }
    }

    fn sub(status: &str, price: &str) -> Value {
        json!({"id": "sub_1", "customer": "cus_1", "status": status,
               "items": {"data": [{"price": {"id": price}, "current_period_end": 2000}]}})
    }

    fn invoice(status: &str) -> Value {
        json!({"id": "in_1", "customer": "cus_1", "subscription": "sub_1", "status": status,
               "amount_due": 4900, "amount_paid": 0, "currency": "usd", "created": 100})
    }

    #[test]
    fn the_newest_event_decides_whatever_the_order() {
        let cat = catalogue();
        let events = [
            event(
                "e1",
                "customer.subscription.created",
                10,
                sub("active", "price_team"),
            ),
            event("e2", "invoice.payment_failed", 20, invoice("open")),
            event("e3", "invoice.paid", 30, invoice("paid")),
        ];
        for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0], [2, 0, 1]] {
            let mut a = Account::new("w", "free");
            let mut inv: Option<Invoice> = None;
            for i in order {
                let applied = apply(&mut a, &events[i], &cat).ok();
                if let Some(new) = applied.and_then(|x| x.invoice) {
                    inv = Some(match inv {
                        Some(old) => old.merged(new),
                        None => new,
                    });
                }
            }
            // The subscription's own first event may be stale; a paid
            // invoice (t=30) is newest, so the state is active.
            assert_eq!(a.effective_status(), Status::Active, "{order:?}");
            assert_eq!(a.payment_at, 30, "{order:?}");
            assert_eq!(inv.map(|i| i.status).as_deref(), Some("paid"), "{order:?}");
        }
    }

    #[test]
    fn a_failed_payment_makes_it_past_due_from_its_time() {
        let cat = catalogue();
        let mut a = Account::new("w", "free");
        let _ = apply(
            &mut a,
            &event(
                "e1",
                "customer.subscription.created",
                10,
                sub("active", "price_team"),
            ),
            &cat,
        );
        assert_eq!((a.status, a.plan.as_str()), (Status::Active, "team"));
        let r = apply(
            &mut a,
            &event("e2", "invoice.payment_failed", 20, invoice("open")),
            &cat,
        );
        assert!(r.is_ok_and(|r| r.payment_failed));
        assert_eq!(
            (a.effective_status(), a.overdue_since()),
            (Status::PastDue, Some(20))
        );
        // A second failure keeps the first one's time; the provider's own
        // past-due report later does not move it either.
        let _ = apply(
            &mut a,
            &event("e3", "invoice.payment_failed", 25, invoice("open")),
            &cat,
        );
        let _ = apply(
            &mut a,
            &event(
                "e4",
                "customer.subscription.updated",
                26,
                sub("past_due", "price_team"),
            ),
            &cat,
        );
        assert_eq!(
            (a.effective_status(), a.overdue_since()),
            (Status::PastDue, Some(20))
        );
        // Paid: active again, though the subscription's last report said past due.
        let _ = apply(
            &mut a,
            &event("e5", "invoice.paid", 30, invoice("paid")),
            &cat,
        );
        assert_eq!(
            (a.effective_status(), a.overdue_since()),
            (Status::Active, None)
        );
        let _ = apply(
            &mut a,
            &event(
                "e6",
                "customer.subscription.deleted",
                40,
                sub("canceled", "price_team"),
            ),
            &cat,
        );
        assert_eq!(a.effective_status(), Status::Canceled);
    }

    #[test]
    fn unknown_prices_and_other_subscriptions_change_nothing() {
        let cat = catalogue();
        let mut a = Account::new("w", "free");
        let r = apply(
            &mut a,
            &event(
                "e1",
                "customer.subscription.created",
                10,
                sub("active", "price_x"),
            ),
            &cat,
        );
        assert!(r.is_ok_and(|r| r.outcome.starts_with("ignored")));
        assert_eq!(a.status, Status::None);
        let _ = apply(
            &mut a,
            &event(
                "e2",
                "customer.subscription.created",
                11,
                sub("active", "price_team"),
            ),
            &cat,
        );
        let mut old = sub("canceled", "price_team");
        old["id"] = json!("sub_0");
        let r = apply(
            &mut a,
            &event("e3", "customer.subscription.deleted", 12, old),
            &cat,
        );
        assert!(r.is_ok_and(|r| r.outcome.starts_with("ignored")));
        assert_eq!(a.effective_status(), Status::Active);
    }

    #[test]
    fn bad_events_name_the_problem() {
        for (body, why) in [
            (&b"not json"[..], "not JSON"),
            (
                br#"{"type":"x","created":1,"data":{"object":{}}}"#,
                "no string \"id\"",
            ),
            (
                br#"{"id":"evt 1","type":"x","created":1,"data":{"object":{}}}"#,
                "not an identifier",
            ),
            (
                br#"{"id":"evt_1","type":"x","data":{"object":{}}}"#,
                "created",
            ),
            (br#"{"id":"evt_1","type":"x","created":1}"#, "data.object"),
        ] {
            let e = parse_event(body)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(e.contains(why), "{e}");
        }
        let cat = catalogue();
        let mut a = Account::new("w", "free");
        let e = apply(
            &mut a,
            &event(
                "e1",
                "customer.subscription.updated",
                1,
                sub("sleeping", "price_team"),
            ),
            &cat,
        );
        assert!(e.is_err_and(|e| e.to_string().contains("unknown subscription status")));
    }
}
