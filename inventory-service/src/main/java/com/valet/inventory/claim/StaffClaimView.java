package com.valet.inventory.claim;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.util.List;
import java.util.UUID;

/** A claim as staff see it: whose it is and who reviewed it, besides what the customer sees. */
public record StaffClaimView(UUID userId, UUID reviewedBy, @JsonUnwrapped ClaimView claim) {
    static StaffClaimView of(Claim claim) {
        return new StaffClaimView(claim.userId, claim.reviewedBy, ClaimView.of(claim));
    }

    /** A keyset page of the queue, oldest first; {@code nextCursor} is null on the last page. */
    public record Page(List<StaffClaimView> claims, String nextCursor) {
    }
}
