package com.valet.ops.task;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.valet.ops.staff.StaffAccess;
import com.valet.ops.staff.StaffMember;
import com.valet.ops.staff.StaffRole;
import com.valet.web.IfMatch;
import com.valet.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The staff's task API. Every endpoint needs an active staff member (StaffAccess); what each role may do is
 * in ops-service/README.md. Changes need {@code If-Match} with the task's ETag (428 without, 412 when stale).
 */
@Path("/tasks")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TaskResource {
    private final StaffAccess access;
    private final TaskQueries queries;
    private final TaskWork work;
    private final OpsCalendar calendar;
    private final ObjectMapper mapper;

    TaskResource(StaffAccess access, TaskQueries queries, TaskWork work, OpsCalendar calendar, ObjectMapper mapper) {
        this.access = access;
        this.queries = queries;
        this.work = work;
        this.calendar = calendar;
        this.mapper = mapper;
    }

    /** The day board: the day's tasks sorted by window start, with how many are in each status. */
    public record DayBoard(LocalDate date, String timeZone, Map<TaskStatus, Long> counts, List<TaskView> tasks) {
    }

    /** A driver's day: their own tasks in time order, with addresses. */
    public record DriverDay(LocalDate date, String timeZone, UUID driverId, List<TaskView> tasks) {
    }

    /** The warehouse's day: what comes in (pickups) and what goes out (deliveries, container drops). */
    public record WarehouseDay(LocalDate date, String timeZone, List<TaskView> arriving, List<TaskView> leaving) {
    }

    @GET
    @Path("board")
    @WithSession
    @Operation(summary = "Admin, warehouse: the day's tasks sorted by window start; filter by status and assignee"
            + " (a driver's user id, or 'unassigned')")
    public Uni<DayBoard> board(@QueryParam("date") String date, @QueryParam("status") String status,
                               @QueryParam("assignee") String assignee) {
        return access.require(StaffRole.admin, StaffRole.warehouse).chain(member -> {
            LocalDate day = calendar.day(date);
            TaskQueries.BoardFilter filter = new TaskQueries.BoardFilter(status(status),
                    assignee == null || "unassigned".equals(assignee) ? null : uuid("assignee", assignee),
                    "unassigned".equals(assignee));
            return queries.board(day, filter)
                    .map(tasks -> new DayBoard(day, calendar.zone().getId(), counts(tasks), tasks));
        });
    }

    @GET
    @Path("mine")
    @WithSession
    @Operation(summary = "Driver: my tasks of the day in time order, with addresses")
    public Uni<DriverDay> mine(@QueryParam("date") String date) {
        return access.require(StaffRole.driver).chain(member -> {
            LocalDate day = calendar.day(date);
            return queries.assignedTo(member.userId(), day)
                    .map(tasks -> new DriverDay(day, calendar.zone().getId(), member.userId(), tasks));
        });
    }

    @GET
    @Path("warehouse")
    @WithSession
    @Operation(summary = "Warehouse, admin: what arrives (pickups) and leaves (deliveries, container drops) that day")
    public Uni<WarehouseDay> warehouse(@QueryParam("date") String date) {
        return access.require(StaffRole.warehouse, StaffRole.admin).chain(member -> {
            LocalDate day = calendar.day(date);
            return queries.throughWarehouse(day).map(tasks -> new WarehouseDay(day, calendar.zone().getId(),
                    tasks.stream().filter(task -> task.kind().arrives()).toList(),
                    tasks.stream().filter(task -> !task.kind().arrives()).toList()));
        });
    }

    @GET
    @Path("{id}")
    @WithSession
    @Operation(summary = "One task with its history (a driver: only their own)")
    public Uni<Response> get(@PathParam("id") UUID id) {
        return access.require().chain(member -> queries.one(id, member)).map(TaskResource::answer);
    }

    @GET
    @Path("by-action/{actionId}")
    @WithSession
    @Operation(summary = "The task of a booking action, with its history (a driver: only their own)")
    public Uni<Response> byAction(@PathParam("actionId") UUID actionId) {
        return access.require().chain(member -> queries.ofAction(actionId, member)).map(TaskResource::answer);
    }

    @POST
    @Path("{id}/assign")
    @WithTransaction
    @Operation(summary = "Admin: assign or reassign an open or assigned task to an active driver; needs If-Match")
    public Uni<Response> assign(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                @Valid @NotNull TaskRequests.Assignment assignment) {
        return change(ifMatch, (member, expected) -> work.assign(id, expected, assignment.driverId(), member),
                StaffRole.admin);
    }

    @POST
    @Path("{id}/start")
    @Consumes(MediaType.WILDCARD)
    @WithTransaction
    @Operation(summary = "Driver (own task), admin: start an assigned task; refused while on a payment hold;"
            + " needs If-Match")
    public Uni<Response> start(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return change(ifMatch, (member, expected) -> work.start(id, expected, member), StaffRole.driver,
                StaffRole.admin);
    }

    @POST
    @Path("{id}/complete")
    @Consumes(MediaType.WILDCARD)
    @WithTransaction
    @Operation(summary = "Driver (own task), admin: complete a task in progress once its items are done (an admin"
            + " may force it with {\"notes\"}); needs If-Match")
    public Uni<Response> complete(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                  String body) {
        return change(ifMatch, (member, expected) -> work.complete(id, expected, TaskRequests.notes(body, mapper),
                member), StaffRole.driver, StaffRole.admin);
    }

    @POST
    @Path("{id}/problems")
    @WithTransaction
    @Operation(summary = "Driver (own task), warehouse, admin: report a problem on an assigned task or one in"
            + " progress; needs If-Match")
    public Uni<Response> reportProblem(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                       @Valid @NotNull TaskRequests.ProblemReport report) {
        return change(ifMatch, (member, expected) -> work.reportProblem(id, expected, report.kind(), report.notes(),
                report.itemId(), member), StaffRole.driver, StaffRole.warehouse, StaffRole.admin);
    }

    @POST
    @Path("{id}/resume")
    @Consumes(MediaType.WILDCARD)
    @WithTransaction
    @Operation(summary = "Driver (own task), admin: back to in progress once a problem is dealt with (optional"
            + " {\"notes\"}); needs If-Match")
    public Uni<Response> resume(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                String body) {
        return change(ifMatch, (member, expected) -> work.resume(id, expected, TaskRequests.notes(body, mapper),
                member), StaffRole.driver, StaffRole.admin);
    }

    @POST
    @Path("{id}/cancel")
    @WithTransaction
    @Operation(summary = "Admin: cancel a task that is not done, saying why; needs If-Match")
    public Uni<Response> cancel(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                @Valid @NotNull TaskRequests.Cancellation cancellation) {
        return change(ifMatch, (member, expected) -> work.cancel(id, expected, cancellation.reason(), member),
                StaffRole.admin);
    }

    @POST
    @Path("{id}/override-hold")
    @WithTransaction
    @Operation(summary = "Admin: let a delivery on a payment hold go ahead, saying why; needs If-Match")
    public Uni<Response> overrideHold(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                      @Valid @NotNull TaskRequests.HoldOverride override) {
        return change(ifMatch, (member, expected) -> work.overrideHold(id, expected, override.notes(), member),
                StaffRole.admin);
    }

    /** A task change: who may make it first (403), then If-Match (428), then the change itself. */
    private Uni<Response> change(String ifMatch, BiFunction<StaffMember, Long, Uni<Task>> change,
                                 StaffRole... roles) {
        return access.require(roles)
                .chain(member -> change.apply(member, IfMatch.requiredVersion(ifMatch)))
                .chain(queries::view).map(TaskResource::answer);
    }

    private static Response answer(TaskView task) {
        return Response.ok(task).tag(IfMatch.etag(task.version())).build();
    }

    private static Map<TaskStatus, Long> counts(List<TaskView> tasks) {
        Map<TaskStatus, Long> counts = new LinkedHashMap<>();
        for (TaskStatus status : TaskStatus.values()) {
            counts.put(status, tasks.stream().filter(task -> task.status() == status).count());
        }
        return counts;
    }

    private static TaskStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return TaskStatus.valueOf(status.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("status", "must be one of " + Arrays.stream(TaskStatus.values())
                    .map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    private static UUID uuid(String field, String value) {
        try {
            UUID parsed = UUID.fromString(value.strip());
            if (parsed.toString().equalsIgnoreCase(value.strip())) {
                return parsed;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ProblemException.badRequest(field, "must be a user id (UUID) or 'unassigned'");
    }
}
