package com.valet.inventory.claim;

import com.valet.inventory.item.PhotoPaths;
import com.valet.web.Caller;
import com.valet.web.IfMatch;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.util.UUID;

/**
 * Filing a claim, under the item it is about. A class of its own because Quarkus REST matches the class
 * path first: with a {@code @Path("/")} class, {@code /items/{id}/claims} went to ItemResource
 * ({@code @Path("/items")}) and ended in a 404.
 */
@Path("/items/{id}/claims")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ItemClaimResource {
    private final ClaimDesk desk;
    private final Caller caller;

    ItemClaimResource(ClaimDesk desk, Caller caller) {
        this.desk = desk;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "File a damage or loss claim on one of your items the company has held")
    public Uni<Response> file(@PathParam("id") UUID itemId, @Valid @NotNull NewClaim claim) {
        UUID user = caller.userId();
        if (claim.photoPaths() != null) {
            PhotoPaths.requireOwn(user, claim.photoPaths());
        }
        return desk.file(user, itemId, claim).map(filed -> Response.created(URI.create("/claims/" + filed.id))
                .tag(IfMatch.etag(filed.version)).entity(ClaimView.of(filed)).build());
    }
}
