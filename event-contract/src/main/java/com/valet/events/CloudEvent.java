package com.valet.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A CloudEvents 1.0 envelope in structured JSON mode: the whole event, attributes and data, is the
 * Kafka record value. Attribute names are the CloudEvents ones (all lowercase, no separators).
 *
 * @param id            a UUID; consumers record it to stay idempotent under at-least-once delivery
 * @param source        URI reference of the producing service, e.g. {@code /inventory-service}
 * @param subject       the aggregate id (item, action or customer id), also the Kafka key
 * @param schemaversion extension attribute: the payload schema version, see {@link EventType#schemaVersion()}
 * @param traceparent   extension attribute (CloudEvents distributed tracing): W3C trace context, optional
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"specversion", "id", "source", "type", "subject", "time", "datacontenttype",
        "schemaversion", "traceparent", "data"})
public record CloudEvent<T>(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        int schemaversion,
        String traceparent,
        T data) {

    public static final String SPEC_VERSION = "1.0";
    /** Kafka {@code content-type} header value for structured mode. */
    public static final String MEDIA_TYPE = "application/cloudevents+json";
    public static final String DATA_CONTENT_TYPE = "application/json";

    private static final Pattern UUID_FORMAT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public CloudEvent {
        if (!SPEC_VERSION.equals(specversion)) {
            throw new IllegalArgumentException("specversion must be \"1.0\" but was "
                    + (specversion == null ? "missing" : "\"" + specversion + "\""));
        }
        Require.notBlank(id, "id");
        // Consumers store applied ids in uuid columns; reject here rather than fail there.
        if (!UUID_FORMAT.matcher(id).matches()) {
            throw new IllegalArgumentException("id must be a UUID but was '" + id + "'");
        }
        Require.notBlank(source, "source");
        Require.notBlank(type, "type");
        Require.notBlank(subject, "subject");
        Require.notNull(time, "time");
        if (schemaversion < 1) {
            throw new IllegalArgumentException("schemaversion must be at least 1 but was " + schemaversion);
        }
        Require.notNull(data, "data");
    }

    /** A new event with a fresh id and the current time; {@code subject} is the aggregate id. */
    public static <T> CloudEvent<T> create(EventType<T> type, String source, String subject, T data) {
        if (data != null && !type.dataClass().isInstance(data)) {
            throw new IllegalArgumentException("data must be a " + type.dataClass().getSimpleName()
                    + " for type " + type.type() + " but was " + data.getClass().getSimpleName());
        }
        return new CloudEvent<>(SPEC_VERSION, UUID.randomUUID().toString(), source, type.type(), subject,
                // PostgreSQL keeps microseconds: truncating lets an event survive an outbox round-trip unchanged.
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                DATA_CONTENT_TYPE, type.schemaVersion(), null, data);
    }

    public CloudEvent<T> withTraceparent(String traceparent) {
        return new CloudEvent<>(specversion, id, source, type, subject, time, datacontenttype, schemaversion,
                traceparent, data);
    }

    /** The Kafka record key: the aggregate id, so one aggregate's events stay ordered on one partition. */
    @JsonIgnore
    public String key() {
        return subject;
    }
}
