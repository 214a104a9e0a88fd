package com.valet.bench;

import com.valet.devstack.AppProcess;
import com.valet.devstack.DevStack;
import com.valet.devstack.Ports;
import com.valet.devstack.ServiceSchema;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A mixed user workload through the gateway at increasing rates until p99 passes 100 ms: customers list,
 * search and read their items and catalogue new ones, warehouse staff scan items (each scan is an
 * item-moved event that booking and ops consume). Open loop: requests leave on schedule whether or not the
 * earlier ones have answered, and latency counts from the scheduled time, so a slow platform cannot hide its
 * queue (no coordinated omission). Per step: requests/s achieved, p50/p99, errors, and each app's RSS and CPU.
 * Run it with {@code bench/load.sh}.
 */
public final class LoadBench {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux
    private static final String[] WORDS = {"books", "winter", "bike", "lamp", "boxes", "tent", "records", "chair"};

    private enum Kind { LIST, SEARCH, READ, CREATE, SCAN }

    private final PrintStream out = System.out;
    private final Path repo = Path.of(System.getProperty("valet.repo", ".")).toAbsolutePath().normalize();
    private int customers = 50;
    private int itemsPerCustomer = 10;
    private int seconds = 20;
    private int startRate = 20;
    private int maxRate = 400;
    private final Random random = new Random(11);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String gateway;

    public static void main(String[] args) throws Exception {
        LoadBench bench = new LoadBench();
        Map<String, Integer> options = Flags.parse(args, Map.of("customers", bench.customers,
                "items-per-customer", bench.itemsPerCustomer, "seconds", bench.seconds, "start-rate", bench.startRate,
                "max-rate", bench.maxRate));
        bench.customers = options.get("customers");
        bench.itemsPerCustomer = options.get("items-per-customer");
        bench.seconds = options.get("seconds");
        bench.startRate = options.get("start-rate");
        bench.maxRate = options.get("max-rate");
        bench.run();
        System.exit(0);
    }

    private record Customer(String token, List<String> items) {
    }

    /** An item a scan toggles between home and scheduled (both allowed staff moves), one scan at a time. */
    private static final class Shelf {
        final String id;
        boolean scheduled;
        boolean busy;

        Shelf(String id) {
            this.id = id;
        }
    }

    private void run() throws Exception {
        DevStack stack = DevStack.sharedForTests();
        Path logs = repo.resolve("bench/target/logs");
        Map<ServiceSchema, Integer> ports = new EnumMap<>(ServiceSchema.class);
        List<AppProcess> apps = new ArrayList<>();
        for (ServiceSchema service : List.of(ServiceSchema.INVENTORY, ServiceSchema.BOOKING, ServiceSchema.BILLING,
                ServiceSchema.OPS)) {
            ports.put(service, Ports.free());
            apps.add(AppProcess.service(repo, service, ports.get(service), stack, logs)
                    .withJvmOptions(InventoryBench.SERVICE_JVM_OPTIONS));
        }
        AppProcess gw = AppProcess.gateway(repo, Ports.free(), stack, ports::get, logs)
                .withJvmOptions(List.of("-Xms128m", "-Xmx256m")).withConfig(Flags.GATEWAY_LIMITS_OFF);
        apps.add(gw);
        for (AppProcess app : apps) {
            if (!app.isBuilt()) {
                throw new IllegalStateException(app.notBuiltMessage());
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> apps.forEach(a -> a.stop(Duration.ofSeconds(10))), "bench-stop"));
        apps.forEach(AppProcess::start);
        for (AppProcess app : apps) {
            app.awaitReady(READY_TIMEOUT);
        }
        gateway = gw.baseUrl();

        List<Customer> population = new ArrayList<>();
        List<Shelf> shelves = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            UUID id = UUID.randomUUID();
            String token = stack.auth().customerToken(id, "load-" + c + "@valet.local", Duration.ofHours(6));
            List<String> items = new ArrayList<>();
            for (int i = 0; i < itemsPerCustomer; i++) {
                items.add(create(token, id, i).join().body().replaceFirst("(?s).*?\"id\":\"([^\"]+)\".*", "$1"));
            }
            population.add(new Customer(token, items));
            items.forEach(item -> shelves.add(new Shelf(item)));
        }
        String staff = stack.auth().token(UUID.randomUUID(), "scanner@valet.local", List.of("warehouse"), Duration.ofHours(6));
        out.printf("%d customers x %d items; mix 45%% list, 20%% search, 10%% read, 15%% create, 10%% scan; %d s per step%n",
                customers, itemsPerCustomer, seconds);
        out.printf("%8s %9s %8s %8s %7s   %s%n", "rate/s", "done/s", "p50 ms", "p99 ms", "errors", "RSS MB / CPU % per app");

        step(population, shelves, staff, startRate, 10, apps, false); // warm-up, not reported
        int sustained = 0;
        for (int rate = startRate; rate <= maxRate; rate = rate < 100 ? rate + 20 : rate + 40) {
            double p99 = step(population, shelves, staff, rate, seconds, apps, true);
            if (p99 > 100) {
                break;
            }
            sustained = rate;
        }
        out.printf("sustained with p99 <= 100 ms: %d requests/s%n", sustained);
        out.printf("machine: %d cores, load average %.2f, Java %s%n", Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.version"));
    }

    /** One step at {@code rate} requests/s for {@code duration} seconds; answers its p99 in ms. */
    private double step(List<Customer> population, List<Shelf> shelves, String staff, int rate, int duration,
                        List<AppProcess> apps, boolean report) throws Exception {
        Histogram latencies = new Histogram(3);
        AtomicInteger errors = new AtomicInteger();
        ConcurrentLinkedQueue<CompletableFuture<?>> inFlight = new ConcurrentLinkedQueue<>();
        Map<String, long[]> cpuBefore = cpu(apps);
        long interval = 1_000_000_000L / rate;
        int total = rate * duration;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(due - System.nanoTime());
            }
            CompletableFuture<HttpResponse<String>> request = next(population, shelves, staff);
            if (request == null) {
                continue;
            }
            inFlight.add(request.whenComplete((response, failure) -> {
                synchronized (latencies) {
                    latencies.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                }
                if (failure != null || response.statusCode() >= 400) {
                    errors.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        double p99 = latencies.getValueAtPercentile(99) / 1000.0;
        if (report) {
            Map<String, long[]> cpuAfter = cpu(apps);
            StringBuilder perApp = new StringBuilder();
            for (AppProcess app : apps) {
                long[] before = cpuBefore.get(app.name());
                long[] after = cpuAfter.get(app.name());
                double cpuPercent = (after[0] - before[0]) * 100.0 / CLOCK_TICKS / elapsed;
                perApp.append(String.format("%s %d/%.0f  ", app.name().replace("-service", ""), after[1] / 1024, cpuPercent));
            }
            out.printf("%8d %9.1f %8.1f %8.1f %7d   %s%n", rate, latencies.getTotalCount() / elapsed,
                    latencies.getValueAtPercentile(50) / 1000.0, p99, errors.get(), perApp);
        }
        return p99;
    }

    private CompletableFuture<HttpResponse<String>> next(List<Customer> population, List<Shelf> shelves, String staff) {
        int dice = random.nextInt(100);
        Customer customer = population.get(random.nextInt(population.size()));
        if (dice < 45) {
            return get("/api/inventory/items?limit=20", customer.token());
        } else if (dice < 65) {
            String q = WORDS[random.nextInt(WORDS.length)];
            return get("/api/inventory/items/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), customer.token());
        } else if (dice < 75) {
            return get("/api/inventory/items/" + customer.items().get(random.nextInt(customer.items().size())), customer.token());
        } else if (dice < 90) {
            return create(customer.token(), null, random.nextInt(1000));
        }
        Shelf shelf = shelves.get(random.nextInt(shelves.size()));
        synchronized (shelf) {
            if (shelf.busy) {
                return get("/api/inventory/items?limit=20", customer.token()); // that label is being scanned
            }
            shelf.busy = true;
        }
        String to = shelf.scheduled ? "home" : "scheduled";
        return post("/api/inventory/staff/items/" + shelf.id + "/moves", staff, "{\"to_status\":\"" + to + "\"}")
                .whenComplete((response, failure) -> {
                    synchronized (shelf) {
                        if (failure == null && response.statusCode() == 200) {
                            shelf.scheduled = !shelf.scheduled;
                        }
                        shelf.busy = false;
                    }
                });
    }

    private CompletableFuture<HttpResponse<String>> create(String token, UUID owner, int n) {
        String subject = owner != null ? owner.toString() : subjectOf(token);
        String word = WORDS[n % WORDS.length];
        return post("/api/inventory/items", token, "{\"label\":\"" + word + " " + n + "\",\"description\":\"A box of "
                + word + ", number " + n + "\",\"photo_paths\":[\"" + subject + "/" + n + ".jpg\"],\"tags\":[\"" + word + "\"]}");
    }

    /** The {@code sub} of one of our own tokens (photo paths live under the owner's id). */
    private static String subjectOf(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return payload.replaceFirst("(?s).*\"sub\":\"([^\"]+)\".*", "$1");
    }

    private CompletableFuture<HttpResponse<String>> get(String path, String token) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> post(String path, String token, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Per app: [CPU ticks (user + system) so far, RSS in kB], from /proc. */
    private static Map<String, long[]> cpu(List<AppProcess> apps) throws IOException {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (AppProcess app : apps) {
            long pid = app.pid();
            String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceFirst(".*\\) ", "").split(" ");
            long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]); // utime, stime (fields 14, 15)
            long rss = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst()
                    .orElse(0);
            out.put(app.name(), new long[] {ticks, rss});
        }
        return out;
    }
}
