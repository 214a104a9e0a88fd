package com.valet.legacyimport;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What the import will write, table by table in dependency order, and what it found wrong. */
final class Plan {
    /** Target tables in the order they are written (a row's references are written before it). */
    static final List<String> TARGETS = List.of("booking.service_area", "booking.customer_profile", "billing.customers",
            "inventory.container_type", "inventory.item", "inventory.inventory_event", "inventory.claim", "booking.action",
            "booking.booking_event", "billing.webhook_events", "billing.referrals", "ops.staff");

    private final Map<String, List<Row>> rows = new LinkedHashMap<>();
    private final Map<String, Set<String>> keys = new LinkedHashMap<>();
    private final Map<String, Integer> read = new TreeMap<>();
    private final List<Problem> problems = new ArrayList<>();
    /** Per year, the highest QR number among the codes kept: the counter continues after it. */
    private final Map<Integer, Integer> highestQr = new TreeMap<>();

    Plan() {
        TARGETS.forEach(t -> {
            rows.put(t, new ArrayList<>());
            keys.put(t, new HashSet<>());
        });
    }

    void add(Row row) {
        if (!rows.containsKey(row.target())) {
            throw new IllegalArgumentException("no target table " + row.target());
        }
        if (keys.get(row.target()).add(row.key())) {
            rows.get(row.target()).add(row);
        }
    }

    boolean has(String target, String key) {
        return keys.get(target).contains(key);
    }

    void read(String source) {
        read.merge(source, 1, Integer::sum);
    }

    void problem(Problem problem) {
        problems.add(problem);
    }

    void seeQr(int year, int number) {
        highestQr.merge(year, number, Math::max);
    }

    List<Row> rows(String target) {
        return rows.get(target);
    }

    Map<String, Integer> read() {
        return read;
    }

    List<Problem> problems() {
        return problems;
    }

    Map<Integer, Integer> highestQr() {
        return highestQr;
    }
}
