package com.valet.ops.staff;

import com.valet.ops.task.TaskWork;
import com.valet.ops.task.Tasks;
import com.valet.web.ProblemException;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Adding, reactivating, deactivating and listing staff. Runs in the resource's session or transaction. */
@ApplicationScoped
public class StaffDirectory {
    private final TaskWork work;

    StaffDirectory(TaskWork work) {
        this.work = work;
    }

    /** What {@link #add} did: a new entry, or a deactivated one brought back (with the role and name given). */
    public record Added(Staff staff, boolean created) {
    }

    public Uni<List<Staff>> list(StaffRole role, Boolean active) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (role != null) {
            query.append(" and role = :role");
            parameters.and("role", role);
        }
        if (active != null) {
            query.append(" and active = :active");
            parameters.and("active", active);
        }
        return Staff.list(query + " order by fullName, userId", parameters);
    }

    /** 409 if the user is already active staff; a deactivated entry is reactivated with the new role and name. */
    public Uni<Added> add(UUID userId, StaffRole role, String fullName, StaffMember by) {
        return Staff.<Staff>find("userId", userId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .chain(existing -> {
                    Instant now = Tasks.now();
                    if (existing != null && existing.active) {
                        throw ProblemException.conflict("This user is already active staff, as " + existing.role
                                + ".", Map.of("current_status", "active", "role", existing.role.name()));
                    }
                    Staff staff = existing != null ? existing : new Staff();
                    staff.role = role;
                    staff.fullName = fullName.strip();
                    staff.active = true;
                    staff.deactivatedAt = null;
                    staff.deactivatedBy = null;
                    staff.updatedAt = now;
                    if (existing != null) {
                        return Uni.createFrom().item(new Added(staff, false));
                    }
                    staff.userId = userId;
                    staff.createdBy = by.userId();
                    staff.createdAt = now;
                    return staff.persist().replaceWith(new Added(staff, true));
                });
    }

    /**
     * Active -> inactive: the member's next request is refused (403), and their assigned tasks that are not
     * started go back to open. An admin cannot deactivate themself (409), so the directory keeps an admin.
     */
    public Uni<Staff> deactivate(UUID userId, StaffMember by) {
        if (userId.equals(by.userId())) {
            return Uni.createFrom().failure(ProblemException.conflict("You cannot deactivate yourself; ask another"
                    + " admin.", Map.of("current_status", "active")));
        }
        return Staff.<Staff>find("userId", userId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .chain(staff -> {
                    if (staff == null) {
                        throw ProblemException.notFound("staff member " + userId);
                    }
                    if (!staff.active) {
                        throw ProblemException.conflict("This staff member is already deactivated.",
                                Map.of("current_status", "inactive"));
                    }
                    Instant now = Tasks.now();
                    staff.active = false;
                    staff.deactivatedAt = now;
                    staff.deactivatedBy = by.userId();
                    staff.updatedAt = now;
                    return work.releaseAssignedTo(userId, by).replaceWith(staff);
                });
    }
}
