package com.valet.booking.action;

import com.valet.events.Actor;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One line of an action's history (seed: booking_events, written by log_booking_event). */
@Entity
@Table(name = "booking_event")
public class BookingEvent extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "action_id", nullable = false)
    public UUID actionId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, Object> metadata;

    @Column(name = "actor_id")
    public UUID actorId;

    @Column(name = "actor_role", nullable = false)
    public String actorRole;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Writes one history line of the action, in the caller's transaction. */
    static Uni<Void> record(Action action, String type, Map<String, Object> metadata, Actor actor, Instant at) {
        BookingEvent event = new BookingEvent();
        event.id = UUID.randomUUID();
        event.actionId = action.id;
        event.eventType = type;
        event.metadata = metadata;
        event.actorId = actor.id();
        event.actorRole = actor.role().name();
        event.createdAt = at;
        return event.persist().replaceWithVoid();
    }
}
