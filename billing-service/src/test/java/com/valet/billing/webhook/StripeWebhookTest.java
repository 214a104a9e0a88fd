package com.valet.billing.webhook;

import com.valet.billing.ledger.LedgerEntry;
import com.valet.billing.subscription.BillingCustomer;
import com.valet.events.EventTypes;
import com.valet.events.PaymentReceived;
import com.valet.events.SubscriptionChanged;
import com.valet.events.SubscriptionStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.valet.billing.BillingFixtures.PROBLEM;
import static com.valet.billing.BillingFixtures.announced;
import static com.valet.billing.BillingFixtures.count;
import static com.valet.billing.BillingFixtures.customer;
import static com.valet.billing.BillingFixtures.deliver;
import static com.valet.billing.BillingFixtures.event;
import static com.valet.billing.BillingFixtures.invoice;
import static com.valet.billing.BillingFixtures.knownCustomer;
import static com.valet.billing.BillingFixtures.newEventId;
import static com.valet.billing.BillingFixtures.onVertx;
import static com.valet.billing.BillingFixtures.secret;
import static com.valet.billing.BillingFixtures.signature;
import static com.valet.billing.BillingFixtures.staffToken;
import static com.valet.billing.BillingFixtures.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class StripeWebhookTest {

    static String subscription(String id, String customer, String status, Long trialStart, Long trialEnd) {
        return "{\"id\":\"" + id + "\",\"object\":\"subscription\",\"customer\":\"" + customer + "\",\"status\":\""
                + status + "\",\"trial_start\":" + trialStart + ",\"trial_end\":" + trialEnd
                + ",\"metadata\":{}}";
    }

    static long now() {
        return Instant.now().getEpochSecond();
    }

    static long processedCount(String eventId) {
        return count("SELECT count(*) FROM webhook_events WHERE event_id = '" + eventId + "' AND processed_at IS NOT NULL");
    }

    static long stored(String eventId) {
        return count("SELECT count(*) FROM webhook_events WHERE event_id = '" + eventId + "'");
    }

    @Test
    void aSignedSubscriptionEventChangesTheStateOnceAndAnOlderOneNeverOverwritesIt() {
        UUID user = UUID.randomUUID();
        String cus = knownCustomer(user, false);
        long t = now();
        String trialing = newEventId();
        byte[] body = event(trialing, "customer.subscription.created", t - 100,
                subscription("sub_a", cus, "trialing", t - 100, t + 14 * 86400));

        deliver(body).statusCode(200).body("outcome", equalTo("applied")).body("event_id", equalTo(trialing));
        BillingCustomer row = customer(user);
        assertEquals(SubscriptionStatus.trialing, row.subscriptionStatus);
        assertEquals("sub_a", row.subscriptionId);
        assertEquals(Instant.ofEpochSecond(t + 14 * 86400), row.trialEnd);
        assertEquals(1, processedCount(trialing));

        // redelivered: 200, nothing changes
        deliver(body).statusCode(200).body("outcome", equalTo("duplicate"));
        assertEquals(1, stored(trialing));

        // a newer past_due arrives before an older active: the older one is recorded but changes nothing
        String pastDue = newEventId();
        deliver(event(pastDue, "customer.subscription.updated", t - 10, subscription("sub_a", cus, "past_due", null, null)))
                .statusCode(200).body("outcome", equalTo("applied"));
        String olderActive = newEventId();
        deliver(event(olderActive, "customer.subscription.updated", t - 50, subscription("sub_a", cus, "active", null, null)))
                .statusCode(200).body("outcome", equalTo("stale"));
        assertEquals(SubscriptionStatus.past_due, customer(user).subscriptionStatus);
        assertEquals(1, processedCount(olderActive));

        // deletion is canceled
        deliver(event(newEventId(), "customer.subscription.deleted", t, subscription("sub_a", cus, "canceled", null, null)))
                .statusCode(200).body("outcome", equalTo("applied"));
        assertEquals(SubscriptionStatus.canceled, customer(user).subscriptionStatus);

        // each state taken is announced once, in Stripe's order; the stale one is not
        List<SubscriptionChanged> changes = announced(EventTypes.SUBSCRIPTION_CHANGED, user);
        assertEquals(List.of(SubscriptionStatus.trialing, SubscriptionStatus.past_due, SubscriptionStatus.canceled),
                changes.stream().map(SubscriptionChanged::subscriptionStatus).toList());
        assertEquals(Instant.ofEpochSecond(t + 14 * 86400), changes.get(0).trialEnd());
        assertEquals(trialing, changes.get(0).stripeEventId());
        assertEquals(Instant.ofEpochSecond(t - 100), changes.get(0).changedAt());
        assertNull(changes.get(1).trialEnd());
        assertEquals(cus, changes.get(2).stripeCustomerId());
    }

    @Test
    void tamperedStaleAndUnsignedDeliveriesAre400AndChangeNothing() {
        UUID user = UUID.randomUUID();
        String cus = knownCustomer(user, false);
        String id = newEventId();
        byte[] body = event(id, "customer.subscription.updated", now(), subscription("sub_t", cus, "active", null, null));
        String header = signature(body, now(), secret());

        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("\"active\"", "\"trialing\"")
                .getBytes(StandardCharsets.UTF_8);
        given().header("Stripe-Signature", header).contentType("application/json").body(tampered)
                .post("/webhooks/stripe").then().statusCode(400).contentType(PROBLEM);

        long stale = now() - 301;
        given().header("Stripe-Signature", signature(body, stale, secret())).contentType("application/json").body(body)
                .post("/webhooks/stripe").then().statusCode(400).contentType(PROBLEM);

        given().contentType("application/json").body(body).post("/webhooks/stripe").then().statusCode(400)
                .contentType(PROBLEM);

        given().header("Stripe-Signature", signature(body, now(), "whsec_someone_else")).contentType("application/json")
                .body(body).post("/webhooks/stripe").then().statusCode(400).contentType(PROBLEM);

        assertEquals(0, stored(id));
        assertEquals(SubscriptionStatus.inactive, customer(user).subscriptionStatus);

        // the same bytes, properly signed, are accepted
        given().header("Stripe-Signature", header).contentType("application/json").body(body)
                .post("/webhooks/stripe").then().statusCode(200).body("outcome", equalTo("applied"));
        assertEquals(SubscriptionStatus.active, customer(user).subscriptionStatus);
    }

    @Test
    void aPaidInvoiceWritesOneLedgerEntryAndAnnouncesThePaymentOnce() {
        UUID user = UUID.randomUUID();
        String cus = knownCustomer(user, false);
        long paidAt = now() - 5;
        String id = newEventId();
        byte[] body = event(id, "invoice.paid", now(), invoice("in_p" + user.toString().substring(0, 8), cus, "sub_p", 4900, paidAt));

        deliver(body).statusCode(200).body("outcome", equalTo("applied"));
        String receipt = wholeRow(id);
        deliver(body).statusCode(200).body("outcome", equalTo("duplicate"));
        // the redelivery of a processed event changed nothing, its receipt included
        assertEquals(receipt, wholeRow(id));
        assertEquals("1|applied|true|", receipt(id));

        BillingCustomer row = customer(user);
        assertEquals(SubscriptionStatus.active, row.subscriptionStatus);
        assertEquals(Instant.ofEpochSecond(paidAt), row.lastPaymentAt);
        assertFalse(row.needsManualRefund);
        List<LedgerEntry> ledger = ledger(user);
        assertEquals(1, ledger.size());
        assertEquals(4900, ledger.get(0).amountCents);
        assertEquals("usd", ledger.get(0).currency);
        assertEquals("sub_p", ledger.get(0).subscriptionId);
        assertEquals(id, ledger.get(0).stripeEventId);
        List<PaymentReceived> payments = announced(EventTypes.PAYMENT_RECEIVED, user);
        assertEquals(1, payments.size());
        PaymentReceived payment = payments.get(0);
        assertEquals(cus, payment.stripeCustomerId());
        assertEquals(id, payment.stripeEventId());
        assertEquals("sub_p", payment.subscriptionId());
        assertEquals(SubscriptionStatus.active, payment.subscriptionStatus());
        assertEquals(4900, payment.amountCents());
        assertEquals(Instant.ofEpochSecond(paidAt), payment.paidAt());

        // a failure older than the payment is stale; a newer one makes it past_due and is announced
        String failure = "{\"id\":\"in_f" + user.toString().substring(0, 8) + "\",\"object\":\"invoice\",\"customer\":\""
                + cus + "\",\"amount_due\":4900,\"currency\":\"usd\",\"subscription\":\"sub_p\"}";
        deliver(event(newEventId(), "invoice.payment_failed", now() - 60, failure)).statusCode(200)
                .body("outcome", equalTo("stale"));
        assertEquals(SubscriptionStatus.active, customer(user).subscriptionStatus);
        deliver(event(newEventId(), "invoice.payment_failed", now() + 1, failure)).statusCode(200)
                .body("outcome", equalTo("applied"));
        assertEquals(SubscriptionStatus.past_due, customer(user).subscriptionStatus);
        assertEquals(List.of(SubscriptionStatus.past_due), announced(EventTypes.SUBSCRIPTION_CHANGED, user).stream()
                .map(SubscriptionChanged::subscriptionStatus).toList());
        deliver(event(newEventId(), "customer.subscription.updated", now() + 2,
                subscription("sub_p", cus, "unpaid", null, null))).statusCode(200).body("outcome", equalTo("applied"));
        assertEquals(SubscriptionStatus.unpaid, customer(user).subscriptionStatus);
        // the ledger and the announced payments are unchanged by all that
        assertEquals(1, ledger(user).size());
        assertEquals(1, announced(EventTypes.PAYMENT_RECEIVED, user).size());

        // a type billing does not use is acknowledged and marked processed
        String other = newEventId();
        deliver(event(other, "customer.created", now(), "{\"id\":\"" + cus + "\",\"object\":\"customer\"}"))
                .statusCode(200).body("outcome", equalTo("ignored"));
        assertEquals(1, processedCount(other));

        // the customer reads it
        given().auth().oauth2(token(user)).get("/subscription").then().statusCode(200)
                .body("subscription_status", equalTo("unpaid"))
                .body("last_payment_at", equalTo(Instant.ofEpochSecond(paidAt).toString()))
                .body("ledger[0].amount_cents", equalTo(4900))
                .body("ledger[0].entry_type", equalTo("payment"));
    }

    @Test
    void aPaymentOutOfTheServiceAreaNeedsAManualRefundUntilTheChargeIsRefunded() {
        UUID user = UUID.randomUUID();
        String cus = knownCustomer(user, true);
        deliver(event(newEventId(), "invoice.paid", now(), invoice("in_o" + user.toString().substring(0, 8), cus, "sub_o", 4900, now())))
                .statusCode(200);
        assertTrue(customer(user).needsManualRefund);

        String charge = "ch_" + user.toString().substring(0, 8);
        String refund = "{\"id\":\"" + charge + "\",\"object\":\"charge\",\"customer\":\"" + cus
                + "\",\"amount\":4900,\"amount_refunded\":4900,\"currency\":\"usd\",\"refunded\":true}";
        deliver(event(newEventId(), "charge.refunded", now(), refund)).statusCode(200).body("outcome", equalTo("applied"));
        assertFalse(customer(user).needsManualRefund);
        List<LedgerEntry> ledger = ledger(user);
        assertEquals(2, ledger.size());
        assertTrue(ledger.stream().anyMatch(e -> e.entryType.equals("refund") && e.amountCents == -4900));

        // a partial refund, then the rest: one refund entry per charge, holding the total refunded; a total
        // already recorded (a smaller one arriving late) changes nothing
        String second = "ch_2" + user.toString().substring(0, 8);
        String partial = "{\"id\":\"" + second + "\",\"object\":\"charge\",\"customer\":\"" + cus
                + "\",\"amount\":4900,\"amount_refunded\":1000,\"currency\":\"usd\",\"refunded\":false}";
        deliver(event(newEventId(), "charge.refunded", now(), partial)).statusCode(200)
                .body("outcome", equalTo("applied")).body("detail", equalTo("charge " + second + " refunded 1000 usd"));
        deliver(event(newEventId(), "charge.refunded", now(), partial.replace("1000", "4900").replace("false", "true")))
                .statusCode(200).body("outcome", equalTo("applied"))
                .body("detail", equalTo("charge " + second + " refunded 4900 usd in all"));
        deliver(event(newEventId(), "charge.refunded", now(), partial)).statusCode(200)
                .body("outcome", equalTo("ignored"));
        List<LedgerEntry> refunds = ledger(user).stream().filter(e -> e.stripeObjectId.equals(second)).toList();
        assertEquals(1, refunds.size());
        assertEquals(-4900, refunds.get(0).amountCents);
    }

    @Test
    void aFailedProcessingStaysUnprocessedUntilAnOperatorReplaysIt() {
        UUID user = UUID.randomUUID();
        String cus = "cus_late" + user.toString().substring(0, 8);
        String invoiceEvent = newEventId();
        // the payment arrives before the checkout that links the Stripe customer: billing cannot place it yet
        deliver(event(invoiceEvent, "invoice.paid", now() - 2, invoice("in_l" + user.toString().substring(0, 8), cus, "sub_l", 4900, now())))
                .statusCode(500).contentType(PROBLEM).body("event_id", equalTo(invoiceEvent));
        assertEquals(1, stored(invoiceEvent));
        assertEquals(0, processedCount(invoiceEvent));
        assertEquals("1||false|no customer with Stripe customer " + cus + " yet", receipt(invoiceEvent));

        String admin = staffToken("admin");
        given().auth().oauth2(admin).get("/staff/webhooks/stripe").then().statusCode(200)
                .body("events.event_id", hasItem(invoiceEvent));
        given().auth().oauth2(token(user)).get("/staff/webhooks/stripe").then().statusCode(403);
        given().auth().oauth2(token(user)).post("/staff/webhooks/stripe/" + invoiceEvent + "/replay").then().statusCode(403);
        // replaying too early fails again and keeps it listed
        given().auth().oauth2(admin).post("/staff/webhooks/stripe/" + invoiceEvent + "/replay").then().statusCode(500);
        assertEquals(2, count("SELECT attempts FROM webhook_events WHERE event_id = '" + invoiceEvent + "'"));

        String session = "{\"id\":\"cs_test_l\",\"object\":\"checkout.session\",\"mode\":\"subscription\",\"customer\":\""
                + cus + "\",\"subscription\":\"sub_l\",\"client_reference_id\":\"" + user + "\"}";
        deliver(event(newEventId(), "checkout.session.completed", now() - 1, session)).statusCode(200)
                .body("outcome", equalTo("applied"));
        assertEquals(cus, customer(user).stripeCustomerId);
        assertEquals("sub_l", customer(user).subscriptionId);
        assertEquals(0, ledger(user).size());

        given().auth().oauth2(admin).post("/staff/webhooks/stripe/" + invoiceEvent + "/replay").then().statusCode(200)
                .body("outcome", equalTo("applied"));
        assertEquals(1, processedCount(invoiceEvent));
        assertEquals(1, ledger(user).size());
        assertEquals(SubscriptionStatus.active, customer(user).subscriptionStatus);
        assertEquals(1, announced(EventTypes.PAYMENT_RECEIVED, user).size());
        assertNotNull(customer(user).lastPaymentAt);
        assertNull(onVertx(() -> Panache.withSession(() -> WebhookEvent.<WebhookEvent>find("eventId", invoiceEvent)
                .firstResult())).lastError);

        // Stripe's own retry and a second replay now change nothing
        given().auth().oauth2(admin).post("/staff/webhooks/stripe/" + invoiceEvent + "/replay").then().statusCode(200)
                .body("outcome", equalTo("duplicate"));
        given().auth().oauth2(admin).get("/staff/webhooks/stripe").then().statusCode(200)
                .body("events.event_id", not(hasItem(invoiceEvent)));
        given().auth().oauth2(admin).post("/staff/webhooks/stripe/evt_nope/replay").then().statusCode(404);
        assertEquals(1, ledger(user).size());
    }

    @Test
    void aFailedDeliveryKeepsItsReceiptWithTheErrorAndStripesRetryAppliesItOnceTheCauseIsGone() {
        UUID user = UUID.randomUUID();
        String cus = "cus_retry" + user.toString().substring(0, 8);
        String invoiceId = "in_r" + user.toString().substring(0, 8);
        String id = newEventId();
        byte[] body = event(id, "invoice.paid", now() - 2, invoice(invoiceId, cus, "sub_r", 4900, now() - 2));

        // billing does not know the Stripe customer yet: 500 problem, so Stripe retries; the receipt stays with
        // attempts and last_error, and nothing else of the event is written
        deliver(body).statusCode(500).contentType(PROBLEM).body("event_id", equalTo(id));
        assertEquals("1||false|no customer with Stripe customer " + cus + " yet", receipt(id));
        assertEquals(0, count("SELECT count(*) FROM account_ledger WHERE stripe_object_id = '" + invoiceId + "'"));
        assertEquals(0, announced(EventTypes.PAYMENT_RECEIVED, user).size());

        // the cause goes away: the checkout links the Stripe customer
        String session = "{\"id\":\"cs_test_r\",\"object\":\"checkout.session\",\"mode\":\"subscription\",\"customer\":\""
                + cus + "\",\"subscription\":\"sub_r\",\"client_reference_id\":\"" + user + "\"}";
        deliver(event(newEventId(), "checkout.session.completed", now() - 1, session)).statusCode(200)
                .body("outcome", equalTo("applied"));

        // Stripe's retry (the same bytes, signed again) applies it, once
        deliver(body).statusCode(200).body("outcome", equalTo("applied"));
        assertEquals("2|applied|true|", receipt(id));
        deliver(body).statusCode(200).body("outcome", equalTo("duplicate"));
        assertEquals("2|applied|true|", receipt(id));
        assertEquals(1, ledger(user).size());
        assertEquals(1, announced(EventTypes.PAYMENT_RECEIVED, user).size());
        assertEquals(SubscriptionStatus.active, customer(user).subscriptionStatus);
        given().auth().oauth2(staffToken("admin")).get("/staff/webhooks/stripe").then().statusCode(200)
                .body("events.event_id", not(hasItem(id)));
    }

    @Test
    void aDatabaseErrorWhileProcessingRollsTheEventBackAndStillRecordsTheReceipt() {
        UUID user = UUID.randomUUID();
        String cus = knownCustomer(user, false);
        String id = newEventId();
        // "us1" breaks the ledger's currency check: the statement fails inside the transaction of the delivery
        String invoice = invoice("in_d" + user.toString().substring(0, 8), cus, "sub_d", 4900, now())
                .replace("\"usd\"", "\"us1\"");
        deliver(event(id, "invoice.paid", now(), invoice)).statusCode(500).contentType(PROBLEM);

        String receipt = receipt(id);
        assertTrue(receipt.startsWith("1||false|"), receipt);
        assertTrue(receipt.contains("account_ledger_currency_check"), receipt);
        // none of the event: no state, no ledger, no announcement
        BillingCustomer row = customer(user);
        assertEquals(SubscriptionStatus.inactive, row.subscriptionStatus);
        assertNull(row.lastPaymentAt);
        assertEquals(0, ledger(user).size());
        assertEquals(0, announced(EventTypes.PAYMENT_RECEIVED, user).size());

        // every retry fails the same way and counts
        deliver(event(id, "invoice.paid", now(), invoice)).statusCode(500);
        assertTrue(receipt(id).startsWith("2||false|"));
    }

    @Test
    void concurrentDeliveriesOfOneEventApplyItOnce() throws Exception {
        UUID user = UUID.randomUUID();
        String cus = knownCustomer(user, false);
        String id = newEventId();
        byte[] body = event(id, "invoice.paid", now(), invoice("in_c" + user.toString().substring(0, 8), cus, "sub_c",
                4900, now()));
        int deliveries = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(deliveries);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return deliver(body).statusCode(200).extract().path("outcome");
                }));
            }
            start.countDown();
            List<String> outcomes = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<String> answer : answers) {
                outcomes.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertEquals(1, outcomes.stream().filter("applied"::equals).count(), outcomes.toString());
            assertEquals(deliveries - 1, outcomes.stream().filter("duplicate"::equals).count(), outcomes.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals("1|applied|true|", receipt(id));
        assertEquals(1, ledger(user).size());
        assertEquals(1, announced(EventTypes.PAYMENT_RECEIVED, user).size());
    }

    /** The whole webhook_events row as text (payload, received_at, processed_at and all). */
    static String wholeRow(String eventId) {
        return (String) onVertx(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT CAST(w AS text) FROM webhook_events w WHERE event_id = :id")
                .setParameter("id", eventId).getSingleResult())));
    }

    /** A receipt as attempts|outcome|processed|last_error. */
    static String receipt(String eventId) {
        Object row = onVertx(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT concat_ws('|', attempts, coalesce(outcome, ''),"
                        + " CASE WHEN processed_at IS NULL THEN 'false' ELSE 'true' END,"
                        + " coalesce(last_error, '')) FROM webhook_events WHERE event_id = :id")
                .setParameter("id", eventId).getSingleResult())));
        return (String) row;
    }

    private static List<LedgerEntry> ledger(UUID user) {
        return onVertx(() -> Panache.withSession(() -> LedgerEntry.<LedgerEntry>find("userId", user).list()));
    }
}
