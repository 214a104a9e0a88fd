package com.valet.gateway.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts the stub services once per test JVM and points the gateway at them: the four real routes, plus
 * {@code down} (a stub that was stopped: connection refused), {@code slow} and {@code tripping} (answer
 * after 5 s, beyond their 400 ms timeout; two of them so the breaker test does not depend on the
 * timeout test). Also the small limits the tests reach on purpose, in this one configuration so that the
 * Quarkus tests of the gateway share one application start (only the rate limits need their own profile,
 * {@code TightRateLimits}).
 */
public class ServiceStubs implements QuarkusTestResourceLifecycleManager {
    public static final String[] ROUTED = {"inventory", "booking", "billing", "ops"};
    public static final int FAILURES_TO_OPEN = 3;
    public static final long MAX_BODY_BYTES = 64 * 1024;

    private static Map<String, StubService> stubs;
    private static String downUrl;

    public static synchronized Map<String, StubService> stubs() {
        if (stubs == null) {
            Vertx vertx = Vertx.vertx();
            Map<String, StubService> started = new LinkedHashMap<>();
            for (String name : ROUTED) {
                started.put(name, new StubService(name, 0, vertx).start());
            }
            started.put("slow", new StubService("slow", 5_000, vertx).start());
            started.put("tripping", new StubService("tripping", 5_000, vertx).start());
            StubService down = new StubService("down", 0, vertx).start();
            downUrl = down.url();
            down.stop(); // nothing listens on its port any more
            Runtime.getRuntime().addShutdownHook(new Thread(vertx::close, "service-stubs-shutdown"));
            stubs = started;
        }
        return stubs;
    }

    public static StubService stub(String name) {
        StubService stub = stubs().get(name);
        if (stub == null) {
            throw new IllegalArgumentException("no stub " + name);
        }
        return stub;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new LinkedHashMap<>();
        stubs().forEach((name, stub) -> config.put("valet.services." + name + ".url", stub.url()));
        config.put("valet.services.down.url", downUrl);
        config.put("valet.services.slow.request-timeout", "400ms");
        config.put("valet.services.tripping.request-timeout", "400ms");
        config.put("valet.gateway.circuit-breaker.failures", Integer.toString(FAILURES_TO_OPEN));
        config.put("valet.gateway.circuit-breaker.window", "1m");
        config.put("valet.gateway.circuit-breaker.open-for", "1m");
        config.put("quarkus.http.limits.max-body-size", MAX_BODY_BYTES / 1024 + "K");
        // the per-ip test poses as other clients behind a trusted proxy (X-Forwarded-For)
        config.put("quarkus.http.proxy.proxy-address-forwarding", "true");
        config.put("quarkus.http.proxy.allow-x-forwarded", "true");
        config.put("quarkus.http.proxy.trusted-proxies", "127.0.0.1,::1");
        config.put("quarkus.http.cors.origins", "https://app.valet.example");
        return config;
    }

    @Override
    public void stop() {
        // shared by the test JVM; closed by its shutdown hook
    }
}
