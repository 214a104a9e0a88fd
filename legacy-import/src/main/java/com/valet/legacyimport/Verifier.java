package com.valet.legacyimport;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares what the legacy database says each imported row is with what the services' tables hold: per target
 * table, the number of rows and a SHA-256 over the sorted lines {@code key|column|column...} of the columns
 * that carry the row's identity and meaning (owner, label, status, type...). Values the import changes on
 * purpose (a fresh QR code, a normalised phone) are left out of the checksum; the dry run lists them.
 */
final class Verifier {
    private static final Map<String, List<String>> CHECKED = Map.ofEntries(
            Map.entry("booking.service_area", List.of("zip", "city", "state")),
            Map.entry("booking.customer_profile", List.of("user_id", "email", "full_name", "out_of_service_area")),
            Map.entry("billing.customers", List.of("user_id", "stripe_customer_id", "subscription_status", "needs_manual_refund")),
            Map.entry("inventory.container_type", List.of("id", "name")),
            Map.entry("inventory.item", List.of("id", "owner_id", "label", "status")),
            Map.entry("inventory.inventory_event", List.of("id", "item_id", "event_type")),
            Map.entry("inventory.claim", List.of("id", "item_id", "kind", "amount_cents")),
            Map.entry("booking.action", List.of("id", "user_id", "service_type", "status", "calendly_event_uri")),
            Map.entry("booking.booking_event", List.of("id", "action_id", "event_type")),
            Map.entry("billing.webhook_events", List.of("event_id", "event_type")),
            Map.entry("billing.referrals", List.of("id", "referrer_user_id", "status")),
            Map.entry("ops.staff", List.of("user_id", "role", "full_name", "active")));

    record Line(String table, int planned, int found, String plannedSum, String foundSum) {
        boolean matches() {
            return planned == found && plannedSum.equals(foundSum);
        }
    }

    private final Connection target;

    Verifier(Connection target) {
        this.target = target;
    }

    List<Line> verify(Plan plan) throws SQLException {
        List<Line> lines = new ArrayList<>();
        for (String table : Plan.TARGETS) {
            List<String> columns = CHECKED.get(table);
            List<String> expected = new ArrayList<>();
            List<Object> keys = new ArrayList<>();
            for (Row row : plan.rows(table)) {
                StringBuilder line = new StringBuilder();
                for (String column : columns) {
                    line.append(Objects.toString(row.get(column), "")).append('|');
                }
                expected.add(line.toString());
                keys.add(row.get(columns.get(0)));
            }
            List<String> found = new ArrayList<>();
            String select = String.join(", ", columns.stream().map(c -> "COALESCE(" + c + "::text, '')").toList());
            String key = columns.get(0);
            String type = key.equals("zip") || key.equals("event_id") ? "text" : "uuid";
            try (PreparedStatement query = target.prepareStatement("SELECT " + select + " FROM " + table
                    + " WHERE " + key + " = ANY(?)")) {
                query.setArray(1, target.createArrayOf(type, keys.toArray()));
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        StringBuilder line = new StringBuilder();
                        for (int i = 1; i <= columns.size(); i++) {
                            line.append(rs.getString(i)).append('|');
                        }
                        found.add(line.toString());
                    }
                }
            }
            lines.add(new Line(table, expected.size(), found.size(), sum(expected), sum(found)));
        }
        return lines;
    }

    static void print(List<Line> lines, PrintStream out) {
        out.printf("  %-28s %8s %8s  %-16s %-16s %s%n", "table", "legacy", "target", "legacy sha256", "target sha256", "");
        for (Line line : lines) {
            out.printf("  %-28s %8d %8d  %-16s %-16s %s%n", line.table(), line.planned(), line.found(),
                    line.plannedSum().substring(0, 16), line.foundSum().substring(0, 16), line.matches() ? "ok" : "DIFFERENT");
        }
    }

    private static String sum(List<String> lines) {
        List<String> sorted = new ArrayList<>(lines);
        sorted.sort(null);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String line : sorted) {
                sha.update(line.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
