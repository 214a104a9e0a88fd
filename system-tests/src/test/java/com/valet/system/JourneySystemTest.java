package com.valet.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.valet.devstack.AppProcess;
import com.valet.devstack.DevStack;
import com.valet.devstack.ServiceSchema;
import com.valet.devstack.Valet;
import com.valet.devstack.testing.TopicReader;
import com.valet.devstack.testing.WebhookSignature;
import com.valet.events.Topics;
import com.valet.system.GatewayClient.Reply;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.valet.system.GatewayClient.JSON;
import static com.valet.system.GatewayClient.await;
import static com.valet.system.GatewayClient.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A customer's whole journey, as clients drive it: every request through the gateway with Supabase tokens,
 * Stripe and Calendly as signed webhooks, the four services and the gateway as their packaged JVMs on one
 * PostgreSQL and one Kafka. Each step checks the state every service shows, and the events on the topics.
 */
class JourneySystemTest {
    private static final String ZIP = "78701";
    private static Platform platform;
    private static DevStack stack;
    private static PlatformProcesses apps;
    private static GatewayClient api;

    private final UUID customer = UUID.randomUUID();
    private final UUID driver = UUID.randomUUID();
    private final UUID warehouse = UUID.randomUUID();
    private String customerToken;
    private String adminToken;
    private String driverToken;
    private String warehouseToken;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = Platform.start("journey");
        stack = platform.stack;
        apps = platform.apps;
        List<AppProcess> started = apps.startAll(apps.service(ServiceSchema.INVENTORY),
                apps.service(ServiceSchema.BOOKING), apps.service(ServiceSchema.BILLING),
                apps.service(ServiceSchema.OPS), apps.gateway());
        api = new GatewayClient(started.get(4).baseUrl());
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void signUpSubscribeStoreThreeItemsAndGetTwoBack() {
        tokens();
        staffOnDuty();
        signIn();
        subscribe();
        List<String> items = catalogue("Winter coats", "Camping tent", "Road bike");

        // ---- the pickup: booked, confirmed through Calendly, collected and stored ----
        String pickup = book(map("service_type", "pickup", "pickup_item_ids", items));
        confirmThroughCalendly(pickup);
        for (String item : items) {
            awaitItem(item, "scheduled");
        }
        JsonNode pickupTask = awaitTask(pickup, "open");
        assertEquals("pickup", pickupTask.path("kind").asText());
        assertEquals(3, pickupTask.path("items_total").asInt());
        assertTrue(onBoard(pickupTask), "the pickup is on the day board");
        assertSameTrace(pickup, items);

        assign(pickupTask);
        for (String item : items) {
            scan(driverToken, item, map("to_status", "in_transit"));
        }
        for (int i = 0; i < items.size(); i++) {
            scan(warehouseToken, items.get(i), map("to_status", "stored", "location", "A-1-" + (i + 1)));
        }
        assertEquals("done", awaitTask(pickup, "done").path("status").asText());
        awaitAction(pickup, "completed");
        for (String item : items) {
            assertEquals("stored", api.get("/api/inventory/items/" + item, customerToken).expect(200)
                    .body().path("status").asText());
        }

        // ---- the redelivery: the customer finds two stored items and asks for them back ----
        JsonNode found = api.get("/api/inventory/items/search?q=tent&stored_only=true", customerToken).expect(200).body();
        assertEquals(items.get(1), firstId(found), "search finds the stored tent");
        List<String> back = List.of(items.get(1), items.get(2));
        String redelivery = book(map("service_type", "redelivery", "delivery_item_ids", back));
        Instant start = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        api.post("/api/booking/staff/actions/" + redelivery + "/confirm", adminToken,
                map("scheduled_start", start.toString(), "scheduled_end", start.plus(2, ChronoUnit.HOURS).toString()))
                .expect(200);
        awaitAction(redelivery, "confirmed");
        for (String item : back) {
            awaitItem(item, "scheduled");
        }
        JsonNode deliveryTask = awaitTask(redelivery, "open");
        assertEquals("delivery", deliveryTask.path("kind").asText());
        assertFalse(deliveryTask.path("payment_hold").asBoolean(), "a paid-up customer's delivery is not held");
        assign(deliveryTask);
        for (String item : back) {
            scan(driverToken, item, map("to_status", "in_transit"));
            scan(driverToken, item, map("to_status", "home"));
        }
        awaitTask(redelivery, "done");
        awaitAction(redelivery, "completed");
        for (String item : back) {
            assertEquals("home", api.get("/api/inventory/items/" + item, customerToken).expect(200)
                    .body().path("status").asText());
        }
        assertEquals("stored", api.get("/api/inventory/items/" + items.get(0), customerToken).expect(200)
                .body().path("status").asText(), "the coats stay on the shelf");

        // ---- what a client developer reads: every route above in one document, without a token ----
        JsonNode apiDoc = api.get("/api/openapi", null).expect(200).body();
        for (String path : List.of("/api/inventory/items", "/api/inventory/items/search", "/api/booking/actions",
                "/api/billing/subscription", "/api/ops/tasks/board", "/webhooks/stripe", "/webhooks/calendly")) {
            assertTrue(apiDoc.path("paths").has(path), "the platform's API document lists " + path);
        }
        assertFalse(apiDoc.has("x-valet-unavailable"), "every service's document was read");

        // ---- and nobody else sees any of it ----
        String stranger = stack.auth().customerToken(UUID.randomUUID(), "stranger@example.com", Duration.ofMinutes(30));
        api.get("/api/inventory/items/" + items.get(0), stranger).expect(404);
        api.get("/api/booking/actions/" + pickup, stranger).expect(404);
    }

    // ---- steps ----------------------------------------------------------------------------------------------

    private void tokens() {
        customerToken = stack.auth().customerToken(customer, "zoe@example.com", Duration.ofMinutes(30));
        adminToken = stack.auth().token(Valet.DEV_STAFF_ID, "dispatch@valet.example", List.of("admin"),
                Duration.ofMinutes(30));
        driverToken = stack.auth().token(driver, "dan@valet.example", List.of("driver"), Duration.ofMinutes(30));
        warehouseToken = stack.auth().token(warehouse, "wes@valet.example", List.of("warehouse"),
                Duration.ofMinutes(30));
    }

    /** The first admin (from configuration) fills ops' directory and opens the ZIP for service. */
    private void staffOnDuty() {
        api.post("/api/ops/staff/directory", adminToken, map("user_id", driver, "role", "driver", "full_name", "Dan Driver"))
                .expect(201);
        api.post("/api/ops/staff/directory", adminToken,
                map("user_id", warehouse, "role", "warehouse", "full_name", "Wes Warehouse")).expect(201);
        api.put("/api/booking/staff/service-areas/" + ZIP, adminToken, map("city", "Austin", "state", "TX")).expect(201);
    }

    private void signIn() {
        Reply profile = api.get("/api/booking/profile", customerToken).expect(200);
        assertEquals("zoe@example.com", profile.body().path("email").asText());
        Reply changed = api.patch("/api/booking/profile", customerToken, map("full_name", "Zoë Ramírez",
                "phone", "512-555-0100", "delivery_address",
                map("street", "1 Congress Ave", "city", "Austin", "state", "TX", "zip", ZIP)), profile.etag()).expect(200);
        assertFalse(changed.body().path("out_of_service_area").asBoolean(), "78701 is served");
        assertEquals("inactive", api.get("/api/billing/subscription", customerToken).expect(200)
                .body().path("subscription_status").asText());
    }

    /** Checkout happened at Stripe; Stripe tells billing through signed webhooks, in its order. */
    private void subscribe() {
        String stripeCustomer = "cus_" + customer.toString().replace("-", "").substring(0, 14);
        String subscription = "sub_" + customer.toString().replace("-", "").substring(0, 14);
        long now = Instant.now().getEpochSecond();
        stripe("checkout.session.completed", now - 3, "{\"id\":\"cs_test_journey\",\"object\":\"checkout.session\","
                + "\"mode\":\"subscription\",\"customer\":\"" + stripeCustomer + "\",\"subscription\":\"" + subscription
                + "\",\"client_reference_id\":\"" + customer + "\"}");
        stripe("customer.subscription.created", now - 2, "{\"id\":\"" + subscription + "\",\"object\":\"subscription\","
                + "\"customer\":\"" + stripeCustomer + "\",\"status\":\"active\",\"trial_start\":null,\"trial_end\":null,"
                + "\"metadata\":{}}");
        String invoicePaid = stripe("invoice.paid", now - 1, "{\"id\":\"in_journey\",\"object\":\"invoice\",\"customer\":\""
                + stripeCustomer + "\",\"amount_paid\":4900,\"currency\":\"usd\",\"status\":\"paid\","
                + "\"status_transitions\":{\"paid_at\":" + (now - 1) + "},\"parent\":{\"type\":\"subscription_details\","
                + "\"subscription_details\":{\"subscription\":\"" + subscription + "\"}}}");
        // Stripe retries: the same event again is acknowledged and applied once
        JsonNode billing = api.get("/api/billing/subscription", customerToken).expect(200).body();
        assertEquals("active", billing.path("subscription_status").asText());
        assertEquals(1, billing.path("ledger").size());
        assertEquals(4900, billing.path("ledger").get(0).path("amount_cents").asInt());
        redeliver(invoicePaid);
        assertEquals(1, api.get("/api/billing/subscription", customerToken).expect(200).body().path("ledger").size());

        try (TopicReader payments = TopicReader.fromStart(stack.kafka().bootstrapServers(), Topics.PAYMENT_RECEIVED)) {
            ConsumerRecord<String, String> paid = payments.await(r -> r.key().equals(customer.toString()),
                    Duration.ofSeconds(30));
            assertEquals("active", data(paid).path("subscription_status").asText());
        }
    }

    private List<String> catalogue(String... labels) {
        List<String> ids = new ArrayList<>();
        for (String label : labels) {
            Reply created = api.post("/api/inventory/items", customerToken, map("label", label,
                    "description", label + " from the hall closet", "category", "household",
                    "photo_paths", List.of(customer + "/" + label.replace(' ', '-') + ".jpg"),
                    "tags", List.of("closet"))).expect(201);
            assertTrue(created.body().path("qr_code").asText().matches("SV-\\d{4}-\\d{6}"));
            assertEquals("home", created.body().path("status").asText());
            ids.add(created.body().path("id").asText());
        }
        return ids;
    }

    /**
     * Books a visit. Booking learns the subscription (from billing) and the items (from inventory) through
     * events, so a booking made the instant after may get a 422 naming what it does not know yet; it changes
     * nothing, and the client tries again.
     */
    private String book(Map<String, Object> visit) {
        Reply booked = await("booking accepts the visit", () -> api.post("/api/booking/actions", customerToken, visit),
                reply -> reply.status() != 422);
        booked.expect(201);
        assertEquals("pending_confirmation", booked.body().path("status").asText());
        return booked.body().path("id").asText();
    }

    private void confirmThroughCalendly(String action) {
        String schedulingUrl = api.get("/api/booking/actions/" + action, customerToken).expect(200)
                .body().path("scheduling_url").asText();
        assertTrue(schedulingUrl.contains("utm_content=" + action), schedulingUrl);
        Instant start = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        byte[] body = calendlyInviteeCreated(action, start, start.plus(2, ChronoUnit.HOURS));
        String key = DevStack.devSettings(ServiceSchema.BOOKING).get("valet.calendly.webhook-signing-key");
        api.webhook("/webhooks/calendly", body, "Calendly-Webhook-Signature", WebhookSignature.signNow(body, key))
                .expect(200);
        JsonNode confirmed = api.get("/api/booking/actions/" + action, customerToken).expect(200).body();
        assertEquals("confirmed", confirmed.path("status").asText());
        assertEquals(start, Instant.parse(confirmed.path("scheduled_start").asText()));
        // Calendly retries: the same delivery, signed again, is acknowledged and confirms nothing twice
        api.webhook("/webhooks/calendly", body, "Calendly-Webhook-Signature", WebhookSignature.signNow(body, key))
                .expect(200);
        assertEquals(1, outboxEvents("booking", "booking-confirmed", action), "one booking-confirmed for one invitee");
    }

    /** Events a service's outbox holds for a key: what it announced, whether or not Kafka has it yet. */
    private static long outboxEvents(String schema, String topic, String key) {
        try (java.sql.Connection c = stack.postgres().connectAsSuperuser(DevStack.DATABASE);
             java.sql.PreparedStatement query = c.prepareStatement("SELECT count(*) FROM " + schema
                     + ".event_outbox WHERE topic = ? AND event_key = ?")) {
            query.setString(1, topic);
            query.setString(2, key);
            try (java.sql.ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void assign(JsonNode task) {
        // the task also changes as its items' moves arrive: on 412, read it again and retry, as the staff app does
        await("the task is assigned", () -> {
            Reply current = api.get("/api/ops/tasks/" + task.path("id").asText(), adminToken).expect(200);
            return api.post("/api/ops/tasks/" + task.path("id").asText() + "/assign", adminToken, map("driver_id", driver),
                    current.etag());
        }, reply -> reply.status() != 412).expect(200);
        JsonNode mine = api.get("/api/ops/tasks/mine?date=" + boardDate(task), driverToken).expect(200).body();
        assertTrue(mine.toString().contains(task.path("id").asText()), "the task is on the driver's day");
    }

    private void scan(String staffToken, String item, Map<String, Object> move) {
        api.post("/api/inventory/staff/items/" + item + "/moves", staffToken, move).expect(200);
    }

    // ---- reads and waits ------------------------------------------------------------------------------------

    private void awaitItem(String item, String status) {
        await("item " + item + " is " + status,
                () -> api.get("/api/inventory/items/" + item, customerToken).expect(200).body().path("status").asText(),
                status::equals);
    }

    private JsonNode awaitTask(String action, String status) {
        return await("the task of " + action + " is " + status, () -> {
            Reply task = api.get("/api/ops/tasks/by-action/" + action, adminToken);
            return task.status() == 200 ? task.body() : JSON.nullNode();
        }, task -> status.equals(task.path("status").asText()));
    }

    private void awaitAction(String action, String status) {
        await("action " + action + " is " + status,
                () -> api.get("/api/booking/actions/" + action, customerToken).expect(200).body().path("status").asText(),
                status::equals);
    }

    private boolean onBoard(JsonNode task) {
        return api.get("/api/ops/tasks/board?date=" + boardDate(task), adminToken).expect(200).body().toString()
                .contains(task.path("id").asText());
    }

    /** The board's day is the window's day in the company's zone (ops' valet.ops.time-zone). */
    private static String boardDate(JsonNode task) {
        return Instant.parse(task.path("window_start").asText()).atZone(java.time.ZoneId.of("America/Chicago"))
                .toLocalDate().toString();
    }

    /** One trace follows the confirmation from booking to the moves inventory made for it (decision 17). */
    private void assertSameTrace(String action, List<String> items) {
        String bootstrap = stack.kafka().bootstrapServers();
        String trace;
        try (TopicReader confirmations = TopicReader.fromStart(bootstrap, Topics.BOOKING_CONFIRMED)) {
            trace = traceId(confirmations.await(r -> r.key().equals(action), Duration.ofSeconds(30)));
        }
        for (String item : items) {
            // a reader per item: the items' records sit on different partitions, in no order between them
            try (TopicReader moves = TopicReader.fromStart(bootstrap, Topics.ITEM_MOVED)) {
                ConsumerRecord<String, String> scheduled = moves.await(r -> r.key().equals(item)
                        && "scheduled".equals(data(r).path("to_status").asText()), Duration.ofSeconds(30));
                assertEquals(trace, traceId(scheduled), "item " + item + " was scheduled in the confirmation's trace");
            }
        }
    }

    private static String traceId(ConsumerRecord<String, String> record) {
        String traceparent = cloudEvent(record).path("traceparent").asText();
        assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"), "traceparent: " + traceparent);
        return traceparent.split("-")[1];
    }

    private static JsonNode data(ConsumerRecord<String, String> record) {
        return cloudEvent(record).path("data");
    }

    private static JsonNode cloudEvent(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String firstId(JsonNode page) {
        JsonNode items = page.has("items") ? page.path("items") : page;
        return items.path(0).path("id").asText();
    }

    // ---- the SaaS side: Stripe and Calendly deliveries, signed as they sign them ------------------------------

    private final List<byte[]> sentToStripe = new ArrayList<>();

    private String stripe(String type, long created, String object) {
        String id = "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        byte[] body = ("{\"id\":\"" + id + "\",\"object\":\"event\",\"api_version\":\"2025-03-31.basil\",\"created\":"
                + created + ",\"livemode\":false,\"pending_webhooks\":1,\"type\":\"" + type + "\",\"data\":{\"object\":"
                + object + "}}").getBytes(StandardCharsets.UTF_8);
        redeliverBytes(body).expect(200);
        return id;
    }

    private void redeliver(String eventId) {
        byte[] body = sentToStripe.stream().filter(b -> new String(b, StandardCharsets.UTF_8).contains(eventId))
                .findFirst().orElseThrow();
        redeliverBytes(body).expect(200);
    }

    private Reply redeliverBytes(byte[] body) {
        sentToStripe.add(body);
        String secret = DevStack.devSettings(ServiceSchema.BILLING).get("valet.stripe.webhook-secret");
        return api.webhook("/webhooks/stripe", body, "Stripe-Signature", WebhookSignature.signNow(body, secret));
    }

    private byte[] calendlyInviteeCreated(String action, Instant start, Instant end) {
        String event = "https://api.calendly.com/scheduled_events/JOURNEY" + action.substring(0, 8).toUpperCase();
        ObjectNode root = JSON.createObjectNode();
        root.put("created_at", Instant.now().toString());
        root.put("created_by", "https://api.calendly.com/users/AAAAAAAAAAAAAAAA");
        root.put("event", "invitee.created");
        ObjectNode payload = root.putObject("payload");
        payload.put("uri", event + "/invitees/INVITEE" + action.substring(0, 8).toUpperCase());
        payload.put("event", event);
        payload.put("email", "zoe@example.com");
        payload.put("name", "Zoë Ramírez");
        payload.put("status", "active");
        payload.put("timezone", "America/Chicago");
        payload.put("rescheduled", false);
        payload.putNull("old_invitee");
        payload.putNull("new_invitee");
        payload.putNull("cancellation");
        payload.put("created_at", Instant.now().toString());
        payload.put("updated_at", Instant.now().toString());
        ObjectNode tracking = payload.putObject("tracking");
        tracking.put("utm_source", "valet-app");
        tracking.put("utm_content", action);
        ObjectNode scheduled = payload.putObject("scheduled_event");
        scheduled.put("uri", event);
        scheduled.put("name", "Valet visit");
        scheduled.put("status", "active");
        scheduled.put("start_time", start.toString());
        scheduled.put("end_time", end.toString());
        try {
            return JSON.writeValueAsBytes(root);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
