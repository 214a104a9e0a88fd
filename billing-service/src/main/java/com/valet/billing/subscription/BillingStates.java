package com.valet.billing.subscription;

import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * The one place where a customer's billing state changes (the seed's {@code update_subscription_status}).
 * Called with the customer row locked, inside the transaction that marks the Stripe event processed.
 * <ul>
 *   <li>Subscription state (status, subscription id, trial) follows the event with the newest Stripe
 *   {@code created}: an event older than the one that set the current state changes none of it (Stripe
 *   does not deliver in order). Same-second events apply in arrival order.</li>
 *   <li>A checkout completion only links the subscription id when none is known yet.</li>
 *   <li>{@code last_payment_at} only moves forward.</li>
 *   <li>A payment while out of the service area sets {@code needs_manual_refund}; a full refund clears it.
 *   "While" is by time: an area change that arrives after a payment made since it flags that payment too.</li>
 *   <li>The service-area flag follows booking's newest change (customer-area-changed).</li>
 * </ul>
 */
public final class BillingStates {
    private static final Logger LOG = Logger.getLogger(BillingStates.class);

    private BillingStates() {
    }

    /**
     * Links the Stripe customer of a user who has none yet (the customer API after creating it, or a
     * checkout completion); never replaces a known one.
     */
    public static void linkStripeCustomer(BillingCustomer customer, String stripeCustomerId) {
        if (customer.stripeCustomerId == null && stripeCustomerId != null) {
            customer.stripeCustomerId = stripeCustomerId;
            customer.updatedAt = Instant.now();
        }
    }

    /**
     * Booking's out_of_service_area as of {@code changedAt}; an older change than the one held changes nothing.
     * Answers whether it was taken.
     */
    public static boolean applyArea(BillingCustomer customer, boolean outOfServiceArea, Instant changedAt) {
        if (customer.areaChangedAt != null && changedAt.isBefore(customer.areaChangedAt)) {
            LOG.infof("Customer %s: kept the service area state of %s over the older one of %s", customer.userId,
                    customer.areaChangedAt, changedAt);
            return false;
        }
        customer.outOfServiceArea = outOfServiceArea;
        customer.areaChangedAt = changedAt;
        // the payment may have been applied before this event arrived: it was still made out of the area
        if (outOfServiceArea && customer.lastPaymentAt != null && !customer.lastPaymentAt.isBefore(changedAt)
                && !customer.needsManualRefund) {
            flagForManualRefund(customer);
        }
        customer.updatedAt = Instant.now();
        return true;
    }

    /** Applies the change; answers whether its subscription state was taken (false: an older event). */
    public static boolean apply(BillingCustomer customer, StateChange change) {
        boolean newer = customer.stateEventAt == null || !change.eventCreated().isBefore(customer.stateEventAt);
        boolean taken = true;
        if (change.status() != null) {
            if (newer) {
                customer.subscriptionStatus = change.status();
                if (change.subscriptionId() != null) {
                    customer.subscriptionId = change.subscriptionId();
                }
                if (change.trialKnown()) {
                    customer.trialStart = change.trialStart();
                    customer.trialEnd = change.trialEnd();
                }
                customer.stateEventAt = change.eventCreated();
            } else {
                taken = false;
                LOG.infof("Customer %s: kept subscription state %s of %s over the older %s of %s", customer.userId,
                        customer.subscriptionStatus, customer.stateEventAt, change.status(), change.eventCreated());
            }
        } else if (change.subscriptionId() != null && customer.subscriptionId == null) {
            customer.subscriptionId = change.subscriptionId();
        }
        if (change.paidAt() != null) {
            if (customer.lastPaymentAt == null || change.paidAt().isAfter(customer.lastPaymentAt)) {
                customer.lastPaymentAt = change.paidAt();
            }
            if (customer.outOfServiceArea && !customer.needsManualRefund) {
                flagForManualRefund(customer);
            }
        }
        if (change.refunded() && customer.needsManualRefund) {
            customer.needsManualRefund = false;
        }
        customer.updatedAt = Instant.now();
        return taken;
    }

    private static void flagForManualRefund(BillingCustomer customer) {
        customer.needsManualRefund = true;
        LOG.warnf("Customer %s paid while out of the service area: flagged for a manual refund", customer.userId);
    }
}
