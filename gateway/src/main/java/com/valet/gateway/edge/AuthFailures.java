package com.valet.gateway.edge;

import com.valet.web.ProblemWriter;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * A token that fails verification (bad signature, expired, wrong issuer or audience) ends the request in
 * the authentication filter, before any route. Quarkus would answer an empty 401; this failure handler,
 * ahead of Quarkus's own, answers problem+json (keeping the challenge the OIDC mechanism set).
 */
@Singleton
public class AuthFailures {
    private final ProblemWriter problems;

    AuthFailures(ProblemWriter problems) {
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (isAuthenticationFailure(failure) && !ctx.response().ended()) {
            problems.unauthorized(ctx, "A valid bearer token is required.");
            return;
        }
        ctx.next();
    }

    private static boolean isAuthenticationFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationFailedException || t instanceof AuthenticationCompletionException
                    || t instanceof UnauthorizedException) {
                return true;
            }
        }
        return false;
    }
}
