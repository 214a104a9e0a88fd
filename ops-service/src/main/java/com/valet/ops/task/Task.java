package com.valet.ops.task;

import com.valet.events.Address;
import com.valet.events.ContainerOrder;
import com.valet.events.SubscriptionStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An operations task (seed: ops_tasks): the work of one confirmed booking action. */
@Entity
@Table(name = "task")
public class Task extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "action_id", nullable = false, updatable = false)
    public UUID actionId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public TaskKind kind;

    @Column(name = "customer_id", nullable = false, updatable = false)
    public UUID customerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TaskStatus status;

    @Column(name = "window_start", nullable = false)
    public Instant windowStart;

    @Column(name = "window_end", nullable = false)
    public Instant windowEnd;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Address address;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Containers containers;

    @Column(nullable = false)
    public String instructions;

    @Column(name = "assignee_id")
    public UUID assigneeId;

    @Enumerated(EnumType.STRING)
    @Column(name = "customer_payment_status")
    public SubscriptionStatus customerPaymentStatus;

    @Column(name = "payment_hold", nullable = false)
    public boolean paymentHold;

    @Column(name = "hold_overridden_by")
    public UUID holdOverriddenBy;

    @Column(name = "hold_overridden_at")
    public Instant holdOverriddenAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "problem_kind")
    public ProblemKind problemKind;

    @Column(name = "problem_notes")
    public String problemNotes;

    @Column(name = "confirmed_at", nullable = false)
    public Instant confirmedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "canceled_at")
    public Instant canceledAt;

    @Column(name = "cancel_reason")
    public String cancelReason;

    @Version
    public long version;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The containers to bring, wrapped in an object: Hibernate Reactive maps a jsonb array to nothing usable. */
    public record Containers(List<ContainerOrder> orders) {
        public Containers {
            orders = orders == null ? List.of() : List.copyOf(orders);
        }
    }

    /**
     * A delivery to a customer whose subscription does not allow booking (past_due, unpaid, canceled...) is
     * held: flagged on the board, and not started until paid or an admin overrides it.
     */
    public boolean shouldHoldPayment() {
        return kind == TaskKind.delivery && customerPaymentStatus != null
                && !customerPaymentStatus.allowsBooking() && holdOverriddenAt == null;
    }
}
