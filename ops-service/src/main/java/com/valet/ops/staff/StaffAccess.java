package com.valet.ops.staff;

import com.valet.web.Caller;
import com.valet.web.ProblemException;
import com.valet.web.StaffRoles;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Who may use ops: the token must carry a staff role ({@code app_metadata.roles}) <b>and</b> the caller must
 * have an active row in the staff directory whose role the token carries. The directory decides, on every
 * request, so a deactivated member is refused at once even with a token that is still valid. The member's
 * role is their directory role.
 * <p>
 * The users listed in {@code valet.ops.bootstrap-admins} act as admins while they have no directory row (and
 * their token carries {@code admin}): that is how the first admin fills an empty directory (architecture.md,
 * decision 13). Once they have a row, the row decides, as for anyone.
 * <p>
 * Must run inside a Hibernate Reactive session (the resource method's {@code @WithSession}/{@code
 * @WithTransaction}).
 */
@ApplicationScoped
public class StaffAccess {
    private final Caller caller;
    private final Set<UUID> bootstrapAdmins;

    StaffAccess(Caller caller,
                @ConfigProperty(name = "valet.ops.bootstrap-admins") Optional<List<String>> bootstrapAdmins) {
        this.caller = caller;
        this.bootstrapAdmins = bootstrapAdmins.orElse(List.of()).stream().map(String::strip)
                .filter(id -> !id.isEmpty()).map(UUID::fromString).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @return the caller as a staff member with one of the {@code allowed} roles
     * @throws ProblemException 401 without a token, 403 for a customer, someone not (or no longer) in the
     *                          directory, a token without the directory role, or a role not allowed here
     */
    public Uni<StaffMember> require(StaffRole... allowed) {
        Set<String> tokenRoles = caller.roles();
        if (tokenRoles.stream().noneMatch(StaffRoles.ALL::contains)) {
            return Uni.createFrom().failure(ProblemException.forbidden("This is for staff only."));
        }
        UUID userId = caller.userId();
        Set<StaffRole> roles = allowed.length == 0 ? EnumSet.allOf(StaffRole.class)
                : EnumSet.copyOf(Arrays.asList(allowed));
        return Staff.<Staff>findById(userId).map(staff -> {
            StaffRole role = directoryRole(userId, staff, tokenRoles);
            if (!roles.contains(role)) {
                throw ProblemException.forbidden("This is for " + roles.stream().map(Enum::name)
                        .collect(Collectors.joining(", ")) + " only; you are " + role + ".");
            }
            return new StaffMember(userId, role);
        });
    }

    private StaffRole directoryRole(UUID userId, Staff staff, Set<String> tokenRoles) {
        if (staff == null) {
            if (bootstrapAdmins.contains(userId) && tokenRoles.contains(StaffRoles.ADMIN)) {
                return StaffRole.admin;
            }
            throw ProblemException.forbidden("You are not in the staff directory: ask an admin to add you.");
        }
        if (!staff.active) {
            throw ProblemException.forbidden("Your staff access was deactivated.");
        }
        if (!tokenRoles.contains(staff.role.name())) {
            throw ProblemException.forbidden("Your token does not carry your staff role (" + staff.role + ").");
        }
        return staff.role;
    }
}
