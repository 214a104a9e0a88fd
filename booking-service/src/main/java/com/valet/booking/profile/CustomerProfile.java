package com.valet.booking.profile;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/** A customer as booking knows them: contact and where visits happen. Billing keeps the money side. */
@Entity
@Table(name = "customer_profile")
public class CustomerProfile extends PanacheEntityBase {
    @Id
    @Column(name = "user_id")
    public UUID userId;

    public String email;

    @Column(name = "full_name")
    public String fullName;

    public String phone;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "delivery_address")
    public DeliveryAddress deliveryAddress;

    @Column(name = "out_of_service_area", nullable = false)
    public boolean outOfServiceArea;

    @Version
    public long version;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public String zip() {
        return deliveryAddress == null ? null : deliveryAddress.zip();
    }
}
