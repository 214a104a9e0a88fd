package com.valet.ops.staff;

import com.valet.events.Actor;

import java.util.UUID;

/** The caller once ops checked them against its directory: their user id and their directory role. */
public record StaffMember(UUID userId, StaffRole role) {

    public boolean is(StaffRole other) {
        return role == other;
    }

    public Actor actor() {
        return new Actor(userId, role.actorRole());
    }
}
