package com.valet.booking.calendly;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.valet.web.FieldError;
import com.valet.web.ProblemException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What booking reads of a Calendly API v2 invitee webhook. The body is read as a JSON tree with a mapper of
 * its own, so the fields Calendly adds over time (it documents many more than these) are never refused:
 * <pre>
 * {"event": "invitee.created" | "invitee.canceled", "created_at": ..., "created_by": ...,
 *  "payload": {"uri": invitee URI, "event": scheduled event URI, "status": "active" | "canceled",
 *              "rescheduled": bool, "old_invitee": URI, "new_invitee": URI,
 *              "tracking": {"utm_content": action id, ...},
 *              "scheduled_event": {"uri", "start_time", "end_time", ...},
 *              "cancellation": {"reason", "canceler_type", "canceled_by", ...}, ...}}
 * </pre>
 *
 * @param event             the webhook's {@code event}
 * @param inviteeUri        {@code payload.uri}: one booking of one person, unique per webhook kind
 * @param scheduledEventUri {@code payload.event} (or {@code payload.scheduled_event.uri})
 * @param trackingContent   {@code payload.tracking.utm_content}: the action id our scheduling link carried
 * @param oldInviteeUri     {@code payload.old_invitee}: the booking a reschedule replaced
 * @param rescheduled       {@code payload.rescheduled}: a cancellation that is the first half of a reschedule
 * @param start             {@code payload.scheduled_event.start_time} (required for invitee.created)
 * @param end               {@code payload.scheduled_event.end_time} (required for invitee.created)
 * @param cancelReason      {@code payload.cancellation.reason}
 * @param cancelerType      {@code payload.cancellation.canceler_type} ({@code host} or {@code invitee})
 * @param body              the raw body as text, stored as the log row's payload
 */
public record InviteeWebhook(String event, String inviteeUri, String scheduledEventUri, String trackingContent,
                             String oldInviteeUri, boolean rescheduled, Instant start, Instant end,
                             String cancelReason, String cancelerType, String body) {
    public static final String CREATED = "invitee.created";
    public static final String CANCELED = "invitee.canceled";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    public boolean created() {
        return event.equals(CREATED);
    }

    /** The {@code event} of a signed body; a body that is not a JSON object is a 400. */
    static JsonNode read(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("The body is not JSON.", List.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (root == null || !root.isObject()) {
            throw ProblemException.badRequest("The body is not a JSON object.", List.of());
        }
        return root;
    }

    /** The event name, or null when there is none. */
    static String eventOf(JsonNode root) {
        return text(root.path("event"));
    }

    /**
     * Reads an invitee.created or invitee.canceled webhook; one without what booking needs (Calendly always
     * sends it) is a 400 naming the missing fields.
     */
    static InviteeWebhook of(JsonNode root, byte[] body) {
        String event = eventOf(root);
        JsonNode payload = root.path("payload");
        JsonNode scheduled = payload.path("scheduled_event");
        List<FieldError> errors = new ArrayList<>();
        String invitee = required(errors, "payload.uri", text(payload.path("uri")));
        String eventUri = text(payload.path("event"));
        if (eventUri == null) {
            eventUri = text(scheduled.path("uri"));
        }
        required(errors, "payload.event", eventUri);
        Instant start = time(errors, "payload.scheduled_event.start_time", scheduled.path("start_time"));
        Instant end = time(errors, "payload.scheduled_event.end_time", scheduled.path("end_time"));
        if (CREATED.equals(event)) {
            required(errors, "payload.scheduled_event.start_time", start);
            required(errors, "payload.scheduled_event.end_time", end);
            if (start != null && end != null && !end.isAfter(start)) {
                errors.add(new FieldError("payload.scheduled_event.end_time", "must be after start_time"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The body is not a Calendly " + event + " webhook.", errors);
        }
        JsonNode cancellation = payload.path("cancellation");
        return new InviteeWebhook(event, invitee, eventUri, text(payload.path("tracking").path("utm_content")),
                text(payload.path("old_invitee")), payload.path("rescheduled").asBoolean(false), start, end,
                text(cancellation.path("reason")), text(cancellation.path("canceler_type")),
                new String(body, StandardCharsets.UTF_8));
    }

    private static String text(JsonNode node) {
        if (!node.isTextual() || node.textValue().isBlank()) {
            return null;
        }
        return node.textValue().strip();
    }

    private static Instant time(List<FieldError> errors, String field, JsonNode node) {
        String text = text(node);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an RFC 3339 time such as 2026-11-25T14:00:00.000000Z"));
            return null;
        }
    }

    private static <T> T required(List<FieldError> errors, String field, T value) {
        if (value == null) {
            errors.add(new FieldError(field, "is required"));
        }
        return value;
    }
}
