package com.valet.inventory.search;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.valet.inventory.item.ItemFixtures.PROBLEM;
import static com.valet.inventory.item.ItemFixtures.create;
import static com.valet.inventory.item.ItemFixtures.item;
import static com.valet.inventory.item.ItemFixtures.staffToken;
import static com.valet.inventory.item.ItemFixtures.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class ItemSearchTest {

    @Test
    void findsByPrefixAcrossLabelTagsAndDescriptionBestMatchFirst() {
        UUID owner = UUID.randomUUID();
        catalogue(owner, "Winter coat", "Warm red wool, size M", List.of("clothes"));
        catalogue(owner, "Red road bike", "Carbon frame", List.of("bike", "sport"));
        catalogue(owner, "Tent", "Four people", List.of("camping", "red"));

        search(owner, "bik").body("label", contains("Red road bike"));
        // label outranks tags, tags outrank description
        search(owner, "red").body("label", contains("Red road bike", "Tent", "Winter coat"));
        search(owner, "red wool").body("label", contains("Winter coat"));
        search(UUID.randomUUID(), "red").body("", empty());
    }

    @Test
    void storedOnlyFindsWhatTheWarehouseHolds() {
        UUID owner = UUID.randomUUID();
        String id = catalogue(owner, "Ski boots", "Size 42", List.of("ski"));
        catalogue(owner, "Ski poles", "Carbon", List.of("ski"));
        given().auth().oauth2(token(owner)).queryParam("q", "ski").queryParam("stored_only", true)
                .get("/items/search").then().statusCode(200).body("", empty());
        String driver = staffToken(UUID.randomUUID(), "driver");
        for (String status : List.of("scheduled", "in_transit", "stored")) {
            given().auth().oauth2(driver).contentType(ContentType.JSON).body(Map.of("to_status", status))
                    .post("/staff/items/" + id + "/moves").then().statusCode(200);
        }
        given().auth().oauth2(token(owner)).queryParam("q", "ski").queryParam("stored_only", true)
                .get("/items/search").then().statusCode(200).body("label", contains("Ski boots"));
    }

    @Test
    void aQueryWithoutWordsIsRefused() {
        UUID owner = UUID.randomUUID();
        given().auth().oauth2(token(owner)).queryParam("q", "!!! ---").get("/items/search")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("q"));
        given().auth().oauth2(token(owner)).get("/items/search")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("q"));
    }

    private static io.restassured.response.ValidatableResponse search(UUID owner, String q) {
        return given().auth().oauth2(token(owner)).queryParam("q", q).get("/items/search").then().statusCode(200);
    }

    private static String catalogue(UUID owner, String label, String description, List<String> tags) {
        Map<String, Object> body = item(owner, label);
        body.put("description", description);
        body.put("tags", tags);
        return create(owner, body).statusCode(201).extract().path("id");
    }
}
