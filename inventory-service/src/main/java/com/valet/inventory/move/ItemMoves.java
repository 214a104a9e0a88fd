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
        return Item.<Item>find("id = ?1 and deletedAt is null", itemId).withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("item " + itemId))
                .chain(item -> {
                    ItemStatus from = item.status;
                    ItemStatus to = request.toStatus();
                    if (!MoveRules.allowed(from, to, item.physicalLockedAt != null)) {
                        throw ProblemException.conflict("An item that is " + from + " cannot be moved to " + to + ".",
                                Map.of("current_status", from.name()));
                    }
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    item.status = to;
                    item.locationCode = to == ItemStatus.stored ? request.location() : null;
                    item.updatedAt = now;
                    if (item.physicalLockedAt == null && MoveRules.inCompanyHands(to)) {
                        item.physicalLockedAt = now;
                    }
                    Map<String, Object> trail = new LinkedHashMap<>();
                    trail.put("from_status", from.name());
                    trail.put("to_status", to.name());
                    if (request.actionId() != null) {
                        trail.put("action_id", request.actionId().toString());
                    }
                    if (item.locationCode != null) {
                        trail.put("location", item.locationCode);
                    }
                    ItemMoved moved = new ItemMoved(item.id, item.ownerId, item.qrCode, from, to, request.actionId(),
                            new Actor(staffId, role), now, item.locationCode);
                    return InventoryEvent.of(item.id, "moved", trail, staffId, role.name(), now).persist()
                            .call(() -> outbox.append(EventTypes.ITEM_MOVED, item.id.toString(), moved))
                            .replaceWith(item);
                });
    }
}
