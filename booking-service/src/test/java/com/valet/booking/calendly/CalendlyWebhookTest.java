package com.valet.booking.calendly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.valet.booking.action.Action;
import com.valet.booking.action.ActionStatus;
import com.valet.booking.calendly.CalendlyDeliveries.Booking;
import com.valet.events.ActorRole;
import com.valet.events.BookingCanceled;
import com.valet.events.BookingConfirmed;
import com.valet.events.EventTypes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.valet.booking.BookingFixtures.PROBLEM;
import static com.valet.booking.BookingFixtures.bookableCustomer;
import static com.valet.booking.BookingFixtures.staffToken;
import static com.valet.booking.BookingFixtures.token;
import static com.valet.booking.ReadModels.announced;
import static com.valet.booking.ReadModels.onVertx;
import static com.valet.booking.calendly.CalendlyDeliveries.canceled;
import static com.valet.booking.calendly.CalendlyDeliveries.created;
import static com.valet.booking.calendly.CalendlyDeliveries.deliver;
import static com.valet.booking.calendly.CalendlyDeliveries.newInvitee;
import static com.valet.booking.calendly.CalendlyDeliveries.signature;
import static com.valet.booking.calendly.CalendlyDeliveries.signingKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class CalendlyWebhookTest {
    private static UUID customer;
    private final String staff = staffToken(UUID.randomUUID(), "admin");

    @Test
    void aSignedCreationConfirmsTheMatchingActionAndASecondDeliveryChangesNothing() {
        UUID id = pendingAction();
        Instant start = slot(3);
        Booking booking = Booking.of(id, start, start.plus(2, ChronoUnit.HOURS));
        byte[] body = created(booking, null);

        deliver(body).statusCode(200).contentType(ContentType.JSON)
                .body("outcome", equalTo("confirmed")).body("action_id", equalTo(id.toString()));

        Action action = action(id);
        assertEquals(ActionStatus.confirmed, action.status);
        assertEquals(start, action.scheduledStart);
        assertEquals(start.plus(2, ChronoUnit.HOURS), action.scheduledEnd);
        assertEquals(booking.event(), action.calendlyEventUri);
        history(id).body("history.event_type", contains("created", "confirmed"))
                .body("history[1].actor_role", equalTo("system"))
                .body("history[1].metadata.calendly_event_uri", equalTo(booking.event()));
        List<BookingConfirmed> confirmations = announced(EventTypes.BOOKING_CONFIRMED, id);
        assertEquals(1, confirmations.size());
        assertEquals(booking.event(), confirmations.get(0).calendlyEventUri());
        assertEquals(start, confirmations.get(0).scheduledStart());
        assertEquals(customer, confirmations.get(0).customerId());

        // Calendly redelivers (its retry is signed anew); so does a replay within the tolerance
        deliver(body).statusCode(200).body("outcome", equalTo("duplicate")).body("action_id", equalTo(id.toString()));
        deliver(body, signature(body)).statusCode(200).body("outcome", equalTo("duplicate"));
        assertEquals(1, announced(EventTypes.BOOKING_CONFIRMED, id).size());
        assertEquals(action.version, action(id).version);
        history(id).body("history.event_type", contains("created", "confirmed"));
        List<CalendlyWebhook> logged = log(booking.invitee());
        assertEquals(1, logged.size());
        assertEquals(CalendlyWebhook.Outcome.confirmed, logged.get(0).outcome);
        assertEquals(id, logged.get(0).actionId);
        assertEquals(booking.event(), logged.get(0).scheduledEventUri);
        assertEquals(json(body), json(payload(booking.invitee()).getBytes(StandardCharsets.UTF_8)),
                "the payload is logged as received");
    }

    @Test
    void theSameWebhookDeliveredConcurrentlyIsAppliedOnce() throws Exception {
        UUID id = pendingAction();
        Instant start = slot(11);
        Booking booking = Booking.of(id, start, start.plusSeconds(5400));
        byte[] body = created(booking, null);
        String header = signature(body);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> deliveries = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                deliveries.add(pool.submit(() -> deliver(body, header).statusCode(200).extract().path("outcome")));
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> delivery : deliveries) {
                outcomes.add(delivery.get(60, TimeUnit.SECONDS));
            }
            assertEquals(1, outcomes.stream().filter("confirmed"::equals).count(), outcomes.toString());
            assertEquals(3, outcomes.stream().filter("duplicate"::equals).count(), outcomes.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, announced(EventTypes.BOOKING_CONFIRMED, id).size());
        assertEquals(1, log(booking.invitee()).size());
        history(id).body("history.event_type", contains("created", "confirmed"));
    }

    @Test
    void aSignatureThatDoesNotProveCalendlySentThisBodyNowIsRefusedAndChangesNothing() {
        UUID id = pendingAction();
        Instant start = slot(4);
        Booking booking = Booking.of(id, start, start.plus(1, ChronoUnit.HOURS));
        byte[] body = created(booking, null);
        long now = Instant.now().getEpochSecond();
        long version = action(id).version;

        // tampered: signed, then the slot moved by a day (same length, same shape)
        String signed = signature(body);
        byte[] tampered = new String(body, StandardCharsets.UTF_8)
                .replace(start.toString(), start.plus(1, ChronoUnit.DAYS).toString()).getBytes(StandardCharsets.UTF_8);
        refused(deliver(tampered, signed), "does not match");
        // signed with another key
        refused(deliver(body, signature(body, now, "not-" + signingKey())), "does not match");
        // an old delivery replayed (t 4 minutes ago, tolerance 3) and one from the future
        refused(deliver(body, signature(body, now - 240, signingKey())), "outside the accepted window");
        refused(deliver(body, signature(body, now + 600, signingKey())), "outside the accepted window");
        // the signature of another t: t is part of what is signed
        refused(deliver(body, "t=" + (now - 1) + ",v1=" + CalendlyDeliveries.hmac(body, now, signingKey())),
                "does not match");
        // no header, or not t=...,v1=...
        refused(deliver(body, null), "no Calendly-Webhook-Signature");
        String v1 = CalendlyDeliveries.hmac(body, now, signingKey());
        for (String malformed : List.of("", "v1=" + v1, "t=" + now, "t=" + now + ",v1=" + v1.substring(2),
                "t=" + now + ",v1=" + v1.replace(v1.charAt(0), 'g'), "t=yesterday,v1=" + v1, v1,
                "t=" + now + ";v1=" + v1, "sha256=" + v1, "t=" + now + ",t=" + now + ",v1=" + v1)) {
            refused(deliver(body, malformed.isEmpty() ? " " : malformed), malformed.isEmpty() ? "no Calendly"
                    : "is not t=<unix time>,v1=<hex HMAC-SHA256>");
        }

        Action unchanged = action(id);
        assertEquals(ActionStatus.pending_confirmation, unchanged.status);
        assertEquals(version, unchanged.version);
        assertNull(unchanged.calendlyEventUri);
        assertNull(unchanged.scheduledStart);
        assertTrue(announced(EventTypes.BOOKING_CONFIRMED, id).isEmpty());
        assertTrue(log(booking.invitee()).isEmpty());
        history(id).body("history.event_type", contains("created"));

        // the same body, properly signed, with a spaced header and a second v1 (Calendly rotating its key)
        deliver(body, "t=" + now + ", v1=" + CalendlyDeliveries.hmac(body, now, "old-key") + ", v1=" + v1)
                .statusCode(200).body("outcome", equalTo("confirmed"));
        assertEquals(ActionStatus.confirmed, action(id).status);
    }

    @Test
    void aCancellationCancelsTheConfirmedActionAndIsAnnouncedOnce() {
        UUID id = pendingAction();
        Instant start = slot(5);
        Booking booking = Booking.of(id, start, start.plus(1, ChronoUnit.HOURS));
        deliver(created(booking, null)).statusCode(200).body("outcome", equalTo("confirmed"));

        byte[] cancellation = canceled(booking, false, "Moving to Dallas", null);
        deliver(cancellation).statusCode(200).body("outcome", equalTo("canceled")).body("action_id", equalTo(id.toString()));
        deliver(cancellation).statusCode(200).body("outcome", equalTo("duplicate"));

        Action action = action(id);
        assertEquals(ActionStatus.canceled, action.status);
        assertEquals("Moving to Dallas", action.cancelReason);
        List<BookingCanceled> cancellations = announced(EventTypes.BOOKING_CANCELED, id);
        assertEquals(1, cancellations.size());
        assertEquals("Moving to Dallas", cancellations.get(0).reason());
        assertEquals(ActorRole.system, cancellations.get(0).canceledBy().role());
        assertEquals(1, announced(EventTypes.BOOKING_CONFIRMED, id).size());
        history(id).body("history.event_type", contains("created", "confirmed", "canceled"))
                .body("history[2].metadata.calendly_event_uri", equalTo(booking.event()))
                .body("history[2].metadata.canceler_type", equalTo("invitee"));
    }

    @Test
    void aCancellationDeliveredBeforeItsCreationWinsAndTheCreationIsIgnored() {
        UUID id = pendingAction();
        Instant start = slot(6);
        Booking booking = Booking.of(id, start, start.plus(1, ChronoUnit.HOURS));

        deliver(canceled(booking, false, null, null)).statusCode(200).body("outcome", equalTo("canceled"));
        deliver(created(booking, null)).statusCode(200).body("outcome", equalTo("ignored"))
                .body("detail", containsString("cancel"));

        Action action = action(id);
        assertEquals(ActionStatus.canceled, action.status);
        assertNull(action.calendlyEventUri);
        assertNull(action.scheduledStart);
        assertTrue(announced(EventTypes.BOOKING_CONFIRMED, id).isEmpty());
        assertTrue(announced(EventTypes.BOOKING_CANCELED, id).isEmpty(), "it was never confirmed, so never announced");
        history(id).body("history.event_type", contains("created", "canceled"));
    }

    @Test
    void aCalendlyRescheduleMovesTheSlotAndAnnouncesItAgainWithoutCancelling() {
        UUID id = pendingAction();
        Instant first = slot(7);
        Booking original = Booking.of(id, first, first.plus(1, ChronoUnit.HOURS));
        deliver(created(original, null)).statusCode(200).body("outcome", equalTo("confirmed"));

        // Calendly's reschedule: the old invitee is canceled (rescheduled: true), a new one created on a new
        // event; the new invitee's tracking is not relied on, old_invitee leads back to the action
        Instant second = slot(9);
        String event = CalendlyDeliveries.newEvent();
        Booking moved = new Booking(event, newInvitee(event), null, second, second.plus(2, ChronoUnit.HOURS));
        deliver(canceled(original, true, null, moved.invitee())).statusCode(200)
                .body("outcome", equalTo("reschedule_started"));
        assertEquals(ActionStatus.confirmed, action(id).status);
        deliver(created(moved, original.invitee())).statusCode(200).body("outcome", equalTo("rescheduled"))
                .body("action_id", equalTo(id.toString()));

        Action action = action(id);
        assertEquals(ActionStatus.confirmed, action.status);
        assertEquals(second, action.scheduledStart);
        assertEquals(second.plus(2, ChronoUnit.HOURS), action.scheduledEnd);
        assertEquals(moved.event(), action.calendlyEventUri);
        List<BookingConfirmed> confirmations = announced(EventTypes.BOOKING_CONFIRMED, id);
        assertEquals(2, confirmations.size());
        assertEquals(original.event(), confirmations.get(0).calendlyEventUri());
        assertEquals(moved.event(), confirmations.get(1).calendlyEventUri());
        assertEquals(second, confirmations.get(1).scheduledStart());
        assertTrue(announced(EventTypes.BOOKING_CANCELED, id).isEmpty());

        // a late plain cancellation of the replaced booking does not cancel the new one
        Booking stale = new Booking(original.event(), newInvitee(original.event()), id.toString(), first,
                first.plus(1, ChronoUnit.HOURS));
        deliver(canceled(stale, false, "old slot", null)).statusCode(200).body("outcome", equalTo("ignored"))
                .body("detail", containsString(moved.event()));
        assertEquals(ActionStatus.confirmed, action(id).status);
        history(id).body("history.event_type", contains("created", "confirmed", "reschedule_started", "rescheduled"));
    }

    @Test
    void aBookingThatNamesNoActionIsAcknowledgedAndChangesNothing() {
        UUID id = pendingAction();
        long version = action(id).version;
        Instant start = slot(2);
        for (String content : new String[] {null, "spring-campaign", UUID.randomUUID().toString()}) {
            Booking booking = new Booking(CalendlyDeliveries.newEvent(), null, content, start, start.plusSeconds(3600));
            booking = new Booking(booking.event(), newInvitee(booking.event()), content, start, start.plusSeconds(3600));
            deliver(created(booking, null)).statusCode(200).body("outcome", equalTo("unmatched"))
                    .body("action_id", nullValue());
            deliver(canceled(booking, false, null, null)).statusCode(200).body("outcome", equalTo("unmatched"));
            List<CalendlyWebhook> logged = log(booking.invitee());
            assertEquals(2, logged.size());
            assertTrue(logged.stream().allMatch(row -> row.outcome == CalendlyWebhook.Outcome.unmatched
                    && row.actionId == null));
        }
        assertEquals(version, action(id).version);
        assertEquals(ActionStatus.pending_confirmation, action(id).status);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("valet_calendly_webhooks_total{event=\"invitee.created\",outcome=\"unmatched\""));
    }

    @Test
    void aCalendlyEventAlreadyHeldByAnotherActionIsNotTakenTwice() {
        UUID first = pendingAction();
        UUID second = pendingAction();
        Instant start = slot(8);
        Booking booking = Booking.of(first, start, start.plusSeconds(3600));
        deliver(created(booking, null)).statusCode(200).body("outcome", equalTo("confirmed"));

        Booking sameEvent = new Booking(booking.event(), newInvitee(booking.event()), second.toString(), start,
                start.plusSeconds(3600));
        deliver(created(sameEvent, null)).statusCode(200).body("outcome", equalTo("ignored"))
                .body("detail", containsString("another action"));
        assertEquals(ActionStatus.pending_confirmation, action(second).status);
        assertTrue(announced(EventTypes.BOOKING_CONFIRMED, second).isEmpty());
        assertEquals(booking.event(), action(first).calendlyEventUri);
        // and its cancellation, never applied, cancels neither
        deliver(canceled(sameEvent, false, null, null)).statusCode(200).body("outcome", equalTo("ignored"));
        assertEquals(ActionStatus.pending_confirmation, action(second).status);
        assertEquals(ActionStatus.confirmed, action(first).status);
    }

    @Test
    void onlyAPendingConfirmationOrConfirmedActionIsChangedByCalendly() {
        UUID waitingForItems = given().auth().oauth2(token(customer())).contentType(ContentType.JSON)
                .body(Map.of("service_type", "pickup")).post("/actions").then().statusCode(201)
                .body("status", equalTo("pending_items")).extract().jsonPath().getUUID("id");
        Instant start = slot(10);
        deliver(created(Booking.of(waitingForItems, start, start.plusSeconds(3600)), null)).statusCode(200)
                .body("outcome", equalTo("ignored"));
        assertEquals(ActionStatus.pending_items, action(waitingForItems).status);

        UUID canceledInApp = pendingAction();
        given().auth().oauth2(token(customer)).contentType(ContentType.JSON).body(Map.of())
                .post("/actions/" + canceledInApp + "/cancel").then().statusCode(200);
        deliver(created(Booking.of(canceledInApp, start, start.plusSeconds(3600)), null)).statusCode(200)
                .body("outcome", equalTo("ignored")).body("detail", containsString("canceled"));
        assertEquals(ActionStatus.canceled, action(canceledInApp).status);
        assertTrue(announced(EventTypes.BOOKING_CONFIRMED, canceledInApp).isEmpty());
    }

    @Test
    void otherWebhooksAreAcknowledgedAndASignedBodyThatIsNoInviteeWebhookIsABadRequest() {
        byte[] noShow = CalendlyDeliveries.other("invitee_no_show.created");
        deliver(noShow).statusCode(200).body("outcome", equalTo("ignored"));

        byte[] notJson = "event=invitee.created".getBytes(StandardCharsets.UTF_8);
        deliver(notJson).statusCode(400).contentType(PROBLEM);
        byte[] noInvitee = CalendlyDeliveries.envelope("invitee.created",
                new ObjectMapper().createObjectNode().put("event", "x"));
        deliver(noInvitee).statusCode(400).contentType(PROBLEM)
                .body("errors.field", contains("payload.uri", "payload.scheduled_event.start_time",
                        "payload.scheduled_event.end_time"));
        // the check comes first: an unsigned bad body is a 401, not a 400
        deliver(notJson, null).statusCode(401);
    }

    private static void refused(ValidatableResponse response, String detail) {
        response.statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Calendly-Webhook-Signature")
                .body("detail", containsString(detail));
    }

    private ValidatableResponse history(UUID id) {
        return given().auth().oauth2(staff).get("/staff/actions/" + id).then().statusCode(200);
    }

    /** A container delivery (no items needed) waiting for its slot. */
    private static UUID pendingAction() {
        return given().auth().oauth2(token(customer())).contentType(ContentType.JSON)
                .body(Map.of("service_type", "container_delivery", "containers",
                        List.of(Map.of("container_type_id", UUID.randomUUID(), "quantity", 2))))
                .post("/actions").then().statusCode(201).body("status", equalTo("pending_confirmation"))
                .extract().jsonPath().getUUID("id");
    }

    private static synchronized UUID customer() {
        if (customer == null) {
            customer = bookableCustomer();
        }
        return customer;
    }

    private static Instant slot(int daysAhead) {
        return Instant.now().plus(daysAhead, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    }

    private static Action action(UUID id) {
        return onVertx(() -> Panache.withSession(() -> Action.findById(id)));
    }

    private static List<CalendlyWebhook> log(String invitee) {
        return onVertx(() -> Panache.withSession(() -> CalendlyWebhook
                .<CalendlyWebhook>list("inviteeUri = ?1 order by receivedAt", invitee)));
    }

    private static JsonNode json(byte[] body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String payload(String invitee) {
        return onVertx(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT CAST(payload AS text) FROM calendly_webhook WHERE invitee_uri = :i"
                        + " AND event = 'invitee.created'", String.class)
                .setParameter("i", invitee).getSingleResult())));
    }
}
