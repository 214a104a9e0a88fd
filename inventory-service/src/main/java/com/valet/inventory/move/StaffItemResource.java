package com.valet.inventory.move;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.valet.inventory.item.Item;
import com.valet.inventory.item.ItemView;
import com.valet.web.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.UUID;

/** Drivers and warehouse staff: scan a label, move an item. Customers get 403. */
@Path("/staff/items")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StaffItemResource {
    private final ItemMoves moves;
    private final Caller caller;

    StaffItemResource(ItemMoves moves, Caller caller) {
        this.moves = moves;
        this.caller = caller;
    }

    /** An item as staff see it: whose it is, besides what it is. */
    public record StaffItemView(UUID ownerId, @JsonUnwrapped ItemView item) {
        static StaffItemView of(Item item) {
            return new StaffItemView(item.ownerId, ItemView.of(item));
        }
    }

    @GET
    @Path("by-qr/{qrCode}")
    @Operation(summary = "Look an item up by the QR label just scanned")
    public Uni<StaffItemView> scan(@PathParam("qrCode") String qrCode) {
        caller.requireStaff();
        return moves.byQrCode(qrCode).map(StaffItemView::of);
    }

    @POST
    @Path("{id}/moves")
    @Operation(summary = "Move an item to a new physical state (409 with current_status if not allowed)")
    public Uni<StaffItemView> move(@PathParam("id") UUID id, @Valid @NotNull MoveRequest request) {
        caller.requireStaff();
        return moves.move(id, request, caller.userId(), caller.actor().role()).map(StaffItemView::of);
    }
}
