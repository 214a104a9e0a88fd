-- booking's read model of the customers' items, fed by inventory's item-moved events. Booking needs
-- ownership and physical state to validate a pickup (items at home) or a redelivery (items stored)
-- without calling inventory synchronously.
CREATE TABLE customer_item (
    item_id        uuid        PRIMARY KEY,
    owner_id       uuid        NOT NULL,
    qr_code        text        NOT NULL,
    status         text        NOT NULL CHECK (status IN ('home', 'scheduled', 'in_transit', 'stored')),
    last_action_id uuid,
    moved_at       timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_item_owner ON customer_item (owner_id, status);
