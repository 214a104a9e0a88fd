package com.valet.billing.webhook;

/** Processing a stored Stripe event failed; it stays unprocessed (processed_at null) for a retry or replay. */
public class ProcessingFailed extends RuntimeException {
    private final String eventId;

    ProcessingFailed(String eventId, Throwable cause) {
        super("Stripe event " + eventId + " failed: " + describe(cause), cause);
        this.eventId = eventId;
    }

    public String eventId() {
        return eventId;
    }

    static String describe(Throwable cause) {
        String text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return text.length() <= 500 ? text : text.substring(0, 500);
    }
}
