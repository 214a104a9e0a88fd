package com.valet.events;

import java.util.List;
import java.util.Optional;

/** The event catalogue (docs/events.md describes each entry). */
public final class EventTypes {

    public static final EventType<ItemMoved> ITEM_MOVED =
            new EventType<>(Topics.ITEM_MOVED, "com.valet.inventory.item-moved", ItemMoved.class, 1);

    public static final EventType<BookingConfirmed> BOOKING_CONFIRMED =
            new EventType<>(Topics.BOOKING_CONFIRMED, "com.valet.booking.booking-confirmed", BookingConfirmed.class, 1);

    public static final EventType<BookingCanceled> BOOKING_CANCELED =
            new EventType<>(Topics.BOOKING_CANCELED, "com.valet.booking.booking-canceled", BookingCanceled.class, 1);

    public static final EventType<PaymentReceived> PAYMENT_RECEIVED =
            new EventType<>(Topics.PAYMENT_RECEIVED, "com.valet.billing.payment-received", PaymentReceived.class, 1);

    public static final EventType<SubscriptionChanged> SUBSCRIPTION_CHANGED =
            new EventType<>(Topics.SUBSCRIPTION_CHANGED, "com.valet.billing.subscription-changed",
                    SubscriptionChanged.class, 1);

    public static final EventType<CustomerAreaChanged> CUSTOMER_AREA_CHANGED =
            new EventType<>(Topics.CUSTOMER_AREA_CHANGED, "com.valet.booking.customer-area-changed",
                    CustomerAreaChanged.class, 1);

    public static final List<EventType<?>> ALL = List.of(ITEM_MOVED, BOOKING_CONFIRMED, BOOKING_CANCELED,
            PAYMENT_RECEIVED, SUBSCRIPTION_CHANGED, CUSTOMER_AREA_CHANGED);

    private EventTypes() {
    }

    /** Looks up a type by its CloudEvents {@code type} attribute, e.g. to route a decoded envelope. */
    public static Optional<EventType<?>> byType(String type) {
        return ALL.stream().filter(t -> t.type().equals(type)).findFirst();
    }
}
