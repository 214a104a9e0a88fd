-- The legacy Supabase database, shaped like the seed (../shared/seeds/000_*.txt): the schemas public (in
-- production), sv (planned canonical, mostly empty) and billing, Supabase's auth schema reduced to what the
-- legacy tables reference, enum types, arrays, jsonb, a generated column, and the SECURITY DEFINER functions.
CREATE SCHEMA auth;
CREATE TABLE auth.users (id uuid PRIMARY KEY, email text);
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT NULLIF(current_setting('request.jwt.claim.sub', true), '')::uuid $$;

CREATE TYPE public.subscription_status AS ENUM ('inactive', 'incomplete', 'trialing', 'active', 'past_due', 'canceled', 'unpaid');
CREATE TYPE public.item_status AS ENUM ('home', 'in_transit', 'stored', 'scheduled');
CREATE TYPE public.service_type AS ENUM ('pickup', 'redelivery', 'container_delivery');
CREATE TYPE public.action_status AS ENUM ('pending_items', 'pending_confirmation', 'confirmed', 'in_progress', 'completed', 'canceled');

CREATE TABLE public.customer_profile (
    user_id             uuid PRIMARY KEY REFERENCES auth.users (id),
    email               text UNIQUE,
    stripe_customer_id  text UNIQUE,
    subscription_id     text,
    subscription_status public.subscription_status NOT NULL DEFAULT 'inactive',
    last_payment_at     timestamptz,
    trial_start         timestamptz,
    trial_end           timestamptz,
    full_name           text,
    phone               text,
    delivery_address    jsonb,
    out_of_service_area boolean NOT NULL DEFAULT false,
    needs_manual_refund boolean NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.items (
    id                 uuid PRIMARY KEY,
    user_id            uuid NOT NULL REFERENCES auth.users (id),
    label              text NOT NULL,
    description        text NOT NULL,
    category           text,
    status             public.item_status NOT NULL DEFAULT 'home',
    photo_paths        text[] NOT NULL DEFAULT '{}',
    qr_code            text UNIQUE,
    weight_lbs         numeric,
    dimensions         jsonb,
    cubic_feet         numeric GENERATED ALWAYS AS (round(((dimensions ->> 'length')::numeric * (dimensions ->> 'width')::numeric
                                                    * (dimensions ->> 'height')::numeric) / 1728, 3)) STORED,
    physical_locked_at timestamptz,
    tags               text[] NOT NULL DEFAULT '{}',
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.inventory_events (
    id         uuid PRIMARY KEY,
    item_id    uuid NOT NULL REFERENCES public.items (id),
    event_type text NOT NULL,
    event_data jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.actions (
    id                 uuid PRIMARY KEY,
    user_id            uuid NOT NULL REFERENCES auth.users (id),
    service_type       public.service_type NOT NULL,
    status             public.action_status NOT NULL DEFAULT 'pending_items',
    pickup_item_ids    uuid[] NOT NULL DEFAULT '{}',
    delivery_item_ids  uuid[] NOT NULL DEFAULT '{}',
    calendly_event_uri text UNIQUE,
    scheduled_start    timestamptz,
    scheduled_end      timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.booking_events (
    id         uuid PRIMARY KEY,
    action_id  uuid NOT NULL REFERENCES public.actions (id),
    event_type text NOT NULL,
    metadata   jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.claims (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES auth.users (id),
    item_id      uuid NOT NULL REFERENCES public.items (id),
    claim_type   text NOT NULL,
    description  text,
    amount_cents integer,
    status       text NOT NULL DEFAULT 'open',
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.service_areas (zip text PRIMARY KEY, city text, state text);

CREATE SCHEMA billing;
CREATE TABLE billing.customers (
    user_id            uuid PRIMARY KEY REFERENCES auth.users (id),
    stripe_customer_id text UNIQUE,
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE billing.webhook_events (
    id           bigserial PRIMARY KEY,
    event_id     text UNIQUE NOT NULL,
    event_type   text NOT NULL,
    payload      jsonb NOT NULL,
    processed_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- sv: the planned canonical schema; only staff, referrals and the container catalog hold rows
CREATE SCHEMA sv;
CREATE TABLE sv.customer_profile (LIKE public.customer_profile INCLUDING ALL);
CREATE TABLE sv.items (LIKE public.items INCLUDING ALL);
CREATE TABLE sv.actions (LIKE public.actions INCLUDING ALL);
CREATE TABLE sv.inventory_events (LIKE public.inventory_events INCLUDING ALL);
CREATE TABLE sv.ops_tasks (id uuid PRIMARY KEY, action_id uuid, status text);
CREATE TABLE sv.item_embeddings (item_id uuid PRIMARY KEY, embedding real[]);
CREATE TABLE sv.staff (user_id uuid PRIMARY KEY, role text NOT NULL, full_name text, active boolean NOT NULL DEFAULT true,
                       created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE sv.container_catalog (id uuid PRIMARY KEY, name text, description text, length_in numeric, width_in numeric,
                                   height_in numeric, price_cents integer, active boolean NOT NULL DEFAULT true,
                                   created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE sv.referrals (id uuid PRIMARY KEY, referrer_user_id uuid NOT NULL, referred_email text, referred_user_id uuid,
                           status text NOT NULL DEFAULT 'pending', created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE sv.account_ledger (id uuid PRIMARY KEY, user_id uuid, amount_cents bigint, created_at timestamptz);
CREATE TABLE sv.pre_customers (id uuid PRIMARY KEY, email text);
CREATE TABLE sv.signup_anomalies (id uuid PRIMARY KEY, detail text);
CREATE TABLE sv.webhook_events (LIKE billing.webhook_events INCLUDING ALL);

-- The seed's SECURITY DEFINER functions (the import does not call them; they are part of the shape)
CREATE FUNCTION public.update_subscription_status(p_user_id uuid, p_status public.subscription_status,
                                                  p_subscription_id text, p_last_payment_at timestamptz)
    RETURNS void LANGUAGE sql SECURITY DEFINER AS $$
    UPDATE public.customer_profile SET subscription_status = p_status, subscription_id = p_subscription_id,
        last_payment_at = p_last_payment_at, updated_at = now() WHERE user_id = p_user_id $$;
CREATE FUNCTION public.log_booking_event(p_action_id uuid, p_event_type text, p_metadata jsonb)
    RETURNS uuid LANGUAGE sql SECURITY DEFINER AS $$
    INSERT INTO public.booking_events (id, action_id, event_type, metadata) VALUES (gen_random_uuid(), p_action_id,
        p_event_type, p_metadata) RETURNING id $$;
