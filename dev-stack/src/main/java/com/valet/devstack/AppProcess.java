package com.valet.devstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One packaged Quarkus app (fast-jar {@code target/quarkus-app/quarkus-run.jar}) run by {@code ./valet up}
 * as a child JVM: configured through system properties, output appended to its own log file, ready
 * when {@code /q/health/ready} answers 200.
 */
public final class AppProcess {
    private static final long POLL_MILLIS = 250;
    /** Added to the stop's grace when the JVM records its class-data cache as it exits (the AOT assembly of JDK 25). */
    static final Duration CACHE_RECORDING_GRACE = Duration.ofSeconds(60);
    private static final int TAIL_WINDOW_BYTES = 256 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    private final String name;
    private final Path moduleDir;
    public static final String GATEWAY = "gateway";

    private final int port;
    private final Map<String, String> config;
    private final Path logFile;
    private final List<String> jvmOptions;
    /** The JDK that runs the app; the launcher's own unless {@link #withJava} says otherwise. */
    private final Path javaHome;
    /** Whether the app keeps a class-data cache (AppCDS, or the AOT cache on JDK 25+); see {@link StartupCache}. */
    private final boolean startupCache;
    private final StartupCache cache;
    private volatile Process process;
    /** Log size when this run began, so a failure shows this run's lines, not an older run's. */
    private volatile long logStart;
    private volatile long startedNanos;

    /**
     * @param name      the module name, e.g. {@code inventory-service}; used in every message
     * @param moduleDir the Maven module; the working directory of the app
     * @param config    Quarkus configuration, passed as {@code -Dkey=value}
     */
    public AppProcess(String name, Path moduleDir, int port, Map<String, String> config, Path logFile) {
        this(name, moduleDir, port, config, logFile, JvmSettings.devStack(moduleDir.getFileName() == null
                ? name : moduleDir.getFileName().toString()), Path.of(System.getProperty("java.home")), true);
    }

    private AppProcess(String name, Path moduleDir, int port, Map<String, String> config, Path logFile,
                       List<String> jvmOptions, Path javaHome, boolean startupCache) {
        this.name = name;
        this.moduleDir = moduleDir;
        this.port = port;
        this.config = Map.copyOf(config);
        this.logFile = logFile;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.javaHome = javaHome;
        this.startupCache = startupCache;
        String module = moduleDir.getFileName() == null ? name : moduleDir.getFileName().toString();
        // one instance records the cache: a single one, or instance 1 of several
        this.cache = new StartupCache(jar(), javaHome, name.equals(module) || name.equals(module + "-1"));
    }

    /**
     * The same app with other JVM options in place of the dev stack's ({@link JvmSettings#devStack}): a
     * benchmark measures the app with the full JIT and a production-sized heap, not the laptop settings.
     */
    public AppProcess withJvmOptions(List<String> options) {
        return new AppProcess(name, moduleDir, port, config, logFile, options, javaHome, startupCache);
    }

    /** The same app run by another JDK ({@code bench/startup.sh} compares 17 and 25). */
    public AppProcess withJava(Path home) {
        return new AppProcess(name, moduleDir, port, config, logFile, jvmOptions, home, startupCache);
    }

    /** The same app with or without its class-data cache ({@link StartupCache}). */
    public AppProcess withStartupCache(boolean enabled) {
        return new AppProcess(name, moduleDir, port, config, logFile, jvmOptions, javaHome, enabled);
    }

    /** The same app with these settings added (or replacing the stack's): a benchmark lifts the rate limits. */
    public AppProcess withConfig(Map<String, String> overrides) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(config);
        merged.putAll(overrides);
        return new AppProcess(name, moduleDir, port, merged, logFile, jvmOptions, javaHome, startupCache);
    }

    /** A domain service of the repository, configured for its schema slice of {@code stack}. */
    public static AppProcess service(Path repoRoot, ServiceSchema service, int port, DevStack stack, Path logDir) {
        return new AppProcess(service.serviceName(), repoRoot.resolve(service.serviceName()), port,
                prodConfig(stack, service), logDir.resolve(service.serviceName() + ".log"));
    }

    /**
     * Instance {@code instance} (from 1) of a domain service that runs several times on one stack: the same
     * schema and consumer group ids as its siblings (Kafka shares each group's partitions among them, and the
     * outbox relay's advisory lock lets one of them publish at a time), its own port, name and log file. Its
     * Kafka client ids start with its name, so a consumer group's members show which instance holds what.
     */
    public static AppProcess replica(Path repoRoot, ServiceSchema service, int instance, int port, DevStack stack,
                                     Path logDir) {
        String name = instanceName(service, instance);
        Map<String, String> config = prodConfig(stack, service);
        config.put("mp.messaging.connector.smallrye-kafka.client-id-prefix", name + "-");
        return new AppProcess(name, repoRoot.resolve(service.serviceName()), port, config, logDir.resolve(name + ".log"));
    }

    /** {@code inventory-service-2}: the name, and log file name, of one of several instances. */
    public static String instanceName(ServiceSchema service, int instance) {
        if (instance < 1) {
            throw new IllegalArgumentException("instances count from 1, not " + instance);
        }
        return service.serviceName() + "-" + instance;
    }

    private static Map<String, String> prodConfig(DevStack stack, ServiceSchema service) {
        Map<String, String> config = new java.util.LinkedHashMap<>(stack.serviceConfig(service));
        config.putAll(DevStack.devSettings(service));
        // Production migrates in a step of its own before the app starts (deploy/: an init container), so the
        // app's own start in %prod does not; here nothing runs that step, so the app migrates as it starts.
        config.put(MIGRATE_AT_START, "true");
        return config;
    }

    /** The prod profile's own key: a plain quarkus.flyway.migrate-at-start would lose to the %prod one. */
    static final String MIGRATE_AT_START = "%prod.quarkus.flyway.migrate-at-start";

    /** The gateway, told where each service listens. */
    public static AppProcess gateway(Path repoRoot, int port, DevStack stack,
                                     java.util.function.ToIntFunction<ServiceSchema> servicePort, Path logDir) {
        Map<String, String> config = new java.util.LinkedHashMap<>(stack.commonConfig());
        for (ServiceSchema service : ServiceSchema.values()) {
            config.put("valet.services." + service.schema() + ".url",
                    "http://127.0.0.1:" + servicePort.applyAsInt(service));
        }
        return new AppProcess(GATEWAY, repoRoot.resolve(GATEWAY), port, config, logDir.resolve(GATEWAY + ".log"));
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    public Path jar() {
        return moduleDir.resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    /** This app's class-data cache, next to its jar (one per JDK version). */
    public StartupCache startupCache() {
        return cache;
    }

    public boolean isBuilt() {
        return Files.isRegularFile(jar());
    }

    public String notBuiltMessage() {
        return name + " is not built: run ./valet --rebuild or ./mvnw -DskipTests install";
    }

    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.addAll(jvmOptions);
        if (startupCache) {
            command.addAll(startupCache().options());
        }
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.http.host=127.0.0.1");
        // The app exits by itself if the launcher dies without running its shutdown hook (kill -9).
        ChildClasspath.agentJar().ifPresent(agent ->
                command.add("-javaagent:" + agent + "=" + ProcessHandle.current().pid()));
        // Plain text: these logs are read by people (and by the failure report's tail). The apps log JSON
        // in prod; "quarkus.log.console.json=false" is deprecated and no longer turns that off.
        command.add("-Dquarkus.log.console.json.enabled=false");
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar().toString());
        return command;
    }

    /** Spawns the JVM and returns at once; see {@link #awaitReady}. */
    public synchronized AppProcess start() {
        if (process != null) {
            throw new IllegalStateException(name + " was already started");
        }
        if (!isBuilt()) {
            throw new IllegalStateException(notBuiltMessage());
        }
        try {
            Files.createDirectories(logFile.getParent());
            if (Files.exists(logFile) && Files.size(logFile) > 0) {
                Files.writeString(logFile, System.lineSeparator(), StandardOpenOption.APPEND); // between runs
            }
            logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            Files.writeString(logFile,
                    String.format("===== %s starting on port %d at %s =====%n", name, port, Instant.now()),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command());
            builder.environment().putAll(JvmSettings.ENVIRONMENT);
            process = builder
                    .directory(moduleDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            startedNanos = System.nanoTime();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Polls the readiness check until it answers 200.
     *
     * @throws StartupException if the app exits first, does not get ready in time, or the wait is interrupted
     */
    public void awaitReady(Duration timeout) {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException(name + " was not started");
        }
        URI uri = URI.create(baseUrl() + "/q/health/ready");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastAnswer = "no answer";
        while (true) {
            if (!p.isAlive()) {
                throw new StartupException(name + " exited with code " + p.exitValue() + " before it was ready");
            }
            try {
                int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
                lastAnswer = "HTTP " + status;
            } catch (IOException e) {
                // not listening yet: keep polling
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while waiting for " + name);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new StartupException(name + " was not ready within " + timeout.toSeconds() + " s (last answer of "
                        + uri + ": " + lastAnswer + ")");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while waiting for " + name);
            }
        }
    }

    /** Time since the JVM was spawned. */
    public Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public long pid() {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException(name + " was not started");
        }
        return p.pid();
    }

    /** Completes when the app's JVM exits; never completes for an app not started. */
    public CompletableFuture<Process> onExit() {
        Process p = process;
        return p == null ? new CompletableFuture<>() : p.onExit();
    }

    /**
     * SIGTERM (Quarkus shuts down gracefully: in-flight requests, Kafka consumers, pools), then SIGKILL
     * after {@code grace}. Also kills anything the app spawned, so nothing outlives the launcher.
     *
     * @return true if the app had to be killed
     */
    public boolean stop(Duration grace) {
        Process p = process;
        if (p == null) {
            return false;
        }
        List<ProcessHandle> descendants = p.descendants().toList();
        boolean killed = false;
        p.destroy();
        // a JVM writing its class-data cache as it exits gets that time on top: killed, it would leave none
        Duration wait = startupCache && cache.recording() ? grace.plus(CACHE_RECORDING_GRACE) : grace;
        try {
            if (!p.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                killed = true;
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killed = true;
            p.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        if (startupCache) {
            cache.publish(!killed);
        }
        return killed;
    }

    /** The last {@code lines} lines this run wrote to the log (an earlier run's lines are left out). */
    public List<String> tail(int lines) {
        return tail(logFile, logStart, lines);
    }

    static List<String> tail(Path file, long from, int lines) {
        if (!Files.exists(file)) {
            return List.of();
        }
        // Read only the end of the file: logs are appended to across runs and can grow large.
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long start = Math.max(Math.min(from, length), length - TAIL_WINDOW_BYTES);
            byte[] bytes = new byte[(int) (length - start)];
            raf.seek(start);
            raf.readFully(bytes);
            List<String> all = new ArrayList<>(new String(bytes, StandardCharsets.UTF_8).lines().toList());
            if (start > from && !all.isEmpty()) {
                all.remove(0); // cut in the middle of a line
            }
            return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return List.of("(could not read " + file + ": " + e.getMessage() + ")");
        }
    }

    /** The app did not come up; the message says which app and why. */
    public static final class StartupException extends RuntimeException {
        public StartupException(String message) {
            super(message);
        }
    }
}
