package com.valet.events;

import java.util.Objects;

/**
 * Binds a CloudEvents type to its topic, payload class and the payload schema version this build
 * understands. Producers stamp {@code schemaVersion}; consumers refuse anything newer.
 */
public record EventType<T>(String topic, String type, Class<T> dataClass, int schemaVersion) {

    public EventType {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dataClass, "dataClass");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be at least 1 but was " + schemaVersion);
        }
    }
}
