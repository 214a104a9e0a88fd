package com.valet.gateway.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the gateway talks to every service: timeouts, the connection pool, the circuit breaker. */
@ConfigMapping(prefix = "valet.gateway")
public interface UpstreamConfig {
    Upstream upstream();

    CircuitBreaker circuitBreaker();

    interface Upstream {
        /** Getting a connection: opening one, or waiting for a free one in the pool. */
        @WithDefault("2s")
        Duration connectTimeout();

        /** From sending the request to having the whole response; beyond it the answer is 504. */
        @WithDefault("10s")
        Duration requestTimeout();

        /** Open connections per service (HTTP/1.1 keep-alive, reused). */
        @WithDefault("32")
        int maxConnections();

        /** Requests waiting for a connection per service; more are refused at once (503), not queued. */
        @WithDefault("256")
        int maxWaiting();
    }

    interface CircuitBreaker {
        /** Failures (no connection, timeout) within {@link #window()} that open the breaker. */
        @WithDefault("5")
        int failures();

        @WithDefault("10s")
        Duration window();

        /** How long an open breaker answers 503 without calling the service before it lets one call try. */
        @WithDefault("10s")
        Duration openFor();
    }
}
