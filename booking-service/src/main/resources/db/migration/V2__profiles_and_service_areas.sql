-- Serviceable ZIP codes (seed: service_areas). Managed by admins; they decide out_of_service_area.
CREATE TABLE service_area (
    zip        text        PRIMARY KEY CHECK (zip ~ '^[0-9]{5}$'),
    city       text        NOT NULL CHECK (btrim(city) <> '' AND length(city) <= 100),
    state      text        NOT NULL CHECK (state ~ '^[A-Z]{2}$'),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The customer's profile (seed: customer_profile) without the billing columns, which billing owns.
-- Created from the JWT on first sign-in; delivery_address is the seed's {street, unit, city, state, zip}.
CREATE TABLE customer_profile (
    user_id             uuid        PRIMARY KEY,
    email               text        CHECK (length(email) <= 320),
    full_name           text        CHECK (length(full_name) <= 200),
    phone               text        CHECK (phone ~ '^\+?[0-9]{7,15}$'),
    delivery_address    jsonb,
    out_of_service_area boolean     NOT NULL DEFAULT false,
    version             bigint      NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customer_profile_email ON customer_profile (lower(email));
-- when an admin adds or withdraws a ZIP, the profiles there are re-derived
CREATE INDEX customer_profile_zip ON customer_profile ((delivery_address ->> 'zip'));

-- booking's read model of each customer's subscription, fed by billing's events: a booking needs an
-- active or trialing subscription, and booking must not call billing to know it.
CREATE TABLE customer_subscription (
    customer_id         uuid        PRIMARY KEY,
    subscription_status text        NOT NULL,
    subscription_id     text,
    stripe_customer_id  text,
    -- when billing learned this status; an older event arriving late does not roll it back
    as_of               timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL DEFAULT now()
);
