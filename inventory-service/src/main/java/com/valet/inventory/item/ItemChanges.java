package com.valet.inventory.item;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;

/** A partial update (PATCH): a field left out, or null, stays as it is. */
public record ItemChanges(
        @Size(max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String label,
        @Size(max = 4000) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String description,
        @Size(max = 100) String category,
        @Size(min = 1, max = 5) List<@Pattern(regexp = ".*\\S.*", message = "must not be blank") @Size(max = 500) String> photoPaths,
        @Size(max = 30) List<@Pattern(regexp = ".*\\S.*", message = "must not be blank") @Size(max = 50) String> tags,
        @Positive @Digits(integer = 6, fraction = 2) BigDecimal weightLbs,
        @Valid NewItem.Dimensions dimensionsIn) {

    /** Weight and size describe the physical object; once the company holds it they are facts, not wishes. */
    boolean touchesPhysicalFields() {
        return weightLbs != null || dimensionsIn != null;
    }
}
