package com.valet.web;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A test-only API that fails in every way the mappers handle. {@code /probe/*} needs a token (an
 * {@code authenticated} HTTP permission checked by Quarkus REST), {@code /staff-area/*} a staff role (a
 * permission checked in the HTTP layer), {@code /open/*} nothing.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {
    public enum BoxSize { SMALL, LARGE_BOX }

    public record Entry(@NotBlank String label, @Min(0) int count) {
    }

    public record NewItems(@NotBlank String label,
                           @NotNull @Size(max = 5) List<@Valid Entry> items,
                           List<@NotBlank String> photoPaths,
                           UUID containerId,
                           LocalDate storedOn,
                           BoxSize boxSize) {
    }

    @Inject
    Caller caller;

    @Inject
    ProbeService service;

    @POST
    @Path("probe/items")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> create(@Valid @NotNull NewItems body) {
        return Map.of("label", body.label(), "count", body.items().size());
    }

    @GET
    @Path("probe/search")
    public List<String> search(@QueryParam("page_size") @Max(100) int pageSize) {
        return List.of();
    }

    @GET
    @Path("probe/items/{id}")
    public Map<String, Object> item(@PathParam("id") UUID id) {
        throw ProblemException.notFound("item");
    }

    @POST
    @Path("probe/items/{id}/redeliver")
    public Map<String, Object> redeliver(@PathParam("id") UUID id) {
        throw ProblemException.conflict("The item is not in storage.", Map.of("current_status", "at_home"));
    }

    @POST
    @Path("probe/slots")
    public Map<String, Object> bookSlot() {
        throw new ProblemException("https://valet.example/problems/slot-taken", 409, "Slot taken",
                "The 09:00 slot was booked by someone else.", List.of(), Map.of("slot_start", "09:00"));
    }

    @GET
    @Path("probe/boom")
    public String boom() {
        throw new IllegalStateException("connection to postgres://inventory_service:s3cret@db failed");
    }

    @GET
    @Path("probe/database-down")
    public Uni<String> databaseDown() {
        return Uni.createFrom().failure(new IllegalStateException("select failed",
                new java.net.ConnectException("Connection refused: 127.0.0.1/127.0.0.1:54320")));
    }

    @GET
    @Path("probe/database-reset")
    public String databaseReset() {
        throw new IllegalStateException("insert failed", new java.net.SocketException("Connection reset"));
    }

    @GET
    @Path("probe/nul-text")
    public String nulText() {
        throw new IllegalStateException("error executing SQL statement [ERROR: invalid byte sequence for encoding"
                + " \"UTF8\": 0x00 (22021)] [select ...]");
    }

    @GET
    @Path("probe/boom-later")
    public Uni<String> boomLater() {
        return Uni.createFrom().failure(new IllegalStateException("stripe key sk_live_123 rejected"));
    }

    @GET
    @Path("probe/broken-return")
    @NotNull
    public String brokenReturn() {
        return null;
    }

    @GET
    @Path("probe/internal-violation")
    public String internalViolation() {
        return service.echo(null);
    }

    @GET
    @Path("probe/unavailable")
    public String unavailable() {
        throw new ServiceUnavailableException(30L);
    }

    @GET
    @Path("probe/me")
    public Map<String, Object> me() {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("user_id", caller.userId().toString());
        me.put("email", caller.email());
        me.put("roles", caller.roles());
        me.put("staff", caller.isStaff());
        return me;
    }

    @GET
    @Path("probe/staff-only")
    public Map<String, Object> staffOnly() {
        caller.requireStaff();
        return Map.of("ok", true);
    }

    @GET
    @Path("probe/admin-only")
    @RolesAllowed(StaffRoles.ADMIN)
    public Map<String, Object> adminOnly() {
        return Map.of("ok", true);
    }

    @GET
    @Path("staff-area/tasks")
    public List<String> tasks() {
        return List.of("pickup");
    }

    /** Outside /probe: no HTTP permission, so the Caller itself must refuse an anonymous request. */
    @GET
    @Path("open/me")
    public Map<String, Object> openMe() {
        return Map.of("user_id", caller.userId().toString());
    }

    @GET
    @Path("open/ping")
    public Map<String, Object> ping() {
        return Map.of("ok", true);
    }
}
