package com.valet.booking.calendly;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.eclipse.microprofile.config.ConfigProvider;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

import static io.restassured.RestAssured.given;

/**
 * Calendly's side of the webhook: API v2 invitee payloads shaped as Calendly sends them (with the many
 * fields booking does not read), signed as Calendly signs them: {@code t=<unix>,v1=<hex HMAC-SHA256 of
 * "t.body">} with the subscription's signing key.
 */
final class CalendlyDeliveries {
    static final String PATH = "/webhooks/calendly";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String HOST = "https://api.calendly.com/users/AAAAAAAAAAAAAAAA";

    private CalendlyDeliveries() {
    }

    static String signingKey() {
        return ConfigProvider.getConfig().getValue("valet.calendly.webhook-signing-key", String.class);
    }

    /** A new Calendly scheduled event URI. */
    static String newEvent() {
        return "https://api.calendly.com/scheduled_events/" + calendlyId();
    }

    /** A new invitee of that event. */
    static String newInvitee(String event) {
        return event + "/invitees/" + calendlyId();
    }

    /** A booking of one slot by one invitee, as Calendly describes it in both webhooks. */
    record Booking(String event, String invitee, String utmContent, Instant start, Instant end) {
        static Booking of(Object actionId, Instant start, Instant end) {
            String event = newEvent();
            return new Booking(event, newInvitee(event), actionId == null ? null : actionId.toString(), start, end);
        }
    }

    /** invitee.created; {@code oldInvitee} is the booking a reschedule replaces (else null). */
    static byte[] created(Booking booking, String oldInvitee) {
        ObjectNode payload = invitee(booking, "active");
        payload.putNull("cancellation");
        payload.put("rescheduled", false);
        payload.put("old_invitee", oldInvitee);
        payload.putNull("new_invitee");
        return envelope("invitee.created", payload);
    }

    /** invitee.canceled; {@code rescheduled}: the first half of a reschedule to {@code newInvitee}. */
    static byte[] canceled(Booking booking, boolean rescheduled, String reason, String newInvitee) {
        ObjectNode payload = invitee(booking, "canceled");
        ObjectNode cancellation = payload.putObject("cancellation");
        cancellation.put("canceled_by", "Zoë Ramírez");
        cancellation.put("reason", reason);
        cancellation.put("canceler_type", "invitee");
        cancellation.put("created_at", Instant.now().toString());
        payload.put("rescheduled", rescheduled);
        payload.putNull("old_invitee");
        payload.put("new_invitee", newInvitee);
        ((ObjectNode) payload.get("scheduled_event")).put("status", "canceled");
        return envelope("invitee.canceled", payload);
    }

    /** Another kind of webhook Calendly sends (booking does not subscribe to it). */
    static byte[] other(String event) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("invitee", newInvitee(newEvent()));
        return envelope(event, payload);
    }

    static byte[] envelope(String event, ObjectNode payload) {
        ObjectNode root = JSON.createObjectNode();
        root.put("created_at", Instant.now().toString());
        root.put("created_by", HOST);
        root.put("event", event);
        root.set("payload", payload);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectNode invitee(Booking booking, String status) {
        String now = Instant.now().toString();
        ObjectNode payload = JSON.createObjectNode();
        payload.put("cancel_url", "https://calendly.com/cancellations/" + calendlyId());
        payload.put("created_at", now);
        payload.put("email", "zoe@example.com");
        payload.put("event", booking.event());
        payload.put("first_name", "Zoë");
        payload.put("last_name", "Ramírez");
        payload.put("name", "Zoë Ramírez");
        payload.putNull("no_show");
        payload.putNull("payment");
        ArrayNode answers = payload.putArray("questions_and_answers");
        answers.addObject().put("answer", "Ring twice — the bell is broken").put("position", 0)
                .put("question", "Anything the driver should know?");
        payload.putNull("reconfirmation");
        payload.put("reschedule_url", "https://calendly.com/reschedulings/" + calendlyId());
        payload.putNull("routing_form_submission");
        payload.put("status", status);
        payload.putNull("text_reminder_number");
        payload.put("timezone", "America/Chicago");
        ObjectNode tracking = payload.putObject("tracking");
        tracking.put("utm_campaign", "booking");
        tracking.put("utm_source", "valet-app");
        tracking.put("utm_medium", "web");
        tracking.put("utm_content", booking.utmContent());
        tracking.putNull("utm_term");
        tracking.putNull("salesforce_uuid");
        payload.put("updated_at", now);
        payload.put("uri", booking.invitee());
        ObjectNode event = payload.putObject("scheduled_event");
        event.put("uri", booking.event());
        event.put("name", "Valet visit");
        event.put("meeting_notes_plain", (String) null);
        event.put("status", "active");
        event.put("start_time", booking.start() == null ? null : booking.start().toString());
        event.put("end_time", booking.end() == null ? null : booking.end().toString());
        event.put("event_type", "https://api.calendly.com/event_types/GBGBDCAADAEDCRZ2");
        ObjectNode location = event.putObject("location");
        location.put("type", "physical");
        location.put("location", "1 Congress Ave, Austin TX");
        ObjectNode counter = event.putObject("invitees_counter");
        counter.put("total", 1).put("active", "active".equals(status) ? 1 : 0).put("limit", 1);
        event.put("created_at", now);
        event.put("updated_at", now);
        event.putArray("event_memberships").addObject().put("user", HOST).put("user_email", "dispatch@valet.example")
                .put("user_name", "Valet Dispatch");
        event.putArray("event_guests");
        return payload;
    }

    /** Calendly's header for this body, signed at {@code t} with {@code key}. */
    static String signature(byte[] body, long t, String key) {
        return "t=" + t + ",v1=" + hmac(body, t, key);
    }

    static String signature(byte[] body) {
        return signature(body, Instant.now().getEpochSecond(), signingKey());
    }

    static String hmac(byte[] body, long t, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            ByteArrayOutputStream signed = new ByteArrayOutputStream();
            signed.writeBytes((t + ".").getBytes(StandardCharsets.UTF_8));
            signed.writeBytes(body);
            return HexFormat.of().formatHex(mac.doFinal(signed.toByteArray()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Delivers the body signed now, as Calendly does. */
    static ValidatableResponse deliver(byte[] body) {
        return deliver(body, signature(body));
    }

    /** Delivers the body with this signature header (none when null). */
    static ValidatableResponse deliver(byte[] body, String signatureHeader) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (signatureHeader != null) {
            request.header("Calendly-Webhook-Signature", signatureHeader);
        }
        return request.post(PATH).then();
    }

    private static String calendlyId() {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
