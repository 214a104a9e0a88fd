package com.valet.inventory;

import com.valet.devstack.DevStack;
import com.valet.devstack.testing.TopicReader;
import com.valet.events.Actor;
import com.valet.events.ActorRole;
import com.valet.events.CloudEvent;
import com.valet.events.EventCodec;
import com.valet.events.EventHeaders;
import com.valet.events.EventTypes;
import com.valet.events.ItemMoved;
import com.valet.events.ItemStatus;
import com.valet.events.Topics;
import com.valet.outbox.Outbox;
import com.valet.outbox.OutboxEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class OutboxRelayTest {
    private final EventCodec codec = new EventCodec();
    private TopicReader itemMoved;

    @Inject
    Outbox outbox;

    @BeforeEach
    void readFromStart() {
        itemMoved = TopicReader.fromStart(DevStack.sharedForTests().kafka().bootstrapServers(), Topics.ITEM_MOVED);
    }

    @AfterEach
    void close() {
        itemMoved.close();
    }

    @Test
    void aCommittedEventIsPublishedOnceWithItsKeyAndContentType() throws Throwable {
        UUID itemId = UUID.randomUUID();
        CloudEvent<ItemMoved> event = inTransaction(() -> outbox.append(EventTypes.ITEM_MOVED, itemId.toString(),
                moved(itemId, ItemStatus.scheduled, ItemStatus.in_transit)));

        ConsumerRecord<String, String> record = awaitRecord(event.id());
        assertEquals(itemId.toString(), record.key());
        assertEquals(EventHeaders.CLOUDEVENTS_JSON,
                new String(record.headers().lastHeader(EventHeaders.CONTENT_TYPE).value(), StandardCharsets.UTF_8));
        assertEquals(event, codec.decode(record.value(), EventTypes.ITEM_MOVED));
        assertEquals("/inventory-service", event.source());

        OutboxEvent row = findRow(event.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> findRow(event.id()).publishedAt != null);
        assertEquals(1, findRow(event.id()).attempts);
        assertEquals(Topics.ITEM_MOVED, row.topic);
    }

    @Test
    void aRolledBackTransactionLeavesNoEvent() {
        UUID itemId = UUID.randomUUID();
        List<String> appended = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> inTransaction(() ->
                outbox.append(EventTypes.ITEM_MOVED, itemId.toString(), moved(itemId, ItemStatus.home, ItemStatus.scheduled))
                        .invoke(e -> appended.add(e.id()))
                        .chain(e -> Uni.createFrom().failure(new IllegalStateException("the state change failed")))));
        assertEquals(1, appended.size());
        assertNull(findRow(appended.get(0)));
    }

    @Test
    void appendingOutsideATransactionIsRefused() {
        UUID itemId = UUID.randomUUID();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () ->
                VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> outbox.append(
                        EventTypes.ITEM_MOVED, itemId.toString(), moved(itemId, ItemStatus.home, ItemStatus.scheduled)))));
        assertTrue(refused.getMessage().contains("transaction"), refused.getMessage());
    }

    @Test
    void eventsAcceptedWhileKafkaIsDownArePublishedWhenItIsBack() throws Throwable {
        DevStack stack = DevStack.sharedForTests();
        UUID itemId = UUID.randomUUID();
        stack.kafka().stop();
        CloudEvent<ItemMoved> event;
        try {
            event = inTransaction(() -> outbox.append(EventTypes.ITEM_MOVED, itemId.toString(),
                    moved(itemId, ItemStatus.in_transit, ItemStatus.stored)));
            // the state change is accepted and kept while the broker is away
            assertNotNull(findRow(event.id()));
            assertNull(findRow(event.id()).publishedAt);
        } finally {
            stack.kafka().start();
        }
        assertEquals(event, codec.decode(awaitRecord(event.id()).value(), EventTypes.ITEM_MOVED));
    }

    /**
     * A topic deleted under the relay: its rows fail, get attempts and last_error, and are parked after
     * {@code valet.outbox.max-attempts} failures while other events keep flowing; a later row of the same key
     * waits behind the parked one. The runbook's retry (recreate the topic, clear parked_at) publishes both, in
     * order.
     */
    @Test
    void aTopicDeletedUnderTheRelayParksItsRowWhileOtherKeysFlowAndTheRunbookRetryPublishesInOrder() throws Throwable {
        DevStack stack = DevStack.sharedForTests();
        String victim = "relay-victim-" + UUID.randomUUID().toString().substring(0, 8);
        stack.kafka().createTopics(List.of(victim), 1);
        String key = UUID.randomUUID().toString();
        UUID before = insertRow(victim, key);
        await().atMost(Duration.ofSeconds(30)).until(() -> findRow(before.toString()).publishedAt != null);

        try (var admin = stack.kafka().admin()) {
            admin.deleteTopics(List.of(victim)).all().get();
        }
        UUID parkedRow = insertRow(victim, key);
        UUID waiting = insertRow(victim, key);
        // other keys flow meanwhile: each is published while the victim's row fails and is parked
        Instant deadline = Instant.now().plusSeconds(90);
        while (findRow(parkedRow.toString()).parkedAt == null) {
            assertTrue(Instant.now().isBefore(deadline), "the row to a deleted topic is parked");
            UUID other = UUID.randomUUID();
            CloudEvent<ItemMoved> flowing = inTransaction(() -> outbox.append(EventTypes.ITEM_MOVED, other.toString(),
                    moved(other, ItemStatus.stored, ItemStatus.scheduled)));
            awaitRecord(flowing.id());
        }
        OutboxEvent parked = findRow(parkedRow.toString());
        assertNull(parked.publishedAt);
        assertTrue(parked.attempts >= 3, "attempts are counted: " + parked.attempts);
        assertNotNull(parked.lastError, "the last error is kept");
        OutboxEvent behind = findRow(waiting.toString());
        assertNull(behind.publishedAt, "a later row of the parked row's key waits behind it");
        assertEquals(0, behind.attempts, "and is not even tried");
        await().atMost(Duration.ofSeconds(30)).until(() -> metric("valet_outbox_parked") >= 1);

        // the runbook: recreate the topic, then give the parked rows their attempts back
        stack.kafka().createTopics(List.of(victim), 1);
        inTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                "UPDATE event_outbox SET parked_at = NULL, next_attempt_at = NULL, attempts = 0"
                        + " WHERE parked_at IS NOT NULL AND published_at IS NULL AND topic = :topic")
                .setParameter("topic", victim).executeUpdate()));
        await().atMost(Duration.ofSeconds(60)).until(() -> findRow(waiting.toString()).publishedAt != null);
        assertNotNull(findRow(parkedRow.toString()).publishedAt);
        // the first of the two that the recreated topic holds is the parked row's event (a copy the producer was
        // still retrying when the topic came back may follow later: consumers skip it by its id)
        try (TopicReader recreated = TopicReader.fromStart(stack.kafka().bootstrapServers(), victim)) {
            ConsumerRecord<String, String> first = recreated.await(r -> r.value().contains(parkedRow.toString())
                    || r.value().contains(waiting.toString()), Duration.ofSeconds(30));
            assertTrue(first.value().contains(parkedRow.toString()), "the parked row's event comes first: " + first.value());
        }
    }

    /** A raw outbox row, as Outbox.append writes it, for a topic of the test's choosing. */
    private static UUID insertRow(String topic, String key) throws Throwable {
        UUID id = UUID.randomUUID();
        inTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "INSERT INTO event_outbox (event_id, topic, event_key, event_type, payload)"
                                + " VALUES (:id, :topic, :key, 'com.valet.test', CAST(CAST(:payload AS text) AS jsonb))")
                .setParameter("id", id).setParameter("topic", topic).setParameter("key", key)
                .setParameter("payload", "{\"id\":\"" + id + "\"}")
                .executeUpdate()));
        return id;
    }

    private static double metric(String name) {
        String body = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(-1);
    }

    private ConsumerRecord<String, String> awaitRecord(String eventId) {
        return itemMoved.await(r -> r.value().contains(eventId), Duration.ofSeconds(60));
    }

    private static <T> T inTransaction(java.util.function.Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work));
    }

    private static OutboxEvent findRow(String eventId) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() ->
                    OutboxEvent.<OutboxEvent>find("eventId", UUID.fromString(eventId)).firstResult()));
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static ItemMoved moved(UUID itemId, ItemStatus from, ItemStatus to) {
        return new ItemMoved(itemId, UUID.randomUUID(), "SV-2026-000042", from, to, null,
                new Actor(UUID.randomUUID(), ActorRole.warehouse), Instant.now().truncatedTo(ChronoUnit.MICROS));
    }
}
