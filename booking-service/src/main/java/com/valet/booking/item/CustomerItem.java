package com.valet.booking.item;

import com.valet.events.ItemMoved;
import com.valet.events.ItemStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** What booking knows of a customer's item: who owns it and where it physically is. */
@Entity
@Table(name = "customer_item")
public class CustomerItem extends PanacheEntityBase {
    @Id
    @Column(name = "item_id")
    public UUID itemId;

    @Column(name = "owner_id", nullable = false)
    public UUID ownerId;

    @Column(name = "qr_code", nullable = false)
    public String qrCode;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ItemStatus status;

    @Column(name = "last_action_id")
    public UUID lastActionId;

    @Column(name = "moved_at", nullable = false)
    public Instant movedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** False for a move older than what is known: a late, reordered event must not roll state back. */
    boolean isSupersededBy(ItemMoved move) {
        return !move.movedAt().isBefore(movedAt);
    }

    void apply(ItemMoved move) {
        itemId = move.itemId();
        ownerId = move.ownerId();
        qrCode = move.qrCode();
        status = move.toStatus();
        lastActionId = move.actionId();
        movedAt = move.movedAt();
        updatedAt = Instant.now();
    }
}
