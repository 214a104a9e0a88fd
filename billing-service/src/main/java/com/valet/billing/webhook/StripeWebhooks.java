package com.valet.billing.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.valet.billing.webhook.Handled.Outcome;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The seed's webhook_events idempotency, one transaction per delivery (docs/architecture.md, decision 24):
 * the receipt is inserted (event_id unique), the event applied and the receipt marked processed, and all of
 * it commits together. A redelivery of a processed event finds the receipt and changes nothing; a concurrent
 * one waits on the unique key until the first commits, then finds it processed.
 * <p>
 * A failed processing rolls the whole transaction back, and a second, small transaction records the receipt
 * with attempts and last_error (processed_at null): Stripe's retry (it retries a non-2xx answer for three
 * days) or an operator's replay completes it. Not a SAVEPOINT after the receipt: the reactive PostgreSQL
 * client under Hibernate Reactive ends a transaction in which any statement failed with ROLLBACK whatever
 * ROLLBACK TO SAVEPOINT did since, so a savepoint would only cover failures raised in Java, and it would cost
 * every delivery a round trip that only failures need.
 */
@ApplicationScoped
public class StripeWebhooks {
    private static final Logger LOG = Logger.getLogger(StripeWebhooks.class);

    /**
     * The receipt, in one round trip. A new event is inserted; a stored one not processed yet (it failed) is
     * locked and processed again; both answer (true, null, null). A processed one is left alone (but for the
     * row lock the conflict takes) and answers (false, processed_at in ms, outcome). No row, or (false, null,
     * null): another delivery of it committed while this one waited on the unique key; it is processed.
     */
    private static final String RECEIVE = "WITH receipt AS ("
            + " INSERT INTO webhook_events (event_id, event_type, payload, stripe_created)"
            + " VALUES (:id, :type, CAST(CAST(:payload AS text) AS jsonb), :created)"
            + " ON CONFLICT (event_id) DO UPDATE SET attempts = webhook_events.attempts"
            + " WHERE webhook_events.processed_at IS NULL RETURNING id)"
            + " SELECT true, CAST(NULL AS bigint), CAST(NULL AS text) FROM receipt"
            + " UNION ALL SELECT false, CAST(EXTRACT(EPOCH FROM processed_at) * 1000 AS bigint), outcome"
            + " FROM webhook_events WHERE event_id = :id AND NOT EXISTS (SELECT 1 FROM receipt)";
    /** A stored event for a replay, locked: type, created (ms), processed_at (ms), outcome, payload. */
    private static final String STORED = "SELECT event_type, CAST(EXTRACT(EPOCH FROM stripe_created) * 1000 AS bigint),"
            + " CAST(EXTRACT(EPOCH FROM processed_at) * 1000 AS bigint), outcome, CAST(payload AS text)"
            + " FROM webhook_events WHERE event_id = :id FOR UPDATE";
    private static final String PROCESSED = "UPDATE webhook_events SET processed_at = clock_timestamp(),"
            + " outcome = :outcome, attempts = attempts + 1, last_error = NULL WHERE event_id = :id";
    /** After a failed delivery (its receipt was rolled back with it): the receipt with the failure. */
    private static final String FAILED_DELIVERY = "INSERT INTO webhook_events"
            + " (event_id, event_type, payload, stripe_created, attempts, last_error)"
            + " VALUES (:id, :type, CAST(CAST(:payload AS text) AS jsonb), :created, 1, :error)"
            + " ON CONFLICT (event_id) DO UPDATE SET attempts = webhook_events.attempts + 1,"
            + " last_error = EXCLUDED.last_error WHERE webhook_events.processed_at IS NULL";
    /** After a failed replay. */
    private static final String FAILED_REPLAY = "UPDATE webhook_events SET attempts = attempts + 1, last_error = :error"
            + " WHERE event_id = :id AND processed_at IS NULL";

    private final StripeEventHandlers handlers;
    private final ObjectMapper json;

    StripeWebhooks(StripeEventHandlers handlers, ObjectMapper json) {
        this.handlers = handlers;
        this.json = json;
    }

    /**
     * A delivery whose signature was verified, parsed once: {@code payload} is the body as received (stored),
     * {@code event} its JSON tree (applied).
     */
    public record Delivery(String id, String type, Instant created, String payload, JsonNode event) {
    }

    /** Records a verified event (once) and applies it unless it already was, in one transaction. */
    public Uni<Handled> receive(Delivery delivery) {
        String eventId = delivery.id();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(RECEIVE)
                        .setParameter("id", eventId)
                        .setParameter("type", delivery.type())
                        .setParameter("payload", delivery.payload())
                        .setParameter("created", delivery.created())
                        .getResultList())
                        .chain(rows -> {
                            Object[] receipt = rows.isEmpty() ? null : (Object[]) rows.get(0);
                            if (receipt != null && Boolean.TRUE.equals(receipt[0])) {
                                return apply(eventId, delivery.type(), delivery.created(), delivery.event());
                            }
                            return Uni.createFrom().item(duplicate(receipt == null ? null : receipt[1],
                                    receipt == null ? null : receipt[2]));
                        }))
                .onFailure().recoverWithUni(failure -> failed(eventId, failure, FAILED_DELIVERY, delivery));
    }

    /** Processes a stored event again (an operator's replay); null if there is no such event. */
    public Uni<Handled> process(String eventId) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(STORED)
                        .setParameter("id", eventId)
                        .getResultList())
                        .chain(rows -> {
                            if (rows.isEmpty()) {
                                return Uni.createFrom().<Handled>nullItem();
                            }
                            Object[] row = (Object[]) rows.get(0);
                            if (row[2] != null) {
                                return Uni.createFrom().item(duplicate(row[2], row[3]));
                            }
                            return apply(eventId, (String) row[0], instant(row[1]), parse((String) row[4]));
                        }))
                .onFailure().recoverWithUni(failure -> failed(eventId, failure, FAILED_REPLAY, null));
    }

    /** Events still unprocessed (failed), oldest first. */
    public Uni<List<WebhookEvent>> unprocessed(int limit) {
        return Panache.withSession(() -> WebhookEvent.<WebhookEvent>find("processedAt is null order by receivedAt, id")
                .page(0, limit).list());
    }

    /** Applies the event and marks its receipt processed, in the caller's transaction. */
    private Uni<Handled> apply(String eventId, String type, Instant created, JsonNode event) {
        return handlers.handle(eventId, type, created, event)
                .call(handled -> Panache.getSession().chain(session -> session.createNativeQuery(PROCESSED)
                        .setParameter("outcome", handled.outcome().name())
                        .setParameter("id", eventId)
                        .executeUpdate()));
    }

    /**
     * The transaction that failed is rolled back; this one records attempts and last_error on the receipt
     * (creating it for a delivery) and the answer is a {@link ProcessingFailed}.
     */
    private Uni<Handled> failed(String eventId, Throwable failure, String statement, Delivery delivery) {
        String why = ProcessingFailed.describe(failure);
        LOG.warnf("Stripe event %s could not be processed (left for a retry or replay): %s", eventId, why);
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> {
                    // nothing of the failed transaction may be flushed with this one
                    session.clear();
                    var query = session.createNativeQuery(statement)
                            .setParameter("id", eventId)
                            .setParameter("error", why);
                    if (delivery != null) {
                        query.setParameter("type", delivery.type())
                                .setParameter("payload", delivery.payload())
                                .setParameter("created", delivery.created());
                    }
                    return query.executeUpdate();
                }))
                .onItemOrFailure().transformToUni((ignored, again) -> {
                    if (again != null) {
                        LOG.errorf(again, "Stripe event %s: its failure could not be recorded either", eventId);
                    }
                    return Uni.createFrom().failure(new ProcessingFailed(eventId, failure));
                });
    }

    private static Handled duplicate(Object processedAtMillis, Object outcome) {
        return Handled.of(Outcome.duplicate, processedAtMillis == null ? "processed by a concurrent delivery"
                : "already processed at " + instant(processedAtMillis) + ": " + outcome);
    }

    private static Instant instant(Object millis) {
        return millis == null ? null : Instant.ofEpochMilli(((Number) millis).longValue());
    }

    private JsonNode parse(String payload) {
        try {
            return json.readTree(payload);
        } catch (IOException e) {
            throw new IllegalStateException("the stored payload is not JSON: " + e.getMessage(), e);
        }
    }
}
