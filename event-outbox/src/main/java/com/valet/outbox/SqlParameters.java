package com.valet.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * How set-based statements take a whole batch in one parameter, through Hibernate Reactive's native queries
 * (which bind no arrays): values joined by commas, read as {@code string_to_array(:p, ',')} (ids, numbers,
 * keys: nothing that can hold a comma), and rows as a JSON array, read as {@code jsonb_to_recordset(:p)}.
 */
public final class SqlParameters {
    private SqlParameters() {
    }

    /** For {@code string_to_array(:p, ',')}: values whose text never holds a comma (UUIDs, numbers). */
    public static String list(Collection<?> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** For {@code jsonb_to_recordset(CAST(CAST(:p AS text) AS jsonb))}: rows as a JSON array. */
    public static String rows(ObjectMapper mapper, Collection<?> rows) {
        try {
            return mapper.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode rows for a statement", e);
        }
    }
}
