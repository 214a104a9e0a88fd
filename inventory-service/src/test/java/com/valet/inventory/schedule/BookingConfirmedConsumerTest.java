package com.valet.inventory.schedule;

import com.valet.devstack.DevStack;
import com.valet.devstack.testing.EventPublisher;
import com.valet.events.Address;
import com.valet.events.Actor;
import com.valet.events.ActorRole;
import com.valet.events.BookingCanceled;
import com.valet.events.BookingConfirmed;
import com.valet.events.CloudEvent;
import com.valet.events.EventCodec;
import com.valet.events.EventTypes;
import com.valet.events.ServiceType;
import com.valet.events.Topics;
import io.restassured.http.ContentType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.valet.inventory.item.ItemFixtures.create;
import static com.valet.inventory.item.ItemFixtures.item;
import static com.valet.inventory.item.ItemFixtures.staffToken;
import static com.valet.inventory.item.ItemFixtures.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class BookingConfirmedConsumerTest {
    private static final Address ADDRESS = new Address("1 Main St", null, "Austin", "TX", "78701");
    private static EventPublisher publisher;
    private final UUID staff = UUID.randomUUID();

    @BeforeAll
    static void connect() {
        publisher = new EventPublisher(DevStack.sharedForTests().kafka().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        publisher.close();
    }

    @Test
    void aConfirmedPickupSchedulesTheItemsOnceEvenWhenTheEventComesTwice() {
        UUID customer = UUID.randomUUID();
        String lamp = newItem(customer, "Lamp");
        String desk = newItem(customer, "Desk");
        UUID action = UUID.randomUUID();
        CloudEvent<BookingConfirmed> confirmed = confirmed(action, customer, List.of(lamp, desk), List.of());

        publisher.publish(confirmed, Topics.BOOKING_CONFIRMED);
        publisher.publish(confirmed, Topics.BOOKING_CONFIRMED);
        awaitStatus(customer, desk, "scheduled");
        // a later event on the same key (so the same partition) proves both copies were consumed
        String marker = newItem(customer, "Marker");
        BookingConfirmed next = confirmed(UUID.randomUUID(), customer, List.of(marker), List.of()).data();
        publisher.publish(CloudEvent.create(EventTypes.BOOKING_CONFIRMED, "/booking-service", action.toString(), next),
                Topics.BOOKING_CONFIRMED);
        awaitStatus(customer, marker, "scheduled");

        given().auth().oauth2(token(customer)).get("/items/" + lamp).then().statusCode(200)
                .body("status", equalTo("scheduled")).body("current_action_id", equalTo(action.toString()));
        given().auth().oauth2(token(customer)).get("/items/" + lamp + "/history").then().statusCode(200)
                .body("event_type", contains("created", "moved"))
                .body("[1].actor_role", equalTo("system"))
                .body("[1].event_data.action_id", equalTo(action.toString()));
        given().auth().oauth2(token(customer)).get("/actions/" + action + "/rejected-lines").then().statusCode(200)
                .body("$", empty());
    }

    @Test
    void aConfirmedRedeliverySchedulesStoredItemsAndTheDriverCarriesTheActionOn() {
        UUID customer = UUID.randomUUID();
        String bike = storedItem(customer, "Bike");
        UUID redelivery = UUID.randomUUID();
        publisher.publish(confirmed(redelivery, customer, List.of(), List.of(bike)), Topics.BOOKING_CONFIRMED);
        awaitStatus(customer, bike, "scheduled");

        // the driver's scan does not repeat the action id: the item still knows which visit it is on
        staffMove(bike, Map.of("to_status", "in_transit")).statusCode(200)
                .body("current_action_id", equalTo(redelivery.toString()));
        staffMove(bike, Map.of("to_status", "home")).statusCode(200).body("current_action_id", equalTo(null));
        given().auth().oauth2(token(customer)).get("/items/" + bike + "/history").then()
                .body("[-2].event_data.action_id", equalTo(redelivery.toString()))
                .body("[-1].event_data.action_id", equalTo(redelivery.toString()));
    }

    @Test
    void linesThatCannotBeScheduledAreRecordedNotDropped() {
        UUID customer = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        String own = newItem(customer, "Chair");
        String stored = storedItem(customer, "Skis");
        String strangers = newItem(stranger, "Guitar");
        String missing = UUID.randomUUID().toString();
        UUID action = UUID.randomUUID();

        publisher.publish(confirmed(action, customer, List.of(own, stored, strangers, missing), List.of()),
                Topics.BOOKING_CONFIRMED);
        awaitStatus(customer, own, "scheduled");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(staffToken(staff, "admin"))
                .get("/staff/actions/" + action + "/rejected-lines").then().statusCode(200).body("$", hasSize(3)));
        given().auth().oauth2(token(customer)).get("/actions/" + action + "/rejected-lines").then().statusCode(200)
                .body("item_id", containsInAnyOrder(stored, strangers, missing))
                .body("find { it.item_id == '" + stored + "' }.reason", equalTo("wrong_state"))
                .body("find { it.item_id == '" + stored + "' }.current_status", equalTo("stored"))
                .body("find { it.item_id == '" + strangers + "' }.reason", equalTo("unknown_item"))
                .body("find { it.item_id == '" + strangers + "' }.current_status", equalTo(null))
                .body("line", contains("pickup", "pickup", "pickup"));
        // nothing of another customer's item moved, and they do not see this customer's booking
        given().auth().oauth2(token(stranger)).get("/items/" + strangers).then().body("status", equalTo("home"));
        given().auth().oauth2(token(stranger)).get("/actions/" + action + "/rejected-lines").then().statusCode(200)
                .body("$", empty());
        given().auth().oauth2(token(customer)).get("/staff/actions/" + action + "/rejected-lines").then()
                .statusCode(403);
    }

    @Test
    void aRescheduledVisitDoesNotRejectItsOwnItemsAndClearsLinesThatNowFit() {
        UUID customer = UUID.randomUUID();
        String sofa = newItem(customer, "Sofa");
        String box = storedItem(customer, "Box");
        UUID action = UUID.randomUUID();
        // first confirmation: the box is asked for as a pickup by mistake and rejected
        publisher.publish(confirmed(action, customer, List.of(sofa, box), List.of()), Topics.BOOKING_CONFIRMED);
        awaitStatus(customer, sofa, "scheduled");
        awaitRejected(customer, action, 1);

        // the customer fixes the booking and it is confirmed again for a new slot
        publisher.publish(confirmed(action, customer, List.of(sofa), List.of(box)), Topics.BOOKING_CONFIRMED);
        awaitStatus(customer, box, "scheduled");
        awaitRejected(customer, action, 0);
        given().auth().oauth2(token(customer)).get("/items/" + sofa + "/history").then()
                .body("event_type", contains("created", "moved"));
    }

    @Test
    void aCanceledVisitGivesItsScheduledItemsBackHomeOrToTheirShelf() {
        UUID customer = UUID.randomUUID();
        String lamp = newItem(customer, "Lamp");
        String skis = storedItem(customer, "Skis");
        UUID pickup = UUID.randomUUID();
        UUID redelivery = UUID.randomUUID();
        publisher.publish(confirmed(pickup, customer, List.of(lamp), List.of()), Topics.BOOKING_CONFIRMED);
        publisher.publish(confirmed(redelivery, customer, List.of(), List.of(skis)), Topics.BOOKING_CONFIRMED);
        awaitStatus(customer, lamp, "scheduled");
        awaitStatus(customer, skis, "scheduled");
        given().auth().oauth2(token(customer)).get("/items/" + skis).then().body("location_code", equalTo("B-1-1"));

        publisher.publish(canceled(pickup, customer, List.of(lamp), List.of()), Topics.BOOKING_CANCELED);
        publisher.publish(canceled(redelivery, customer, List.of(), List.of(skis)), Topics.BOOKING_CANCELED);
        awaitStatus(customer, lamp, "home");
        awaitStatus(customer, skis, "stored");
        given().auth().oauth2(token(customer)).get("/items/" + skis).then()
                .body("location_code", equalTo("B-1-1")).body("current_action_id", equalTo(null));
        given().auth().oauth2(token(customer)).get("/items/" + lamp + "/history").then()
                .body("event_type", contains("created", "moved", "moved"))
                .body("[2].event_data.to_status", equalTo("home"))
                .body("[2].event_data.action_id", equalTo(pickup.toString()));
    }

    @Test
    void aConfirmationConsumedAfterItsCancellationSchedulesNothing() {
        UUID customer = UUID.randomUUID();
        String chair = newItem(customer, "Chair");
        UUID action = UUID.randomUUID();
        publisher.publish(canceled(action, customer, List.of(chair), List.of()), Topics.BOOKING_CANCELED);
        await().atMost(Duration.ofSeconds(60)).until(() -> canceledKnown(action));
        publisher.publish(confirmed(action, customer, List.of(chair), List.of()), Topics.BOOKING_CONFIRMED);
        // a later confirmation on the same key proves the first one was consumed
        String marker = newItem(customer, "Marker");
        BookingConfirmed next = confirmed(UUID.randomUUID(), customer, List.of(marker), List.of()).data();
        publisher.publish(CloudEvent.create(EventTypes.BOOKING_CONFIRMED, "/booking-service", action.toString(), next),
                Topics.BOOKING_CONFIRMED);
        awaitStatus(customer, marker, "scheduled");
        given().auth().oauth2(token(customer)).get("/items/" + chair).then().body("status", equalTo("home"));
        given().auth().oauth2(token(customer)).get("/actions/" + action + "/rejected-lines").then().body("$", empty());
    }

    /**
     * Three confirmations polled as one batch (one key, sent together), decided together but as if one after the
     * other: the second visit finds the lamp already scheduled by the first; the first's reschedule keeps its
     * lamp and now fits the box, whose earlier rejection is forgotten.
     */
    @Test
    void aBatchOfConfirmationsIsDecidedInOrderAsIfEachWereAlone() {
        UUID customer = UUID.randomUUID();
        String lamp = newItem(customer, "Lamp");
        String box = storedItem(customer, "Box");
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        EventCodec codec = new EventCodec();
        publisher.publishRawTogether(Topics.BOOKING_CONFIRMED, customer.toString(), List.of(
                codec.encode(confirmed(first, customer, List.of(lamp, box), List.of())),
                codec.encode(confirmed(second, customer, List.of(lamp), List.of())),
                codec.encode(confirmed(first, customer, List.of(lamp), List.of(box)))));

        awaitStatus(customer, box, "scheduled");
        given().auth().oauth2(token(customer)).get("/items/" + lamp).then()
                .body("status", equalTo("scheduled")).body("current_action_id", equalTo(first.toString()));
        given().auth().oauth2(token(customer)).get("/items/" + box).then()
                .body("current_action_id", equalTo(first.toString())).body("location_code", equalTo("B-1-1"));
        given().auth().oauth2(token(customer)).get("/items/" + lamp + "/history").then()
                .body("event_type", contains("created", "moved"));
        awaitRejected(customer, first, 0);
        awaitRejected(customer, second, 1);
        given().auth().oauth2(token(customer)).get("/actions/" + second + "/rejected-lines").then()
                .body("[0].item_id", equalTo(lamp)).body("[0].reason", equalTo("wrong_state"))
                .body("[0].current_status", equalTo("scheduled"));
    }

    private static boolean canceledKnown(UUID action) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                    () -> CanceledAction.findById(action))) != null;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static CloudEvent<BookingCanceled> canceled(UUID action, UUID customer, List<String> pickup,
                                                        List<String> delivery) {
        return CloudEvent.create(EventTypes.BOOKING_CANCELED, "/booking-service", action.toString(),
                new BookingCanceled(action, customer, delivery.isEmpty() ? ServiceType.pickup : ServiceType.redelivery,
                        pickup.stream().map(UUID::fromString).toList(), delivery.stream().map(UUID::fromString).toList(),
                        "changed my mind", new Actor(customer, ActorRole.customer),
                        Instant.now().truncatedTo(ChronoUnit.MICROS)));
    }

    private String newItem(UUID owner, String label) {
        return create(owner, item(owner, label)).statusCode(201).extract().path("id");
    }

    private String storedItem(UUID owner, String label) {
        String id = newItem(owner, label);
        UUID pickup = UUID.randomUUID();
        staffMove(id, Map.of("to_status", "scheduled", "action_id", pickup.toString())).statusCode(200);
        staffMove(id, Map.of("to_status", "in_transit")).statusCode(200);
        staffMove(id, Map.of("to_status", "stored", "location", "B-1-1")).statusCode(200)
                .body("current_action_id", equalTo(null));
        return id;
    }

    private io.restassured.response.ValidatableResponse staffMove(String id, Map<String, Object> body) {
        return given().auth().oauth2(staffToken(staff, "warehouse")).contentType(ContentType.JSON).body(body)
                .post("/staff/items/" + id + "/moves").then();
    }

    private static void awaitStatus(UUID owner, String itemId, String status) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(token(owner))
                .get("/items/" + itemId).then().body("status", equalTo(status)));
    }

    private static void awaitRejected(UUID owner, UUID action, int lines) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token(owner))
                .get("/actions/" + action + "/rejected-lines").then().body("$", hasSize(lines)));
    }

    private static CloudEvent<BookingConfirmed> confirmed(UUID action, UUID customer, List<String> pickup,
                                                          List<String> delivery) {
        Instant start = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        return CloudEvent.create(EventTypes.BOOKING_CONFIRMED, "/booking-service", action.toString(),
                new BookingConfirmed(action, customer, delivery.isEmpty() ? ServiceType.pickup : ServiceType.redelivery,
                        start, start.plus(2, ChronoUnit.HOURS), pickup.stream().map(UUID::fromString).toList(),
                        delivery.stream().map(UUID::fromString).toList(), List.of(), ADDRESS, null,
                        Instant.now().truncatedTo(ChronoUnit.MICROS)));
    }
}
