package com.valet.inventory.container;

import com.valet.inventory.item.NewItem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** What staff define for a container type; the full definition, also when they change one. */
public record ContainerTypeSpec(
        @NotBlank @Size(max = 100) String name,
        @Size(max = 1000) String description,
        @NotNull @Valid NewItem.Dimensions dimensionsIn,
        @NotNull @PositiveOrZero @Max(10_000_000) Integer priceCents,
        @Pattern(regexp = "[a-z]{3}", message = "must be a lowercase ISO 4217 code such as usd") String currency,
        Boolean active) {
}
