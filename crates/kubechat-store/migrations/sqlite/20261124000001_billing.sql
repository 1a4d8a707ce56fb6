-- Billing: each workspace's subscription with the payment provider, the
-- provider events already processed (idempotency), the webhook
-- deliveries already seen (replay detection) and the invoices. Times of
-- the provider are its Unix seconds (BIGINT), so one SQL text serves both
-- engines and ordering compares the provider's own clock.
CREATE TABLE billing_accounts (
    workspace_id       TEXT PRIMARY KEY,
    customer_id        TEXT UNIQUE,
    subscription_id    TEXT,
    plan               TEXT NOT NULL,
    status             TEXT NOT NULL,
    current_period_end BIGINT,
    past_due_since     BIGINT,
    state_at           BIGINT NOT NULL,
    payment_failed_at  BIGINT,
    payment_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);

CREATE TABLE billing_events (
    event_id     TEXT PRIMARY KEY,
    event_type   TEXT NOT NULL,
    workspace_id TEXT,
    created      BIGINT NOT NULL,
    outcome      TEXT NOT NULL,
    received_at  BIGINT NOT NULL
);

CREATE TABLE billing_deliveries (
    delivery    TEXT PRIMARY KEY,
    received_at BIGINT NOT NULL
);
CREATE INDEX billing_deliveries_received ON billing_deliveries (received_at);

CREATE TABLE billing_invoices (
    invoice_id   TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    number       TEXT,
    status       TEXT NOT NULL,
    amount_due   BIGINT NOT NULL,
    amount_paid  BIGINT NOT NULL,
    currency     TEXT NOT NULL,
    created      BIGINT NOT NULL,
    hosted_url   TEXT,
    state_at     BIGINT NOT NULL
);
CREATE INDEX billing_invoices_workspace ON billing_invoices (workspace_id, created);
