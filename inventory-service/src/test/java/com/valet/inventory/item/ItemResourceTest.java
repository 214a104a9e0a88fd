package com.valet.inventory.item;

import com.valet.events.EventCodec;
import com.valet.events.EventTypes;
import com.valet.events.ItemMoved;
import com.valet.events.ItemStatus;
import com.valet.outbox.OutboxEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.valet.inventory.item.ItemFixtures.PROBLEM;
import static com.valet.inventory.item.ItemFixtures.create;
import static com.valet.inventory.item.ItemFixtures.item;
import static com.valet.inventory.item.ItemFixtures.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@QuarkusTest
class ItemResourceTest {

    @Test
    void cataloguingAnItemAssignsAQrLabelDerivesCubicFeetAndAnnouncesIt() throws Throwable {
        UUID owner = UUID.randomUUID();
        String id = create(owner, item(owner, "Road bike"))
                .statusCode(201)
                .header("Location", matchesPattern(".*/items/[0-9a-f-]{36}"))
                .header("ETag", notNullValue())
                .body("qr_code", matchesPattern("SV-\\d{4}-\\d{6}"))
                .body("status", equalTo("home"))
                .body("cubic_feet", equalTo(2.0f))
                .body("photo_paths", contains(owner + "/bike-1.jpg"))
                .body("tags", contains("sport", "garage"))
                .extract().path("id");

        OutboxEvent row = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() ->
                OutboxEvent.<OutboxEvent>find("eventKey", id).firstResult()));
        ItemMoved moved = new EventCodec().decode(row.payload, EventTypes.ITEM_MOVED).data();
        assertEquals(owner, moved.ownerId());
        assertNull(moved.fromStatus());
        assertEquals(ItemStatus.home, moved.toStatus());
    }

    @Test
    void anItemIsVisibleToItsOwnerOnly() {
        UUID owner = UUID.randomUUID();
        String id = create(owner, item(owner, "Lamp")).statusCode(201).extract().path("id");
        given().auth().oauth2(token(owner)).get("/items/" + id).then().statusCode(200).body("label", equalTo("Lamp"));
        given().auth().oauth2(token(UUID.randomUUID())).get("/items/" + id)
                .then().statusCode(404).contentType(PROBLEM);
        given().get("/items/" + id).then().statusCode(401);
    }

    @Test
    void missingLabelAndTooManyPhotosAreReportedByFieldAndNothingIsStored() {
        UUID owner = UUID.randomUUID();
        Map<String, Object> bad = item(owner, " ");
        bad.put("photo_paths", List.of(owner + "/1.jpg", owner + "/2.jpg", owner + "/3.jpg", owner + "/4.jpg",
                owner + "/5.jpg", owner + "/6.jpg"));
        create(owner, bad).statusCode(400).contentType(PROBLEM)
                .body("errors.field", org.hamcrest.Matchers.hasItems("label", "photo_paths"));
        given().auth().oauth2(token(owner)).get("/items").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void aPhotoOutsideTheCallersFolderIsRefused() {
        UUID owner = UUID.randomUUID();
        Map<String, Object> item = item(owner, "Desk");
        item.put("photo_paths", List.of(owner + "/ok.jpg", UUID.randomUUID() + "/someone-elses.jpg"));
        create(owner, item).statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("photo_paths[1]"));
    }

    @Test
    void theSystemSetsTheQrCodeNotTheCustomer() {
        UUID owner = UUID.randomUUID();
        Map<String, Object> item = item(owner, "Chair");
        item.put("qr_code", "SV-2026-000001");
        create(owner, item).statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("qr_code"));
    }

    @Test
    void theListIsNewestFirstAndPagesWithACursor() {
        UUID owner = UUID.randomUUID();
        for (String label : List.of("first", "second", "third")) {
            create(owner, item(owner, label)).statusCode(201);
        }
        String cursor = given().auth().oauth2(token(owner)).queryParam("limit", 2).get("/items")
                .then().statusCode(200)
                .body("items.label", contains("third", "second"))
                .body("next_cursor", notNullValue())
                .extract().path("next_cursor");
        given().auth().oauth2(token(owner)).queryParam("limit", 2).queryParam("after", cursor).get("/items")
                .then().statusCode(200)
                .body("items.label", contains("first"))
                .body("next_cursor", nullValue());
        given().auth().oauth2(token(owner)).queryParam("after", "not-a-cursor").get("/items")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("after"));
    }

    @Test
    void theListFiltersByStatusCategoryAndTagAndPagesWithinTheFilter() {
        UUID owner = UUID.randomUUID();
        String staff = ItemFixtures.staffToken(UUID.randomUUID(), "warehouse");
        for (String label : List.of("skis", "boots", "poles", "lamp")) {
            Map<String, Object> body = item(owner, label);
            if (!label.equals("lamp")) {
                body.put("category", "Winter");
                body.put("tags", List.of("ski", label));
            }
            String id = create(owner, body).statusCode(201).extract().path("id");
            if (!label.equals("poles")) {
                for (String to : List.of("scheduled", "in_transit", "stored")) {
                    given().auth().oauth2(staff).contentType(io.restassured.http.ContentType.JSON)
                            .body(Map.of("to_status", to)).post("/staff/items/" + id + "/moves").then().statusCode(200);
                }
            }
        }
        String cursor = given().auth().oauth2(token(owner)).queryParam("status", "stored").queryParam("limit", 2)
                .get("/items").then().statusCode(200)
                .body("items.label", contains("lamp", "boots")).extract().path("next_cursor");
        given().auth().oauth2(token(owner)).queryParam("status", "stored").queryParam("after", cursor)
                .get("/items").then().body("items.label", contains("skis")).body("next_cursor", nullValue());
        given().auth().oauth2(token(owner)).queryParam("category", "winter").queryParam("status", "stored")
                .get("/items").then().body("items.label", contains("boots", "skis"));
        given().auth().oauth2(token(owner)).queryParam("tag", "ski").get("/items").then()
                .body("items.label", contains("poles", "boots", "skis"));
        given().auth().oauth2(token(owner)).queryParam("tag", "poles").queryParam("status", "home").get("/items")
                .then().body("items.label", contains("poles"));
        given().auth().oauth2(token(UUID.randomUUID())).queryParam("tag", "ski").get("/items").then()
                .body("items", empty());
        given().auth().oauth2(token(owner)).queryParam("status", "lost").get("/items").then().statusCode(400)
                .contentType(PROBLEM).body("errors[0].field", equalTo("status"));
    }

    @Test
    void concurrentCreatesNeverShareAQrCode() throws Exception {
        UUID owner = UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> codes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                Callable<String> create = () -> create(owner, item(owner, "box " + n))
                        .statusCode(201).extract().path("qr_code");
                codes.add(pool.submit(create));
            }
            Set<String> distinct = new HashSet<>();
            for (Future<String> code : codes) {
                distinct.add(code.get());
            }
            assertEquals(40, distinct.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
