package com.valet.ops.events;

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

/**
 * The newest item-moved of an item for an action, kept whether or not the action's task exists yet: a task
 * created later takes its items' states from here.
 */
@Entity
@Table(name = "item_move")
public class ItemMove extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "action_id") UUID actionId, @Column(name = "item_id") UUID itemId)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ItemStatus status;

    @Column(name = "qr_code", nullable = false)
    public String qrCode;

    @Column(name = "moved_at", nullable = false)
    public Instant movedAt;

    @Column(name = "actor_id")
    public UUID actorId;

    @Column(name = "actor_role", nullable = false)
    public String actorRole;
}
