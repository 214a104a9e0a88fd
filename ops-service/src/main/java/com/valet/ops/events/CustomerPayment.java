package com.valet.ops.events;

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

/** The newest subscription status billing announced for a customer (payment-received). */
@Entity
@Table(name = "customer_payment")
public class CustomerPayment extends PanacheEntityBase {
    @Id
    @Column(name = "customer_id")
    public UUID customerId;

    @Enumerated(EnumType.STRING)
    @Column(name = "subscription_status", nullable = false)
    public SubscriptionStatus status;

    /** When billing recorded the payment: an older event consumed late does not roll the status back. */
    @Column(name = "as_of", nullable = false)
    public Instant asOf;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
