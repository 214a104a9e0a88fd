package com.valet.gateway.apidoc;

import com.valet.devstack.SupabaseAuthTestResource;
import com.valet.gateway.testing.ServiceStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One OpenAPI document for the whole public API, merged from the services' own (stubs here). */
@QuarkusTest
@QuarkusTestResource(value = SupabaseAuthTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ServiceStubs.class, restrictToAnnotatedClass = false)
class PlatformApiDocTest {

    @Test
    void everyServicesPathsAppearUnderItsPublicPrefixWithItsOwnSchemas() {
        JsonPath doc = given().when().get("/api/openapi").then().statusCode(200).extract().jsonPath();

        for (String service : ServiceStubs.ROUTED) {
            String path = "/api/" + service + "/things/{id}";
            Map<String, Object> get = doc.getMap("paths.'" + path + "'.get");
            assertNotNull(get, path);
            assertEquals(List.of(service), get.get("tags"));
            assertEquals(service + "_getThing", get.get("operationId"));
            assertEquals("#/components/schemas/" + service + ".Thing",
                    doc.getString("paths.'" + path + "'.get.responses.'200'.content.'application/json'.schema.'$ref'"));
            assertEquals("#/components/schemas/" + service + ".Owner",
                    doc.getString("components.schemas.'" + service + ".Thing'.properties.owner.'$ref'"));
            assertNotNull(doc.get("paths.'/webhooks/" + service + "'"), "a webhook keeps its own path");
            assertNull(doc.get("paths.'/api/" + service + "/q/health'"), "the services' /q paths are not public");
        }
        assertEquals("bearer", doc.getString("components.securitySchemes.SupabaseJWT.scheme"));
        assertTrue(doc.getList("tags.name").containsAll(List.of(ServiceStubs.ROUTED)));
    }

    @Test
    void aServiceThatCannotBeReadIsNamedNotFatal() {
        JsonPath doc = given().when().get("/api/openapi").then().statusCode(200).extract().jsonPath();
        List<String> unavailable = doc.getList("x-valet-unavailable");
        assertTrue(unavailable.contains("down"), unavailable.toString());
        assertFalse(unavailable.contains("inventory"));
        assertNotNull(doc.get("paths.'/api/inventory/things/{id}'"));
    }

    @Test
    void swaggerUiOpensOnThePlatformsDocument() {
        given().when().get("/q/swagger-ui/index.html").then().statusCode(200).body(containsString("/api/openapi"));
    }
}
