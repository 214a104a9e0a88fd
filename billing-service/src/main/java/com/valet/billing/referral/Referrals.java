package com.valet.billing.referral;

import com.valet.billing.ledger.LedgerEntry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/**
 * A referral's life after it was made, driven by the referred friend's verified Stripe events, inside the
 * transaction that processes the event (so a redelivered event changes nothing twice):
 * pending -> signed_up (the friend's checkout completed; other pending referrals of the email are voided)
 * -> rewarded (the friend's first paid invoice; one referral_credit ledger entry for the referrer).
 */
@ApplicationScoped
public class Referrals {
    private static final Logger LOG = Logger.getLogger(Referrals.class);
    private static final String SIGN_UP = "UPDATE referrals SET status = 'signed_up', referred_user_id = :friend,"
            + " updated_at = now() WHERE id = (SELECT id FROM referrals WHERE status = 'pending'"
            + " AND lower(referred_email) = lower(:email) AND referrer_user_id <> :friend"
            + " AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.referred_user_id = :friend"
            + " AND r.status IN ('signed_up', 'rewarded'))"
            + " ORDER BY created_at, id LIMIT 1 FOR UPDATE)";
    private static final String VOID_OTHERS = "UPDATE referrals SET status = 'void', updated_at = now()"
            + " WHERE status = 'pending' AND lower(referred_email) = lower(:email)"
            + " AND EXISTS (SELECT 1 FROM referrals r WHERE r.referred_user_id = :friend AND r.status IN ('signed_up', 'rewarded'))";
    private static final String REFERRER_ROW = "INSERT INTO customers (user_id, subscription_status, updated_at)"
            + " VALUES (:user, 'inactive', now()) ON CONFLICT (user_id) DO NOTHING";

    private static final String REWARD = "UPDATE referrals SET status = 'rewarded', rewarded_at = :paid,"
            + " reward_invoice_id = :invoice, updated_at = now() WHERE id = (SELECT id FROM referrals"
            + " WHERE referred_user_id = :friend AND status = 'signed_up' LIMIT 1 FOR UPDATE)"
            + " RETURNING id, referrer_user_id";

    private final long creditCents;
    private final String creditCurrency;

    Referrals(@ConfigProperty(name = "valet.billing.referral-credit-cents") long creditCents,
              @ConfigProperty(name = "valet.billing.referral-credit-currency") String creditCurrency) {
        this.creditCents = creditCents;
        this.creditCurrency = creditCurrency;
    }

    /** The friend (a billing customer with this email) completed a checkout. */
    public Uni<Void> signedUp(UUID friend, String email) {
        if (email == null || email.isBlank()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(SIGN_UP)
                        .setParameter("friend", friend).setParameter("email", email).executeUpdate()
                        .chain(() -> session.createNativeQuery(VOID_OTHERS)
                                .setParameter("friend", friend).setParameter("email", email).executeUpdate()))
                .replaceWithVoid();
    }

    /**
     * The friend paid an invoice: the first paid one rewards their referral (at most once, whatever the
     * number of invoices or redeliveries). Answers whether it rewarded one.
     */
    public Uni<Boolean> paid(UUID friend, String invoiceId, long amountCents, String eventId, Instant paidAt) {
        if (amountCents <= 0) {
            return Uni.createFrom().item(false); // a trial's $0 invoice is not a payment
        }
        // one statement: the friend's signed-up referral, if any, becomes rewarded (a SELECT ... FOR UPDATE then
        // an UPDATE of the entity would be two round trips, and most invoices have no referral at all)
        return Panache.getSession().chain(session -> session.createNativeQuery(REWARD, Object[].class)
                .setParameter("friend", friend)
                .setParameter("paid", paidAt)
                .setParameter("invoice", invoiceId)
                .getResultList()
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(false);
                    }
                    UUID referral = (UUID) rows.get(0)[0];
                    UUID referrer = (UUID) rows.get(0)[1];
                    LedgerEntry credit = new LedgerEntry();
                    credit.id = UUID.randomUUID();
                    credit.userId = referrer;
                    credit.entryType = LedgerEntry.REFERRAL_CREDIT;
                    credit.amountCents = -creditCents;
                    credit.currency = creditCurrency;
                    credit.stripeObjectId = invoiceId; // the friend's invoice that earned it: unique per kind
                    credit.stripeInvoiceId = invoiceId;
                    credit.stripeEventId = eventId;
                    credit.occurredAt = paidAt;
                    LOG.infof("Referral %s rewarded: %d %s credit for customer %s", referral, creditCents,
                            creditCurrency, referrer);
                    return session.createNativeQuery(REFERRER_ROW).setParameter("user", referrer).executeUpdate()
                            .chain(() -> session.persist(credit))
                            .replaceWith(true);
                }));
    }
}
