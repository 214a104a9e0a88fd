package com.valet.ops.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.valet.events.Address;
import com.valet.events.ContainerOrder;
import com.valet.events.ItemStatus;
import com.valet.events.SubscriptionStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A task as staff see it: where and when, what to move (each item with its done flag), who does it, the
 * customer's payment state, and the problem if one is reported. {@code history} is only filled when one
 * task is read.
 */
public record TaskView(
        UUID id,
        UUID actionId,
        TaskKind kind,
        TaskStatus status,
        UUID customerId,
        Instant windowStart,
        Instant windowEnd,
        Address address,
        List<ContainerOrder> containers,
        String instructions,
        List<ItemView> items,
        int itemsDone,
        int itemsTotal,
        UUID assigneeId,
        String assigneeName,
        SubscriptionStatus customerPaymentStatus,
        boolean paymentHold,
        UUID holdOverriddenBy,
        Instant holdOverriddenAt,
        ProblemKind problemKind,
        String problemNotes,
        Instant confirmedAt,
        Instant startedAt,
        Instant completedAt,
        Instant canceledAt,
        String cancelReason,
        long version,
        Instant createdAt,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<HistoryEntry> history) {

    public record ItemView(UUID itemId, String qrCode, ItemStatus targetStatus, ItemStatus status, boolean done,
                           Instant doneAt) {
        static ItemView of(TaskItem item) {
            return new ItemView(item.key.itemId(), item.qrCode, item.targetStatus, item.status, item.done,
                    item.doneAt);
        }
    }

    /** Who (id and role; no id for the system), when, what, with the notes given. */
    public record HistoryEntry(String eventType, UUID actorId, String actorRole, String notes,
                               Map<String, Object> metadata, Instant at) {
        static HistoryEntry of(TaskEvent event) {
            return new HistoryEntry(event.eventType, event.actorId, event.actorRole, event.notes, event.metadata,
                    event.createdAt);
        }
    }

    public static TaskView of(Task task, List<TaskItem> items, String assigneeName, List<TaskEvent> history) {
        List<ItemView> itemViews = items.stream().map(ItemView::of).toList();
        int done = (int) items.stream().filter(item -> item.done).count();
        return new TaskView(task.id, task.actionId, task.kind, task.status, task.customerId, task.windowStart,
                task.windowEnd, task.address, task.containers.orders(), task.instructions, itemViews, done,
                items.size(), task.assigneeId, assigneeName, task.customerPaymentStatus, task.paymentHold,
                task.holdOverriddenBy, task.holdOverriddenAt, task.problemKind, task.problemNotes, task.confirmedAt,
                task.startedAt, task.completedAt, task.canceledAt, task.cancelReason, task.version, task.createdAt,
                task.updatedAt, history == null ? null : history.stream().map(HistoryEntry::of).toList());
    }
}
