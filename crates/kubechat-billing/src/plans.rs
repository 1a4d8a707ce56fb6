//! The plans on offer and what a workspace is entitled to right now.

use kubechat_config::{BillingConfig, PlanConfig};
use serde::Serialize;

use crate::account::{Account, Status};
use crate::{Error, Result};

/// A plan and its entitlements (0 = unlimited).
pub type Plan = PlanConfig;

/// The plans of a deployment and the one workspaces fall back to.
#[derive(Debug, Clone)]
pub struct Catalogue {
    plans: Vec<Plan>,
    default_plan: String,
}

impl Catalogue {
    /// The plans in effect of `config` (validated by the configuration).
    pub fn from_config(config: &BillingConfig) -> Self {
        Self {
            plans: config.plans_in_effect(),
            default_plan: config.default_plan.clone(),
        }
    }

    /// Every plan, in the configured order.
    pub fn plans(&self) -> &[Plan] {
        &self.plans
    }

    /// The plan called `name`.
    pub fn get(&self, name: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.name == name)
    }

    /// The plan a subscription to `price_id` pays for.
    pub fn by_price(&self, price_id: &str) -> Option<&Plan> {
        self.plans
            .iter()
            .find(|p| p.price_id.as_deref() == Some(price_id))
    }

    /// The plan of workspaces without a paid subscription.
    pub fn default_plan(&self) -> Plan {
        self.get(&self.default_plan)
            .cloned()
            .unwrap_or_else(unlimited)
    }

    /// The plan called `name` when it can be bought (has a price).
    pub fn purchasable(&self, name: &str) -> Result<&Plan> {
        let names = || {
            self.plans
                .iter()
                .filter(|p| p.price_id.is_some())
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self.get(name) {
            Some(p) if p.price_id.is_some() => Ok(p),
            Some(_) => Err(Error::Plan(format!(
                "plan {name:?} is not sold (it has no price); choose one of: {}",
                names()
            ))),
            None => Err(Error::Plan(format!(
                "there is no plan {name:?}; choose one of: {}",
                names()
            ))),
        }
    }
}

/// Every entitlement: what a workspace has while billing is off.
pub fn unlimited() -> Plan {
    Plan {
        name: "unlimited".to_owned(),
        display_name: "Unlimited (billing off)".to_owned(),
        price_id: None,
        requests_per_day: 0,
        requests_per_minute: 0,
        mutations: true,
        seats: 0,
        clusters: 0,
        llm: true,
    }
}

/// A workspace's plan and subscription as they stand right now.
#[derive(Debug, Clone, Serialize)]
pub struct Standing {
    /// The plan whose entitlements apply now.
    pub plan: Plan,
    /// The plan the subscription is for (differs from `plan` once a
    /// payment failure's grace period is over, or after a cancellation).
    pub subscribed_plan: Option<String>,
    pub status: Status,
    /// A failed payment's grace period ends then (Unix seconds).
    pub grace_until: Option<i64>,
    /// Whether the workspace was moved to the default plan because its
    /// payment is overdue past the grace period.
    pub downgraded: bool,
    /// Why the entitlements are what they are, for people.
    pub note: String,
}

impl Standing {
    /// What applies while billing is off.
    pub fn unlimited() -> Self {
        Self {
            plan: unlimited(),
            subscribed_plan: None,
            status: Status::None,
            grace_until: None,
            downgraded: false,
            note: "billing is off in this deployment: every entitlement applies".to_owned(),
        }
    }

    /// `account`'s standing at `now` (Unix seconds) with `grace_seconds`
    /// of grace after a failed payment.
    pub fn of(
        account: Option<&Account>,
        catalogue: &Catalogue,
        now: i64,
        grace_seconds: i64,
    ) -> Self {
        let fallback = catalogue.default_plan();
        let Some(a) = account else {
            return Self {
                note: format!("no subscription: the {} plan applies", fallback.display()),
                plan: fallback,
                subscribed_plan: None,
                status: Status::None,
                grace_until: None,
                downgraded: false,
            };
        };
        let subscribed = catalogue.get(&a.plan).cloned();
        let base = Self {
            plan: fallback.clone(),
            subscribed_plan: Some(a.plan.clone()),
            status: a.effective_status(),
            grace_until: None,
            downgraded: false,
            note: String::new(),
        };
        match (a.effective_status(), subscribed) {
            (Status::Active | Status::Trialing, Some(p)) => Self {
                note: format!("subscribed to {}", p.display()),
                plan: p,
                ..base
            },
            (Status::PastDue, Some(p)) => {
                let since = a.overdue_since().unwrap_or(a.state_at);
                let until = since.saturating_add(grace_seconds);
                if now < until {
                    Self {
                        note: format!(
                            "a payment failed; {} stays until the grace period ends, unless the invoice is paid",
                            p.display()
                        ),
                        plan: p,
                        grace_until: Some(until),
                        ..base
                    }
                } else {
                    Self {
                        note: format!(
                            "a payment is overdue past the grace period: downgraded from {} to {} until the invoice is paid",
                            p.display(),
                            fallback.display()
                        ),
                        grace_until: Some(until),
                        downgraded: true,
                        ..base
                    }
                }
            }
            (Status::None, _) => Self {
                note: format!("no subscription: the {} plan applies", fallback.display()),
                ..base
            },
            (status, Some(_)) => Self {
                note: format!(
                    "the subscription is {}: the {} plan applies",
                    status.as_str(),
                    fallback.display()
                ),
                ..base
            },
            (_, None) => Self {
                note: format!(
                    "the subscription's plan {:?} is no longer offered: the {} plan applies",
                    a.plan,
                    fallback.display()
                ),
                ..base
            },
        }
    }
}

/// A plan's name for people.
pub trait Display {
    fn display(&self) -> String;
}

impl Display for Plan {
    fn display(&self) -> String {
        if self.display_name.is_empty() {
            self.name.clone()
        } else {
            self.display_name.clone()
        }
    }
}
