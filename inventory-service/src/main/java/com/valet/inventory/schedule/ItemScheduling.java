package com.valet.inventory.schedule;

import com.valet.events.Actor;
import com.valet.events.BookingCanceled;
import com.valet.events.BookingConfirmed;
import com.valet.events.ItemStatus;
import com.valet.inventory.item.Item;
import com.valet.inventory.move.ItemMoves;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A confirmed booking schedules its items: those to collect go from home, those to bring back from stored,
 * to {@code scheduled}, each with a trail line and an item-moved event. A line that cannot be scheduled is
 * kept as a {@link RejectedLine}. Runs inside the transaction that records the event as processed.
 */
@ApplicationScoped
public class ItemScheduling {
    private static final Logger LOG = Logger.getLogger(ItemScheduling.class);
    private static final String LOCK_ITEMS = "SELECT id FROM item WHERE id = ANY(CAST(string_to_array(:ids, ',') AS uuid[]))"
            + " ORDER BY id FOR UPDATE";

    private final ItemMoves moves;
    private final MeterRegistry registry;

    ItemScheduling(ItemMoves moves, MeterRegistry registry) {
        this.moves = moves;
        this.registry = registry;
    }

    public Uni<Void> schedule(UUID eventId, BookingConfirmed booking) {
        Map<UUID, RejectedLine.Line> lines = new LinkedHashMap<>();
        booking.pickupItemIds().forEach(id -> lines.putIfAbsent(id, RejectedLine.Line.pickup));
        booking.deliveryItemIds().forEach(id -> lines.putIfAbsent(id, RejectedLine.Line.delivery));
        if (lines.isEmpty()) {
            return Uni.createFrom().voidItem(); // a container delivery: nothing of the customer's moves yet
        }
        return CanceledAction.<CanceledAction>findById(booking.actionId()).chain(canceled -> {
            if (canceled != null) {
                LOG.infof("Action %s was canceled at %s; its late confirmation schedules nothing",
                        booking.actionId(), canceled.canceledAt);
                return Uni.createFrom().voidItem();
            }
            return lockItems(lines.keySet()).chain(items -> Multi.createFrom().iterable(lines.entrySet())
                            .onItem().transformToUniAndConcatenate(line -> scheduleLine(eventId, booking,
                                    line.getKey(), line.getValue(), items.get(line.getKey())))
                            .collect().last())
                    .replaceWithVoid();
        });
    }

    /**
     * A canceled visit gives its scheduled items back: to the customer's home if the company never held
     * them, to their shelf otherwise. Items a driver already has are left to staff.
     */
    public Uni<Void> release(UUID eventId, BookingCanceled cancellation) {
        CanceledAction canceled = new CanceledAction();
        canceled.actionId = cancellation.actionId();
        canceled.customerId = cancellation.customerId();
        canceled.eventId = eventId;
        canceled.canceledAt = cancellation.canceledAt();
        Set<UUID> ids = new LinkedHashSet<>(cancellation.pickupItemIds());
        ids.addAll(cancellation.deliveryItemIds());
        return CanceledAction.findById(cancellation.actionId())
                .chain(known -> known != null ? Uni.createFrom().voidItem() : canceled.persist().replaceWithVoid())
                .chain(() -> ids.isEmpty() ? Uni.createFrom().item(Map.<UUID, Item>of()) : lockItems(ids))
                .chain(items -> Multi.createFrom().iterable(items.values())
                        .filter(item -> cancellation.actionId().equals(item.currentActionId))
                        .onItem().transformToUniAndConcatenate(item -> releaseItem(item, cancellation))
                        .collect().last())
                .replaceWithVoid();
    }

    private Uni<Item> releaseItem(Item item, BookingCanceled cancellation) {
        if (item.status != ItemStatus.scheduled) {
            LOG.warnf("Action %s was canceled but item %s is already %s; left for staff", cancellation.actionId(),
                    item.id, item.status);
            return Uni.createFrom().item(item);
        }
        ItemStatus back = item.physicalLockedAt == null ? ItemStatus.home : ItemStatus.stored;
        return moves.record(item, back, cancellation.actionId(), null, Actor.system());
    }

    /**
     * The items, locked in id order (two visits locking the same items cannot deadlock), then loaded by id. Not
     * HQL {@code id in ?1}: a list parameter makes Hibernate translate the query again on every call, which was
     * a tenth of inventory's CPU per booking-confirmed.
     */
    private static Uni<Map<UUID, Item>> lockItems(Collection<UUID> ids) {
        String joined = ids.stream().map(UUID::toString).collect(Collectors.joining(","));
        return Panache.getSession().chain(session -> session.createNativeQuery(LOCK_ITEMS)
                        .setParameter("ids", joined).getResultList()
                        .chain(locked -> session.find(Item.class, ids.toArray())))
                .map(found -> found.stream().filter(java.util.Objects::nonNull)
                        .collect(Collectors.toMap(item -> item.id, Function.identity())));
    }

    private Uni<Void> scheduleLine(UUID eventId, BookingConfirmed booking, UUID itemId, RejectedLine.Line line,
                                   Item item) {
        if (item == null || item.deletedAt != null || !item.ownerId.equals(booking.customerId())) {
            return reject(eventId, booking, itemId, line, RejectedLine.Reason.unknown_item, null);
        }
        boolean alreadyOnThisVisit = booking.actionId().equals(item.currentActionId)
                && (item.status == ItemStatus.scheduled || item.status == ItemStatus.in_transit);
        if (alreadyOnThisVisit) {
            return forgetRejection(booking.actionId(), itemId); // a reschedule of the same visit
        }
        ItemStatus expected = line == RejectedLine.Line.pickup ? ItemStatus.home : ItemStatus.stored;
        if (item.status != expected) {
            return reject(eventId, booking, itemId, line, RejectedLine.Reason.wrong_state, item.status);
        }
        return moves.record(item, ItemStatus.scheduled, booking.actionId(), null, Actor.system())
                .chain(() -> forgetRejection(booking.actionId(), itemId));
    }

    private Uni<Void> reject(UUID eventId, BookingConfirmed booking, UUID itemId, RejectedLine.Line line,
                             RejectedLine.Reason reason, ItemStatus currentStatus) {
        LOG.infof("Action %s: %s line for item %s not scheduled (%s%s)", booking.actionId(), line, itemId, reason,
                currentStatus == null ? "" : ", item is " + currentStatus);
        registry.counter("valet.scheduling.rejected_lines", "reason", reason.name()).increment();
        RejectedLine.Key key = new RejectedLine.Key(booking.actionId(), itemId);
        return RejectedLine.<RejectedLine>findById(key).chain(existing -> {
            RejectedLine rejected = existing != null ? existing : new RejectedLine();
            rejected.key = key;
            rejected.customerId = booking.customerId();
            rejected.line = line;
            rejected.reason = reason;
            rejected.currentStatus = currentStatus;
            rejected.eventId = eventId;
            rejected.rejectedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return existing != null ? Uni.createFrom().voidItem() : rejected.persist().replaceWithVoid();
        });
    }

    private static Uni<Void> forgetRejection(UUID actionId, UUID itemId) {
        return RejectedLine.delete("key.actionId = ?1 and key.itemId = ?2", actionId, itemId).replaceWithVoid();
    }
}
