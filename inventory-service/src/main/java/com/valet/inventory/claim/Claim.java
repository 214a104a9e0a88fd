package com.valet.inventory.claim;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** A customer's damage or loss claim on one of their items, and what staff decided and paid. */
@Entity
@Table(name = "claim")
public class Claim extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    public UUID userId;

    @Column(name = "item_id", nullable = false, updatable = false)
    public UUID itemId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public ClaimKind kind;

    @Column(nullable = false, updatable = false)
    public String description;

    /** What the customer asks for, in USD cents. */
    @Column(name = "amount_cents", nullable = false, updatable = false)
    public long amountCents;

    @Column(name = "photo_paths", nullable = false, updatable = false)
    public String[] photoPaths;

    @Enumerated(EnumType.STRING)
    public ClaimStatus status;

    /** What staff granted (at most the claimed amount); set on approval, kept when paid. */
    @Column(name = "approved_amount_cents")
    public Long approvedAmountCents;

    @Column(name = "review_note")
    public String reviewNote;

    @Column(name = "reviewed_by")
    public UUID reviewedBy;

    @Column(name = "reviewed_at")
    public Instant reviewedAt;

    @Column(name = "paid_at")
    public Instant paidAt;

    /** The transfer's id in the payment system (a bank or Stripe transfer), free text. */
    @Column(name = "payout_reference")
    public String payoutReference;

    @Version
    public long version;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
