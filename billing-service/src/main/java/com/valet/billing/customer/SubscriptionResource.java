package com.valet.billing.customer;

import com.valet.billing.ledger.LedgerEntry;
import com.valet.billing.stripe.StripeGateway;
import com.valet.billing.subscription.BillingCustomer;
import com.valet.billing.subscription.BillingStates;
import com.valet.events.SubscriptionStatus;
import com.valet.web.Caller;
import com.valet.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The caller's subscription: start one (Stripe Checkout), manage it (Billing Portal), read its state and
 * ledger. Nothing here changes the subscription: only verified Stripe webhooks do.
 */
@Path("/subscription")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionResource {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** A customer in one of these has a subscription to manage in the portal, not a second one to start. */
    private static final Set<SubscriptionStatus> SUBSCRIBED = Set.of(SubscriptionStatus.active,
            SubscriptionStatus.trialing, SubscriptionStatus.past_due, SubscriptionStatus.unpaid,
            SubscriptionStatus.paused);
    private static final String INSERT = "INSERT INTO customers (user_id, email, subscription_status, updated_at)"
            + " VALUES (:user, CAST(:email AS text), 'inactive', now())"
            // a row booking's area event created first has no email yet (referrals match friends by it)
            + " ON CONFLICT (user_id) DO UPDATE SET email = COALESCE(customers.email, EXCLUDED.email)";

    private final Caller caller;
    private final StripeGateway stripe;

    SubscriptionResource(Caller caller, StripeGateway stripe) {
        this.caller = caller;
        this.stripe = stripe;
    }

    public record LedgerLine(String entryType, long amountCents, String currency, String stripeInvoiceId,
                             String stripeChargeId, String subscriptionId, Instant occurredAt) {
        static LedgerLine of(LedgerEntry entry) {
            return new LedgerLine(entry.entryType, entry.amountCents, entry.currency, entry.stripeInvoiceId,
                    entry.stripeChargeId, entry.subscriptionId, entry.occurredAt);
        }
    }

    public record SubscriptionView(SubscriptionStatus subscriptionStatus, String subscriptionId, Instant trialStart,
                                   Instant trialEnd, Instant lastPaymentAt, boolean needsManualRefund,
                                   List<LedgerLine> ledger) {
    }

    public record Redirect(String url, String sessionId) {
    }

    @GET
    @Operation(summary = "The caller's subscription status, trial, last payment and ledger (newest first)")
    public Uni<SubscriptionView> read() {
        UUID user = caller.userId();
        return Panache.withSession(() -> BillingCustomer.<BillingCustomer>findById(user).chain(customer ->
                LedgerEntry.<LedgerEntry>find("userId = ?1 order by occurredAt desc, id", user).list()
                        .map(entries -> customer == null
                                ? new SubscriptionView(SubscriptionStatus.inactive, null, null, null, null, false, List.of())
                                : new SubscriptionView(customer.subscriptionStatus, customer.subscriptionId,
                                customer.trialStart, customer.trialEnd, customer.lastPaymentAt,
                                customer.needsManualRefund, entries.stream().map(LedgerLine::of).toList()))));
    }

    @POST
    @Path("/checkout")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Start a subscription: creates (once) the caller's Stripe customer and a Checkout Session"
            + " for the subscription price; answers its URL. Idempotency-Key (optional) makes a retry return the same session."
            + " 409 if the caller already has a subscription (use the portal)")
    public Uni<Redirect> checkout(@HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        UUID user = caller.userId();
        String email = caller.email();
        String key = attemptKey(idempotencyKey);
        return stripeCustomer(user, email).chain(customer -> {
            if (SUBSCRIBED.contains(customer.subscriptionStatus)) {
                throw ProblemException.conflict("You already have a " + customer.subscriptionStatus
                        + " subscription; manage it in the billing portal.", Map.of("subscription_status",
                        customer.subscriptionStatus.name()));
            }
            return stripe.createCheckout(user, customer.stripeCustomerId, key)
                    .map(session -> new Redirect(session.url(), session.sessionId()));
        });
    }

    @POST
    @Path("/portal")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Open the Stripe Billing Portal for the caller; 409 before their first checkout")
    public Uni<Redirect> portal(@HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        UUID user = caller.userId();
        String key = attemptKey(idempotencyKey);
        return Panache.withSession(() -> BillingCustomer.<BillingCustomer>findById(user)).chain(customer -> {
            if (customer == null || customer.stripeCustomerId == null) {
                throw ProblemException.conflict("Start a subscription first: there is no billing account yet.",
                        Map.of());
            }
            return stripe.createPortal(customer.stripeCustomerId, key).map(url -> new Redirect(url, null));
        });
    }

    /**
     * The caller's row with a Stripe customer: reused if known, else created in Stripe (outside any
     * transaction; its idempotency key is the user's, so concurrent first checkouts create one) and linked.
     */
    private Uni<BillingCustomer> stripeCustomer(UUID user, String email) {
        return Panache.withSession(() -> BillingCustomer.<BillingCustomer>findById(user)).chain(known -> {
            if (known != null && known.stripeCustomerId != null) {
                return Uni.createFrom().item(known);
            }
            return stripe.createCustomer(user, email).chain(stripeId -> Panache.withTransaction(() ->
                    Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                                    .setParameter("user", user).setParameter("email", email).executeUpdate())
                            .chain(() -> BillingCustomer.<BillingCustomer>findById(user, LockModeType.PESSIMISTIC_WRITE))
                            .invoke(row -> BillingStates.linkStripeCustomer(row, stripeId))));
        });
    }

    private static String attemptKey(String given) {
        if (given == null || given.isBlank()) {
            return UUID.randomUUID().toString();
        }
        if (given.length() > 200) {
            throw ProblemException.badRequest(IDEMPOTENCY_KEY, "must be at most 200 characters");
        }
        return given;
    }
}
