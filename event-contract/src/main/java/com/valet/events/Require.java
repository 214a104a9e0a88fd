package com.valet.events;

import java.util.List;

/** Payload validation helpers. Messages use the JSON (wire) field name, since they end up in DLQ headers. */
final class Require {

    private Require() {
    }

    static <V> V notNull(V value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    static String notBlank(String value, String field) {
        notNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    /** Absent lists become empty so consumers never null-check; the copy keeps the record immutable. */
    static <E> List<E> list(List<E> value, String field) {
        if (value == null) {
            return List.of();
        }
        // Loop rather than contains(null): immutable lists throw on a null query.
        for (E element : value) {
            if (element == null) {
                throw new IllegalArgumentException(field + " must not contain null");
            }
        }
        return List.copyOf(value);
    }
}
