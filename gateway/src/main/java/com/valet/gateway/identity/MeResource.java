package com.valet.gateway.identity;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Set;
import java.util.TreeSet;

/** Who the gateway believes the caller is, straight from the verified Supabase token. */
@Path("/api/me")
@Authenticated // the gateway's AccessFilter refuses a missing token first; this keeps the resource safe alone
public class MeResource {
    private final SecurityIdentity identity;
    private final JsonWebToken token;

    MeResource(SecurityIdentity identity, JsonWebToken token) {
        this.identity = identity;
        this.token = token;
    }

    public record Me(String userId, String email, Set<String> roles) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The signed-in user: id (the Supabase user id), email and staff roles")
    public Me me() {
        return new Me(token.getSubject(), token.getClaim("email"), new TreeSet<>(identity.getRoles()));
    }
}
