package com.valet.inventory.schedule;

import com.valet.events.EventTypes;
import com.valet.outbox.EventInbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;


/** booking-confirmed, applied once per event, a polled batch at a time: the booked items become scheduled. */
@ApplicationScoped
public class BookingConfirmedConsumer {
    static final String CONSUMER = "inventory.item-scheduling";

    private final EventInbox inbox;
    private final ItemScheduling scheduling;

    BookingConfirmedConsumer(EventInbox inbox, ItemScheduling scheduling) {
        this.inbox = inbox;
        this.scheduling = scheduling;
    }

    @Incoming("booking-confirmed")
    public Uni<Void> onBookingConfirmed(ConsumerRecords<String, String> records) {
        return inbox.applyTogether(CONSUMER, EventTypes.BOOKING_CONFIRMED, records, scheduling::schedule);
    }
}
