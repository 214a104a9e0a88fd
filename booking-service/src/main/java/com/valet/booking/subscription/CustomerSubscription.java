package com.valet.booking.subscription;

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

/** What booking knows of a customer's subscription, from billing's events. */
@Entity
@Table(name = "customer_subscription")
public class CustomerSubscription extends PanacheEntityBase {
    @Id
    @Column(name = "customer_id")
    public UUID customerId;

    @Enumerated(EnumType.STRING)
    @Column(name = "subscription_status", nullable = false)
    public SubscriptionStatus status;

    @Column(name = "subscription_id")
    public String subscriptionId;

    @Column(name = "stripe_customer_id")
    public String stripeCustomerId;

    /** When billing learned this status: an older event arriving late must not roll it back. */
    @Column(name = "as_of", nullable = false)
    public Instant asOf;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
