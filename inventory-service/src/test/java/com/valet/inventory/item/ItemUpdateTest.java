package com.valet.inventory.item;

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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class ItemUpdateTest {

    @Test
    void anUpdateNeedsTheCurrentEtagAndBumpsIt() {
        UUID owner = UUID.randomUUID();
        String id = create(owner, item(owner, "Kayak")).statusCode(201).extract().path("id");
        String etag = given().auth().oauth2(token(owner)).get("/items/" + id).then().extract().header("ETag");

        patch(owner, id, null, Map.of("label", "Sea kayak")).statusCode(428).contentType(PROBLEM);
        patch(owner, id, "\"999\"", Map.of("label", "Sea kayak")).statusCode(412).contentType(PROBLEM);

        String newEtag = patch(owner, id, etag, Map.of("label", "Sea kayak", "dimensions_in",
                Map.of("length", 144, "width", 24, "height", 12)))
                .statusCode(200)
                .body("label", equalTo("Sea kayak"))
                .body("cubic_feet", equalTo(24.0f))
                .header("ETag", not(equalTo(etag)))
                .extract().header("ETag");
        // the old ETag is now stale: a second writer with it is refused
        patch(owner, id, etag, Map.of("label", "Lake kayak")).statusCode(412);
        patch(owner, id, newEtag, Map.of("label", "Lake kayak")).statusCode(200);

        given().auth().oauth2(token(owner)).get("/items/" + id + "/history").then().statusCode(200)
                .body("event_type", contains("created", "updated", "updated"))
                .body("[1].event_data.fields", contains("label", "dimensions_in"));
    }

    @Test
    void fieldsTheSystemOwnsCannotBePatched() {
        UUID owner = UUID.randomUUID();
        String id = create(owner, item(owner, "Rug")).statusCode(201).extract().path("id");
        patch(owner, id, "\"0\"", Map.of("status", "stored")).statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("status"));
        patch(owner, id, "\"0\"", Map.of("cubic_feet", 1)).statusCode(400)
                .body("errors[0].field", equalTo("cubic_feet"));
    }

    @Test
    void onceTheCompanyHoldsAnItemItsPhysicalFieldsAreFrozenAndItCannotBeDeleted() {
        UUID owner = UUID.randomUUID();
        String id = create(owner, item(owner, "Piano")).statusCode(201).extract().path("id");
        pickUp(id);
        String etag = given().auth().oauth2(token(owner)).get("/items/" + id).then().extract().header("ETag");

        patch(owner, id, etag, Map.of("weight_lbs", 300)).statusCode(409).contentType(PROBLEM)
                .body("physical_locked_at", org.hamcrest.Matchers.notNullValue());
        patch(owner, id, etag, Map.of("description", "Upright piano, tuned in 2025")).statusCode(200);
        given().auth().oauth2(token(owner)).delete("/items/" + id).then().statusCode(409).contentType(PROBLEM);
        given().auth().oauth2(token(owner)).get("/items/" + id).then().statusCode(200);
    }

    @Test
    void aDeletedItemDisappearsForItsOwnerAndOthersCannotDeleteIt() {
        UUID owner = UUID.randomUUID();
        String id = create(owner, item(owner, "Old TV")).statusCode(201).extract().path("id");
        given().auth().oauth2(token(UUID.randomUUID())).delete("/items/" + id).then().statusCode(404);
        given().auth().oauth2(token(owner)).delete("/items/" + id).then().statusCode(204);
        given().auth().oauth2(token(owner)).get("/items/" + id).then().statusCode(404);
        given().auth().oauth2(token(owner)).delete("/items/" + id).then().statusCode(404);
        given().auth().oauth2(token(owner)).get("/items").then().body("items.id", not(org.hamcrest.Matchers.hasItem(id)));
    }

    @Test
    void photosCanOnlyBeReplacedWithTheCallersOwn() {
        UUID owner = UUID.randomUUID();
        String id = create(owner, item(owner, "Vase")).statusCode(201).extract().path("id");
        patch(owner, id, "\"0\"", Map.of("photo_paths", List.of("someone/else.jpg"))).statusCode(400)
                .body("errors[0].field", equalTo("photo_paths[0]"));
    }

    private static io.restassured.response.ValidatableResponse patch(UUID owner, String id, String ifMatch,
                                                                      Map<String, Object> body) {
        var request = given().auth().oauth2(token(owner)).contentType(ContentType.JSON).body(body);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.patch("/items/" + id).then();
    }

    /** A driver collects the item: from then on the company holds it. */
    private static void pickUp(String id) {
        String driver = staffToken(UUID.randomUUID(), "driver");
        for (String status : List.of("scheduled", "in_transit")) {
            given().auth().oauth2(driver).contentType(ContentType.JSON).body(Map.of("to_status", status))
                    .post("/staff/items/" + id + "/moves").then().statusCode(200);
        }
    }
}
