package com.valet.devstack;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs AppProcess against a stand-in app: {@link FakeApp} packaged as {@code target/quarkus-app/quarkus-run.jar}
 * (a manifest-only jar whose Class-Path points at the test classes), started with the real command line.
 */
class AppProcessTest {
    private Path dir;
    private Path module;
    private final List<AppProcess> started = new ArrayList<>();

    @BeforeEach
    void packageFakeApp() throws IOException {
        dir = Files.createTempDirectory("app-process-test-");
        module = dir.resolve("inventory-service");
        Path jar = module.resolve("target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeApp.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, testClasses().toUri().toString());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            // the manifest is the whole jar
        }
    }

    @AfterEach
    void cleanUp() {
        started.forEach(app -> app.stop(Duration.ZERO));
        DevStack.deleteRecursively(dir);
    }

    private AppProcess app(String mode) {
        AppProcess app = new AppProcess("inventory-service", module, Ports.free(),
                Map.of("fake.mode", mode, "fake.echo", "hello world"), dir.resolve("logs/inventory-service.log"))
                .withStartupCache(false);
        started.add(app);
        return app;
    }

    @Test
    void aReplicaIsTheServiceWithItsOwnNameLogPortAndKafkaClientIds() {
        try (DevStack stack = new DevStack(DevStack.Settings.forTests(dir.resolve("stack")))) {
            AppProcess single = AppProcess.service(Path.of("/r"), ServiceSchema.OPS, 8084, stack, Path.of("/d/logs"))
                    .withStartupCache(false);
            AppProcess second = AppProcess.replica(Path.of("/r"), ServiceSchema.OPS, 2, 8184, stack, Path.of("/d/logs"))
                    .withStartupCache(false);
            assertEquals("ops-service-2", second.name());
            assertEquals(Path.of("/d/logs/ops-service-2.log"), second.logFile());
            assertEquals(single.jar(), second.jar());
            List<String> added = new ArrayList<>(second.command());
            added.removeAll(single.command());
            // same schema, credentials and consumer groups: Kafka shares the partitions among the instances
            assertEquals(List.of("-Dquarkus.http.port=8184",
                    "-Dmp.messaging.connector.smallrye-kafka.client-id-prefix=ops-service-2-"), added);
            assertEquals(single.command().size() + 1, second.command().size());
            assertThrows(IllegalArgumentException.class, () -> AppProcess.instanceName(ServiceSchema.OPS, 0));
        }
    }

    @Test
    void commandFollowsTheLaunchContract() {
        AppProcess app = new AppProcess("booking-service", Path.of("/r/booking-service"), 8082,
                Map.of("quarkus.datasource.username", "booking_service"), Path.of("/d/logs/booking-service.log"));
        List<String> command = app.command();
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), command.get(0));
        List<String> jvm = JvmSettings.devStack("booking-service");
        assertEquals(jvm, command.subList(1, 1 + jvm.size()));
        // production's options, plus C1 only (dev-stack/README.md says why)
        List<String> production = new ArrayList<>(JvmSettings.production("booking-service"));
        production.addAll(JvmSettings.DEV_ONLY);
        assertEquals(production, jvm);
        assertTrue(command.contains("-D%prod.quarkus.flyway.migrate-at-start=true") == false,
                "a bare AppProcess carries no service config");
        assertTrue(command.contains("-Dquarkus.http.port=8082"));
        assertTrue(command.contains("-Dquarkus.http.host=127.0.0.1"));
        assertTrue(command.contains("-Dquarkus.log.console.json.enabled=false"));
        long pid = ProcessHandle.current().pid();
        assertEquals(ChildClasspath.agentJar().map(jar -> List.of("-javaagent:" + jar + "=" + pid)).orElse(List.of()),
                command.stream().filter(arg -> arg.startsWith("-javaagent:")).toList());
        assertTrue(command.contains("-Dquarkus.datasource.username=booking_service"));
        assertEquals(List.of("-jar", "/r/booking-service/target/quarkus-app/quarkus-run.jar"),
                command.subList(command.size() - 2, command.size()));
    }

    @Test
    void jvmOptionsCanReplaceTheDefaults() {
        AppProcess app = new AppProcess("inventory-service", Path.of("/r/inventory-service"), 8081, Map.of(),
                Path.of("/d/logs/inventory-service.log")).withJvmOptions(List.of("-Xmx512m"));
        List<String> command = app.command();
        assertEquals("-Xmx512m", command.get(1));
        assertFalse(command.contains("-XX:TieredStopAtLevel=1"), command.toString());
        assertEquals(8081, app.port());
    }

    @Test
    void servicesMigrateAsTheyStartTheGatewayHasNothingToMigrate() {
        try (DevStack stack = new DevStack(DevStack.Settings.forTests(dir.resolve("stack")))) {
            AppProcess service = AppProcess.service(Path.of("/r"), ServiceSchema.BILLING, 8083, stack, Path.of("/d/logs"));
            assertTrue(service.command().contains("-D%prod.quarkus.flyway.migrate-at-start=true"), service.command().toString());
            assertEquals(JvmSettings.devStack("billing-service"),
                    service.command().subList(1, 1 + JvmSettings.devStack("billing-service").size()));
            AppProcess gateway = AppProcess.gateway(Path.of("/r"), 8080, stack, s -> 1, Path.of("/d/logs"));
            assertEquals(JvmSettings.devStack("gateway"),
                    gateway.command().subList(1, 1 + JvmSettings.devStack("gateway").size()));
            assertFalse(gateway.command().toString().contains("flyway"), gateway.command().toString());
        }
    }

    @Test
    void theFirstStartRecordsTheClassDataCacheTheNextUsesIt() throws Exception {
        AppProcess first = cached();
        StartupCache cache = first.startupCache();
        assertFalse(cache.isCurrent());
        assertTrue(first.command().stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=")
                || a.startsWith("-XX:AOTCacheOutput=")), first.command().toString());
        first.start().awaitReady(Duration.ofSeconds(60));
        assertFalse(first.stop(Duration.ofSeconds(20)));
        assertTrue(cache.isCurrent(), "recorded as the JVM exited: " + cache.file());
        try (var left = Files.list(cache.file().getParent())) {
            assertEquals(List.of(), left.filter(p -> p.toString().contains(".recording")).toList(), "no recording left");
        }

        AppProcess second = cached();
        assertTrue(second.command().contains("-XX:SharedArchiveFile=" + cache.file())
                || second.command().contains("-XX:AOTCache=" + cache.file()), second.command().toString());
        second.start().awaitReady(Duration.ofSeconds(60));
        assertFalse(second.stop(Duration.ofSeconds(20)));

        // a newer jar (a rebuild) makes the cache stale: recorded again
        Files.setLastModifiedTime(first.jar(), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertFalse(cache.isCurrent());
        // only one instance of a service records: instance 2 of several starts without a cache
        AppProcess replica = new AppProcess("inventory-service-2", module, Ports.free(), Map.of(),
                dir.resolve("logs/inventory-service-2.log"));
        String replicaCommand = replica.command().toString();
        assertFalse(replicaCommand.contains("Archive") || replicaCommand.contains("AOTCache"), replicaCommand);
        String uncached = app("ready").command().toString();
        assertFalse(uncached.contains("Archive") || uncached.contains("AOTCache"), uncached);
    }

    private AppProcess cached() {
        AppProcess app = new AppProcess("inventory-service", module, Ports.free(), Map.of("fake.mode", "ready"),
                dir.resolve("logs/inventory-service.log"));
        started.add(app);
        return app;
    }

    @Test
    void readyWhenTheHealthCheckAnswers200AndStopLeavesNothingRunning() throws Exception {
        AppProcess app = app("ready").start();
        app.awaitReady(Duration.ofSeconds(60));
        assertTrue(app.isAlive());
        long pid = app.pid();

        String log = Files.readString(app.logFile());
        assertTrue(log.contains("===== inventory-service starting on port " + app.port()), log);
        assertTrue(log.contains("fake.echo=hello world"), log);
        assertTrue(log.contains("cwd=" + module.toRealPath()), log);
        assertTrue(log.contains("stderr is in the log too"), log);

        assertFalse(app.stop(Duration.ofSeconds(20)), "a well-behaved app stops on SIGTERM");
        assertFalse(app.isAlive());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(Files.readString(app.logFile()).contains("fake app stopping"), "SIGTERM ran the app's shutdown");
    }

    @Test
    void notReadyWhileTheHealthCheckAnswers503() {
        AppProcess app = app("never-ready").start();
        AppProcess.StartupException e = assertThrows(AppProcess.StartupException.class,
                () -> app.awaitReady(Duration.ofSeconds(3)));
        assertTrue(e.getMessage().contains("inventory-service was not ready within 3 s"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
        assertTrue(app.isAlive());
    }

    @Test
    void anAppThatExitsDuringStartupIsReportedWithItsExitCodeAndLogTail() throws IOException {
        Path log = dir.resolve("logs/inventory-service.log");
        Files.createDirectories(log.getParent());
        StringBuilder older = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            older.append("earlier run line ").append(i).append('\n');
        }
        Files.writeString(log, older);

        AppProcess app = app("exit").start();
        AppProcess.StartupException e = assertThrows(AppProcess.StartupException.class,
                () -> app.awaitReady(Duration.ofSeconds(60)));
        assertEquals("inventory-service exited with code 3 before it was ready", e.getMessage());

        List<String> tail = app.tail(30);
        assertEquals("boom: cannot connect to the database", tail.get(tail.size() - 1));
        assertTrue(tail.get(0).startsWith("===== inventory-service starting"), tail.toString());
        assertTrue(tail.stream().noneMatch(line -> line.startsWith("earlier run")), "only this run's lines: " + tail);
        assertEquals(2, app.tail(2).size());
        assertEquals("boom: cannot connect to the database", app.tail(1).get(0));
        assertTrue(Files.readString(log).startsWith("earlier run line 0\n"), "the log is appended to, not replaced");
    }

    @Test
    void tailOfALongLogGivesTheLastLines() throws IOException {
        Path log = dir.resolve("long.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        Files.writeString(log, text);
        assertEquals(List.of("line 49997", "line 49998", "line 49999"), AppProcess.tail(log, 0, 3));
        assertEquals(List.of(), AppProcess.tail(dir.resolve("missing.log"), 0, 3));
    }

    @Test
    void anAppIgnoringSigtermIsKilledAfterTheGracePeriod() {
        AppProcess app = app("ignore-term").start();
        app.awaitReady(Duration.ofSeconds(60));
        long pid = app.pid();
        long start = System.nanoTime();
        assertTrue(app.stop(Duration.ofSeconds(1)), "reported as killed");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void anUnbuiltModuleSaysHowToBuildIt() {
        AppProcess app = new AppProcess("ops-service", dir.resolve("ops-service"), Ports.free(), Map.of(),
                dir.resolve("logs/ops-service.log"));
        assertFalse(app.isBuilt());
        IllegalStateException e = assertThrows(IllegalStateException.class, app::start);
        assertEquals("ops-service is not built: run ./valet --rebuild or ./mvnw -DskipTests install", e.getMessage());
        assertFalse(Files.exists(app.logFile()), "nothing was started");
    }

    private static Path testClasses() {
        try {
            return Path.of(FakeApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The stand-in for a packaged Quarkus app, run in its own JVM. {@code -Dfake.mode}: ready (serves 200),
     * never-ready (503), exit (fails during startup), ignore-term (does not stop on SIGTERM).
     */
    public static final class FakeApp {
        public static void main(String[] args) throws Exception {
            String mode = System.getProperty("fake.mode", "ready");
            int port = Integer.getInteger("quarkus.http.port");
            System.out.println("fake app starting in mode " + mode + " on port " + port);
            System.out.println("fake.echo=" + System.getProperty("fake.echo"));
            System.out.println("cwd=" + Path.of("").toAbsolutePath().toRealPath());
            System.err.println("stderr is in the log too");
            if (mode.equals("exit")) {
                System.out.println("boom: cannot connect to the database");
                System.exit(3);
            }
            int status = mode.equals("never-ready") ? 503 : 200;
            HttpServer server = HttpServer.create(new InetSocketAddress(System.getProperty("quarkus.http.host"), port), 8);
            server.createContext("/q/health/ready", exchange -> {
                byte[] body = ("{\"status\":\"" + (status == 200 ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            // Becomes ready only after a moment, as a real app does.
            Thread.sleep(300);
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("fake app stopping");
                if (mode.equals("ignore-term")) {
                    sleepForever();
                }
                server.stop(0);
            }));
        }

        private static void sleepForever() {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
