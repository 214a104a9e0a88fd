-- The customers' catalogue (seed: public.items / sv.items), in the inventory schema.
CREATE TABLE item (
    id                 uuid        PRIMARY KEY,
    owner_id           uuid        NOT NULL,
    label              text        NOT NULL CHECK (btrim(label) <> '' AND length(label) <= 200),
    description        text        NOT NULL CHECK (btrim(description) <> '' AND length(description) <= 4000),
    category           text        CHECK (length(category) <= 100),
    status             text        NOT NULL DEFAULT 'home'
                                   CHECK (status IN ('home', 'scheduled', 'in_transit', 'stored')),
    photo_paths        text[]      NOT NULL CHECK (cardinality(photo_paths) BETWEEN 1 AND 5),
    qr_code            text        NOT NULL UNIQUE CHECK (qr_code ~ '^SV-[0-9]{4}-[0-9]{6}$'),
    weight_lbs         numeric(8, 2) CHECK (weight_lbs > 0),
    length_in          numeric(8, 2) CHECK (length_in > 0),
    width_in           numeric(8, 2) CHECK (width_in > 0),
    height_in          numeric(8, 2) CHECK (height_in > 0),
    -- derived by the database, never written by the service (seed: GENERATED cubic_feet)
    cubic_feet         numeric(12, 3) GENERATED ALWAYS AS (round(length_in * width_in * height_in / 1728.0, 3)) STORED,
    tags               text[]      NOT NULL DEFAULT '{}',
    physical_locked_at timestamptz,
    version            bigint      NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    deleted_at         timestamptz
);
-- the seed's "a customer's items, newest first", as a keyset-paginated index scan
CREATE INDEX item_owner_newest ON item (owner_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;

-- QR labels SV-YYYY-NNNNNN: one counter row per year. The row lock taken by the upsert serialises
-- concurrent creates for the length of their transaction, so no number is ever handed out twice.
CREATE TABLE qr_counter (
    year       integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
    last_value integer NOT NULL CHECK (last_value BETWEEN 1 AND 999999)
);

-- The item's trail (seed: inventory_events): created, updated, moved, ...
CREATE TABLE inventory_event (
    id         uuid        PRIMARY KEY,
    item_id    uuid        NOT NULL REFERENCES item (id),
    event_type text        NOT NULL,
    event_data jsonb       NOT NULL DEFAULT '{}',
    actor_id   uuid,
    actor_role text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inventory_event_item ON inventory_event (item_id, created_at);
