package com.valet.ops.staff;

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

/** A row of the staff directory (seed: staff), keyed by the Supabase user id. */
@Entity
@Table(name = "staff")
public class Staff extends PanacheEntityBase {
    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public StaffRole role;

    @Column(name = "full_name", nullable = false)
    public String fullName;

    @Column(nullable = false)
    public boolean active;

    @Column(name = "created_by", nullable = false, updatable = false)
    public UUID createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "deactivated_by")
    public UUID deactivatedBy;

    @Column(name = "deactivated_at")
    public Instant deactivatedAt;

    @Version
    public long version;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
