package com.valet.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CatalogueTest {

    @Test
    void topicsAndDeadLetters() {
        assertEquals("item-moved", Topics.ITEM_MOVED);
        assertEquals("booking-confirmed", Topics.BOOKING_CONFIRMED);
        assertEquals("booking-canceled", Topics.BOOKING_CANCELED);
        assertEquals("payment-received", Topics.PAYMENT_RECEIVED);
        assertEquals("subscription-changed", Topics.SUBSCRIPTION_CHANGED);
        assertEquals("customer-area-changed", Topics.CUSTOMER_AREA_CHANGED);
        assertEquals("item-moved.dlq", Topics.deadLetter(Topics.ITEM_MOVED));
    }

    @Test
    void eventTypesAreFoundByTheirCloudEventsType() {
        assertEquals(6, EventTypes.ALL.size());
        for (EventType<?> type : EventTypes.ALL) {
            assertEquals(Optional.of(type), EventTypes.byType(type.type()));
            assertEquals(1, type.schemaVersion());
        }
        assertEquals(Topics.BOOKING_CONFIRMED, EventTypes.byType("com.valet.booking.booking-confirmed").orElseThrow().topic());
        assertEquals(Optional.empty(), EventTypes.byType("com.valet.booking.unknown"));
        assertEquals(Optional.empty(), EventTypes.byType(null));
    }

    @Test
    void createFillsTheEnvelopeFromTheType() {
        Instant before = Instant.now().minusSeconds(1);
        CloudEvent<ItemMoved> event = CloudEvent.create(EventTypes.ITEM_MOVED, "/inventory-service",
                Samples.ITEM_ID.toString(), Samples.catalogued());

        assertEquals("1.0", event.specversion());
        assertEquals(event.id(), UUID.fromString(event.id()).toString());
        assertEquals("com.valet.inventory.item-moved", event.type());
        assertEquals("application/json", event.datacontenttype());
        assertEquals(1, event.schemaversion());
        assertNull(event.traceparent());
        assertTrue(Duration.between(before, event.time()).toSeconds() < 60);
        assertEquals(Samples.ITEM_ID.toString(), event.key());
        assertNotEquals(event.id(), CloudEvent.create(EventTypes.ITEM_MOVED, "/inventory-service",
                Samples.ITEM_ID.toString(), Samples.catalogued()).id());
    }

    @Test
    void withTraceparentCopiesEverythingElse() {
        CloudEvent<ItemMoved> event = CloudEvent.create(EventTypes.ITEM_MOVED, "/inventory-service",
                Samples.ITEM_ID.toString(), Samples.catalogued());
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        CloudEvent<ItemMoved> traced = event.withTraceparent(traceparent);
        assertEquals(traceparent, traced.traceparent());
        assertEquals(event, traced.withTraceparent(null));
    }

    @Test
    void envelopeRejectsMissingSubjectAndWrongDataClass() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CloudEvent.create(
                EventTypes.ITEM_MOVED, "/inventory-service", null, Samples.catalogued()));
        assertTrue(e.getMessage().contains("subject"), e.getMessage());

        @SuppressWarnings({"unchecked", "rawtypes"})
        EventType<ItemMoved> raw = (EventType) EventTypes.PAYMENT_RECEIVED;
        assertThrows(IllegalArgumentException.class, () -> CloudEvent.create(raw, "/billing-service", "x",
                Samples.catalogued()));
    }
}
