package com.valet.billing.webhook;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A verified Stripe event (V1 webhook_events). Written by {@link StripeWebhooks} with native SQL
 * ({@code ON CONFLICT (event_id)}) together with its payload, which this mapping leaves out; read here by the
 * staff listing.
 */
@Entity
@Table(name = "webhook_events")
public class WebhookEvent extends PanacheEntityBase {
    @Id
    public Long id;

    @Column(name = "event_id", nullable = false, updatable = false)
    public String eventId;

    @Column(name = "event_type", nullable = false, updatable = false)
    public String eventType;

    @Column(name = "stripe_created", nullable = false, updatable = false)
    public Instant stripeCreated;

    @Column(name = "received_at", nullable = false, updatable = false)
    public Instant receivedAt;

    @Column(name = "processed_at")
    public Instant processedAt;

    public String outcome;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "last_error")
    public String lastError;
}
