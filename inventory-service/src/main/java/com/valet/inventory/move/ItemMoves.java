package com.valet.inventory.move;

import com.valet.events.Actor;
import com.valet.events.ActorRole;
import com.valet.events.EventTypes;
import com.valet.events.ItemMoved;
import com.valet.events.ItemStatus;
import com.valet.inventory.item.InventoryEvent;
import com.valet.inventory.item.Item;
import com.valet.outbox.Outbox;
import com.valet.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The warehouse's and drivers' side: finding an item by its label and moving it. */
@ApplicationScoped
public class ItemMoves {
    private final Outbox outbox;

    ItemMoves(Outbox outbox) {
        this.outbox = outbox;
    }

    @WithSession
    public Uni<Item> byQrCode(String qrCode) {
        return Item.<Item>find("qrCode = ?1 and deletedAt is null", qrCode).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("item with QR code " + qrCode));
    }

    /**
     * Moves the item if the transition is allowed, and records it twice in the same transaction: a trail
     * line and an item-moved event. The first move into the company's hands sets the physical lock.
     */
    @WithTransaction
    public Uni<Item> move(UUID itemId, MoveRequest request, UUID staffId, ActorRole role) {
        return Item.<Item>find("id = ?1 and deletedAt is null", itemId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("item " + itemId))
                .chain(item -> {
                    if (!MoveRules.allowed(item.status, request.toStatus(), item.physicalLockedAt != null)) {
                        throw ProblemException.conflict("An item that is " + item.status + " cannot be moved to "
                                + request.toStatus() + ".", Map.of("current_status", item.status.name()));
                    }
                    return record(item, request.toStatus(), request.actionId(), request.location(),
                            new Actor(staffId, role));
                });
    }

    /** A move applied to an item in memory: the trail line and the item-moved event still to be written. */
    public record Recorded(InventoryEvent line, ItemMoved event) {
    }

    /**
     * Applies an allowed move to an item locked by the caller's transaction: the new state, the action it
     * now belongs to, the physical lock, a trail line and the item-moved event.
     */
    public Uni<Item> record(Item item, ItemStatus to, UUID actionId, String location, Actor actor) {
        Recorded recorded = apply(item, to, actionId, location, actor);
        return recorded.line().persist()
                .call(() -> outbox.append(EventTypes.ITEM_MOVED, item.id.toString(), recorded.event()))
                .replaceWith(item);
    }

    /**
     * The change of {@link #record} on the (managed, locked) item only; the caller writes the trail line and
     * appends the event, e.g. those of a whole batch of moves together.
     */
    public static Recorded apply(Item item, ItemStatus to, UUID actionId, String location, Actor actor) {
        ItemStatus from = item.status;
        UUID movedFor = actionId != null ? actionId : item.currentActionId;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        item.status = to;
        if (to == ItemStatus.in_transit || to == ItemStatus.home) {
            item.locationCode = null; // off the shelf
        } else if (location != null) {
            item.locationCode = location;
        } // a stored item scheduled for redelivery, or back from a canceled one, stays on its shelf
        item.updatedAt = now;
        if (to == ItemStatus.home || to == ItemStatus.stored) {
            item.currentActionId = null; // arrived, or the visit was canceled
        } else if (actionId != null) {
            item.currentActionId = actionId;
        }
        if (item.physicalLockedAt == null && MoveRules.inCompanyHands(to)) {
            item.physicalLockedAt = now;
        }
        Map<String, Object> trail = new LinkedHashMap<>();
        trail.put("from_status", from.name());
        trail.put("to_status", to.name());
        if (movedFor != null) {
            trail.put("action_id", movedFor.toString());
        }
        if (item.locationCode != null) {
            trail.put("location", item.locationCode);
        }
        ItemMoved moved = new ItemMoved(item.id, item.ownerId, item.qrCode, from, to, movedFor, actor, now,
                item.locationCode);
        return new Recorded(InventoryEvent.of(item.id, "moved", trail, actor.id(), actor.role().name(), now), moved);
    }
}
