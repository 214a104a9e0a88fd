package com.valet.inventory.claim;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** The bodies of the staff's decisions on a claim. */
public final class ClaimReview {
    private ClaimReview() {
    }

    /** Grant up to the claimed amount; the note is optional. */
    public record Approval(
            @NotNull @Positive @Max(NewClaim.MAX_AMOUNT_CENTS) Long approvedAmountCents,
            @Size(max = 4000) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String reviewNote) {
    }

    /** A denial says why: the customer reads the note. */
    public record Denial(@NotBlank @Size(max = 4000) String reviewNote) {
    }

    /** The money went out: the transfer's id in the bank or Stripe, to trace it. */
    public record Payout(@NotBlank @Size(max = 200) String payoutReference) {
    }
}
