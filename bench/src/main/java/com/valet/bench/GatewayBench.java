package com.valet.bench;

import com.valet.devstack.AppProcess;
import com.valet.devstack.DevStack;
import com.valet.devstack.Ports;
import com.valet.devstack.ServiceSchema;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * What the gateway adds: the same requests (a customer reading one of their items, and their first page of
 * items) sent straight to inventory-service and through the gateway, at the same concurrency, in alternating
 * rounds so both sides see the same machine. The gateway does all it does in production (token check, rate
 * limit buckets, request id, header filtering, proxying over a pooled connection); its limits are raised so
 * that the benchmark measures their cost, not their refusals. Run it with {@code bench/gateway.sh}.
 */
public final class GatewayBench {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final long SEED = 7;
    private static final List<String> GATEWAY_JVM_OPTIONS = List.of("-Xms128m", "-Xmx256m");
    /** The dev stack records every trace; production's share (service-web's microprofile-config.properties). */
    private static final Map<String, String> PRODUCTION_SAMPLING = Map.of("quarkus.otel.traces.sampler.arg", "0.1");

    private final PrintStream out = System.out;
    private final Path repo = Path.of(System.getProperty("valet.repo", ".")).toAbsolutePath().normalize();
    private int customers = 100;
    private int itemsPerCustomer = 5;
    private int requests = 4_000;
    private int warmup = 1_000;
    private int concurrency = 8;
    private int rounds = 2;
    /** Both sides under load for at least this long before anything is measured (JIT, pools, caches). */
    private int warmupSeconds = 30;
    /** 1: the gateway without tracing and access log, to see what they cost. */
    private int bare = 0;

    public static void main(String[] args) throws Exception {
        GatewayBench bench = new GatewayBench();
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            int value = Integer.parseInt(kv[1]);
            switch (kv[0]) {
                case "customers" -> bench.customers = value;
                case "items-per-customer" -> bench.itemsPerCustomer = value;
                case "requests" -> bench.requests = value;
                case "warmup" -> bench.warmup = value;
                case "concurrency" -> bench.concurrency = value;
                case "rounds" -> bench.rounds = value;
                case "warmup-seconds" -> bench.warmupSeconds = value;
                case "bare" -> bench.bare = value;
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        try {
            bench.run();
        } catch (Throwable e) {
            // the dev stack's threads would keep the JVM (and the apps, Kafka, PostgreSQL) alive: exit, which runs the stop hooks
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0); // the dev stack's shutdown hook stops PostgreSQL and Kafka
    }

    /**
     * An app's JVM options; with {@code BENCH_JFR=1} it also records a JFR profile of the whole run to
     * {@code bench/target/logs/<app>.jfr} (read it with {@code jfr print --events jdk.ExecutionSample}, or JMC).
     */
    private static List<String> profiled(List<String> jvmOptions, String app, Path logs) {
        List<String> options = new ArrayList<>(jvmOptions);
        if ("1".equals(System.getenv("BENCH_JFR"))) {
            options.add("-XX:FlightRecorderOptions=stackdepth=256"); // Quarkus' filter chains are deeper than the default 64
            options.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + logs.resolve(app + ".jfr"));
        }
        return options;
    }

    private void run() throws Exception {
        DevStack stack = DevStack.sharedForTests();
        Path logs = repo.resolve("bench/target/logs");
        int inventoryPort = Ports.free();
        AppProcess inventory = AppProcess.service(repo, ServiceSchema.INVENTORY, inventoryPort, stack, logs)
                .withJvmOptions(profiled(InventoryBench.SERVICE_JVM_OPTIONS, "inventory-service", logs))
                .withConfig(PRODUCTION_SAMPLING);
        AppProcess gateway = AppProcess.gateway(repo, Ports.free(), stack,
                        service -> service == ServiceSchema.INVENTORY ? inventoryPort : Ports.free(), logs)
                .withJvmOptions(profiled(GATEWAY_JVM_OPTIONS, "gateway", logs)).withConfig(Flags.GATEWAY_LIMITS_OFF)
                .withConfig(PRODUCTION_SAMPLING)
                .withConfig(bare == 1 ? Map.of("quarkus.otel.sdk.disabled", "true",
                        "quarkus.http.access-log.enabled", "false") : Map.of());
        for (AppProcess app : List.of(inventory, gateway)) {
            if (!app.isBuilt()) {
                throw new IllegalStateException(app.notBuiltMessage());
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.stop(Duration.ofSeconds(10));
            inventory.stop(Duration.ofSeconds(10));
        }, "bench-stop"));
        inventory.start();
        gateway.start();
        inventory.awaitReady(READY_TIMEOUT);
        gateway.awaitReady(READY_TIMEOUT);

        List<Owner> owners = catalogue(stack, inventory.baseUrl());
        out.printf("%d customers x %d items; %d measured requests per run after %d warm-up, %d in flight, %d rounds%s%n",
                customers, itemsPerCustomer, requests, warmup, concurrency, rounds,
                bare == 1 ? "; gateway without tracing and access log" : "");
        CpuMeter cpu = new CpuMeter(List.of(new CpuMeter.Target("gateway", gateway.pid(), false),
                new CpuMeter.Target("inventory", inventory.pid(), false),
                new CpuMeter.Target("postgres", stack.postgres().postmasterPid(), true),
                new CpuMeter.Target("bench", ProcessHandle.current().pid(), false)));

        ClosedLoop loop = new ClosedLoop(concurrency, SEED);
        warmUp(loop, inventory.baseUrl(), gateway.baseUrl(), owners);
        Report report = new Report(out);
        report.header();
        for (String what : List.of("item", "list")) {
            Histogram direct = new Histogram(3);
            Histogram proxied = new Histogram(3);
            double directSeconds = 0;
            double proxiedSeconds = 0;
            Map<String, Double> directCpu = new java.util.LinkedHashMap<>();
            Map<String, Double> proxiedCpu = new java.util.LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                Result d = measured(loop, cpu, new Reads(what + " direct", inventory.baseUrl(), "", owners, what), report, directCpu);
                Result g = measured(loop, cpu, new Reads(what + " via gateway", gateway.baseUrl(), "/api/inventory", owners, what),
                        report, proxiedCpu);
                direct.add(d.latencies());
                proxied.add(g.latencies());
                directSeconds += d.seconds();
                proxiedSeconds += g.seconds();
            }
            Result d = new Result(what + " direct, all rounds", direct, directSeconds, 0);
            Result g = new Result(what + " via gateway, all rounds", proxied, proxiedSeconds, 0);
            report.row(d);
            report.row(g);
            report.ratio(what + ": gateway / direct latency", g, d);
            out.printf("  %-86s p50 +%.2f ms  p99 +%.2f ms  throughput x%.2f%n", what + ": added by the gateway",
                    g.p50Millis() - d.p50Millis(), g.p99Millis() - d.p99Millis(), g.throughput() / d.throughput());
            long n = (long) rounds * requests;
            out.printf("  %-86s %s%n", what + ": CPU ms per request, direct", perRequest(directCpu, n));
            out.printf("  %-86s %s; gateway / inventory x%.2f%n", what + ": CPU ms per request, via gateway",
                    perRequest(proxiedCpu, n), proxiedCpu.getOrDefault("gateway", 0.0) / proxiedCpu.getOrDefault("inventory", 1.0));
        }
        out.printf("machine: %d cores, load average %.2f, Java %s%n", Runtime.getRuntime().availableProcessors(),
                CpuMeter.loadAverage(), System.getProperty("java.version"));
    }

    /**
     * Both sides, both requests, in turns of 500 requests, until {@code warmupSeconds} have passed: the JIT has
     * compiled the hot paths of the gateway and the service before the first measured run.
     */
    private void warmUp(ClosedLoop loop, String direct, String viaGateway, List<Owner> owners) throws Exception {
        long started = System.nanoTime();
        long until = started + Duration.ofSeconds(warmupSeconds).toNanos();
        int turns = 0;
        while (System.nanoTime() < until) {
            for (String what : List.of("item", "list")) {
                loop.run(new Reads(what + " direct", direct, "", owners, what), 0, 500);
                loop.run(new Reads(what + " via gateway", viaGateway, "/api/inventory", owners, what), 0, 500);
                turns++;
            }
        }
        out.printf("warm-up: %,d requests each way in %.0f s, load average %.2f%n", turns * 500,
                (System.nanoTime() - started) / 1e9, CpuMeter.loadAverage());
    }

    /** One run, its row, and the CPU each process spent on its measured requests (added to {@code cpuTotals}). */
    private Result measured(ClosedLoop loop, CpuMeter cpu, Reads workload, Report report, Map<String, Double> cpuTotals)
            throws Exception {
        Map<String, Long>[] before = new Map[1];
        double load = CpuMeter.loadAverage();
        Result result = loop.run(workload, warmup, requests, () -> before[0] = cpu.snapshot());
        Map<String, Double> millis = cpu.millisBetween(before[0], cpu.snapshot());
        report.row(result);
        millis.forEach((name, ms) -> cpuTotals.merge(name, ms, Double::sum));
        out.printf("      CPU ms per request %s; load average %.2f -> %.2f%n", perRequest(millis, result.requests()),
                load, CpuMeter.loadAverage());
        return result;
    }

    private static String perRequest(Map<String, Double> cpuMillis, long requests) {
        StringBuilder line = new StringBuilder();
        cpuMillis.forEach((name, ms) -> line.append(line.isEmpty() ? "" : ", ").append(name)
                .append(String.format(" %.3f", ms / requests)));
        return line.toString();
    }

    /** A customer, their token and their items' ids. */
    private record Owner(String token, List<String> items) {
    }

    private List<Owner> catalogue(DevStack stack, String inventory) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<Owner> owners = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            UUID id = UUID.randomUUID();
            String token = stack.auth().customerToken(id, "bench-" + c + "@valet.local", Duration.ofHours(6));
            List<String> items = new ArrayList<>();
            for (int i = 0; i < itemsPerCustomer; i++) {
                String body = "{\"label\":\"Box " + i + "\",\"description\":\"Books and papers, box " + i
                        + "\",\"photo_paths\":[\"" + id + "/box-" + i + ".jpg\"],\"tags\":[\"books\"]}";
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(inventory + "/items"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (created.statusCode() != 201) {
                    throw new IllegalStateException("creating an item answered " + created.statusCode() + ": " + created.body());
                }
                items.add(created.body().replaceFirst("(?s).*?\"id\":\"([^\"]+)\".*", "$1"));
            }
            owners.add(new Owner(token, items));
        }
        return owners;
    }

    /** GET one of the caller's items, or their first page, at {@code base + prefix}. */
    private static final class Reads implements Workload {
        private final String name;
        private final String base;
        private final String prefix;
        private final List<Owner> owners;
        private final String what;

        Reads(String name, String base, String prefix, List<Owner> owners, String what) {
            this.name = name;
            this.base = base;
            this.prefix = prefix;
            this.owners = owners;
            this.what = what;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Session open() {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            return random -> {
                Owner owner = owners.get(random.nextInt(owners.size()));
                String path = "item".equals(what)
                        ? "/items/" + owner.items().get(random.nextInt(owner.items().size()))
                        : "/items?limit=20";
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + prefix + path))
                        .header("Authorization", "Bearer " + owner.token()).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(name + " answered " + response.statusCode() + ": " + response.body());
                }
                return 1;
            };
        }
    }
}
