package com.valet.inventory.container;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A kind of empty container the company delivers for packing (a wardrobe box, a tote). */
@Entity
@Table(name = "container_type")
public class ContainerType extends PanacheEntityBase {
    @Id
    public UUID id;

    public String name;
    public String description;

    @Column(name = "length_in")
    public BigDecimal lengthIn;

    @Column(name = "width_in")
    public BigDecimal widthIn;

    @Column(name = "height_in")
    public BigDecimal heightIn;

    @Column(name = "price_cents")
    public int priceCents;

    public String currency;
    public boolean active;

    @Version
    public long version;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
