package com.valet.events;

/** Stripe subscription status, spelled as Stripe and the seed spell it. Lowercase: {@code name()} is the wire value. */
public enum SubscriptionStatus {
    inactive,
    incomplete,
    incomplete_expired,
    trialing,
    active,
    past_due,
    canceled,
    unpaid,
    paused;

    /** Only a paying or trialing customer may book; every other state waits for billing to settle. */
    public boolean allowsBooking() {
        return this == active || this == trialing;
    }
}
