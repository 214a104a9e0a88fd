package com.valet.web;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.security.Principal;
import java.util.Optional;

/**
 * Supabase's anon key and service key are valid, signed JWTs too, but they identify no user: their
 * {@code role} claim is {@code anon} or {@code service_role} instead of {@code authenticated}. Every app
 * (each service again, not only the gateway) treats such a token as no token at all, so it reaches public
 * routes and gets 401 everywhere else. The role stays readable as the {@link #SUPABASE_ROLE} attribute, for
 * the gateway's 403 to the service key.
 */
@Singleton
public class SignedInUsersOnly implements SecurityIdentityAugmentor {
    /** Supabase's {@code role} claim of a signed-in user's access token. */
    public static final String USER_ROLE = "authenticated";
    /** Identity attribute: the {@code role} claim of a token that was not a user's. */
    public static final String SUPABASE_ROLE = "valet.supabase-role";

    private static final Principal NOBODY = () -> "";

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        String role = role(token).orElse("");
        if (USER_ROLE.equals(role)) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setAnonymous(true)
                .setPrincipal(NOBODY)
                .addAttribute(SUPABASE_ROLE, role)
                .build());
    }

    /** The token's {@code role} claim. */
    public static Optional<String> role(JsonWebToken token) {
        Object role = token.getClaim("role");
        if (role instanceof JsonString json) {
            return Optional.of(json.getString());
        }
        return Optional.ofNullable(role).map(Object::toString);
    }
}
