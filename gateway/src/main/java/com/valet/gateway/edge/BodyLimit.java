package com.valet.gateway.edge;

import com.valet.web.ProblemWriter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * 413 problem+json for a body over {@code quarkus.http.limits.max-body-size}, webhooks included. A
 * declared {@code Content-Length} is refused here, before the body is read or the token verified (Quarkus
 * would refuse it a little later with an empty body); a chunked body is counted while the proxy streams it to the service
 * (RequestBody), and refused here too if it grows past the limit before the answer began.
 */
@Singleton
public class BodyLimit {
    /** After CORS (300), before the address rate limit (250) and authentication (200). */
    static final int PRIORITY = 260;

    private final long maxBytes;
    private final ProblemWriter problems;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max, ProblemWriter problems) {
        this.maxBytes = max.asLongValue();
        this.problems = problems;
    }

    public long maxBytes() {
        return maxBytes;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    void check(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && isOver(length)) {
            tooLarge(ctx);
            return;
        }
        ctx.next();
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.strip()) > maxBytes;
        } catch (NumberFormatException e) {
            return false; // Vert.x's HTTP codec refuses a malformed Content-Length itself
        }
    }

    /** The rest of the body is not read: the connection is closed after the answer. */
    public void tooLarge(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        problems.send(ctx, 413, "The request body is larger than " + maxBytes + " bytes.");
    }
}
