package com.valet.web;

import com.valet.events.Actor;
import com.valet.events.ActorRole;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, from the Supabase access token that quarkus-oidc verified (signature against the
 * JWKS, issuer, audience, expiry). Inject it into a resource; every method throws a 401
 * {@link ProblemException} when the request carries no verified token.
 */
@RequestScoped
public class Caller {
    @Inject
    SecurityIdentity identity;

    private UUID userId;

    /** The token's {@code sub}: Supabase's user id. A token whose sub is not a UUID is refused (401). */
    public UUID userId() {
        if (userId == null) {
            String sub = token().getSubject();
            UUID parsed = parseUuid(sub);
            if (parsed == null) {
                throw ProblemException.unauthorized("The token's subject is not a user id.");
            }
            userId = parsed;
        }
        return userId;
    }

    /** The token's {@code email} claim, or {@code null} if it has none (a phone sign-in). */
    public String email() {
        Object email = token().getClaim("email");
        if (email instanceof JsonString json) {
            email = json.getString();
        }
        return email == null || email.toString().isEmpty() ? null : email.toString();
    }

    /**
     * The roles in the token's {@code app_metadata.roles} (only the Supabase service key can write
     * {@code app_metadata}); empty for a customer. Read from the verified token itself, so it does not
     * depend on {@code quarkus.oidc.roles.role-claim-path}, which {@code @RolesAllowed} needs.
     */
    public Set<String> roles() {
        Object appMetadata = token().getClaim("app_metadata");
        if (!(appMetadata instanceof Map<?, ?> metadata)) {
            return Set.of();
        }
        Object roles = metadata.get("roles");
        if (!(roles instanceof Collection<?> values)) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object value : values) {
            if (value instanceof JsonString json) {
                out.add(json.getString());
            } else if (value instanceof String string) {
                out.add(string);
            } else if (value != null && !(value instanceof JsonValue)) {
                out.add(value.toString());
            }
        }
        return Set.copyOf(out);
    }

    /** Has any of the staff roles ({@link StaffRoles#ALL}). */
    public boolean isStaff() {
        return roles().stream().anyMatch(StaffRoles.ALL::contains);
    }

    /**
     * Who the caller acts as in trails and events: their most specific staff role (warehouse, then driver,
     * then admin), or customer.
     */
    public Actor actor() {
        Set<String> roles = roles();
        for (String role : List.of(StaffRoles.WAREHOUSE, StaffRoles.DRIVER, StaffRoles.ADMIN)) {
            if (roles.contains(role)) {
                return new Actor(userId(), ActorRole.valueOf(role));
            }
        }
        return new Actor(userId(), ActorRole.customer);
    }

    /** Throws a 403 problem unless the caller is staff (a 401 one if there is no caller at all). */
    public void requireStaff() {
        if (!isStaff()) {
            throw ProblemException.forbidden("This is for staff only.");
        }
    }

    private JsonWebToken token() {
        if (identity == null || identity.isAnonymous()
                || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw ProblemException.unauthorized("A valid bearer token is required.");
        }
        return token;
    }

    static UUID parseUuid(String value) {
        if (value == null || value.length() != 36) {
            return null;
        }
        try {
            UUID uuid = UUID.fromString(value);
            // UUID.fromString also takes non-canonical forms such as 1-1-1-1-1
            return uuid.toString().equalsIgnoreCase(value) ? uuid : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
