package com.valet.inventory.item;

import com.valet.events.ActorRole;
import com.valet.web.StaffRoles;

import java.util.List;
import java.util.Set;

/** The role a staff member's change is recorded under in the trail (and in events). */
public final class StaffActors {
    private StaffActors() {
    }

    /** The most specific staff role the caller has: warehouse, then driver, then admin. */
    public static ActorRole roleOf(Set<String> roles) {
        for (String role : List.of(StaffRoles.WAREHOUSE, StaffRoles.DRIVER, StaffRoles.ADMIN)) {
            if (roles.contains(role)) {
                return ActorRole.valueOf(role);
            }
        }
        return ActorRole.admin;
    }
}
