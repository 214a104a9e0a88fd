package com.valet.ops.task;

import com.valet.events.Actor;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One line of a task's history: who, when, what, and the notes they gave. */
@Entity
@Table(name = "task_event")
public class TaskEvent extends PanacheEntityBase {
    /**
     * The column's own default (task_event_id_seq), read back by the insert (RETURNING): one round trip per line,
     * not a sequence call and an insert; and ids stay in write order across instances, which blocks of ids
     * allocated per instance would not.
     */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "task_id", nullable = false, updatable = false)
    public UUID taskId;

    @Column(name = "event_type", nullable = false, updatable = false)
    public String eventType;

    @Column(name = "actor_id", updatable = false)
    public UUID actorId;

    @Column(name = "actor_role", nullable = false, updatable = false)
    public String actorRole;

    @Column(updatable = false)
    public String notes;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, updatable = false)
    public Map<String, Object> metadata;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    public static TaskEvent of(Task task, String type, Actor actor, String notes, Map<String, Object> metadata,
                               Instant at) {
        TaskEvent event = new TaskEvent();
        event.taskId = task.id;
        event.eventType = type;
        event.actorId = actor.id();
        event.actorRole = actor.role().name();
        event.notes = notes;
        event.metadata = metadata == null ? Map.of() : metadata;
        event.createdAt = at;
        return event;
    }
}
