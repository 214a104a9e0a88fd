package com.valet.booking.action;

import com.valet.booking.item.CustomerItem;
import com.valet.events.Actor;
import com.valet.events.ItemMoved;
import com.valet.events.ItemStatus;
import com.valet.events.ServiceType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Follows a confirmed visit from inventory's item moves: it is in progress once a driver has one of its
 * items, completed once every item reached where the visit takes it (a pickup's into the warehouse, a
 * redelivery's home). Runs in the transaction that applies the item-moved event.
 */
@ApplicationScoped
public class ActionProgress {

    public Uni<Void> onItemMoved(ItemMoved move) {
        if (move.actionId() == null || !(move.toStatus() == ItemStatus.in_transit || arrived(move.toStatus()))) {
            return Uni.createFrom().voidItem();
        }
        return Action.<Action>find("id", move.actionId()).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .chain(action -> {
                    if (action == null || !action.userId.equals(move.ownerId())
                            || !(action.status == ActionStatus.confirmed || action.status == ActionStatus.in_progress)
                            || !List.of(itemsOf(action)).contains(move.itemId())) {
                        return Uni.createFrom().voidItem(); // not a visit this move can advance
                    }
                    Uni<Void> started = action.status == ActionStatus.confirmed
                            ? start(action, move) : Uni.createFrom().voidItem();
                    return started.chain(() -> completeIfAllArrived(action));
                });
    }

    private static Uni<Void> start(Action action, ItemMoved move) {
        Instant now = now();
        action.status = ActionStatus.in_progress;
        action.updatedAt = now;
        return BookingEvent.record(action, "started", Map.of("item_id", move.itemId().toString(),
                "to_status", move.toStatus().name()), move.actor(), now);
    }

    private static Uni<Void> completeIfAllArrived(Action action) {
        ItemStatus target = target(action.serviceType);
        List<UUID> items = List.of(itemsOf(action));
        return CustomerItem.<CustomerItem>list("itemId in ?1", items).chain(known -> {
            long arrived = known.stream()
                    .filter(item -> item.status == target && action.id.equals(item.lastActionId)).count();
            if (arrived < items.size()) {
                return Uni.createFrom().voidItem();
            }
            Instant now = now();
            action.status = ActionStatus.completed;
            action.completedAt = now;
            action.updatedAt = now;
            return BookingEvent.record(action, "completed", Map.of("items", items.size()), Actor.system(), now);
        });
    }

    private static UUID[] itemsOf(Action action) {
        return action.serviceType == ServiceType.redelivery ? action.deliveryItemIds : action.pickupItemIds;
    }

    private static ItemStatus target(ServiceType type) {
        return type == ServiceType.redelivery ? ItemStatus.home : ItemStatus.stored;
    }

    private static boolean arrived(ItemStatus status) {
        return status == ItemStatus.stored || status == ItemStatus.home;
    }


    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
