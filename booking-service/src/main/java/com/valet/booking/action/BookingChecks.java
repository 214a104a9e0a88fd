package com.valet.booking.action;

import com.valet.booking.area.ServiceArea;
import com.valet.booking.item.CustomerItem;
import com.valet.booking.profile.CustomerProfile;
import com.valet.booking.subscription.CustomerSubscription;
import com.valet.events.ItemStatus;
import com.valet.web.FieldError;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What must hold before a visit is booked, checked against booking's own read models (decision 4): the
 * subscription allows booking, the address is served, each item is the customer's, in the state the visit
 * needs, and not already on another open visit.
 */
@ApplicationScoped
public class BookingChecks {
    /** Actions whose items are spoken for. */
    static final Set<ActionStatus> OPEN = EnumSet.of(ActionStatus.pending_items, ActionStatus.pending_confirmation,
            ActionStatus.confirmed, ActionStatus.in_progress);

    Uni<List<FieldError>> customer(UUID customerId, CustomerProfile profile) {
        List<FieldError> errors = new ArrayList<>();
        if (profile == null || profile.deliveryAddress == null) {
            errors.add(new FieldError("delivery_address", "add a delivery address to your profile first"));
        }
        Uni<Boolean> served = profile == null ? Uni.createFrom().item(true) : ServiceArea.serves(profile.zip());
        return served.chain(inArea -> {
            if (!inArea) {
                errors.add(new FieldError("delivery_address.zip", "ZIP " + profile.zip() + " is not served yet"));
            }
            return CustomerSubscription.<CustomerSubscription>findById(customerId);
        }).map(subscription -> {
            if (subscription == null) {
                errors.add(new FieldError("subscription", "no subscription yet: subscribe before booking"));
            } else if (!subscription.status.allowsBooking()) {
                errors.add(new FieldError("subscription", "is " + subscription.status
                        + "; booking needs an active or trialing subscription"));
            }
            return errors;
        });
    }

    /**
     * @param exceptAction the action being edited, whose own items do not count as "on another visit"
     */
    Uni<List<FieldError>> items(UUID customerId, String field, List<UUID> itemIds, ItemStatus required,
                                UUID exceptAction) {
        if (itemIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return CustomerItem.<CustomerItem>list("itemId in ?1", itemIds)
                .map(found -> found.stream().collect(Collectors.toMap(i -> i.itemId, Function.identity())))
                .chain(known -> Action.<Action>list("userId = ?1 and status in ?2", customerId, OPEN)
                        .map(open -> itemErrors(customerId, field, itemIds, required, exceptAction, known, open)));
    }

    private static List<FieldError> itemErrors(UUID customerId, String field, List<UUID> itemIds, ItemStatus required,
                                               UUID exceptAction, Map<UUID, CustomerItem> known, List<Action> open) {
        Map<UUID, UUID> onVisit = new HashMap<>();
        for (Action action : open) {
            if (!action.id.equals(exceptAction)) {
                for (UUID id : action.pickupItemIds) {
                    onVisit.put(id, action.id);
                }
                for (UUID id : action.deliveryItemIds) {
                    onVisit.put(id, action.id);
                }
            }
        }
        List<FieldError> errors = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < itemIds.size(); i++) {
            UUID id = itemIds.get(i);
            String at = field + "[" + i + "]";
            CustomerItem item = known.get(id);
            if (!seen.add(id)) {
                errors.add(new FieldError(at, "is listed twice"));
            } else if (item == null || !item.ownerId.equals(customerId)) {
                errors.add(new FieldError(at, "is not one of your items"));
            } else if (item.status != required) {
                errors.add(new FieldError(at, "is " + item.status + "; this visit needs it " + required));
            } else if (onVisit.containsKey(id)) {
                errors.add(new FieldError(at, "is already on visit " + onVisit.get(id)));
            }
        }
        return errors;
    }
}
