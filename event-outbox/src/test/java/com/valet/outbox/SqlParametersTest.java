package com.valet.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SqlParametersTest {

    @Test
    void aListIsItsValuesJoinedByCommasInOrder() {
        UUID first = UUID.fromString("00000000-0000-4000-a000-000000000001");
        UUID second = UUID.fromString("00000000-0000-4000-a000-000000000002");
        assertEquals(first + "," + second, SqlParameters.list(List.of(first, second)));
        assertEquals("7,42", SqlParameters.list(List.of(7L, 42L)));
        assertEquals("", SqlParameters.list(List.of()));
    }

    @Test
    void rowsAreAJsonArrayOfObjectsWithTextEscaped() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 1);
        row.put("notes", "gate code \"4, 2\"\nring twice");
        row.put("unit", null);
        assertEquals("[{\"id\":1,\"notes\":\"gate code \\\"4, 2\\\"\\nring twice\",\"unit\":null}]",
                SqlParameters.rows(new ObjectMapper(), List.of(row)));
    }
}
