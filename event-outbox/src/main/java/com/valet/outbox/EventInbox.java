package com.valet.outbox;

import com.valet.events.CloudEvent;
import com.valet.events.EventCodec;
import com.valet.events.EventType;
import com.valet.events.InvalidEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

/**
 * The consuming side of the contract: decodes a record, and applies it at most once per consumer by
 * recording its event id in {@code processed_event} in the same transaction as the handler's changes.
 * <ul>
 *   <li>a duplicate or replayed event is acknowledged and changes nothing;</li>
 *   <li>a poison record (not a valid event, or rejected by the handler) fails at once, and the channel's
 *       {@code dead-letter-queue} failure strategy moves it to {@code <topic>.dlq} with the reason;</li>
 *   <li>anything else (database down, a lock timeout) is retried with backoff before it is given up
 *       to the dead-letter topic, so a short outage delays events without losing them.</li>
 * </ul>
 */
@ApplicationScoped
public class EventInbox {
    private static final Logger LOG = Logger.getLogger(EventInbox.class);
    private static final String MARK = "INSERT INTO processed_event"
            + " (consumer, event_id, event_type, topic, kafka_partition, kafka_offset)"
            + " VALUES (:consumer, :id, :type, :topic, :partition, :offset) ON CONFLICT DO NOTHING";

    private final EventCodec codec;
    private final MeterRegistry registry;
    private final Tracer tracer;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    EventInbox(EventCodec codec, MeterRegistry registry, Tracer tracer,
               @ConfigProperty(name = "valet.inbox.max-retries", defaultValue = "10") int maxRetries,
               @ConfigProperty(name = "valet.inbox.initial-backoff", defaultValue = "PT0.2S") Duration initialBackoff,
               @ConfigProperty(name = "valet.inbox.max-backoff", defaultValue = "PT30S") Duration maxBackoff) {
        this.codec = codec;
        this.registry = registry;
        this.tracer = tracer;
        this.maxRetries = maxRetries;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * @param consumer a stable name of this consumer (e.g. {@code booking.item-read-model}): the same
     *                 event may be applied once by each consumer
     * @param handler  the effect, run inside the transaction that records the event id
     */
    public <T> Uni<Void> apply(String consumer, EventType<T> type, ConsumerRecord<String, String> record,
                               Function<CloudEvent<T>, Uni<Void>> handler) {
        CloudEvent<T> event;
        try {
            if (record.value() == null) {
                throw new InvalidEventException("record has no value");
            }
            event = codec.decode(record.value(), type);
        } catch (InvalidEventException e) {
            count(consumer, "dead-lettered");
            LOG.warnf("Poison record on %s-%d@%d for %s: %s", record.topic(), record.partition(), record.offset(),
                    consumer, e.getMessage());
            return Uni.createFrom().failure(e);
        }
        // The handler runs in a consumer span of the producer's trace: the events it appends carry that trace on.
        Span span = tracer.spanBuilder(consumer + " " + event.type())
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(TraceContext.ofRecord(record, event.traceparent()))
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.message.id", event.id())
                .startSpan();
        Scope scope = span.makeCurrent();
        return Panache.withTransaction(() -> markApplied(consumer, event, record)
                        .chain(first -> {
                            if (!first) {
                                count(consumer, "duplicate");
                                LOG.debugf("Event %s already applied by %s", event.id(), consumer);
                                return Uni.createFrom().voidItem();
                            }
                            return handler.apply(event).invoke(() -> count(consumer, "applied"));
                        }))
                // each failed attempt is visible: a retrying event holds up its whole channel
                .onFailure(EventInbox::retryable).invoke(e -> {
                    count(consumer, "retried");
                    LOG.warnf("Applying event %s (%s) for %s failed, will retry: %s", event.id(), event.type(),
                            consumer, e.toString());
                })
                .onFailure(EventInbox::retryable).retry()
                .withBackOff(initialBackoff, maxBackoff).atMost(maxRetries)
                .onFailure().invoke(e -> {
                    count(consumer, "dead-lettered");
                    LOG.errorf("Giving event %s (%s) to the dead-letter topic after %s: %s", event.id(), event.type(),
                            retryable(e) ? maxRetries + " retries" : "a rejection", e.toString());
                    span.setStatus(StatusCode.ERROR, e.toString());
                })
                .onTermination().invoke(() -> {
                    scope.close();
                    span.end();
                });
    }

    private static <T> Uni<Boolean> markApplied(String consumer, CloudEvent<T> event,
                                                ConsumerRecord<String, String> record) {
        return Panache.getSession().chain(session -> session.createNativeQuery(MARK)
                        .setParameter("consumer", consumer)
                        .setParameter("id", UUID.fromString(event.id()))
                        .setParameter("type", event.type())
                        .setParameter("topic", record.topic())
                        .setParameter("partition", record.partition())
                        .setParameter("offset", record.offset())
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    static boolean retryable(Throwable failure) {
        return !(failure instanceof InvalidEventException || failure instanceof RejectedEventException);
    }

    private void count(String consumer, String outcome) {
        registry.counter("valet.inbox.events", "consumer", consumer, "outcome", outcome).increment();
    }
}
