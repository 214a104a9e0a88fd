package com.valet.billing.area;

import com.valet.billing.subscription.BillingCustomer;
import com.valet.devstack.DevStack;
import com.valet.devstack.testing.EventPublisher;
import com.valet.events.CloudEvent;
import com.valet.events.CustomerAreaChanged;
import com.valet.events.EventTypes;
import com.valet.events.SubscriptionStatus;
import com.valet.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Predicate;

import static com.valet.billing.BillingFixtures.count;
import static com.valet.billing.BillingFixtures.customer;
import static com.valet.billing.BillingFixtures.deliver;
import static com.valet.billing.BillingFixtures.event;
import static com.valet.billing.BillingFixtures.invoice;
import static com.valet.billing.BillingFixtures.knownCustomer;
import static com.valet.billing.BillingFixtures.newEventId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Billing learns out_of_service_area from booking's customer-area-changed, in order, once per event. */
@QuarkusTest
class CustomerAreaConsumerTest {
    private static final EventPublisher EVENTS = new EventPublisher(DevStack.sharedForTests().kafka().bootstrapServers());

    @AfterAll
    static void close() {
        EVENTS.close();
    }

    @Test
    void aCustomerBillingDoesNotKnowYetGetsARowWithTheFlag() {
        UUID user = UUID.randomUUID();
        publish(user, true, Instant.now());
        BillingCustomer row = await(user, c -> c.outOfServiceArea);
        assertEquals(SubscriptionStatus.inactive, row.subscriptionStatus);
        assertNull(row.stripeCustomerId);
    }

    @Test
    void theNewestChangeWinsAndARedeliveryChangesNothing() {
        UUID user = UUID.randomUUID();
        knownCustomer(user, false);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        CloudEvent<CustomerAreaChanged> newest = publish(user, true, now);
        await(user, c -> c.outOfServiceArea);
        publish(user, false, now.minusSeconds(60)); // an older state, arriving late
        EVENTS.publish(newest, Topics.CUSTOMER_AREA_CHANGED); // and the newest again
        // same key, same partition: once this later event is applied, the two before it were handled
        CloudEvent<CustomerAreaChanged> last = publish(user, true, now.minusSeconds(120));
        awaitCount("SELECT count(*) FROM processed_event WHERE event_id = '" + last.id() + "'", 1);
        BillingCustomer row = customer(user);
        assertTrue(row.outOfServiceArea, "an older area state never overwrites a newer one");
        assertEquals(now, row.areaChangedAt);
        assertEquals(1, count("SELECT count(*) FROM processed_event WHERE event_id = '" + newest.id() + "'"));
    }

    @Test
    void aPaymentMadeOutOfTheAreaIsFlaggedEvenWhenBillingLearnsTheAreaAfterThePayment() {
        UUID paidFirst = UUID.randomUUID();
        String cus = knownCustomer(paidFirst, false);
        long paidAt = Instant.now().getEpochSecond();
        deliver(event(newEventId(), "invoice.paid", paidAt, invoice("in_a" + paidFirst.toString().substring(0, 8), cus,
                "sub_a", 4900, paidAt))).statusCode(200);
        assertFalse(customer(paidFirst).needsManualRefund, "billing did not know the customer was out of the area");
        publish(paidFirst, true, Instant.ofEpochSecond(paidAt).minusSeconds(3600)); // out of area since an hour
        assertTrue(await(paidFirst, c -> c.outOfServiceArea).needsManualRefund);

        UUID movedAfter = UUID.randomUUID();
        String other = knownCustomer(movedAfter, false);
        deliver(event(newEventId(), "invoice.paid", paidAt, invoice("in_b" + movedAfter.toString().substring(0, 8), other,
                "sub_b", 4900, paidAt))).statusCode(200);
        publish(movedAfter, true, Instant.ofEpochSecond(paidAt).plusSeconds(60)); // moved out after paying
        assertFalse(await(movedAfter, c -> c.outOfServiceArea).needsManualRefund);
    }

    private static CloudEvent<CustomerAreaChanged> publish(UUID user, boolean outOfArea, Instant at) {
        CloudEvent<CustomerAreaChanged> event = CloudEvent.create(EventTypes.CUSTOMER_AREA_CHANGED, "/booking-service",
                user.toString(), new CustomerAreaChanged(user, "10001", outOfArea, at));
        EVENTS.publish(event, Topics.CUSTOMER_AREA_CHANGED);
        return event;
    }

    private static BillingCustomer await(UUID user, Predicate<BillingCustomer> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            BillingCustomer row = customer(user);
            if (row != null && condition.test(row)) {
                return row;
            }
            pause();
        }
        throw new AssertionError("customer " + user + " did not reach the expected state");
    }

    private static void awaitCount(String query, long atLeast) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (count(query) < atLeast) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not reached: " + query);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
