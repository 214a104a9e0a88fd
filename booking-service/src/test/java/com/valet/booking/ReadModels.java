package com.valet.booking;

import com.valet.booking.item.CustomerItem;
import com.valet.booking.subscription.CustomerSubscription;
import com.valet.events.EventCodec;
import com.valet.events.EventType;
import com.valet.events.ItemStatus;
import com.valet.events.SubscriptionStatus;
import com.valet.outbox.OutboxEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/** Reads booking's tables directly, for tests waiting on an event to be applied. */
public final class ReadModels {
    private static final EventCodec CODEC = new EventCodec();

    private ReadModels() {
    }

    public static SubscriptionStatus statusOf(UUID customer) {
        CustomerSubscription known = onVertx(() -> Panache.withSession(() -> CustomerSubscription.findById(customer)));
        return known == null ? null : known.status;
    }

    public static ItemStatus itemStatusOf(UUID itemId) {
        CustomerItem known = onVertx(() -> Panache.withSession(() -> CustomerItem.findById(itemId)));
        return known == null ? null : known.status;
    }

    /** Whether this consumer has applied (or deliberately skipped) the event. */
    public static boolean processed(String consumer, String eventId) {
        return onVertx(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s
                .createNativeQuery("SELECT count(*) FROM processed_event WHERE consumer = :c AND event_id = :id",
                        Long.class)
                .setParameter("c", consumer)
                .setParameter("id", UUID.fromString(eventId))
                .getSingleResult()))) == 1L;
    }

    /** The payloads of this type the service wrote to its outbox for this key, oldest first. */
    public static <T> List<T> announced(EventType<T> type, UUID key) {
        List<OutboxEvent> rows = onVertx(() -> Panache.withSession(() -> OutboxEvent
                .<OutboxEvent>find("eventType = ?1 and eventKey = ?2 order by seq", type.type(), key.toString()).list()));
        return rows.stream().map(row -> CODEC.decode(row.payload, type).data()).toList();
    }

    public static <T> T onVertx(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
