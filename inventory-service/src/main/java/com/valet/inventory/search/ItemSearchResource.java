package com.valet.inventory.search;

import com.valet.inventory.item.ItemView;
import com.valet.web.Caller;
import com.valet.web.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

@Path("/items/search")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ItemSearchResource {
    private final ItemSearch search;
    private final Caller caller;

    ItemSearchResource(ItemSearch search, Caller caller) {
        this.search = search;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Keyword search over the caller's items (label, tags, description), best match first")
    public Uni<List<ItemView>> search(@QueryParam("q") @NotNull @Size(min = 1, max = 200) String q,
                                      @QueryParam("stored_only") @DefaultValue("false") boolean storedOnly,
                                      @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        String query = ItemSearch.tsQuery(q)
                .orElseThrow(() -> ProblemException.badRequest("q", "must contain at least one letter or digit"));
        return search.search(caller.userId(), query, storedOnly, limit)
                .map(items -> items.stream().map(ItemView::of).toList());
    }
}
