package com.valet.gateway.routing;

import com.valet.devstack.SupabaseAuthTestResource;
import com.valet.gateway.testing.ServiceStubs;
import com.valet.gateway.testing.StubService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static com.valet.gateway.testing.GatewayTest.freshToken;
import static com.valet.gateway.testing.ServiceStubs.stub;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(value = SupabaseAuthTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ServiceStubs.class, restrictToAnnotatedClass = false)
class RoutingTest {

    @Test
    void eachServiceGetsItsRoutesWithThePrefixStrippedAndTheQueryKept() {
        String token = freshToken();
        for (String service : ServiceStubs.ROUTED) {
            StubService stub = stub(service);
            stub.clear();
            given().auth().oauth2(token).urlEncodingEnabled(false)
                    .when().get("/api/" + service + "/items/42?page_size=5&q=a%20b")
                    .then().statusCode(200)
                    .header("X-Stub", service)
                    .body("service", equalTo(service));
            StubService.Received received = stub.last();
            assertEquals("GET", received.method());
            assertEquals("/items/42", received.path());
            assertEquals("page_size=5&q=a%20b", received.query());
            assertEquals(1, stub.calls(), service + " got exactly one call");
        }
    }

    @Test
    void thePrefixAloneIsTheServicesRoot() {
        stub("ops").clear();
        given().auth().oauth2(freshToken()).when().get("/api/ops").then().statusCode(200);
        assertEquals("/", stub("ops").last().path());
    }

    @Test
    void methodBodyAndHeadersGoThroughUnchanged() {
        String token = freshToken();
        byte[] body = "{\"label\": \"Winter coats\",  \"tags\":[\"é\"]}\n".getBytes(StandardCharsets.UTF_8);
        stub("inventory").clear();
        given().auth().oauth2(token)
                .contentType("application/json; charset=utf-8")
                .header("If-Match", "\"3\"")
                .header("Accept-Language", "fr")
                .body(body)
                .when().patch("/api/inventory/items/7")
                .then().statusCode(200);
        StubService.Received received = stub("inventory").last();
        assertEquals("PATCH", received.method());
        assertArrayEquals(body, received.body());
        assertEquals("application/json; charset=utf-8", received.headers().get("Content-Type"));
        assertEquals("\"3\"", received.headers().get("If-Match"));
        assertEquals("fr", received.headers().get("Accept-Language"));
        assertEquals("Bearer " + token, received.headers().get("Authorization"), "the services verify the token again");
        assertEquals("/api/inventory", received.headers().get("X-Forwarded-Prefix"));
    }

    @Test
    void aClientThatWaitsFor100ContinueGetsItAndItsBodyGoesThrough() throws Exception {
        stub("billing").clear();
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/api/billing/portal"))
                        .expectContinue(true)
                        .timeout(java.time.Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + freshToken())
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"return_url\":\"x\"}"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"return_url\":\"x\"}", new String(stub("billing").last().body(), StandardCharsets.UTF_8));
    }

    @Test
    void theServicesStatusAndHeadersComeBackButNotItsRequestIdOrCors() {
        given().auth().oauth2(freshToken())
                .when().delete("/api/booking/status/409")
                .then().statusCode(409)
                .header("X-Stub", "booking")
                .header("X-Request-Id", org.hamcrest.Matchers.not(equalTo("set-by-the-service")))
                .header("Access-Control-Allow-Origin", nullValue());
        assertEquals("DELETE", stub("booking").last().method());
    }

    @Test
    void aLocationIntoTheServiceIsRewrittenToTheGatewaysPath() {
        given().auth().oauth2(freshToken())
                .contentType("application/json").body("{}")
                .when().post("/api/inventory/created")
                .then().statusCode(201)
                .header("Location", "/api/inventory/things/1");
    }

    @Test
    void aStreamedAnswerArrivesWholeAndStreamed() {
        int size = 300_000; // several chunks, and more than Netty reads at once
        byte[] body = given().auth().oauth2(freshToken())
                .when().get("/api/ops/chunked/" + size)
                .then().statusCode(200)
                .header("Transfer-Encoding", "chunked")
                .header("Content-Type", "application/octet-stream")
                .extract().asByteArray();
        assertEquals(size, body.length);
    }

    @Test
    void aLengthFromTheServicePassesThrough() {
        given().auth().oauth2(freshToken())
                .when().get("/api/ops/tasks")
                .then().statusCode(200)
                .header("Content-Length", equalTo(Integer.toString("{\"service\":\"ops\",\"path\":\"/tasks\"}".length())))
                .header("Transfer-Encoding", nullValue());
    }

    @Test
    void anUnknownApiPathIsA404Problem() {
        given().auth().oauth2(freshToken())
                .when().get("/api/nowhere/items")
                .then().statusCode(404)
                .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"));
    }
}
