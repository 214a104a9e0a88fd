package com.valet.inventory.schedule;

import com.valet.events.ItemStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A line of a confirmed booking that could not be scheduled, and why. */
@Entity
@Table(name = "rejected_line")
public class RejectedLine extends PanacheEntityBase {

    /** Whether the customer asked for the item to be collected or brought back. */
    public enum Line { pickup, delivery }

    /** {@code unknown_item}: no such live item of this customer (another's item is not told apart). */
    public enum Reason { unknown_item, wrong_state }

    @Embeddable
    public record Key(@Column(name = "action_id") UUID actionId, @Column(name = "item_id") UUID itemId)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    @Enumerated(EnumType.STRING)
    public Line line;

    @Enumerated(EnumType.STRING)
    public Reason reason;

    @Enumerated(EnumType.STRING)
    @Column(name = "current_status")
    public ItemStatus currentStatus;

    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    @Column(name = "rejected_at", nullable = false)
    public Instant rejectedAt;
}
