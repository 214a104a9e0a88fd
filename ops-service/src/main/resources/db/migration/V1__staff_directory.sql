-- The staff directory (seed: staff): who may use ops, with one role each, linked to their Supabase user id.
-- A staff endpoint needs both a token carrying a staff role and an active row here whose role the token
-- carries, so deactivating a row takes effect on the next request, whatever tokens are still valid.
CREATE TABLE staff (
    user_id        uuid        PRIMARY KEY,
    role           text        NOT NULL CHECK (role IN ('driver', 'warehouse', 'admin')),
    full_name      text        NOT NULL CHECK (length(btrim(full_name)) BETWEEN 1 AND 200),
    active         boolean     NOT NULL DEFAULT true,
    created_by     uuid        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    deactivated_by uuid,
    deactivated_at timestamptz,
    version        bigint      NOT NULL DEFAULT 0,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (active = (deactivated_at IS NULL)),
    CHECK (active = (deactivated_by IS NULL))
);
CREATE INDEX staff_active_role ON staff (role, full_name) WHERE active;
