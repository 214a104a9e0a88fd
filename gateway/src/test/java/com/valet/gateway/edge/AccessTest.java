package com.valet.gateway.edge;

import com.valet.devstack.SupabaseAuthStub;
import com.valet.devstack.SupabaseAuthTestResource;
import com.valet.gateway.testing.ServiceStubs;
import com.valet.gateway.testing.StubService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.valet.gateway.testing.GatewayTest.assertProblem;
import static com.valet.gateway.testing.GatewayTest.auth;
import static com.valet.gateway.testing.GatewayTest.freshToken;
import static com.valet.gateway.testing.GatewayTest.raw;
import static com.valet.gateway.testing.ServiceStubs.stub;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = SupabaseAuthTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ServiceStubs.class, restrictToAnnotatedClass = false)
class AccessTest {

    @Test
    void theZipCheckIsPublic() {
        StubService booking = stub("booking");
        booking.clear();
        given().when().get("/api/booking/service-areas/94107").then().statusCode(200);
        assertEquals("/service-areas/94107", booking.last().path());
    }

    @Test
    void onlyReadingTheZipCheckIsPublic() {
        assertProblem(given().contentType("application/json").body("{}")
                .when().put("/api/booking/service-areas/94107").then(), 401);
    }

    @Test
    void everyServiceRouteWantsATokenAndTheServiceIsNotCalledWithout() {
        for (String service : ServiceStubs.ROUTED) {
            stub(service).clear();
            assertProblem(given().when().get("/api/" + service + "/items").then(), 401)
                    .header("WWW-Authenticate", "Bearer")
                    .body("title", equalTo("Unauthorized"))
                    .body("instance", equalTo("/api/" + service + "/items"));
            assertEquals(0, stub(service).calls(), service);
        }
    }

    @Test
    void dotSegmentsDoNotMakeAPathPublic() {
        stub("inventory").clear();
        // normalised to /api/inventory/items, which needs a token (java.net.http sends the path as written)
        var response = raw("GET", "/api/booking/service-areas/../../inventory/items", HttpRequest.BodyPublishers.noBody());
        assertEquals(401, response.statusCode());
        assertEquals(0, stub("inventory").calls());
    }

    @Test
    void anExpiredTokenIsA401ProblemWithOneChallenge() {
        Map<String, Object> claims = claims();
        claims.put("exp", Instant.now().minusSeconds(600).getEpochSecond());
        List<String> challenges = assertProblem(given().auth().oauth2(auth().sign(claims))
                .when().get("/api/inventory/items").then(), 401)
                .body("detail", equalTo("A valid bearer token is required."))
                .extract().headers().getValues("WWW-Authenticate");
        assertEquals(1, challenges.size(), challenges.toString());
        assertTrue(challenges.get(0).startsWith("Bearer"), challenges.toString());
    }

    @Test
    void anInvalidTokenOnTheGatewaysOwnEndpointIsA401ProblemToo() {
        assertProblem(given().header("Authorization", "Bearer not.a.jwt").when().get("/api/me").then(), 401);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsA401Problem() {
        try (SupabaseAuthStub impostor = SupabaseAuthStub.withNewKey(0)) {
            stub("ops").clear();
            assertProblem(given().auth().oauth2(impostor.sign(claims())).when().get("/api/ops/tasks").then(), 401)
                    .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
            assertEquals(0, stub("ops").calls());
        }
    }

    @Test
    void garbageInsteadOfATokenIsA401Problem() {
        assertProblem(given().header("Authorization", "Bearer not.a.jwt").when().get("/api/billing/invoices").then(), 401);
    }

    @Test
    void theGatewaysOwnEndpointWantsATokenToo() {
        assertProblem(given().when().get("/api/me").then(), 401).header("WWW-Authenticate", "Bearer");
    }

    @Test
    void identityLookingHeadersFromTheClientAreDropped() {
        StubService inventory = stub("inventory");
        inventory.clear();
        given().auth().oauth2(freshToken())
                .header("X-User-Id", UUID.randomUUID().toString())
                .header("X-User-Roles", "admin")
                .header("X-Forwarded-User", "admin@valet.example")
                .header("X-Valet-Staff", "true")
                .header("x-valet-role", "warehouse")
                .header("Forwarded", "for=10.0.0.1;by=attacker")
                .header("X-Client-Version", "web-1.2.3")
                .when().get("/api/inventory/items")
                .then().statusCode(200);
        StubService.Received received = inventory.last();
        for (String header : List.of("X-User-Id", "X-User-Roles", "X-Forwarded-User", "X-Valet-Staff", "X-Valet-Role", "Forwarded")) {
            assertNull(received.headers().get(header), header + " must not reach the service");
        }
        assertEquals("web-1.2.3", received.headers().get("X-Client-Version"), "other headers pass");
        assertFalse(received.headers().get("X-Forwarded-For").contains(","), "one address, the one the gateway saw");
    }

    @Test
    void behindATrustedProxyTheServiceSeesTheClientsAddress() {
        // the test configuration trusts 127.0.0.1 as a proxy, as production would trust its load balancer
        StubService inventory = stub("inventory");
        inventory.clear();
        given().auth().oauth2(freshToken()).header("X-Forwarded-For", "203.0.113.5")
                .when().get("/api/inventory/items").then().statusCode(200);
        assertEquals("203.0.113.5", inventory.last().headers().get("X-Forwarded-For"));
    }

    @Test
    void operatorEndpointsNeedNoToken() {
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    private static Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", auth().issuer());
        claims.put("sub", UUID.randomUUID().toString());
        claims.put("aud", "authenticated");
        claims.put("role", "authenticated");
        claims.put("iat", Instant.now().getEpochSecond());
        claims.put("exp", Instant.now().plusSeconds(300).getEpochSecond());
        return claims;
    }
}
