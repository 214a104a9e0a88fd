package com.valet.inventory.claim;

import com.valet.inventory.item.ItemCursor;
import com.valet.web.Caller;
import com.valet.web.IfMatch;
import com.valet.web.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.UUID;

/**
 * Staff review claims: the queue, one claim, and the decisions (approve, deny, pay), each with If-Match.
 * The same staff check as the other staff endpoints (driver, warehouse or admin); customers get 403.
 */
@Path("/staff/claims")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StaffClaimResource {
    private final ClaimDesk desk;
    private final Caller caller;

    StaffClaimResource(ClaimDesk desk, Caller caller) {
        this.desk = desk;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The claims in one status (open by default), oldest first, a page at a time")
    public Uni<StaffClaimView.Page> queue(
            @QueryParam("status") @DefaultValue("open")
            @Pattern(regexp = "open|approved|denied|paid", message = "must be one of open, approved, denied, paid")
            String status,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(100) int limit,
            @QueryParam("after") String after) {
        caller.requireStaff();
        ItemCursor cursor = after == null ? null : ItemCursor.decode(after)
                .orElseThrow(() -> ProblemException.badRequest("after", "not a cursor from a previous page"));
        return desk.queue(ClaimStatus.valueOf(status), cursor, limit + 1).map(claims -> {
            boolean more = claims.size() > limit;
            List<Claim> page = more ? claims.subList(0, limit) : claims;
            return new StaffClaimView.Page(page.stream().map(StaffClaimView::of).toList(),
                    more ? ClaimResource.next(page) : null);
        });
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One claim, whoever filed it")
    public Uni<Response> get(@PathParam("id") UUID id) {
        caller.requireStaff();
        return desk.find(id).map(this::answer);
    }

    @POST
    @Path("{id}/approve")
    @Operation(summary = "Approve an open claim for up to the claimed amount; needs If-Match")
    public Uni<Response> approve(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                 @Valid @NotNull ClaimReview.Approval approval) {
        caller.requireStaff();
        long expected = IfMatch.requiredVersion(ifMatch);
        return desk.approve(id, expected, approval, caller.userId(), caller.actor().role())
                .map(this::answer);
    }

    @POST
    @Path("{id}/deny")
    @Operation(summary = "Deny an open claim, saying why; needs If-Match")
    public Uni<Response> deny(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                              @Valid @NotNull ClaimReview.Denial denial) {
        caller.requireStaff();
        long expected = IfMatch.requiredVersion(ifMatch);
        return desk.deny(id, expected, denial, caller.userId(), caller.actor().role())
                .map(this::answer);
    }

    @POST
    @Path("{id}/pay")
    @Operation(summary = "Record the payout of an approved claim (its transfer reference); needs If-Match")
    public Uni<Response> pay(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                             @Valid @NotNull ClaimReview.Payout payout) {
        caller.requireStaff();
        long expected = IfMatch.requiredVersion(ifMatch);
        return desk.pay(id, expected, payout, caller.userId(), caller.actor().role())
                .map(this::answer);
    }

    private Response answer(Claim claim) {
        return Response.ok(StaffClaimView.of(claim)).tag(IfMatch.etag(claim.version)).build();
    }
}
