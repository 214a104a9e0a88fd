package com.valet.ops.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.valet.events.BookingConfirmed;
import com.valet.events.CloudEvent;
import com.valet.events.EventCodec;
import com.valet.events.ItemStatus;
import com.valet.events.SubscriptionStatus;
import com.valet.outbox.SqlParameters;
import com.valet.ops.task.Task;
import com.valet.ops.task.TaskKind;
import com.valet.ops.task.Tasks;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * booking-confirmed, a polled batch at a time. Most confirmations are the first of their action, with nothing
 * known about the action yet: their tasks, items and history lines are written with one statement for the
 * whole batch. The rest (a reschedule, an action scanned or canceled before its confirmation arrived, a second
 * confirmation of an action in the same batch) go through {@link TaskFeed#confirmed} one by one, which is
 * the same rule; only the number of round trips differs.
 */
@ApplicationScoped
public class TaskCreation {
    /** Per action: is anything known of it (task, cancellation, scans); and its customer's payment status. */
    private static final String KNOWN = "SELECT CAST(a.action_id AS text),"
            + " EXISTS (SELECT 1 FROM task t WHERE t.action_id = a.action_id)"
            + " OR EXISTS (SELECT 1 FROM canceled_action c WHERE c.action_id = a.action_id)"
            + " OR EXISTS (SELECT 1 FROM item_move m WHERE m.action_id = a.action_id),"
            + " (SELECT p.subscription_status FROM customer_payment p WHERE p.customer_id = a.customer_id)"
            + " FROM unnest(CAST(string_to_array(:actions, ',') AS uuid[]),"
            + " CAST(string_to_array(:customers, ',') AS uuid[])) AS a(action_id, customer_id)";
    /**
     * The tasks, their items and their history lines in one statement (one round trip): data-modifying CTEs,
     * whose foreign keys PostgreSQL checks at the end of the statement. History lines keep the order given: a
     * task's history is read in id order.
     */
    private static final String INSERT = "WITH tasks AS (INSERT INTO task (id, action_id, kind, customer_id, status,"
            + " window_start, window_end, address, containers, instructions, customer_payment_status, payment_hold,"
            + " confirmed_at, created_at, updated_at)"
            + " SELECT id, action_id, kind, customer_id, 'open', window_start, window_end, address, containers,"
            + " instructions, customer_payment_status, payment_hold, confirmed_at, created_at, created_at"
            + " FROM jsonb_to_recordset(CAST(CAST(:tasks AS text) AS jsonb)) AS r(id uuid, action_id uuid, kind text,"
            + " customer_id uuid, window_start timestamptz, window_end timestamptz, address jsonb, containers jsonb,"
            + " instructions text, customer_payment_status text, payment_hold boolean, confirmed_at timestamptz,"
            + " created_at timestamptz)),"
            + " items AS (INSERT INTO task_item (task_id, item_id, position, target_status)"
            + " SELECT task_id, item_id, position, target_status FROM jsonb_to_recordset(CAST(CAST(:items AS text) AS jsonb))"
            + " AS r(task_id uuid, item_id uuid, position int, target_status text))"
            + " INSERT INTO task_event (task_id, event_type, actor_role, metadata, created_at)"
            + " SELECT task_id, event_type, actor_role, metadata, created_at"
            + " FROM ROWS FROM (jsonb_to_recordset(CAST(CAST(:lines AS text) AS jsonb)) AS (task_id uuid,"
            + " event_type text, actor_role text, metadata jsonb, created_at timestamptz)) WITH ORDINALITY"
            + " AS r(task_id, event_type, actor_role, metadata, created_at, n) ORDER BY n";

    private final TaskFeed feed;
    private final ObjectMapper mapper;

    TaskCreation(TaskFeed feed, EventCodec codec) {
        this.feed = feed;
        this.mapper = codec.mapper();
    }

    public Uni<Void> confirmed(List<CloudEvent<BookingConfirmed>> events) {
        Set<String> keys = new HashSet<>();
        Map<UUID, UUID> customers = new LinkedHashMap<>();
        Map<UUID, Integer> perAction = new HashMap<>();
        for (CloudEvent<BookingConfirmed> event : events) {
            BookingConfirmed booking = event.data();
            keys.add(Tasks.key("action", booking.actionId()));
            keys.add(Tasks.key("customer", booking.customerId()));
            customers.put(booking.actionId(), booking.customerId());
            perAction.merge(booking.actionId(), 1, Integer::sum);
        }
        // every action and customer of the batch, as TaskFeed locks one confirmation's
        return Panache.getSession().chain(session -> Tasks.serialize(keys)
                .chain(() -> session.createNativeQuery(KNOWN, Object[].class)
                        .setParameter("actions", SqlParameters.list(customers.keySet()))
                        .setParameter("customers", SqlParameters.list(customers.values()))
                        .getResultList())
                .chain(rows -> {
                    Map<UUID, Object[]> known = rows.stream()
                            .collect(Collectors.toMap(row -> UUID.fromString((String) row[0]), Function.identity()));
                    List<CloudEvent<BookingConfirmed>> fresh = new ArrayList<>();
                    List<CloudEvent<BookingConfirmed>> others = new ArrayList<>();
                    Map<UUID, SubscriptionStatus> payments = new HashMap<>();
                    for (CloudEvent<BookingConfirmed> event : events) {
                        UUID action = event.data().actionId();
                        Object[] row = known.get(action);
                        boolean seen = Boolean.TRUE.equals(row[1]);
                        if (row[2] != null) {
                            payments.put(action, SubscriptionStatus.valueOf((String) row[2]));
                        }
                        (seen || perAction.get(action) > 1 ? others : fresh).add(event);
                    }
                    return create(session, fresh, payments).chain(() -> oneByOne(session, others));
                }));
    }

    private Uni<Void> oneByOne(Mutiny.Session session, List<CloudEvent<BookingConfirmed>> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> feed.confirmed(UUID.fromString(event.id()), event.data())
                        .call(session::flush))
                .collect().last().replaceWithVoid();
    }

    /** The tasks of first confirmations of unknown actions: what TaskFeed's create writes, in one statement. */
    private Uni<Void> create(Mutiny.Session session, List<CloudEvent<BookingConfirmed>> events,
                             Map<UUID, SubscriptionStatus> payments) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Tasks.now();
        List<Map<String, Object>> tasks = new ArrayList<>();
        List<Map<String, Object>> items = new ArrayList<>();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (CloudEvent<BookingConfirmed> event : events) {
            BookingConfirmed booking = event.data();
            Task task = new Task(); // not persisted: the rule that decides the hold lives on the entity
            task.id = UUID.randomUUID();
            task.kind = TaskKind.of(booking.serviceType());
            task.customerPaymentStatus = payments.get(booking.actionId());
            task.paymentHold = task.shouldHoldPayment();

            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", task.id);
            row.put("action_id", booking.actionId());
            row.put("kind", task.kind.name());
            row.put("customer_id", booking.customerId());
            row.put("window_start", booking.scheduledStart().toString());
            row.put("window_end", booking.scheduledEnd().toString());
            row.put("address", booking.address());
            row.put("containers", new Task.Containers(booking.containers()));
            row.put("instructions", TaskFeed.instructions(booking));
            row.put("customer_payment_status", task.customerPaymentStatus == null ? null
                    : task.customerPaymentStatus.name());
            row.put("payment_hold", task.paymentHold);
            row.put("confirmed_at", booking.confirmedAt().toString());
            row.put("created_at", now.toString());
            tasks.add(row);

            Map<UUID, ItemStatus> targets = TaskFeed.targets(booking);
            int position = 0;
            for (Map.Entry<UUID, ItemStatus> target : targets.entrySet()) {
                items.add(Map.of("task_id", task.id, "item_id", target.getKey(), "position", position++,
                        "target_status", target.getValue().name()));
            }
            lines.add(line(task.id, "created", TaskFeed.createdTrail(UUID.fromString(event.id()), booking,
                    targets.size()), now));
            if (task.paymentHold) {
                lines.add(line(task.id, "payment_hold_set",
                        Map.of("customer_payment_status", task.customerPaymentStatus.name()), now));
            }
        }
        return session.createNativeQuery(INSERT)
                .setParameter("tasks", SqlParameters.rows(mapper, tasks))
                .setParameter("items", SqlParameters.rows(mapper, items))
                .setParameter("lines", SqlParameters.rows(mapper, lines))
                .executeUpdate().replaceWithVoid();
    }

    /** A history line written by the system, as {@link Tasks#log} writes it. */
    private static Map<String, Object> line(UUID taskId, String type, Map<String, Object> metadata, Instant at) {
        return Map.of("task_id", taskId, "event_type", type, "actor_role", "system", "metadata", metadata,
                "created_at", at.toString());
    }
}
