package com.valet.outbox;

/**
 * Thrown by a consumer's handler for a well-formed event that it can never apply (for example one that
 * names an aggregate this service will never know). Not retried: the event goes to the dead-letter topic.
 */
public class RejectedEventException extends RuntimeException {
    public RejectedEventException(String reason) {
        super(reason);
    }
}
