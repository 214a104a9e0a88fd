package com.valet.billing.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.valet.billing.ledger.LedgerEntry;
import com.valet.billing.referral.Referrals;
import com.valet.billing.subscription.BillingCustomer;
import com.valet.billing.subscription.BillingStates;
import com.valet.billing.subscription.StateChange;
import com.valet.billing.webhook.Handled.Outcome;
import com.valet.events.EventTypes;
import com.valet.events.PaymentReceived;
import com.valet.events.SubscriptionChanged;
import com.valet.events.SubscriptionStatus;
import com.valet.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Applies one verified Stripe event, inside the transaction that marks it processed. Billing state
 * changes go through {@link BillingStates#apply} only. A failure (for example an event about a Stripe
 * customer billing does not know yet) rolls all of it back and leaves the event unprocessed.
 */
@ApplicationScoped
public class StripeEventHandlers {
    private static final String LEDGER_INSERT = "INSERT INTO account_ledger (id, user_id, entry_type, amount_cents,"
            + " currency, stripe_object_id, stripe_invoice_id, stripe_charge_id, subscription_id, stripe_event_id,"
            + " occurred_at) VALUES (:id, :user, :type, :amount, :currency, :object, CAST(:invoice AS text),"
            + " CAST(:charge AS text), CAST(:subscription AS text), :event, :occurred)"
            + " ON CONFLICT (entry_type, stripe_object_id) DO NOTHING";
    /** Answers true (inserted), false (a larger total replaced the amount) or no row (nothing changed). */
    private static final String REFUND = "INSERT INTO account_ledger AS entry (id, user_id, entry_type, amount_cents,"
            + " currency, stripe_object_id, stripe_invoice_id, stripe_charge_id, stripe_event_id, occurred_at)"
            + " VALUES (:id, :user, 'refund', :amount, :currency, :charge, CAST(:invoice AS text), :charge, :event,"
            + " :occurred) ON CONFLICT (entry_type, stripe_object_id) DO UPDATE SET amount_cents = EXCLUDED.amount_cents,"
            + " stripe_event_id = EXCLUDED.stripe_event_id, occurred_at = EXCLUDED.occurred_at"
            + " WHERE entry.amount_cents > EXCLUDED.amount_cents RETURNING (xmax = 0)";

    private final Outbox outbox;
    private final Referrals referrals;

    StripeEventHandlers(Outbox outbox, Referrals referrals) {
        this.outbox = outbox;
        this.referrals = referrals;
    }

    public Uni<Handled> handle(String eventId, String type, Instant created, JsonNode event) {
        JsonNode object = event.path("data").path("object");
        switch (type) {
            case "checkout.session.completed":
                return checkoutCompleted(created, object);
            case "customer.subscription.created":
            case "customer.subscription.updated":
            case "customer.subscription.deleted":
                return subscriptionChanged(eventId, type, created, object);
            case "invoice.paid":
                return invoicePaid(eventId, created, object);
            case "invoice.payment_failed":
                return paymentFailed(eventId, created, object);
            case "charge.refunded":
                return refunded(eventId, created, object);
            default:
                return Uni.createFrom().item(Handled.of(Outcome.ignored, "billing does not act on " + type));
        }
    }

    private Uni<Handled> checkoutCompleted(Instant created, JsonNode session) {
        String stripeCustomer = text(session, "customer");
        String subscription = text(session, "subscription");
        UUID user = uuid(text(session, "client_reference_id"));
        // one locked lookup for both: the row of the Stripe customer, else the user's
        return checkoutRows(stripeCustomer, user).chain(rows -> {
            BillingCustomer known = rows.stream().filter(row -> stripeCustomer != null
                    && stripeCustomer.equals(row.stripeCustomerId)).findFirst().orElse(null);
            if (known != null) {
                return Uni.createFrom().item(known);
            }
            if (user == null) {
                throw new IllegalStateException("no customer with Stripe customer " + stripeCustomer
                        + " and the session has no client_reference_id");
            }
            BillingCustomer row = rows.stream().filter(candidate -> user.equals(candidate.userId)).findFirst()
                    .orElse(null);
            if (row == null) {
                row = new BillingCustomer();
                row.userId = user;
                row.subscriptionStatus = SubscriptionStatus.inactive;
                BillingStates.linkStripeCustomer(row, stripeCustomer);
                BillingStates.apply(row, StateChange.checkoutCompleted(created, subscription));
                return row.persist().replaceWith(row);
            }
            BillingStates.linkStripeCustomer(row, stripeCustomer);
            return Uni.createFrom().item(row);
        }).chain(customer -> {
            BillingStates.apply(customer, StateChange.checkoutCompleted(created, subscription));
            // a friend someone referred has signed up: by the email billing knows, else the one Checkout collected
            String email = customer.email != null ? customer.email : text(session.path("customer_details"), "email");
            return referrals.signedUp(customer.userId, email).replaceWith(Handled.of(Outcome.applied,
                    "checkout completed for customer " + customer.userId
                            + (subscription == null ? "" : ", subscription " + subscription)));
        });
    }

    private Uni<Handled> subscriptionChanged(String eventId, String type, Instant created, JsonNode subscription) {
        SubscriptionStatus status = type.endsWith(".deleted") ? SubscriptionStatus.canceled
                : SubscriptionStatus.valueOf(required(subscription, "status"));
        String id = required(subscription, "id");
        return customer(required(subscription, "customer")).chain(customer -> {
            boolean taken = BillingStates.apply(customer, StateChange.subscription(created, status, id,
                    epoch(subscription, "trial_start"), epoch(subscription, "trial_end")));
            if (!taken) {
                return Uni.createFrom().item(Handled.of(Outcome.stale, "subscription " + id + " " + status
                        + " is older than the known " + customer.subscriptionStatus + " of " + customer.stateEventAt));
            }
            return announce(eventId, customer).replaceWith(Handled.of(Outcome.applied,
                    "subscription " + id + " is " + status));
        });
    }

    private Uni<Handled> invoicePaid(String eventId, Instant created, JsonNode invoice) {
        String invoiceId = required(invoice, "id");
        String subscription = subscriptionOf(invoice);
        long amount = invoice.path("amount_paid").asLong(0);
        String currency = required(invoice, "currency").toLowerCase();
        Instant paidAt = epoch(invoice.path("status_transitions"), "paid_at");
        Instant paid = paidAt == null ? created : paidAt;
        // a paid subscription invoice makes it active, unless a newer event said otherwise; a $0 invoice
        // (a trial's first) changes no status
        SubscriptionStatus status = amount > 0 && subscription != null ? SubscriptionStatus.active : null;
        return customer(required(invoice, "customer")).chain(customer -> {
            boolean taken = BillingStates.apply(customer, StateChange.payment(created, status, subscription, paid));
            // the ledger's unique key (entry_type, stripe_object_id) decides whether this invoice is new
            return insertOnce(LedgerEntry.PAYMENT, customer.userId, amount, currency, invoiceId, invoiceId,
                    text(invoice, "charge"), subscription, eventId, paid).chain(inserted -> {
                        if (!inserted) {
                            return Uni.createFrom().item(Handled.of(Outcome.ignored,
                                    "invoice " + invoiceId + " is already in the ledger"));
                        }
                        PaymentReceived payment = new PaymentReceived(customer.userId, customer.stripeCustomerId,
                                eventId, subscription != null ? subscription : customer.subscriptionId,
                                customer.subscriptionStatus, amount, currency, paid);
                        return outbox.append(EventTypes.PAYMENT_RECEIVED, customer.userId.toString(), payment)
                                .chain(() -> referrals.paid(customer.userId, invoiceId, amount, eventId, paid))
                                .map(rewarded -> Handled.of(Outcome.applied, "invoice " + invoiceId + " paid: " + amount
                                        + " " + currency + ", subscription " + customer.subscriptionStatus
                                        + (taken ? "" : " (kept: newer than this payment)")
                                        + (customer.needsManualRefund ? ", needs a manual refund" : "")
                                        + (rewarded ? ", referral rewarded" : "")));
                    });
        });
    }

    private Uni<Handled> paymentFailed(String eventId, Instant created, JsonNode invoice) {
        String subscription = subscriptionOf(invoice);
        String invoiceId = required(invoice, "id");
        return customer(required(invoice, "customer")).chain(customer -> {
            if (subscription == null) {
                return Uni.createFrom().item(Handled.of(Outcome.ignored, "invoice " + invoiceId
                        + " failed; it is not a subscription's"));
            }
            boolean taken = BillingStates.apply(customer, StateChange.paymentFailed(created, subscription));
            if (!taken) {
                return Uni.createFrom().item(Handled.of(Outcome.stale, "invoice " + invoiceId
                        + " failed before the known state of " + customer.stateEventAt));
            }
            return announce(eventId, customer).replaceWith(Handled.of(Outcome.applied, "invoice " + invoiceId
                    + " failed: subscription past_due"));
        });
    }

    private Uni<Handled> refunded(String eventId, Instant created, JsonNode charge) {
        String chargeId = required(charge, "id");
        long refundedCents = charge.path("amount_refunded").asLong(0);
        String currency = required(charge, "currency").toLowerCase();
        boolean full = charge.path("refunded").asBoolean(false);
        return customer(required(charge, "customer")).chain(customer -> {
            if (full) {
                BillingStates.apply(customer, StateChange.refund(created));
            }
            // one statement on the ledger's unique key: a new refund is inserted, a larger refunded total
            // replaces the entry's amount, a total already recorded changes nothing
            return Panache.getSession().chain(session -> session.createNativeQuery(REFUND, Boolean.class)
                    .setParameter("id", UUID.randomUUID())
                    .setParameter("user", customer.userId)
                    .setParameter("amount", -refundedCents)
                    .setParameter("currency", currency)
                    .setParameter("charge", chargeId)
                    .setParameter("invoice", text(charge, "invoice"))
                    .setParameter("event", eventId)
                    .setParameter("occurred", created)
                    .getResultList()).map(rows -> {
                        if (rows.isEmpty()) {
                            return Handled.of(Outcome.ignored, "refund of charge " + chargeId + " already in the ledger");
                        }
                        return Handled.of(Outcome.applied, "charge " + chargeId + " refunded " + refundedCents + " "
                                + currency + (Boolean.TRUE.equals(rows.get(0)) ? "" : " in all"));
                    });
        });
    }

    /** subscription-changed: the state just taken, in the same transaction. */
    private Uni<?> announce(String eventId, BillingCustomer customer) {
        return outbox.append(EventTypes.SUBSCRIPTION_CHANGED, customer.userId.toString(), new SubscriptionChanged(
                customer.userId, customer.stripeCustomerId, eventId, customer.subscriptionId,
                customer.subscriptionStatus, customer.subscriptionStatus == SubscriptionStatus.trialing
                ? customer.trialEnd : null, customer.stateEventAt));
    }

    /**
     * Inserts a ledger entry unless its (entry_type, stripe_object_id) is there already: the unique key
     * decides, no count first. Answers whether it was inserted.
     */
    private static Uni<Boolean> insertOnce(String entryType, UUID user, long amountCents, String currency,
                                           String stripeObjectId, String invoiceId, String chargeId,
                                           String subscriptionId, String eventId, Instant occurredAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery(LEDGER_INSERT)
                        .setParameter("id", UUID.randomUUID())
                        .setParameter("user", user)
                        .setParameter("type", entryType)
                        .setParameter("amount", amountCents)
                        .setParameter("currency", currency)
                        .setParameter("object", stripeObjectId)
                        .setParameter("invoice", invoiceId)
                        .setParameter("charge", chargeId)
                        .setParameter("subscription", subscriptionId)
                        .setParameter("event", eventId)
                        .setParameter("occurred", occurredAt)
                        .executeUpdate())
                .map(inserted -> inserted > 0);
    }

    /** The customer row of the Stripe customer and the user's, locked, in one query (either may be null). */
    private static Uni<List<BillingCustomer>> checkoutRows(String stripeCustomerId, UUID user) {
        if (stripeCustomerId == null && user == null) {
            return Uni.createFrom().item(List.of());
        }
        var query = stripeCustomerId == null ? BillingCustomer.<BillingCustomer>find("userId", user)
                : user == null ? BillingCustomer.<BillingCustomer>find("stripeCustomerId", stripeCustomerId)
                : BillingCustomer.<BillingCustomer>find("stripeCustomerId = ?1 or userId = ?2", stripeCustomerId, user);
        return query.withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    private static Uni<BillingCustomer> customerOrNull(String stripeCustomerId) {
        if (stripeCustomerId == null) {
            return Uni.createFrom().nullItem();
        }
        return BillingCustomer.<BillingCustomer>find("stripeCustomerId", stripeCustomerId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The customer, locked; fails (the event stays unprocessed) while billing does not know it. */
    private static Uni<BillingCustomer> customer(String stripeCustomerId) {
        return customerOrNull(stripeCustomerId).onItem().ifNull().failWith(() -> new IllegalStateException(
                "no customer with Stripe customer " + stripeCustomerId + " yet"));
    }

    /** Before API version 2025-03-31 top level; since then under parent.subscription_details. */
    private static String subscriptionOf(JsonNode invoice) {
        String top = text(invoice, "subscription");
        return top != null ? top : text(invoice.path("parent").path("subscription_details"), "subscription");
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isObject() && value.path("id").isTextual()) {
            return value.path("id").asText(); // an expanded object
        }
        return null;
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            throw new IllegalArgumentException("the event's object has no " + field);
        }
        return value;
    }

    private static Instant epoch(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? Instant.ofEpochSecond(value.asLong()) : null;
    }

    private static UUID uuid(String text) {
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
