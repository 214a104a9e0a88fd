package com.valet.ops.task;

import com.valet.ops.staff.Staff;
import com.valet.ops.staff.StaffMember;
import com.valet.ops.staff.StaffRole;
import com.valet.web.FieldError;
import com.valet.web.IfMatch;
import com.valet.web.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What staff do to a task: assign, start, complete, report a problem, resume, cancel, override a payment
 * hold. Each runs in the resource's transaction: the task is locked (a concurrent change waits, then gets
 * 412), a driver may only touch their own task (another's is 404, as if it did not exist), the caller must
 * hold the current version ({@code If-Match}), the transition must be allowed (409 with
 * {@code current_status}), and each change writes its history line.
 */
@ApplicationScoped
public class TaskWork {
    private static final Set<TaskStatus> ASSIGNABLE = EnumSet.of(TaskStatus.open, TaskStatus.assigned);
    private static final Set<TaskStatus> REPORTABLE = EnumSet.of(TaskStatus.assigned, TaskStatus.in_progress);

    /** open|assigned -> assigned to an active driver. Assigning the same driver again changes nothing. */
    public Uni<Task> assign(UUID id, long expectedVersion, UUID driverId, StaffMember by) {
        return locked(id, expectedVersion, by).chain(task -> {
            Tasks.requireStatus(task, ASSIGNABLE, "be assigned");
            return Staff.<Staff>findById(driverId).chain(driver -> {
                if (driver == null || !driver.active || driver.role != StaffRole.driver) {
                    throw ProblemException.unprocessable("Tasks are assigned to active drivers.",
                            List.of(new FieldError("driver_id", "must be an active driver in the staff directory")));
                }
                if (driverId.equals(task.assigneeId)) {
                    return Uni.createFrom().item(task);
                }
                Instant now = Tasks.now();
                Map<String, Object> trail = new LinkedHashMap<>();
                trail.put("driver_id", driverId.toString());
                trail.put("driver_name", driver.fullName);
                if (task.assigneeId != null) {
                    trail.put("previous_driver_id", task.assigneeId.toString());
                }
                String type = task.assigneeId == null ? "assigned" : "reassigned";
                task.assigneeId = driverId;
                task.status = TaskStatus.assigned;
                task.updatedAt = now;
                return Tasks.log(task, type, by.actor(), null, trail, now).chain(() -> Tasks.flushed(task));
            });
        });
    }

    /** assigned -> in_progress, unless the task is on a payment hold. */
    public Uni<Task> start(UUID id, long expectedVersion, StaffMember by) {
        return locked(id, expectedVersion, by).chain(task -> {
            Tasks.requireStatus(task, EnumSet.of(TaskStatus.assigned), "be started");
            return toInProgress(task, "started", null, by);
        });
    }

    /** problem -> in_progress: the problem is dealt with and the visit goes on. */
    public Uni<Task> resume(UUID id, long expectedVersion, String notes, StaffMember by) {
        return locked(id, expectedVersion, by).chain(task -> {
            Tasks.requireStatus(task, EnumSet.of(TaskStatus.problem), "be resumed");
            return toInProgress(task, "resumed", notes, by);
        });
    }

    /**
     * in_progress -> done once every item is done (a task without items: at once). With items still not
     * done, only an admin may complete it, and must say why in {@code notes}; anyone else gets 409 listing
     * them.
     */
    public Uni<Task> complete(UUID id, long expectedVersion, String notes, StaffMember by) {
        return locked(id, expectedVersion, by).chain(task -> {
            Tasks.requireStatus(task, EnumSet.of(TaskStatus.in_progress), "be completed");
            return Tasks.items(task.id).chain(items -> {
                List<String> notDone = items.stream().filter(item -> !item.done)
                        .map(item -> item.key.itemId().toString()).toList();
                boolean forced = !notDone.isEmpty();
                if (forced && !(by.is(StaffRole.admin) && notes != null && !notes.isBlank())) {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("current_status", task.status.name());
                    details.put("items_not_done", notDone);
                    throw ProblemException.conflict(notDone.size() + " of the task's " + items.size()
                            + " items are not in their target state yet; an admin may complete it anyway with notes"
                            + " saying why.", details);
                }
                Instant now = Tasks.now();
                task.status = TaskStatus.done;
                task.completedAt = now;
                task.updatedAt = now;
                Map<String, Object> trail = new LinkedHashMap<>();
                trail.put("forced", forced);
                if (forced) {
                    trail.put("items_not_done", notDone);
                }
                return Tasks.log(task, "completed", by.actor(), blankToNull(notes), trail, now)
                        .chain(() -> Tasks.flushed(task));
            });
        });
    }

    /** assigned|in_progress -> problem, with its kind and notes (and the item, for a damaged one). */
    public Uni<Task> reportProblem(UUID id, long expectedVersion, ProblemKind kind, String notes, UUID itemId,
                                   StaffMember by) {
        return locked(id, expectedVersion, by).chain(task -> {
            Tasks.requireStatus(task, REPORTABLE, "have a problem reported");
            Uni<Void> itemCheck = itemId == null ? Uni.createFrom().voidItem()
                    : TaskItem.findById(new TaskItem.Key(task.id, itemId)).map(item -> {
                        if (item == null) {
                            throw ProblemException.unprocessable("The item is not one of this task's.",
                                    List.of(new FieldError("item_id", "must be one of the task's items")));
                        }
                        return null;
                    });
            return itemCheck.chain(() -> {
                Instant now = Tasks.now();
                Map<String, Object> trail = new LinkedHashMap<>();
                trail.put("kind", kind.name());
                trail.put("from_status", task.status.name());
                if (itemId != null) {
                    trail.put("item_id", itemId.toString());
                }
                task.status = TaskStatus.problem;
                task.problemKind = kind;
                task.problemNotes = notes.strip();
                task.updatedAt = now;
                return Tasks.log(task, "problem_reported", by.actor(), task.problemNotes, trail, now)
                        .chain(() -> Tasks.flushed(task));
            });
        });
    }

    /** Any live task -> canceled, by an admin, saying why. */
    public Uni<Task> cancel(UUID id, long expectedVersion, String reason, StaffMember by) {
        return locked(id, expectedVersion, by).chain(task -> {
            Tasks.requireStatus(task, TaskStatus.LIVE, "be canceled");
            return Tasks.cancel(task, reason.strip(), by.actor(), Map.of("source", "staff"))
                    .chain(() -> Tasks.flushed(task));
        });
    }

    /** An admin lets a held delivery go ahead although the customer's payment is not settled. */
    public Uni<Task> overrideHold(UUID id, long expectedVersion, String notes, StaffMember by) {
        return locked(id, expectedVersion, by).chain(task -> {
            Tasks.requireStatus(task, TaskStatus.LIVE, "have its payment hold overridden");
            if (!task.paymentHold) {
                throw ProblemException.conflict("The task is not on a payment hold.",
                        Map.of("current_status", task.status.name(), "payment_hold", false));
            }
            Instant now = Tasks.now();
            task.paymentHold = false;
            task.holdOverriddenBy = by.userId();
            task.holdOverriddenAt = now;
            task.updatedAt = now;
            Map<String, Object> trail = new LinkedHashMap<>();
            trail.put("customer_payment_status", String.valueOf(task.customerPaymentStatus));
            return Tasks.log(task, "payment_hold_overridden", by.actor(), notes.strip(), trail, now)
                    .chain(() -> Tasks.flushed(task));
        });
    }

    /**
     * A deactivated driver's tasks that are assigned but not started go back to open, so dispatch sees them
     * on the board; started ones stay for an admin to deal with (reassigning needs them open or assigned).
     */
    public Uni<List<Task>> releaseAssignedTo(UUID driverId, StaffMember by) {
        return Task.<Task>find("assigneeId = ?1 and status = ?2 order by windowStart", driverId, TaskStatus.assigned)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list()
                .chain(tasks -> Multi.createFrom().iterable(tasks).onItem().transformToUniAndConcatenate(task -> {
                    Instant now = Tasks.now();
                    task.assigneeId = null;
                    task.status = TaskStatus.open;
                    task.updatedAt = now;
                    return Tasks.log(task, "unassigned", by.actor(), null,
                            Map.of("reason", "staff_deactivated", "previous_driver_id", driverId.toString()), now);
                }).collect().last().replaceWith(tasks));
    }

    private Uni<Task> toInProgress(Task task, String type, String notes, StaffMember by) {
        if (task.paymentHold) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("current_status", task.status.name());
            details.put("payment_hold", true);
            details.put("customer_payment_status", String.valueOf(task.customerPaymentStatus));
            throw ProblemException.conflict("The customer's payment is not settled ("
                    + task.customerPaymentStatus + "): this delivery is on hold until billing reports a payment"
                    + " or an admin overrides the hold.", details);
        }
        Instant now = Tasks.now();
        Map<String, Object> trail = new LinkedHashMap<>();
        trail.put("from_status", task.status.name());
        String problem = task.problemKind == null ? null : task.problemKind.name();
        if (problem != null) {
            trail.put("problem_kind", problem);
        }
        task.status = TaskStatus.in_progress;
        task.problemKind = null;
        task.problemNotes = null;
        if (task.startedAt == null) {
            task.startedAt = now;
        }
        task.updatedAt = now;
        return Tasks.log(task, type, by.actor(), blankToNull(notes), trail, now).chain(() -> Tasks.flushed(task));
    }

    /**
     * The task, locked; 404 if there is none or it is another driver's (a driver sees only their own); 412
     * unless the caller read the current version.
     */
    private static Uni<Task> locked(UUID id, long expectedVersion, StaffMember by) {
        return Task.<Task>find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .map(task -> {
                    if (task == null || !TaskQueries.visibleTo(task, by)) {
                        throw ProblemException.notFound("task " + id);
                    }
                    IfMatch.requireCurrent("task", task.version, expectedVersion);
                    return task;
                });
    }

    private static String blankToNull(String notes) {
        return notes == null || notes.isBlank() ? null : notes.strip();
    }
}
