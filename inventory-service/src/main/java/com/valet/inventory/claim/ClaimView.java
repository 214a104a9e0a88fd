package com.valet.inventory.claim;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A claim as the customer who filed it sees it (who reviewed it is staff's business). */
public record ClaimView(
        UUID id,
        UUID itemId,
        ClaimKind kind,
        String description,
        long amountCents,
        List<String> photoPaths,
        ClaimStatus status,
        Long approvedAmountCents,
        String reviewNote,
        Instant reviewedAt,
        Instant paidAt,
        String payoutReference,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    static ClaimView of(Claim claim) {
        return new ClaimView(claim.id, claim.itemId, claim.kind, claim.description, claim.amountCents,
                List.of(claim.photoPaths), claim.status, claim.approvedAmountCents, claim.reviewNote,
                claim.reviewedAt, claim.paidAt, claim.payoutReference, claim.createdAt, claim.updatedAt,
                claim.version);
    }

    /** A keyset page; {@code nextCursor} is null on the last page. */
    public record Page(List<ClaimView> claims, String nextCursor) {
    }
}
