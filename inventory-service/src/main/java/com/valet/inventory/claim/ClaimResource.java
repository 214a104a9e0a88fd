package com.valet.inventory.claim;

import com.valet.inventory.item.ItemCursor;
import com.valet.web.Caller;
import com.valet.web.IfMatch;
import com.valet.web.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.UUID;

/** The signed-in customer's claims. Another customer's claim is answered like a missing one (404). */
@Path("/claims")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ClaimResource {
    private final ClaimDesk desk;
    private final Caller caller;

    ClaimResource(ClaimDesk desk, Caller caller) {
        this.desk = desk;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Your claims, newest first, a page at a time (pass next_cursor as after)")
    public Uni<ClaimView.Page> list(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(100) int limit,
                                    @QueryParam("after") String after) {
        ItemCursor cursor = after == null ? null : ItemCursor.decode(after)
                .orElseThrow(() -> ProblemException.badRequest("after", "not a cursor from a previous page"));
        return desk.mine(caller.userId(), cursor, limit + 1).map(claims -> {
            boolean more = claims.size() > limit;
            List<Claim> page = more ? claims.subList(0, limit) : claims;
            return new ClaimView.Page(page.stream().map(ClaimView::of).toList(), more ? next(page) : null);
        });
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One of your claims, with its review")
    public Uni<Response> get(@PathParam("id") UUID id) {
        return desk.mine(caller.userId(), id)
                .map(claim -> Response.ok(ClaimView.of(claim)).tag(IfMatch.etag(claim.version)).build());
    }

    /** The cursor after the last claim of a page. */
    static String next(List<Claim> page) {
        Claim last = page.get(page.size() - 1);
        return new ItemCursor(last.createdAt, last.id).encode();
    }
}
