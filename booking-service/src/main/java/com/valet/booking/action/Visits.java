package com.valet.booking.action;

import com.valet.booking.profile.CustomerProfile;
import com.valet.events.Actor;
import com.valet.events.BookingCanceled;
import com.valet.events.BookingConfirmed;
import com.valet.events.EventTypes;
import com.valet.events.ItemStatus;
import com.valet.events.ServiceType;
import com.valet.outbox.Outbox;
import com.valet.web.FieldError;
import com.valet.web.IfMatch;
import com.valet.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The booking lifecycle: every change of an action checks the status flow, writes a booking_event, and
 * announces confirmations and cancellations of confirmed visits through the outbox, in one transaction.
 */
@ApplicationScoped
public class Visits {
    private final BookingChecks checks;
    private final Outbox outbox;

    Visits(BookingChecks checks, Outbox outbox) {
        this.checks = checks;
        this.outbox = outbox;
    }

    @WithTransaction
    public Uni<Action> create(UUID customerId, NewAction request, Actor actor) {
        requireShape(request);
        return CustomerProfile.<CustomerProfile>findById(customerId)
                .chain(profile -> checks.customer(customerId, profile)
                        .chain(errors -> itemErrors(customerId, request.serviceType(), request.pickupItemIds(),
                                request.deliveryItemIds(), null).map(itemErrors -> {
                                    List<FieldError> all = new ArrayList<>(errors);
                                    all.addAll(itemErrors);
                                    return all;
                                }))
                        .chain(errors -> {
                            if (!errors.isEmpty()) {
                                throw ProblemException.unprocessable("The visit cannot be booked.", errors);
                            }
                            Instant now = now();
                            Action action = new Action();
                            action.id = UUID.randomUUID();
                            action.userId = customerId;
                            action.serviceType = request.serviceType();
                            action.status = request.serviceType() == ServiceType.pickup && request.pickupItemIds().isEmpty()
                                    ? ActionStatus.pending_items : ActionStatus.pending_confirmation;
                            action.pickupItemIds = request.pickupItemIds().toArray(UUID[]::new);
                            action.deliveryItemIds = request.deliveryItemIds().toArray(UUID[]::new);
                            action.containers = new Action.Containers(request.containers());
                            action.address = profile.deliveryAddress;
                            action.notes = request.notes();
                            action.createdAt = now;
                            action.updatedAt = now;
                            Map<String, Object> metadata = new LinkedHashMap<>();
                            metadata.put("service_type", action.serviceType.name());
                            metadata.put("status", action.status.name());
                            return action.persist().chain(() -> BookingEvent.record(action, "created", metadata, actor, now))
                                    .replaceWith(action);
                        }));
    }

    /** A pickup's item list, while it waits for its items or for its slot. */
    @WithTransaction
    public Uni<Action> changePickupItems(UUID customerId, UUID actionId, long expectedVersion, List<UUID> itemIds,
                                         Actor actor) {
        return own(customerId, actionId).chain(action -> {
            IfMatch.requireCurrent("action", action.version, expectedVersion);
            if (action.serviceType != ServiceType.pickup) {
                throw ProblemException.conflict("Only a pickup's items can be changed; this is a "
                        + action.serviceType + ".", Map.of("service_type", action.serviceType.name()));
            }
            ActionStatus next = itemIds.isEmpty() ? ActionStatus.pending_items : ActionStatus.pending_confirmation;
            if (!ActionStatus.PENDING.contains(action.status)) {
                throw notNow(action, "change its items");
            }
            return checks.items(customerId, "pickup_item_ids", itemIds, ItemStatus.home, action.id).chain(errors -> {
                if (!errors.isEmpty()) {
                    throw ProblemException.unprocessable("The items cannot be picked up.", errors);
                }
                Instant now = now();
                action.pickupItemIds = itemIds.toArray(UUID[]::new);
                action.status = next;
                action.updatedAt = now;
                return BookingEvent.record(action, "items_changed", Map.of("pickup_item_ids", itemIds.stream().map(UUID::toString)
                        .toList(), "status", next.name()), actor, now);
            }).call(() -> Panache.flush()).replaceWith(action);
        });
    }

    /**
     * Fixes the slot (from Calendly, or staff booking by phone) and announces it; a confirmed action
     * confirmed again is a reschedule and is announced again.
     */
    public Uni<Action> confirm(Action action, Instant start, Instant end, String calendlyEventUri, Actor actor) {
        if (!action.status.canBecome(ActionStatus.confirmed)) {
            throw notNow(action, "be confirmed");
        }
        Instant now = now();
        boolean reschedule = action.status == ActionStatus.confirmed;
        action.status = ActionStatus.confirmed;
        action.scheduledStart = start;
        action.scheduledEnd = end;
        if (calendlyEventUri != null) {
            action.calendlyEventUri = calendlyEventUri;
        }
        action.updatedAt = now;
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("scheduled_start", start.toString());
        metadata.put("scheduled_end", end.toString());
        if (calendlyEventUri != null) {
            metadata.put("calendly_event_uri", calendlyEventUri);
        }
        BookingConfirmed confirmed = new BookingConfirmed(action.id, action.userId, action.serviceType, start, end,
                List.of(action.pickupItemIds), List.of(action.deliveryItemIds), action.containers.orders(),
                action.address.toEvent(), action.calendlyEventUri, now);
        return BookingEvent.record(action, reschedule ? "rescheduled" : "confirmed", metadata, actor, now)
                .call(() -> outbox.append(EventTypes.BOOKING_CONFIRMED, action.id.toString(), confirmed))
                .replaceWith(action);
    }

    /** Cancels before a driver has started; a confirmed visit's cancellation is announced. */
    public Uni<Action> cancel(Action action, String reason, Actor actor) {
        return cancel(action, reason, Map.of(), actor);
    }

    /** {@link #cancel(Action, String, Actor)}, with more to say in the booking_event (e.g. the Calendly event). */
    public Uni<Action> cancel(Action action, String reason, Map<String, Object> context, Actor actor) {
        if (!action.status.canBecome(ActionStatus.canceled)) {
            throw notNow(action, "be canceled");
        }
        Instant now = now();
        boolean announced = action.status == ActionStatus.confirmed;
        action.status = ActionStatus.canceled;
        action.canceledAt = now;
        action.cancelReason = reason;
        action.updatedAt = now;
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (reason != null) {
            metadata.put("reason", reason);
        }
        metadata.putAll(context);
        Uni<Void> logged = BookingEvent.record(action, "canceled", metadata, actor, now);
        if (!announced) {
            return logged.replaceWith(action);
        }
        BookingCanceled canceled = new BookingCanceled(action.id, action.userId, action.serviceType,
                List.of(action.pickupItemIds), List.of(action.deliveryItemIds), reason, actor, now);
        return logged.call(() -> outbox.append(EventTypes.BOOKING_CANCELED, action.id.toString(), canceled))
                .replaceWith(action);
    }

    @WithTransaction
    public Uni<Action> cancelOwn(UUID customerId, UUID actionId, String reason, Actor actor) {
        return own(customerId, actionId).chain(action -> cancel(action, reason, actor)).call(() -> Panache.flush());
    }

    @WithTransaction
    public Uni<Action> confirmByStaff(UUID actionId, Instant start, Instant end, Actor actor) {
        return locked(actionId).chain(action -> confirm(action, start, end, null, actor)).call(() -> Panache.flush());
    }

    @WithTransaction
    public Uni<Action> cancelByStaff(UUID actionId, String reason, Actor actor) {
        return locked(actionId).chain(action -> cancel(action, reason, actor)).call(() -> Panache.flush());
    }

    /** Staff: a driver started a visit the item moves do not show (a container delivery, say). */
    @WithTransaction
    public Uni<Action> startByStaff(UUID actionId, Actor actor) {
        return locked(actionId).chain(action -> move(action, ActionStatus.in_progress, "started", actor))
                .call(() -> Panache.flush());
    }

    /** Staff: the visit is done, e.g. containers delivered, or items inventory rejected will not come. */
    @WithTransaction
    public Uni<Action> completeByStaff(UUID actionId, Actor actor) {
        return locked(actionId).chain(action -> {
            action.completedAt = now();
            return move(action, ActionStatus.completed, "completed", actor);
        }).call(() -> Panache.flush());
    }

    private Uni<Action> move(Action action, ActionStatus next, String eventType, Actor actor) {
        if (!action.status.canBecome(next)) {
            throw notNow(action, "become " + next);
        }
        Instant now = now();
        action.status = next;
        action.updatedAt = now;
        return BookingEvent.record(action, eventType, Map.of(), actor, now).replaceWith(action);
    }

    @WithSession
    public Uni<Action> find(UUID customerId, UUID actionId) {
        return Action.<Action>find("id = ?1 and userId = ?2", actionId, customerId).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("action " + actionId));
    }

    @WithSession
    public Uni<Action> findAny(UUID actionId) {
        return Action.<Action>findById(actionId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("action " + actionId));
    }

    @WithSession
    public Uni<List<BookingEvent>> history(UUID actionId) {
        return BookingEvent.list("actionId = ?1 order by createdAt, id", actionId);
    }

    /** The seed's query: the customer's actions in the given statuses, by scheduled_start (unscheduled last). */
    @WithSession
    public Uni<List<Action>> list(UUID customerId, Set<ActionStatus> statuses, int limit) {
        return Action.<Action>find("userId = ?1 and status in ?2 order by scheduledStart asc nulls last, createdAt, id",
                customerId, statuses).page(0, limit).list();
    }

    /** The caller's action, locked for the change; another customer's is not found (404, not 403). */
    Uni<Action> own(UUID customerId, UUID actionId) {
        return Action.<Action>find("id = ?1 and userId = ?2", actionId, customerId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("action " + actionId));
    }

    Uni<Action> locked(UUID actionId) {
        return lockedIfAny(actionId).onItem().ifNull().failWith(() -> ProblemException.notFound("action " + actionId));
    }

    /** Any action, locked for a change (inside the caller's transaction); null if there is none. */
    public Uni<Action> lockedIfAny(UUID actionId) {
        return Action.<Action>find("id", actionId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** A line of the action's history that changes nothing else (e.g. a Calendly reschedule under way). */
    public Uni<Void> note(Action action, String type, Map<String, Object> metadata, Actor actor) {
        return BookingEvent.record(action, type, metadata, actor, now());
    }


    private Uni<List<FieldError>> itemErrors(UUID customerId, ServiceType type, List<UUID> pickup, List<UUID> delivery,
                                             UUID exceptAction) {
        return checks.items(customerId, "pickup_item_ids", pickup, ItemStatus.home, exceptAction)
                .chain(pickupErrors -> checks.items(customerId, "delivery_item_ids", delivery, ItemStatus.stored,
                        exceptAction).map(deliveryErrors -> {
                            List<FieldError> all = new ArrayList<>(pickupErrors);
                            all.addAll(deliveryErrors);
                            return all;
                        }));
    }

    /** Which lists a visit of each type may carry: a 400, the request itself is malformed. */
    private static void requireShape(NewAction request) {
        List<FieldError> errors = new ArrayList<>();
        switch (request.serviceType()) {
            case pickup -> {
                noneOf(errors, "delivery_item_ids", request.deliveryItemIds(), "a pickup brings nothing back");
                noneOf(errors, "containers", request.containers(), "containers are a container_delivery");
            }
            case redelivery -> {
                if (request.deliveryItemIds().isEmpty()) {
                    errors.add(new FieldError("delivery_item_ids", "a redelivery needs at least one stored item"));
                }
                noneOf(errors, "pickup_item_ids", request.pickupItemIds(), "book a pickup for items to collect");
                noneOf(errors, "containers", request.containers(), "containers are a container_delivery");
            }
            case container_delivery -> {
                if (request.containers().isEmpty()) {
                    errors.add(new FieldError("containers", "a container delivery needs at least one container"));
                }
                noneOf(errors, "pickup_item_ids", request.pickupItemIds(), "book a pickup for items to collect");
                noneOf(errors, "delivery_item_ids", request.deliveryItemIds(), "book a redelivery for stored items");
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The request does not describe a " + request.serviceType() + ".", errors);
        }
    }

    private static void noneOf(List<FieldError> errors, String field, List<?> values, String why) {
        if (!values.isEmpty()) {
            errors.add(new FieldError(field, "must be empty: " + why));
        }
    }

    private static ProblemException notNow(Action action, String what) {
        return ProblemException.conflict("A " + action.status + " action cannot " + what + ".",
                Map.of("current_status", action.status.name()));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
