-- The booking action an item currently belongs to: set when it is scheduled for a pickup or a redelivery,
-- kept while a driver has it, cleared when it arrives (stored or home) or the visit is canceled. A repeated
-- booking-confirmed for the same action (a reschedule) then finds its items already scheduled, not "wrong".
ALTER TABLE item ADD COLUMN current_action_id uuid;

-- Lines of a confirmed booking that inventory could not schedule (not the customer's item, deleted, or in
-- the wrong state). Kept so staff and the customer see why an item was not collected or brought back,
-- instead of the line silently disappearing. One row per action and item; a later confirmation of the same
-- action replaces the reason.
CREATE TABLE rejected_line (
    action_id      uuid        NOT NULL,
    item_id        uuid        NOT NULL,
    customer_id    uuid        NOT NULL,
    line           text        NOT NULL CHECK (line IN ('pickup', 'delivery')),
    reason         text        NOT NULL CHECK (reason IN ('unknown_item', 'wrong_state')),
    current_status text,
    event_id       uuid        NOT NULL,
    rejected_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (action_id, item_id)
);
CREATE INDEX rejected_line_customer ON rejected_line (customer_id, rejected_at DESC);
