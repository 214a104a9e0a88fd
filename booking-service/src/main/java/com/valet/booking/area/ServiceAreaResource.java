package com.valet.booking.area;

import com.valet.web.Caller;
import com.valet.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Public ZIP check for the sign-up page, and the admins' list of served ZIPs. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ServiceAreaResource {
    private static final String ZIP = "[0-9]{5}";

    private final Caller caller;
    private final ServiceAreaChanges changes;

    ServiceAreaResource(Caller caller, ServiceAreaChanges changes) {
        this.caller = caller;
        this.changes = changes;
    }

    public record ZipCheck(String zip, boolean served, String city, String state) {
    }

    public record AreaSpec(@NotBlank @Size(max = 100) String city,
                           @NotNull @Pattern(regexp = "[A-Z]{2}", message = "must be a US state code such as TX")
                           String state) {
    }

    @GET
    @Path("service-areas/{zip}")
    @PermitAll
    @WithSession
    @Operation(summary = "Public: is this ZIP served? (no login needed)")
    public Uni<ZipCheck> check(@PathParam("zip") String zip) {
        requireZip(zip);
        return ServiceArea.<ServiceArea>findById(zip).map(area -> area == null
                ? new ZipCheck(zip, false, null, null)
                : new ZipCheck(zip, true, area.city, area.state));
    }

    @GET
    @Path("staff/service-areas")
    @Authenticated
    @WithSession
    @Operation(summary = "Admin: every served ZIP")
    public Uni<List<ZipCheck>> list() {
        caller.requireStaff();
        return ServiceArea.<ServiceArea>list("order by zip")
                .map(areas -> areas.stream().map(a -> new ZipCheck(a.zip, true, a.city, a.state)).toList());
    }

    @PUT
    @Path("staff/service-areas/{zip}")
    @Authenticated
    @Operation(summary = "Admin: serve a ZIP (profiles there stop being out of area)")
    public Uni<Response> serve(@PathParam("zip") String zip, @Valid @NotNull AreaSpec spec) {
        requireAdmin();
        requireZip(zip);
        return Panache.withTransaction(() -> ServiceArea.<ServiceArea>findById(zip).chain(existing -> {
            ServiceArea area = existing != null ? existing : new ServiceArea();
            boolean created = existing == null;
            area.zip = zip;
            area.city = spec.city().strip();
            area.state = spec.state();
            if (created) {
                area.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            }
            Uni<?> saved = created ? area.persist() : Uni.createFrom().item(area);
            return saved.call(() -> changes.rederive(zip, true))
                    .map(ignored -> Response.status(created ? 201 : 200)
                            .entity(new ZipCheck(zip, true, area.city, area.state)).build());
        }));
    }

    @DELETE
    @Path("staff/service-areas/{zip}")
    @Authenticated
    @Operation(summary = "Admin: stop serving a ZIP (profiles there become out of area)")
    public Uni<Response> withdraw(@PathParam("zip") String zip) {
        requireAdmin();
        requireZip(zip);
        return Panache.withTransaction(() -> ServiceArea.deleteById(zip).chain(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("service area " + zip);
            }
            return changes.rederive(zip, false);
        })).map(ignored -> Response.noContent().build());
    }

    private void requireAdmin() {
        if (!caller.roles().contains(com.valet.web.StaffRoles.ADMIN)) {
            throw ProblemException.forbidden("Only admins manage service areas.");
        }
    }

    static void requireZip(String zip) {
        if (zip == null || !zip.matches(ZIP)) {
            throw ProblemException.badRequest("zip", "must be a 5-digit ZIP code");
        }
    }
}
