package com.valet.booking.action;

import com.valet.events.Actor;
import com.valet.web.Caller;
import com.valet.web.IfMatch;
import com.valet.web.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The customer's visits: book, list, read with history, change a pickup's items, cancel. */
@Path("/actions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ActionResource {
    private final Visits visits;
    private final SchedulingLinks links;
    private final Caller caller;

    ActionResource(Visits visits, SchedulingLinks links, Caller caller) {
        this.visits = visits;
        this.links = links;
        this.caller = caller;
    }

    public record PickupItems(@NotNull @Size(max = 100) List<@NotNull UUID> pickupItemIds) {
    }

    public record Cancellation(@Size(max = 500) String reason) {
    }

    @POST
    @Operation(summary = "Book a pickup, redelivery or container delivery (422 names what stands in the way)")
    public Uni<Response> create(@Valid @NotNull NewAction request) {
        return visits.create(caller.userId(), request, actor()).map(action -> Response
                .created(URI.create("/actions/" + action.id)).tag(IfMatch.etag(action.version))
                .entity(view(action, null)).build());
    }

    @GET
    @Operation(summary = "The caller's actions by scheduled_start; default: the pending ones (the seed's query)")
    public Uni<List<ActionView>> list(@QueryParam("status") @DefaultValue("pending") String status,
                                      @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(200) int limit) {
        return visits.list(caller.userId(), statuses(status), limit)
                .map(actions -> actions.stream().map(action -> view(action, null)).toList());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One of the caller's actions with its booking history")
    public Uni<Response> read(@PathParam("id") UUID id) {
        return visits.find(caller.userId(), id).chain(action -> visits.history(id)
                .map(history -> Response.ok(view(action, history)).tag(IfMatch.etag(action.version)).build()));
    }

    @PUT
    @Path("{id}/pickup-items")
    @Operation(summary = "Set a pending pickup's items; needs If-Match")
    public Uni<Response> changeItems(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                     @Valid @NotNull PickupItems items) {
        long expected = IfMatch.requiredVersion(ifMatch);
        return visits.changePickupItems(caller.userId(), id, expected, items.pickupItemIds(), actor())
                .map(action -> Response.ok(view(action, null)).tag(IfMatch.etag(action.version)).build());
    }

    @POST
    @Path("{id}/cancel")
    @Operation(summary = "Cancel an action until a driver has started it (409 with current_status after)")
    public Uni<Response> cancel(@PathParam("id") UUID id, @Valid Cancellation cancellation) {
        String reason = cancellation == null ? null : cancellation.reason();
        return visits.cancelOwn(caller.userId(), id, reason, actor())
                .map(action -> Response.ok(view(action, null)).tag(IfMatch.etag(action.version)).build());
    }

    private ActionView view(Action action, List<BookingEvent> history) {
        return ActionView.of(action, links.forAction(action.id), history);
    }

    private Actor actor() {
        return caller.actor();
    }

    /** {@code pending} (the seed's two), {@code all}, or a comma list of statuses. */
    static Set<ActionStatus> statuses(String status) {
        if (status.equals("pending")) {
            return ActionStatus.PENDING;
        }
        if (status.equals("all")) {
            return EnumSet.allOf(ActionStatus.class);
        }
        Set<ActionStatus> statuses = EnumSet.noneOf(ActionStatus.class);
        for (String name : status.split(",")) {
            try {
                statuses.add(ActionStatus.valueOf(name.strip()));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("status", "'" + name.strip()
                        + "' is not pending, all or a status (" + EnumSet.allOf(ActionStatus.class) + ")");
            }
        }
        return statuses;
    }
}
