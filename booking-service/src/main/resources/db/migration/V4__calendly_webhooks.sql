-- Every Calendly invitee webhook whose signature was verified, with what it did to which action
-- (docs/booking.md, "Calendly"). One row per (event, invitee): Calendly delivers at least once, and a
-- second delivery of the same webhook finds its row and changes nothing.
CREATE TABLE calendly_webhook (
    id                  uuid        PRIMARY KEY,
    event               text        NOT NULL CHECK (event IN ('invitee.created', 'invitee.canceled')),
    -- payload.uri: https://api.calendly.com/scheduled_events/<event>/invitees/<invitee>
    invitee_uri         text        NOT NULL,
    -- payload.event: https://api.calendly.com/scheduled_events/<event>
    scheduled_event_uri text        NOT NULL,
    -- the action it was matched to (tracking.utm_content); null when it matched none
    action_id           uuid        REFERENCES action (id),
    -- 'received' only exists inside the transaction that handles the webhook
    outcome             text        NOT NULL CHECK (outcome IN ('received', 'confirmed', 'rescheduled', 'canceled',
                                                                'reschedule_started', 'ignored', 'unmatched')),
    -- why, in a sentence (for staff reading the log)
    detail              text,
    -- the body exactly as signed by Calendly
    payload             jsonb       NOT NULL,
    received_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (event, invitee_uri)
);
CREATE INDEX calendly_webhook_action ON calendly_webhook (action_id, received_at);
