package com.valet.billing.referral;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A friend a customer referred by email (seed {@code referrals}), and how far the friend got. */
@Entity
@Table(name = "referrals")
public class Referral extends PanacheEntityBase {
    public static final String PENDING = "pending";
    public static final String SIGNED_UP = "signed_up";
    public static final String REWARDED = "rewarded";
    public static final String VOID = "void";

    @Id
    public UUID id;

    @Column(name = "referrer_user_id", nullable = false)
    public UUID referrerUserId;

    @Column(name = "referred_email")
    public String referredEmail;

    @Column(name = "referred_user_id")
    public UUID referredUserId;

    @Column(nullable = false)
    public String status;

    @Column(name = "rewarded_at")
    public Instant rewardedAt;

    @Column(name = "reward_invoice_id")
    public String rewardInvoiceId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
