package com.valet.inventory.item;

import com.valet.events.ItemStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.Generated;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A customer's belonging, from the moment it is catalogued at home to its life in the warehouse. */
@Entity
@Table(name = "item")
public class Item extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "owner_id", nullable = false, updatable = false)
    public UUID ownerId;

    public String label;
    public String description;
    public String category;

    @Enumerated(EnumType.STRING)
    public ItemStatus status;

    @Column(name = "photo_paths")
    public String[] photoPaths;

    @Column(name = "qr_code", nullable = false, updatable = false)
    public String qrCode;

    @Column(name = "weight_lbs")
    public BigDecimal weightLbs;

    @Column(name = "length_in")
    public BigDecimal lengthIn;

    @Column(name = "width_in")
    public BigDecimal widthIn;

    @Column(name = "height_in")
    public BigDecimal heightIn;

    /** Computed by PostgreSQL from the dimensions (read back after insert; after an update by a refresh). */
    @Generated
    @Column(name = "cubic_feet", insertable = false, updatable = false)
    public BigDecimal cubicFeet;

    public String[] tags;

    @Column(name = "location_code")
    public String locationCode;

    /** The pickup or redelivery the item is part of, from scheduling until it arrives. */
    @Column(name = "current_action_id")
    public UUID currentActionId;

    @Column(name = "physical_locked_at")
    public Instant physicalLockedAt;

    @Version
    public long version;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;
}
