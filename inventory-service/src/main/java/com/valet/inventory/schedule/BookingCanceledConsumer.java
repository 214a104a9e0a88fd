package com.valet.inventory.schedule;

import com.valet.events.EventTypes;
import com.valet.outbox.EventInbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.UUID;

/** booking-canceled, applied once per event: the visit's scheduled items go back where they are. */
@ApplicationScoped
public class BookingCanceledConsumer {
    static final String CONSUMER = "inventory.item-release";

    private final EventInbox inbox;
    private final ItemScheduling scheduling;

    BookingCanceledConsumer(EventInbox inbox, ItemScheduling scheduling) {
        this.inbox = inbox;
        this.scheduling = scheduling;
    }

    @Incoming("booking-canceled")
    public Uni<Void> onBookingCanceled(ConsumerRecords<String, String> records) {
        return inbox.apply(CONSUMER, EventTypes.BOOKING_CANCELED, records,
                event -> scheduling.release(UUID.fromString(event.id()), event.data()));
    }
}
