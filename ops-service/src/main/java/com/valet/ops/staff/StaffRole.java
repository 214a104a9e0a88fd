package com.valet.ops.staff;

import com.valet.events.ActorRole;

/** A staff member's one role in the directory; the names are those of {@code app_metadata.roles}. */
public enum StaffRole {
    driver,
    warehouse,
    admin;

    public ActorRole actorRole() {
        return ActorRole.valueOf(name());
    }
}
