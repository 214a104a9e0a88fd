package com.valet.inventory.item;

import com.valet.web.Caller;
import com.valet.web.FieldError;
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
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The signed-in customer's own items. Another customer's item is answered like a missing one (404). */
@Path("/items")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ItemResource {
    private final ItemCatalogue catalogue;
    private final Caller caller;

    ItemResource(ItemCatalogue catalogue, Caller caller) {
        this.catalogue = catalogue;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Catalogue an item; the system assigns its QR label")
    public Uni<Response> create(@Valid @NotNull NewItem item) {
        UUID owner = caller.userId();
        PhotoPaths.requireOwn(owner, item.photoPaths());
        return catalogue.create(owner, item).map(created -> Response
                .created(URI.create("/items/" + created.id))
                .tag(etag(created))
                .entity(ItemView.of(created))
                .build());
    }

    /** Up to 50 items at once, e.g. a whole room photographed in one go. */
    public record NewItems(@NotNull @jakarta.validation.constraints.Size(min = 1, max = 50) List<@Valid @NotNull NewItem> items) {
    }

    /** The items a batch catalogued, in request order. */
    public record CreatedItems(List<ItemView> items) {
    }

    @POST
    @Path("batch")
    @Operation(summary = "Catalogue up to 50 items in one transaction: all or none; errors name items[i].field")
    public Uni<Response> createAll(@Valid @NotNull NewItems batch) {
        UUID owner = caller.userId();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < batch.items().size(); i++) {
            errors.addAll(PhotoPaths.foreign(owner, "items[" + i + "].", batch.items().get(i).photoPaths()));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The request is invalid.", errors);
        }
        return catalogue.createAll(owner, batch.items()).map(created -> Response
                .status(Response.Status.CREATED)
                .entity(new CreatedItems(created.stream().map(ItemView::of).toList()))
                .build());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One of the caller's items")
    public Uni<Response> get(@PathParam("id") UUID id) {
        return catalogue.find(caller.userId(), id)
                .map(item -> Response.ok(ItemView.of(item)).tag(etag(item)).build());
    }

    @GET
    @Operation(summary = "The caller's items, newest first, a page at a time (pass next_cursor as after);"
            + " optionally only those in a status, a category or with a tag")
    public Uni<ItemView.Page> list(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit,
                                   @QueryParam("after") String after,
                                   @QueryParam("status") String status,
                                   @QueryParam("category") @Size(max = 100) String category,
                                   @QueryParam("tag") @Size(max = 50) String tag) {
        ItemCursor cursor = after == null ? null : ItemCursor.decode(after)
                .orElseThrow(() -> ProblemException.badRequest("after", "not a cursor from a previous page"));
        ItemFilter filter = new ItemFilter(ItemFilter.status(status), blankToNull(category), blankToNull(tag));
        return catalogue.list(caller.userId(), filter, cursor, limit + 1).map(items -> {
            boolean more = items.size() > limit;
            List<Item> page = more ? items.subList(0, limit) : items;
            return new ItemView.Page(page.stream().map(ItemView::of).toList(),
                    more ? ItemCursor.after(page.get(page.size() - 1)).encode() : null);
        });
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @PATCH
    @Path("{id}")
    @Operation(summary = "Change some of an item's fields; needs If-Match with the ETag you read")
    public Uni<Response> update(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                @Valid @NotNull ItemChanges changes) {
        UUID owner = caller.userId();
        long expected = IfMatch.requiredVersion(ifMatch);
        if (changes.photoPaths() != null) {
            PhotoPaths.requireOwn(owner, changes.photoPaths());
        }
        return catalogue.update(owner, id, expected, changes)
                .map(item -> Response.ok(ItemView.of(item)).tag(etag(item)).build());
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete an item the company does not hold (If-Match optional)")
    public Uni<Response> delete(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return catalogue.delete(caller.userId(), id, ifMatch == null ? null : IfMatch.requiredVersion(ifMatch))
                .map(done -> Response.noContent().build());
    }

    @GET
    @Path("{id}/history")
    @Operation(summary = "The item's trail, oldest first: created, updated, moved, ...")
    public Uni<List<HistoryEntry>> history(@PathParam("id") UUID id) {
        return catalogue.history(caller.userId(), id)
                .map(events -> events.stream().map(HistoryEntry::of).toList());
    }

    /** One line of an item's trail as the API shows it. */
    public record HistoryEntry(String eventType, java.util.Map<String, Object> eventData, String actorRole,
                               java.time.Instant createdAt) {
        static HistoryEntry of(InventoryEvent event) {
            return new HistoryEntry(event.eventType, event.eventData, event.actorRole, event.createdAt);
        }
    }

    private static EntityTag etag(Item item) {
        return IfMatch.etag(item.version);
    }
}
