package com.valet.booking.action;

import com.valet.booking.profile.DeliveryAddress;
import com.valet.events.ContainerOrder;
import com.valet.events.ServiceType;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A visit the customer asked for (seed: actions): a pickup, a redelivery or a container delivery. */
@Entity
@Table(name = "action")
public class Action extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    public UUID userId;

    @Enumerated(EnumType.STRING)
    @Column(name = "service_type", nullable = false, updatable = false)
    public ServiceType serviceType;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ActionStatus status;

    @Column(name = "pickup_item_ids")
    public UUID[] pickupItemIds;

    @Column(name = "delivery_item_ids")
    public UUID[] deliveryItemIds;

    @JdbcTypeCode(SqlTypes.JSON)
    public Containers containers;

    @JdbcTypeCode(SqlTypes.JSON)
    public DeliveryAddress address;

    public String notes;

    @Column(name = "calendly_event_uri")
    public String calendlyEventUri;

    @Column(name = "scheduled_start")
    public Instant scheduledStart;

    @Column(name = "scheduled_end")
    public Instant scheduledEnd;

    @Column(name = "canceled_at")
    public Instant canceledAt;

    @Column(name = "cancel_reason")
    public String cancelReason;

    @Column(name = "completed_at")
    public Instant completedAt;

    /** The containers ordered, wrapped in an object: Hibernate Reactive maps a jsonb array to nothing usable. */
    public record Containers(List<ContainerOrder> orders) {
    }

    @Version
    public long version;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
