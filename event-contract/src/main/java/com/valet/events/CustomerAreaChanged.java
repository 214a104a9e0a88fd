package com.valet.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.UUID;

/**
 * Whether booking serves a customer's delivery address changed: the customer moved to another ZIP, or admins
 * started or stopped serving their ZIP. Key: {@code customer_id}. Billing keeps a copy so that a payment by a
 * customer out of the service area is flagged for a manual refund; the newest {@code changed_at} wins.
 *
 * @param zip             the delivery address's ZIP code, null when the profile has no address any more
 * @param changedAt       when booking changed the flag: the order of a customer's area states
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomerAreaChanged(
        UUID customerId,
        String zip,
        boolean outOfServiceArea,
        Instant changedAt) {

    public CustomerAreaChanged {
        Require.notNull(customerId, "customer_id");
        Require.notNull(changedAt, "changed_at");
    }
}
