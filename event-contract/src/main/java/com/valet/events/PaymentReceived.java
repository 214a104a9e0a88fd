package com.valet.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Stripe confirmed a payment. Key: {@code customer_id}. Carries the subscription status so booking can
 * gate on it without calling billing.
 *
 * @param stripeEventId  Stripe's {@code event.id}, the idempotency key billing already deduplicates on
 * @param subscriptionId null for a one-off payment
 * @param amountCents    smallest currency unit, as Stripe reports it
 * @param currency       ISO 4217, lowercase as Stripe sends it (e.g. {@code usd})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentReceived(
        UUID customerId,
        String stripeCustomerId,
        String stripeEventId,
        String subscriptionId,
        SubscriptionStatus subscriptionStatus,
        // required: a primitive would otherwise read an absent amount as 0 and pass validation
        @JsonProperty(required = true) long amountCents,
        String currency,
        Instant paidAt) {

    private static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");

    public PaymentReceived {
        Require.notNull(customerId, "customer_id");
        Require.notBlank(stripeCustomerId, "stripe_customer_id");
        Require.notBlank(stripeEventId, "stripe_event_id");
        Require.notNull(subscriptionStatus, "subscription_status");
        if (amountCents < 0) {
            throw new IllegalArgumentException("amount_cents must not be negative but was " + amountCents);
        }
        Require.notNull(currency, "currency");
        if (!CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency must be a 3-letter lowercase ISO code but was '" + currency + "'");
        }
        Require.notNull(paidAt, "paid_at");
    }
}
