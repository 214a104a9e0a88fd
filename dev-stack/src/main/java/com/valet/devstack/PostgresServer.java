package com.valet.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A real PostgreSQL 17 server from zonky's embedded binaries, on loopback, with its data in a directory
 * we own so that it survives restarts. zonky runs the server under {@code unshare -U} when the JVM runs
 * as root, which is how PostgreSQL's refusal to run as root is handled without a manual step.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String SUPERUSER = "postgres";

    private final Path dataDir;
    private final int port;
    private final boolean durable;
    private EmbeddedPostgres postgres;

    /**
     * @param durable true for the run command (fsync and synchronous commit on: an accepted write
     *                survives a crash); false for tests, where speed matters more than a power cut.
     */
    public PostgresServer(Path dataDir, int port, boolean durable) {
        this.dataDir = dataDir;
        this.port = port;
        this.durable = durable;
    }

    public synchronized PostgresServer start() {
        if (postgres != null) {
            return this;
        }
        try {
            Files.createDirectories(dataDir);
            stopLeftoverPostmaster(dataDir).ifPresent(pid ->
                    System.err.println("Stopped a PostgreSQL left running on " + dataDir + " (pid " + pid + ")"));
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("timezone", "UTC")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("full_page_writes", durable ? "on" : "off")
                    // pg_xact_commit_timestamp(xmin): when the transaction that wrote a row committed. The
                    // pipeline benchmark ends each latency there; cheap (a few bytes per transaction).
                    .setServerConfig("track_commit_timestamp", "on");
            Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
            builder.setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
            postgres = builder.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL failed to start on port " + port + " (data " + dataDir + ")", e);
        }
    }

    /** Fast shutdown: open transactions roll back, committed data is on disk. */
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            postgres = null;
        }
    }

    public synchronized boolean running() {
        return postgres != null;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The postmaster's pid (from {@code postmaster.pid}); its children are the backends and workers. */
    public synchronized long postmasterPid() {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL is not running");
        }
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8)
                    .get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port + "/" + database;
    }

    public Connection connect(String database, String user, String password) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    public Connection connectAsSuperuser(String database) throws SQLException {
        return connect(database, SUPERUSER, "");
    }

    /**
     * A launcher killed with SIGKILL leaves its postmaster running on the data directory, and the next
     * start would fail on its lock. Stops such a leftover (only if it is a postgres process).
     *
     * @return the pid of the postmaster that was stopped, if there was one
     */
    public static OptionalLong stopLeftoverPostmaster(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return OptionalLong.empty();
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            long pid = Long.parseLong(lines.get(0).trim());
            Optional<ProcessHandle> stale = ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
            if (stale.isEmpty()) {
                return OptionalLong.empty();
            }
            stale.get().destroy(); // SIGTERM: "smart" shutdown; its clients died with the launcher
            try {
                stale.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                stale.get().destroyForcibly();
            }
            return OptionalLong.of(pid);
        } catch (IOException | RuntimeException e) {
            // an unreadable pid file: starting the server reports the real problem
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
