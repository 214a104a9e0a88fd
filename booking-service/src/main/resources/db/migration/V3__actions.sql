-- A pickup, redelivery or container delivery (seed: actions), with its status flow
-- pending_items -> pending_confirmation -> confirmed -> in_progress -> completed, or canceled.
CREATE TABLE action (
    id                 uuid        PRIMARY KEY,
    user_id            uuid        NOT NULL,
    service_type       text        NOT NULL CHECK (service_type IN ('pickup', 'redelivery', 'container_delivery')),
    status             text        NOT NULL CHECK (status IN ('pending_items', 'pending_confirmation', 'confirmed',
                                                              'in_progress', 'completed', 'canceled')),
    pickup_item_ids    uuid[]      NOT NULL DEFAULT '{}',
    delivery_item_ids  uuid[]      NOT NULL DEFAULT '{}',
    -- {"orders": [{container_type_id, quantity}]}: an object, as Hibernate Reactive reads jsonb objects only
    containers         jsonb       NOT NULL DEFAULT '{"orders": []}',
    -- where the visit happens: the profile's delivery address when the action was created
    address            jsonb       NOT NULL,
    notes              text        CHECK (length(notes) <= 2000),
    calendly_event_uri text        UNIQUE,
    scheduled_start    timestamptz,
    scheduled_end      timestamptz CHECK (scheduled_end > scheduled_start),
    canceled_at        timestamptz,
    cancel_reason      text,
    completed_at       timestamptz,
    version            bigint      NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'canceled') = (canceled_at IS NOT NULL)),
    CHECK (status NOT IN ('confirmed', 'in_progress', 'completed') OR scheduled_start IS NOT NULL)
);
-- the seed's "my pending actions, ordered by scheduled_start"
CREATE INDEX action_user_status_start ON action (user_id, status, scheduled_start, created_at);

-- Every change of an action (seed: booking_events, written by log_booking_event).
CREATE TABLE booking_event (
    id         uuid        PRIMARY KEY,
    action_id  uuid        NOT NULL REFERENCES action (id),
    event_type text        NOT NULL,
    metadata   jsonb       NOT NULL DEFAULT '{}',
    actor_id   uuid,
    actor_role text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX booking_event_action ON booking_event (action_id, created_at);
