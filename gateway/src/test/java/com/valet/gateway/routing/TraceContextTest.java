package com.valet.gateway.routing;

import com.valet.devstack.SupabaseAuthTestResource;
import com.valet.devstack.TraceCollectorTestResource;
import com.valet.gateway.testing.ServiceStubs;
import com.valet.gateway.testing.StubService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static com.valet.gateway.testing.GatewayTest.freshToken;
import static com.valet.gateway.testing.ServiceStubs.stub;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The W3C trace context crosses the gateway: the service continues the client's trace, or the gateway's own. */
@QuarkusTest
@QuarkusTestResource(value = SupabaseAuthTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ServiceStubs.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TraceCollectorTestResource.class, restrictToAnnotatedClass = false)
class TraceContextTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";

    @Test
    void theServiceContinuesTheClientsTraceInAChildOfTheGatewaysSpan() {
        stub("inventory").clear();
        given().auth().oauth2(freshToken()).header("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01")
                .when().get("/api/inventory/items").then().statusCode(200);

        List<String> forwarded = stub("inventory").last().headers().getAll("traceparent");
        assertEquals(1, forwarded.size(), "one traceparent, not the client's and the gateway's: " + forwarded);
        String[] parts = forwarded.get(0).split("-");
        assertEquals(TRACE_ID, parts[1], "same trace");
        assertNotEquals(CLIENT_SPAN, parts[2], "the parent is the gateway's span, not the client's");
    }

    @Test
    void aRequestWithoutTraceContextStartsATraceAtTheGateway() {
        stub("booking").clear();
        given().auth().oauth2(freshToken()).when().get("/api/booking/profile").then().statusCode(200);

        StubService.Received received = stub("booking").last();
        String traceparent = received.headers().get("traceparent");
        assertTrue(traceparent != null && traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"),
                "the gateway starts a trace: " + traceparent);
    }

    @Test
    void theGatewaysSpansReachTheCollector() {
        given().auth().oauth2(freshToken()).when().get("/api/ops/tasks").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> TraceCollectorTestResource.collector().exports() > 0);
    }
}
