package com.valet.booking.subscription;

import com.valet.events.SubscriptionStatus;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static com.valet.booking.BookingFixtures.now;
import static com.valet.booking.BookingFixtures.subscription;
import static com.valet.booking.BookingFixtures.subscriptionChanged;
import static com.valet.booking.ReadModels.processed;
import static com.valet.booking.ReadModels.statusOf;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class SubscriptionEventsConsumerTest {

    @Test
    void theNewestStatusWinsWhateverOrderTheEventsArriveIn() {
        UUID customer = UUID.randomUUID();
        Instant t0 = now();
        subscription(customer, SubscriptionStatus.trialing, t0);
        await().atMost(Duration.ofSeconds(60)).until(() -> statusOf(customer) == SubscriptionStatus.trialing);
        subscription(customer, SubscriptionStatus.past_due, t0.plusSeconds(3600));
        await().atMost(Duration.ofSeconds(30)).until(() -> statusOf(customer) == SubscriptionStatus.past_due);

        // a late event from before is consumed but does not roll the status back
        String late = subscription(customer, SubscriptionStatus.active, t0.plusSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(SubscriptionEventsConsumer.CONSUMER, late));
        assertEquals(SubscriptionStatus.past_due, statusOf(customer));
    }

    @Test
    void aSubscriptionChangeWithoutPaymentCountsTooInTheSameOrder() {
        UUID customer = UUID.randomUUID();
        Instant t0 = now();
        subscription(customer, SubscriptionStatus.active, t0);
        await().atMost(Duration.ofSeconds(60)).until(() -> statusOf(customer) == SubscriptionStatus.active);

        subscriptionChanged(customer, SubscriptionStatus.canceled, t0.plusSeconds(600));
        await().atMost(Duration.ofSeconds(60)).until(() -> statusOf(customer) == SubscriptionStatus.canceled);

        String late = subscriptionChanged(customer, SubscriptionStatus.trialing, t0.plusSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(SubscriptionEventsConsumer.CONSUMER, late));
        assertEquals(SubscriptionStatus.canceled, statusOf(customer));
    }
}
