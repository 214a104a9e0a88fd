package com.valet.ops.events;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An action booking canceled: its confirmation, if consumed later, creates the task already canceled. */
@Entity
@Table(name = "canceled_action")
public class CanceledAction extends PanacheEntityBase {
    @Id
    @Column(name = "action_id")
    public UUID actionId;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    public String reason;

    @Column(name = "canceled_by_id")
    public UUID canceledById;

    @Column(name = "canceled_by_role", nullable = false)
    public String canceledByRole;

    @Column(name = "canceled_at", nullable = false)
    public Instant canceledAt;

    @Column(name = "event_id", nullable = false)
    public UUID eventId;
}
