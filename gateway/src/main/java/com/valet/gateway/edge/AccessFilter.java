package com.valet.gateway.edge;

import com.valet.web.ProblemWriter;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * 401 problem+json for a request without a token where {@link AccessRules} wants one. The rule lives here
 * rather than in {@code quarkus.http.auth.permission.*}: a policy denying an anonymous caller answers
 * with an empty body, and the rule is easier to read (and test) as code.
 */
@Singleton
public class AccessFilter {
    /** After authentication (200) and authorization (100). */
    static final int PRIORITY = 50;

    private final ProblemWriter problems;

    AccessFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    void check(RoutingContext ctx) {
        if (AccessRules.needsToken(ctx.request().method(), ctx.normalizedPath())) {
            // Supabase's anon key and service key are valid JWTs too, but not a signed-in user
            Optional<String> role = Callers.supabaseRole(ctx);
            if (role.filter(Callers.SERVICE_ROLE::equals).isPresent()) {
                problems.send(ctx, 403, "The service role key is not for the public API.");
                return;
            }
            if (!Callers.isAuthenticated(ctx)) {
                problems.unauthorized(ctx, role.isPresent() ? "A signed-in user's token is required."
                        : "A valid bearer token is required.");
                return;
            }
        }
        ctx.next();
    }
}
