package com.valet.gateway.ratelimit;

import com.valet.devstack.SupabaseAuthTestResource;
import com.valet.gateway.testing.ServiceStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static com.valet.gateway.testing.GatewayTest.assertProblem;
import static com.valet.gateway.testing.GatewayTest.freshToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@link TightRateLimits}: a user's burst is 3, an address's 8, one more token every 10 s. Other
 * clients are posed as through X-Forwarded-For from a trusted proxy (the test configuration trusts
 * 127.0.0.1), so each test has its own addresses.
 */
@QuarkusTest
@TestProfile(TightRateLimits.class)
@QuarkusTestResource(value = SupabaseAuthTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ServiceStubs.class, restrictToAnnotatedClass = false)
class RateLimitTest {

    @Test
    void aUserOverTheirRateGets429WithRetryAfterAndOthersDoNot() {
        String token = freshToken();
        Response limited = refusedAfter(TightRateLimits.PER_USER_BURST, () -> given().auth().oauth2(token)
                .header("X-Forwarded-For", "192.0.2.10")
                .when().get("/api/inventory/items"));
        assertProblem(limited.then(), 429).body("limit", equalTo("per-user"));
        assertRetryAfterAToken(limited);

        given().auth().oauth2(freshToken()).header("X-Forwarded-For", "192.0.2.11")
                .when().get("/api/inventory/items").then().statusCode(200);
    }

    @Test
    void anAddressOverItsRateGets429EvenWithoutAToken() {
        Response limited = refusedAfter(TightRateLimits.PER_IP_BURST, () -> given().header("X-Forwarded-For", "198.51.100.7")
                .when().get("/api/booking/service-areas/94107"));
        assertProblem(limited.then(), 429).body("limit", equalTo("per-ip"));
        assertRetryAfterAToken(limited);

        given().header("X-Forwarded-For", "198.51.100.8")
                .when().get("/api/booking/service-areas/94107").then().statusCode(200);
    }

    @Test
    void webhooksCountAgainstTheAddress() {
        Response limited = refusedAfter(TightRateLimits.PER_IP_BURST, () -> given().header("X-Forwarded-For", "198.51.100.20")
                .contentType("application/json").body("{}")
                .when().post("/webhooks/stripe"));
        assertProblem(limited.then(), 429).body("limit", equalTo("per-ip"));
    }

    @Test
    void operatorEndpointsAreNotLimited() {
        for (int i = 0; i < TightRateLimits.PER_IP_BURST * 2; i++) {
            given().header("X-Forwarded-For", "198.51.100.9").when().get("/q/health/live").then().statusCode(200);
        }
    }

    /** The burst passes, the next request is refused (the bucket gains a token only every 10 s). */
    private static Response refusedAfter(int burst, Supplier<Response> request) {
        for (int i = 0; i < burst; i++) {
            request.get().then().statusCode(200);
        }
        Response refused = request.get();
        assertEquals(429, refused.statusCode(), refused.asString());
        return refused;
    }

    private static void assertRetryAfterAToken(Response refused) {
        long seconds = Long.parseLong(refused.header("Retry-After"));
        assertTrue(seconds >= 1 && seconds <= 10, "Retry-After " + seconds);
    }
}
