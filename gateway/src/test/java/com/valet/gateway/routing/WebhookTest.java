package com.valet.gateway.routing;

import com.valet.devstack.SupabaseAuthTestResource;
import com.valet.gateway.testing.ServiceStubs;
import com.valet.gateway.testing.StubService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static com.valet.gateway.testing.ServiceStubs.stub;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Webhooks need no token and arrive byte for byte: the services check the signatures over those bytes. */
@QuarkusTest
@QuarkusTestResource(value = SupabaseAuthTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ServiceStubs.class, restrictToAnnotatedClass = false)
class WebhookTest {
    /** Odd spacing, a non-ASCII character, a trailing newline: any re-serialisation would change them. */
    private static final byte[] PAYLOAD = "{ \"id\":\"evt_1\",\n  \"amount\" : 1.50, \"name\":\"Zoë\" }\r\n"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void stripeEventsReachBillingUntouched() {
        String signature = "t=1700000000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd";
        StubService billing = stub("billing");
        billing.clear();
        given().contentType("application/json; charset=utf-8")
                .header("Stripe-Signature", signature)
                .body(PAYLOAD)
                .when().post("/webhooks/stripe")
                .then().statusCode(200).header("X-Stub", "billing");
        StubService.Received received = billing.last();
        assertEquals("POST", received.method());
        assertEquals("/webhooks/stripe", received.path());
        assertArrayEquals(PAYLOAD, received.body());
        assertEquals(signature, received.headers().get("Stripe-Signature"));
        assertEquals("application/json; charset=utf-8", received.headers().get("Content-Type"));
        assertNull(received.headers().get("Authorization"));
    }

    @Test
    void calendlyEventsReachBookingUntouched() {
        String signature = "t=1700000000,v1=0d9fbd6b1c1d1e7f1d9b0a87f6c4b1e6a0c7d2e9f4b3a2c1d0e9f8a7b6c5d4e3";
        StubService booking = stub("booking");
        booking.clear();
        given().contentType("application/json")
                .header("Calendly-Webhook-Signature", signature)
                .body(PAYLOAD)
                .when().post("/webhooks/calendly")
                .then().statusCode(200).header("X-Stub", "booking");
        StubService.Received received = booking.last();
        assertEquals("/webhooks/calendly", received.path());
        assertArrayEquals(PAYLOAD, received.body());
        assertEquals(signature, received.headers().get("Calendly-Webhook-Signature"));
    }

    @Test
    void anotherWebhookPathIsNotRouted() {
        given().contentType("application/json").body("{}")
                .when().post("/webhooks/paypal")
                .then().statusCode(404);
    }
}
