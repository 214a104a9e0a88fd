package com.valet.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class EventJsonShapeTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void itemMovedHasTheDocumentedWireShape() {
        String json = codec.encode(Samples.envelope(EventTypes.ITEM_MOVED, "/inventory-service",
                Samples.ITEM_ID.toString(), Samples.catalogued()));

        assertEquals("{"
                + "\"specversion\":\"1.0\","
                + "\"id\":\"3f2b8c4d-1e6a-4b7c-9d8e-0f1a2b3c4d5e\","
                + "\"source\":\"/inventory-service\","
                + "\"type\":\"com.valet.inventory.item-moved\","
                + "\"subject\":\"0b6f2c1e-8a3d-4c5e-9f10-2a3b4c5d6e7f\","
                + "\"time\":\"2026-11-23T19:14:05.123456Z\","
                + "\"datacontenttype\":\"application/json\","
                + "\"schemaversion\":1,"
                + "\"data\":{"
                + "\"item_id\":\"0b6f2c1e-8a3d-4c5e-9f10-2a3b4c5d6e7f\","
                + "\"owner_id\":\"5d1e7a90-1b2c-4d3e-8f4a-5b6c7d8e9f01\","
                + "\"qr_code\":\"SV-2026-000042\","
                + "\"to_status\":\"home\","
                + "\"actor\":{\"role\":\"system\"},"
                + "\"moved_at\":\"2026-11-23T19:14:05Z\"}}", json);
    }

    @Test
    void enumsAreLowercaseSnakeStrings() throws Exception {
        JsonNode moved = tree(Samples.envelope(EventTypes.ITEM_MOVED, "/inventory-service",
                Samples.ITEM_ID.toString(), Samples.pickedUp()));
        assertEquals("scheduled", moved.at("/data/from_status").textValue());
        assertEquals("in_transit", moved.at("/data/to_status").textValue());
        assertEquals("driver", moved.at("/data/actor/role").textValue());

        JsonNode booking = tree(Samples.envelope(EventTypes.BOOKING_CONFIRMED, "/booking-service",
                Samples.ACTION_ID.toString(), Samples.bookingConfirmed()));
        assertEquals("container_delivery", booking.at("/data/service_type").textValue());
        assertEquals(3, booking.at("/data/containers/0/quantity").intValue());
        assertEquals(0, booking.at("/data/delivery_item_ids").size(), "empty lists are written, not omitted");
        assertFalse(booking.at("/data/address").has("unit"), "null unit is omitted");

        JsonNode canceled = tree(Samples.envelope(EventTypes.BOOKING_CANCELED, "/booking-service",
                Samples.ACTION_ID.toString(), Samples.bookingCanceled()));
        assertEquals("customer", canceled.at("/data/canceled_by/role").textValue());
        assertEquals("moving abroad", canceled.at("/data/reason").textValue());

        JsonNode payment = tree(Samples.envelope(EventTypes.PAYMENT_RECEIVED, "/billing-service",
                Samples.OWNER_ID.toString(), Samples.paymentReceived()));
        assertEquals("past_due", payment.at("/data/subscription_status").textValue());

        JsonNode trial = tree(Samples.envelope(EventTypes.SUBSCRIPTION_CHANGED, "/billing-service",
                Samples.OWNER_ID.toString(), Samples.trialStarted()));
        assertEquals("com.valet.billing.subscription-changed", trial.get("type").textValue());
        assertEquals("trialing", trial.at("/data/subscription_status").textValue());
        assertEquals("2026-12-07T19:14:05Z", trial.at("/data/trial_end").textValue());
        assertEquals("2026-11-23T19:14:05Z", trial.at("/data/changed_at").textValue());
        JsonNode ended = tree(Samples.envelope(EventTypes.SUBSCRIPTION_CHANGED, "/billing-service",
                Samples.OWNER_ID.toString(), new SubscriptionChanged(Samples.OWNER_ID, "cus_Q1w2E3r4T5y6",
                        "evt_1QcancelJKL", null, SubscriptionStatus.canceled, null, Samples.TIME)));
        assertFalse(ended.at("/data").has("trial_end"), "null trial_end is omitted");
        assertFalse(ended.at("/data").has("subscription_id"), "null subscription_id is omitted");
    }

    @Test
    void traceparentIsWrittenWhenSetAndKeyIsNotAnAttribute() throws Exception {
        CloudEvent<ItemMoved> event = Samples.envelope(EventTypes.ITEM_MOVED, "/inventory-service",
                Samples.ITEM_ID.toString(), Samples.catalogued())
                .withTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        JsonNode json = tree(event);
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", json.get("traceparent").textValue());
        assertFalse(json.has("key"));
    }

    private JsonNode tree(CloudEvent<?> event) throws Exception {
        return codec.mapper().readTree(codec.encode(event));
    }
}
