package com.valet.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark's knobs, as {@code --name=value}.
 *
 * @param requests     measured requests per indexed query (after the warm-up)
 * @param scanRequests measured requests per query that reads the whole table (the unindexed ILIKE and the
 *                     staff-wide searches): each costs a full scan, so fewer of them fit in the time
 * @param deepPages    customers whose deep list page is fetched
 */
record BenchOptions(long items, int customers, int requests, int warmup, int scanRequests, int concurrency,
                    int deepPages, Path repo) {

    static final String USAGE = """
            bench/inventory.sh [--items=1000000] [--customers=10000] [--requests=2000] [--warmup=500]
                               [--scan-requests=200] [--concurrency=8] [--deep-pages=200]""";

    static BenchOptions parse(String[] args, Path repo) {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("--items", 1_000_000L);
        values.put("--customers", 10_000L);
        values.put("--requests", 2_000L);
        values.put("--warmup", 500L);
        values.put("--scan-requests", 200L);
        values.put("--concurrency", 8L);
        values.put("--deep-pages", 200L);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String flag = eq < 0 ? arg : arg.substring(0, eq);
            if (!values.containsKey(flag) || eq < 0) {
                throw new IllegalArgumentException("unknown or incomplete option '" + arg + "'");
            }
            try {
                long value = Long.parseLong(arg.substring(eq + 1).replace("_", ""));
                if (value < (flag.equals("--warmup") ? 0 : 1)) {
                    throw new NumberFormatException();
                }
                values.put(flag, value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " needs a positive whole number, got '" + arg + "'");
            }
        }
        return new BenchOptions(values.get("--items"), Math.toIntExact(values.get("--customers")),
                Math.toIntExact(values.get("--requests")), Math.toIntExact(values.get("--warmup")),
                Math.toIntExact(values.get("--scan-requests")), Math.toIntExact(values.get("--concurrency")),
                Math.toIntExact(values.get("--deep-pages")), repo);
    }

    /** Warm-up for a full-scan query, in proportion to its fewer requests. */
    int scanWarmup() {
        return Math.max(concurrency, warmup * scanRequests / requests);
    }
}
