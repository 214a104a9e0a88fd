package com.valet.legacyimport;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The legacy import command (legacy-import/README.md, docs/operations.md):
 * <pre>
 *   import.sh dry-run --source=jdbc:postgresql://legacy/postgres --source-user=postgres \
 *                     --target=jdbc:postgresql://db/valet --target-user=postgres
 *   import.sh run     (same options) [--emit-events] [--stop-after=N]
 *   import.sh verify  (same options)
 * </pre>
 * Passwords come from LEGACY_SOURCE_PASSWORD and VALET_TARGET_PASSWORD, never from the command line, and are
 * never printed.
 */
public final class LegacyImport {
    private final PrintStream out;

    public LegacyImport(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        System.exit(new LegacyImport(System.out).run(args, System.getenv()));
    }

    /** Answers the exit code: 0 done, 1 verification found differences or rows were refused, 2 usage. */
    public int run(String[] args, Map<String, String> env) throws SQLException {
        if (args.length == 0 || !List.of("dry-run", "run", "verify").contains(args[0])) {
            out.println("usage: import.sh dry-run|run|verify --source=<jdbc url> --source-user=<user> --target=<jdbc url>"
                    + " --target-user=<user> [--emit-events] [--stop-after=<rows>]");
            return 2;
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].replaceFirst("^--", "").split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        try (Connection source = DriverManager.getConnection(required(options, "source"), required(options, "source-user"),
                env.getOrDefault("LEGACY_SOURCE_PASSWORD", ""));
             Connection target = DriverManager.getConnection(required(options, "target"), required(options, "target-user"),
                     env.getOrDefault("VALET_TARGET_PASSWORD", ""))) {
            source.setReadOnly(true);
            Plan plan = new Planner(source).plan();
            switch (args[0]) {
                case "dry-run" -> {
                    report(plan);
                    out.println("Dry run: nothing was written.");
                    return 0;
                }
                case "run" -> {
                    report(plan);
                    Writer writer = new Writer(target, options.containsKey("emit-events"),
                            Long.parseLong(options.getOrDefault("stop-after", "0")), out);
                    out.println("Writing:");
                    try {
                        writer.write(plan);
                    } catch (Writer.Stopped stopped) {
                        out.println(stopped.getMessage());
                        return 0;
                    }
                    writer.conflicts().forEach(p -> out.println("  REFUSED " + p));
                    out.printf("Done: %d rows written in this run, %d events for the services' read models%s.%n",
                            writer.written(), writer.events(), options.containsKey("emit-events") ? "" : " (--emit-events not given)");
                    return writer.conflicts().isEmpty() ? 0 : 1;
                }
                default -> {
                    List<Verifier.Line> lines = new Verifier(target).verify(plan);
                    Verifier.print(lines, out);
                    boolean ok = lines.stream().allMatch(Verifier.Line::matches);
                    out.println(ok ? "Verified: every imported row is in the services' tables as the legacy database has it."
                            : "DIFFERENCES: see the lines marked DIFFERENT.");
                    return ok ? 0 : 1;
                }
            }
        }
    }

    private void report(Plan plan) {
        out.println("Read from the legacy database:");
        plan.read().forEach((table, n) -> out.printf("  %-28s %6d rows%n", table, n));
        out.println("To create in the services' schemas:");
        for (String table : Plan.TARGETS) {
            out.printf("  %-28s %6d rows%n", table, plan.rows(table).size());
        }
        Map<String, Integer> skipped = new TreeMap<>();
        plan.problems().stream().filter(Problem::skipped).forEach(p -> skipped.merge(p.source(), 1, Integer::sum));
        out.printf("Problems (%d; %d rows skipped):%n", plan.problems().size(), skipped.values().stream().mapToInt(i -> i).sum());
        plan.problems().forEach(p -> out.println("  " + p));
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
