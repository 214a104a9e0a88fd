package com.valet.billing.ledger;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A payment (positive) or refund (negative) of a customer, one per Stripe object and kind (V1 account_ledger). */
@Entity
@Table(name = "account_ledger")
public class LedgerEntry extends PanacheEntityBase {
    public static final String PAYMENT = "payment";
    public static final String REFUND = "refund";
    /** Credit earned by referring a friend who paid: negative (owed to the customer), like a refund. */
    public static final String REFERRAL_CREDIT = "referral_credit";

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "entry_type", nullable = false)
    public String entryType;

    @Column(name = "amount_cents", nullable = false)
    public long amountCents;

    @Column(nullable = false)
    public String currency;

    @Column(name = "stripe_object_id", nullable = false)
    public String stripeObjectId;

    @Column(name = "stripe_invoice_id")
    public String stripeInvoiceId;

    @Column(name = "stripe_charge_id")
    public String stripeChargeId;

    @Column(name = "subscription_id")
    public String subscriptionId;

    @Column(name = "stripe_event_id", nullable = false)
    public String stripeEventId;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;
}
