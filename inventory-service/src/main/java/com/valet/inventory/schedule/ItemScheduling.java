package com.valet.inventory.schedule;

import com.valet.events.Actor;
import com.valet.events.BookingConfirmed;
import com.valet.events.ItemStatus;
import com.valet.inventory.item.Item;
import com.valet.inventory.move.ItemMoves;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        return Item.<Item>find("id in ?1 order by id", List.copyOf(lines.keySet()))
                .withLock(LockModeType.PESSIMISTIC_WRITE).list()
                .map(found -> found.stream().collect(Collectors.toMap(item -> item.id, Function.identity())))
                .chain(items -> Multi.createFrom().iterable(lines.entrySet())
                        .onItem().transformToUniAndConcatenate(line -> scheduleLine(eventId, booking,
                                line.getKey(), line.getValue(), items.get(line.getKey())))
                        .collect().last())
                .replaceWithVoid();
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
