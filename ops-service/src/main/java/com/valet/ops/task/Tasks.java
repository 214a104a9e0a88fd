package com.valet.ops.task;

import com.valet.events.Actor;
import com.valet.outbox.SqlParameters;
import com.valet.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The changes of a task that both staff (the API) and other services (events) cause, each written with its
 * history line. They run on a task the caller loaded with a write lock, inside the caller's transaction.
 */
public final class Tasks {
    private static final String LOCK = "SELECT CAST(count(*) AS int)"
            + " FROM (SELECT k FROM unnest(string_to_array(:keys, ',')) AS k ORDER BY k) AS s,"
            + " LATERAL pg_advisory_xact_lock(hashtextextended(s.k, 0))";

    private Tasks() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Serialises this transaction with every other one about the same action (scope {@code action}) or customer
     * (scope {@code customer}) until it ends. Events of different topics about one action (booking-confirmed keyed
     * by the action, item-moved by the item) are applied by concurrent transactions; without this, a task's
     * creation could read the item moves before a move committed while that move found no task yet, and the
     * task's item would never be marked done. A row lock cannot do it: the task may not exist yet.
     */
    public static Uni<Void> serialize(String scope, UUID id) {
        return serialize(List.of(key(scope, id)));
    }

    /**
     * {@link #serialize(String, UUID)} for several keys (see {@link #key}) in one round trip. The locks are taken
     * in one sorted order (every action before every customer: "ops.action:" sorts first), so two transactions
     * locking overlapping keys wait for each other instead of deadlocking.
     */
    public static Uni<Void> serialize(Collection<String> keys) {
        return Panache.getSession().chain(session -> session.createNativeQuery(LOCK, Integer.class)
                .setParameter("keys", SqlParameters.list(new TreeSet<>(keys))).getSingleResult()).replaceWithVoid();
    }

    /** The advisory-lock key of an action or customer (scope {@code action} or {@code customer}). */
    public static String key(String scope, UUID id) {
        return "ops." + scope + ":" + id;
    }

    /** The task of a booking action, locked for the rest of the transaction; null if none yet. */
    public static Uni<Task> lockByAction(UUID actionId) {
        return Task.<Task>find("actionId", actionId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The task's items in booking's order. */
    public static Uni<List<TaskItem>> items(UUID taskId) {
        return TaskItem.list("key.taskId = ?1 order by position", taskId);
    }

    public static Uni<Void> log(Task task, String type, Actor actor, String notes, Map<String, Object> metadata,
                                Instant at) {
        return TaskEvent.of(task, type, actor, notes, metadata, at).persist().replaceWithVoid();
    }

    /** Any live task -> canceled (booking-canceled, or an admin). The problem, if any, is closed with it. */
    public static Uni<Void> cancel(Task task, String reason, Actor actor, Map<String, Object> metadata) {
        Instant now = now();
        Map<String, Object> trail = new LinkedHashMap<>(metadata);
        trail.put("from_status", task.status.name());
        task.status = TaskStatus.canceled;
        task.canceledAt = now;
        task.cancelReason = reason;
        task.problemKind = null;
        task.problemNotes = null;
        task.updatedAt = now;
        return log(task, "canceled", actor, reason, trail, now);
    }

    /**
     * A live task whose items are all in their target state is done: the items say the visit happened. A
     * task without items (a container drop) is only completed by staff.
     */
    public static Uni<Void> completeIfAllDone(Task task, List<TaskItem> items) {
        if (!TaskStatus.LIVE.contains(task.status) || items.isEmpty() || !items.stream().allMatch(i -> i.done)) {
            return Uni.createFrom().voidItem();
        }
        Instant now = now();
        String from = task.status.name();
        task.status = TaskStatus.done;
        task.completedAt = now;
        task.problemKind = null;
        task.problemNotes = null;
        task.updatedAt = now;
        return log(task, "completed", Actor.system(), null,
                Map.of("automatic", true, "from_status", from, "items", items.size()), now);
    }

    /** 409 naming the current status unless the task is in one of {@code allowed}. */
    public static void requireStatus(Task task, Set<TaskStatus> allowed, String what) {
        if (!allowed.contains(task.status)) {
            throw ProblemException.conflict("A task that is " + task.status + " cannot " + what + ".",
                    Map.of("current_status", task.status.name()));
        }
    }

    /** Writes pending changes so that the task's new version can be answered as its ETag. */
    public static Uni<Task> flushed(Task task) {
        return Panache.getSession().chain(session -> session.flush()).replaceWith(task);
    }
}
