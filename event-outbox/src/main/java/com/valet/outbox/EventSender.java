package com.valet.outbox;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * The app's one Kafka producer (channel {@code event-outbox}): the relay publishes events through it and the
 * inbox dead-letters poison records through it, so an app holds one producer, one sending thread and one set
 * of buffers, whatever the number of topics it consumes.
 */
@ApplicationScoped
public class EventSender {
    private final MutinyEmitter<String> emitter;

    EventSender(@Channel("event-outbox") MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    /**
     * Sends one record and completes when the broker acknowledged it. The connector's tracing starts the
     * producer span as a child of {@code parent} and writes its {@code traceparent} header.
     */
    Uni<Void> send(String topic, String key, String value, Headers headers, io.opentelemetry.context.Context parent) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(key)
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(value, Metadata.of(metadata, TracingMetadata.withCurrent(parent))));
    }
}
