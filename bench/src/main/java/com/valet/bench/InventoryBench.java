package com.valet.bench;

import com.valet.devstack.AppProcess;
import com.valet.devstack.DevStack;
import com.valet.devstack.Ports;
import com.valet.devstack.ServiceSchema;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;

/**
 * inventory-service's queries at scale: starts its own dev stack (temp directory, free ports) and the
 * packaged service, loads the items, measures the seed's item queries through the service and the keyword
 * search against the seed's ILIKE query in SQL, prints the table, and stops everything (Ctrl-C too).
 */
public final class InventoryBench {
    /**
     * Not the launcher's small-footprint options (C1 only, 192 MB): a benchmark measures the service as
     * it runs in production, with the full JIT.
     */
    static final List<String> SERVICE_JVM_OPTIONS = List.of("-Xms256m", "-Xmx512m");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final long SEED = 42;
    private static volatile boolean stopping;

    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private final BenchOptions options;

    private InventoryBench(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(System.getProperty("valet.repo", ".")).toAbsolutePath().normalize();
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, repo);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            new InventoryBench(options).run();
        } catch (Exception e) {
            if (stopping) {
                return; // Ctrl-C: what failed is the request the shutdown cut off, not worth a stack trace
            }
            throw e;
        }
        System.exit(0); // the dev stack's shutdown hook stops PostgreSQL and Kafka and deletes its directory
    }

    private void run() throws Exception {
        Instant began = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        double loadBefore = loadAverage();
        // The tests' stack: free ports, a temp directory, stopped and deleted by its own shutdown hook.
        DevStack stack = DevStack.sharedForTests();
        AppProcess service = AppProcess.service(options.repo(), ServiceSchema.INVENTORY, Ports.free(), stack,
                        options.repo().resolve("bench/target/logs"))
                .withJvmOptions(SERVICE_JVM_OPTIONS);
        if (!service.isBuilt()) {
            throw new IllegalStateException(service.notBuiltMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            service.stop(Duration.ofSeconds(10));
        }, "bench-stop"));
        service.start();
        service.awaitReady(READY_TIMEOUT); // Flyway has created the schema
        out.printf("inventory-service ready on %s in %.0f s (log %s)%n", service.baseUrl(),
                service.sinceStart().toMillis() / 1000.0, service.logFile());

        Population population = Population.spread(options.customers(), options.items(), SEED);
        String postgresVersion;
        try (Connection admin = stack.postgres().connectAsSuperuser(DevStack.DATABASE)) {
            new ItemLoader(admin, out).load(population);
            postgresVersion = show(admin, "server_version");
        }

        ServiceQueries http = new ServiceQueries(service.baseUrl(), population, stack.auth());
        int deep = http.findDeepPages(options.deepPages(), new SplittableRandom(SEED));
        out.printf("%d deep pages (after %d+ items of one customer)%n", deep, ServiceQueries.DEEP_PAGE_AFTER);
        SqlQueries sql = new SqlQueries(stack.postgres(), population);

        Report report = new Report(out);
        out.println();
        report.header();
        ClosedLoop loop = new ClosedLoop(options.concurrency(), SEED);
        Result first = measure(report, loop, http.listFirstPage(), false);
        Result deepPage = measure(report, loop, http.listDeepPage(), false);
        Result search = measure(report, loop, http.search(), false);
        Result fullText = measure(report, loop, sql.workload(sql.fullText()), false);
        Result ilikeItem = measure(report, loop, sql.workload(sql.seedIlikeOnItem()), false);
        Result ilikeSeed = measure(report, loop, sql.workload(sql.seedIlikeUnindexed()), true);
        Result staffFullText = measure(report, loop, sql.workload(sql.staffFullText()), true);
        Result staffIlike = measure(report, loop, sql.workload(sql.staffIlikeUnindexed()), true);

        out.println();
        out.println("Keyword search, ILIKE latency / full-text latency (x2 = ILIKE takes twice as long):");
        report.ratio("one customer: seed ILIKE on the unindexed copy / full-text (both SQL)", ilikeSeed, fullText);
        report.ratio("one customer: seed ILIKE on inventory.item, owner index / full-text (both SQL)", ilikeItem,
                fullText);
        report.ratio("one customer: seed ILIKE on the unindexed copy (SQL) / the service's search (HTTP)", ilikeSeed,
                search);
        report.ratio("all customers (staff): ILIKE on the unindexed copy / full-text (both SQL)", staffIlike,
                staffFullText);

        printPlans(sql, population);
        out.println();
        // Everything shares the machine's cores: the load average tells whether something else ran too.
        out.printf("%s, %,d items over %,d customers, concurrency %d, %d cores (load average %.1f before,"
                        + " %.1f after), PostgreSQL %s, Java %s, service JVM %s%n", began, options.items(),
                options.customers(), options.concurrency(), Runtime.getRuntime().availableProcessors(), loadBefore,
                loadAverage(), postgresVersion, System.getProperty("java.version"),
                String.join(" ", SERVICE_JVM_OPTIONS));
        out.println();
        report.table(List.of(first, deepPage, search, fullText, ilikeItem, ilikeSeed, staffFullText, staffIlike));
        service.stop(Duration.ofSeconds(10));
    }

    private Result measure(Report report, ClosedLoop loop, Workload workload, boolean fullScan) throws Exception {
        Result result = fullScan
                ? loop.run(workload, options.scanWarmup(), options.scanRequests())
                : loop.run(workload, options.warmup(), options.requests());
        report.row(result);
        return result;
    }

    /** Why the figures are what they are: each SQL query's plan for one ordinary customer. */
    private void printPlans(SqlQueries sql, Population population) throws Exception {
        Population.Customer customer = population.customers().stream()
                .filter(c -> c.items() >= 80 && c.items() <= 120).findFirst().orElse(population.customers().get(0));
        String keyword = "lamp";
        out.printf("%nPlans for a customer with %d items, keyword '%s':%n", customer.items(), keyword);
        for (SqlQueries.Query query : List.of(sql.fullText(), sql.seedIlikeOnItem(), sql.seedIlikeUnindexed(),
                sql.staffFullText(), sql.staffIlikeUnindexed())) {
            out.println("-- " + query.name());
            for (String line : sql.explain(query, customer.id(), keyword)) {
                out.println("   " + line);
            }
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String show(Connection connection, String setting) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
