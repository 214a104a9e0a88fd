package com.valet.gateway.routing;

import com.valet.devstack.SupabaseAuthTestResource;
import com.valet.gateway.testing.ServiceStubs;
import com.valet.gateway.testing.StubService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.valet.gateway.testing.GatewayTest.assertProblem;
import static com.valet.gateway.testing.GatewayTest.freshToken;
import static com.valet.gateway.testing.ServiceStubs.stub;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A service that is down or too slow gives a quick problem, never a hang; the breaker then spares it. */
@QuarkusTest
@QuarkusTestResource(value = SupabaseAuthTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ServiceStubs.class, restrictToAnnotatedClass = false)
class UpstreamFailureTest {
    /** Not a benchmark: only "no hang" (the stubs' delay is 5 s, the timeouts 400 ms). */
    private static final Duration QUICK = Duration.ofSeconds(4);

    @Test
    void aServiceThatIsDownGivesA503ProblemQuickly() {
        String token = freshToken();
        for (int i = 0; i < ServiceStubs.FAILURES_TO_OPEN + 1; i++) { // refused, then refused by the open breaker
            long started = System.nanoTime();
            assertProblem(given().auth().oauth2(token).when().get("/api/down/items").then(), 503)
                    .header("Retry-After", notNullValue())
                    .body("title", equalTo("Service Unavailable"))
                    .body("detail", equalTo("down is unavailable."))
                    .body("service", equalTo("down"));
            assertQuick(started);
        }
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeGivesA504Problem() {
        long started = System.nanoTime();
        assertProblem(given().auth().oauth2(freshToken()).when().get("/api/slow/items").then(), 504)
                .body("service", equalTo("slow"))
                .body("detail", equalTo("slow did not answer in time."));
        assertQuick(started);
    }

    @Test
    void afterRepeatedFailuresTheBreakerAnswersWithoutCallingTheService() {
        StubService tripping = stub("tripping");
        tripping.clear();
        String token = freshToken();
        for (int i = 0; i < ServiceStubs.FAILURES_TO_OPEN; i++) {
            assertProblem(given().auth().oauth2(token).when().post("/api/tripping/things").then(), 504);
        }
        assertEquals(ServiceStubs.FAILURES_TO_OPEN, tripping.calls());

        long started = System.nanoTime();
        ValidatableResponse open = given().auth().oauth2(token).when().post("/api/tripping/things").then();
        assertProblem(open, 503).header("Retry-After", "60").body("service", equalTo("tripping"));
        assertQuick(started);
        assertEquals(ServiceStubs.FAILURES_TO_OPEN, tripping.calls(), "the open breaker did not call the service");
    }

    @Test
    void aServiceAnsweringAnErrorIsPassedOnAsIs() {
        for (int i = 0; i < ServiceStubs.FAILURES_TO_OPEN + 1; i++) {
            given().auth().oauth2(freshToken()).when().get("/api/ops/status/503")
                    .then().statusCode(503).header("X-Stub", "ops");
        }
        given().auth().oauth2(freshToken()).when().get("/api/ops/tasks").then().statusCode(200); // breaker still closed
    }

    @Test
    void anAnswerBrokenOffMidBodyResetsTheClientsConnectionRatherThanLookWhole() {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/api/billing/broken"))
                .header("Authorization", "Bearer " + freshToken()).timeout(Duration.ofSeconds(10)).build();
        assertThrows(java.io.IOException.class,
                () -> http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()),
                "a chunked answer cut short must not end with a terminating chunk");
    }

    private static void assertQuick(long startedNanos) {
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        assertTrue(took.compareTo(QUICK) < 0, "answered in " + took.toMillis() + " ms");
    }
}
