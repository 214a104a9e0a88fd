package com.valet.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.UUID;

/**
 * A customer's subscription state changed without a payment (a trial started, the subscription went
 * past_due, unpaid or was canceled), as billing applied it from a verified Stripe event. Key:
 * {@code customer_id}. Together with {@link PaymentReceived} it is the subscription read model of other
 * services: the state with the newest {@code changed_at} / {@code paid_at} wins.
 *
 * @param stripeEventId  Stripe's {@code event.id} the change came from
 * @param subscriptionId Stripe subscription id, may be null
 * @param trialEnd       end of the trial, null when not trialing
 * @param changedAt      Stripe's {@code created} of that event: the order of subscription states
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionChanged(
        UUID customerId,
        String stripeCustomerId,
        String stripeEventId,
        String subscriptionId,
        SubscriptionStatus subscriptionStatus,
        Instant trialEnd,
        Instant changedAt) {

    public SubscriptionChanged {
        Require.notNull(customerId, "customer_id");
        Require.notBlank(stripeCustomerId, "stripe_customer_id");
        Require.notBlank(stripeEventId, "stripe_event_id");
        Require.notNull(subscriptionStatus, "subscription_status");
        Require.notNull(changedAt, "changed_at");
    }
}
