package com.valet.outbox;

import com.valet.events.Topics;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Moves a record that can never be applied to {@code <topic>.dlq}: same key, value and headers, plus why
 * ({@code dead-letter-reason}, {@code -cause}, {@code -exception}) and where it came from ({@code -topic},
 * {@code -partition}, {@code -offset}, {@code -consumer}). The send is retried until the broker takes it: the
 * consumer's offset moves past the record only once its dead letter is safe.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final EventSender sender;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    DeadLetters(EventSender sender,
                @ConfigProperty(name = "valet.inbox.initial-backoff", defaultValue = "PT0.2S") Duration initialBackoff,
                @ConfigProperty(name = "valet.inbox.max-backoff", defaultValue = "PT5S") Duration maxBackoff) {
        this.sender = sender;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    Uni<Void> send(String consumer, ConsumerRecord<String, String> record, Throwable reason) {
        RecordHeaders headers = new RecordHeaders();
        if (record.headers() != null) {
            for (Header header : record.headers()) {
                if (!header.key().startsWith("dead-letter-") && !header.key().equals(TraceContext.TRACEPARENT)) {
                    headers.add(header);
                }
            }
        }
        add(headers, "dead-letter-reason", reason.getMessage() == null ? reason.getClass().getName() : reason.getMessage());
        if (reason.getCause() != null) {
            add(headers, "dead-letter-cause", String.valueOf(reason.getCause().getMessage()));
        }
        add(headers, "dead-letter-exception", reason.getClass().getName());
        add(headers, "dead-letter-topic", record.topic());
        add(headers, "dead-letter-partition", Integer.toString(record.partition()));
        add(headers, "dead-letter-offset", Long.toString(record.offset()));
        add(headers, "dead-letter-consumer", consumer);
        Context parent = TraceContext.ofRecord(record, null);
        return Uni.createFrom().deferred(() -> sender.send(Topics.deadLetter(record.topic()), record.key(),
                        record.value(), headers, parent))
                .onFailure().invoke(e -> LOG.warnf("Dead-lettering %s-%d@%d failed, will retry: %s", record.topic(),
                        record.partition(), record.offset(), e.toString()))
                .onFailure().retry().withBackOff(initialBackoff, maxBackoff).indefinitely();
    }

    private static void add(RecordHeaders headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
