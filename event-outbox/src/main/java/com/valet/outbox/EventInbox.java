package com.valet.outbox;

import com.valet.events.CloudEvent;
import com.valet.events.EventCodec;
import com.valet.events.EventType;
import com.valet.events.InvalidEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The consuming side of the contract. A channel hands over each polled batch ({@code batch=true}); the inbox
 * applies it at most once per consumer and event id, fast:
 * <ul>
 *   <li>the records of each partition are applied in order, in <em>one</em> transaction, which first records
 *       all their event ids in {@code processed_event} with one statement and learns which are new; the
 *       partitions of a batch are applied concurrently, each on its own event loop and connection, so the
 *       order per key (a key always maps to one partition) is kept;</li>
 *   <li>a duplicate or replayed event is acknowledged and changes nothing;</li>
 *   <li>a record that is not a valid event goes to {@code <topic>.dlq} with the reason, at once; a transaction
 *       that fails for good (the handler rejects an event, a constraint it breaks) is rolled back and its
 *       records are applied again one per transaction, so only the record that cannot be applied is
 *       dead-lettered and the rest of the batch applies;</li>
 *   <li>a transient failure (database down or failing over, connection lost, serialization failure,
 *       deadlock) is retried without end, with backoff: the partition waits, {@link InboxStalls} shows it in
 *       readiness and a gauge, and nothing is dead-lettered because the database was away.</li>
 * </ul>
 * Handlers run inside the transaction with the session flushed and cleared after each event, so each event
 * sees what the previous ones of the batch wrote, as if it had its own transaction.
 */
@ApplicationScoped
public class EventInbox {
    private static final Logger LOG = Logger.getLogger(EventInbox.class);
    // One round trip for the whole batch: the ids that were not yet there come back.
    private static final String MARK = "INSERT INTO processed_event"
            + " (consumer, event_id, event_type, topic, kafka_partition, kafka_offset)"
            + " SELECT :consumer, u.id, :type, :topic, :partition, u.off"
            + " FROM unnest(CAST(string_to_array(:ids, ',') AS uuid[]), CAST(string_to_array(:offsets, ',') AS bigint[]))"
            + " AS u(id, off)"
            + " ON CONFLICT DO NOTHING RETURNING CAST(event_id AS text)";

    private final EventCodec codec;
    private final MeterRegistry registry;
    private final Tracer tracer;
    private final DeadLetters deadLetters;
    private final InboxStalls stalls;
    private final PartitionContexts contexts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    EventInbox(EventCodec codec, MeterRegistry registry, Tracer tracer, DeadLetters deadLetters, InboxStalls stalls,
               PartitionContexts contexts,
               @ConfigProperty(name = "valet.inbox.initial-backoff", defaultValue = "PT0.2S") Duration initialBackoff,
               @ConfigProperty(name = "valet.inbox.max-backoff", defaultValue = "PT5S") Duration maxBackoff) {
        this.codec = codec;
        this.registry = registry;
        this.tracer = tracer;
        this.deadLetters = deadLetters;
        this.stalls = stalls;
        this.contexts = contexts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** A record with its decoded event. */
    private record Decoded<T>(ConsumerRecord<String, String> record, CloudEvent<T> event, UUID id) {
    }

    /**
     * Applies a polled batch; completes when every record is applied, known already, or dead-lettered, so the
     * channel may commit the batch's offsets.
     *
     * @param consumer a stable name of this consumer (e.g. {@code booking.item-read-model}): the same event may
     *                 be applied once by each consumer
     * @param handler  the effect of one event, run inside the transaction that records the event id
     */
    public <T> Uni<Void> apply(String consumer, EventType<T> type, ConsumerRecords<String, String> records,
                               Function<CloudEvent<T>, Uni<Void>> handler) {
        return applyEach(consumer, type, records, fresh -> Panache.getSession().chain(session ->
                Multi.createFrom().iterable(fresh)
                        .onItem().transformToUniAndConcatenate(e -> traced(consumer, List.of(e), () -> handler.apply(e.event()))
                                .call(() -> session.flush().invoke(session::clear)))
                        .collect().last().replaceWithVoid()));
    }

    /**
     * Like {@link #apply}, for a handler that applies the new events of a partition's batch together, in
     * their order, with set-based SQL: a few statements per batch instead of a dozen per event. The handler
     * must give the same result as applying the events one after the other (a later event of a key sees the
     * earlier one's effect). If the batch fails for good, the handler is called again with one event at a
     * time, so the one that cannot be applied is dead-lettered alone.
     *
     * @param handler the effect of the batch's new events (never empty, no duplicates), run inside the
     *                transaction that records their ids
     */
    public <T> Uni<Void> applyTogether(String consumer, EventType<T> type, ConsumerRecords<String, String> records,
                                       Function<List<CloudEvent<T>>, Uni<Void>> handler) {
        return applyEach(consumer, type, records, fresh -> traced(consumer, fresh,
                () -> handler.apply(fresh.stream().map(Decoded::event).toList()))
                .call(() -> Panache.getSession().chain(session -> session.flush())));
    }

    private <T> Uni<Void> applyEach(String consumer, EventType<T> type, ConsumerRecords<String, String> records,
                                    Function<List<Decoded<T>>, Uni<Void>> effect) {
        List<Uni<Void>> work = new ArrayList<>();
        for (TopicPartition partition : records.partitions()) {
            List<Decoded<T>> events = new ArrayList<>();
            for (ConsumerRecord<String, String> record : records.records(partition)) {
                try {
                    events.add(decode(record, type));
                } catch (InvalidEventException e) {
                    LOG.warnf("Poison record on %s-%d@%d for %s: %s", record.topic(), record.partition(),
                            record.offset(), consumer, e.getMessage());
                    work.add(deadLetter(consumer, record, e));
                }
            }
            if (!events.isEmpty()) {
                work.add(applyInOrder(consumer, partition, events, effect));
            }
        }
        return work.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(work).andFailFast().replaceWithVoid();
    }

    private <T> Decoded<T> decode(ConsumerRecord<String, String> record, EventType<T> type) {
        if (record.value() == null) {
            throw new InvalidEventException("record has no value");
        }
        CloudEvent<T> event = codec.decode(record.value(), type);
        try {
            return new Decoded<>(record, event, UUID.fromString(event.id()));
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("id is not a UUID: " + event.id());
        }
    }

    /**
     * The records of one partition, in one transaction on the partition's own context; transient failures are
     * retried there without end; a failure for good splits the batch into one transaction per record.
     */
    private <T> Uni<Void> applyInOrder(String consumer, TopicPartition partition, List<Decoded<T>> events,
                                       Function<List<Decoded<T>>, Uni<Void>> effect) {
        return contexts.run(partition, () -> Panache.withTransaction(() -> applyAll(consumer, events, effect)))
                .onFailure(Transience::isTransient).invoke(e -> {
                    stalls.stalled(consumer, partition, e);
                    count(consumer, "retried", 1);
                    LOG.warnf("Applying %d event(s) of %s for %s failed, retrying: %s", events.size(), partition,
                            consumer, Transience.describe(e));
                })
                .onFailure(Transience::isTransient).retry().withBackOff(initialBackoff, maxBackoff).indefinitely()
                .invoke(outcomes -> {
                    stalls.flowing(consumer, partition);
                    outcomes.forEach((outcome, n) -> count(consumer, outcome, n));
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> events.size() == 1
                        ? deadLetter(consumer, events.get(0).record(), failure)
                        : oneByOne(consumer, partition, events, effect, failure));
    }

    private <T> Uni<Void> oneByOne(String consumer, TopicPartition partition, List<Decoded<T>> events,
                                   Function<List<Decoded<T>>, Uni<Void>> effect, Throwable failure) {
        LOG.warnf("A batch of %d events of %s for %s failed for good (%s): applying them one per transaction",
                events.size(), partition, consumer, Transience.describe(failure));
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> applyInOrder(consumer, partition, List.of(event), effect))
                .collect().last().replaceWithVoid();
    }

    /** Inside the transaction: marks the batch's ids, then applies the new events in order; returns the counts. */
    private <T> Uni<Map<String, Integer>> applyAll(String consumer, List<Decoded<T>> events,
                                                   Function<List<Decoded<T>>, Uni<Void>> effect) {
        ConsumerRecord<String, String> first = events.get(0).record();
        return Panache.getSession().chain(session -> session.createNativeQuery(MARK, String.class)
                        .setParameter("consumer", consumer)
                        .setParameter("type", events.get(0).event().type())
                        .setParameter("topic", first.topic())
                        .setParameter("partition", first.partition())
                        .setParameter("ids", SqlParameters.list(events.stream().map(Decoded::id).toList()))
                        .setParameter("offsets", SqlParameters.list(events.stream().map(e -> e.record().offset()).toList()))
                        .getResultList())
                .chain(inserted -> {
                    Set<String> fresh = new HashSet<>(inserted);
                    // a second copy of an event in the same batch is a duplicate too
                    List<Decoded<T>> news = events.stream().filter(e -> fresh.remove(e.id().toString())).toList();
                    Map<String, Integer> counts = Map.of("applied", news.size(), "duplicate", events.size() - news.size());
                    if (news.isEmpty()) {
                        LOG.debugf("%d event(s) already applied by %s", events.size(), consumer);
                        return Uni.createFrom().item(counts);
                    }
                    return effect.apply(news).replaceWith(counts);
                });
    }

    /**
     * The handler runs in a consumer span of the producer's trace: the events it appends carry that trace on. A
     * span for several events continues the first one's trace and links the others (OpenTelemetry's batch
     * receive).
     */
    private <T> Uni<Void> traced(String consumer, List<Decoded<T>> decoded, Supplier<Uni<Void>> handler) {
        Decoded<T> first = decoded.get(0);
        SpanBuilder builder = tracer.spanBuilder(consumer + " " + first.event().type())
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(TraceContext.ofRecord(first.record(), first.event().traceparent()))
                .setAttribute("messaging.destination.name", first.record().topic());
        if (decoded.size() == 1) {
            builder.setAttribute("messaging.message.id", first.event().id());
        } else {
            builder.setAttribute("messaging.batch.message_count", (long) decoded.size());
            for (Decoded<T> other : decoded.subList(1, decoded.size())) {
                SpanContext link = Span.fromContext(TraceContext.ofRecord(other.record(), other.event().traceparent()))
                        .getSpanContext();
                if (link.isValid()) {
                    builder.addLink(link);
                }
            }
        }
        Span span = builder.startSpan();
        Scope scope = span.makeCurrent();
        Uni<Void> effect;
        try {
            effect = handler.get();
        } catch (RuntimeException e) {
            effect = Uni.createFrom().failure(e);
        }
        return effect
                .onFailure().invoke(e -> span.setStatus(StatusCode.ERROR, e.toString()))
                .onTermination().invoke(() -> {
                    scope.close();
                    span.end();
                });
    }

    private Uni<Void> deadLetter(String consumer, ConsumerRecord<String, String> record, Throwable reason) {
        LOG.errorf("Giving %s-%d@%d to the dead-letter topic for %s: %s", record.topic(), record.partition(),
                record.offset(), consumer, Transience.describe(reason));
        return deadLetters.send(consumer, record, reason).invoke(() -> count(consumer, "dead-lettered", 1));
    }

    private void count(String consumer, String outcome, int n) {
        if (n > 0) {
            counters.computeIfAbsent(consumer + "/" + outcome, k -> Counter.builder("valet.inbox.events")
                    .tag("consumer", consumer).tag("outcome", outcome).register(registry)).increment(n);
        }
    }
}
