package com.valet.billing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.valet.billing.subscription.BillingCustomer;
import com.valet.devstack.DevStack;
import com.valet.events.EventCodec;
import com.valet.events.EventType;
import com.valet.outbox.OutboxEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.ValidatableResponse;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.ConfigProvider;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;

/** Tokens, Stripe-signed deliveries, the Stripe stub's recorded requests and direct reads of billing's tables. */
public final class BillingFixtures {
    public static final String PROBLEM = "application/problem+json";
    private static final EventCodec CODEC = new EventCodec();
    private static final ObjectMapper JSON = new ObjectMapper();

    private BillingFixtures() {
    }

    public static String token(UUID user) {
        return DevStack.sharedForTests().auth().customerToken(user, user + "@example.com", Duration.ofMinutes(10));
    }

    public static String staffToken(String role) {
        UUID staff = UUID.randomUUID();
        return DevStack.sharedForTests().auth().token(staff, staff + "@valet.example", List.of(role),
                Duration.ofMinutes(10));
    }

    public static String secret() {
        return ConfigProvider.getConfig().getValue("valet.stripe.webhook-secret", String.class);
    }

    /** {@code Stripe-Signature} exactly as Stripe computes it: t=<unix>,v1=hex(HMAC-SHA256(secret, "t.payload")). */
    public static String signature(byte[] payload, long timestamp, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac.doFinal(payload));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Stripe event envelope around a data.object. */
    public static byte[] event(String id, String type, long created, String object) {
        return ("{\n  \"id\": \"" + id + "\",\n  \"object\": \"event\",\n  \"api_version\": \"2025-03-31.basil\",\n"
                + "  \"created\": " + created + ",\n  \"livemode\": false,\n  \"pending_webhooks\": 1,\n"
                + "  \"type\": \"" + type + "\",\n  \"data\": {\n    \"object\": " + object + "\n  }\n}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A paid invoice of a subscription as Stripe sends it in invoice.paid (API version 2025-03-31 and later). */
    public static String invoice(String id, String customer, String subscription, long amount, long paidAt) {
        return "{\"id\":\"" + id + "\",\"object\":\"invoice\",\"customer\":\"" + customer + "\",\"amount_paid\":"
                + amount + ",\"currency\":\"usd\",\"status\":\"paid\",\"status_transitions\":{\"paid_at\":" + paidAt
                + "},\"parent\":{\"type\":\"subscription_details\",\"subscription_details\":{\"subscription\":\""
                + subscription + "\"}}}";
    }

    public static String newEventId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    /** Delivers the body signed now, as Stripe would. */
    public static ValidatableResponse deliver(byte[] body) {
        return given().header("Stripe-Signature", signature(body, Instant.now().getEpochSecond(), secret()))
                .contentType("application/json; charset=utf-8").body(body).post("/webhooks/stripe").then();
    }

    /** A customer billing knows, with its Stripe customer (as after a checkout started). */
    public static String knownCustomer(UUID user, boolean outOfServiceArea) {
        String stripeId = "cus_" + user.toString().replace("-", "").substring(0, 14);
        sql("INSERT INTO customers (user_id, email, stripe_customer_id, out_of_service_area) VALUES ('" + user
                + "', '" + user + "@example.com', '" + stripeId + "', " + outOfServiceArea + ")");
        return stripeId;
    }

    public static BillingCustomer customer(UUID user) {
        return onVertx(() -> Panache.withSession(() -> BillingCustomer.findById(user)));
    }

    public static void sql(String statement) {
        onVertx(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(statement).executeUpdate())));
    }

    public static long count(String query) {
        Object n = onVertx(() -> Panache.withSession(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(query).getSingleResult())));
        return ((Number) n).longValue();
    }

    /** The payloads of this type billing wrote to its outbox for this key, oldest first. */
    public static <T> List<T> announced(EventType<T> type, UUID key) {
        List<OutboxEvent> rows = onVertx(() -> Panache.withSession(() -> OutboxEvent
                .<OutboxEvent>find("eventType = ?1 and eventKey = ?2 order by seq", type.type(), key.toString()).list()));
        return rows.stream().map(row -> CODEC.decode(row.payload, type).data()).toList();
    }

    /** What the Stripe stub received, oldest first. */
    public static List<Map<String, Object>> stripeRequests() {
        String base = ConfigProvider.getConfig().getValue("valet.stripe.api-base", String.class);
        String json = given().get(base + "/__requests").then().statusCode(200).extract().asString();
        try {
            return JSON.readValue(json, new TypeReference<>() {
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, String> params(Map<String, Object> request) {
        return (Map<String, String>) request.get("params");
    }

    public static <T> T onVertx(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
