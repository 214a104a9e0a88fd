package com.valet.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What a JSON value of a Java type looks like, for "must be ..." messages. */
final class JsonTypes {
    private JsonTypes() {
    }

    static String describe(Class<?> type, ObjectMapper mapper) {
        if (type == null) {
            return "a valid value";
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class
                || type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == BigInteger.class) {
            return "an integer";
        }
        if (type == double.class || type == float.class || type == Double.class || type == Float.class
                || type == BigDecimal.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        }
        if (type == String.class || type == char.class || type == Character.class || CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type == LocalDate.class) {
            return "a date (YYYY-MM-DD)";
        }
        if (type == LocalTime.class) {
            return "a time (HH:MM:SS)";
        }
        if (type == LocalDateTime.class) {
            return "a local date-time (YYYY-MM-DDTHH:MM:SS)";
        }
        if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
            return "a date-time with offset (ISO 8601, e.g. 2026-01-31T09:30:00Z)";
        }
        if (type == Duration.class) {
            return "a duration (ISO 8601, e.g. PT30M)";
        }
        if (type.isEnum()) {
            return "one of " + String.join(", ", enumValues(type, mapper));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || !type.isPrimitive()) {
            return "an object";
        }
        return "a valid value";
    }

    /** The enum's constants as they are written in JSON (honouring @JsonProperty, @JsonValue...). */
    private static List<String> enumValues(Class<?> type, ObjectMapper mapper) {
        List<String> values = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
            String value = ((Enum<?>) constant).name();
            if (mapper != null) {
                try {
                    JsonNode json = mapper.valueToTree(constant);
                    if (json != null && json.isValueNode()) {
                        value = json.asText();
                    }
                } catch (RuntimeException e) {
                    // keep the constant's name
                }
            }
            values.add(value);
        }
        return values;
    }
}
