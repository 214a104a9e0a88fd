package com.valet.ops.events;

import com.valet.events.BookingConfirmed;
import com.valet.events.CloudEvent;
import com.valet.events.ContainerOrder;
import com.valet.events.ItemMoved;
import com.valet.events.ItemStatus;
import com.valet.events.PaymentReceived;
import com.valet.events.ServiceType;
import com.valet.events.SubscriptionChanged;
import com.valet.events.SubscriptionStatus;
import com.valet.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.valet.ops.OpsFixtures.WAIT;
import static com.valet.ops.OpsFixtures.assign;
import static com.valet.ops.OpsFixtures.at;
import static com.valet.ops.OpsFixtures.awaitProcessed;
import static com.valet.ops.OpsFixtures.awaitTask;
import static com.valet.ops.OpsFixtures.booking;
import static com.valet.ops.OpsFixtures.events;
import static com.valet.ops.OpsFixtures.freshDay;
import static com.valet.ops.OpsFixtures.history;
import static com.valet.ops.OpsFixtures.moved;
import static com.valet.ops.OpsFixtures.now;
import static com.valet.ops.OpsFixtures.publishCanceled;
import static com.valet.ops.OpsFixtures.publishConfirmed;
import static com.valet.ops.OpsFixtures.publishMoved;
import static com.valet.ops.OpsFixtures.publishPayment;
import static com.valet.ops.OpsFixtures.publishSubscriptionChange;
import static com.valet.ops.OpsFixtures.qrCode;
import static com.valet.ops.OpsFixtures.staff;
import static com.valet.ops.OpsFixtures.task;
import static com.valet.ops.OpsFixtures.taskOfAction;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How booking's, inventory's and billing's events create and change tasks, once each, in any order. */
@QuarkusTest
class TaskEventsTest {

    @Test
    void aConfirmedPickupBecomesAnOpenTaskWithItsItemsAddressWindowAndInstructions() {
        UUID action = UUID.randomUUID();
        UUID customer = UUID.randomUUID();
        List<UUID> items = List.of(UUID.randomUUID(), UUID.randomUUID());
        Instant start = at(freshDay(), 10);
        BookingConfirmed booking = booking(action, customer, ServiceType.pickup, start, items, List.of(),
                List.of(new ContainerOrder(UUID.randomUUID(), 2)), now());
        publishConfirmed(booking);

        JsonPath task = awaitTask(action);
        assertEquals("pickup", task.getString("kind"));
        assertEquals("open", task.getString("status"));
        assertEquals(customer.toString(), task.getString("customer_id"));
        assertEquals(start.toString(), task.getString("window_start"));
        assertEquals(booking.scheduledEnd().toString(), task.getString("window_end"));
        assertEquals("1200 Barton Springs Rd", task.getString("address.street"));
        assertEquals("Apt 4B", task.getString("address.unit"));
        assertEquals("78704", task.getString("address.zip"));
        assertEquals(2, task.getInt("containers[0].quantity"));
        assertEquals("Collect 2 items from the customer and bring them to the warehouse; scan each label when you"
                + " take it. Bring 2 empty containers.", task.getString("instructions"));
        assertEquals(items.stream().map(UUID::toString).toList(), task.getList("items.item_id"));
        assertEquals(List.of("stored", "stored"), task.getList("items.target_status"));
        assertEquals(List.of(false, false), task.getList("items.done"));
        assertEquals(0, task.getInt("items_done"));
        assertEquals(2, task.getInt("items_total"));
        assertNull(task.get("assignee_id"));
        assertFalse(task.getBoolean("payment_hold"));
        assertEquals(List.of("created"), task.getList("history.event_type"));
        assertEquals("system", task.getString("history[0].actor_role"));
    }

    @Test
    void aRedeliveryBecomesADeliveryTaskAndAContainerDeliveryAContainerDrop() {
        LocalDate day = freshDay();
        UUID redelivery = UUID.randomUUID();
        UUID item = UUID.randomUUID();
        publishConfirmed(booking(redelivery, UUID.randomUUID(), ServiceType.redelivery, at(day, 9), List.of(),
                List.of(item), List.of(), now()));
        UUID containerDelivery = UUID.randomUUID();
        publishConfirmed(booking(containerDelivery, UUID.randomUUID(), ServiceType.container_delivery, at(day, 13),
                List.of(), List.of(), List.of(new ContainerOrder(UUID.randomUUID(), 1)), now()));

        JsonPath delivery = awaitTask(redelivery);
        assertEquals("delivery", delivery.getString("kind"));
        assertEquals(List.of("home"), delivery.getList("items.target_status"));
        assertEquals("Bring 1 stored item back to the customer; scan each label at hand-over.",
                delivery.getString("instructions"));
        JsonPath drop = awaitTask(containerDelivery);
        assertEquals("container_drop", drop.getString("kind"));
        assertEquals(0, drop.getInt("items_total"));
        assertEquals("Drop off 1 empty container.", drop.getString("instructions"));
    }

    @Test
    void aDuplicateConfirmationChangesNothingAndALaterOneReschedulesTheSameTask() {
        UUID action = UUID.randomUUID();
        UUID customer = UUID.randomUUID();
        LocalDate day = freshDay();
        Instant confirmedAt = now();
        CloudEvent<BookingConfirmed> first = publishConfirmed(booking(action, customer, ServiceType.pickup,
                at(day, 9), List.of(UUID.randomUUID()), List.of(), List.of(), confirmedAt));
        events().publish(first, Topics.BOOKING_CONFIRMED); // redelivered
        String taskId = awaitTask(action).getString("id");
        UUID driver = staff("driver");
        assign(taskId, driver);

        // a reschedule to the same day keeps the driver
        CloudEvent<BookingConfirmed> sameDay = publishConfirmed(booking(action, customer, ServiceType.pickup,
                at(day, 14), List.of(UUID.randomUUID()), List.of(), List.of(), confirmedAt.plusSeconds(60)));
        awaitProcessed(sameDay);
        JsonPath task = task(taskId);
        assertEquals(at(day, 14).toString(), task.getString("window_start"));
        assertEquals("assigned", task.getString("status"));
        assertEquals(driver.toString(), task.getString("assignee_id"));

        // an older confirmation consumed late changes nothing
        CloudEvent<BookingConfirmed> stale = publishConfirmed(booking(action, customer, ServiceType.pickup,
                at(day, 8), List.of(), List.of(), List.of(), confirmedAt.plusSeconds(30)));
        awaitProcessed(stale);
        assertEquals(at(day, 14).toString(), task(taskId).getString("window_start"));

        // a reschedule to another day gives the task back to dispatch
        CloudEvent<BookingConfirmed> otherDay = publishConfirmed(booking(action, customer, ServiceType.pickup,
                at(day.plusDays(1), 11), List.of(), List.of(), List.of(), confirmedAt.plusSeconds(120)));
        awaitProcessed(otherDay);
        task = taskOfAction(action);
        assertEquals(taskId, task.getString("id"));
        assertEquals(at(day.plusDays(1), 11).toString(), task.getString("window_start"));
        assertEquals("open", task.getString("status"));
        assertNull(task.get("assignee_id"));
        assertEquals(List.of("created", "assigned", "rescheduled", "rescheduled"), history(taskId));
        assertEquals(driver.toString(), task.getString("history[3].metadata.unassigned_driver_id"));
        // still one item: the items of a confirmed visit do not change
        assertEquals(1, task.getInt("items_total"));
    }

    @Test
    void aCancellationCancelsTheTaskOnce() {
        UUID action = UUID.randomUUID();
        UUID customer = UUID.randomUUID();
        publishConfirmed(booking(action, customer, ServiceType.pickup, at(freshDay(), 10), List.of(UUID.randomUUID()),
                List.of(), List.of(), now()));
        String taskId = awaitTask(action).getString("id");

        var cancel = publishCanceled(action, customer, ServiceType.pickup, "moving abroad");
        events().publish(cancel, Topics.BOOKING_CANCELED); // redelivered
        var another = publishCanceled(action, customer, ServiceType.pickup, "twice");
        awaitProcessed(another);

        JsonPath task = task(taskId);
        assertEquals("canceled", task.getString("status"));
        assertEquals("moving abroad", task.getString("cancel_reason"));
        assertEquals(List.of("created", "canceled"), task.getList("history.event_type"));
        assertEquals("customer", task.getString("history[1].actor_role"));
        assertEquals(customer.toString(), task.getString("history[1].actor_id"));
        assertEquals("booking-canceled", task.getString("history[1].metadata.source"));
    }

    @Test
    void aCancellationConsumedBeforeTheConfirmationCreatesTheTaskCanceled() {
        UUID action = UUID.randomUUID();
        UUID customer = UUID.randomUUID();
        awaitProcessed(publishCanceled(action, customer, ServiceType.redelivery, "changed my mind"));
        publishConfirmed(booking(action, customer, ServiceType.redelivery, at(freshDay(), 10), List.of(),
                List.of(UUID.randomUUID()), List.of(), now()));

        JsonPath task = awaitTask(action);
        assertEquals("canceled", task.getString("status"));
        assertEquals("changed my mind", task.getString("cancel_reason"));
        assertEquals(List.of("created", "canceled"), task.getList("history.event_type"));
    }

    @Test
    void scannedItemsAreMarkedDoneAndTheLastOneCompletesTheTask() {
        UUID action = UUID.randomUUID();
        UUID customer = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        publishConfirmed(booking(action, customer, ServiceType.pickup, at(freshDay(), 10), List.of(first, second),
                List.of(), List.of(), now()));
        String taskId = awaitTask(action).getString("id");
        UUID driver = staff("driver");
        assign(taskId, driver);

        // the driver takes the first item: the task is under way
        Instant t0 = now();
        CloudEvent<ItemMoved> taken = moved(first, customer, ItemStatus.scheduled, ItemStatus.in_transit, action, t0);
        events().publish(taken, Topics.ITEM_MOVED);
        events().publish(taken, Topics.ITEM_MOVED); // redelivered
        CloudEvent<ItemMoved> stored = moved(first, customer, ItemStatus.in_transit, ItemStatus.stored, action,
                t0.plusSeconds(600));
        events().publish(stored, Topics.ITEM_MOVED);
        awaitProcessed(stored);
        JsonPath task = task(taskId);
        assertEquals("in_progress", task.getString("status"));
        assertEquals(java.util.Arrays.asList("stored", null), task.getList("items.status"));
        assertEquals(List.of(true, false), task.getList("items.done"));
        assertEquals(qrCode(first), task.getString("items[0].qr_code"));
        assertEquals(1, task.getInt("items_done"));

        // an older scan of the first item consumed late does not undo it
        CloudEvent<ItemMoved> late = moved(first, customer, ItemStatus.home, ItemStatus.scheduled, action,
                t0.minusSeconds(600));
        events().publish(late, Topics.ITEM_MOVED);
        awaitProcessed(late);
        assertEquals(List.of(true, false), task(taskId).getList("items.done"));

        // a move outside this visit, or of an item not on it, changes nothing
        awaitProcessed(publishMoved(second, customer, ItemStatus.home, ItemStatus.scheduled, null));
        awaitProcessed(publishMoved(UUID.randomUUID(), customer, ItemStatus.home, ItemStatus.scheduled, action));
        assertEquals("in_progress", task(taskId).getString("status"));

        publishMoved(second, customer, ItemStatus.scheduled, ItemStatus.in_transit, action);
        awaitProcessed(publishMoved(second, customer, ItemStatus.in_transit, ItemStatus.stored, action));
        task = task(taskId);
        assertEquals("done", task.getString("status"));
        assertEquals(List.of(true, true), task.getList("items.done"));
        assertEquals(List.of("created", "assigned", "item_moved", "started", "item_moved", "item_moved",
                "item_moved", "completed"), task.getList("history.event_type"));
        assertEquals(driver.toString(), task.getString("history[1].metadata.driver_id"));
        assertEquals("in_transit", task.getString("history[2].metadata.to_status"));
        assertEquals("driver", task.getString("history[2].actor_role"));
        assertEquals(Boolean.TRUE, task.getBoolean("history[7].metadata.automatic"));
    }

    @Test
    void itemsScannedBeforeTheConfirmationIsConsumedAreOnTheTask() {
        UUID action = UUID.randomUUID();
        UUID customer = UUID.randomUUID();
        UUID home = UUID.randomUUID();
        UUID elsewhere = UUID.randomUUID();
        awaitProcessed(publishMoved(home, customer, ItemStatus.in_transit, ItemStatus.home, action));
        awaitProcessed(publishMoved(elsewhere, customer, ItemStatus.stored, ItemStatus.scheduled, action));

        publishConfirmed(booking(action, customer, ServiceType.redelivery, at(freshDay(), 10), List.of(),
                List.of(home, elsewhere), List.of(), now()));
        JsonPath task = awaitTask(action);
        assertEquals(List.of("home", "scheduled"), task.getList("items.status"));
        assertEquals(List.of(true, false), task.getList("items.done"));
        assertEquals("open", task.getString("status"));

        awaitProcessed(publishMoved(elsewhere, customer, ItemStatus.in_transit, ItemStatus.home, action));
        assertEquals("done", taskOfAction(action).getString("status"));
    }

    @Test
    void aDeliveryForACustomerWhoIsPastDueIsHeldUntilTheyPay() {
        UUID customer = UUID.randomUUID();
        Instant t0 = now();
        CloudEvent<PaymentReceived> pastDue = publishPayment(customer, SubscriptionStatus.past_due, t0);
        events().publish(pastDue, Topics.PAYMENT_RECEIVED); // redelivered
        awaitProcessed(pastDue);
        LocalDate day = freshDay();
        UUID redelivery = UUID.randomUUID();
        publishConfirmed(booking(redelivery, customer, ServiceType.redelivery, at(day, 10), List.of(),
                List.of(UUID.randomUUID()), List.of(), now()));
        UUID pickup = UUID.randomUUID();
        publishConfirmed(booking(pickup, customer, ServiceType.pickup, at(day, 12), List.of(UUID.randomUUID()),
                List.of(), List.of(), now()));

        JsonPath delivery = awaitTask(redelivery);
        assertTrue(delivery.getBoolean("payment_hold"));
        assertEquals("past_due", delivery.getString("customer_payment_status"));
        assertEquals(List.of("created", "payment_hold_set"), delivery.getList("history.event_type"));
        JsonPath collect = awaitTask(pickup);
        assertEquals("past_due", collect.getString("customer_payment_status"));
        assertFalse(collect.getBoolean("payment_hold")); // only what we bring back waits for payment

        // an older payment consumed late changes nothing; a newer one settles it
        awaitProcessed(publishPayment(customer, SubscriptionStatus.active, t0.minusSeconds(3600)));
        assertTrue(taskOfAction(redelivery).getBoolean("payment_hold"));
        awaitProcessed(publishPayment(customer, SubscriptionStatus.active, t0.plusSeconds(60)));
        delivery = taskOfAction(redelivery);
        assertFalse(delivery.getBoolean("payment_hold"));
        assertEquals("active", delivery.getString("customer_payment_status"));
        assertEquals(List.of("created", "payment_hold_set", "payment_hold_released"),
                delivery.getList("history.event_type"));
        assertEquals(List.of("created", "payment_status_changed"), taskOfAction(pickup).getList("history.event_type"));

        // and falling behind again holds it again
        awaitProcessed(publishPayment(customer, SubscriptionStatus.unpaid, t0.plusSeconds(120)));
        assertTrue(taskOfAction(redelivery).getBoolean("payment_hold"));
        assertEquals(1, Collections.frequency(taskOfAction(redelivery).getList("history.event_type"),
                "payment_hold_released"));
    }

    @Test
    void aSubscriptionThatFallsPastDueWithoutAPaymentHoldsDeliveriesAndTheNewestStateWins() {
        UUID customer = UUID.randomUUID();
        Instant t0 = now();
        awaitProcessed(publishPayment(customer, SubscriptionStatus.active, t0));
        UUID redelivery = UUID.randomUUID();
        publishConfirmed(booking(redelivery, customer, ServiceType.redelivery, at(freshDay(), 10), List.of(),
                List.of(UUID.randomUUID()), List.of(), now()));
        assertFalse(awaitTask(redelivery).getBoolean("payment_hold"));

        CloudEvent<SubscriptionChanged> pastDue = publishSubscriptionChange(customer, SubscriptionStatus.past_due,
                t0.plusSeconds(60));
        events().publish(pastDue, Topics.SUBSCRIPTION_CHANGED); // redelivered
        awaitProcessed(pastDue);
        JsonPath held = taskOfAction(redelivery);
        assertTrue(held.getBoolean("payment_hold"));
        assertEquals("past_due", held.getString("customer_payment_status"));
        assertEquals(List.of("created", "payment_hold_set"), held.getList("history.event_type"));
        assertEquals(t0.plusSeconds(60).toString(), held.getString("history[1].metadata.changed_at"));

        // a state older than the one known, consumed late, changes nothing; a newer payment settles it
        awaitProcessed(publishSubscriptionChange(customer, SubscriptionStatus.active, t0.plusSeconds(30)));
        assertTrue(taskOfAction(redelivery).getBoolean("payment_hold"));
        awaitProcessed(publishPayment(customer, SubscriptionStatus.active, t0.plusSeconds(120)));
        assertEquals(List.of("created", "payment_hold_set", "payment_hold_released"),
                taskOfAction(redelivery).getList("history.event_type"));

        // canceled later: held again
        awaitProcessed(publishSubscriptionChange(customer, SubscriptionStatus.canceled, t0.plusSeconds(180)));
        assertEquals("canceled", taskOfAction(redelivery).getString("customer_payment_status"));
        assertTrue(taskOfAction(redelivery).getBoolean("payment_hold"));
    }

    @Test
    void aPoisonConfirmationIsDeadLetteredAndTheNextOneStillCreatesItsTask() {
        String key = UUID.randomUUID().toString();
        events().publishRaw(Topics.BOOKING_CONFIRMED, key, "{\"specversion\":\"1.0\",\"not\":\"an event\"}");
        try (var deadLetters = com.valet.devstack.testing.TopicReader.fromStart(
                com.valet.devstack.DevStack.sharedForTests().kafka().bootstrapServers(),
                Topics.deadLetter(Topics.BOOKING_CONFIRMED))) {
            assertEquals(key, deadLetters.await(r -> key.equals(r.key()), WAIT).key());
        }
        UUID action = UUID.randomUUID();
        publishConfirmed(booking(action, UUID.randomUUID(), ServiceType.pickup, at(freshDay(), 10),
                List.of(UUID.randomUUID()), List.of(), List.of(), now()));
        assertEquals("open", awaitTask(action).getString("status"));
    }

    /**
     * Five confirmations on one partition (one key), sent back to back so they are polled together: the third
     * carries text PostgreSQL cannot store (NUL), so its transaction fails for good. The batch is applied again
     * one event per transaction: only that event goes to the dead-letter topic, with the reason, and is not
     * recorded as processed; the four others create their tasks.
     */
    @Test
    void aBatchWithAnEventThatCanNeverBeAppliedDeadLettersOnlyThatEventAndAppliesTheRest() {
        String key = UUID.randomUUID().toString();
        UUID customer = UUID.randomUUID();
        LocalDate day = freshDay();
        List<CloudEvent<BookingConfirmed>> sent = new java.util.ArrayList<>();
        List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            BookingConfirmed booking = booking(UUID.randomUUID(), customer, ServiceType.pickup, at(day, 8 + i),
                    List.of(UUID.randomUUID()), List.of(), List.of(), now());
            if (i == 2) {
                booking = new BookingConfirmed(booking.actionId(), customer, ServiceType.pickup,
                        booking.scheduledStart(), booking.scheduledEnd(), booking.pickupItemIds(), List.of(), List.of(),
                        new com.valet.events.Address("12 Main\u0000St", null, "Austin", "TX", "78704"), null, now());
            }
            CloudEvent<BookingConfirmed> event = com.valet.ops.OpsFixtures.confirmed(booking);
            sent.add(event);
            values.add(new com.valet.events.EventCodec().encode(event));
        }
        events().publishRawTogether(Topics.BOOKING_CONFIRMED, key, values);
        for (int i : new int[] {0, 1, 3, 4}) {
            assertEquals("open", awaitTask(sent.get(i).data().actionId()).getString("status"));
        }
        CloudEvent<BookingConfirmed> poison = sent.get(2);
        try (var deadLetters = com.valet.devstack.testing.TopicReader.fromStart(
                com.valet.devstack.DevStack.sharedForTests().kafka().bootstrapServers(),
                Topics.deadLetter(Topics.BOOKING_CONFIRMED))) {
            var letter = deadLetters.await(r -> key.equals(r.key()), WAIT);
            assertTrue(letter.value().contains(poison.id()), "the dead letter is the poison event: " + letter.value());
            String reason = new String(letter.headers().lastHeader("dead-letter-reason").value(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertFalse(reason.isBlank());
            assertEquals("ops.task-creation", new String(letter.headers().lastHeader("dead-letter-consumer").value(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        assertFalse(com.valet.ops.OpsFixtures.processed(poison.id()), "a dead-lettered event is not processed");
        io.restassured.RestAssured.given().auth().oauth2(com.valet.ops.OpsFixtures.admin())
                .get("/tasks/by-action/" + poison.data().actionId()).then().statusCode(404);
    }

    /**
     * One polled batch that mixes what the set-based creation writes (first confirmations of unknown actions, for
     * a customer who is past due) with what it leaves to the one-by-one rule (an action confirmed twice in the
     * batch, an action scanned before, a redelivered copy): each ends as if applied alone, in order.
     */
    @Test
    void aBatchMixingNewActionsWithRescheduledAndScannedOnesAppliesEachAsIfAlone() {
        UUID customer = UUID.randomUUID();
        LocalDate day = freshDay();
        Instant t0 = now();
        awaitProcessed(publishPayment(customer, SubscriptionStatus.past_due, t0));
        UUID fresh = UUID.randomUUID();
        UUID delivery = UUID.randomUUID();
        UUID twice = UUID.randomUUID();
        UUID scanned = UUID.randomUUID();
        UUID scannedItem = UUID.randomUUID();
        awaitProcessed(publishMoved(scannedItem, customer, ItemStatus.in_transit, ItemStatus.stored, scanned));

        List<UUID> items = List.of(UUID.randomUUID(), UUID.randomUUID());
        CloudEvent<BookingConfirmed> first = com.valet.ops.OpsFixtures.confirmed(booking(fresh, customer,
                ServiceType.pickup, at(day, 8), items, List.of(), List.of(), t0));
        List<CloudEvent<BookingConfirmed>> batch = List.of(first,
                com.valet.ops.OpsFixtures.confirmed(booking(delivery, customer, ServiceType.redelivery, at(day, 9),
                        List.of(), List.of(UUID.randomUUID()), List.of(), t0)),
                com.valet.ops.OpsFixtures.confirmed(booking(twice, customer, ServiceType.pickup, at(day, 10),
                        List.of(UUID.randomUUID()), List.of(), List.of(), t0)),
                com.valet.ops.OpsFixtures.confirmed(booking(twice, customer, ServiceType.pickup, at(day.plusDays(1), 11),
                        List.of(UUID.randomUUID()), List.of(), List.of(), t0.plusSeconds(60))),
                com.valet.ops.OpsFixtures.confirmed(booking(scanned, customer, ServiceType.pickup, at(day, 12),
                        List.of(scannedItem), List.of(), List.of(), t0)),
                first);
        com.valet.events.EventCodec codec = new com.valet.events.EventCodec();
        events().publishRawTogether(Topics.BOOKING_CONFIRMED, customer.toString(),
                batch.stream().map(codec::encode).toList());

        JsonPath pickup = awaitTask(fresh);
        assertEquals("open", pickup.getString("status"));
        assertEquals(items.stream().map(UUID::toString).toList(), pickup.getList("items.item_id"));
        assertEquals(List.of("created"), pickup.getList("history.event_type"), "the redelivered copy changed nothing");
        assertEquals(first.id(), pickup.getString("history[0].metadata.event_id"));
        assertEquals(2, pickup.getInt("history[0].metadata.items"));
        assertEquals("past_due", pickup.getString("customer_payment_status"));
        assertFalse(pickup.getBoolean("payment_hold"), "only deliveries are held");

        JsonPath held = awaitTask(delivery);
        assertTrue(held.getBoolean("payment_hold"));
        assertEquals(List.of("created", "payment_hold_set"), held.getList("history.event_type"));

        JsonPath rescheduled = awaitTask(twice);
        assertEquals(at(day.plusDays(1), 11).toString(), rescheduled.getString("window_start"));
        assertEquals(List.of("created", "rescheduled"), rescheduled.getList("history.event_type"));

        JsonPath done = awaitTask(scanned);
        assertEquals(List.of(true), done.getList("items.done"));
        assertEquals("done", done.getString("status"), "its only item was already stored");
    }

    static {
        // keep awaitility's default poll small: events are applied within milliseconds
        org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(100));
    }
}
