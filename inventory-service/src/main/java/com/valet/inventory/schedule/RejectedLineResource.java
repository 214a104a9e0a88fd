package com.valet.inventory.schedule;

import com.valet.events.ItemStatus;
import com.valet.web.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The lines of a booking inventory could not schedule. Inventory does not own actions, so an action it
 * never heard of simply has no rejected lines (an empty list, not 404).
 */
@Path("/")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class RejectedLineResource {
    private final Caller caller;

    RejectedLineResource(Caller caller) {
        this.caller = caller;
    }

    public record RejectedLineView(UUID actionId, UUID itemId, RejectedLine.Line line, RejectedLine.Reason reason,
                                   ItemStatus currentStatus, Instant rejectedAt) {
        static RejectedLineView of(RejectedLine rejected) {
            return new RejectedLineView(rejected.key.actionId(), rejected.key.itemId(), rejected.line,
                    rejected.reason, rejected.currentStatus, rejected.rejectedAt);
        }
    }

    @GET
    @Path("actions/{actionId}/rejected-lines")
    @WithSession
    @Operation(summary = "The caller's items of a booking that could not be scheduled, and why")
    public Uni<List<RejectedLineView>> forCustomer(@PathParam("actionId") UUID actionId) {
        return RejectedLine.<RejectedLine>list("key.actionId = ?1 and customerId = ?2 order by key.itemId",
                actionId, caller.userId()).map(lines -> lines.stream().map(RejectedLineView::of).toList());
    }

    @GET
    @Path("staff/actions/{actionId}/rejected-lines")
    @WithSession
    @Operation(summary = "Staff: the lines of a booking that could not be scheduled, and why")
    public Uni<List<RejectedLineView>> forStaff(@PathParam("actionId") UUID actionId) {
        caller.requireStaff();
        return RejectedLine.<RejectedLine>list("key.actionId = ?1 order by key.itemId", actionId)
                .map(lines -> lines.stream().map(RejectedLineView::of).toList());
    }
}
