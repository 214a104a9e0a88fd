package com.valet.gateway.edge;

import com.valet.devstack.SupabaseAuthTestResource;
import com.valet.gateway.testing.ServiceStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.Arrays;

import static com.valet.gateway.testing.GatewayTest.assertProblem;
import static com.valet.gateway.testing.GatewayTest.freshToken;
import static com.valet.gateway.testing.GatewayTest.raw;
import static com.valet.gateway.testing.ServiceStubs.stub;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test configuration limits bodies to 64 KiB ({@link ServiceStubs#MAX_BODY_BYTES}). */
@QuarkusTest
@QuarkusTestResource(value = SupabaseAuthTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ServiceStubs.class, restrictToAnnotatedClass = false)
class BodyLimitTest {
    private static final int LIMIT = (int) ServiceStubs.MAX_BODY_BYTES;

    @Test
    void aBodyOverTheLimitIs413AndNeverReachesTheService() {
        stub("inventory").clear();
        assertProblem(given().auth().oauth2(freshToken()).contentType("application/json").body(bytes(LIMIT + 1))
                .when().post("/api/inventory/items").then(), 413);
        assertEquals(0, stub("inventory").calls());
    }

    @Test
    void webhooksHaveTheSameLimit() {
        assertProblem(given().contentType("application/json").body(bytes(LIMIT + 1024))
                .when().post("/webhooks/stripe").then(), 413);
    }

    @Test
    void aChunkedBodyIsCountedAsItArrives() {
        stub("booking").clear();
        var response = raw("POST", "/api/booking/actions",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes(LIMIT + 1))), // unknown length: chunked
                "Authorization", "Bearer " + freshToken(), "Content-Type", "application/octet-stream");
        assertEquals(413, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals(0, stub("booking").calls());
    }

    @Test
    void aBodyAtTheLimitPasses() {
        stub("inventory").clear();
        given().auth().oauth2(freshToken()).contentType("application/json").body(bytes(LIMIT))
                .when().post("/api/inventory/items").then().statusCode(200);
        assertEquals(LIMIT, stub("inventory").last().body().length);
    }

    private static byte[] bytes(int n) {
        byte[] body = new byte[n];
        Arrays.fill(body, (byte) 'a');
        return body;
    }
}
