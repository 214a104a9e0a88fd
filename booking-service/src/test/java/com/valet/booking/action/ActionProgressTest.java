package com.valet.booking.action;

import com.valet.events.ItemStatus;
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

import static com.valet.booking.BookingFixtures.bookableCustomer;
import static com.valet.booking.BookingFixtures.item;
import static com.valet.booking.BookingFixtures.move;
import static com.valet.booking.BookingFixtures.staffToken;
import static com.valet.booking.BookingFixtures.token;
import static com.valet.booking.ReadModels.processed;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class ActionProgressTest {
    private static final String ITEM_CONSUMER = "booking.customer-item";
    private final String staff = staffToken(UUID.randomUUID(), "driver");

    @Test
    void aPickupStartsWithTheFirstItemADriverTakesAndCompletesWhenAllAreStored() {
        UUID customer = bookableCustomer();
        UUID lamp = item(customer, ItemStatus.home);
        UUID desk = item(customer, ItemStatus.home);
        String id = bookAndConfirm(customer, Map.of("service_type", "pickup", "pickup_item_ids", List.of(lamp, desk)));
        UUID action = UUID.fromString(id);

        move(lamp, customer, ItemStatus.home, ItemStatus.scheduled, action);
        move(lamp, customer, ItemStatus.scheduled, ItemStatus.in_transit, action);
        awaitStatus(customer, id, "in_progress");
        cancel(customer, id).statusCode(409).body("current_status", equalTo("in_progress"));

        move(lamp, customer, ItemStatus.in_transit, ItemStatus.stored, action);
        // a move for another visit does not count towards this one
        String foreign = move(desk, customer, ItemStatus.home, ItemStatus.stored, UUID.randomUUID());
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(ITEM_CONSUMER, foreign));
        read(customer, id).body("status", equalTo("in_progress"));

        move(desk, customer, ItemStatus.stored, ItemStatus.stored, action);
        awaitStatus(customer, id, "completed");
        read(customer, id).body("completed_at", notNullValue())
                .body("history.event_type", contains("created", "confirmed", "started", "completed"))
                .body("history[2].actor_role", equalTo("driver"));
    }

    @Test
    void aRedeliveryCompletesWhenItsItemsAreHome() {
        UUID customer = bookableCustomer();
        UUID bike = item(customer, ItemStatus.stored);
        String id = bookAndConfirm(customer, Map.of("service_type", "redelivery", "delivery_item_ids", List.of(bike)));
        UUID action = UUID.fromString(id);
        move(bike, customer, ItemStatus.stored, ItemStatus.scheduled, action);
        move(bike, customer, ItemStatus.scheduled, ItemStatus.in_transit, action);
        move(bike, customer, ItemStatus.in_transit, ItemStatus.home, action);
        awaitStatus(customer, id, "completed");
        read(customer, id).body("history.event_type", contains("created", "confirmed", "started", "completed"));
    }

    @Test
    void staffStartAndCompleteAContainerDelivery() {
        UUID customer = bookableCustomer();
        String id = bookAndConfirm(customer, Map.of("service_type", "container_delivery", "containers",
                List.of(Map.of("container_type_id", UUID.randomUUID(), "quantity", 2))));
        staff(id, "complete").statusCode(409).body("current_status", equalTo("confirmed"));
        staff(id, "start").statusCode(200).body("status", equalTo("in_progress"));
        staff(id, "complete").statusCode(200).body("status", equalTo("completed"));
        staff(id, "start").statusCode(409).body("current_status", equalTo("completed"));
        given().auth().oauth2(token(customer)).post("/staff/actions/" + id + "/start").then().statusCode(403);
    }

    private String bookAndConfirm(UUID customer, Map<String, Object> body) {
        String id = given().auth().oauth2(token(customer)).contentType(ContentType.JSON).body(body)
                .post("/actions").then().statusCode(201).extract().path("id");
        Instant start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        given().auth().oauth2(staffToken(UUID.randomUUID(), "admin")).contentType(ContentType.JSON)
                .body(Map.of("scheduled_start", start.toString(), "scheduled_end", start.plusSeconds(7200).toString()))
                .post("/staff/actions/" + id + "/confirm").then().statusCode(200);
        return id;
    }

    private ValidatableResponse staff(String id, String step) {
        return given().auth().oauth2(staff).post("/staff/actions/" + id + "/" + step).then();
    }

    private static ValidatableResponse read(UUID customer, String id) {
        return given().auth().oauth2(token(customer)).get("/actions/" + id).then().statusCode(200);
    }

    private static ValidatableResponse cancel(UUID customer, String id) {
        return given().auth().oauth2(token(customer)).contentType(ContentType.JSON).body(Map.of())
                .post("/actions/" + id + "/cancel").then();
    }

    private static void awaitStatus(UUID customer, String id, String status) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> read(customer, id).body("status", equalTo(status)));
    }
}
