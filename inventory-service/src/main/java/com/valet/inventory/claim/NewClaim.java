package com.valet.inventory.claim;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.util.List;

/** What a customer sends to file a claim; the status and the review are staff's. */
public record NewClaim(
        @NotNull ClaimKind kind,
        @NotBlank @Size(max = 4000) String description,
        @NotNull @Positive @Max(NewClaim.MAX_AMOUNT_CENTS) Long amountCents,
        @Size(max = 5) List<@NotBlank @Size(max = 500) String> photoPaths) {

    /** $10,000: above that a claim goes to the insurer by hand, not through the app. */
    public static final long MAX_AMOUNT_CENTS = 1_000_000;
}
