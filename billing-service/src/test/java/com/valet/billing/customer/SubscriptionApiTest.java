package com.valet.billing.customer;

import com.valet.events.SubscriptionStatus;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.valet.billing.BillingFixtures.PROBLEM;
import static com.valet.billing.BillingFixtures.customer;
import static com.valet.billing.BillingFixtures.params;
import static com.valet.billing.BillingFixtures.sql;
import static com.valet.billing.BillingFixtures.stripeRequests;
import static com.valet.billing.BillingFixtures.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

@QuarkusTest
class SubscriptionApiTest {

    private static List<Map<String, Object>> requestsFor(String path, String param, String value) {
        return stripeRequests().stream().filter(r -> path.equals(r.get("path")))
                .filter(r -> value.equals(params(r).get(param))).toList();
    }

    @Test
    void checkoutCreatesTheStripeCustomerOnceAndASessionForThePriceWithIdempotencyKeys() {
        UUID user = UUID.randomUUID();
        given().auth().oauth2(token(user)).get("/subscription").then().statusCode(200)
                .body("subscription_status", equalTo("inactive")).body("ledger", empty())
                .body("trial_end", nullValue());

        String url = given().auth().oauth2(token(user)).header("Idempotency-Key", "attempt-1")
                .post("/subscription/checkout").then().statusCode(200)
                .body("url", startsWith("https://checkout.stripe.com/c/pay/cs_test_stub"))
                .extract().path("url");

        List<Map<String, Object>> customers = requestsFor("/v1/customers", "metadata[user_id]", user.toString());
        assertEquals(1, customers.size());
        Map<String, Object> created = customers.get(0);
        assertEquals("POST", created.get("method"));
        assertEquals("valet-customer-" + user, created.get("idempotency_key"));
        assertEquals(user + "@example.com", params(created).get("email"));
        assertEquals("Bearer sk_test_dev_only_placeholder", created.get("authorization"));
        String stripeCustomer = customer(user).stripeCustomerId;
        assertNotNull(stripeCustomer);

        List<Map<String, Object>> sessions = requestsFor("/v1/checkout/sessions", "client_reference_id", user.toString());
        assertEquals(1, sessions.size());
        Map<String, String> form = params(sessions.get(0));
        assertEquals("subscription", form.get("mode"));
        assertEquals(stripeCustomer, form.get("customer"));
        assertEquals("price_test_monthly", form.get("line_items[0][price]"));
        assertEquals("1", form.get("line_items[0][quantity]"));
        assertEquals(user.toString(), form.get("subscription_data[metadata][user_id]"));
        assertEquals("valet-checkout-" + user + "-attempt-1", sessions.get(0).get("idempotency_key"));
        assertNotNull(url);

        // a second checkout reuses the Stripe customer; without a key each attempt gets its own
        given().auth().oauth2(token(user)).post("/subscription/checkout").then().statusCode(200);
        assertEquals(1, requestsFor("/v1/customers", "metadata[user_id]", user.toString()).size());
        sessions = requestsFor("/v1/checkout/sessions", "client_reference_id", user.toString());
        assertEquals(2, sessions.size());
        assertEquals(stripeCustomer, params(sessions.get(1)).get("customer"));
        assertNotEquals(sessions.get(0).get("idempotency_key"), sessions.get(1).get("idempotency_key"));

        // the portal is for this Stripe customer
        given().auth().oauth2(token(user)).post("/subscription/portal").then().statusCode(200)
                .body("url", startsWith("https://billing.stripe.com/p/session/"));
        assertEquals(1, requestsFor("/v1/billing_portal/sessions", "customer", stripeCustomer).size());

        // once subscribed, checkout is refused: manage it in the portal
        sql("UPDATE customers SET subscription_status = 'active' WHERE user_id = '" + user + "'");
        given().auth().oauth2(token(user)).post("/subscription/checkout").then().statusCode(409).contentType(PROBLEM)
                .body("subscription_status", equalTo("active"));
        assertEquals(SubscriptionStatus.active, customer(user).subscriptionStatus);
    }

    @Test
    void thePortalNeedsABillingAccountAndEverythingNeedsASignedInCaller() {
        given().auth().oauth2(token(UUID.randomUUID())).post("/subscription/portal").then().statusCode(409)
                .contentType(PROBLEM);
        given().get("/subscription").then().statusCode(401);
        given().post("/subscription/checkout").then().statusCode(401);
    }
}
