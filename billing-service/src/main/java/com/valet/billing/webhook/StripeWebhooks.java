package com.valet.billing.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.valet.billing.webhook.Handled.Outcome;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The seed's webhook_events idempotency: a verified event is inserted (event_id unique) and committed
 * before it is processed; processing runs in its own transaction with the row locked, applies the
 * event and sets processed_at. A redelivery of a processed event changes nothing. A failed processing
 * rolls back its changes and records attempts and last_error, leaving processed_at null: Stripe's retry
 * (it retries a non-2xx answer for three days) or an operator's replay completes it.
 */
@ApplicationScoped
public class StripeWebhooks {
    private static final Logger LOG = Logger.getLogger(StripeWebhooks.class);
    private static final String INSERT = "INSERT INTO webhook_events (event_id, event_type, payload, stripe_created)"
            + " VALUES (:id, :type, CAST(CAST(:payload AS text) AS jsonb), :created)"
            + " ON CONFLICT (event_id) DO NOTHING";
    private static final String FAILED = "UPDATE webhook_events SET attempts = attempts + 1, last_error = :error"
            + " WHERE event_id = :id AND processed_at IS NULL";

    private final StripeEventHandlers handlers;
    private final ObjectMapper json;

    StripeWebhooks(StripeEventHandlers handlers, ObjectMapper json) {
        this.handlers = handlers;
        this.json = json;
    }

    /** Records a verified event (once) and processes it unless it already was. */
    public Uni<Handled> receive(String eventId, String type, Instant created, String payload) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("id", eventId)
                        .setParameter("type", type)
                        .setParameter("payload", payload)
                        .setParameter("created", created)
                        .executeUpdate()))
                .chain(() -> process(eventId));
    }

    /** Processes a stored event (a delivery, a retry or a replay); null if there is no such event. */
    public Uni<Handled> process(String eventId) {
        return Panache.withTransaction(() -> WebhookEvent.<WebhookEvent>find("eventId", eventId)
                        .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                        .chain(row -> {
                            if (row == null) {
                                return Uni.createFrom().<Handled>nullItem();
                            }
                            if (row.processedAt != null) {
                                return Uni.createFrom().item(Handled.of(Outcome.duplicate,
                                        "already processed at " + row.processedAt + ": " + row.outcome));
                            }
                            return payload(eventId)
                                    .chain(event -> handlers.handle(eventId, row.eventType, row.stripeCreated, event))
                                    .invoke(handled -> {
                                        row.processedAt = Instant.now();
                                        row.outcome = handled.outcome().name();
                                        row.attempts = row.attempts + 1;
                                        row.lastError = null;
                                    })
                                    .call(() -> Panache.flush());
                        }))
                .onFailure().recoverWithUni(failure -> {
                    String why = ProcessingFailed.describe(failure);
                    LOG.warnf("Stripe event %s could not be processed (left for a retry or replay): %s", eventId, why);
                    return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                                    .createNativeQuery(FAILED)
                                    .setParameter("error", why)
                                    .setParameter("id", eventId)
                                    .executeUpdate()))
                            .onItemOrFailure().transformToUni((ignored, again) ->
                                    Uni.createFrom().failure(new ProcessingFailed(eventId, failure)));
                });
    }

    /** Events still unprocessed (failed, or received and not yet processed), oldest first. */
    public Uni<List<WebhookEvent>> unprocessed(int limit) {
        return Panache.withSession(() -> WebhookEvent.<WebhookEvent>find("processedAt is null order by receivedAt, id")
                .page(0, limit).list());
    }

    private Uni<JsonNode> payload(String eventId) {
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("SELECT CAST(payload AS text) FROM webhook_events WHERE event_id = :id",
                                String.class)
                        .setParameter("id", eventId)
                        .getSingleResult())
                .map(text -> {
                    try {
                        return json.readTree(text);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
