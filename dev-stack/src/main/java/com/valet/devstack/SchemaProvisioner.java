package com.valet.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Creates the platform database, the shared extensions schema and one schema + login role per
 * service. The same SQL files ({@code provision/*.sql}) are what an operator runs once on Supabase.
 * Each service then migrates its own schema with Flyway at start.
 */
public final class SchemaProvisioner {
    private final PostgresServer postgres;
    private final String database;

    public SchemaProvisioner(PostgresServer postgres, String database) {
        this.postgres = postgres;
        this.database = database;
    }

    public void provision() {
        try {
            createDatabaseIfMissing();
            try (Connection admin = postgres.connectAsSuperuser(database)) {
                execute(admin, render("database.sql", Map.of("database", database)));
                for (ServiceSchema service : ServiceSchema.values()) {
                    execute(admin, render("service-schema.sql", Map.of(
                            "database", database,
                            "schema", service.schema(),
                            "role", service.role(),
                            "password", service.devPassword())));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("provisioning database " + database + " failed: " + e.getMessage(), e);
        }
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection admin = postgres.connectAsSuperuser("postgres");
             PreparedStatement exists = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = admin.createStatement()) {
                // CREATE DATABASE takes no bind parameters; the name is ours, not user input.
                create.execute("CREATE DATABASE " + database + " ENCODING 'UTF8' TEMPLATE template0");
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static String render(String file, Map<String, String> values) {
        String sql = read("/provision/" + file);
        for (Map.Entry<String, String> e : values.entrySet()) {
            sql = sql.replace("${" + e.getKey() + "}", e.getValue());
        }
        return sql;
    }

    private static String read(String resource) {
        try (InputStream in = SchemaProvisioner.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
