package com.valet.system;

import com.valet.devstack.DevStack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads across the schemas as the database owner: a test's view of what every service stored, never a service's
 * (each service's role sees only its own schema). {@code String[]} and {@code Integer[]} parameters bind as arrays.
 */
final class OwnerQueries {
    private final DevStack stack;

    OwnerQueries(DevStack stack) {
        this.stack = stack;
    }

    String string(String sql, Object... parameters) {
        List<String> rows = strings(sql, parameters);
        return rows.isEmpty() ? null : rows.get(0);
    }

    long number(String sql, Object... parameters) {
        return Long.parseLong(string(sql, parameters));
    }

    List<String> strings(String sql, Object... parameters) {
        try (Connection c = stack.postgres().connectAsSuperuser(DevStack.DATABASE);
             PreparedStatement query = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object p = parameters[i];
                if (p instanceof String[] array) {
                    query.setArray(i + 1, c.createArrayOf("text", array));
                } else if (p instanceof Integer[] array) {
                    query.setArray(i + 1, c.createArrayOf("int4", array));
                } else {
                    query.setObject(i + 1, p);
                }
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
