package com.valet.events;

/**
 * A poison message: the record can never be applied, however often it is retried. Consumers send it
 * to {@link Topics#deadLetter(String)} with {@link #getMessage()} as the reason and move on.
 */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String reason) {
        super(reason);
    }

    public InvalidEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
