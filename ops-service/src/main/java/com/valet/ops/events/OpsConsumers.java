package com.valet.ops.events;

import com.valet.events.EventTypes;
import com.valet.outbox.EventInbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.UUID;

/**
 * The five topics ops follows, each applied once per event (EventInbox: processed_event in the same
 * transaction, retries, dead-letter topic) by {@link TaskFeed}; booking-confirmed a batch at a time by
 * {@link TaskCreation}.
 */
@ApplicationScoped
public class OpsConsumers {
    static final String BOOKING_CONFIRMED = "ops.task-creation";
    static final String BOOKING_CANCELED = "ops.task-cancellation";
    static final String ITEM_MOVED = "ops.task-items";
    static final String PAYMENT_RECEIVED = "ops.task-payment";
    static final String SUBSCRIPTION_CHANGED = "ops.task-subscription";

    private final EventInbox inbox;
    private final TaskFeed feed;
    private final TaskCreation creation;

    OpsConsumers(EventInbox inbox, TaskFeed feed, TaskCreation creation) {
        this.inbox = inbox;
        this.feed = feed;
        this.creation = creation;
    }

    @Incoming("booking-confirmed")
    public Uni<Void> onBookingConfirmed(ConsumerRecords<String, String> records) {
        return inbox.applyTogether(BOOKING_CONFIRMED, EventTypes.BOOKING_CONFIRMED, records, creation::confirmed);
    }

    @Incoming("booking-canceled")
    public Uni<Void> onBookingCanceled(ConsumerRecords<String, String> records) {
        return inbox.apply(BOOKING_CANCELED, EventTypes.BOOKING_CANCELED, records,
                event -> feed.canceled(UUID.fromString(event.id()), event.data()));
    }

    @Incoming("item-moved")
    public Uni<Void> onItemMoved(ConsumerRecords<String, String> records) {
        return inbox.apply(ITEM_MOVED, EventTypes.ITEM_MOVED, records, event -> feed.itemMoved(event.data()));
    }

    @Incoming("payment-received")
    public Uni<Void> onPaymentReceived(ConsumerRecords<String, String> records) {
        return inbox.apply(PAYMENT_RECEIVED, EventTypes.PAYMENT_RECEIVED, records,
                event -> feed.paymentReceived(event.data()));
    }

    @Incoming("subscription-changed")
    public Uni<Void> onSubscriptionChanged(ConsumerRecords<String, String> records) {
        return inbox.apply(SUBSCRIPTION_CHANGED, EventTypes.SUBSCRIPTION_CHANGED, records,
                event -> feed.subscriptionChanged(event.data()));
    }
}
