-- The seed's billing schema (billing-service README, docs/architecture.md decision 13).

-- One row per customer who ever started a subscription: the Stripe mapping and the billing-protected
-- columns. Changed only by com.valet.billing.subscription.BillingStates (the seed's
-- update_subscription_status), from verified Stripe webhooks; the customer API only links a new Stripe
-- customer.
CREATE TABLE customers (
    user_id              uuid        PRIMARY KEY,
    email                text,
    stripe_customer_id   text        UNIQUE,
    subscription_id      text,
    subscription_status  text        NOT NULL DEFAULT 'inactive'
        CHECK (subscription_status IN ('inactive', 'incomplete', 'incomplete_expired', 'trialing', 'active',
                                       'past_due', 'canceled', 'unpaid', 'paused')),
    trial_start          timestamptz,
    trial_end            timestamptz,
    last_payment_at      timestamptz,
    -- copy of booking's flag (decision 13: pending a profile event from booking)
    out_of_service_area  boolean     NOT NULL DEFAULT false,
    needs_manual_refund  boolean     NOT NULL DEFAULT false,
    -- Stripe's created of the event that last set the subscription state: an older event never overwrites it
    state_event_at       timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);

-- Stripe webhook idempotency log: inserted (event_id unique) before processing, processed_at set in the
-- transaction that applies it; a failed processing leaves processed_at null, with attempts and last_error.
CREATE TABLE webhook_events (
    id             bigserial   PRIMARY KEY,
    event_id       text        NOT NULL UNIQUE,
    event_type     text        NOT NULL,
    payload        jsonb       NOT NULL,
    stripe_created timestamptz NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT now(),
    processed_at   timestamptz,
    outcome        text,
    attempts       integer     NOT NULL DEFAULT 0,
    last_error     text
);
CREATE INDEX webhook_events_unprocessed ON webhook_events (received_at) WHERE processed_at IS NULL;

-- Money that moved, one row per Stripe object and kind (a redelivered or replayed event adds nothing).
CREATE TABLE account_ledger (
    id               uuid        PRIMARY KEY,
    user_id          uuid        NOT NULL REFERENCES customers (user_id),
    entry_type       text        NOT NULL CHECK (entry_type IN ('payment', 'refund')),
    -- payments positive, refunds negative, smallest currency unit
    amount_cents     bigint      NOT NULL,
    currency         text        NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
    stripe_object_id text        NOT NULL,
    stripe_invoice_id text,
    stripe_charge_id text,
    subscription_id  text,
    stripe_event_id  text        NOT NULL,
    occurred_at      timestamptz NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (entry_type, stripe_object_id)
);
CREATE INDEX account_ledger_user ON account_ledger (user_id, occurred_at DESC);

-- Referral program (seed table; no API yet).
CREATE TABLE referrals (
    id               uuid        PRIMARY KEY,
    referrer_user_id uuid        NOT NULL,
    referred_email   text,
    referred_user_id uuid,
    status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'signed_up', 'rewarded', 'void')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX referrals_referrer ON referrals (referrer_user_id);
