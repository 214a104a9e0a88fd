package com.valet.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.util.regex.Pattern;

/**
 * Refuses a bearer value that is not a compact JWS before quarkus-oidc sees it: some shapes (e.g. "....")
 * make its token parser throw, which would surface as a 500. Every app (the gateway and the services)
 * answers them like any other bad token: 401 problem+json with a Bearer challenge.
 */
@Singleton
public class BearerTokenGuard {
    /** Before authentication (priority 200). */
    static final int PRIORITY = 300;
    /** header.payload.signature, each base64url; the signature may be empty only to be refused later (alg none). */
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final String BEARER = "bearer ";

    private final ProblemWriter problems;

    BearerTokenGuard(ProblemWriter problems) {
        this.problems = problems;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    void check(RoutingContext ctx) {
        String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && !wellFormed(authorization.substring(BEARER.length()).trim())) {
            problems.unauthorized(ctx, "The bearer token is not a JWT.");
            return;
        }
        ctx.next();
    }

    static boolean wellFormed(String token) {
        return token.length() <= 16_384 && COMPACT_JWS.matcher(token).matches();
    }
}
