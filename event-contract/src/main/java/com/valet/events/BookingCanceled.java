package com.valet.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A confirmed pickup, redelivery or container delivery was canceled before a driver started it (an action
 * canceled before its confirmation was never announced, so nothing is sent). Key: {@code action_id}.
 * Carries the item lists so consumers can release what the confirmation scheduled without having kept it.
 *
 * @param reason free text from the customer, staff or Calendly, may be null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BookingCanceled(
        UUID actionId,
        UUID customerId,
        ServiceType serviceType,
        List<UUID> pickupItemIds,
        List<UUID> deliveryItemIds,
        String reason,
        Actor canceledBy,
        Instant canceledAt) {

    public BookingCanceled {
        Require.notNull(actionId, "action_id");
        Require.notNull(customerId, "customer_id");
        Require.notNull(serviceType, "service_type");
        pickupItemIds = Require.list(pickupItemIds, "pickup_item_ids");
        deliveryItemIds = Require.list(deliveryItemIds, "delivery_item_ids");
        Require.notNull(canceledBy, "canceled_by");
        Require.notNull(canceledAt, "canceled_at");
    }
}
