package com.valet.events;

/** Kafka record header names and values, shared so every producer and dead-letter handler spells them alike. */
public final class EventHeaders {

    /** Marks the record value as a CloudEvents structured-mode document. */
    public static final String CONTENT_TYPE = "content-type";
    public static final String CLOUDEVENTS_JSON = CloudEvent.MEDIA_TYPE;

    /** Copied from the envelope so broker-side tooling can follow the trace without parsing the value. */
    public static final String TRACEPARENT = "traceparent";

    /** Set on records in a {@code <topic>.dlq}: why the consumer gave up (InvalidEventException message). */
    public static final String DEAD_LETTER_REASON = "dead-letter-reason";
    /** Set on records in a {@code <topic>.dlq}: the underlying exception class and message, if any. */
    public static final String DEAD_LETTER_CAUSE = "dead-letter-cause";

    private EventHeaders() {
    }
}
