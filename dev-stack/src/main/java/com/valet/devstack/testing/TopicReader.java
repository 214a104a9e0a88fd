package com.valet.devstack.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads a topic from its first offset, for tests. No consumer group: after a broker restart a fresh
 * group can wait a whole session timeout for its partitions, an assignment does not.
 */
public final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    /** Polled but not yet looked at: a match returns mid-batch, the rest is for the next call. */
    private final Deque<ConsumerRecord<String, String>> unread = new ArrayDeque<>();

    private TopicReader(KafkaConsumer<String, String> consumer) {
        this.consumer = consumer;
    }

    public static TopicReader fromStart(String bootstrapServers, String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return new TopicReader(consumer);
    }

    /** The first record, from where reading stopped last, that matches; fails the test after the timeout. */
    public ConsumerRecord<String, String> await(Predicate<ConsumerRecord<String, String>> match, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            while (!unread.isEmpty()) {
                ConsumerRecord<String, String> record = unread.poll();
                if (match.test(record)) {
                    return record;
                }
            }
            consumer.poll(Duration.ofMillis(300)).forEach(unread::add);
        }
        throw new AssertionError("no matching record within " + timeout.toSeconds() + " s");
    }

    @Override
    public void close() {
        consumer.close();
    }
}
