package com.valet.devstack.testing;

import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * What every domain service exposes to operators, checked the same way everywhere: extend it in a
 * {@code @QuarkusTest} of the service.
 */
public abstract class PlatformEndpointsContract {

    /** The OpenAPI title the service declares. */
    protected abstract String openApiTitle();

    @Test
    void readinessChecksTheDatabaseAndKafka() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Reactive PostgreSQL")))
                .body("checks.name", hasItem(containsString("Reactive Messaging")));
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void servesOpenApiSwaggerUiAndPrometheusMetrics() {
        given().when().get("/q/openapi?format=json")
                .then().statusCode(200).body("info.title", equalTo(openApiTitle()));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("valet_outbox_published_total"))
                .body(containsString("jvm_memory_used_bytes"));
    }
}
