package com.valet.billing.webhook;

/** What processing a Stripe event did; {@code outcome} is stored in webhook_events.outcome. */
public record Handled(Outcome outcome, String detail) {
    public enum Outcome {
        /** Changed billing state, the ledger or both. */
        applied,
        /** Older than the subscription state already known: nothing of its subscription state was taken. */
        stale,
        /** A type billing does not act on, or nothing left to do (e.g. the ledger already has the payment). */
        ignored,
        /** Not stored: a redelivery or replay of an event already processed. */
        duplicate
    }

    static Handled of(Outcome outcome, String detail) {
        return new Handled(outcome, detail);
    }
}
