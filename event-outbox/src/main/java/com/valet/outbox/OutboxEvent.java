package com.valet.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A row of the service's outbox, for reading (operators, tests). Writes go through {@link Outbox}.
 * Mapping it also guarantees every service using the outbox has a Hibernate Reactive persistence unit.
 */
@Entity
@Table(name = "event_outbox")
public class OutboxEvent extends PanacheEntityBase {
    @Id
    public Long seq;

    @Column(name = "event_id")
    public UUID eventId;

    public String topic;

    @Column(name = "event_key")
    public String eventKey;

    @Column(name = "event_type")
    public String eventType;

    @JdbcTypeCode(SqlTypes.JSON)
    public String payload;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "published_at")
    public OffsetDateTime publishedAt;

    public int attempts;

    /** Why the last send failed, while the row is not published. */
    @Column(name = "last_error")
    public String lastError;

    /** When a failed row may be sent again. */
    @Column(name = "next_attempt_at")
    public OffsetDateTime nextAttemptAt;

    /** Set when the row failed too often: it waits for an operator (docs/operations.md). */
    @Column(name = "parked_at")
    public OffsetDateTime parkedAt;
}
