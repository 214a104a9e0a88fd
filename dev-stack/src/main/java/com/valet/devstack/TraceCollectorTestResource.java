package com.valet.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * For apps tested without {@link DevStackTestResource} (the gateway): a trace collector stub shared by the
 * test JVM, so the app exports its spans as in production.
 */
public class TraceCollectorTestResource implements QuarkusTestResourceLifecycleManager {
    private static TraceCollectorStub collector;

    public static synchronized TraceCollectorStub collector() {
        if (collector == null) {
            TraceCollectorStub stub = TraceCollectorStub.onFreePort().start();
            Runtime.getRuntime().addShutdownHook(new Thread(stub::close, "trace-collector-shutdown"));
            collector = stub;
        }
        return collector;
    }

    @Override
    public Map<String, String> start() {
        return collector().exporterConfig();
    }

    @Override
    public void stop() {
        // shared by the test JVM; closed by its shutdown hook
    }
}
