package com.valet.ops.task;

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

/** An item a task moves, with its last known state and its own done flag. */
@Entity
@Table(name = "task_item")
public class TaskItem extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "task_id") UUID taskId, @Column(name = "item_id") UUID itemId)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;

    /** The order booking listed the items in. */
    @Column(nullable = false)
    public int position;

    /** Where the item must end up for the task: {@code stored} for a pickup, {@code home} for a delivery. */
    @Enumerated(EnumType.STRING)
    @Column(name = "target_status", nullable = false)
    public ItemStatus targetStatus;

    /** Its state from the newest item-moved of this action, null until one is seen. */
    @Enumerated(EnumType.STRING)
    public ItemStatus status;

    @Column(name = "qr_code")
    public String qrCode;

    @Column(nullable = false)
    public boolean done;

    @Column(name = "done_at")
    public Instant doneAt;

    /** Takes the item's state from a scan; answers whether that changed whether it is done. */
    public boolean observe(ItemStatus newStatus, String label, Instant at) {
        boolean wasDone = done;
        status = newStatus;
        if (label != null) {
            qrCode = label;
        }
        done = newStatus == targetStatus;
        doneAt = done ? (wasDone ? doneAt : at) : null;
        return wasDone != done;
    }
}
