package com.valet.booking.action;

import com.valet.events.BookingCanceled;
import com.valet.events.BookingConfirmed;
import com.valet.events.EventTypes;
import com.valet.events.ItemStatus;
import com.valet.events.ServiceType;
import com.valet.events.SubscriptionStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.valet.booking.BookingFixtures.PROBLEM;
import static com.valet.booking.BookingFixtures.SERVED_ZIP;
import static com.valet.booking.BookingFixtures.serve;
import static com.valet.booking.BookingFixtures.bookableCustomer;
import static com.valet.booking.BookingFixtures.item;
import static com.valet.booking.BookingFixtures.now;
import static com.valet.booking.BookingFixtures.profileAt;
import static com.valet.booking.BookingFixtures.staffToken;
import static com.valet.booking.BookingFixtures.subscription;
import static com.valet.booking.BookingFixtures.token;
import static com.valet.booking.ReadModels.announced;
import static com.valet.booking.ReadModels.statusOf;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ActionResourceTest {
    private final String staff = staffToken(UUID.randomUUID(), "admin");

    @Test
    void aPickupGoesFromBookedToConfirmedToCanceledAndEachStepIsLoggedAndAnnounced() {
        UUID customer = bookableCustomer();
        UUID lamp = item(customer, ItemStatus.home);
        UUID desk = item(customer, ItemStatus.home);

        String id = book(customer, Map.of("service_type", "pickup", "pickup_item_ids", List.of(lamp, desk),
                "notes", "ring twice")).statusCode(201)
                .body("status", equalTo("pending_confirmation"))
                .body("address.zip", equalTo("78701"))
                .body("scheduling_url", containsString("utm_content="))
                .extract().path("id");
        given().auth().oauth2(token(customer)).get("/actions/" + id).then().statusCode(200)
                .body("scheduling_url", endsWith("utm_content=" + id))
                .body("history.event_type", contains("created"))
                .body("history[0].actor_role", equalTo("customer"));

        Instant start = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        confirm(id, start, start.plus(2, ChronoUnit.HOURS)).statusCode(200).body("status", equalTo("confirmed"));
        List<BookingConfirmed> confirmations = announced(EventTypes.BOOKING_CONFIRMED, UUID.fromString(id));
        assertEquals(1, confirmations.size());
        BookingConfirmed confirmed = confirmations.get(0);
        assertEquals(List.of(lamp, desk), confirmed.pickupItemIds());
        assertEquals(customer, confirmed.customerId());
        assertEquals(ServiceType.pickup, confirmed.serviceType());
        assertEquals(start, confirmed.scheduledStart());
        assertEquals("78701", confirmed.address().zip());

        cancel(customer, id, Map.of("reason", "moving next month")).statusCode(200)
                .body("status", equalTo("canceled")).body("cancel_reason", equalTo("moving next month"))
                .body("scheduling_url", nullValue());
        List<BookingCanceled> cancellations = announced(EventTypes.BOOKING_CANCELED, UUID.fromString(id));
        assertEquals(1, cancellations.size());
        assertEquals(List.of(lamp, desk), cancellations.get(0).pickupItemIds());
        assertEquals(customer, cancellations.get(0).canceledBy().id());

        cancel(customer, id, Map.of()).statusCode(409).contentType(PROBLEM)
                .body("current_status", equalTo("canceled"));
        confirm(id, start, start.plusSeconds(3600)).statusCode(409).body("current_status", equalTo("canceled"));
        given().auth().oauth2(token(customer)).get("/actions/" + id).then()
                .body("history.event_type", contains("created", "confirmed", "canceled"));
    }

    @Test
    void anUnconfirmedCancellationIsNotAnnounced() {
        UUID customer = bookableCustomer();
        String id = book(customer, Map.of("service_type", "pickup", "pickup_item_ids",
                List.of(item(customer, ItemStatus.home)))).statusCode(201).extract().path("id");
        cancel(customer, id, Map.of()).statusCode(200).body("status", equalTo("canceled"));
        assertTrue(announced(EventTypes.BOOKING_CANCELED, UUID.fromString(id)).isEmpty());
    }

    @Test
    void aPickupWithoutItemsWaitsForThemAndCannotBeConfirmedMeanwhile() {
        UUID customer = bookableCustomer();
        ValidatableResponse created = book(customer, Map.of("service_type", "pickup")).statusCode(201)
                .body("status", equalTo("pending_items")).body("scheduling_url", nullValue());
        String id = created.extract().path("id");
        String etag = created.extract().header("ETag");
        Instant start = Instant.now().plus(2, ChronoUnit.DAYS);
        confirm(id, start, start.plusSeconds(3600)).statusCode(409).body("current_status", equalTo("pending_items"));

        UUID box = item(customer, ItemStatus.home);
        given().auth().oauth2(token(customer)).contentType(ContentType.JSON)
                .body(Map.of("pickup_item_ids", List.of(box))).put("/actions/" + id + "/pickup-items")
                .then().statusCode(428);
        given().auth().oauth2(token(customer)).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Map.of("pickup_item_ids", List.of(box))).put("/actions/" + id + "/pickup-items")
                .then().statusCode(200).body("status", equalTo("pending_confirmation"))
                .body("pickup_item_ids", contains(box.toString()));
        given().auth().oauth2(token(customer)).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Map.of("pickup_item_ids", List.of())).put("/actions/" + id + "/pickup-items")
                .then().statusCode(412);
    }

    @Test
    void itemsMustBeTheCustomersInTheRightStateAndOnNoOtherVisit() {
        UUID customer = bookableCustomer();
        UUID stored = item(customer, ItemStatus.stored);
        UUID atHome = item(customer, ItemStatus.home);
        UUID strangers = item(UUID.randomUUID(), ItemStatus.home);
        book(customer, Map.of("service_type", "pickup", "pickup_item_ids",
                List.of(atHome, stored, strangers, UUID.randomUUID(), atHome))).statusCode(422).contentType(PROBLEM)
                .body("errors.field", contains("pickup_item_ids[1]", "pickup_item_ids[2]", "pickup_item_ids[3]",
                        "pickup_item_ids[4]"))
                .body("errors[0].message", containsString("stored"))
                .body("errors[1].message", equalTo("is not one of your items"))
                .body("errors[3].message", equalTo("is listed twice"));

        book(customer, Map.of("service_type", "redelivery", "delivery_item_ids", List.of(stored))).statusCode(201);
        book(customer, Map.of("service_type", "redelivery", "delivery_item_ids", List.of(stored))).statusCode(422)
                .body("errors[0].field", equalTo("delivery_item_ids[0]"))
                .body("errors[0].message", containsString("already on visit"));
        book(customer, Map.of("service_type", "redelivery", "delivery_item_ids", List.of(atHome))).statusCode(422)
                .body("errors[0].message", containsString("needs it stored"));
        given().auth().oauth2(token(customer)).get("/actions").then().statusCode(200)
                .body("service_type", contains("redelivery"));
    }

    @Test
    void theRequestMustDescribeItsKindOfVisit() {
        UUID customer = UUID.randomUUID();
        UUID container = UUID.randomUUID();
        book(customer, Map.of("service_type", "redelivery")).statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("delivery_item_ids"));
        book(customer, Map.of("service_type", "pickup", "containers",
                List.of(Map.of("container_type_id", container, "quantity", 2)))).statusCode(400)
                .body("errors[0].field", equalTo("containers"));
        book(customer, Map.of("service_type", "teleport")).statusCode(400).body("errors[0].field", equalTo("service_type"));
        book(customer, Map.of("service_type", "container_delivery", "containers",
                List.of(Map.of("container_type_id", container, "quantity", 0)))).statusCode(400);
        given().auth().oauth2(token(customer)).get("/actions?status=lost").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
    }

    @Test
    void theCustomerMustBeAbleToBook() {
        UUID noProfile = UUID.randomUUID();
        book(noProfile, Map.of("service_type", "pickup")).statusCode(422).contentType(PROBLEM)
                .body("errors.field", hasItems("delivery_address", "subscription"));

        serve(SERVED_ZIP);
        UUID pastDue = UUID.randomUUID();
        profileAt(pastDue, SERVED_ZIP);
        subscription(pastDue, SubscriptionStatus.past_due, now());
        await().atMost(Duration.ofSeconds(60)).until(() -> statusOf(pastDue) == SubscriptionStatus.past_due);
        book(pastDue, Map.of("service_type", "pickup")).statusCode(422)
                .body("errors[0].field", equalTo("subscription"))
                .body("errors[0].message", containsString("past_due"));

        UUID farAway = UUID.randomUUID();
        profileAt(farAway, "99501");
        subscription(farAway, SubscriptionStatus.trialing, now());
        await().atMost(Duration.ofSeconds(60)).until(() -> statusOf(farAway) == SubscriptionStatus.trialing);
        book(farAway, Map.of("service_type", "pickup")).statusCode(422)
                .body("errors[0].field", equalTo("delivery_address.zip"));
        given().auth().oauth2(token(farAway)).get("/actions?status=all").then().body("$", org.hamcrest.Matchers.empty());
    }

    @Test
    void customersSeeOnlyTheirOwnActionsAndPendingOnesComeByScheduledStart() {
        UUID customer = bookableCustomer();
        UUID other = bookableCustomer();
        String first = book(customer, Map.of("service_type", "container_delivery", "containers",
                List.of(Map.of("container_type_id", UUID.randomUUID(), "quantity", 3)))).statusCode(201)
                .body("containers[0].quantity", equalTo(3)).extract().path("id");
        String second = book(customer, Map.of("service_type", "pickup")).statusCode(201).extract().path("id");
        String confirmedOne = book(customer, Map.of("service_type", "pickup", "pickup_item_ids",
                List.of(item(customer, ItemStatus.home)))).statusCode(201).extract().path("id");
        Instant start = Instant.now().plus(1, ChronoUnit.DAYS);
        confirm(confirmedOne, start, start.plusSeconds(7200)).statusCode(200);

        given().auth().oauth2(token(customer)).get("/actions").then().statusCode(200)
                .body("id", contains(first, second));
        given().auth().oauth2(token(customer)).get("/actions?status=confirmed").then()
                .body("id", contains(confirmedOne));
        given().auth().oauth2(token(other)).get("/actions/" + first).then().statusCode(404).contentType(PROBLEM);
        cancel(other, first, Map.of()).statusCode(404);
        given().auth().oauth2(token(other)).get("/actions?status=all").then().body("$", org.hamcrest.Matchers.empty());
        given().auth().oauth2(token(customer)).get("/staff/actions/" + first).then().statusCode(403);
        given().auth().oauth2(staff).get("/staff/actions/" + first).then().statusCode(200)
                .body("history[0].event_type", equalTo("created"));
    }

    private static ValidatableResponse book(UUID customer, Map<String, Object> body) {
        return given().auth().oauth2(token(customer)).contentType(ContentType.JSON).body(body).post("/actions").then();
    }

    private static ValidatableResponse cancel(UUID customer, String id, Map<String, Object> body) {
        return given().auth().oauth2(token(customer)).contentType(ContentType.JSON).body(body)
                .post("/actions/" + id + "/cancel").then();
    }

    private ValidatableResponse confirm(String id, Instant start, Instant end) {
        return given().auth().oauth2(staff).contentType(ContentType.JSON)
                .body(Map.of("scheduled_start", start.toString(), "scheduled_end", end.toString()))
                .post("/staff/actions/" + id + "/confirm").then();
    }
}
