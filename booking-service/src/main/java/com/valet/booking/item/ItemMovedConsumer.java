package com.valet.booking.item;

import com.valet.events.EventTypes;
import com.valet.events.ItemMoved;
import com.valet.outbox.EventInbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Keeps {@link CustomerItem} in step with inventory's item-moved events, once per event. */
@ApplicationScoped
public class ItemMovedConsumer {
    static final String CONSUMER = "booking.customer-item";
    private static final Logger LOG = Logger.getLogger(ItemMovedConsumer.class);

    private final EventInbox inbox;

    ItemMovedConsumer(EventInbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("item-moved")
    public Uni<Void> onItemMoved(ConsumerRecord<String, String> record) {
        return inbox.apply(CONSUMER, EventTypes.ITEM_MOVED, record, event -> apply(event.data()));
    }

    Uni<Void> apply(ItemMoved move) {
        return CustomerItem.<CustomerItem>findById(move.itemId()).chain(known -> {
            if (known == null) {
                CustomerItem item = new CustomerItem();
                item.apply(move);
                return item.persist().replaceWithVoid();
            }
            if (!known.isSupersededBy(move)) {
                LOG.infof("Ignoring a stale move of item %s (%s, known state from %s)", move.itemId(),
                        move.movedAt(), known.movedAt);
                return Uni.createFrom().voidItem();
            }
            known.apply(move);
            return Uni.createFrom().voidItem();
        });
    }
}
