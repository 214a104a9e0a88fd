package com.valet.inventory.claim;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.valet.inventory.item.ItemFixtures.create;
import static com.valet.inventory.item.ItemFixtures.item;
import static com.valet.inventory.item.ItemFixtures.staffToken;
import static com.valet.inventory.item.ItemFixtures.token;
import static io.restassured.RestAssured.given;

/** Items the company has held, and claims on them, for the claim tests. */
final class ClaimFixtures {
    private ClaimFixtures() {
    }

    /** A new item of the owner's that a driver has picked up (home -> scheduled -> in_transit). */
    static String heldItem(UUID owner, String label) {
        String id = create(owner, item(owner, label)).statusCode(201).extract().path("id");
        String driver = staffToken(UUID.randomUUID(), "driver");
        for (String status : List.of("scheduled", "in_transit")) {
            given().auth().oauth2(driver).contentType(ContentType.JSON).body(Map.of("to_status", status))
                    .post("/staff/items/" + id + "/moves").then().statusCode(200);
        }
        return id;
    }

    static Map<String, Object> claim(UUID owner, String kind, long amountCents) {
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("kind", kind);
        claim.put("description", "Arrived with a cracked frame");
        claim.put("amount_cents", amountCents);
        claim.put("photo_paths", List.of(owner + "/claim-1.jpg"));
        return claim;
    }

    static ValidatableResponse file(UUID owner, String itemId, Map<String, Object> claim) {
        return given().auth().oauth2(token(owner)).contentType(ContentType.JSON).body(claim)
                .post("/items/" + itemId + "/claims").then();
    }

    /** Files a valid claim on a new held item; returns the claim's id. */
    static String openClaim(UUID owner, String label, long amountCents) {
        String item = heldItem(owner, label);
        return file(owner, item, claim(owner, "damage", amountCents)).statusCode(201).extract().path("id");
    }
}
