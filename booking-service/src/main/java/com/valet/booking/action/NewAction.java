package com.valet.booking.action;

import com.valet.events.ContainerOrder;
import com.valet.events.ServiceType;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.UUID;

/**
 * What a customer asks for. A pickup lists the items to collect (it may start empty and get its items
 * later), a redelivery the stored items to bring back, a container delivery the container types and counts.
 */
public record NewAction(
        @NotNull ServiceType serviceType,
        @Size(max = 100) List<@NotNull UUID> pickupItemIds,
        @Size(max = 100) List<@NotNull UUID> deliveryItemIds,
        @Size(max = 10) List<@NotNull ContainerOrder> containers,
        @Size(max = 2000) String notes) {

    public NewAction {
        pickupItemIds = pickupItemIds == null ? List.of() : pickupItemIds;
        deliveryItemIds = deliveryItemIds == null ? List.of() : deliveryItemIds;
        containers = containers == null ? List.of() : containers;
    }
}
