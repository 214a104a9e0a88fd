package com.valet.events;

/** Who caused a change. Lowercase constants: {@code name()} is the wire value. */
public enum ActorRole {
    customer,
    driver,
    warehouse,
    admin,
    system
}
