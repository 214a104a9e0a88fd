package com.valet.inventory.item;

import com.valet.events.Actor;
import com.valet.events.ActorRole;
import com.valet.events.EventTypes;
import com.valet.events.ItemMoved;
import com.valet.events.ItemStatus;
import com.valet.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The customer's side of the catalogue: cataloguing and reading their own items. */
@ApplicationScoped
public class ItemCatalogue {
    private final QrCodes qrCodes;
    private final Outbox outbox;

    ItemCatalogue(QrCodes qrCodes, Outbox outbox) {
        this.qrCodes = qrCodes;
        this.outbox = outbox;
    }

    /**
     * Stores the item with its QR label, its first trail line and an item-moved event (from nothing to
     * home), all in one transaction: other services learn of the item exactly when it exists.
     */
    @WithTransaction
    public Uni<Item> create(UUID owner, NewItem request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return qrCodes.next().chain(qrCode -> {
            Item item = newItem(owner, request, qrCode, now);
            ItemMoved catalogued = new ItemMoved(item.id, owner, qrCode, null, ItemStatus.home, null,
                    new Actor(owner, ActorRole.customer), now);
            return item.<Item>persist()
                    .call(() -> InventoryEvent.of(item.id, "created", Map.of("qr_code", qrCode), owner,
                            ActorRole.customer.name(), now).persist())
                    .call(() -> outbox.append(EventTypes.ITEM_MOVED, item.id.toString(), catalogued));
        });
    }

    /** The owner's live item, or null: another customer's item does not exist for the caller. */
    @WithSession
    public Uni<Item> find(UUID owner, UUID id) {
        return Item.<Item>find("id = ?1 and ownerId = ?2 and deletedAt is null", id, owner).firstResult();
    }

    /** Newest first, after the cursor position; one extra row tells whether another page follows. */
    @WithSession
    public Uni<List<Item>> list(UUID owner, ItemCursor after, int limit) {
        if (after == null) {
            return Item.<Item>find("ownerId = ?1 and deletedAt is null order by createdAt desc, id desc", owner)
                    .range(0, limit).list();
        }
        return Item.<Item>find("ownerId = ?1 and deletedAt is null"
                        + " and (createdAt < ?2 or (createdAt = ?2 and id < ?3)) order by createdAt desc, id desc",
                owner, after.createdAt(), after.id()).range(0, limit).list();
    }

    private static Item newItem(UUID owner, NewItem request, String qrCode, Instant now) {
        Item item = new Item();
        item.id = UUID.randomUUID();
        item.ownerId = owner;
        item.label = request.label().strip();
        item.description = request.description().strip();
        item.category = request.category();
        item.status = ItemStatus.home;
        item.photoPaths = request.photoPaths().toArray(String[]::new);
        item.tags = request.tags() == null ? new String[0]
                : request.tags().stream().map(String::strip).distinct().toArray(String[]::new);
        item.qrCode = qrCode;
        item.weightLbs = request.weightLbs();
        if (request.dimensionsIn() != null) {
            item.lengthIn = request.dimensionsIn().length();
            item.widthIn = request.dimensionsIn().width();
            item.heightIn = request.dimensionsIn().height();
        }
        item.createdAt = now;
        item.updatedAt = now;
        return item;
    }
}
