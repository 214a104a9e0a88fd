package com.valet.gateway.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The services the gateway routes to, {@code valet.services.<name>.url} (the key format dev-stack's
 * {@code AppProcess.gateway} writes). Each one gets the route {@code /api/<name>/**}.
 */
@ConfigMapping(prefix = "valet.services")
public interface ServicesConfig {
    @WithParentName
    Map<String, Service> services();

    interface Service {
        /** Base URL, e.g. {@code http://127.0.0.1:8082} (no path: the service's paths start at its root). */
        String url();

        /** Overrides {@code valet.gateway.upstream.connect-timeout} for this service. */
        Optional<Duration> connectTimeout();

        /** Overrides {@code valet.gateway.upstream.request-timeout} for this service. */
        Optional<Duration> requestTimeout();
    }
}
