package com.valet.booking.action;

import com.valet.events.Actor;
import com.valet.web.Caller;
import com.valet.web.FieldError;
import com.valet.web.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Staff: read any action, confirm a slot booked by phone, cancel on the customer's behalf. */
@Path("/staff/actions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StaffActionResource {
    private final Visits visits;
    private final SchedulingLinks links;
    private final Caller caller;

    StaffActionResource(Visits visits, SchedulingLinks links, Caller caller) {
        this.visits = visits;
        this.links = links;
        this.caller = caller;
    }

    public record Slot(@NotNull Instant scheduledStart, @NotNull Instant scheduledEnd) {
    }

    public record Cancellation(@NotNull @Size(min = 1, max = 500) String reason) {
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Any action with its booking history")
    public Uni<ActionView> read(@PathParam("id") UUID id) {
        caller.requireStaff();
        return visits.findAny(id).chain(action -> visits.history(id)
                .map(history -> ActionView.of(action, links.forAction(id), history)));
    }

    @POST
    @Path("{id}/confirm")
    @Operation(summary = "Confirm (or reschedule) a slot agreed outside Calendly; emits booking-confirmed")
    public Uni<ActionView> confirm(@PathParam("id") UUID id, @Valid @NotNull Slot slot) {
        caller.requireStaff();
        if (!slot.scheduledEnd().isAfter(slot.scheduledStart())) {
            throw ProblemException.badRequest("The slot is empty.",
                    List.of(new FieldError("scheduled_end", "must be after scheduled_start")));
        }
        return visits.confirmByStaff(id, slot.scheduledStart(), slot.scheduledEnd(), actor())
                .map(action -> ActionView.of(action, null, null));
    }

    @POST
    @Path("{id}/cancel")
    @Operation(summary = "Cancel an action before a driver started it; a confirmed one emits booking-canceled")
    public Uni<ActionView> cancel(@PathParam("id") UUID id, @Valid @NotNull Cancellation cancellation) {
        caller.requireStaff();
        return visits.cancelByStaff(id, cancellation.reason(), actor()).map(action -> ActionView.of(action, null, null));
    }

    @POST
    @Path("{id}/start")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Mark a confirmed visit in progress (item moves do this by themselves)")
    public Uni<ActionView> start(@PathParam("id") UUID id) {
        caller.requireStaff();
        return visits.startByStaff(id, actor()).map(action -> ActionView.of(action, null, null));
    }

    @POST
    @Path("{id}/complete")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Mark a visit in progress completed (item moves do this when every item arrived)")
    public Uni<ActionView> complete(@PathParam("id") UUID id) {
        caller.requireStaff();
        return visits.completeByStaff(id, actor()).map(action -> ActionView.of(action, null, null));
    }

    private Actor actor() {
        return caller.actor();
    }
}
