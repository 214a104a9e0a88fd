package com.valet.inventory.item;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One line of an item's trail (seed: inventory_events). */
@Entity
@Table(name = "inventory_event")
public class InventoryEvent extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "item_id", nullable = false)
    public UUID itemId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "event_data", nullable = false)
    public Map<String, Object> eventData;

    @Column(name = "actor_id")
    public UUID actorId;

    @Column(name = "actor_role", nullable = false)
    public String actorRole;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static InventoryEvent of(UUID itemId, String type, Map<String, Object> data, UUID actorId, String actorRole,
                             Instant at) {
        InventoryEvent event = new InventoryEvent();
        event.id = UUID.randomUUID();
        event.itemId = itemId;
        event.eventType = type;
        event.eventData = data;
        event.actorId = actorId;
        event.actorRole = actorRole;
        event.createdAt = at;
        return event;
    }
}
