package com.valet.events;

/**
 * Physical state of an item. Constants are lowercase on purpose: {@code name()} is then the wire value
 * in JSON and the seed's PostgreSQL enum label, with no mapping to keep in sync.
 */
public enum ItemStatus {
    home,
    scheduled,
    in_transit,
    stored
}
