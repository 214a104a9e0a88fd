package com.valet.inventory.item;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;

/** What a customer sends to catalogue an item. The QR code, status and cubic feet are not theirs to set. */
public record NewItem(
        @NotBlank @Size(max = 200) String label,
        @NotBlank @Size(max = 4000) String description,
        @Size(max = 100) String category,
        @NotNull @Size(min = 1, max = 5) List<@NotBlank @Size(max = 500) String> photoPaths,
        @Size(max = 30) List<@NotBlank @Size(max = 50) String> tags,
        @Positive @Digits(integer = 6, fraction = 2) BigDecimal weightLbs,
        @Valid Dimensions dimensionsIn) {

    /** Inches; all three or none. */
    public record Dimensions(
            @NotNull @Positive @Digits(integer = 6, fraction = 2) BigDecimal length,
            @NotNull @Positive @Digits(integer = 6, fraction = 2) BigDecimal width,
            @NotNull @Positive @Digits(integer = 6, fraction = 2) BigDecimal height) {
    }
}
