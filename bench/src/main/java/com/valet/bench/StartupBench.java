package com.valet.bench;

import com.valet.devstack.AppProcess;
import com.valet.devstack.DevStack;
import com.valet.devstack.JvmSettings;
import com.valet.devstack.Ports;
import com.valet.devstack.ServiceSchema;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up and footprint of the five apps (GitHub issue 19), the settings of before the issue side by side with
 * the new ones, in one run on one machine: per app and per variant, started alone and all together,
 * <ul>
 *   <li>process start to ready: from the spawn to the first 200 of {@code /q/health/ready}, polled every 10 ms,
 *       and the app's own "started in" figure from its log (Quarkus' start, without the JVM's own);</li>
 *   <li>CPU time spent until ready (user + system, from {@code /proc}): the part of the start the machine's
 *       load does not stretch;</li>
 *   <li>RSS idle, {@code --idle} seconds after ready ({@code VmRSS}, and its anonymous part {@code RssAnon}:
 *       the rest is mapped files, the jars and a class-data cache, which processes share);</li>
 *   <li>stop: SIGTERM to exit, and Quarkus' "stopped in".</li>
 * </ul>
 * A training pass first: every app started and stopped once per variant that keeps a class-data cache, so the
 * measured starts use it (and the first one migrates the schemas). The variants alternate app by app so that
 * they see the same machine. Run it with {@code bench/startup.sh}.
 */
public final class StartupBench {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");
    private static final Pattern STOPPED_IN = Pattern.compile("stopped in ([0-9.]+)s");
    private static final List<String> SERVICES = List.of("inventory-service", "booking-service", "billing-service",
            "ops-service");

    /** One way to run the apps: a JDK, JVM options per module, the class-data cache or not, extra config. */
    record Variant(String name, Path javaHome, Function<String, List<String>> options, boolean cache,
                   Map<String, String> config) {
    }

    /** One measured start. */
    record Run(String app, String variant, long readyMs, double startedInS, long cpuMs, long rssKb, long anonKb,
               long stopMs, double stoppedInS, boolean killed, boolean together) {
    }

    private final PrintStream out = System.out;
    private final Path repo = Path.of(System.getProperty("valet.repo", ".")).toAbsolutePath().normalize();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(200)).build();
    private final List<Run> runs = new ArrayList<>();
    private DevStack stack;
    private Path logs;
    private int idleSeconds = 10;
    private final Map<String, String> extraConfig = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        StartupBench bench = new StartupBench();
        Map<String, String> options = new LinkedHashMap<>();
        options.put("variants", "before,after");
        options.put("apps", String.join(",", SERVICES) + ",gateway");
        options.put("idle", "10");
        options.put("together", "1");
        options.put("java", System.getProperty("java.home"));
        options.put("config", "");
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            if (!options.containsKey(kv[0]) || kv.length < 2) {
                throw new IllegalArgumentException("unknown or incomplete option " + arg + "; options: " + options.keySet()
                        + "; variants: " + bench.knownVariants(Path.of(options.get("java"))).keySet());
            }
            options.put(kv[0], kv[1]);
        }
        bench.idleSeconds = Integer.parseInt(options.get("idle"));
        // extra Quarkus settings for every variant but the first (to try one before it goes into a properties file)
        for (String pair : options.get("config").split(",")) {
            if (!pair.isBlank()) {
                String[] kv = pair.split("=", 2);
                bench.extraConfig.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        try {
            bench.run(List.of(options.get("variants").split(",")), List.of(options.get("apps").split(",")),
                    !"0".equals(options.get("together")), Path.of(options.get("java")));
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /**
     * {@code before}: the settings until issue 19, on the JDK the launcher runs. {@code after}: {@code ./valet up}'s
     * now (production's options, C1 only, the class-data cache), same JDK. {@code after-nocache}: the same without
     * the cache. {@code prod}: production's options (C2) and cache, the start without migrations. A suffix
     * {@code -25} runs it on the {@code --java} JDK instead (e.g. {@code --java=/usr/lib/jvm/temurin-25-jdk-amd64}).
     */
    Map<String, Variant> knownVariants(Path otherJava) {
        Path own = Path.of(System.getProperty("java.home"));
        Map<String, String> noMigration = Map.of("%prod.quarkus.flyway.migrate-at-start", "false");
        Map<String, Variant> variants = new LinkedHashMap<>();
        for (Map.Entry<String, Path> jdk : Map.of("", own, "-other", otherJava).entrySet()) {
            String suffix = jdk.getKey().isEmpty() ? "" : "-" + JvmSettings.javaVersion(jdk.getValue())
                    .map(v -> Integer.toString(JvmSettings.feature(v))).orElse("other");
            Path home = jdk.getValue();
            // the connector's default close-timeout, as before issue 19 (event-outbox now sets 2000)
            variants.put("before" + suffix, new Variant("before" + suffix, home, m -> JvmSettings.BEFORE, false,
                    Map.of("mp.messaging.connector.smallrye-kafka.close-timeout", "10000")));
            variants.put("after" + suffix, new Variant("after" + suffix, home, JvmSettings::devStack, true, Map.of()));
            variants.put("after-nocache" + suffix, new Variant("after-nocache" + suffix, home, JvmSettings::devStack,
                    false, Map.of()));
            variants.put("prod" + suffix, new Variant("prod" + suffix, home, JvmSettings::production, true, noMigration));
            variants.put("prod-nocache" + suffix, new Variant("prod-nocache" + suffix, home, JvmSettings::production,
                    false, noMigration));
        }
        return variants;
    }

    private void run(List<String> variantNames, List<String> apps, boolean together, Path otherJava) throws Exception {
        Map<String, Variant> known = knownVariants(otherJava);
        List<Variant> variants = new ArrayList<>();
        for (String name : variantNames) {
            Variant v = known.get(name);
            if (v == null) {
                throw new IllegalArgumentException("unknown variant " + name + "; known: " + known.keySet());
            }
            variants.add(v);
        }
        stack = DevStack.sharedForTests();
        logs = repo.resolve("bench/target/logs/startup");
        Files.createDirectories(logs);
        out.printf("Start-up and footprint: apps %s, variants %s, idle %d s; machine %d cores, load average %.2f%n",
                apps, variantNames, idleSeconds, Runtime.getRuntime().availableProcessors(), CpuMeter.loadAverage());
        for (Variant v : variants) {
            out.printf("  %-16s %s %s%s%s%n", v.name(), JvmSettings.javaVersion(v.javaHome()).orElse("?"),
                    String.join(" ", v.options().apply("inventory-service")), v.cache() ? " +class-data cache" : "",
                    v.config().isEmpty() ? "" : " " + v.config());
        }

        migrations(apps, variants.get(variants.size() - 1));

        out.printf("%nTraining (class-data caches): every app once per variant that keeps one, not measured%n");
        for (String app : apps) {
            for (Variant v : variants) {
                if (v.cache() || v == variants.get(0)) {
                    Run r = alone(app, v, 0);
                    out.printf("  %-18s %-16s ready %6d ms, stop %6d ms%s%n", app, v.name(), r.readyMs(), r.stopMs(),
                            v.cache() ? " (cache " + (cacheOf(app, v).isCurrent() ? "recorded" : "NOT recorded") + ")" : "");
                }
            }
        }

        out.printf("%nAlone: one app at a time%n");
        header();
        for (String app : apps) {
            for (Variant v : variants) {
                Run r = alone(app, v, idleSeconds);
                runs.add(r);
                print(r);
            }
        }
        if (together) {
            out.printf("%nTogether: the four services at once, then the gateway (as ./valet up)%n");
            header();
            for (Variant v : variants) {
                List<Run> all = together(v);
                runs.addAll(all);
                all.forEach(this::print);
                long stackReady = all.stream().filter(r -> r.app().startsWith("stack")).mapToLong(Run::readyMs).max().orElse(0);
                out.printf("  %s: services and gateway ready %.1f s after the first spawn%n", v.name(), stackReady / 1000.0);
            }
        }
        summary(variants);
        out.printf("%nmachine: %d cores, load average %.2f%n", Runtime.getRuntime().availableProcessors(),
                CpuMeter.loadAverage());
    }

    /**
     * The migration step of production (deploy/: an init container runs the image with
     * {@code QUARKUS_INIT_AND_EXIT=true} and migrations on): on the empty schemas of this stack, each service
     * migrates and exits; the applied migrations are counted in its {@code flyway_schema_history}.
     */
    private void migrations(List<String> apps, Variant v) throws Exception {
        out.printf("%nMigration step (init container: quarkus.init-and-exit, migrate-at-start on), %s, empty schemas%n",
                v.name());
        try (java.sql.Connection db = stack.postgres().connectAsSuperuser(DevStack.DATABASE)) {
            for (String module : apps) {
                if (module.equals(AppProcess.GATEWAY)) {
                    continue;
                }
                AppProcess app = app(module, v, Ports.free(), Map.of()).withStartupCache(false)
                        .withConfig(Map.of("quarkus.init-and-exit", "true", "%prod.quarkus.flyway.migrate-at-start", "true"));
                long t = System.nanoTime();
                app.start();
                int code = app.onExit().get(READY_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).exitValue();
                long ms = (System.nanoTime() - t) / 1_000_000;
                String schema = ServiceSchema.of(module).schema();
                int applied;
                try (var rs = db.createStatement().executeQuery(
                        "SELECT count(*) FROM " + schema + ".flyway_schema_history WHERE success")) {
                    rs.next();
                    applied = rs.getInt(1);
                }
                out.printf("  %-18s exit %d after %6d ms, %d migrations in %s.flyway_schema_history%n", module, code, ms,
                        applied, schema);
                if (code != 0 || applied == 0) {
                    throw new IllegalStateException(module + ": the migration step failed; see " + app.logFile());
                }
            }
        }
    }

    private AppProcess app(String module, Variant v, int port, Map<ServiceSchema, Integer> servicePorts) {
        AppProcess app;
        if (module.equals(AppProcess.GATEWAY)) {
            app = AppProcess.gateway(repo, port, stack, s -> servicePorts.getOrDefault(s, 1), logs);
        } else {
            app = AppProcess.service(repo, ServiceSchema.of(module), port, stack, logs);
        }
        app = app.withJava(v.javaHome()).withJvmOptions(v.options().apply(module)).withStartupCache(v.cache())
                .withConfig(v.config());
        if (!v.name().startsWith("before")) {
            app = app.withConfig(extraConfig);
        }
        if (!app.isBuilt()) {
            throw new IllegalStateException(app.notBuiltMessage());
        }
        return app;
    }

    private com.valet.devstack.StartupCache cacheOf(String module, Variant v) {
        return app(module, v, 1, Map.of()).startupCache();
    }

    private Run alone(String module, Variant v, int idle) throws Exception {
        AppProcess app = app(module, v, Ports.free(), Map.of());
        Started s = startAndAwait(app);
        return finish(app, module, v, s, idle);
    }

    private record Started(long readyMs, long cpuMs) {
    }

    private Started startAndAwait(AppProcess app) throws Exception {
        long t0 = System.nanoTime();
        app.start();
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofMillis(500)).GET().build();
        long deadline = t0 + READY_TIMEOUT.toNanos();
        while (true) {
            if (!app.isAlive()) {
                Process exited = app.onExit().getNow(null);
                throw new IllegalStateException(app.name() + " exited with " + (exited == null ? "?" : exited.exitValue())
                        + " before it was ready (" + app.command() + "); see " + app.logFile());
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    long ready = (System.nanoTime() - t0) / 1_000_000;
                    return new Started(ready, cpuMillis(app.pid()));
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(app.name() + " not ready within " + READY_TIMEOUT);
            }
            Thread.sleep(10);
        }
    }

    private Run finish(AppProcess app, String label, Variant v, Started s, int idle) throws Exception {
        Thread.sleep(idle * 1000L);
        long[] rss = rss(app.pid());
        long t = System.nanoTime();
        boolean killed = app.stop(STOP_GRACE);
        long stopMs = (System.nanoTime() - t) / 1_000_000;
        List<String> tail = app.tail(400);
        return new Run(label, v.name(), s.readyMs(), last(tail, STARTED_IN), s.cpuMs(), rss[0], rss[1], stopMs,
                last(tail, STOPPED_IN), killed, false);
    }

    private List<Run> together(Variant v) throws Exception {
        Map<ServiceSchema, Integer> ports = new EnumMap<>(ServiceSchema.class);
        List<AppProcess> services = new ArrayList<>();
        for (String module : SERVICES) {
            int port = Ports.free();
            ports.put(ServiceSchema.of(module), port);
            services.add(app(module, v, port, Map.of()));
        }
        AppProcess gateway = app(AppProcess.GATEWAY, v, Ports.free(), ports);
        long t0 = System.nanoTime();
        Map<AppProcess, Started> started = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (AppProcess app : services) {
            waits.add(CompletableFuture.runAsync(() -> {
                try {
                    started.put(app, startAndAwait(app));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).join();
        Started gw = startAndAwait(gateway);
        long stackReady = (System.nanoTime() - t0) / 1_000_000;
        started.put(gateway, gw);
        Thread.sleep(idleSeconds * 1000L);
        List<AppProcess> all = new ArrayList<>(services);
        all.add(gateway);
        Map<AppProcess, long[]> rss = new LinkedHashMap<>();
        for (AppProcess app : all) {
            rss.put(app, rss(app.pid()));
        }
        // SIGTERM to all at once, as the launcher's Ctrl-C does
        Map<AppProcess, long[]> stops = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (AppProcess app : all) {
            stopping.add(CompletableFuture.runAsync(() -> {
                long t = System.nanoTime();
                boolean killed = app.stop(STOP_GRACE);
                stops.put(app, new long[] {(System.nanoTime() - t) / 1_000_000, killed ? 1 : 0});
            }));
        }
        CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).join();
        List<Run> result = new ArrayList<>();
        for (AppProcess app : all) {
            List<String> tail = app.tail(400);
            Started s = started.get(app);
            result.add(new Run(app.name(), v.name(), s.readyMs(), last(tail, STARTED_IN), s.cpuMs(), rss.get(app)[0],
                    rss.get(app)[1], stops.get(app)[0], last(tail, STOPPED_IN), stops.get(app)[1] == 1, true));
        }
        result.add(new Run("stack (all 5)", v.name(), stackReady, Double.NaN, 0, rss.values().stream().mapToLong(r -> r[0]).sum(),
                rss.values().stream().mapToLong(r -> r[1]).sum(), stops.values().stream().mapToLong(r -> r[0]).max().orElse(0),
                Double.NaN, false, true));
        return result;
    }

    private void header() {
        out.printf("  %-18s %-16s %9s %10s %8s %8s %8s %8s %10s%n", "app", "variant", "ready ms", "started s",
                "CPU ms", "RSS MB", "anon MB", "stop ms", "stopped s");
    }

    private void print(Run r) {
        out.printf(Locale.ROOT, "  %-18s %-16s %9d %10s %8s %8.1f %8.1f %8d %10s%s%n", r.app(), r.variant(), r.readyMs(),
                Double.isNaN(r.startedInS()) ? "-" : String.format(Locale.ROOT, "%.3f", r.startedInS()),
                r.cpuMs() == 0 ? "-" : Long.toString(r.cpuMs()), r.rssKb() / 1024.0, r.anonKb() / 1024.0, r.stopMs(),
                Double.isNaN(r.stoppedInS()) ? "-" : String.format(Locale.ROOT, "%.3f", r.stoppedInS()),
                r.killed() ? " KILLED" : "");
    }

    /** Each variant against the first, app by app, as ratios (the medians over the apps). */
    private void summary(List<Variant> variants) {
        if (variants.size() < 2) {
            return;
        }
        String base = variants.get(0).name();
        out.printf("%nRatios to %s (median over the apps; alone | together)%n", base);
        out.printf("  %-16s %14s %14s %14s %14s%n", "variant", "ready", "CPU to ready", "RSS idle", "stop");
        for (Variant v : variants.subList(1, variants.size())) {
            out.printf(Locale.ROOT, "  %-16s %14s %14s %14s %14s%n", v.name(),
                    ratios(base, v.name(), Run::readyMs), ratios(base, v.name(), Run::cpuMs),
                    ratios(base, v.name(), Run::rssKb), ratios(base, v.name(), Run::stopMs));
        }
    }

    private String ratios(String base, String variant, java.util.function.ToLongFunction<Run> metric) {
        return String.format(Locale.ROOT, "x%.2f | x%.2f", median(base, variant, metric, false),
                median(base, variant, metric, true));
    }

    private double median(String base, String variant, java.util.function.ToLongFunction<Run> metric, boolean together) {
        List<Double> ratios = new ArrayList<>();
        for (Run b : runs) {
            if (!b.variant().equals(base) || b.together() != together || b.app().startsWith("stack")) {
                continue;
            }
            for (Run r : runs) {
                if (r.variant().equals(variant) && r.together() == together && r.app().equals(b.app())
                        && metric.applyAsLong(b) > 0) {
                    ratios.add(metric.applyAsLong(r) / (double) metric.applyAsLong(b));
                }
            }
        }
        if (ratios.isEmpty()) {
            return Double.NaN;
        }
        ratios.sort(Double::compare);
        int n = ratios.size();
        return n % 2 == 1 ? ratios.get(n / 2) : (ratios.get(n / 2 - 1) + ratios.get(n / 2)) / 2;
    }

    private static double last(List<String> lines, Pattern pattern) {
        double value = Double.NaN;
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                value = Double.parseDouble(m.group(1));
            }
        }
        return value;
    }

    /** VmRSS and RssAnon in kB. */
    private static long[] rss(long pid) throws IOException {
        long rss = 0;
        long anon = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("RssAnon:")) {
                anon = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return new long[] {rss, anon};
    }

    /** User + system CPU of a process so far, in ms. */
    private static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // USER_HZ 100
        } catch (IOException e) {
            return 0;
        }
    }
}
