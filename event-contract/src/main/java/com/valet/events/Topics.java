package com.valet.events;

/** Kafka topic names. One topic per event type, so a consumer subscribes only to what it handles. */
public final class Topics {

    public static final String ITEM_MOVED = "item-moved";
    public static final String BOOKING_CONFIRMED = "booking-confirmed";
    public static final String BOOKING_CANCELED = "booking-canceled";
    public static final String PAYMENT_RECEIVED = "payment-received";
    public static final String SUBSCRIPTION_CHANGED = "subscription-changed";
    public static final String CUSTOMER_AREA_CHANGED = "customer-area-changed";

    private static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {
    }

    /** Where a consumer parks poison messages of {@code topic}; they are never retried. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
