package com.valet.inventory.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.valet.events.Actor;
import com.valet.events.CloudEvent;
import com.valet.events.EventCodec;
import com.valet.events.EventTypes;
import com.valet.events.BookingCanceled;
import com.valet.events.BookingConfirmed;
import com.valet.events.ItemStatus;
import com.valet.inventory.item.Item;
import com.valet.inventory.move.ItemMoves;
import com.valet.outbox.Outbox;
import com.valet.outbox.SqlParameters;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    private static final String CANCELED = "SELECT CAST(action_id AS text) FROM canceled_action"
            + " WHERE action_id = ANY(CAST(string_to_array(:ids, ',') AS uuid[]))";
    /** A later confirmation of the same action replaces the reason of a line (V6). */
    private static final String UPSERT_REJECTED = "INSERT INTO rejected_line (action_id, item_id, customer_id, line,"
            + " reason, current_status, event_id, rejected_at)"
            + " SELECT action_id, item_id, customer_id, line, reason, current_status, event_id, rejected_at"
            + " FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb)) AS r(action_id uuid, item_id uuid,"
            + " customer_id uuid, line text, reason text, current_status text, event_id uuid, rejected_at timestamptz)"
            + " ON CONFLICT (action_id, item_id) DO UPDATE SET customer_id = EXCLUDED.customer_id,"
            + " line = EXCLUDED.line, reason = EXCLUDED.reason, current_status = EXCLUDED.current_status,"
            + " event_id = EXCLUDED.event_id, rejected_at = EXCLUDED.rejected_at";
    private static final String FORGET_REJECTED = "DELETE FROM rejected_line r"
            + " USING unnest(CAST(string_to_array(:actions, ',') AS uuid[]), CAST(string_to_array(:items, ',') AS uuid[]))"
            + " AS f(action_id, item_id) WHERE r.action_id = f.action_id AND r.item_id = f.item_id";
    private static final String LOCK_ITEMS = "SELECT id FROM item WHERE id = ANY(CAST(string_to_array(:ids, ',') AS uuid[]))"
            + " ORDER BY id FOR UPDATE";

    private final ItemMoves moves;
    private final Outbox outbox;
    private final MeterRegistry registry;
    private final ObjectMapper mapper;

    ItemScheduling(ItemMoves moves, Outbox outbox, MeterRegistry registry, EventCodec codec) {
        this.moves = moves;
        this.outbox = outbox;
        this.registry = registry;
        this.mapper = codec.mapper();
    }

    /**
     * A batch of confirmations, in order, as if one after the other: the items of all of them locked and read
     * at once, each line decided in memory (a later confirmation sees what an earlier one scheduled), then the
     * trail lines, the item-moved events and the rejected lines written with one statement each.
     */
    public Uni<Void> schedule(List<CloudEvent<BookingConfirmed>> events) {
        Set<UUID> ids = new LinkedHashSet<>();
        Set<UUID> actions = new LinkedHashSet<>();
        for (CloudEvent<BookingConfirmed> event : events) {
            Map<UUID, RejectedLine.Line> lines = lines(event.data());
            if (!lines.isEmpty()) { // a container delivery: nothing of the customer's moves yet
                ids.addAll(lines.keySet());
                actions.add(event.data().actionId());
            }
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // the items first: a cancellation committed while this waited for their locks is then seen below
        return lockItems(ids).chain(items -> canceled(actions).chain(canceled -> {
            Batch batch = new Batch();
            for (CloudEvent<BookingConfirmed> event : events) {
                BookingConfirmed booking = event.data();
                Map<UUID, RejectedLine.Line> lines = lines(booking);
                if (lines.isEmpty()) {
                    continue;
                }
                if (canceled.contains(booking.actionId())) {
                    LOG.infof("Action %s was canceled; its late confirmation schedules nothing", booking.actionId());
                    continue;
                }
                UUID eventId = UUID.fromString(event.id());
                lines.forEach((itemId, line) -> scheduleLine(batch, eventId, booking, itemId, line, items.get(itemId)));
            }
            return batch.write();
        }));
    }

    private static Map<UUID, RejectedLine.Line> lines(BookingConfirmed booking) {
        Map<UUID, RejectedLine.Line> lines = new LinkedHashMap<>();
        booking.pickupItemIds().forEach(id -> lines.putIfAbsent(id, RejectedLine.Line.pickup));
        booking.deliveryItemIds().forEach(id -> lines.putIfAbsent(id, RejectedLine.Line.delivery));
        return lines;
    }

    private static Uni<Set<UUID>> canceled(Set<UUID> actions) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CANCELED, String.class)
                        .setParameter("ids", SqlParameters.list(actions)).getResultList())
                .map(found -> found.stream().map(UUID::fromString).collect(Collectors.toSet()));
    }

    private void scheduleLine(Batch batch, UUID eventId, BookingConfirmed booking, UUID itemId,
                              RejectedLine.Line line, Item item) {
        RejectedLine.Key key = new RejectedLine.Key(booking.actionId(), itemId);
        if (item == null || item.deletedAt != null || !item.ownerId.equals(booking.customerId())) {
            batch.rejected(key, reject(eventId, booking, key, line, RejectedLine.Reason.unknown_item, null));
            return;
        }
        boolean alreadyOnThisVisit = booking.actionId().equals(item.currentActionId)
                && (item.status == ItemStatus.scheduled || item.status == ItemStatus.in_transit);
        if (alreadyOnThisVisit) {
            batch.rejected(key, null); // a reschedule of the same visit
            return;
        }
        ItemStatus expected = line == RejectedLine.Line.pickup ? ItemStatus.home : ItemStatus.stored;
        if (item.status != expected) {
            batch.rejected(key, reject(eventId, booking, key, line, RejectedLine.Reason.wrong_state, item.status));
            return;
        }
        batch.moved(ItemMoves.apply(item, ItemStatus.scheduled, booking.actionId(), null, Actor.system()));
        batch.rejected(key, null);
    }

    private Map<String, Object> reject(UUID eventId, BookingConfirmed booking, RejectedLine.Key key,
                                       RejectedLine.Line line, RejectedLine.Reason reason, ItemStatus currentStatus) {
        LOG.infof("Action %s: %s line for item %s not scheduled (%s%s)", booking.actionId(), line, key.itemId(),
                reason, currentStatus == null ? "" : ", item is " + currentStatus);
        registry.counter("valet.scheduling.rejected_lines", "reason", reason.name()).increment();
        Map<String, Object> row = new HashMap<>();
        row.put("action_id", key.actionId());
        row.put("item_id", key.itemId());
        row.put("customer_id", booking.customerId());
        row.put("line", line.name());
        row.put("reason", reason.name());
        row.put("current_status", currentStatus == null ? null : currentStatus.name());
        row.put("event_id", eventId);
        row.put("rejected_at", Instant.now().truncatedTo(ChronoUnit.MICROS).toString());
        return row;
    }

    /** What a batch of confirmations writes besides the items themselves (which Hibernate flushes). */
    private final class Batch {
        private final List<ItemMoves.Recorded> moves = new ArrayList<>();
        /** The outcome per line: its rejection, or null when it was scheduled (an old rejection is forgotten). */
        private final Map<RejectedLine.Key, Map<String, Object>> rejections = new LinkedHashMap<>();

        void moved(ItemMoves.Recorded recorded) {
            moves.add(recorded);
        }

        void rejected(RejectedLine.Key key, Map<String, Object> row) {
            rejections.put(key, row); // a later event's outcome for the same line replaces the earlier one
        }

        Uni<Void> write() {
            List<Map<String, Object>> rejected = rejections.values().stream().filter(Objects::nonNull).toList();
            List<RejectedLine.Key> forgotten = rejections.entrySet().stream().filter(e -> e.getValue() == null)
                    .map(Map.Entry::getKey).toList();
            return Panache.getSession().chain(session -> {
                Uni<Void> written = Uni.createFrom().voidItem();
                if (!moves.isEmpty()) {
                    written = written
                            .chain(() -> session.persistAll(moves.stream().map(ItemMoves.Recorded::line).toArray()))
                            .chain(() -> outbox.appendAll(EventTypes.ITEM_MOVED, moves.stream()
                                    .map(m -> Map.entry(m.event().itemId().toString(), m.event())).toList()))
                            .replaceWithVoid();
                }
                if (!rejected.isEmpty()) {
                    written = written.chain(() -> session.createNativeQuery(UPSERT_REJECTED)
                            .setParameter("rows", SqlParameters.rows(mapper, rejected)).executeUpdate()).replaceWithVoid();
                }
                if (!forgotten.isEmpty()) {
                    written = written.chain(() -> session.createNativeQuery(FORGET_REJECTED)
                            .setParameter("actions", SqlParameters.list(forgotten.stream().map(RejectedLine.Key::actionId).toList()))
                            .setParameter("items", SqlParameters.list(forgotten.stream().map(RejectedLine.Key::itemId).toList()))
                            .executeUpdate()).replaceWithVoid();
                }
                return written;
            });
        }
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
        return Panache.getSession().chain(session -> session.createNativeQuery(LOCK_ITEMS)
                        .setParameter("ids", SqlParameters.list(ids)).getResultList()
                        .chain(locked -> session.find(Item.class, ids.toArray())))
                .map(found -> found.stream().filter(Objects::nonNull)
                        .collect(Collectors.toMap(item -> item.id, Function.identity())));
    }
}
