package com.valet.devstack.testing;

import com.valet.events.CloudEvent;
import com.valet.events.EventCodec;
import com.valet.events.EventHeaders;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Publishes events for tests exactly as the outbox relay does: structured-mode CloudEvents, keyed by subject. */
public final class EventPublisher implements AutoCloseable {
    private static final EventCodec CODEC = new EventCodec();
    private final KafkaProducer<String, String> producer;

    public EventPublisher(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    /** Sends the event to its type's topic and waits for the broker's acknowledgement. */
    public void publish(CloudEvent<?> event, String topic) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.key(), CODEC.encode(event));
        record.headers().add(EventHeaders.CONTENT_TYPE, EventHeaders.CLOUDEVENTS_JSON.getBytes(StandardCharsets.UTF_8));
        send(record);
    }

    /** Sends a raw value, e.g. a poison record that is not an event at all. */
    public void publishRaw(String topic, String key, String value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    /**
     * Sends raw values with one key back to back and then waits for all: they travel in one produce request, so a
     * consumer polls them in one batch.
     */
    public void publishRawTogether(String topic, String key, java.util.List<String> values) {
        java.util.List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
        for (String value : values) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            record.headers().add(EventHeaders.CONTENT_TYPE, EventHeaders.CLOUDEVENTS_JSON.getBytes(StandardCharsets.UTF_8));
            sent.add(producer.send(record));
        }
        for (java.util.concurrent.Future<?> future : sent) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("could not publish to " + topic, e.getCause());
            }
        }
    }

    private void send(ProducerRecord<String, String> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
