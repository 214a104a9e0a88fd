package com.valet.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.UUID;

/** Empty containers ordered with a booking; {@code container_type_id} refers to inventory's container catalogue. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerOrder(UUID containerTypeId, int quantity) {

    public ContainerOrder {
        Require.notNull(containerTypeId, "container_type_id");
        // Also catches an absent quantity, which binds as 0.
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1 but was " + quantity);
        }
    }
}
