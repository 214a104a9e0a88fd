package com.valet.legacyimport;

import com.valet.events.Actor;
import com.valet.events.CloudEvent;
import com.valet.events.CustomerAreaChanged;
import com.valet.events.EventCodec;
import com.valet.events.EventType;
import com.valet.events.EventTypes;
import com.valet.events.ItemMoved;
import com.valet.events.ItemStatus;
import com.valet.events.SubscriptionChanged;
import com.valet.events.SubscriptionStatus;
import com.valet.legacyimport.Row.Json;
import com.valet.legacyimport.Row.TextArray;
import com.valet.legacyimport.Row.UuidArray;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * Writes a {@link Plan} into the target database, table by table in batches, each batch one transaction
 * together with its progress line in {@code legacy_import.progress}: an interrupted run continues after the
 * last committed batch. Every insert is {@code ON CONFLICT DO NOTHING} on the kept ids, so running it again
 * writes nothing; a row refused by another unique constraint (a QR code or email already used in the new
 * system) is reported, never silently lost.
 */
final class Writer {
    static final int BATCH = 100;
    private static final EventCodec CODEC = new EventCodec();
    private static final Map<String, String> KEY_COLUMN = Map.of("booking.service_area", "zip",
            "booking.customer_profile", "user_id", "billing.customers", "user_id", "billing.webhook_events", "event_id",
            "ops.staff", "user_id");

    /** A run stopped on purpose after {@code --stop-after} rows (what an interruption looks like). */
    static final class Stopped extends RuntimeException {
        Stopped(long rows) {
            super("stopped after " + rows + " rows, as asked; run again to continue");
        }
    }

    private final Connection target;
    private final boolean emitEvents;
    private final long stopAfter;
    private final PrintStream out;
    private final List<Problem> conflicts = new ArrayList<>();
    private long writtenThisRun;
    private long eventsThisRun;

    Writer(Connection target, boolean emitEvents, long stopAfter, PrintStream out) {
        this.target = target;
        this.emitEvents = emitEvents;
        this.stopAfter = stopAfter;
        this.out = out;
    }

    List<Problem> conflicts() {
        return conflicts;
    }

    long written() {
        return writtenThisRun;
    }

    long events() {
        return eventsThisRun;
    }

    void write(Plan plan) throws SQLException {
        target.setAutoCommit(false);
        journal();
        continueQrCounters(plan);
        for (String table : Plan.TARGETS) {
            List<Row> rows = plan.rows(table);
            int done = progress(table);
            int inserted = 0;
            for (int from = done; from < rows.size(); from += BATCH) {
                List<Row> batch = rows.subList(from, Math.min(rows.size(), from + BATCH));
                int batchInserted = 0;
                for (Row row : batch) {
                    batchInserted += insert(row) ? 1 : 0;
                }
                saveProgress(table, from + batch.size(), batchInserted, from + batch.size() == rows.size());
                target.commit();
                inserted += batchInserted;
                writtenThisRun += batchInserted;
                if (stopAfter > 0 && writtenThisRun >= stopAfter) {
                    throw new Stopped(writtenThisRun);
                }
            }
            if (rows.isEmpty() || done >= rows.size()) {
                saveProgress(table, rows.size(), 0, true);
                target.commit();
            }
            out.printf("  %-28s %6d planned  %6d written now%n", table, rows.size(), inserted);
        }
    }

    private void journal() throws SQLException {
        try (Statement ddl = target.createStatement()) {
            ddl.execute("CREATE SCHEMA IF NOT EXISTS legacy_import");
            ddl.execute("CREATE TABLE IF NOT EXISTS legacy_import.progress (target text PRIMARY KEY,"
                    + " rows_done integer NOT NULL, rows_inserted bigint NOT NULL DEFAULT 0, finished_at timestamptz,"
                    + " updated_at timestamptz NOT NULL DEFAULT now())");
        }
        target.commit();
    }

    private int progress(String table) throws SQLException {
        try (PreparedStatement query = target.prepareStatement("SELECT rows_done FROM legacy_import.progress WHERE target = ?")) {
            query.setString(1, table);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private void saveProgress(String table, int done, int inserted, boolean finished) throws SQLException {
        try (PreparedStatement upsert = target.prepareStatement("INSERT INTO legacy_import.progress"
                + " (target, rows_done, rows_inserted, finished_at) VALUES (?, ?, ?, CASE WHEN ? THEN now() END)"
                + " ON CONFLICT (target) DO UPDATE SET rows_done = EXCLUDED.rows_done,"
                + " rows_inserted = legacy_import.progress.rows_inserted + EXCLUDED.rows_inserted,"
                + " finished_at = COALESCE(legacy_import.progress.finished_at, EXCLUDED.finished_at), updated_at = now()")) {
            upsert.setString(1, table);
            upsert.setInt(2, done);
            upsert.setInt(3, inserted);
            upsert.setBoolean(4, finished);
            upsert.executeUpdate();
        }
    }

    /** The service's QR counter continues after the highest imported number of each year. */
    private void continueQrCounters(Plan plan) throws SQLException {
        for (Map.Entry<Integer, Integer> year : plan.highestQr().entrySet()) {
            try (PreparedStatement upsert = target.prepareStatement("INSERT INTO inventory.qr_counter (year, last_value)"
                    + " VALUES (?, ?) ON CONFLICT (year) DO UPDATE SET last_value = GREATEST(qr_counter.last_value,"
                    + " EXCLUDED.last_value)")) {
                upsert.setInt(1, year.getKey());
                upsert.setInt(2, year.getValue());
                upsert.executeUpdate();
            }
        }
        target.commit();
    }

    /** Inserts the row unless it is there; answers whether it was inserted now. */
    private boolean insert(Row row) throws SQLException {
        String keyColumn = KEY_COLUMN.getOrDefault(row.target(), "id");
        if (row.target().equals("inventory.item") && row.get("qr_code") == null) {
            if (exists(row.target(), keyColumn, row.get(keyColumn))) {
                return false; // imported earlier, with the fresh code it got then
            }
            row.set("qr_code", freshQr(((OffsetDateTime) row.get("created_at")).getYear()));
        }
        StringJoiner columns = new StringJoiner(", ");
        StringJoiner values = new StringJoiner(", ");
        row.values().forEach((column, value) -> {
            columns.add(column);
            values.add(value instanceof Json ? "CAST(? AS jsonb)" : "?");
        });
        int inserted;
        try (PreparedStatement insert = target.prepareStatement("INSERT INTO " + row.target() + " (" + columns + ")"
                + " VALUES (" + values + ") ON CONFLICT DO NOTHING")) {
            int i = 1;
            for (Object value : row.values().values()) {
                bind(insert, i++, value);
            }
            inserted = insert.executeUpdate();
        }
        if (inserted == 0) {
            if (!exists(row.target(), keyColumn, row.get(keyColumn))) {
                conflicts.add(new Problem(row.target(), row.key(), "refused by a unique value already used in the service"
                        + " (email, QR code, Stripe id or Calendly URI)", "skipped: resolve by hand, then run again"));
            }
            return false;
        }
        if (emitEvents) {
            announce(row);
        }
        return true;
    }

    private boolean exists(String table, String column, Object key) throws SQLException {
        try (PreparedStatement query = target.prepareStatement("SELECT 1 FROM " + table + " WHERE " + column + " = ?")) {
            bind(query, 1, key);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    private String freshQr(int year) throws SQLException {
        try (PreparedStatement next = target.prepareStatement("INSERT INTO inventory.qr_counter (year, last_value)"
                + " VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET last_value = qr_counter.last_value + 1 RETURNING last_value")) {
            next.setInt(1, year);
            try (ResultSet rs = next.executeQuery()) {
                rs.next();
                return String.format("SV-%04d-%06d", year, rs.getInt(1));
            }
        }
    }

    /**
     * With {@code --emit-events}, what the services' read models need, through each owner's outbox (in the same
     * transaction as the row): every item as item-moved (booking and ops learn it), every subscription as
     * subscription-changed, every profile out of the area as customer-area-changed.
     */
    private void announce(Row row) throws SQLException {
        switch (row.target()) {
            case "inventory.item" -> outbox("inventory", EventTypes.ITEM_MOVED, row.key(), new ItemMoved((UUID) row.get("id"),
                    (UUID) row.get("owner_id"), (String) row.get("qr_code"), null,
                    ItemStatus.valueOf((String) row.get("status")), null, Actor.system(),
                    ((OffsetDateTime) row.get("updated_at")).toInstant()));
            case "billing.customers" -> {
                if (row.get("stripe_customer_id") != null) {
                    outbox("billing", EventTypes.SUBSCRIPTION_CHANGED, row.key(), new SubscriptionChanged((UUID) row.get("user_id"),
                            (String) row.get("stripe_customer_id"), "legacy-import", (String) row.get("subscription_id"),
                            SubscriptionStatus.valueOf((String) row.get("subscription_status")), null,
                            ((OffsetDateTime) row.get("updated_at")).toInstant()));
                }
            }
            case "booking.customer_profile" -> {
                if (Boolean.TRUE.equals(row.get("out_of_service_area"))) {
                    String address = row.get("delivery_address") instanceof Json json ? json.text() : null;
                    outbox("booking", EventTypes.CUSTOMER_AREA_CHANGED, row.key(), new CustomerAreaChanged(
                            (UUID) row.get("user_id"), address == null ? null : Planner.json(address, "zip"), true,
                            ((OffsetDateTime) row.get("updated_at")).toInstant()));
                }
            }
            default -> {
            }
        }
    }

    private <T> void outbox(String schema, EventType<T> type, String key, T data) throws SQLException {
        CloudEvent<T> event = CloudEvent.create(type, "/legacy-import", key, data);
        try (PreparedStatement insert = target.prepareStatement("INSERT INTO " + schema + ".event_outbox"
                + " (event_id, topic, event_key, event_type, payload) VALUES (?, ?, ?, ?, CAST(? AS jsonb))")) {
            insert.setObject(1, UUID.fromString(event.id()));
            insert.setString(2, type.topic());
            insert.setString(3, event.key());
            insert.setString(4, event.type());
            insert.setString(5, CODEC.encode(event));
            insert.executeUpdate();
        }
        eventsThisRun++;
    }

    private void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NULL);
        } else if (value instanceof Json json) {
            statement.setString(index, json.text());
        } else if (value instanceof TextArray array) {
            statement.setArray(index, target.createArrayOf("text", array.values().toArray()));
        } else if (value instanceof UuidArray array) {
            statement.setArray(index, target.createArrayOf("uuid", array.values().toArray()));
        } else {
            statement.setObject(index, value);
        }
    }
}
