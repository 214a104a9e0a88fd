package com.valet.gateway.ratelimit;

import com.valet.web.ProblemWriter;
import com.valet.gateway.edge.AccessRules;
import com.valet.gateway.edge.Callers;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * 429 problem+json with {@code Retry-After} when a client address or a user goes over its rate. The
 * address is limited before the token is verified (a flood costs no signature checks), the user after.
 * Only forwarded paths count; the operator endpoints ({@code /q/*}) do not. Behind a load balancer the
 * address is the balancer's unless {@code quarkus.http.proxy.*} trusts its {@code X-Forwarded-For}.
 */
@Singleton
public class RateLimits {
    /** After CORS (300, so a browser can read the 429), before authentication (200). */
    static final int PER_IP_PRIORITY = 250;
    /** After authentication and the token check (50). */
    static final int PER_USER_PRIORITY = 40;

    private final RateLimitConfig config;
    private final ProblemWriter problems;
    private final RateLimiter perUser;
    private final RateLimiter perIp;
    private final Vertx vertx;
    private final long evictionTimer;

    RateLimits(RateLimitConfig config, ProblemWriter problems, Vertx vertx) {
        this.config = config;
        this.problems = problems;
        this.vertx = vertx;
        this.perUser = new RateLimiter(config.perUser().rate(), config.perUser().burst(), System::nanoTime);
        this.perIp = new RateLimiter(config.perIp().rate(), config.perIp().burst(), System::nanoTime);
        this.evictionTimer = vertx.setPeriodic(config.evictEvery().toMillis(), id -> {
            perUser.evictIdle();
            perIp.evictIdle();
        });
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(evictionTimer);
    }

    void register(@Observes Filters filters) {
        if (config.enabled()) {
            filters.register(this::limitAddress, PER_IP_PRIORITY);
            filters.register(this::limitUser, PER_USER_PRIORITY);
        }
    }

    void limitAddress(RoutingContext ctx) {
        SocketAddress address = ctx.request().remoteAddress();
        if (address == null || !AccessRules.isForwarded(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        String host = address.hostAddress() != null ? address.hostAddress() : address.host();
        limit(ctx, perIp.acquire(host), "per-ip");
    }

    void limitUser(RoutingContext ctx) {
        String subject = Callers.subject(ctx).orElse(null);
        if (subject == null || !AccessRules.isForwarded(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        limit(ctx, perUser.acquire(subject), "per-user");
    }

    private void limit(RoutingContext ctx, long waitNanos, String which) {
        if (waitNanos == 0) {
            ctx.next();
            return;
        }
        long seconds = RateLimiter.retryAfterSeconds(waitNanos);
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        problems.send(ctx, 429, "Too many requests; retry in " + seconds + " s.", Map.of("limit", which));
    }
}
