package com.valet.booking.profile;

import com.valet.booking.area.ServiceArea;
import com.valet.web.IfMatch;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/** Profiles: made from the sign-in token the first time they are needed, then changed by their owner. */
@ApplicationScoped
public class CustomerProfiles {
    private final CustomerAreas areas;

    CustomerProfiles(CustomerAreas areas) {
        this.areas = areas;
    }

    private static final String CREATE = "INSERT INTO customer_profile (user_id, email) VALUES (:id, :email)"
            + " ON CONFLICT (user_id) DO NOTHING";

    /** The caller's profile, created on first sign-in; concurrent first calls create it once. */
    @WithTransaction
    public Uni<CustomerProfile> forSignedIn(UUID userId, String email) {
        return CustomerProfile.<CustomerProfile>findById(userId).chain(found -> found != null
                ? Uni.createFrom().item(found)
                : Panache.getSession().chain(session -> session.createNativeQuery(CREATE)
                                .setParameter("id", userId)
                                .setParameter("email", email)
                                .executeUpdate())
                        .chain(() -> CustomerProfile.<CustomerProfile>findById(userId)));
    }

    /** A profile that may not exist yet (e.g. for a booking check), without creating it. */
    public Uni<CustomerProfile> find(UUID userId) {
        return CustomerProfile.findById(userId);
    }

    @WithTransaction
    public Uni<CustomerProfile> update(UUID userId, String email, long expectedVersion, ProfileChanges changes) {
        return forSignedIn(userId, email).chain(profile -> {
            IfMatch.requireCurrent("profile", profile.version, expectedVersion);
            boolean zipChanged = false;
            if (changes.fullName != null) {
                profile.fullName = changes.fullName.strip();
            }
            if (changes.phone != null) {
                profile.phone = changes.normalizedPhone();
            }
            if (changes.deliveryAddress != null) {
                zipChanged = !Objects.equals(profile.zip(), changes.deliveryAddress.zip());
                profile.deliveryAddress = changes.deliveryAddress;
            }
            profile.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            if (!zipChanged) {
                return Uni.createFrom().item(profile);
            }
            return ServiceArea.serves(profile.zip()).chain(served -> {
                if (profile.outOfServiceArea == !served) {
                    return Uni.createFrom().item(profile);
                }
                profile.outOfServiceArea = !served;
                return areas.announce(userId, profile.zip(), profile.outOfServiceArea, profile.updatedAt)
                        .replaceWith(profile);
            });
        }).call(() -> Panache.flush());
    }
}
