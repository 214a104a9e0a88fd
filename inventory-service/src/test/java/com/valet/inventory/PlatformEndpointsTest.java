package com.valet.inventory;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class PlatformEndpointsTest {

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
    void servesOpenApiAndPrometheusMetrics() {
        given().when().get("/q/openapi?format=json")
                .then().statusCode(200).body("info.title", equalTo("Valet inventory-service"));
        given().when().get("/q/metrics")
                .then().statusCode(200).body(containsString("valet_outbox_published_total"));
    }
}
