package com.valet.ops.staff;

import com.valet.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Admin only: the staff directory (who may use ops, with which role). */
@Path("/staff/directory")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StaffResource {
    private final StaffAccess access;
    private final StaffDirectory directory;

    StaffResource(StaffAccess access, StaffDirectory directory) {
        this.access = access;
        this.directory = directory;
    }

    /** A new entry: the Supabase user id, their one role and their name as staff see it. */
    public record NewStaff(@NotNull UUID userId, @NotNull StaffRole role,
                           @NotBlank @Size(max = 200) String fullName) {
    }

    @GET
    @WithSession
    @Operation(summary = "Admin: the staff directory sorted by name; filter by role and active")
    public Uni<List<StaffView>> list(@QueryParam("role") String role, @QueryParam("active") String active) {
        return access.require(StaffRole.admin).chain(member -> directory.list(role(role), active(active)))
                .map(staff -> staff.stream().map(StaffView::of).toList());
    }

    @POST
    @WithTransaction
    @Operation(summary = "Admin: add a staff member (201), or reactivate a deactivated one (200)")
    public Uni<Response> add(@Valid @NotNull NewStaff request) {
        return access.require(StaffRole.admin)
                .chain(member -> directory.add(request.userId(), request.role(), request.fullName(), member))
                .map(added -> added.created()
                        ? Response.created(URI.create("/staff/directory/" + added.staff().userId))
                        .entity(StaffView.of(added.staff())).build()
                        : Response.ok(StaffView.of(added.staff())).build());
    }

    @GET
    @Path("{userId}")
    @WithSession
    @Operation(summary = "Admin: one directory entry")
    public Uni<StaffView> get(@PathParam("userId") UUID userId) {
        return access.require(StaffRole.admin).chain(member -> Staff.<Staff>findById(userId)).map(staff -> {
            if (staff == null) {
                throw ProblemException.notFound("staff member " + userId);
            }
            return StaffView.of(staff);
        });
    }

    @POST
    @Path("{userId}/deactivate")
    @Consumes(MediaType.WILDCARD)
    @WithTransaction
    @Operation(summary = "Admin: deactivate a staff member; they are refused from their next request on, and"
            + " their assigned tasks not yet started go back to open")
    public Uni<StaffView> deactivate(@PathParam("userId") UUID userId) {
        return access.require(StaffRole.admin).chain(member -> directory.deactivate(userId, member))
                .map(StaffView::of);
    }

    private static StaffRole role(String role) {
        if (role == null || role.isBlank()) {
            return null;
        }
        try {
            return StaffRole.valueOf(role.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("role", "must be one of driver, warehouse, admin");
        }
    }

    private static Boolean active(String active) {
        if (active == null || active.isBlank()) {
            return null;
        }
        return switch (active.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.badRequest("active", "must be true or false");
        };
    }
}
