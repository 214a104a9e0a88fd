package com.valet.billing.subscription;

import com.valet.events.SubscriptionStatus;

import java.time.Instant;

/**
 * What a verified Stripe event says about a customer's billing state; null means "says nothing".
 *
 * @param eventCreated   Stripe's {@code created} of the event: the order of subscription states
 * @param status         the subscription's status
 * @param subscriptionId the subscription it is about
 * @param trialKnown     whether trialStart/trialEnd are given (a subscription object always gives both)
 * @param paidAt         a successful payment at this time
 * @param refunded       a payment was refunded in full
 */
public record StateChange(Instant eventCreated, SubscriptionStatus status, String subscriptionId, boolean trialKnown,
                          Instant trialStart, Instant trialEnd, Instant paidAt, boolean refunded) {

    public static StateChange subscription(Instant created, SubscriptionStatus status, String subscriptionId,
                                           Instant trialStart, Instant trialEnd) {
        return new StateChange(created, status, subscriptionId, true, trialStart, trialEnd, null, false);
    }

    public static StateChange checkoutCompleted(Instant created, String subscriptionId) {
        return new StateChange(created, null, subscriptionId, false, null, null, null, false);
    }

    public static StateChange payment(Instant created, SubscriptionStatus status, String subscriptionId, Instant paidAt) {
        return new StateChange(created, status, subscriptionId, false, null, null, paidAt, false);
    }

    public static StateChange paymentFailed(Instant created, String subscriptionId) {
        return new StateChange(created, SubscriptionStatus.past_due, subscriptionId, false, null, null, null, false);
    }

    public static StateChange refund(Instant created) {
        return new StateChange(created, null, null, false, null, null, null, true);
    }
}
