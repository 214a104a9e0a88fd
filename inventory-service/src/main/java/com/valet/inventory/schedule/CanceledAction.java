package com.valet.inventory.schedule;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A visit booking canceled: its confirmation, should it arrive late, schedules nothing. */
@Entity
@Table(name = "canceled_action")
public class CanceledAction extends PanacheEntityBase {
    @Id
    @Column(name = "action_id")
    public UUID actionId;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    @Column(name = "canceled_at", nullable = false)
    public Instant canceledAt;
}
