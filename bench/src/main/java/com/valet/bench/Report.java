package com.valet.bench;

import java.io.PrintStream;
import java.util.List;

/** The figures as a table, then the keyword-search ratios (ILIKE latency over full-text latency). */
final class Report {
    private static final String ROW = "%-52s %8s %9s %9s %9s %9s%n";

    private final PrintStream out;

    Report(PrintStream out) {
        this.out = out;
    }

    void header() {
        out.printf(ROW, "query", "requests", "p50 ms", "p99 ms", "req/s", "rows/req");
    }

    void row(Result r) {
        out.printf(ROW, r.name(), String.format("%,d", r.requests()), millis(r.p50Millis()), millis(r.p99Millis()),
                String.format("%,.0f", r.throughput()), String.format("%.1f", r.rowsPerRequest()));
        out.flush();
    }

    void table(List<Result> results) {
        header();
        results.forEach(this::row);
    }

    /** How many times slower {@code slow} is than {@code fast}, at p50 and at p99. */
    void ratio(String what, Result slow, Result fast) {
        out.printf("  %-86s p50 x%-8s p99 x%s%n", what, times(slow.p50Millis() / fast.p50Millis()),
                times(slow.p99Millis() / fast.p99Millis()));
    }

    private static String millis(double value) {
        return value < 10 ? String.format("%.2f", value) : String.format("%,.1f", value);
    }

    private static String times(double ratio) {
        return ratio < 10 ? String.format("%.2f", ratio) : String.format("%,.0f", ratio);
    }
}
