package com.valet.inventory.item;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.valet.inventory.item.ItemFixtures.PROBLEM;
import static com.valet.inventory.item.ItemFixtures.item;
import static com.valet.inventory.item.ItemFixtures.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ItemBatchTest {

    @Test
    void aBatchIsCataloguedInOrderWithDistinctLabels() {
        UUID owner = UUID.randomUUID();
        List<String> codes = batch(owner, List.of(item(owner, "Lamp"), item(owner, "Rug"), item(owner, "Mirror")))
                .statusCode(201)
                .body("items.label", contains("Lamp", "Rug", "Mirror"))
                .extract().path("items.qr_code");
        assertEquals(3, new HashSet<>(codes).size());
        given().auth().oauth2(token(owner)).get("/items").then().body("items", hasSize(3));
    }

    @Test
    void oneBadItemRejectsTheWholeBatchNamingItsIndexAndField() {
        UUID owner = UUID.randomUUID();
        Map<String, Object> blank = item(owner, "");
        Map<String, Object> foreign = item(owner, "Stolen photo");
        foreign.put("photo_paths", List.of(UUID.randomUUID() + "/x.jpg"));

        batch(owner, List.of(item(owner, "Fine"), blank)).statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("items[1].label"));
        batch(owner, List.of(item(owner, "Fine"), item(owner, "Also fine"), foreign)).statusCode(400)
                .body("errors.field", contains("items[2].photo_paths[0]"));
        given().auth().oauth2(token(owner)).get("/items").then().body("items", hasSize(0));
    }

    @Test
    void moreThanFiftyItemsAreRefused() {
        UUID owner = UUID.randomUUID();
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            many.add(item(owner, "box " + i));
        }
        batch(owner, many).statusCode(400).contentType(PROBLEM).body("errors.field", contains("items"));
    }

    private static ValidatableResponse batch(UUID owner, List<Map<String, Object>> items) {
        return given().auth().oauth2(token(owner)).contentType(ContentType.JSON).body(Map.of("items", items))
                .post("/items/batch").then();
    }
}
