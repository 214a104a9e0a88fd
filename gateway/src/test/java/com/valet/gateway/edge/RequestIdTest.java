package com.valet.gateway.edge;

import com.valet.devstack.SupabaseAuthTestResource;
import com.valet.gateway.testing.ServiceStubs;
import com.valet.gateway.testing.StubService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static com.valet.gateway.testing.GatewayTest.freshToken;
import static com.valet.gateway.testing.ServiceStubs.stub;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = SupabaseAuthTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ServiceStubs.class, restrictToAnnotatedClass = false)
class RequestIdTest {

    @Test
    void aRequestWithoutAnIdGetsAUuidThatTheServiceSeesToo() {
        StubService ops = stub("ops");
        ops.clear();
        String id = given().auth().oauth2(freshToken())
                .when().get("/api/ops/tasks")
                .then().statusCode(200)
                .extract().header("X-Request-Id");
        assertDoesNotThrow(() -> UUID.fromString(id));
        assertEquals(id, ops.last().headers().get("X-Request-Id"));
        assertEquals(1, ops.last().headers().getAll("X-Request-Id").size());
    }

    @Test
    void theClientsIdAndTraceContextAreKept() {
        StubService booking = stub("booking");
        booking.clear();
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        given().auth().oauth2(freshToken())
                .header("X-Request-Id", "web-7f3a.42")
                .header("traceparent", traceparent)
                .header("tracestate", "valet=1")
                .when().get("/api/booking/actions")
                .then().statusCode(200)
                .header("X-Request-Id", "web-7f3a.42");
        assertEquals("web-7f3a.42", booking.last().headers().get("X-Request-Id"));
        // the gateway's span sits between client and service: same trace, its own span id, the client's state
        assertEquals(traceparent.substring(0, 36), booking.last().headers().get("traceparent").substring(0, 36));
        assertEquals("valet=1", booking.last().headers().get("tracestate"));
    }

    @Test
    void anIdThatCouldForgeLogLinesIsReplaced() {
        String id = given().auth().oauth2(freshToken())
                .header("X-Request-Id", "x\" 200 0 user=admin")
                .when().get("/api/booking/actions")
                .then().statusCode(200)
                .extract().header("X-Request-Id");
        assertDoesNotThrow(() -> UUID.fromString(id));
    }

    @Test
    void refusalsCarryTheIdToo() {
        String id = given().when().get("/api/inventory/items").then().statusCode(401).extract().header("X-Request-Id");
        assertDoesNotThrow(() -> UUID.fromString(id));
    }

    @Test
    void theAccessLogHasTheIdButNeverTheToken() throws InterruptedException {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger accessLog = Logger.getLogger("io.quarkus.http.access-log");
        accessLog.addHandler(capture);
        try {
            String token = freshToken();
            String id = "access-log-" + UUID.randomUUID();
            given().auth().oauth2(token).header("X-Request-Id", id)
                    .when().get("/api/inventory/items?secret=no")
                    .then().statusCode(200);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (lines.stream().noneMatch(line -> line.contains(id)) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String line = lines.stream().filter(l -> l.contains(id)).findFirst()
                    .orElseThrow(() -> new AssertionError("no access log line with " + id + " in " + lines));
            assertTrue(line.contains("GET /api/inventory/items"), line);
            assertFalse(line.contains(token.substring(token.lastIndexOf('.') + 1)), line);
            assertFalse(line.contains("Bearer"), line);
            assertFalse(line.contains("secret"), "no query string: " + line);
        } finally {
            accessLog.removeHandler(capture);
        }
    }
}
