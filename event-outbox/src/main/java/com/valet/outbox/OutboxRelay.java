package com.valet.outbox;

import com.valet.events.EventHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes committed outbox rows to Kafka in {@code seq} order and marks them published once the broker
 * acknowledged them. A transaction-scoped advisory lock (one per schema) lets only one replica of a
 * service relay at a time, which keeps each aggregate's events in order. A crash between the ack and the
 * mark re-publishes the rows: delivery is at-least-once, and consumers dedupe on the event id.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String LOCK = "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.event_outbox'))";
    private static final String PENDING = "SELECT seq, topic, event_key, payload::text AS payload,"
            + " payload->>'traceparent' AS traceparent FROM event_outbox"
            + " WHERE published_at IS NULL ORDER BY seq LIMIT $1";
    private static final String MARK = "UPDATE event_outbox SET published_at = now(), attempts = attempts + 1"
            + " WHERE seq = ANY($1)";
    private static final String PURGE = "DELETE FROM event_outbox WHERE published_at < now() - make_interval(secs => $1)";

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final int batchSize;
    private final Duration retention;
    private final Duration pollInterval;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timerId;
    private final Counter published;
    private final Counter failures;

    OutboxRelay(Pool pool,
                @Channel("event-outbox") MutinyEmitter<String> emitter,
                @ConfigProperty(name = "valet.outbox.batch-size", defaultValue = "200") int batchSize,
                @ConfigProperty(name = "valet.outbox.retention", defaultValue = "P7D") Duration retention,
                @ConfigProperty(name = "valet.outbox.poll-interval", defaultValue = "PT0.2S") Duration pollInterval,
                MeterRegistry registry) {
        this.pool = pool;
        this.emitter = emitter;
        this.batchSize = batchSize;
        this.retention = retention;
        this.pollInterval = pollInterval;
        this.published = Counter.builder("valet.outbox.published")
                .description("Events the outbox relay published to Kafka").register(registry);
        this.failures = Counter.builder("valet.outbox.publish.failures")
                .description("Relay batches that failed and will be retried").register(registry);
    }

    /** Polls on a Vert.x timer: the scheduler's one-second floor would add a second to every event. */
    void startPolling(@Observes StartupEvent startup, Vertx vertx) {
        timerId = vertx.setPeriodic(pollInterval.toMillis(), ignored -> tick());
    }

    void stopPolling(@Observes ShutdownEvent shutdown, Vertx vertx) {
        vertx.cancelTimer(timerId);
    }

    private void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        relayPending()
                .onFailure().invoke(e -> {
                    failures.increment();
                    LOG.warnf("Outbox relay failed, retrying on the next tick: %s", e.toString());
                })
                .onTermination().invoke(() -> running.set(false))
                .subscribe().with(sent -> { }, failure -> { });
    }

    @Scheduled(every = "1h", delay = 1, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgePublished() {
        return pool.preparedQuery(PURGE).execute(Tuple.of((double) retention.toSeconds()))
                .onFailure().invoke(e -> LOG.warnf("Outbox purge failed: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Publishes everything pending, batch after batch; returns how many events went out. */
    public Uni<Integer> relayPending() {
        return relayBatch().chain(sent -> sent < batchSize
                ? Uni.createFrom().item(sent)
                : relayPending().map(more -> sent + more));
    }

    private Uni<Integer> relayBatch() {
        Context context = Vertx.currentContext();
        return pool.withTransaction(conn -> conn.query(LOCK).execute()
                .chain(lock -> lock.iterator().next().getBoolean(0)
                        ? conn.preparedQuery(PENDING).execute(Tuple.of(batchSize))
                                .chain(rows -> publish(conn, rows, context))
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publish(SqlConnection conn, Iterable<Row> rows, Context context) {
        List<Uni<Void>> sends = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        for (Row row : rows) {
            seqs.add(row.getLong("seq"));
            sends.add(send(row.getString("topic"), row.getString("event_key"), row.getString("payload"),
                    row.getString("traceparent")));
        }
        if (seqs.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        // Subscribed in seq order, so the producer keeps each key's order on its partition.
        return Uni.join().all(sends).andFailFast()
                .emitOn(onContext(context))
                .chain(acked -> conn.preparedQuery(MARK).execute(Tuple.of(seqs.toArray(new Long[0]))))
                .invoke(() -> published.increment(seqs.size()))
                .replaceWith(seqs.size());
    }

    /**
     * The connector's tracing starts the producer span as a child of the stored trace context and writes its
     * {@code traceparent} header, so consumers continue the request's trace, not the relay's timer.
     */
    private Uni<Void> send(String topic, String key, String payload, String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventHeaders.CONTENT_TYPE, EventHeaders.CLOUDEVENTS_JSON.getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(key)
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(payload,
                Metadata.of(metadata, TracingMetadata.withCurrent(TraceContext.fromTraceparent(traceparent)))));
    }

    /** Kafka acks arrive on the producer thread; the SQL connection belongs to the Vert.x context. */
    private static Executor onContext(Context context) {
        return context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
    }
}
