package com.valet.inventory.item;

import com.valet.events.Actor;
import com.valet.events.ActorRole;
import com.valet.events.EventTypes;
import com.valet.events.ItemMoved;
import com.valet.events.ItemStatus;
import com.valet.outbox.Outbox;
import com.valet.web.IfMatch;
import com.valet.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
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
        return store(owner, request);
    }

    /** Several items in one transaction: all are catalogued, or none is. */
    @WithTransaction
    public Uni<List<Item>> createAll(UUID owner, List<NewItem> requests) {
        Uni<List<Item>> stored = Uni.createFrom().item(new ArrayList<>());
        for (NewItem request : requests) {
            stored = stored.call(items -> store(owner, request).invoke(items::add));
        }
        return stored;
    }

    private Uni<Item> store(UUID owner, NewItem request) {
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

    /**
     * Applies the changes if the caller holds the current version (If-Match); records which fields
     * changed in the item's trail.
     */
    @WithTransaction
    public Uni<Item> update(UUID owner, UUID id, long expectedVersion, ItemChanges changes) {
        return liveItem(owner, id).chain(item -> {
            IfMatch.requireCurrent("item", item.version, expectedVersion);
            if (item.physicalLockedAt != null && changes.touchesPhysicalFields()) {
                throw ProblemException.conflict("The company holds this item: its weight and dimensions can no"
                        + " longer be changed.", Map.of("physical_locked_at", item.physicalLockedAt.toString()));
            }
            List<String> changed = apply(item, changes);
            if (changed.isEmpty()) {
                return Uni.createFrom().item(item);
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            item.updatedAt = now;
            return InventoryEvent.of(item.id, "updated", Map.of("fields", changed), owner,
                            ActorRole.customer.name(), now).persist()
                    // flush, then read back what PostgreSQL derived (cubic_feet) and the new version
                    .chain(() -> Panache.getSession().chain(s -> s.flush().chain(() -> s.refresh(item))))
                    .replaceWith(item);
        });
    }

    /** Soft delete; refused once the company holds the item. */
    @WithTransaction
    public Uni<Void> delete(UUID owner, UUID id, Long expectedVersion) {
        return liveItem(owner, id).chain(item -> {
            if (expectedVersion != null) {
                IfMatch.requireCurrent("item", item.version, expectedVersion);
            }
            if (item.physicalLockedAt != null) {
                throw ProblemException.conflict("The company holds this item: it cannot be deleted; ask for a"
                        + " redelivery first.", Map.of("current_status", item.status.name()));
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            item.deletedAt = now;
            item.updatedAt = now;
            return InventoryEvent.of(item.id, "deleted", Map.of(), owner, ActorRole.customer.name(), now).persist()
                    .replaceWithVoid();
        });
    }

    /** The item's trail, oldest first; 404 for an item that is not the caller's. */
    @WithSession
    public Uni<List<InventoryEvent>> history(UUID owner, UUID id) {
        return Item.<Item>find("id = ?1 and ownerId = ?2", id, owner).firstResult().chain(item -> {
            if (item == null) {
                throw ProblemException.notFound("item " + id);
            }
            return InventoryEvent.<InventoryEvent>find("itemId = ?1 order by createdAt, id", id).list();
        });
    }

    private static Uni<Item> liveItem(UUID owner, UUID id) {
        return Item.<Item>find("id = ?1 and ownerId = ?2 and deletedAt is null", id, owner).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("item " + id));
    }

    private static List<String> apply(Item item, ItemChanges changes) {
        List<String> changed = new ArrayList<>();
        if (changes.label() != null && !changes.label().strip().equals(item.label)) {
            item.label = changes.label().strip();
            changed.add("label");
        }
        if (changes.description() != null && !changes.description().strip().equals(item.description)) {
            item.description = changes.description().strip();
            changed.add("description");
        }
        if (changes.category() != null && !changes.category().equals(item.category)) {
            item.category = changes.category();
            changed.add("category");
        }
        if (changes.photoPaths() != null && !changes.photoPaths().equals(List.of(item.photoPaths))) {
            item.photoPaths = changes.photoPaths().toArray(String[]::new);
            changed.add("photo_paths");
        }
        if (changes.tags() != null) {
            String[] tags = normalisedTags(changes.tags());
            if (!Arrays.equals(tags, item.tags)) {
                item.tags = tags;
                changed.add("tags");
            }
        }
        if (changes.weightLbs() != null && !sameNumber(changes.weightLbs(), item.weightLbs)) {
            item.weightLbs = changes.weightLbs();
            changed.add("weight_lbs");
        }
        NewItem.Dimensions d = changes.dimensionsIn();
        if (d != null && !(sameNumber(d.length(), item.lengthIn) && sameNumber(d.width(), item.widthIn)
                && sameNumber(d.height(), item.heightIn))) {
            item.lengthIn = d.length();
            item.widthIn = d.width();
            item.heightIn = d.height();
            changed.add("dimensions_in");
        }
        return changed;
    }

    private static boolean sameNumber(BigDecimal a, BigDecimal b) {
        return b != null && a.compareTo(b) == 0;
    }

    static String[] normalisedTags(List<String> tags) {
        return tags.stream().map(String::strip).distinct().toArray(String[]::new);
    }

    /** The owner's live item; 404 otherwise, also for another customer's item (its existence is not theirs). */
    @WithSession
    public Uni<Item> find(UUID owner, UUID id) {
        return liveItem(owner, id);
    }

    /** Newest first, after the cursor position; one extra row tells whether another page follows. */
    @WithSession
    public Uni<List<Item>> list(UUID owner, ItemFilter filter, ItemCursor after, int limit) {
        StringBuilder query = new StringBuilder("ownerId = :owner and deletedAt is null");
        Parameters parameters = Parameters.with("owner", owner);
        if (filter.status() != null) {
            query.append(" and status = :status");
            parameters.and("status", filter.status());
        }
        if (filter.category() != null) {
            query.append(" and lower(category) = lower(:category)");
            parameters.and("category", filter.category());
        }
        if (filter.tag() != null) { // Hibernate's array_position answers 0, not null, when absent
            query.append(" and array_position(tags, :tag) > 0");
            parameters.and("tag", filter.tag());
        }
        if (after != null) {
            query.append(" and (createdAt < :createdAt or (createdAt = :createdAt and id < :id))");
            parameters.and("createdAt", after.createdAt()).and("id", after.id());
        }
        query.append(" order by createdAt desc, id desc");
        return Item.<Item>find(query.toString(), parameters).range(0, limit - 1).list();
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
        item.tags = request.tags() == null ? new String[0] : normalisedTags(request.tags());
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
