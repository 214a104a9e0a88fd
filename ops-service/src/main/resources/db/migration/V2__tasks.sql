-- Operations tasks (seed: ops_tasks), one per confirmed booking action: a pickup, a delivery (redelivery)
-- or a container drop. Status flow: open -> assigned -> in_progress -> done, with problem (reported, back
-- to in_progress) and canceled (booking-canceled or an admin). See ops-service/README.md.
CREATE TABLE task (
    id                      uuid        PRIMARY KEY,
    action_id               uuid        NOT NULL UNIQUE,
    kind                    text        NOT NULL CHECK (kind IN ('pickup', 'delivery', 'container_drop')),
    customer_id             uuid        NOT NULL,
    status                  text        NOT NULL CHECK (status IN ('open', 'assigned', 'in_progress', 'problem',
                                                                   'done', 'canceled')),
    window_start            timestamptz NOT NULL,
    window_end              timestamptz NOT NULL,
    -- {street, unit, city, state, zip}, as booking-confirmed carries it
    address                 jsonb       NOT NULL,
    -- {"orders": [{container_type_id, quantity}]}: an object, as Hibernate Reactive reads jsonb objects only
    containers              jsonb       NOT NULL DEFAULT '{"orders": []}',
    instructions            text        NOT NULL,
    assignee_id             uuid        REFERENCES staff (user_id),
    -- the customer's subscription status from payment-received, null until billing announced one
    customer_payment_status text,
    payment_hold            boolean     NOT NULL DEFAULT false,
    hold_overridden_by      uuid,
    hold_overridden_at      timestamptz,
    problem_kind            text        CHECK (problem_kind IN ('customer_absent', 'item_damaged', 'access_issue',
                                                                'other')),
    problem_notes           text,
    confirmed_at            timestamptz NOT NULL,
    started_at              timestamptz,
    completed_at            timestamptz,
    canceled_at             timestamptz,
    cancel_reason           text,
    version                 bigint      NOT NULL DEFAULT 0,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CHECK (window_end > window_start),
    CHECK (status <> 'open' OR assignee_id IS NULL),
    CHECK (status NOT IN ('assigned', 'in_progress', 'problem') OR assignee_id IS NOT NULL),
    CHECK ((status = 'problem') = (problem_kind IS NOT NULL)),
    CHECK ((status = 'done') = (completed_at IS NOT NULL)),
    CHECK ((status = 'canceled') = (canceled_at IS NOT NULL)),
    CHECK (NOT payment_hold OR kind = 'delivery'),
    CHECK (NOT payment_hold OR hold_overridden_at IS NULL)
);
-- the day board and the warehouse's day, sorted by window
CREATE INDEX task_window ON task (window_start, id);
-- a driver's day
CREATE INDEX task_assignee_window ON task (assignee_id, window_start) WHERE assignee_id IS NOT NULL;
-- payment-received updates the customer's live tasks
CREATE INDEX task_customer_live ON task (customer_id) WHERE status NOT IN ('done', 'canceled');

-- The items a task moves, each with its own done flag: done once the item is in its target state
-- (a pickup's item stored in the warehouse, a delivery's item home), as item-moved reports it.
CREATE TABLE task_item (
    task_id       uuid        NOT NULL REFERENCES task (id),
    item_id       uuid        NOT NULL,
    -- the order booking listed the items in (pickup items first)
    position      integer     NOT NULL,
    target_status text        NOT NULL CHECK (target_status IN ('stored', 'home')),
    status        text        CHECK (status IN ('home', 'scheduled', 'in_transit', 'stored')),
    qr_code       text,
    done          boolean     NOT NULL DEFAULT false,
    done_at       timestamptz,
    PRIMARY KEY (task_id, item_id),
    CHECK (done = (done_at IS NOT NULL))
);

-- Every change of a task: who (staff id and role, or system / the customer for booking's events), when,
-- what, and the notes given.
CREATE TABLE task_event (
    -- from the sequence task_event_id_seq: the order in which the lines were written
    id         bigserial   PRIMARY KEY,
    task_id    uuid        NOT NULL REFERENCES task (id),
    event_type text        NOT NULL,
    actor_id   uuid,
    actor_role text        NOT NULL,
    notes      text,
    metadata   jsonb       NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_event_task ON task_event (task_id, id);

-- What ops learned from other topics before (or without) the task of the action. Events on different
-- topics come in any order: an item can be scanned, or the visit canceled, before booking-confirmed is
-- consumed here.

-- The newest move of each item for each action (item-moved with an action_id).
CREATE TABLE item_move (
    action_id  uuid        NOT NULL,
    item_id    uuid        NOT NULL,
    status     text        NOT NULL CHECK (status IN ('home', 'scheduled', 'in_transit', 'stored')),
    qr_code    text        NOT NULL,
    moved_at   timestamptz NOT NULL,
    actor_id   uuid,
    actor_role text        NOT NULL,
    PRIMARY KEY (action_id, item_id)
);

-- Actions booking canceled: a confirmation consumed later creates its task already canceled.
CREATE TABLE canceled_action (
    action_id        uuid        PRIMARY KEY,
    customer_id      uuid        NOT NULL,
    reason           text,
    canceled_by_id   uuid,
    canceled_by_role text        NOT NULL,
    canceled_at      timestamptz NOT NULL,
    event_id         uuid        NOT NULL
);

-- The newest subscription status billing announced per customer (payment-received).
CREATE TABLE customer_payment (
    customer_id         uuid        PRIMARY KEY,
    subscription_status text        NOT NULL,
    as_of               timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);
