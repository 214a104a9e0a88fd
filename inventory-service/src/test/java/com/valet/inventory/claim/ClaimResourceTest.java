package com.valet.inventory.claim;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.valet.inventory.claim.ClaimFixtures.claim;
import static com.valet.inventory.claim.ClaimFixtures.file;
import static com.valet.inventory.claim.ClaimFixtures.heldItem;
import static com.valet.inventory.claim.ClaimFixtures.openClaim;
import static com.valet.inventory.item.ItemFixtures.PROBLEM;
import static com.valet.inventory.item.ItemFixtures.create;
import static com.valet.inventory.item.ItemFixtures.item;
import static com.valet.inventory.item.ItemFixtures.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ClaimResourceTest {

    @Test
    void aCustomerFilesAClaimOnAnItemTheCompanyHeldAndItsHistoryShowsIt() {
        UUID owner = UUID.randomUUID();
        String item = heldItem(owner, "Bike");
        String id = file(owner, item, claim(owner, "damage", 45_000))
                .statusCode(201)
                .header("Location", matchesPattern(".*/claims/[0-9a-f-]{36}"))
                .header("ETag", equalTo("\"0\""))
                .body("item_id", equalTo(item))
                .body("kind", equalTo("damage"))
                .body("amount_cents", equalTo(45_000))
                .body("photo_paths", contains(owner + "/claim-1.jpg"))
                .body("status", equalTo("open"))
                .body("approved_amount_cents", nullValue())
                .extract().path("id");

        given().auth().oauth2(token(owner)).get("/claims/" + id).then().statusCode(200)
                .header("ETag", equalTo("\"0\"")).body("description", equalTo("Arrived with a cracked frame"));
        given().auth().oauth2(token(owner)).get("/items/" + item + "/history").then().statusCode(200)
                .body("event_type", contains("created", "moved", "moved", "claim_filed"))
                .body("[3].event_data.claim_id", equalTo(id))
                .body("[3].event_data.amount_cents", equalTo(45_000))
                .body("[3].actor_role", equalTo("customer"));
    }

    @Test
    void invalidClaimsAreReportedByFieldAndNothingIsFiled() {
        UUID owner = UUID.randomUUID();
        String item = heldItem(owner, "Mirror");

        Map<String, Object> bad = claim(owner, "damage", 0);
        bad.put("description", "  ");
        bad.put("photo_paths", List.of(owner + "/1.jpg", owner + "/2.jpg", owner + "/3.jpg", owner + "/4.jpg",
                owner + "/5.jpg", owner + "/6.jpg"));
        file(owner, item, bad).statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItems("description", "amount_cents", "photo_paths"));

        file(owner, item, claim(owner, "damage", 1_000_001)).statusCode(400)
                .body("errors.field", contains("amount_cents"));
        file(owner, item, claim(owner, "theft", 100)).statusCode(400)
                .body("errors[0].field", equalTo("kind"));

        Map<String, Object> foreign = claim(owner, "loss", 100);
        foreign.put("photo_paths", List.of(owner + "/ok.jpg", UUID.randomUUID() + "/someone-elses.jpg"));
        file(owner, item, foreign).statusCode(400).body("errors.field", contains("photo_paths[1]"));

        Map<String, Object> selfApproved = claim(owner, "loss", 100);
        selfApproved.put("status", "approved");
        file(owner, item, selfApproved).statusCode(400).body("errors.field", contains("status"));

        given().auth().oauth2(token(owner)).get("/claims").then().statusCode(200).body("claims", hasSize(0));
    }

    @Test
    void aClaimNeedsNoPhotosAndTheLargestAllowedAmountIsTenThousandDollars() {
        UUID owner = UUID.randomUUID();
        Map<String, Object> lost = claim(owner, "loss", 1_000_000);
        lost.remove("photo_paths");
        file(owner, heldItem(owner, "Painting"), lost).statusCode(201)
                .body("photo_paths", hasSize(0)).body("kind", equalTo("loss"));
    }

    @Test
    void anotherCustomersItemAndClaimAreNotFound() {
        UUID owner = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        String item = heldItem(owner, "Guitar");

        file(stranger, item, claim(stranger, "damage", 100)).statusCode(404).contentType(PROBLEM);
        String id = file(owner, item, claim(owner, "damage", 100)).statusCode(201).extract().path("id");

        given().auth().oauth2(token(stranger)).get("/claims/" + id).then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(token(stranger)).get("/claims").then().statusCode(200).body("claims", hasSize(0));
        file(owner, UUID.randomUUID().toString(), claim(owner, "damage", 100)).statusCode(404);
        given().get("/claims").then().statusCode(401);
    }

    @Test
    void anItemTheCompanyNeverHeldCannotBeClaimedNorADeletedOne() {
        UUID owner = UUID.randomUUID();
        String atHome = create(owner, item(owner, "Couch")).statusCode(201).extract().path("id");
        file(owner, atHome, claim(owner, "damage", 100)).statusCode(409).contentType(PROBLEM)
                .body("current_status", equalTo("home"))
                .body("detail", containsString("never held"));

        given().auth().oauth2(token(owner)).delete("/items/" + atHome).then().statusCode(204);
        file(owner, atHome, claim(owner, "damage", 100)).statusCode(404);
    }

    @Test
    void anItemHasOneClaimBeingDealtWithAtATime() {
        UUID owner = UUID.randomUUID();
        String item = heldItem(owner, "Lamp");
        String first = file(owner, item, claim(owner, "damage", 100)).statusCode(201).extract().path("id");
        file(owner, item, claim(owner, "loss", 200)).statusCode(409).contentType(PROBLEM)
                .body("claim_id", equalTo(first))
                .body("claim_status", equalTo("open"));
    }

    @Test
    void theListIsTheCallersNewestFirstAndPagesWithACursor() {
        UUID owner = UUID.randomUUID();
        String first = openClaim(owner, "first", 100);
        String second = openClaim(owner, "second", 200);
        String third = openClaim(owner, "third", 300);

        String cursor = given().auth().oauth2(token(owner)).queryParam("limit", 2).get("/claims")
                .then().statusCode(200)
                .body("claims.id", contains(third, second))
                .body("next_cursor", notNullValue())
                .extract().path("next_cursor");
        given().auth().oauth2(token(owner)).queryParam("limit", 2).queryParam("after", cursor).get("/claims")
                .then().statusCode(200)
                .body("claims.id", contains(first))
                .body("next_cursor", nullValue());
        given().auth().oauth2(token(owner)).queryParam("limit", 101).get("/claims")
                .then().statusCode(400).body("errors[0].field", equalTo("limit"));
        given().auth().oauth2(token(owner)).queryParam("after", "nope").get("/claims")
                .then().statusCode(400).body("errors[0].field", equalTo("after"));
    }
}
