package com.valet.outbox;

import com.valet.events.EventHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes committed outbox rows to Kafka and marks them published once the broker acknowledged them.
 * <ul>
 *   <li><b>Wakes on commit</b>: a statement trigger on {@code event_outbox} sends {@code NOTIFY outbox_<schema>},
 *       which PostgreSQL delivers when the appending transaction commits, to every instance's
 *       {@link OutboxListener} (this one's too); a slow poll ({@code valet.outbox.poll-interval}) catches anything
 *       a lost listener connection missed.</li>
 *   <li><b>One relay at a time</b>: each batch runs in a transaction that holds a per-schema advisory lock, so
 *       among the instances of a service one relays at a time; when it dies its lock goes with its connection and
 *       the next notification or poll of another instance takes over.</li>
 *   <li><b>Pipelined, ordered per key</b>: the rows of a batch are sent at once, except that the rows of one key
 *       are chained (each waits for the previous one's ack), so a key's events reach its partition in order even
 *       when a send fails.</li>
 *   <li><b>No head-of-line blocking</b>: a row that fails gets {@code attempts}, {@code last_error} and a
 *       {@code next_attempt_at} with backoff; later rows of its key wait behind it, other keys flow. After
 *       {@code valet.outbox.max-attempts} failures in passes where other rows were published (so the broker
 *       works and the row is the problem), it is parked ({@code parked_at}): counted in
 *       {@code valet_outbox_parked}, retried only when an operator says so (docs/operations.md).</li>
 * </ul>
 * A crash between the ack and the mark re-publishes the rows: delivery is at-least-once, and consumers dedupe on
 * the event id.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String LOCK = "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.event_outbox'))";
    // Due rows in seq order, minus those queued behind an earlier row of their key that failed and is waiting
    // (or parked): that row must go first. The anti-join reads only the small index of failed rows.
    private static final String PENDING = "SELECT o.seq, o.topic, o.event_key, o.payload::text AS payload,"
            + " o.payload->>'traceparent' AS traceparent, o.attempts FROM event_outbox o"
            + " WHERE o.published_at IS NULL AND o.parked_at IS NULL"
            + " AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= now())"
            + " AND NOT EXISTS (SELECT 1 FROM event_outbox b WHERE b.published_at IS NULL AND b.attempts > 0"
            + " AND b.topic = o.topic AND b.event_key = o.event_key AND b.seq < o.seq"
            + " AND (b.parked_at IS NOT NULL OR b.next_attempt_at > now()))"
            + " ORDER BY o.seq LIMIT $1";
    private static final String MARK = "UPDATE event_outbox SET published_at = now(), attempts = attempts + 1,"
            + " next_attempt_at = NULL WHERE seq = ANY($1)";
    // $3: each row's backoff in seconds (backoff(attempts)); $4: whether this pass published other rows (the
    // broker works, so the failure is the row's own)
    private static final String FAILED = "UPDATE event_outbox o SET attempts = o.attempts + 1, last_error = f.error,"
            + " next_attempt_at = now() + make_interval(secs => f.delay),"
            + " parked_at = CASE WHEN $4 AND o.attempts + 1 >= $5 THEN now() END"
            + " FROM unnest($1::bigint[], $2::text[], $3::float8[]) AS f(seq, error, delay) WHERE o.seq = f.seq";
    private static final String PARKED = "SELECT count(*) FROM event_outbox"
            + " WHERE published_at IS NULL AND attempts > 0 AND parked_at IS NOT NULL";

    private final Pool pool;
    private final Vertx vertx;
    private final EventSender sender;
    private final boolean enabled;
    private final int batchSize;
    private final int maxAttempts;
    private final Duration pollInterval;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration ackTimeout;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final AtomicLong parked = new AtomicLong();
    private volatile Instant parkedCountedAt = Instant.EPOCH;
    private volatile boolean stopped;
    private long timerId = -1;
    private final Counter published;
    private final Counter failures;

    OutboxRelay(Pool pool, Vertx vertx, EventSender sender,
                @ConfigProperty(name = "valet.outbox.relay.enabled", defaultValue = "true") boolean enabled,
                @ConfigProperty(name = "valet.outbox.batch-size", defaultValue = "500") int batchSize,
                @ConfigProperty(name = "valet.outbox.max-attempts", defaultValue = "8") int maxAttempts,
                @ConfigProperty(name = "valet.outbox.poll-interval", defaultValue = "PT2S") Duration pollInterval,
                @ConfigProperty(name = "valet.outbox.initial-backoff", defaultValue = "PT0.5S") Duration initialBackoff,
                @ConfigProperty(name = "valet.outbox.max-backoff", defaultValue = "PT1M") Duration maxBackoff,
                @ConfigProperty(name = "valet.outbox.ack-timeout", defaultValue = "PT5S") Duration ackTimeout,
                MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.sender = sender;
        this.enabled = enabled;
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
        this.pollInterval = pollInterval;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.ackTimeout = ackTimeout;
        this.published = Counter.builder("valet.outbox.published")
                .description("Events the outbox relay published to Kafka").register(registry);
        this.failures = Counter.builder("valet.outbox.publish.failures")
                .description("Sends of outbox rows that failed and will be retried (or parked)").register(registry);
        Gauge.builder("valet.outbox.parked", parked, AtomicLong::get)
                .description("Outbox rows parked after repeated failures: they wait for an operator").register(registry);
    }

    public boolean isEnabled() {
        return enabled;
    }

    void start(@Observes StartupEvent startup) {
        if (enabled) {
            timerId = vertx.setPeriodic(pollInterval.toMillis(), ignored -> {
                wake();
                countParked();
            });
            wake();
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopped = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /**
     * Asks for a relay pass: starts one now, or, when one is running, one more right after it, so that rows
     * committed while a pass ran are not left for the poll.
     */
    public void wake() {
        if (!enabled || stopped) {
            return;
        }
        wanted.set(true);
        if (running.compareAndSet(false, true)) {
            pass();
        }
    }

    private void pass() {
        wanted.set(false);
        relayPending()
                .onFailure().invoke(e -> LOG.warnf("Outbox relay failed, retrying on the next wake-up or poll: %s",
                        Transience.describe(e)))
                .onFailure().recoverWithItem(0)
                .subscribe().with(sent -> {
                    if (parkedCountedAt == Instant.EPOCH) {
                        countParked();
                    }
                    running.set(false);
                    if (wanted.get() && !stopped && running.compareAndSet(false, true)) {
                        pass();
                    }
                });
    }

    /** Publishes everything due, batch after batch; returns how many events went out. */
    private Uni<Integer> relayPending() {
        return relayBatch().chain(result -> result.full()
                ? relayPending().map(more -> result.published() + more)
                : Uni.createFrom().item(result.published()));
    }

    private record BatchResult(int published, boolean full) {
    }

    private Uni<BatchResult> relayBatch() {
        return pool.withTransaction(conn -> conn.query(LOCK).execute()
                .chain(lock -> lock.iterator().next().getBoolean(0)
                        ? conn.preparedQuery(PENDING).execute(Tuple.of(batchSize)).chain(rows -> publish(conn, rows))
                        : Uni.createFrom().item(new BatchResult(0, false))));
    }

    private record Pending(long seq, String topic, String key, String payload, String traceparent, int attempts) {
    }

    private record Failure(long seq, String error, int attempts) {
    }

    private Uni<BatchResult> publish(SqlConnection conn, Iterable<Row> rows) {
        Map<String, List<Pending>> byKey = new LinkedHashMap<>();
        int count = 0;
        for (Row row : rows) {
            Pending pending = new Pending(row.getLong("seq"), row.getString("topic"), row.getString("event_key"),
                    row.getString("payload"), row.getString("traceparent"), row.getInteger("attempts"));
            byKey.computeIfAbsent(pending.topic() + '\u0000' + pending.key(), k -> new ArrayList<>()).add(pending);
            count++;
        }
        if (count == 0) {
            return Uni.createFrom().item(new BatchResult(0, false));
        }
        boolean full = count >= batchSize;
        InFlight batch = new InFlight();
        List<Uni<Void>> chains = new ArrayList<>(byKey.size());
        for (List<Pending> key : byKey.values()) {
            chains.add(sendInOrder(key, 0, batch));
        }
        // Acks arrive on the producer's thread; the connection belongs to the context that opened it.
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        return Uni.join().all(chains).andCollectFailures().replaceWithVoid()
                // a send that hangs (a deleted topic the producer retries) must not hold the other keys' marks
                .ifNoItem().after(ackTimeout).recoverWithItem((Void) null)
                .emitOn(task -> {
                    if (context == null) {
                        task.run();
                    } else {
                        context.runOnContext(ignored -> task.run());
                    }
                })
                .chain(() -> {
                    Outcome outcome = batch.close(ackTimeout);
                    List<Long> sent = outcome.sent();
                    List<Failure> failed = outcome.failed();
                    return (sent.isEmpty() ? Uni.createFrom().voidItem()
                            : conn.preparedQuery(MARK).execute(Tuple.of(sent.toArray(new Long[0]))).replaceWithVoid())
                            .chain(() -> failed.isEmpty() ? Uni.createFrom().voidItem()
                                    : recordFailures(conn, failed, !sent.isEmpty()))
                            .invoke(() -> published.increment(sent.size()))
                            // a batch with failures is not chained on at once: its failed rows wait for their backoff
                            .map(ignored -> new BatchResult(sent.size(), full && failed.isEmpty()));
                });
    }

    /**
     * The rows of one pass: started, acked, failed. Once the pass stops waiting it is closed: what was acked by then
     * is marked published, and a row started but neither acked nor failed counts as failed. One lock, so an ack
     * arriving while the pass closes lands on one side only.
     */
    private static final class InFlight {
        private final Map<Long, Pending> started = new LinkedHashMap<>();
        private final List<Long> sent = new ArrayList<>();
        private final List<Failure> failed = new ArrayList<>();
        private boolean closed;

        synchronized boolean start(Pending row) {
            if (!closed) {
                started.put(row.seq(), row);
            }
            return !closed;
        }

        synchronized void acked(Pending row) {
            if (!closed && started.remove(row.seq()) != null) {
                sent.add(row.seq());
            }
        }

        synchronized void failed(Pending row, String error) {
            if (!closed && started.remove(row.seq()) != null) {
                failed.add(new Failure(row.seq(), error, row.attempts()));
            }
        }

        synchronized Outcome close(Duration waited) {
            closed = true;
            for (Pending row : started.values()) {
                failed.add(new Failure(row.seq(), "no acknowledgement from Kafka within " + waited, row.attempts()));
            }
            return new Outcome(List.copyOf(sent), List.copyOf(failed));
        }
    }

    private record Outcome(List<Long> sent, List<Failure> failed) {
    }

    /** Sends a key's rows one after the other; the first failure stops the key (its later rows wait). */
    private Uni<Void> sendInOrder(List<Pending> rows, int index, InFlight batch) {
        if (index == rows.size()) {
            return Uni.createFrom().voidItem();
        }
        Pending row = rows.get(index);
        return Uni.createFrom().deferred(() -> batch.start(row) ? send(row).replaceWith(true) : Uni.createFrom().item(false))
                .onItem().transformToUni(started -> {
                    if (!started) {
                        return Uni.createFrom().voidItem();
                    }
                    batch.acked(row);
                    return sendInOrder(rows, index + 1, batch);
                })
                .onFailure().recoverWithItem(e -> {
                    failures.increment();
                    batch.failed(row, Transience.describe(e));
                    LOG.warnf("Publishing outbox row %d to %s failed (%d later row(s) of its key wait): %s", row.seq(),
                            row.topic(), rows.size() - index - 1, Transience.describe(e));
                    return null;
                });
    }

    private Uni<Void> send(Pending row) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventHeaders.CONTENT_TYPE, EventHeaders.CLOUDEVENTS_JSON.getBytes(StandardCharsets.UTF_8));
        return sender.send(row.topic(), row.key(), row.payload(), headers, TraceContext.fromTraceparent(row.traceparent()));
    }

    private Uni<Void> recordFailures(SqlConnection conn, List<Failure> failed, boolean brokerWorks) {
        List<Long> seqs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<Double> delays = new ArrayList<>();
        for (Failure failure : failed) {
            seqs.add(failure.seq());
            errors.add(failure.error());
            delays.add(backoff(failure.attempts()).toMillis() / 1000.0);
        }
        Duration soonest = backoff(failed.stream().mapToInt(Failure::attempts).min().orElse(0));
        return conn.preparedQuery(FAILED).execute(Tuple.of(seqs.toArray(new Long[0]), errors.toArray(new String[0]),
                        delays.toArray(new Double[0]), brokerWorks, maxAttempts))
                .invoke(updated -> {
                    parkedCountedAt = Instant.EPOCH;
                    // the poll is only a fallback: come back when the first failed row is due again
                    vertx.setTimer(soonest.toMillis() + 10, ignored -> wake());
                })
                .replaceWithVoid();
    }

    /** The wait before a row that failed after {@code attempts} earlier tries is due again. */
    private Duration backoff(int attempts) {
        double seconds = initialBackoff.toMillis() / 1000.0 * Math.pow(2, Math.min(attempts, 30));
        return Duration.ofMillis((long) (Math.min(seconds, maxBackoff.toMillis() / 1000.0) * 1000));
    }

    /** Refreshes the parked-rows gauge: at most every 15 s, and after a pass that recorded failures. */
    private void countParked() {
        if (Duration.between(parkedCountedAt, Instant.now()).toSeconds() < 15) {
            return;
        }
        parkedCountedAt = Instant.now();
        pool.query(PARKED).execute()
                .subscribe().with(rows -> parked.set(rows.iterator().next().getLong(0)),
                        e -> LOG.debugf("Counting parked outbox rows failed: %s", e));
    }
}
