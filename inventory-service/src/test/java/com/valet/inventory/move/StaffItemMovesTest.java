package com.valet.inventory.move;

import com.valet.events.EventCodec;
import com.valet.events.EventTypes;
import com.valet.events.ItemMoved;
import com.valet.events.ItemStatus;
import com.valet.outbox.OutboxEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
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
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class StaffItemMovesTest {
    private final UUID warehouse = UUID.randomUUID();

    @Test
    void aPickupTakesTheItemFromHomeToTheWarehouseAndLocksItsPhysicalFields() throws Throwable {
        UUID owner = UUID.randomUUID();
        String qr = create(owner, item(owner, "Bike")).statusCode(201).extract().path("qr_code");
        String id = given().auth().oauth2(staffToken(warehouse, "warehouse")).get("/staff/items/by-qr/" + qr)
                .then().statusCode(200).body("owner_id", equalTo(owner.toString())).extract().path("id");
        UUID pickup = UUID.randomUUID();

        move(id, Map.of("to_status", "scheduled", "action_id", pickup.toString())).statusCode(200)
                .body("status", equalTo("scheduled")).body("physical_locked_at", nullValue());
        move(id, Map.of("to_status", "stored")).statusCode(409).contentType(PROBLEM)
                .body("current_status", equalTo("scheduled"));
        move(id, Map.of("to_status", "in_transit", "action_id", pickup.toString())).statusCode(200)
                .body("physical_locked_at", notNullValue());
        move(id, Map.of("to_status", "stored", "location", "A-12-3")).statusCode(200)
                .body("status", equalTo("stored")).body("location_code", equalTo("A-12-3"));

        given().auth().oauth2(token(owner)).get("/items/" + id + "/history").then().statusCode(200)
                .body("event_type", contains("created", "moved", "moved", "moved"))
                .body("[3].event_data.location", equalTo("A-12-3"))
                .body("[3].actor_role", equalTo("warehouse"));

        List<ItemMoved> announced = announcedMoves(id);
        assertEquals(List.of(ItemStatus.home, ItemStatus.scheduled, ItemStatus.in_transit, ItemStatus.stored),
                announced.stream().map(ItemMoved::toStatus).toList());
        ItemMoved stored = announced.get(3);
        assertEquals("A-12-3", stored.location());
        assertEquals(warehouse, stored.actor().id());
        assertEquals(pickup, announced.get(2).actionId());
    }

    @Test
    void aCanceledPickupReturnsTheItemHomeButAStoredItemCannotGoStraightHome() {
        UUID owner = UUID.randomUUID();
        String id = create(owner, item(owner, "Sofa")).statusCode(201).extract().path("id");
        move(id, Map.of("to_status", "scheduled")).statusCode(200);
        move(id, Map.of("to_status", "home")).statusCode(200).body("status", equalTo("home"));
        move(id, Map.of("to_status", "in_transit")).statusCode(409).body("current_status", equalTo("home"));
    }

    @Test
    void customersCannotUseTheStaffApi() {
        UUID owner = UUID.randomUUID();
        String created = create(owner, item(owner, "Box")).statusCode(201).extract().path("qr_code");
        given().auth().oauth2(token(owner)).get("/staff/items/by-qr/" + created).then().statusCode(403)
                .contentType(PROBLEM);
        String id = given().auth().oauth2(token(owner)).get("/items").then().extract().path("items[0].id");
        given().auth().oauth2(token(owner)).contentType(ContentType.JSON).body(Map.of("to_status", "stored"))
                .post("/staff/items/" + id + "/moves").then().statusCode(403);
    }

    @Test
    void badMovesAreRefusedClearly() {
        given().auth().oauth2(staffToken(warehouse, "warehouse")).get("/staff/items/by-qr/SV-1999-000001")
                .then().statusCode(404).contentType(PROBLEM);
        UUID owner = UUID.randomUUID();
        String id = create(owner, item(owner, "Crate")).statusCode(201).extract().path("id");
        move(id, Map.of("to_status", "scheduled", "location", "a shelf")).statusCode(400)
                .body("errors[0].field", equalTo("location"));
        move(id, Map.of("to_status", "flying")).statusCode(400).body("errors[0].field", equalTo("to_status"));
        move(UUID.randomUUID().toString(), Map.of("to_status", "scheduled")).statusCode(404);
    }

    private ValidatableResponse move(String id, Map<String, Object> body) {
        return given().auth().oauth2(staffToken(warehouse, "warehouse")).contentType(ContentType.JSON).body(body)
                .post("/staff/items/" + id + "/moves").then();
    }

    private static List<ItemMoved> announcedMoves(String itemId) throws Throwable {
        EventCodec codec = new EventCodec();
        List<OutboxEvent> rows = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() ->
                OutboxEvent.<OutboxEvent>find("eventKey = ?1 order by seq", itemId).list()));
        return rows.stream().map(r -> codec.decode(r.payload, EventTypes.ITEM_MOVED).data()).toList();
    }
}
