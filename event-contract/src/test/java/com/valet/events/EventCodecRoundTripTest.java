package com.valet.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EventCodecRoundTripTest {

    private final EventCodec codec = new EventCodec();

    private <T> void assertRoundTrip(CloudEvent<T> event, EventType<T> type) {
        assertEquals(event, codec.decode(codec.encode(event), type));
    }

    @Test
    void itemMovedRoundTrips() {
        assertRoundTrip(CloudEvent.create(EventTypes.ITEM_MOVED, "/inventory-service",
                Samples.ITEM_ID.toString(), Samples.pickedUp()), EventTypes.ITEM_MOVED);
        assertRoundTrip(CloudEvent.create(EventTypes.ITEM_MOVED, "/inventory-service",
                Samples.ITEM_ID.toString(), Samples.catalogued()), EventTypes.ITEM_MOVED);
    }

    @Test
    void bookingConfirmedRoundTrips() {
        assertRoundTrip(CloudEvent.create(EventTypes.BOOKING_CONFIRMED, "/booking-service",
                        Samples.ACTION_ID.toString(), Samples.bookingConfirmed())
                .withTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
                EventTypes.BOOKING_CONFIRMED);
    }

    @Test
    void subscriptionChangedRoundTrips() {
        assertRoundTrip(CloudEvent.create(EventTypes.SUBSCRIPTION_CHANGED, "/billing-service",
                Samples.OWNER_ID.toString(), Samples.trialStarted()), EventTypes.SUBSCRIPTION_CHANGED);
    }

    @Test
    void customerAreaChangedRoundTripsWithAndWithoutAZip() {
        assertRoundTrip(CloudEvent.create(EventTypes.CUSTOMER_AREA_CHANGED, "/booking-service",
                Samples.OWNER_ID.toString(), new CustomerAreaChanged(Samples.OWNER_ID, "10001", true, Samples.TIME)),
                EventTypes.CUSTOMER_AREA_CHANGED);
        assertRoundTrip(CloudEvent.create(EventTypes.CUSTOMER_AREA_CHANGED, "/booking-service",
                Samples.OWNER_ID.toString(), new CustomerAreaChanged(Samples.OWNER_ID, null, false, Samples.TIME)),
                EventTypes.CUSTOMER_AREA_CHANGED);
    }

    @Test
    void bookingCanceledRoundTrips() {
        assertRoundTrip(CloudEvent.create(EventTypes.BOOKING_CANCELED, "/booking-service",
                Samples.ACTION_ID.toString(), Samples.bookingCanceled()), EventTypes.BOOKING_CANCELED);
    }

    @Test
    void paymentReceivedRoundTrips() {
        assertRoundTrip(CloudEvent.create(EventTypes.PAYMENT_RECEIVED, "/billing-service",
                Samples.OWNER_ID.toString(), Samples.paymentReceived()), EventTypes.PAYMENT_RECEIVED);
    }

    @Test
    void decodeEnvelopeKeepsAttributesAndDataTree() {
        CloudEvent<PaymentReceived> event = CloudEvent.create(EventTypes.PAYMENT_RECEIVED, "/billing-service",
                Samples.OWNER_ID.toString(), Samples.paymentReceived());
        var envelope = codec.decodeEnvelope(codec.encode(event));
        assertEquals(event.id(), envelope.id());
        assertEquals(event.type(), envelope.type());
        assertEquals(event.time(), envelope.time());
        assertEquals("past_due", envelope.data().get("subscription_status").textValue());
        assertEquals(4900L, envelope.data().get("amount_cents").longValue());
    }
}
