package com.valet.legacyimport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row to write into a target table: its key (the legacy id, kept) and its column values in target
 * types: UUID, String, Boolean, Long, BigDecimal, OffsetDateTime, {@link Json}, {@link TextArray},
 * {@link UuidArray}, or null.
 */
public record Row(String target, String key, Map<String, Object> values) {
    public Row(String target, String key) {
        this(target, key, new LinkedHashMap<>());
    }

    public Row set(String column, Object value) {
        values.put(column, value);
        return this;
    }

    public Object get(String column) {
        return values.get(column);
    }

    /** A jsonb value, as JSON text. */
    public record Json(String text) {
    }

    public record TextArray(java.util.List<String> values) {
    }

    public record UuidArray(java.util.List<java.util.UUID> values) {
    }
}
