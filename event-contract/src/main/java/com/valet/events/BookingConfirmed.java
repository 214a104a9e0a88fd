package com.valet.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A pickup, redelivery or container delivery has a confirmed time slot. Key: {@code action_id}.
 * Absent lists read as empty.
 *
 * @param calendlyEventUri null when the slot was not booked through Calendly (e.g. by staff)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BookingConfirmed(
        UUID actionId,
        UUID customerId,
        ServiceType serviceType,
        Instant scheduledStart,
        Instant scheduledEnd,
        List<UUID> pickupItemIds,
        List<UUID> deliveryItemIds,
        List<ContainerOrder> containers,
        Address address,
        String calendlyEventUri,
        Instant confirmedAt) {

    public BookingConfirmed {
        Require.notNull(actionId, "action_id");
        Require.notNull(customerId, "customer_id");
        Require.notNull(serviceType, "service_type");
        Require.notNull(scheduledStart, "scheduled_start");
        Require.notNull(scheduledEnd, "scheduled_end");
        if (!scheduledEnd.isAfter(scheduledStart)) {
            throw new IllegalArgumentException("scheduled_end must be after scheduled_start");
        }
        pickupItemIds = Require.list(pickupItemIds, "pickup_item_ids");
        deliveryItemIds = Require.list(deliveryItemIds, "delivery_item_ids");
        containers = Require.list(containers, "containers");
        Require.notNull(address, "address");
        Require.notNull(confirmedAt, "confirmed_at");
    }
}
