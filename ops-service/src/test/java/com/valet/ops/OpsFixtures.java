package com.valet.ops;

import com.valet.devstack.DevStack;
import com.valet.devstack.testing.EventPublisher;
import com.valet.events.Actor;
import com.valet.events.ActorRole;
import com.valet.events.Address;
import com.valet.events.BookingCanceled;
import com.valet.events.BookingConfirmed;
import com.valet.events.CloudEvent;
import com.valet.events.ContainerOrder;
import com.valet.events.EventTypes;
import com.valet.events.ItemMoved;
import com.valet.events.ItemStatus;
import com.valet.events.PaymentReceived;
import com.valet.events.ServiceType;
import com.valet.events.SubscriptionChanged;
import com.valet.events.SubscriptionStatus;
import com.valet.events.Topics;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * Builds the situations of ops the way production does: staff through the directory API (the bootstrap admin
 * of application.properties adds the first ones), tasks from booking's events, item states from inventory's,
 * payment states from billing's.
 */
public final class OpsFixtures {
    public static final String PROBLEM = "application/problem+json";
    /** {@code %test.valet.ops.bootstrap-admins}. */
    public static final UUID BOOTSTRAP_ADMIN = UUID.fromString("00000000-0000-4000-a000-00000000ad01");
    public static final ZoneId ZONE = ZoneId.of("America/Chicago");
    public static final Duration WAIT = Duration.ofSeconds(60);
    private static EventPublisher publisher;

    private OpsFixtures() {
    }

    // ---- people --------------------------------------------------------------------------------------------

    public static String token(UUID user, String... roles) {
        return DevStack.sharedForTests().auth().token(user, user + "@valet.example", List.of(roles),
                Duration.ofMinutes(10));
    }

    public static String admin() {
        return token(BOOTSTRAP_ADMIN, "admin");
    }

    /** A new active staff member with this role (and a token carrying it). */
    public static UUID staff(String role) {
        UUID user = UUID.randomUUID();
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("user_id", user, "role", role, "full_name", role + " " + user.toString().substring(0, 8)))
                .post("/staff/directory").then().statusCode(201);
        return user;
    }

    public static String tokenOf(UUID staff, String role) {
        return token(staff, role);
    }

    // ---- days ----------------------------------------------------------------------------------------------

    /** A day no other test uses, so a board of that day shows only this test's tasks. */
    public static LocalDate freshDay() {
        return LocalDate.of(2031, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(0, 30_000));
    }

    public static Instant at(LocalDate day, int hour) {
        return day.atTime(LocalTime.of(hour, 0)).atZone(ZONE).toInstant();
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    // ---- events --------------------------------------------------------------------------------------------

    public static synchronized EventPublisher events() {
        if (publisher == null) {
            publisher = new EventPublisher(DevStack.sharedForTests().kafka().bootstrapServers());
        }
        return publisher;
    }

    public static Address address() {
        return new Address("1200 Barton Springs Rd", "Apt 4B", "Austin", "TX", "78704");
    }

    public static BookingConfirmed booking(UUID action, UUID customer, ServiceType type, Instant start,
                                           List<UUID> pickups, List<UUID> deliveries, List<ContainerOrder> containers,
                                           Instant confirmedAt) {
        return new BookingConfirmed(action, customer, type, start, start.plus(Duration.ofHours(2)), pickups,
                deliveries, containers, address(), null, confirmedAt);
    }

    public static CloudEvent<BookingConfirmed> confirmed(BookingConfirmed booking) {
        return CloudEvent.create(EventTypes.BOOKING_CONFIRMED, "/booking-service", booking.actionId().toString(),
                booking);
    }

    public static CloudEvent<BookingConfirmed> publishConfirmed(BookingConfirmed booking) {
        CloudEvent<BookingConfirmed> event = confirmed(booking);
        events().publish(event, Topics.BOOKING_CONFIRMED);
        return event;
    }

    public static CloudEvent<BookingCanceled> publishCanceled(UUID action, UUID customer, ServiceType type,
                                                              String reason) {
        CloudEvent<BookingCanceled> event = CloudEvent.create(EventTypes.BOOKING_CANCELED, "/booking-service",
                action.toString(), new BookingCanceled(action, customer, type, List.of(), List.of(), reason,
                        new Actor(customer, ActorRole.customer), now()));
        events().publish(event, Topics.BOOKING_CANCELED);
        return event;
    }

    public static CloudEvent<ItemMoved> moved(UUID item, UUID owner, ItemStatus from, ItemStatus to, UUID action,
                                              Instant at) {
        return CloudEvent.create(EventTypes.ITEM_MOVED, "/inventory-service", item.toString(),
                new ItemMoved(item, owner, qrCode(item), from, to, action,
                        new Actor(UUID.randomUUID(), to == ItemStatus.stored ? ActorRole.warehouse : ActorRole.driver),
                        at));
    }

    public static CloudEvent<ItemMoved> publishMoved(UUID item, UUID owner, ItemStatus from, ItemStatus to,
                                                     UUID action) {
        CloudEvent<ItemMoved> event = moved(item, owner, from, to, action, now());
        events().publish(event, Topics.ITEM_MOVED);
        return event;
    }

    public static String qrCode(UUID item) {
        return "SV-2026-" + String.format("%06d", Math.floorMod(item.hashCode(), 1_000_000));
    }

    public static CloudEvent<PaymentReceived> publishPayment(UUID customer, SubscriptionStatus status, Instant at) {
        CloudEvent<PaymentReceived> event = CloudEvent.create(EventTypes.PAYMENT_RECEIVED, "/billing-service",
                customer.toString(), new PaymentReceived(customer, "cus_" + customer.toString().substring(0, 8),
                        "evt_" + UUID.randomUUID(), "sub_1", status, 4900, "usd", at));
        events().publish(event, Topics.PAYMENT_RECEIVED);
        return event;
    }

    public static CloudEvent<SubscriptionChanged> publishSubscriptionChange(UUID customer, SubscriptionStatus status,
                                                                            Instant at) {
        CloudEvent<SubscriptionChanged> event = CloudEvent.create(EventTypes.SUBSCRIPTION_CHANGED, "/billing-service",
                customer.toString(), new SubscriptionChanged(customer, "cus_" + customer.toString().substring(0, 8),
                        "evt_" + UUID.randomUUID(), "sub_1", status, null, at));
        events().publish(event, Topics.SUBSCRIPTION_CHANGED);
        return event;
    }

    // ---- tasks ---------------------------------------------------------------------------------------------

    /** Waits until the action's task exists, as an admin reads it (with its history). */
    public static JsonPath awaitTask(UUID action) {
        await().atMost(WAIT).until(() -> given().auth().oauth2(admin()).get("/tasks/by-action/" + action)
                .statusCode() == 200);
        return taskOfAction(action);
    }

    public static JsonPath taskOfAction(UUID action) {
        return given().auth().oauth2(admin()).get("/tasks/by-action/" + action).then().statusCode(200)
                .extract().jsonPath();
    }

    public static JsonPath task(String taskId) {
        return given().auth().oauth2(admin()).get("/tasks/" + taskId).then().statusCode(200).extract().jsonPath();
    }

    /** A confirmed visit of a new customer on that day and hour; answers the task's id once it exists. */
    public static String newTask(ServiceType type, LocalDate day, int hour, List<UUID> items) {
        return newTask(type, UUID.randomUUID(), day, hour, items);
    }

    public static String newTask(ServiceType type, UUID customer, LocalDate day, int hour, List<UUID> items) {
        UUID action = UUID.randomUUID();
        List<ContainerOrder> containers = type == ServiceType.container_delivery
                ? List.of(new ContainerOrder(UUID.randomUUID(), 3)) : List.of();
        publishConfirmed(booking(action, customer, type, at(day, hour),
                type == ServiceType.pickup ? items : List.of(), type == ServiceType.redelivery ? items : List.of(),
                containers, now()));
        return awaitTask(action).getString("id");
    }

    public static String etag(String taskId) {
        return given().auth().oauth2(admin()).get("/tasks/" + taskId).then().statusCode(200).extract().header("ETag");
    }

    /** POSTs a task change with the current ETag (read by an admin). */
    public static Response change(String taskId, String verb, String token, Object body) {
        var request = given().auth().oauth2(token).header("If-Match", etag(taskId));
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.post("/tasks/" + taskId + "/" + verb);
    }

    public static void assign(String taskId, UUID driver) {
        change(taskId, "assign", admin(), Map.of("driver_id", driver)).then().statusCode(200);
    }

    /** The event types of the task's history, oldest first. */
    public static List<String> history(String taskId) {
        return task(taskId).getList("history.event_type");
    }

    // ---- the database --------------------------------------------------------------------------------------

    /** Whether this consumer has applied (or deliberately skipped) the event. */
    public static boolean processed(String eventId) {
        return onVertx(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s
                .createNativeQuery("SELECT count(*) FROM processed_event WHERE event_id = :id", Long.class)
                .setParameter("id", UUID.fromString(eventId))
                .getSingleResult()))) >= 1L;
    }

    public static <T> T onVertx(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    public static void awaitProcessed(CloudEvent<?> event) {
        await().atMost(WAIT).until(() -> processed(event.id()));
    }
}
