package com.valet.billing.subscription;

import com.valet.events.SubscriptionStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A customer's Stripe mapping and billing state (V1 {@code customers}). Its billing columns are changed
 * by {@link BillingStates#apply} only.
 */
@Entity
@Table(name = "customers")
public class BillingCustomer extends PanacheEntityBase {
    @Id
    @Column(name = "user_id")
    public UUID userId;

    public String email;

    @Column(name = "stripe_customer_id")
    public String stripeCustomerId;

    @Column(name = "subscription_id")
    public String subscriptionId;

    @Enumerated(EnumType.STRING)
    @Column(name = "subscription_status", nullable = false)
    public SubscriptionStatus subscriptionStatus;

    @Column(name = "trial_start")
    public Instant trialStart;

    @Column(name = "trial_end")
    public Instant trialEnd;

    @Column(name = "last_payment_at")
    public Instant lastPaymentAt;

    @Column(name = "out_of_service_area", nullable = false)
    public boolean outOfServiceArea;

    /** When booking changed {@link #outOfServiceArea}: an older customer-area-changed changes nothing. */
    @Column(name = "area_changed_at")
    public Instant areaChangedAt;

    @Column(name = "needs_manual_refund", nullable = false)
    public boolean needsManualRefund;

    @Column(name = "state_event_at")
    public Instant stateEventAt;

    @Column(name = "created_at", nullable = false, updatable = false, insertable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
