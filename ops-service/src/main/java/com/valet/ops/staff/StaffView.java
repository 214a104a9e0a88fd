package com.valet.ops.staff;

import java.time.Instant;
import java.util.UUID;

/** A directory entry as admins see it. */
public record StaffView(UUID userId, StaffRole role, String fullName, boolean active, UUID createdBy,
                        Instant createdAt, UUID deactivatedBy, Instant deactivatedAt) {
    static StaffView of(Staff staff) {
        return new StaffView(staff.userId, staff.role, staff.fullName, staff.active, staff.createdBy,
                staff.createdAt, staff.deactivatedBy, staff.deactivatedAt);
    }
}
