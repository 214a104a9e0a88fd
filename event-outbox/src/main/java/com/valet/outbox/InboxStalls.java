package com.valet.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consumers' partitions that are retrying a transient failure (the database away, a deadlock): they are
 * paused until their batch applies. Shown as the gauge {@code valet_inbox_stalled_seconds{consumer,partition}}
 * (how long the stall lasts, 0 when flowing) and in readiness ({@link InboxReadiness}).
 */
@ApplicationScoped
public class InboxStalls {
    record Stall(Instant since, String lastError) {
    }

    private final Map<String, Stall> stalls = new ConcurrentHashMap<>();
    private final Set<String> gauges = ConcurrentHashMap.newKeySet();
    private final MeterRegistry registry;

    InboxStalls(MeterRegistry registry) {
        this.registry = registry;
    }

    void stalled(String consumer, TopicPartition partition, Throwable failure) {
        String key = key(consumer, partition);
        if (gauges.add(key)) {
            Gauge.builder("valet.inbox.stalled.seconds", this, self -> self.secondsStalled(key))
                    .description("How long this consumer's partition has been retrying a transient failure (0: flowing)")
                    .tag("consumer", consumer)
                    .tag("partition", partition.toString())
                    .register(registry);
        }
        stalls.compute(key, (k, known) -> new Stall(known == null ? Instant.now() : known.since(),
                Transience.describe(failure)));
    }

    void flowing(String consumer, TopicPartition partition) {
        if (!stalls.isEmpty()) {
            stalls.remove(key(consumer, partition));
        }
    }

    /** The stalled consumers' partitions, with when the stall began and the last error. */
    Map<String, Stall> current() {
        return Map.copyOf(stalls);
    }

    private static String key(String consumer, TopicPartition partition) {
        return consumer + " " + partition;
    }

    private double secondsStalled(String key) {
        Stall stall = stalls.get(key);
        return stall == null ? 0 : Duration.between(stall.since(), Instant.now()).toMillis() / 1000.0;
    }
}
