package com.valet.booking.item;

import com.valet.devstack.DevStack;
import com.valet.devstack.testing.EventPublisher;
import com.valet.devstack.testing.TopicReader;
import com.valet.events.Actor;
import com.valet.events.ActorRole;
import com.valet.events.CloudEvent;
import com.valet.events.EventCodec;
import com.valet.events.EventHeaders;
import com.valet.events.EventTypes;
import com.valet.events.InvalidEventException;
import com.valet.events.ItemMoved;
import com.valet.events.ItemStatus;
import com.valet.events.Topics;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

@QuarkusTest
class ItemMovedConsumerTest {
    private static final EventCodec CODEC = new EventCodec();
    private static EventPublisher publisher;

    @BeforeAll
    static void connect() {
        publisher = new EventPublisher(DevStack.sharedForTests().kafka().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        publisher.close();
    }

    @Test
    void aMoveCreatesThenUpdatesTheCustomersItem() throws Exception {
        UUID itemId = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        Instant t0 = now();
        send(event(itemId, owner, null, ItemStatus.home, t0));
        CustomerItem item = awaitItem(itemId, ItemStatus.home);
        assertEquals(owner, item.ownerId);

        UUID pickup = UUID.randomUUID();
        send(event(itemId, owner, ItemStatus.home, ItemStatus.scheduled, t0.plusSeconds(60), pickup));
        item = awaitItem(itemId, ItemStatus.scheduled);
        assertEquals(pickup, item.lastActionId);
    }

    @Test
    void aRedeliveredEventIsAppliedOnce() throws Exception {
        UUID itemId = UUID.randomUUID();
        CloudEvent<ItemMoved> stored = event(itemId, UUID.randomUUID(), ItemStatus.in_transit, ItemStatus.stored, now());
        send(stored);
        send(stored);
        awaitItem(itemId, ItemStatus.stored);
        // a later event proves both copies of the first were consumed before we count
        CloudEvent<ItemMoved> later = event(itemId, stored.data().ownerId(), ItemStatus.stored, ItemStatus.scheduled,
                stored.data().movedAt().plusSeconds(5));
        send(later);
        awaitItem(itemId, ItemStatus.scheduled);
        assertEquals(1L, processedCount(stored.id()));
    }

    @Test
    void aLateOlderEventDoesNotRollTheStateBack() throws Exception {
        UUID itemId = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        Instant t0 = now();
        send(event(itemId, owner, ItemStatus.in_transit, ItemStatus.stored, t0.plusSeconds(120)));
        awaitItem(itemId, ItemStatus.stored);
        CloudEvent<ItemMoved> stale = event(itemId, owner, ItemStatus.home, ItemStatus.scheduled, t0);
        send(stale);
        await().atMost(Duration.ofSeconds(20)).until(() -> processedCount(stale.id()) == 1L);
        assertEquals(ItemStatus.stored, find(itemId).status);
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicWithItsReason() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        String poison = "{\"specversion\":\"1.0\",\"not\":\"an event\"}";
        publisher.publishRaw(Topics.ITEM_MOVED, key, poison);
        ConsumerRecord<String, String> dead = awaitDeadLetter(key);
        assertEquals(poison, dead.value());
        String reason = new String(dead.headers().lastHeader(EventHeaders.DEAD_LETTER_REASON).value(),
                StandardCharsets.UTF_8);
        String expected = assertThrows(InvalidEventException.class,
                () -> CODEC.decode(poison, EventTypes.ITEM_MOVED)).getMessage();
        assertEquals(expected, reason);

        // the consumer is not stuck behind it
        UUID itemId = UUID.randomUUID();
        send(event(itemId, UUID.randomUUID(), null, ItemStatus.home, now()));
        assertNotNull(awaitItem(itemId, ItemStatus.home));
    }

    private static CloudEvent<ItemMoved> event(UUID itemId, UUID owner, ItemStatus from, ItemStatus to, Instant at) {
        return event(itemId, owner, from, to, at, null);
    }

    private static CloudEvent<ItemMoved> event(UUID itemId, UUID owner, ItemStatus from, ItemStatus to, Instant at,
                                               UUID actionId) {
        return CloudEvent.create(EventTypes.ITEM_MOVED, "/inventory-service", itemId.toString(),
                new ItemMoved(itemId, owner, "SV-2026-000123", from, to, actionId,
                        new Actor(UUID.randomUUID(), ActorRole.warehouse), at));
    }

    private static void send(CloudEvent<?> event) {
        publisher.publish(event, Topics.ITEM_MOVED);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static CustomerItem awaitItem(UUID itemId, ItemStatus status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            CustomerItem item = find(itemId);
            return item != null && item.status == status;
        });
        return find(itemId);
    }

    private static CustomerItem find(UUID itemId) {
        return onVertx(() -> Panache.withSession(() -> CustomerItem.findById(itemId)));
    }

    private static long processedCount(String eventId) {
        return onVertx(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s
                .createNativeQuery("SELECT count(*) FROM processed_event WHERE consumer = :c AND event_id = :id", Long.class)
                .setParameter("c", ItemMovedConsumer.CONSUMER)
                .setParameter("id", UUID.fromString(eventId))
                .getSingleResult())));
    }

    private static <T> T onVertx(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static ConsumerRecord<String, String> awaitDeadLetter(String key) {
        try (TopicReader deadLetters = TopicReader.fromStart(DevStack.sharedForTests().kafka().bootstrapServers(),
                Topics.deadLetter(Topics.ITEM_MOVED))) {
            return deadLetters.await(r -> key.equals(r.key()), Duration.ofSeconds(30));
        }
    }
}
