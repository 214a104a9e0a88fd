package com.valet.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Fixed, valid sample events: fixed ids and times keep the exact-JSON assertions stable. */
final class Samples {

    static final UUID ITEM_ID = UUID.fromString("0b6f2c1e-8a3d-4c5e-9f10-2a3b4c5d6e7f");
    static final UUID OWNER_ID = UUID.fromString("5d1e7a90-1b2c-4d3e-8f4a-5b6c7d8e9f01");
    static final UUID ACTION_ID = UUID.fromString("a4c3b2d1-6e5f-4a7b-8c9d-0e1f2a3b4c5d");
    static final UUID DRIVER_ID = UUID.fromString("d7e8f9a0-b1c2-4d3e-9f4a-5b6c7d8e9f10");
    static final UUID CONTAINER_TYPE_ID = UUID.fromString("c0ffee00-1234-4abc-8def-0123456789ab");
    static final String EVENT_ID = "3f2b8c4d-1e6a-4b7c-9d8e-0f1a2b3c4d5e";
    static final Instant TIME = Instant.parse("2026-11-23T19:14:05.123456Z");

    private Samples() {
    }

    /** A just-catalogued item: no from_status, no action, system actor, no traceparent (all omitted). */
    static ItemMoved catalogued() {
        return new ItemMoved(ITEM_ID, OWNER_ID, "SV-2026-000042", null, ItemStatus.home, null, Actor.system(),
                Instant.parse("2026-11-23T19:14:05Z"));
    }

    static ItemMoved pickedUp() {
        return new ItemMoved(ITEM_ID, OWNER_ID, "SV-2026-000042", ItemStatus.scheduled, ItemStatus.in_transit,
                ACTION_ID, new Actor(DRIVER_ID, ActorRole.driver), Instant.parse("2026-11-24T15:02:11.5Z"));
    }

    static BookingConfirmed bookingConfirmed() {
        return new BookingConfirmed(ACTION_ID, OWNER_ID, ServiceType.container_delivery,
                Instant.parse("2026-11-25T14:00:00Z"), Instant.parse("2026-11-25T16:00:00Z"),
                List.of(ITEM_ID), List.of(), List.of(new ContainerOrder(CONTAINER_TYPE_ID, 3)),
                new Address("12 Main St", null, "Austin", "TX", "78701"),
                "https://api.calendly.com/scheduled_events/ABC123", Instant.parse("2026-11-23T19:14:05Z"));
    }

    static BookingCanceled bookingCanceled() {
        return new BookingCanceled(ACTION_ID, OWNER_ID, ServiceType.pickup, List.of(ITEM_ID), List.of(),
                "moving abroad", new Actor(OWNER_ID, ActorRole.customer), Instant.parse("2026-11-24T09:00:00Z"));
    }

    static PaymentReceived paymentReceived() {
        return new PaymentReceived(OWNER_ID, "cus_Q1w2E3r4T5y6", "evt_1QabcDEF", "sub_1QxyzABC",
                SubscriptionStatus.past_due, 4900L, "usd", Instant.parse("2026-11-23T19:14:05Z"));
    }

    static SubscriptionChanged trialStarted() {
        return new SubscriptionChanged(OWNER_ID, "cus_Q1w2E3r4T5y6", "evt_1QtrialGHI", "sub_1QxyzABC",
                SubscriptionStatus.trialing, Instant.parse("2026-12-07T19:14:05Z"), Instant.parse("2026-11-23T19:14:05Z"));
    }

    static <T> CloudEvent<T> envelope(EventType<T> type, String source, String subject, T data) {
        return new CloudEvent<>(CloudEvent.SPEC_VERSION, EVENT_ID, source, type.type(), subject, TIME,
                CloudEvent.DATA_CONTENT_TYPE, type.schemaVersion(), null, data);
    }
}
