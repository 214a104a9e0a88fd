-- Container types a customer can have delivered empty, to pack (seed: sv.container_catalog).
CREATE TABLE container_type (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 100),
    description text        CHECK (length(description) <= 1000),
    length_in   numeric(8, 2) NOT NULL CHECK (length_in > 0),
    width_in    numeric(8, 2) NOT NULL CHECK (width_in > 0),
    height_in   numeric(8, 2) NOT NULL CHECK (height_in > 0),
    price_cents integer     NOT NULL CHECK (price_cents >= 0),
    currency    text        NOT NULL DEFAULT 'usd' CHECK (currency ~ '^[a-z]{3}$'),
    active      boolean     NOT NULL DEFAULT true,
    version     bigint      NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
-- names are unique among the types on offer (case-insensitive)
CREATE UNIQUE INDEX container_type_name ON container_type (lower(name)) WHERE active;
