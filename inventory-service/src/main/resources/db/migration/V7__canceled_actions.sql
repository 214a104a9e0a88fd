-- Visits booking canceled after confirming them. booking-canceled and booking-confirmed travel on
-- different topics, so a confirmation can be consumed after its cancellation: it is then ignored.
CREATE TABLE canceled_action (
    action_id   uuid        PRIMARY KEY,
    customer_id uuid        NOT NULL,
    event_id    uuid        NOT NULL,
    canceled_at timestamptz NOT NULL
);
