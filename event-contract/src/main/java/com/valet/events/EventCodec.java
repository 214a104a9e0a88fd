package com.valet.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.Instant;

/**
 * Turns events into CloudEvents structured-mode JSON and back. Every service uses this one codec so
 * the wire format is defined in one place. Thread-safe; share one instance.
 *
 * <p>Decoding either returns a fully valid event or throws {@link InvalidEventException}: there is no
 * half-valid result for a consumer to trip over later.
 */
public final class EventCodec {

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Tolerant reader: a producer may add optional fields (same schemaversion) before consumers upgrade.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // "{...} junk" is a corrupt record, not an event.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** The configured mapper, for callers that need the same JSON conventions. Do not reconfigure it. */
    public ObjectMapper mapper() {
        return mapper;
    }

    public String encode(CloudEvent<?> event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            // Records of plain values always serialise; reaching this is a programming error.
            throw new IllegalStateException("cannot encode event " + event.id(), e);
        }
    }

    /**
     * Decodes an event of the expected type, rejecting other types, newer schema versions and payloads
     * that fail validation.
     */
    public <T> CloudEvent<T> decode(String json, EventType<T> expected) {
        CloudEvent<JsonNode> envelope = decodeEnvelope(json);
        if (!expected.type().equals(envelope.type())) {
            throw new InvalidEventException("type is '" + envelope.type() + "' but expected '" + expected.type() + "'");
        }
        if (envelope.schemaversion() > expected.schemaVersion()) {
            // A newer major schema may mean something this build would misread; don't guess.
            throw new InvalidEventException("schemaversion " + envelope.schemaversion() + " of " + expected.type()
                    + " is newer than the supported " + expected.schemaVersion());
        }
        T data = bindData(envelope.data(), expected);
        return new CloudEvent<>(envelope.specversion(), envelope.id(), envelope.source(), envelope.type(),
                envelope.subject(), envelope.time(), envelope.datacontenttype(), envelope.schemaversion(),
                envelope.traceparent(), data);
    }

    /**
     * Decodes and validates the envelope only, leaving {@code data} as a tree: for routing by type,
     * logging or dead-lettering without knowing the payload class.
     */
    public CloudEvent<JsonNode> decodeEnvelope(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException("event is empty");
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("event is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEventException("event must be a JSON object");
        }
        // Checked first: the other attributes mean nothing under another spec version.
        String specversion = text(root, "specversion");
        if (!CloudEvent.SPEC_VERSION.equals(specversion)) {
            throw new InvalidEventException("specversion must be \"1.0\" but was "
                    + (specversion == null ? "missing" : "\"" + specversion + "\""));
        }
        JsonNode data = root.get("data");
        try {
            return new CloudEvent<>(
                    specversion,
                    text(root, "id"),
                    text(root, "source"),
                    text(root, "type"),
                    text(root, "subject"),
                    time(root),
                    text(root, "datacontenttype"),
                    schemaversion(root),
                    text(root, "traceparent"),
                    data == null || data.isNull() ? null : data);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(e.getMessage(), e);
        }
    }

    private <T> T bindData(JsonNode data, EventType<T> expected) {
        try {
            return mapper.treeToValue(data, expected.dataClass());
        } catch (ValueInstantiationException e) {
            // The record's own validation refused the payload; its message names the field.
            Throwable reason = e.getCause() != null ? e.getCause() : e;
            String where = e.getPath().isEmpty() ? "" : " at " + path(e);
            throw new InvalidEventException("invalid data for " + expected.type() + where + ": " + reason.getMessage(), e);
        } catch (JsonMappingException e) {
            throw new InvalidEventException("data does not match " + expected.type() + " schema at "
                    + path(e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("data does not match " + expected.type() + " schema: "
                    + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("data does not match " + expected.type() + " schema: " + e.getMessage(), e);
        }
    }

    /** Wire path of the offending value, e.g. {@code data.containers[0].quantity}, for the DLQ reason. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder("data");
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String text(JsonNode root, String attribute) {
        JsonNode node = root.get(attribute);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidEventException(attribute + " must be a string");
        }
        return node.textValue();
    }

    private Instant time(JsonNode root) {
        String time = text(root, "time");
        if (time == null) {
            return null;
        }
        try {
            // Jackson's parser accepts any RFC 3339 offset, not only 'Z', as CloudEvents allows.
            return mapper.convertValue(root.get("time"), Instant.class);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("time must be an RFC 3339 timestamp but was '" + time + "'", e);
        }
    }

    private static int schemaversion(JsonNode root) {
        JsonNode node = root.get("schemaversion");
        if (node == null || node.isNull()) {
            throw new InvalidEventException("schemaversion is required");
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        // Some CloudEvents SDKs write extension attributes as strings.
        if (node.isTextual() && node.textValue().matches("-?\\d{1,9}")) {
            return Integer.parseInt(node.textValue());
        }
        throw new InvalidEventException("schemaversion must be an integer but was " + node);
    }
}
