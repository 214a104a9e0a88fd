package com.valet.booking.calendly;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One verified Calendly webhook and what it did (V4). Rows are inserted by {@link CalendlyWebhooks} with
 * {@code ON CONFLICT DO NOTHING} (that is how a second delivery is recognised) together with the raw
 * payload, which this mapping leaves out; the entity reads them and records the outcome.
 */
@Entity
@Table(name = "calendly_webhook")
public class CalendlyWebhook extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String event;

    @Column(name = "invitee_uri", nullable = false, updatable = false)
    public String inviteeUri;

    @Column(name = "scheduled_event_uri", nullable = false, updatable = false)
    public String scheduledEventUri;

    @Column(name = "action_id")
    public UUID actionId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Outcome outcome;

    public String detail;

    @Column(name = "received_at", nullable = false, updatable = false)
    public Instant receivedAt;

    /** What a webhook did; lowercase, the stored and wire value. */
    public enum Outcome {
        /** Only inside the handling transaction. */
        received,
        /** A pending_confirmation action got its slot. */
        confirmed,
        /** A confirmed action got a new slot (a Calendly reschedule, or a second booking for the action). */
        rescheduled,
        /** The action was canceled. */
        canceled,
        /** First half of a Calendly reschedule: noted in the action's history, nothing canceled. */
        reschedule_started,
        /** Matched an action, but changes nothing (the detail says why). */
        ignored,
        /** No action to apply it to (no or unknown utm_content). */
        unmatched,
        /** Not stored: a second delivery of a webhook already handled. */
        duplicate
    }
}
