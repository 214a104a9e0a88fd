package com.valet.booking.action;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.valet.booking.profile.DeliveryAddress;
import com.valet.events.ContainerOrder;
import com.valet.events.ServiceType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An action as its customer sees it. {@code scheduling_url} is where they pick a slot while the action
 * waits for confirmation; {@code history} is only filled when one action is read.
 */
public record ActionView(
        UUID id,
        ServiceType serviceType,
        ActionStatus status,
        List<UUID> pickupItemIds,
        List<UUID> deliveryItemIds,
        List<ContainerOrder> containers,
        DeliveryAddress address,
        String notes,
        String schedulingUrl,
        String calendlyEventUri,
        Instant scheduledStart,
        Instant scheduledEnd,
        Instant canceledAt,
        String cancelReason,
        Instant completedAt,
        Instant createdAt,
        Instant updatedAt,
        long version,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<HistoryEntry> history) {

    public record HistoryEntry(String eventType, Map<String, Object> metadata, String actorRole, Instant createdAt) {
        static HistoryEntry of(BookingEvent event) {
            return new HistoryEntry(event.eventType, event.metadata, event.actorRole, event.createdAt);
        }
    }

    static ActionView of(Action action, String schedulingUrl, List<BookingEvent> history) {
        return new ActionView(action.id, action.serviceType, action.status, List.of(action.pickupItemIds),
                List.of(action.deliveryItemIds), action.containers.orders(), action.address, action.notes,
                action.status == ActionStatus.pending_confirmation ? schedulingUrl : null, action.calendlyEventUri,
                action.scheduledStart, action.scheduledEnd, action.canceledAt, action.cancelReason,
                action.completedAt, action.createdAt, action.updatedAt, action.version,
                history == null ? null : history.stream().map(HistoryEntry::of).toList());
    }
}
