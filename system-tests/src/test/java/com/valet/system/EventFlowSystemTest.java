package com.valet.system;

import com.valet.devstack.AppProcess;
import com.valet.devstack.DevStack;
import com.valet.devstack.ServiceSchema;
import com.valet.events.Actor;
import com.valet.events.ActorRole;
import com.valet.events.CloudEvent;
import com.valet.events.EventCodec;
import com.valet.events.EventHeaders;
import com.valet.events.EventTypes;
import com.valet.events.ItemMoved;
import com.valet.events.ItemStatus;
import com.valet.events.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walking skeleton end to end, with every part real and separate: inventory-service, booking-service
 * and the gateway run as their packaged JVMs on one PostgreSQL 17 and one Kafka broker. Requests to the
 * services go through the gateway, as a client's do.
 */
class EventFlowSystemTest {
    private static final EventCodec CODEC = new EventCodec();
    private static Platform platform;
    private static DevStack stack;
    private static PlatformProcesses apps;
    private static AppProcess inventory;
    private static AppProcess booking;
    private static AppProcess gateway;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = Platform.start("system");
        stack = platform.stack;
        apps = platform.apps;
        List<AppProcess> started = apps.startAll(
                apps.service(ServiceSchema.INVENTORY), apps.service(ServiceSchema.BOOKING), apps.gateway());
        inventory = started.get(0);
        booking = started.get(1);
        gateway = started.get(2);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void anEventWrittenToInventorysOutboxIsAppliedByBookingOnceEvenWhenRedelivered() throws Exception {
        UUID itemId = UUID.randomUUID();
        CloudEvent<ItemMoved> catalogued = itemMoved(itemId, UUID.randomUUID(), null, ItemStatus.home, now());
        appendToInventoryOutbox(catalogued);

        awaitTrue(() -> "home".equals(bookingItemStatus(itemId)), "booking sees the new item");
        awaitTrue(() -> inventoryPublished(catalogued.id()), "inventory marks the event published");

        // Kafka redelivers the very same event (a relay crash before its mark, a consumer rebalance)
        republishDirectly(catalogued);
        CloudEvent<ItemMoved> scheduled = itemMoved(itemId, catalogued.data().ownerId(), ItemStatus.home,
                ItemStatus.scheduled, catalogued.data().movedAt().plusSeconds(1));
        appendToInventoryOutbox(scheduled);
        awaitTrue(() -> "scheduled".equals(bookingItemStatus(itemId)), "booking applies the next move");

        assertEquals(1, bookingProcessedCount(catalogued.id()), "the redelivered event was applied once");
    }

    @Test
    void eventsPublishedWhileBookingIsDownAreAppliedWhenItIsBack() throws Exception {
        apps.stop(booking);
        List<UUID> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            UUID itemId = UUID.randomUUID();
            items.add(itemId);
            appendToInventoryOutbox(itemMoved(itemId, UUID.randomUUID(), null, ItemStatus.home, now()));
        }
        for (UUID itemId : items) {
            awaitTrue(() -> inventoryPublishedFor(itemId), "inventory publishes while booking is down");
        }
        booking = apps.startAgain(booking);
        for (UUID itemId : items) {
            awaitTrue(() -> "home".equals(bookingItemStatus(itemId)), "booking catches up on " + itemId);
        }
    }

    @Test
    void theGatewayAcceptsASupabaseTokenAndRejectsAMissingOne() throws Exception {
        UUID user = UUID.randomUUID();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/me"))
                .header("Authorization", "Bearer " + stack.auth().customerToken(user, "eve@example.com", Duration.ofMinutes(5)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, me.statusCode(), me.body());
        assertTrue(me.body().contains(user.toString()), me.body());

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/me")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
    }

    @Test
    void throughTheGatewayACustomerReadsTheirOwnItemButNotAnothers() throws Exception {
        UUID ben = UUID.randomUUID();
        String benToken = stack.auth().customerToken(ben, "ben@example.com", Duration.ofMinutes(5));
        String anaToken = stack.auth().customerToken(UUID.randomUUID(), "ana@example.com", Duration.ofMinutes(5));
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/inventory/items"))
                .header("Authorization", "Bearer " + benToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"Winter coats\",\"description\":\"Two coats in a box\","
                        + "\"photo_paths\":[\"" + ben + "/coats.jpg\"]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("/api/inventory/items/"), "the gateway's path, not the service's: " + location);

        HttpResponse<String> own = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + location))
                .header("Authorization", "Bearer " + benToken).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, own.statusCode(), own.body());
        assertTrue(own.body().contains("Winter coats"), own.body());

        HttpResponse<String> another = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + location))
                .header("Authorization", "Bearer " + anaToken).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, another.statusCode(), "another customer's item is not found: " + another.body());

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + location)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }

    /** What inventory's domain code does: the event row, committed in the inventory schema as its role. */
    private static void appendToInventoryOutbox(CloudEvent<ItemMoved> event) throws SQLException {
        try (Connection c = connect(ServiceSchema.INVENTORY);
             PreparedStatement insert = c.prepareStatement("INSERT INTO event_outbox"
                     + " (event_id, topic, event_key, event_type, payload) VALUES (?::uuid, ?, ?, ?, ?::jsonb)")) {
            insert.setString(1, event.id());
            insert.setString(2, Topics.ITEM_MOVED);
            insert.setString(3, event.key());
            insert.setString(4, event.type());
            insert.setString(5, CODEC.encode(event));
            insert.executeUpdate();
        }
    }

    private static void republishDirectly(CloudEvent<?> event) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.ITEM_MOVED, event.key(), CODEC.encode(event));
            record.headers().add(EventHeaders.CONTENT_TYPE, EventHeaders.CLOUDEVENTS_JSON.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }

    private static String bookingItemStatus(UUID itemId) {
        return queryString(ServiceSchema.BOOKING, "SELECT status FROM customer_item WHERE item_id = ?::uuid", itemId.toString());
    }

    private static boolean inventoryPublished(String eventId) {
        return "t".equals(queryString(ServiceSchema.INVENTORY,
                "SELECT CASE WHEN published_at IS NULL THEN 'f' ELSE 't' END FROM event_outbox WHERE event_id = ?::uuid", eventId));
    }

    private static boolean inventoryPublishedFor(UUID itemId) {
        return "t".equals(queryString(ServiceSchema.INVENTORY,
                "SELECT CASE WHEN bool_and(published_at IS NOT NULL) THEN 't' ELSE 'f' END FROM event_outbox WHERE event_key = ?",
                itemId.toString()));
    }

    private static int bookingProcessedCount(String eventId) {
        return Integer.parseInt(queryString(ServiceSchema.BOOKING,
                "SELECT count(*)::text FROM processed_event WHERE event_id = ?::uuid", eventId));
    }

    private static String queryString(ServiceSchema schema, String sql, String parameter) {
        try (Connection c = connect(schema); PreparedStatement query = c.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect(ServiceSchema schema) throws SQLException {
        return stack.postgres().connect(DevStack.DATABASE, schema.role(), schema.devPassword());
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    private static CloudEvent<ItemMoved> itemMoved(UUID itemId, UUID owner, ItemStatus from, ItemStatus to, Instant at) {
        return CloudEvent.create(EventTypes.ITEM_MOVED, "/inventory-service", itemId.toString(),
                new ItemMoved(itemId, owner, "SV-2026-000777", from, to, null, new Actor(owner, ActorRole.customer), at));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
