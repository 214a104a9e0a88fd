package com.valet.inventory.container;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static com.valet.inventory.item.ItemFixtures.PROBLEM;
import static com.valet.inventory.item.ItemFixtures.staffToken;
import static com.valet.inventory.item.ItemFixtures.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class ContainerCatalogTest {
    private final String admin = staffToken(UUID.randomUUID(), "admin");

    @Test
    void anAdminAddsATypeCustomersSeeItAndAWithdrawnTypeDisappears() {
        String name = "Wardrobe box " + UUID.randomUUID();
        ValidatableResponse created = post(admin, spec(name, 1500)).statusCode(201)
                .body("name", equalTo(name)).body("currency", equalTo("usd")).body("active", equalTo(true));
        String id = created.extract().path("id");
        String etag = created.extract().header("ETag");

        given().auth().oauth2(token(UUID.randomUUID())).get("/containers").then().statusCode(200)
                .body("name", hasItem(name));

        Map<String, Object> withdrawn = spec(name, 1500);
        withdrawn.put("active", false);
        put(id, "\"999\"", withdrawn).statusCode(412).contentType(PROBLEM);
        put(id, etag, withdrawn).statusCode(200).body("active", equalTo(false));
        given().auth().oauth2(token(UUID.randomUUID())).get("/containers").then().statusCode(200)
                .body("name", not(hasItem(name)));
    }

    @Test
    void twoTypesOnOfferCannotShareAName() {
        String name = "Tote " + UUID.randomUUID();
        post(admin, spec(name, 500)).statusCode(201);
        post(admin, spec(name.toUpperCase(), 700)).statusCode(409).contentType(PROBLEM);
    }

    @Test
    void onlyAdminsKeepTheCatalogAndBadDefinitionsAreNamed() {
        post(token(UUID.randomUUID()), spec("Crate", 100)).statusCode(403).contentType(PROBLEM);
        post(staffToken(UUID.randomUUID(), "driver"), spec("Crate", 100)).statusCode(403);
        Map<String, Object> bad = spec("Crate", -1);
        bad.put("currency", "USD");
        post(admin, bad).statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("price_cents"))
                .body("errors.field", hasItem("currency"));
    }

    private static Map<String, Object> spec(String name, int priceCents) {
        Map<String, Object> spec = new HashMap<>();
        spec.put("name", name);
        spec.put("description", "Sturdy, with a hanging rail");
        spec.put("dimensions_in", Map.of("length", 24, "width", 21, "height", 46));
        spec.put("price_cents", priceCents);
        return spec;
    }

    private static ValidatableResponse post(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/staff/containers").then();
    }

    private ValidatableResponse put(String id, String ifMatch, Map<String, Object> body) {
        return given().auth().oauth2(admin).header("If-Match", ifMatch).contentType(ContentType.JSON).body(body)
                .put("/staff/containers/" + id).then();
    }
}
