package com.valet.gateway.edge;

import com.valet.web.SignedInUsersOnly;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;

/**
 * The caller as the HTTP layer sees it. Authentication is proactive (Quarkus's default): by the time a
 * filter below priority 200 runs, a bearer token has been verified, or the request failed with 401.
 */
public final class Callers {
    /** The {@code role} of Supabase's service key: full access, meant for servers, never for this API. */
    public static final String SERVICE_ROLE = "service_role";

    private Callers() {
    }

    /**
     * The verified token's {@code role} claim: {@code authenticated}, {@code anon} or {@code service_role}.
     * service-web's {@link SignedInUsersOnly} has already made a key's identity anonymous, keeping its role.
     */
    public static Optional<String> supabaseRole(RoutingContext ctx) {
        return identity(ctx).flatMap(identity -> identity.isAnonymous()
                ? Optional.ofNullable(identity.<String>getAttribute(SignedInUsersOnly.SUPABASE_ROLE))
                : Optional.of(identity.getPrincipal())
                        .filter(JsonWebToken.class::isInstance)
                        .flatMap(principal -> SignedInUsersOnly.role((JsonWebToken) principal)));
    }

    public static boolean isAuthenticated(RoutingContext ctx) {
        return identity(ctx).filter(identity -> !identity.isAnonymous()).isPresent();
    }

    /** The verified token's {@code sub} (the Supabase user id), if the request carried a valid token. */
    public static Optional<String> subject(RoutingContext ctx) {
        return identity(ctx)
                .filter(identity -> !identity.isAnonymous())
                .map(SecurityIdentity::getPrincipal)
                .filter(JsonWebToken.class::isInstance)
                .map(principal -> ((JsonWebToken) principal).getSubject());
    }

    private static Optional<SecurityIdentity> identity(RoutingContext ctx) {
        return ctx.user() instanceof QuarkusHttpUser user ? Optional.ofNullable(user.getSecurityIdentity()) : Optional.empty();
    }
}
