package com.valet.devstack;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The run command ({@code ./valet up}): PostgreSQL 17, Kafka and the Supabase Auth stub from the
 * {@link DevStack}, then the four services in parallel and the gateway, each as a child JVM. Ctrl-C stops
 * everything it started; nothing is left running.
 */
public final class Valet {
    static final UUID DEV_CUSTOMER_ID = UUID.fromString("00000000-0000-4000-8000-000000000001");
    static final String DEV_CUSTOMER_EMAIL = "customer@valet.local";
    public static final UUID DEV_STAFF_ID = UUID.fromString("00000000-0000-4000-8000-000000000002");
    static final String DEV_STAFF_EMAIL = "staff@valet.local";
    static final Duration TOKEN_VALIDITY = Duration.ofDays(30);
    static final Duration APP_READY_TIMEOUT = Duration.ofSeconds(180);
    static final Duration APP_STOP_GRACE = Duration.ofSeconds(20);
    static final int FAILURE_LOG_LINES = 30;

    /** Exit status meaning "a signal is shutting the JVM down": main must not call System.exit then. */
    private static final int SHUTTING_DOWN = -1;
    private static final String LOCK_FILE = "valet.lock";
    private static final String BUILD_STAMP = ".build-stamp";
    /** What the stack and the launcher put in a data directory; --fresh deletes nothing else. */
    private static final Set<String> DATA_DIR_ENTRIES = Set.of(
            "postgres", "postgres.log", "kafka", "auth", "logs", "dev-tokens.env", LOCK_FILE, BUILD_STAMP);

    // Always UTF-8: the ✔/✘ marks would come out as '?' under a POSIX locale in a UTF-8 terminal.
    private final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    private final Path repoRoot;
    private final LaunchOptions options;

    private final Object lock = new Object();
    private DevStack stack; // guarded by lock
    private boolean authStarted; // guarded by lock
    private final List<AppProcess> apps = new ArrayList<>(); // guarded by lock
    private boolean stopping; // guarded by lock
    /** Set by the shutdown hook before it waits for the lock, so no further start step begins meanwhile. */
    private volatile boolean stopRequested;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private FileChannel dataDirLock;

    private Valet(Path repoRoot, LaunchOptions options) {
        this.repoRoot = repoRoot;
        this.options = options;
    }

    public static void main(String[] args) {
        int status = run(args);
        if (status != SHUTTING_DOWN) {
            System.exit(status);
        }
    }

    static int run(String[] args) {
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        String command = args.length == 0 ? "help" : args[0];
        switch (command) {
            case "help", "--help", "-h" -> {
                System.out.println(LaunchOptions.usage());
                return 0;
            }
            case "up" -> {
                if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
                    System.out.println(LaunchOptions.usage());
                    return 0;
                }
                Path repoRoot = repoRoot();
                LaunchOptions options;
                try {
                    options = LaunchOptions.parse(Arrays.copyOfRange(args, 1, args.length), repoRoot);
                } catch (IllegalArgumentException e) {
                    err.println("valet up: " + e.getMessage());
                    err.println();
                    err.println(LaunchOptions.usage());
                    return 2;
                }
                return new Valet(repoRoot, options).up();
            }
            default -> {
                err.println("valet: unknown command '" + command + "'");
                err.println();
                err.println(LaunchOptions.usage());
                return 2;
            }
        }
    }

    private int up() {
        long launchStart = System.nanoTime();
        Path dataDir = options.dataDir();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            err.println("valet up: cannot create the data directory " + dataDir + ": " + e.getMessage());
            return 2;
        }
        // Before the lock file is created: a directory we refuse to empty should stay as it was.
        Optional<String> refusal = options.fresh() ? freshRefusal(dataDir) : Optional.empty();
        if (refusal.isPresent()) {
            err.println("valet up: " + refusal.get());
            return 2;
        }
        if (!lockDataDir(dataDir)) {
            err.println("Another ./valet up is already using " + dataDir
                    + ". Stop it first (Ctrl-C in its terminal), or use --data-dir=DIR with other ports.");
            return 2;
        }
        // We hold the lock, so a postmaster on our data directory is a leftover of a launcher killed with
        // SIGKILL; it would hold the PostgreSQL port and fail the check below, so stop it first.
        PostgresServer.stopLeftoverPostmaster(dataDir.resolve("postgres")).ifPresent(pid ->
                out.println("Stopped the PostgreSQL an earlier, killed run left behind (pid " + pid + ")"));

        List<String> busy = new ArrayList<>();
        for (LaunchOptions.PortUse use : options.portUses()) {
            try {
                Ports.requireFree(use.port(), use.what(), use.flag());
            } catch (Ports.PortInUseException e) {
                busy.add(e.getMessage());
            }
        }
        if (!busy.isEmpty()) {
            busy.forEach(err::println);
            return 2;
        }

        // Fail before the stack spends ten seconds starting if an app jar is missing.
        List<String> notBuilt = appModules().stream()
                .map(module -> new AppProcess(module, repoRoot.resolve(module), 0, Map.of(), Path.of("unused")))
                .filter(app -> !app.isBuilt())
                .map(AppProcess::notBuiltMessage)
                .toList();
        if (!notBuilt.isEmpty()) {
            notBuilt.forEach(message -> err.println("✘ " + message));
            return 1;
        }

        if (options.fresh()) {
            out.println("Deleting " + dataDir + " (--fresh)");
            deleteDataDirContents(dataDir);
        }
        out.println("Data directory " + dataDir);

        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "valet-shutdown"));
        try {
            startStack();
            startServices();
            startGateway();
        } catch (StepFailed e) {
            if (isStopping()) {
                return SHUTTING_DOWN; // Ctrl-C during start: the hook is stopping what did start
            }
            err.println("Stopping everything that started...");
            shutdown();
            return 1;
        }
        printWelcome(launchStart);
        reportCrashes();
        awaitQuietly(stopped);
        return SHUTTING_DOWN;
    }

    private void startStack() {
        DevStack created = new DevStack(options.stackSettings());
        Path dataDir = options.dataDir();
        synchronized (lock) {
            if (stopping || stopRequested) {
                throw new StepFailed();
            }
            stack = created;
        }
        // DevStack.start() is idempotent per part, so starting PostgreSQL and Kafka first only adds timing.
        step("PostgreSQL 17 on 127.0.0.1:" + options.postgresPort(), () -> created.postgres().start(),
                dataDir.resolve("postgres.log"));
        step("Kafka (KRaft) on " + created.kafka().bootstrapServers(), () -> created.kafka().start(),
                created.kafka().logFile());
        step("Schemas, topics and Supabase Auth stub on " + created.auth().baseUrl(), () -> {
            created.start();
            authStarted = true;
        }, dataDir.resolve("postgres.log"));
    }

    /**
     * The four services in parallel. With {@code --replicas=N}, N waves of them: the first instances migrate
     * the schemas while the CPU is theirs, the further ones join the consumer groups once those are up.
     */
    private void startServices() {
        for (int instance = 1; instance <= options.replicas(); instance++) {
            List<AppProcess> services = new ArrayList<>();
            for (ServiceSchema service : ServiceSchema.values()) {
                services.add(launch(options.replicas() == 1
                        ? AppProcess.service(repoRoot, service, options.servicePort(service), stack, logDir())
                        : AppProcess.replica(repoRoot, service, instance, options.servicePort(service, instance), stack,
                                logDir())));
            }
            out.println("… starting " + services.stream().map(AppProcess::name).collect(Collectors.joining(", ")));
            awaitReady(services);
        }
    }

    private void startGateway() {
        AppProcess gateway = launch(AppProcess.gateway(repoRoot, options.gatewayPort(), stack,
                options::servicePort, logDir()));
        out.println("… starting " + AppProcess.GATEWAY);
        awaitReady(List.of(gateway));
    }

    /** Spawns under the lock, so a concurrent shutdown either sees the app or prevents its start. */
    private AppProcess launch(AppProcess app) {
        synchronized (lock) {
            if (stopping || stopRequested) {
                throw new StepFailed();
            }
            try {
                app.start();
            } catch (RuntimeException e) {
                err.println("✘ " + e.getMessage());
                throw new StepFailed();
            }
            apps.add(app);
            return app;
        }
    }

    /** Waits for all apps in parallel; on the first failure prints which app and its log tail. */
    private void awaitReady(List<AppProcess> starting) {
        ExecutorService pool = Executors.newFixedThreadPool(starting.size(), daemon("valet-await"));
        try {
            CompletionService<Optional<RuntimeException>> results = new ExecutorCompletionService<>(pool);
            Map<java.util.concurrent.Future<Optional<RuntimeException>>, AppProcess> byFuture = new LinkedHashMap<>();
            for (AppProcess app : starting) {
                byFuture.put(results.submit(() -> {
                    try {
                        app.awaitReady(APP_READY_TIMEOUT);
                        out.printf(Locale.ROOT, "✔ %s on %s (%.1f s)%n", app.name(), app.baseUrl(),
                                seconds(app.sinceStart()));
                        return Optional.empty();
                    } catch (RuntimeException e) {
                        return Optional.of(e);
                    }
                }), app);
            }
            for (int i = 0; i < starting.size(); i++) {
                java.util.concurrent.Future<Optional<RuntimeException>> done = results.take();
                Optional<RuntimeException> failure = done.get();
                if (failure.isPresent()) {
                    if (!stoppingAfterSignal()) {
                        reportFailure(byFuture.get(done), failure.get());
                    }
                    throw new StepFailed();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailed();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private void reportFailure(AppProcess app, RuntimeException failure) {
        err.println("✘ " + failure.getMessage());
        List<String> tail = app.tail(FAILURE_LOG_LINES);
        err.println("  Last " + tail.size() + " lines of " + app.logFile() + ":");
        tail.forEach(line -> err.println("  | " + line));
    }

    /** Runs one start step and prints it with its duration, or why it failed and where to look. */
    private void step(String what, Runnable action, Path log) {
        long start = System.nanoTime();
        synchronized (lock) {
            if (stopping || stopRequested) {
                throw new StepFailed();
            }
            try {
                action.run();
            } catch (RuntimeException e) {
                if (!stopRequested) {
                    err.println("✘ " + what + " failed: " + causes(e));
                    err.println("  See " + log);
                }
                throw new StepFailed();
            }
            out.printf(Locale.ROOT, "✔ %s (%.1f s)%n", what, seconds(Duration.ofNanos(System.nanoTime() - start)));
        }
    }

    private void printWelcome(long launchStart) {
        DevStack s = stack;
        String gateway = "http://127.0.0.1:" + options.gatewayPort();
        String customer = s.auth().customerToken(DEV_CUSTOMER_ID, DEV_CUSTOMER_EMAIL, TOKEN_VALIDITY);
        String staff = s.auth().token(DEV_STAFF_ID, DEV_STAFF_EMAIL, List.of("admin"), TOKEN_VALIDITY);
        Path tokens = writeTokens(customer, staff);
        Path dataDir = options.dataDir();

        out.println();
        out.printf(Locale.ROOT, "Valet is up in %.1f s: %s%n", seconds(Duration.ofNanos(System.nanoTime() - launchStart)),
                gateway);
        out.println();
        out.println("  Health      " + gateway + "/q/health");
        out.println("  Swagger UI  " + swaggerLines());
        if (options.replicas() > 1) {
            out.println("  Replicas    " + options.replicas() + " instances of each service (ports above) share its"
                    + " schema, its consumer groups' partitions");
            out.println("              and its outbox relay (one instance publishes at a time); the gateway routes to"
                    + " instance 1");
        }
        out.println("  Logs        " + dataDir.resolve("logs") + "/<app>.log, PostgreSQL "
                + dataDir.resolve("postgres.log") + ", Kafka " + s.kafka().logFile());
        out.println("  PostgreSQL  postgresql://postgres@127.0.0.1:" + options.postgresPort() + "/" + DevStack.DATABASE
                + "   Kafka " + s.kafka().bootstrapServers());
        out.println();
        out.println("Development tokens (signed by the local Supabase Auth stub, valid "
                + TOKEN_VALIDITY.toDays() + " days" + (tokens == null ? "" : "; `source " + tokens
                + "` sets $CUSTOMER_TOKEN and $STAFF_TOKEN") + "):");
        out.println("  customer " + DEV_CUSTOMER_ID + " " + DEV_CUSTOMER_EMAIL + ":");
        out.println("    curl -s -H \"Authorization: Bearer " + customer + "\" " + gateway + "/api/me");
        out.println("  staff " + DEV_STAFF_ID + " " + DEV_STAFF_EMAIL + ", roles [admin]:");
        out.println("    curl -s -H \"Authorization: Bearer " + staff + "\" " + gateway + "/api/me");
        out.println("  through the gateway, e.g. (after sourcing the tokens file):");
        out.println("    curl -s -H \"Authorization: Bearer $CUSTOMER_TOKEN\" -H 'Content-Type: application/json' \\");
        out.println("      -d '{\"label\":\"Bike\",\"description\":\"Red road bike\",\"photo_paths\":[\""
                + DEV_CUSTOMER_ID + "/bike.jpg\"]}' " + gateway + "/api/inventory/items");
        out.println("    curl -s -H \"Authorization: Bearer $CUSTOMER_TOKEN\" " + gateway + "/api/inventory/items");
        out.println("    curl -s " + gateway + "/api/booking/service-areas/78701   (public)");
        out.println();
        out.println("Press Ctrl-C to stop.");
    }

    private String swaggerLines() {
        StringBuilder lines = new StringBuilder();
        for (ServiceSchema service : ServiceSchema.values()) {
            for (int instance = 1; instance <= options.replicas(); instance++) {
                if (lines.length() > 0) {
                    lines.append(System.lineSeparator()).append("              ");
                }
                lines.append(String.format(Locale.ROOT, "%-20s http://127.0.0.1:%d/q/swagger-ui",
                        options.instanceName(service, instance), options.servicePort(service, instance)));
            }
        }
        return lines.toString();
    }

    /** The tokens also go to a file, so scripts and a second terminal can use them. */
    private Path writeTokens(String customer, String staff) {
        Path file = options.dataDir().resolve("dev-tokens.env");
        try {
            Files.writeString(file, "CUSTOMER_TOKEN=" + customer + "\nSTAFF_TOKEN=" + staff + "\n",
                    StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            return null;
        }
    }

    /** An app that dies after it was ready is reported; the rest keeps running for inspection. */
    private void reportCrashes() {
        List<AppProcess> running;
        synchronized (lock) {
            running = List.copyOf(apps);
        }
        for (AppProcess app : running) {
            app.onExit().thenAccept(p -> {
                if (!stoppingAfterSignal()) {
                    err.println("✘ " + app.name() + " exited with code " + p.exitValue() + "; see " + app.logFile()
                            + " (the rest keeps running; Ctrl-C stops everything)");
                }
            });
        }
    }

    /**
     * Stops the apps (in parallel, SIGTERM then SIGKILL after the grace period), then Kafka, PostgreSQL and
     * the auth stub. Runs from the shutdown hook (Ctrl-C, SIGTERM) or after a failed start; the second
     * caller waits for the first to finish, so the JVM never halts half-way.
     */
    private void shutdown() {
        List<AppProcess> toStop;
        DevStack s;
        boolean auth;
        stopRequested = true;
        synchronized (lock) {
            if (stopping) {
                awaitQuietly(stopped);
                return;
            }
            stopping = true;
            toStop = List.copyOf(apps);
            s = stack;
            auth = authStarted;
        }
        try {
            List<AppProcess> live = toStop.stream().filter(AppProcess::isAlive).toList();
            if (!live.isEmpty()) {
                out.println();
                out.println("Stopping " + live.stream().map(AppProcess::name).collect(Collectors.joining(", ")) + "...");
                List<Thread> stoppers = new ArrayList<>();
                for (AppProcess app : live) {
                    Thread t = new Thread(() -> {
                        long start = System.nanoTime();
                        boolean killed = app.stop(APP_STOP_GRACE);
                        out.printf(Locale.ROOT, "✔ %s %s (%.1f s)%n", app.name(),
                                killed ? "killed (no exit within " + APP_STOP_GRACE.toSeconds() + " s of SIGTERM)" : "stopped",
                                seconds(Duration.ofNanos(System.nanoTime() - start)));
                    }, "valet-stop-" + app.name());
                    t.start();
                    stoppers.add(t);
                }
                for (Thread t : stoppers) {
                    joinQuietly(t);
                }
            }
            // Apps that had exited by themselves: nothing to stop, but make sure of it.
            toStop.forEach(app -> app.stop(Duration.ZERO));
            if (s != null) {
                if (s.kafka().running()) {
                    stopStep("Kafka", () -> s.kafka().stop());
                }
                if (s.postgres().running()) {
                    stopStep("PostgreSQL", () -> s.postgres().stop());
                }
                if (auth) {
                    stopStep("Supabase Auth stub", () -> s.auth().close());
                }
            }
            out.println("Stopped.");
        } finally {
            releaseDataDirLock();
            stopped.countDown();
        }
    }

    private void stopStep(String what, Runnable action) {
        out.println("Stopping " + what + "...");
        long start = System.nanoTime();
        try {
            action.run();
            out.printf(Locale.ROOT, "✔ %s stopped (%.1f s)%n", what, seconds(Duration.ofNanos(System.nanoTime() - start)));
        } catch (RuntimeException e) {
            // Ctrl-C in a terminal also signals the children; one that is already gone is fine.
            err.println("✘ stopping " + what + ": " + causes(e));
        }
    }

    /**
     * Ctrl-C in a terminal signals the children too, and one may exit a moment before our shutdown hook
     * runs; give the hook that moment so a normal Ctrl-C is not reported as a crash.
     */
    private boolean stoppingAfterSignal() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return isStopping();
    }

    private boolean isStopping() {
        return stopRequested;
    }

    private Path logDir() {
        return options.dataDir().resolve("logs");
    }

    static List<String> appModules() {
        List<String> modules = new ArrayList<>();
        for (ServiceSchema service : ServiceSchema.values()) {
            modules.add(service.serviceName());
        }
        modules.add(AppProcess.GATEWAY);
        return modules;
    }

    /**
     * The repository root: from {@code -Dvalet.home}, else three levels above dev-stack/target/classes
     * (where this class is loaded from), else the working directory.
     */
    static Path repoRoot() {
        String home = System.getProperty("valet.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        try {
            Path classes = Path.of(Valet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = classes.getParent() == null ? null : classes.getParent().getParent();
            root = root == null ? null : root.getParent();
            if (root != null && Files.exists(root.resolve("pom.xml")) && Files.isDirectory(root.resolve("dev-stack"))) {
                return root.toAbsolutePath().normalize();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    /** An OS file lock: released by the kernel even when the launcher is killed with SIGKILL. */
    private boolean lockDataDir(Path dataDir) {
        try {
            dataDirLock = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock acquired = dataDirLock.tryLock();
            if (acquired == null) {
                dataDirLock.close();
                return false;
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dataDir.resolve(LOCK_FILE), e);
        }
    }

    private void releaseDataDirLock() {
        try {
            if (dataDirLock != null) {
                dataDirLock.close();
            }
        } catch (IOException e) {
            // the kernel releases it when the JVM exits anyway
        }
    }

    /** --fresh empties the directory, but only one that holds nothing but dev-stack data. */
    private static Optional<String> freshRefusal(Path dataDir) {
        try (Stream<Path> entries = Files.list(dataDir)) {
            List<String> foreign = entries.map(p -> p.getFileName().toString())
                    .filter(name -> !DATA_DIR_ENTRIES.contains(name))
                    .sorted()
                    .toList();
            if (foreign.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of("--fresh refuses to delete " + dataDir + ": it holds files the dev stack did not create ("
                    + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
                    + (foreign.size() > 5 ? ", ..." : "") + ")");
        } catch (IOException e) {
            return Optional.of("cannot read " + dataDir + ": " + e.getMessage());
        }
    }

    /** Keeps the lock (held by us) and the build stamp (so --fresh does not force a rebuild). */
    private static void deleteDataDirContents(Path dataDir) {
        try (Stream<Path> entries = Files.list(dataDir)) {
            entries.filter(p -> !Set.of(LOCK_FILE, BUILD_STAMP).contains(p.getFileName().toString()))
                    .forEach(DevStack::deleteRecursively);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String causes(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(": ").append(cause.getMessage());
            }
        }
        return message.toString();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A start step failed; its reason has been printed already. */
    private static final class StepFailed extends RuntimeException {
        StepFailed() {
            super(null, null, false, false);
        }
    }
}
