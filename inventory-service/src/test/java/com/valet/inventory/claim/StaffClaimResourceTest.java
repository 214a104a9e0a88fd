package com.valet.inventory.claim;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.valet.inventory.claim.ClaimFixtures.claim;
import static com.valet.inventory.claim.ClaimFixtures.file;
import static com.valet.inventory.claim.ClaimFixtures.heldItem;
import static com.valet.inventory.claim.ClaimFixtures.openClaim;
import static com.valet.inventory.item.ItemFixtures.PROBLEM;
import static com.valet.inventory.item.ItemFixtures.staffToken;
import static com.valet.inventory.item.ItemFixtures.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class StaffClaimResourceTest {
    private final UUID reviewer = UUID.randomUUID();
    private final String staff = staffToken(reviewer, "admin");

    @Test
    void anApprovedClaimIsPaidAndTheCustomerSeesEachStep() {
        UUID owner = UUID.randomUUID();
        String item = heldItem(owner, "Bike");
        String id = file(owner, item, claim(owner, "damage", 45_000)).statusCode(201).extract().path("id");

        String etag = given().auth().oauth2(staff).get("/staff/claims/" + id).then().statusCode(200)
                .body("user_id", equalTo(owner.toString()))
                .body("status", equalTo("open"))
                .extract().header("ETag");
        String approved = decide(id, "approve", etag, Map.of("approved_amount_cents", 30_000,
                "review_note", "Repair estimate, not a new frame")).statusCode(200)
                .body("status", equalTo("approved"))
                .body("approved_amount_cents", equalTo(30_000))
                .body("reviewed_by", equalTo(reviewer.toString()))
                .body("reviewed_at", notNullValue())
                .header("ETag", not(equalTo(etag)))
                .extract().header("ETag");
        decide(id, "pay", approved, Map.of("payout_reference", "tr_1QxYz")).statusCode(200)
                .body("status", equalTo("paid"))
                .body("payout_reference", equalTo("tr_1QxYz"))
                .body("paid_at", notNullValue());

        given().auth().oauth2(token(owner)).get("/claims/" + id).then().statusCode(200)
                .body("status", equalTo("paid"))
                .body("approved_amount_cents", equalTo(30_000))
                .body("review_note", equalTo("Repair estimate, not a new frame"))
                .body("payout_reference", equalTo("tr_1QxYz"))
                .body("$", not(org.hamcrest.Matchers.hasKey("reviewed_by")));
        given().auth().oauth2(token(owner)).get("/items/" + item + "/history").then().statusCode(200)
                .body("event_type", contains("created", "moved", "moved", "claim_filed", "claim_approved",
                        "claim_paid"))
                .body("[4].event_data.approved_amount_cents", equalTo(30_000))
                .body("[4].actor_role", equalTo("admin"))
                .body("[5].event_data.claim_id", equalTo(id));

        // a paid claim is settled: the item can be claimed on again
        file(owner, item, claim(owner, "loss", 100)).statusCode(201);
    }

    @Test
    void aDenialNeedsAReasonAndEndsTheClaim() {
        UUID owner = UUID.randomUUID();
        String item = heldItem(owner, "Vase");
        String id = file(owner, item, claim(owner, "damage", 5_000)).statusCode(201).extract().path("id");

        decide(id, "deny", "\"0\"", Map.of()).statusCode(400).contentType(PROBLEM)
                .body("errors.field", contains("review_note"));
        decide(id, "deny", "\"0\"", Map.of("review_note", "The crack is on the photos taken at pickup"))
                .statusCode(200).body("status", equalTo("denied")).body("approved_amount_cents", nullValue());

        given().auth().oauth2(token(owner)).get("/claims/" + id).then()
                .body("status", equalTo("denied"))
                .body("review_note", equalTo("The crack is on the photos taken at pickup"));
        given().auth().oauth2(token(owner)).get("/items/" + item + "/history").then()
                .body("event_type", contains("created", "moved", "moved", "claim_filed", "claim_denied"));
        // a denied claim no longer blocks a new one on the item
        file(owner, item, claim(owner, "damage", 5_000)).statusCode(201);
    }

    @Test
    void transitionsOutOfOrderAreConflictsThatSayTheCurrentStatus() {
        UUID owner = UUID.randomUUID();
        String id = openClaim(owner, "Desk", 10_000);
        decide(id, "pay", "\"0\"", Map.of("payout_reference", "tr_1")).statusCode(409).contentType(PROBLEM)
                .body("current_status", equalTo("open"));
        decide(id, "deny", "\"0\"", Map.of("review_note", "No damage visible")).statusCode(200);
        decide(id, "approve", "\"1\"", Map.of("approved_amount_cents", 100)).statusCode(409)
                .body("current_status", equalTo("denied"));
        decide(id, "deny", "\"1\"", Map.of("review_note", "Again")).statusCode(409)
                .body("current_status", equalTo("denied"));
    }

    @Test
    void noMoreThanTheClaimedAmountCanBeApproved() {
        UUID owner = UUID.randomUUID();
        String id = openClaim(owner, "Rug", 10_000);
        decide(id, "approve", "\"0\"", Map.of("approved_amount_cents", 10_001)).statusCode(422).contentType(PROBLEM)
                .body("errors.field", contains("approved_amount_cents"));
        decide(id, "approve", "\"0\"", Map.of("approved_amount_cents", 0)).statusCode(400)
                .body("errors.field", contains("approved_amount_cents"));
        decide(id, "approve", "\"0\"", Map.of("approved_amount_cents", 10_000)).statusCode(200)
                .body("approved_amount_cents", equalTo(10_000));
    }

    @Test
    void decisionsNeedTheCurrentEtag() {
        UUID owner = UUID.randomUUID();
        String id = openClaim(owner, "Chair", 10_000);
        decide(id, "approve", null, Map.of("approved_amount_cents", 5_000)).statusCode(428).contentType(PROBLEM);
        decide(id, "approve", "\"7\"", Map.of("approved_amount_cents", 5_000)).statusCode(412).contentType(PROBLEM);
        decide(id, "approve", "\"0\"", Map.of("approved_amount_cents", 5_000)).statusCode(200)
                .header("ETag", equalTo("\"1\""));
        // someone who read the claim before the approval pays with a stale ETag
        decide(id, "pay", "\"0\"", Map.of("payout_reference", "tr_2")).statusCode(412);
        decide(UUID.randomUUID().toString(), "approve", "\"0\"", Map.of("approved_amount_cents", 1)).statusCode(404);
    }

    @Test
    void customersCannotUseTheStaffApi() {
        UUID owner = UUID.randomUUID();
        String id = openClaim(owner, "Box", 1_000);
        String customer = token(owner);
        given().auth().oauth2(customer).get("/staff/claims").then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(customer).get("/staff/claims/" + id).then().statusCode(403);
        for (Map.Entry<String, Map<String, Object>> decision : Map.<String, Map<String, Object>>of(
                "approve", Map.of("approved_amount_cents", 1_000),
                "deny", Map.of("review_note", "I changed my mind"),
                "pay", Map.of("payout_reference", "tr_mine")).entrySet()) {
            given().auth().oauth2(customer).header("If-Match", "\"0\"").contentType(ContentType.JSON)
                    .body(decision.getValue()).post("/staff/claims/" + id + "/" + decision.getKey())
                    .then().statusCode(403).contentType(PROBLEM);
        }
        given().auth().oauth2(customer).get("/claims/" + id).then().body("status", equalTo("open"));
    }

    @Test
    void theQueueListsOneStatusOldestFirst() {
        UUID owner = UUID.randomUUID();
        String older = openClaim(owner, "Older", 1_000);
        String newer = openClaim(owner, "Newer", 2_000);
        String approved = openClaim(owner, "Approved", 3_000);
        decide(approved, "approve", "\"0\"", Map.of("approved_amount_cents", 3_000)).statusCode(200);

        List<String> open = queue("open");
        assertTrue(open.indexOf(older) >= 0 && open.indexOf(older) < open.indexOf(newer), open.toString());
        assertFalse(open.contains(approved));
        List<String> approvedQueue = queue("approved");
        assertTrue(approvedQueue.contains(approved));
        assertFalse(approvedQueue.contains(older));

        given().auth().oauth2(staff).queryParam("status", "lost").get("/staff/claims").then().statusCode(400)
                .contentType(PROBLEM).body("errors.field", contains("status"));
    }

    /** Every claim id in one status, reading the whole queue a small page at a time. */
    private List<String> queue(String status) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(staff).queryParam("status", status).queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("after", cursor);
            }
            ValidatableResponse page = request.get("/staff/claims").then().statusCode(200);
            page.body("claims.status", org.hamcrest.Matchers.everyItem(equalTo(status)));
            ids.addAll(page.extract().path("claims.id"));
            cursor = page.extract().path("next_cursor");
        } while (cursor != null);
        return ids;
    }

    private ValidatableResponse decide(String id, String decision, String ifMatch, Map<String, Object> body) {
        var request = given().auth().oauth2(staff).contentType(ContentType.JSON).body(body);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.post("/staff/claims/" + id + "/" + decision).then();
    }
}
