-- Relay: woken at commit, failures recorded per row, unsendable rows parked (event-outbox README).

-- When a failed row may be tried again, and when it was parked for an operator after repeated failures.
ALTER TABLE event_outbox ADD COLUMN next_attempt_at timestamptz, ADD COLUMN parked_at timestamptz;

-- Unpublished rows that failed at least once: the relay keeps later rows of their key behind them.
CREATE INDEX event_outbox_failed ON event_outbox (topic, event_key, seq) WHERE published_at IS NULL AND attempts > 0;

-- NOTIFY outbox_<schema> once per appending statement; PostgreSQL delivers it when the transaction commits,
-- to the relays of every instance of the service (LISTEN), which then publish at once instead of polling.
CREATE FUNCTION event_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox_' || TG_TABLE_SCHEMA, '');
    RETURN NULL;
END
$$;
CREATE TRIGGER event_outbox_notify AFTER INSERT ON event_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION event_outbox_notify();
-- An operator giving parked rows another try (docs/operations.md) wakes the relays the same way.
CREATE TRIGGER event_outbox_retry_notify AFTER UPDATE OF parked_at ON event_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION event_outbox_notify();

-- Processed event ids are purged after the inbox retention (longer than the topics' retention).
CREATE INDEX processed_event_processed_at ON processed_event (processed_at);
