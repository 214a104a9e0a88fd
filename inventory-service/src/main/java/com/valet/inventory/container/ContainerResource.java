package com.valet.inventory.container;

import com.valet.web.Caller;
import com.valet.web.IfMatch;
import com.valet.web.ProblemException;
import com.valet.web.StaffRoles;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Customers see the container types on offer; admins keep the catalog. */
@Path("/")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ContainerResource {
    private final ContainerCatalog catalog;
    private final Caller caller;

    ContainerResource(ContainerCatalog catalog, Caller caller) {
        this.catalog = catalog;
        this.caller = caller;
    }

    @GET
    @Path("containers")
    @Operation(summary = "Container types on offer for a container delivery, cheapest first")
    public Uni<List<ContainerTypeView>> onOffer() {
        return catalog.onOffer().map(types -> types.stream().map(ContainerTypeView::of).toList());
    }

    @POST
    @Path("staff/containers")
    @Operation(summary = "Add a container type (admin)")
    public Uni<Response> create(@Valid @NotNull ContainerTypeSpec spec) {
        requireAdmin();
        return catalog.create(spec).map(type -> Response.created(URI.create("/staff/containers/" + type.id))
                .tag(IfMatch.etag(type.version)).entity(ContainerTypeView.of(type)).build());
    }

    @PUT
    @Path("staff/containers/{id}")
    @Operation(summary = "Redefine a container type, e.g. its price, or withdraw it (active false); needs If-Match")
    public Uni<Response> replace(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                 @Valid @NotNull ContainerTypeSpec spec) {
        requireAdmin();
        long expected = IfMatch.requiredVersion(ifMatch);
        return catalog.replace(id, expected, spec).map(type -> Response.ok(ContainerTypeView.of(type))
                .tag(IfMatch.etag(type.version)).build());
    }

    private void requireAdmin() {
        if (!caller.roles().contains(StaffRoles.ADMIN)) {
            throw ProblemException.forbidden("Only an admin can change the container catalog.");
        }
    }
}
