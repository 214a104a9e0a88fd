package com.valet.ops.task;

import com.valet.ops.staff.Staff;
import com.valet.ops.staff.StaffMember;
import com.valet.ops.staff.StaffRole;
import com.valet.web.ProblemException;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/** Reading tasks: one with its history, and the day lists (board, a driver's day, the warehouse's day). */
@ApplicationScoped
public class TaskQueries {
    private static final String ORDER = " order by windowStart, windowEnd, id";

    private final OpsCalendar calendar;

    TaskQueries(OpsCalendar calendar) {
        this.calendar = calendar;
    }

    /** Who may see a task: any admin or warehouse member; a driver only the tasks assigned to them. */
    public static boolean visibleTo(Task task, StaffMember member) {
        return !member.is(StaffRole.driver) || member.userId().equals(task.assigneeId);
    }

    /** Filters of the day board; {@code unassigned} asks for tasks without a driver. */
    public record BoardFilter(TaskStatus status, UUID assignee, boolean unassigned) {
    }

    public Uni<List<TaskView>> board(LocalDate date, BoardFilter filter) {
        StringBuilder query = new StringBuilder("windowStart >= :from and windowStart < :to");
        Parameters parameters = day(date);
        if (filter.status() != null) {
            query.append(" and status = :status");
            parameters.and("status", filter.status());
        }
        if (filter.unassigned()) {
            query.append(" and assigneeId is null");
        } else if (filter.assignee() != null) {
            query.append(" and assigneeId = :assignee");
            parameters.and("assignee", filter.assignee());
        }
        return Task.<Task>list(query + ORDER, parameters).chain(TaskQueries::views);
    }

    /** A driver's tasks of the day, in time order. */
    public Uni<List<TaskView>> assignedTo(UUID driver, LocalDate date) {
        return Task.<Task>list("windowStart >= :from and windowStart < :to and assigneeId = :driver" + ORDER,
                day(date).and("driver", driver)).chain(TaskQueries::views);
    }

    /** What moves through the warehouse that day: every task but canceled ones, in time order. */
    public Uni<List<TaskView>> throughWarehouse(LocalDate date) {
        return Task.<Task>list("windowStart >= :from and windowStart < :to and status <> :canceled" + ORDER,
                day(date).and("canceled", TaskStatus.canceled)).chain(TaskQueries::views);
    }

    /** One task with its history; 404 if there is none or the caller may not see it. */
    public Uni<TaskView> one(UUID id, StaffMember member) {
        return Task.<Task>findById(id).chain(task -> withHistory(task, member, "task " + id));
    }

    /** The task of a booking action with its history; 404 likewise. */
    public Uni<TaskView> ofAction(UUID actionId, StaffMember member) {
        return Task.<Task>find("actionId", actionId).firstResult()
                .chain(task -> withHistory(task, member, "task of action " + actionId));
    }

    private Uni<TaskView> withHistory(Task task, StaffMember member, String what) {
        if (task == null || !visibleTo(task, member)) {
            return Uni.createFrom().failure(ProblemException.notFound(what));
        }
        return Tasks.items(task.id).chain(items -> assigneeName(task.assigneeId)
                .chain(name -> TaskEvent.<TaskEvent>list("taskId = ?1 order by id", task.id)
                        .map(history -> TaskView.of(task, items, name, history))));
    }

    /** A task as answered after a change (without history). */
    public Uni<TaskView> view(Task task) {
        return Tasks.items(task.id).chain(items -> assigneeName(task.assigneeId)
                .map(name -> TaskView.of(task, items, name, null)));
    }

    private static Uni<String> assigneeName(UUID assignee) {
        return assignee == null ? Uni.createFrom().nullItem()
                : Staff.<Staff>findById(assignee).map(staff -> staff == null ? null : staff.fullName);
    }

    /** Views of several tasks with two more queries in all: their items and their drivers' names. */
    private static Uni<List<TaskView>> views(List<Task> tasks) {
        if (tasks.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> ids = tasks.stream().map(task -> task.id).toList();
        List<UUID> drivers = tasks.stream().map(task -> task.assigneeId).filter(Objects::nonNull).distinct().toList();
        return TaskItem.<TaskItem>list("key.taskId in ?1 order by position", ids).chain(items -> {
            Map<UUID, List<TaskItem>> byTask = new LinkedHashMap<>();
            items.forEach(item -> byTask.computeIfAbsent(item.key.taskId(), k -> new ArrayList<>()).add(item));
            Uni<Map<UUID, String>> names = drivers.isEmpty() ? Uni.createFrom().item(Map.of())
                    : Staff.<Staff>list("userId in ?1", drivers).map(staff -> staff.stream()
                            .collect(Collectors.toMap(s -> s.userId, s -> s.fullName)));
            return names.map(name -> tasks.stream().map(task -> TaskView.of(task,
                    byTask.getOrDefault(task.id, List.of()), task.assigneeId == null ? null
                            : name.get(task.assigneeId), null)).toList());
        });
    }

    private Parameters day(LocalDate date) {
        return Parameters.with("from", calendar.startOf(date)).and("to", calendar.startOf(date.plusDays(1)));
    }
}
