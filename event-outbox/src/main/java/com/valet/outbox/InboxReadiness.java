package com.valet.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Readiness is DOWN while a consumer is stalled on a transient failure; the data say which, since when, why. */
@Readiness
@ApplicationScoped
class InboxReadiness implements HealthCheck {
    private final InboxStalls stalls;

    InboxReadiness(InboxStalls stalls) {
        this.stalls = stalls;
    }

    @Override
    public HealthCheckResponse call() {
        var current = stalls.current();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("event-inbox").status(current.isEmpty());
        current.forEach((consumer, stall) -> response.withData(consumer,
                "retrying since " + stall.since() + ": " + stall.lastError()));
        return response.build();
    }
}
