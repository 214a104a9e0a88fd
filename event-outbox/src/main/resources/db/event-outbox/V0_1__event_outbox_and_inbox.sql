-- Shared by every service (Flyway location db/event-outbox), created in the service's own schema.

-- Transactional outbox: written in the same transaction as the state change it announces, then
-- published to Kafka by the relay. seq gives the publication order.
CREATE TABLE event_outbox (
    seq           bigserial PRIMARY KEY,
    event_id      uuid        NOT NULL UNIQUE,
    topic         text        NOT NULL,
    event_key     text        NOT NULL,
    event_type    text        NOT NULL,
    payload       jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz,
    attempts      integer     NOT NULL DEFAULT 0,
    last_error    text
);
CREATE INDEX event_outbox_unpublished ON event_outbox (seq) WHERE published_at IS NULL;
CREATE INDEX event_outbox_published_at ON event_outbox (published_at) WHERE published_at IS NOT NULL;

-- Idempotent consumers: an event id applied by a consumer is recorded in the same transaction as its
-- effect, so a redelivered event changes nothing.
CREATE TABLE processed_event (
    consumer      text        NOT NULL,
    event_id      uuid        NOT NULL,
    event_type    text        NOT NULL,
    topic         text        NOT NULL,
    kafka_partition integer,
    kafka_offset  bigint,
    processed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
