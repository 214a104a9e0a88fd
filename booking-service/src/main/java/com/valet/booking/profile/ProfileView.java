package com.valet.booking.profile;

import java.time.Instant;
import java.util.UUID;

/** The profile as its owner sees it. */
public record ProfileView(UUID userId, String email, String fullName, String phone, DeliveryAddress deliveryAddress,
                          boolean outOfServiceArea, Instant createdAt, Instant updatedAt, long version) {

    static ProfileView of(CustomerProfile profile) {
        return new ProfileView(profile.userId, profile.email, profile.fullName, profile.phone,
                profile.deliveryAddress, profile.outOfServiceArea, profile.createdAt, profile.updatedAt,
                profile.version);
    }
}
