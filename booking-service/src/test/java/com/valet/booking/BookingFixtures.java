package com.valet.booking;

import com.valet.devstack.DevStack;
import com.valet.devstack.testing.EventPublisher;
import com.valet.events.Actor;
import com.valet.events.ActorRole;
import com.valet.events.CloudEvent;
import com.valet.events.EventTypes;
import com.valet.events.ItemMoved;
import com.valet.events.ItemStatus;
import com.valet.events.PaymentReceived;
import com.valet.events.SubscriptionChanged;
import com.valet.events.SubscriptionStatus;
import com.valet.events.Topics;
import io.restassured.http.ContentType;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

/**
 * Builds a customer's situation the way production does: the subscription and the items arrive as
 * billing's and inventory's events, the profile and the served ZIPs through the API.
 */
public final class BookingFixtures {
    public static final String PROBLEM = "application/problem+json";
    public static final String SERVED_ZIP = "78701";
    private static EventPublisher publisher;

    private BookingFixtures() {
    }

    public static String token(UUID user) {
        return DevStack.sharedForTests().auth().customerToken(user, user + "@example.com", Duration.ofMinutes(10));
    }

    public static String staffToken(UUID staff, String role) {
        return DevStack.sharedForTests().auth().token(staff, staff + "@valet.example", List.of(role),
                Duration.ofMinutes(10));
    }

    public static synchronized EventPublisher events() {
        if (publisher == null) {
            publisher = new EventPublisher(DevStack.sharedForTests().kafka().bootstrapServers());
        }
        return publisher;
    }

    public static Map<String, Object> address(String zip) {
        return Map.of("street", "1 Congress Ave", "unit", "4B", "city", "Austin", "state", "TX", "zip", zip);
    }

    public static void serve(String zip) {
        given().auth().oauth2(staffToken(UUID.randomUUID(), "admin")).contentType(ContentType.JSON)
                .body(Map.of("city", "Austin", "state", "TX")).put("/staff/service-areas/" + zip)
                .then().statusCode(anyOf(is(200), is(201)));
    }

    /** Signs the customer in and gives them a delivery address. */
    public static void profileAt(UUID customer, String zip) {
        String etag = given().auth().oauth2(token(customer)).get("/profile").then().statusCode(200)
                .extract().header("ETag");
        given().auth().oauth2(token(customer)).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Map.of("delivery_address", address(zip))).patch("/profile").then().statusCode(200);
    }

    /** Billing announces a payment with this subscription status; answers the event id. */
    public static String subscription(UUID customer, SubscriptionStatus status, Instant at) {
        PaymentReceived payment = new PaymentReceived(customer, "cus_" + customer.toString().substring(0, 8),
                "evt_" + UUID.randomUUID(), "sub_1", status, 4900, "usd", at);
        CloudEvent<PaymentReceived> event = CloudEvent.create(EventTypes.PAYMENT_RECEIVED, "/billing-service",
                customer.toString(), payment);
        events().publish(event, Topics.PAYMENT_RECEIVED);
        return event.id();
    }

    /** Billing announces a subscription change without a payment; answers the event id. */
    public static String subscriptionChanged(UUID customer, SubscriptionStatus status, Instant at) {
        CloudEvent<SubscriptionChanged> event = CloudEvent.create(EventTypes.SUBSCRIPTION_CHANGED, "/billing-service",
                customer.toString(), new SubscriptionChanged(customer, "cus_" + customer.toString().substring(0, 8),
                        "evt_" + UUID.randomUUID(), "sub_1", status, null, at));
        events().publish(event, Topics.SUBSCRIPTION_CHANGED);
        return event.id();
    }

    /** A customer who may book: signed in, served address, active subscription (known to booking). */
    public static UUID bookableCustomer() {
        UUID customer = UUID.randomUUID();
        serve(SERVED_ZIP);
        profileAt(customer, SERVED_ZIP);
        subscription(customer, SubscriptionStatus.active, now());
        await().atMost(Duration.ofSeconds(60)).until(() -> ReadModels.statusOf(customer) == SubscriptionStatus.active);
        return customer;
    }

    /** Inventory announces an item of the customer in this state; waits until booking's read model has it. */
    public static UUID item(UUID owner, ItemStatus status) {
        UUID itemId = UUID.randomUUID();
        events().publish(CloudEvent.create(EventTypes.ITEM_MOVED, "/inventory-service", itemId.toString(),
                new ItemMoved(itemId, owner, "SV-2026-" + String.format("%06d", Math.abs(itemId.hashCode() % 999999)),
                        null, status, null, Actor.system(), now())), Topics.ITEM_MOVED);
        await().atMost(Duration.ofSeconds(60)).until(() -> ReadModels.itemStatusOf(itemId) == status);
        return itemId;
    }

    /** Inventory announces a move of the item for a visit; answers the event id. */
    public static String move(UUID itemId, UUID owner, ItemStatus from, ItemStatus to, UUID actionId) {
        CloudEvent<ItemMoved> event = CloudEvent.create(EventTypes.ITEM_MOVED, "/inventory-service", itemId.toString(),
                new ItemMoved(itemId, owner, "SV-2026-000001", from, to, actionId,
                        new Actor(UUID.randomUUID(), ActorRole.driver), now()));
        events().publish(event, Topics.ITEM_MOVED);
        return event.id();
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
