package com.valet.booking.item;

import com.valet.booking.action.ActionProgress;
import com.valet.events.EventTypes;
import com.valet.events.ItemMoved;
import com.valet.outbox.EventInbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps {@link CustomerItem} in step with inventory's item-moved events, once per event, and lets the
 * visit the move belongs to advance.
 */
@ApplicationScoped
public class ItemMovedConsumer {
    static final String CONSUMER = "booking.customer-item";
    private static final Logger LOG = Logger.getLogger(ItemMovedConsumer.class);

    private final EventInbox inbox;
    private final ActionProgress progress;

    ItemMovedConsumer(EventInbox inbox, ActionProgress progress) {
        this.inbox = inbox;
        this.progress = progress;
    }

    @Incoming("item-moved")
    public Uni<Void> onItemMoved(ConsumerRecords<String, String> records) {
        return inbox.apply(CONSUMER, EventTypes.ITEM_MOVED, records, event -> apply(event.data()));
    }

    /** The read model first, so a visit's completion check sees this move. */
    Uni<Void> apply(ItemMoved move) {
        return updateItem(move).chain(applied -> applied ? progress.onItemMoved(move) : Uni.createFrom().voidItem());
    }

    private Uni<Boolean> updateItem(ItemMoved move) {
        return CustomerItem.<CustomerItem>findById(move.itemId()).chain(known -> {
            if (known == null) {
                CustomerItem item = new CustomerItem();
                item.apply(move);
                return item.persist().replaceWith(true);
            }
            if (!known.isSupersededBy(move)) {
                LOG.infof("Ignoring a stale move of item %s (%s, known state from %s)", move.itemId(),
                        move.movedAt(), known.movedAt);
                return Uni.createFrom().item(false);
            }
            known.apply(move);
            return Uni.createFrom().item(true);
        });
    }
}
