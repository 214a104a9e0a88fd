package com.valet.gateway.edge;

import com.valet.devstack.SupabaseAuthTestResource;
import com.valet.gateway.testing.ServiceStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static com.valet.gateway.testing.GatewayTest.freshToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** The web client's origin is {@code https://app.valet.example} in the test configuration. */
@QuarkusTest
@QuarkusTestResource(value = SupabaseAuthTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ServiceStubs.class, restrictToAnnotatedClass = false)
class CorsTest {
    private static final String WEB = "https://app.valet.example";

    @Test
    void aPreflightFromTheWebClientIsAllowedWithoutAToken() {
        given().header("Origin", WEB)
                .header("Access-Control-Request-Method", "PATCH")
                .header("Access-Control-Request-Headers", "authorization,content-type,if-match")
                .when().options("/api/inventory/items/7")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", WEB)
                .header("Access-Control-Allow-Methods", containsStringIgnoringCase("PATCH"))
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("authorization"));
    }

    @Test
    void anotherOriginIsNotAllowed() {
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET")
                .when().options("/api/inventory/items")
                .then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void theAnswerToTheWebClientCarriesTheGatewaysCorsHeadersNotTheServices() {
        given().auth().oauth2(freshToken()).header("Origin", WEB)
                .when().get("/api/inventory/items")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(WEB))
                .header("Access-Control-Expose-Headers", containsStringIgnoringCase("X-Request-Id"))
                .header("Access-Control-Allow-Origin", not(equalTo("*")));
    }
}
