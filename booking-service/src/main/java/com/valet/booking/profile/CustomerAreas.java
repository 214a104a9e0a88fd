package com.valet.booking.profile;

import com.valet.events.CustomerAreaChanged;
import com.valet.events.EventTypes;
import com.valet.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/**
 * Announces a change of a customer's out_of_service_area (customer-area-changed), in the transaction that
 * changed it: billing keeps a copy to flag payments made while out of the area for a manual refund.
 */
@ApplicationScoped
public class CustomerAreas {
    private final Outbox outbox;

    CustomerAreas(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> announce(UUID customerId, String zip, boolean outOfServiceArea, Instant changedAt) {
        return outbox.append(EventTypes.CUSTOMER_AREA_CHANGED, customerId.toString(),
                new CustomerAreaChanged(customerId, zip, outOfServiceArea, changedAt)).replaceWithVoid();
    }
}
