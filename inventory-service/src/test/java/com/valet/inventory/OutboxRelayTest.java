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
