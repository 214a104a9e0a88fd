package com.valet.system;

import com.valet.devstack.AppProcess;
import com.valet.devstack.DevStack;
import com.valet.devstack.Ports;
import com.valet.devstack.ServiceSchema;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Packaged apps (target/quarkus-app) started as separate JVMs against one dev stack, as ./valet up does. */
final class PlatformProcesses implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final Path repo = Path.of(System.getProperty("valet.repo", "..")).toAbsolutePath().normalize();
    private final DevStack stack;
    private final Path logs;
    private final List<AppProcess> running = new ArrayList<>();
    private final Map<ServiceSchema, Integer> ports = new EnumMap<>(ServiceSchema.class);

    PlatformProcesses(DevStack stack, Path logs) {
        this.stack = stack;
        this.logs = logs;
    }

    AppProcess service(ServiceSchema service) {
        return AppProcess.service(repo, service, ports.computeIfAbsent(service, s -> Ports.free()), stack, logs);
    }

    /**
     * Instance {@code instance} (from 1) of a service that runs several times on this stack, on a free port:
     * the same schema and consumer groups as its siblings (AppProcess.replica).
     */
    AppProcess replica(ServiceSchema service, int instance) {
        return AppProcess.replica(repo, service, instance, Ports.free(), stack, logs);
    }

    AppProcess gateway() {
        return AppProcess.gateway(repo, Ports.free(), stack, service -> ports.computeIfAbsent(service, s -> Ports.free()),
                logs);
    }

    /** Starts the apps together and waits until each one's readiness check says UP. */
    List<AppProcess> startAll(AppProcess... apps) {
        for (AppProcess app : apps) {
            running.add(app.start());
        }
        for (AppProcess app : apps) {
            app.awaitReady(READY_TIMEOUT);
        }
        return List.of(apps);
    }

    /** A service stopped earlier, started again on the same port and data. */
    AppProcess startAgain(AppProcess service) {
        AppProcess again = service(ServiceSchema.of(service.name()));
        startAll(again);
        return again;
    }

    /**
     * SIGKILL at once, as a crashed node or the OOM killer would: no graceful shutdown, so no last offset
     * commit and no relay batch finished.
     */
    void kill(AppProcess app) {
        ProcessHandle.of(app.pid()).ifPresent(ProcessHandle::destroyForcibly);
        app.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        stop(app);
    }

    void stop(AppProcess app) {
        app.stop(Duration.ofSeconds(20));
        running.remove(app);
    }

    @Override
    public void close() {
        for (AppProcess app : List.copyOf(running)) {
            stop(app);
        }
    }
}
