package com.valet.ops.events;

import com.valet.events.Actor;
import com.valet.events.ActorRole;
import com.valet.events.BookingCanceled;
import com.valet.events.BookingConfirmed;
import com.valet.events.ContainerOrder;
import com.valet.events.ItemMoved;
import com.valet.events.ItemStatus;
import com.valet.events.PaymentReceived;
import com.valet.events.ServiceType;
import com.valet.events.SubscriptionChanged;
import com.valet.events.SubscriptionStatus;
import com.valet.ops.task.OpsCalendar;
import com.valet.ops.task.Task;
import com.valet.ops.task.TaskItem;
import com.valet.ops.task.TaskKind;
import com.valet.ops.task.TaskStatus;
import com.valet.ops.task.Tasks;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How other services' events change tasks. Each method runs inside the transaction in which EventInbox
 * records the event as processed, so a redelivered event changes nothing. Events of different topics come in
 * any order, so each reaction also keeps what a task created later needs: item moves (item_move), cancellations
 * (canceled_action) and payment states (customer_payment).
 */
@ApplicationScoped
public class TaskFeed {
    private static final Logger LOG = Logger.getLogger(TaskFeed.class);

    private final OpsCalendar calendar;

    TaskFeed(OpsCalendar calendar) {
        this.calendar = calendar;
    }

    // ---- booking-confirmed -------------------------------------------------------------------------------

    /**
     * The first confirmation of an action creates its task (one per action: the action id is unique); a later
     * one is a reschedule: new window (and address, containers), and a task assigned for another day goes back
     * to open. A confirmation not newer than the one applied, or for a finished task, changes nothing.
     */
    public Uni<Void> confirmed(UUID eventId, BookingConfirmed booking) {
        // the action and the customer in one sorted order (payments take the customer only): no deadlock
        return Tasks.serialize(List.of(Tasks.key("action", booking.actionId()), Tasks.key("customer", booking.customerId())))
                .chain(() -> Tasks.lockByAction(booking.actionId()))
                .chain(task -> task == null ? create(eventId, booking) : reschedule(eventId, task, booking));
    }

    private Uni<Void> create(UUID eventId, BookingConfirmed booking) {
        Instant now = Tasks.now();
        Task task = new Task();
        task.id = UUID.randomUUID();
        task.actionId = booking.actionId();
        task.kind = TaskKind.of(booking.serviceType());
        task.customerId = booking.customerId();
        task.status = TaskStatus.open;
        applySlot(task, booking);
        task.createdAt = now;
        task.updatedAt = now;

        Map<UUID, ItemStatus> targets = targets(booking);
        List<TaskItem> items = new ArrayList<>();

        return CustomerPayment.<CustomerPayment>findById(task.customerId)
                .chain(payment -> {
                    task.customerPaymentStatus = payment == null ? null : payment.status;
                    task.paymentHold = task.shouldHoldPayment();
                    return task.persist();
                })
                .chain(() -> targets.isEmpty() ? Uni.createFrom().item(List.<ItemMove>of())
                        : ItemMove.<ItemMove>list("key.actionId", task.actionId))
                .chain(moves -> {
                    Map<UUID, ItemMove> seen = moves.stream()
                            .collect(Collectors.toMap(move -> move.key.itemId(), Function.identity()));
                    int position = 0;
                    for (Map.Entry<UUID, ItemStatus> entry : targets.entrySet()) {
                        TaskItem item = new TaskItem();
                        item.key = new TaskItem.Key(task.id, entry.getKey());
                        item.position = position++;
                        item.targetStatus = entry.getValue();
                        ItemMove move = seen.get(entry.getKey());
                        if (move != null) { // scanned before the confirmation was consumed here
                            item.observe(move.status, move.qrCode, move.movedAt);
                        }
                        items.add(item);
                    }
                    return Multi.createFrom().iterable(items).onItem()
                            .transformToUniAndConcatenate(item -> item.persist()).collect().last();
                })
                .chain(() -> Tasks.log(task, "created", Actor.system(), null,
                        createdTrail(eventId, booking, targets.size()), now))
                .chain(() -> task.paymentHold ? Tasks.log(task, "payment_hold_set", Actor.system(), null,
                        Map.of("customer_payment_status", task.customerPaymentStatus.name()), now)
                        : Uni.createFrom().voidItem())
                .chain(() -> CanceledAction.<CanceledAction>findById(task.actionId))
                .chain(canceled -> {
                    if (canceled != null) {
                        LOG.infof("Action %s was canceled before its confirmation was consumed: task %s is created"
                                + " canceled", task.actionId, task.id);
                        return Tasks.cancel(task, canceled.reason, actor(canceled.canceledById,
                                canceled.canceledByRole), cancellation(canceled.eventId, canceled.canceledAt));
                    }
                    return Tasks.completeIfAllDone(task, items);
                });
    }

    /** The items of a task, each with the state it must reach; pickup items first, in booking's order. */
    static Map<UUID, ItemStatus> targets(BookingConfirmed booking) {
        Map<UUID, ItemStatus> targets = new LinkedHashMap<>();
        booking.pickupItemIds().forEach(id -> targets.putIfAbsent(id, ItemStatus.stored));
        booking.deliveryItemIds().forEach(id -> targets.putIfAbsent(id, ItemStatus.home));
        return targets;
    }

    /** The metadata of a task's "created" line. */
    static Map<String, Object> createdTrail(UUID eventId, BookingConfirmed booking, int items) {
        Map<String, Object> trail = new LinkedHashMap<>();
        trail.put("event_id", eventId.toString());
        trail.put("service_type", booking.serviceType().name());
        trail.put("window_start", booking.scheduledStart().toString());
        trail.put("window_end", booking.scheduledEnd().toString());
        trail.put("items", items);
        return trail;
    }

    private Uni<Void> reschedule(UUID eventId, Task task, BookingConfirmed booking) {
        if (task.status.isTerminal()) {
            LOG.infof("Ignoring a confirmation of action %s: its task %s is %s", booking.actionId(), task.id,
                    task.status);
            return Uni.createFrom().voidItem();
        }
        if (!booking.confirmedAt().isAfter(task.confirmedAt)) {
            LOG.infof("Ignoring a confirmation of action %s from %s: the task has the one from %s",
                    booking.actionId(), booking.confirmedAt(), task.confirmedAt);
            return Uni.createFrom().voidItem();
        }
        Instant now = Tasks.now();
        Map<String, Object> trail = new LinkedHashMap<>();
        trail.put("event_id", eventId.toString());
        trail.put("from_window_start", task.windowStart.toString());
        trail.put("from_window_end", task.windowEnd.toString());
        trail.put("window_start", booking.scheduledStart().toString());
        trail.put("window_end", booking.scheduledEnd().toString());
        boolean otherDay = !calendar.dateOf(task.windowStart).equals(calendar.dateOf(booking.scheduledStart()));
        if (otherDay && task.status == TaskStatus.assigned) {
            // the driver was planned for the old day: dispatch plans the new one
            trail.put("unassigned_driver_id", task.assigneeId.toString());
            task.assigneeId = null;
            task.status = TaskStatus.open;
        }
        applySlot(task, booking);
        task.updatedAt = now;
        return Tasks.log(task, "rescheduled", Actor.system(), null, trail, now);
    }

    private static void applySlot(Task task, BookingConfirmed booking) {
        task.windowStart = booking.scheduledStart();
        task.windowEnd = booking.scheduledEnd();
        task.address = booking.address();
        task.containers = new Task.Containers(booking.containers());
        task.instructions = instructions(booking);
        task.confirmedAt = booking.confirmedAt();
    }

    /**
     * What the driver is to do, from the booking: booking-confirmed carries no free-text notes of the customer
     * (an optional field for a later contract version), so the instructions say what to collect or bring.
     */
    static String instructions(BookingConfirmed booking) {
        List<String> lines = new ArrayList<>();
        int pickups = booking.pickupItemIds().size();
        int deliveries = booking.deliveryItemIds().size();
        int containers = booking.containers().stream().mapToInt(ContainerOrder::quantity).sum();
        if (pickups > 0) {
            lines.add("Collect " + count(pickups, "item") + " from the customer and bring "
                    + (pickups == 1 ? "it" : "them") + " to the warehouse; scan each label when you take it.");
        }
        if (deliveries > 0) {
            lines.add("Bring " + count(deliveries, "stored item") + " back to the customer; scan each label at"
                    + " hand-over.");
        }
        if (containers > 0) {
            lines.add((booking.serviceType() == ServiceType.container_delivery ? "Drop off " : "Bring ")
                    + count(containers, "empty container") + ".");
        }
        if (lines.isEmpty()) {
            lines.add("Visit the customer.");
        }
        return String.join(" ", lines);
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    // ---- booking-canceled --------------------------------------------------------------------------------

    /** The action's task, if it is not finished, is canceled; the cancellation is remembered either way. */
    public Uni<Void> canceled(UUID eventId, BookingCanceled cancellation) {
        return Tasks.serialize("action", cancellation.actionId())
                .chain(() -> CanceledAction.<CanceledAction>findById(cancellation.actionId()))
                .chain(known -> {
                    if (known != null) {
                        return Uni.createFrom().voidItem();
                    }
                    CanceledAction canceled = new CanceledAction();
                    canceled.actionId = cancellation.actionId();
                    canceled.customerId = cancellation.customerId();
                    canceled.reason = cancellation.reason();
                    canceled.canceledById = cancellation.canceledBy().id();
                    canceled.canceledByRole = cancellation.canceledBy().role().name();
                    canceled.canceledAt = cancellation.canceledAt();
                    canceled.eventId = eventId;
                    return canceled.persist().replaceWithVoid();
                })
                .chain(() -> Tasks.lockByAction(cancellation.actionId()))
                .chain(task -> {
                    if (task == null) {
                        LOG.infof("Action %s canceled before its confirmation was consumed; remembered",
                                cancellation.actionId());
                        return Uni.createFrom().voidItem();
                    }
                    if (task.status.isTerminal()) {
                        LOG.infof("Action %s canceled, but its task %s is already %s", cancellation.actionId(),
                                task.id, task.status);
                        return Uni.createFrom().voidItem();
                    }
                    return Tasks.cancel(task, cancellation.reason(), cancellation.canceledBy(),
                            cancellation(eventId, cancellation.canceledAt()));
                });
    }

    private static Map<String, Object> cancellation(UUID eventId, Instant canceledAt) {
        Map<String, Object> trail = new LinkedHashMap<>();
        trail.put("source", "booking-canceled");
        trail.put("event_id", eventId.toString());
        trail.put("booking_canceled_at", canceledAt.toString());
        return trail;
    }

    private static Actor actor(UUID id, String role) {
        ActorRole actorRole = ActorRole.valueOf(role);
        return actorRole == ActorRole.system ? Actor.system() : new Actor(id, actorRole);
    }

    // ---- item-moved --------------------------------------------------------------------------------------

    /**
     * A scan of an item for an action: kept as the item's newest state for that action (an older move consumed
     * late is ignored), and, if the action's task lists the item, its done flag follows. The first item a driver
     * takes starts an assigned task; the last item in its target state completes it.
     */
    public Uni<Void> itemMoved(ItemMoved move) {
        if (move.actionId() == null) {
            return Uni.createFrom().voidItem(); // a move outside any visit: no task follows it
        }
        ItemMove.Key key = new ItemMove.Key(move.actionId(), move.itemId());
        return Tasks.serialize("action", move.actionId()).chain(() -> ItemMove.<ItemMove>findById(key)).chain(known -> {
            if (known != null && move.movedAt().isBefore(known.movedAt)) {
                LOG.infof("Ignoring a stale move of item %s for action %s (%s, known from %s)", move.itemId(),
                        move.actionId(), move.movedAt(), known.movedAt);
                return Uni.createFrom().item(false);
            }
            ItemMove latest = known != null ? known : new ItemMove();
            latest.key = key;
            latest.status = move.toStatus();
            latest.qrCode = move.qrCode();
            latest.movedAt = move.movedAt();
            latest.actorId = move.actor().id();
            latest.actorRole = move.actor().role().name();
            return known != null ? Uni.createFrom().item(true) : latest.persist().replaceWith(true);
        }).chain(applied -> applied ? Tasks.lockByAction(move.actionId()).chain(task -> task == null
                ? Uni.createFrom().voidItem() : applyToTask(task, move)) : Uni.createFrom().voidItem());
    }

    private static Uni<Void> applyToTask(Task task, ItemMoved move) {
        return Tasks.items(task.id).chain(items -> {
            TaskItem item = items.stream().filter(i -> i.key.itemId().equals(move.itemId())).findFirst()
                    .orElse(null);
            if (item == null) {
                LOG.infof("Item %s moved for action %s is not on its task %s", move.itemId(), move.actionId(),
                        task.id);
                return Uni.createFrom().voidItem();
            }
            Instant now = Tasks.now();
            item.observe(move.toStatus(), move.qrCode(), move.movedAt());
            task.updatedAt = now;
            Map<String, Object> trail = new LinkedHashMap<>();
            trail.put("item_id", move.itemId().toString());
            trail.put("qr_code", move.qrCode());
            if (move.fromStatus() != null) {
                trail.put("from_status", move.fromStatus().name());
            }
            trail.put("to_status", move.toStatus().name());
            trail.put("done", item.done);
            trail.put("moved_at", move.movedAt().toString());
            Uni<Void> logged = Tasks.log(task, "item_moved", move.actor(), null, trail, now);
            if (task.status == TaskStatus.assigned && move.toStatus() == ItemStatus.in_transit) {
                logged = logged.chain(() -> {
                    task.status = TaskStatus.in_progress;
                    task.startedAt = now;
                    return Tasks.log(task, "started", move.actor(), null,
                            Map.of("from_status", "assigned", "by_scan_of", move.itemId().toString()), now);
                });
            }
            return logged.chain(() -> Tasks.completeIfAllDone(task, items));
        });
    }

    // ---- payment-received, subscription-changed ---------------------------------------------------------

    /** A payment settles (or not) the subscription: its status as of Stripe's payment time. */
    public Uni<Void> paymentReceived(PaymentReceived payment) {
        return subscriptionState(payment.customerId(), payment.subscriptionStatus(), payment.paidAt(), "paid_at");
    }

    /** A change without a payment (past_due, unpaid, canceled, a trial): the same read model, the same hold. */
    public Uni<Void> subscriptionChanged(SubscriptionChanged change) {
        return subscriptionState(change.customerId(), change.subscriptionStatus(), change.changedAt(), "changed_at");
    }

    /**
     * The customer's newest subscription status is shown on their live tasks; a delivery to a customer who may
     * not book (past_due, unpaid, canceled...) is put on a payment hold, released when a later state settles
     * it. Both events order by Stripe's time ({@code as_of}): an older state consumed late changes nothing.
     */
    private Uni<Void> subscriptionState(UUID customerId, SubscriptionStatus status, Instant asOf, String timeField) {
        return Tasks.serialize("customer", customerId).chain(() -> CustomerPayment.<CustomerPayment>findById(customerId)).chain(known -> {
            if (known != null && asOf.isBefore(known.asOf)) {
                LOG.infof("Ignoring an older subscription state of customer %s (%s as of %s, known from %s)",
                        customerId, status, asOf, known.asOf);
                return Uni.createFrom().voidItem();
            }
            CustomerPayment latest = known != null ? known : new CustomerPayment();
            latest.customerId = customerId;
            latest.status = status;
            latest.asOf = asOf;
            latest.updatedAt = Tasks.now();
            Uni<Void> saved = known != null ? Uni.createFrom().voidItem() : latest.persist().replaceWithVoid();
            return saved.chain(() -> Task.<Task>find("customerId = ?1 and status in ?2 order by windowStart, id",
                            customerId, List.copyOf(TaskStatus.LIVE))
                    .withLock(LockModeType.PESSIMISTIC_WRITE).list())
                    .chain(tasks -> Multi.createFrom().iterable(tasks).onItem()
                            .transformToUniAndConcatenate(task -> showPayment(task, status, asOf, timeField))
                            .collect().last())
                    .replaceWithVoid();
        });
    }

    private static Uni<Void> showPayment(Task task, SubscriptionStatus status, Instant asOf, String timeField) {
        if (task.customerPaymentStatus == status) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Tasks.now();
        boolean wasHeld = task.paymentHold;
        Map<String, Object> trail = new LinkedHashMap<>();
        trail.put("from_status", String.valueOf(task.customerPaymentStatus));
        trail.put("customer_payment_status", status.name());
        trail.put(timeField, asOf.toString());
        task.customerPaymentStatus = status;
        task.paymentHold = task.shouldHoldPayment();
        task.updatedAt = now;
        String type = task.paymentHold == wasHeld ? "payment_status_changed"
                : task.paymentHold ? "payment_hold_set" : "payment_hold_released";
        return Tasks.log(task, type, Actor.system(), null, trail, now);
    }
}
