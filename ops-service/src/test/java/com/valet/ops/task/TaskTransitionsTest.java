package com.valet.ops.task;

import com.valet.events.ItemStatus;
import com.valet.events.ServiceType;
import com.valet.events.SubscriptionStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.valet.ops.OpsFixtures.BOOTSTRAP_ADMIN;
import static com.valet.ops.OpsFixtures.PROBLEM;
import static com.valet.ops.OpsFixtures.admin;
import static com.valet.ops.OpsFixtures.assign;
import static com.valet.ops.OpsFixtures.awaitProcessed;
import static com.valet.ops.OpsFixtures.change;
import static com.valet.ops.OpsFixtures.etag;
import static com.valet.ops.OpsFixtures.freshDay;
import static com.valet.ops.OpsFixtures.newTask;
import static com.valet.ops.OpsFixtures.now;
import static com.valet.ops.OpsFixtures.publishMoved;
import static com.valet.ops.OpsFixtures.publishPayment;
import static com.valet.ops.OpsFixtures.staff;
import static com.valet.ops.OpsFixtures.task;
import static com.valet.ops.OpsFixtures.taskOfAction;
import static com.valet.ops.OpsFixtures.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The task lifecycle through the API: every transition, who may make it, and every refusal. */
@QuarkusTest
class TaskTransitionsTest {

    @Test
    void aTaskGoesFromOpenToDoneThroughAProblemAndEveryStepIsInItsHistory() {
        String id = newTask(ServiceType.container_delivery, freshDay(), 10, List.of());
        UUID driver = staff("driver");
        String driverToken = token(driver, "driver");

        change(id, "assign", admin(), Map.of("driver_id", driver))
                .then().statusCode(200).header("ETag", notNullValue())
                .body("status", equalTo("assigned")).body("assignee_id", equalTo(driver.toString()));
        change(id, "start", driverToken, null)
                .then().statusCode(200).body("status", equalTo("in_progress")).body("started_at", notNullValue());
        change(id, "problems", driverToken, Map.of("kind", "customer_absent", "notes", "Rang twice, no answer"))
                .then().statusCode(200)
                .body("status", equalTo("problem"))
                .body("problem_kind", equalTo("customer_absent"))
                .body("problem_notes", equalTo("Rang twice, no answer"));
        change(id, "resume", driverToken, Map.of("notes", "Customer came down"))
                .then().statusCode(200).body("status", equalTo("in_progress")).body("problem_kind", equalTo(null));
        // a task without items (a container drop) is completed by the driver, with no body at all
        given().auth().oauth2(driverToken).header("If-Match", etag(id)).post("/tasks/" + id + "/complete")
                .then().statusCode(200).body("status", equalTo("done")).body("completed_at", notNullValue());

        JsonPath task = task(id);
        assertEquals(List.of("created", "assigned", "started", "problem_reported", "resumed", "completed"),
                task.getList("history.event_type"));
        assertEquals(List.of("system", "admin", "driver", "driver", "driver", "driver"),
                task.getList("history.actor_role"));
        assertEquals(driver.toString(), task.getString("history[2].actor_id"));
        assertEquals("Rang twice, no answer", task.getString("history[3].notes"));
        assertEquals("customer_absent", task.getString("history[3].metadata.kind"));
        assertEquals("Customer came down", task.getString("history[4].notes"));
        assertNotNull(task.getString("history[5].at"));

        // done is final
        change(id, "start", driverToken, null).then().statusCode(409).contentType(PROBLEM)
                .body("current_status", equalTo("done"));
        change(id, "cancel", admin(), Map.of("reason", "too late")).then().statusCode(409)
                .body("current_status", equalTo("done"));
    }

    @Test
    void assigningIsForAdminsToActiveDriversWhileTheTaskIsOpenOrAssigned() {
        String id = newTask(ServiceType.pickup, freshDay(), 10, List.of(UUID.randomUUID()));
        UUID dana = staff("driver");
        UUID eli = staff("driver");
        UUID warehouse = staff("warehouse");

        change(id, "assign", token(dana, "driver"), Map.of("driver_id", dana)).then().statusCode(403)
                .contentType(PROBLEM);
        change(id, "assign", token(warehouse, "warehouse"), Map.of("driver_id", dana)).then().statusCode(403);
        change(id, "assign", admin(), Map.of("driver_id", warehouse)).then().statusCode(422).contentType(PROBLEM)
                .body("errors[0].field", equalTo("driver_id"));
        change(id, "assign", admin(), Map.of("driver_id", UUID.randomUUID())).then().statusCode(422);
        change(id, "assign", admin(), Map.of()).then().statusCode(400).body("errors[0].field", equalTo("driver_id"));

        assign(id, dana);
        change(id, "assign", admin(), Map.of("driver_id", eli)).then().statusCode(200)
                .body("assignee_id", equalTo(eli.toString()));
        JsonPath task = task(id);
        assertEquals(List.of("created", "assigned", "reassigned"), task.getList("history.event_type"));
        assertEquals(dana.toString(), task.getString("history[2].metadata.previous_driver_id"));
        assertEquals(BOOTSTRAP_ADMIN.toString(), task.getString("history[2].actor_id"));

        change(id, "start", token(eli, "driver"), null).then().statusCode(200);
        change(id, "assign", admin(), Map.of("driver_id", dana)).then().statusCode(409).contentType(PROBLEM)
                .body("current_status", equalTo("in_progress"));
    }

    @Test
    void changesNeedTheCurrentETag() {
        String id = newTask(ServiceType.container_delivery, freshDay(), 10, List.of());
        UUID driver = staff("driver");
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Map.of("driver_id", driver))
                .post("/tasks/" + id + "/assign")
                .then().statusCode(428).contentType(PROBLEM);
        String before = etag(id);
        assign(id, driver);
        given().auth().oauth2(token(driver, "driver")).header("If-Match", before).post("/tasks/" + id + "/start")
                .then().statusCode(412).contentType(PROBLEM);
        assertEquals("assigned", task(id).getString("status"));
    }

    @Test
    void everyTransitionOutsideTheLifecycleIsRefusedWithTheCurrentStatus() {
        UUID item = UUID.randomUUID();
        String id = newTask(ServiceType.pickup, freshDay(), 10, List.of(item));
        UUID driver = staff("driver");
        String driverToken = token(driver, "driver");
        String warehouseToken = token(staff("warehouse"), "warehouse");

        // open: only assign or cancel
        change(id, "start", admin(), null).then().statusCode(409).contentType(PROBLEM)
                .body("current_status", equalTo("open"));
        change(id, "complete", admin(), null).then().statusCode(409).body("current_status", equalTo("open"));
        change(id, "problems", admin(), Map.of("kind", "other", "notes", "x")).then().statusCode(409)
                .body("current_status", equalTo("open"));
        change(id, "resume", admin(), null).then().statusCode(409).body("current_status", equalTo("open"));

        assign(id, driver);
        change(id, "complete", driverToken, null).then().statusCode(409).body("current_status", equalTo("assigned"));
        change(id, "resume", driverToken, null).then().statusCode(409).body("current_status", equalTo("assigned"));
        change(id, "start", warehouseToken, null).then().statusCode(403).contentType(PROBLEM);
        change(id, "complete", warehouseToken, null).then().statusCode(403);
        change(id, "cancel", driverToken, Map.of("reason", "x")).then().statusCode(403);

        change(id, "start", driverToken, null).then().statusCode(200);
        change(id, "start", driverToken, null).then().statusCode(409).body("current_status", equalTo("in_progress"));

        // the items are not all in the warehouse: the driver cannot complete, even with notes
        change(id, "complete", driverToken, Map.of("notes", "trust me")).then().statusCode(409).contentType(PROBLEM)
                .body("current_status", equalTo("in_progress"))
                .body("items_not_done", equalTo(List.of(item.toString())))
                .body("detail", containsString("an admin may complete it anyway"));
        // nor an admin without saying why
        change(id, "complete", admin(), null).then().statusCode(409);

        // problems: a known kind, notes, and an item of this task
        change(id, "problems", driverToken, Map.of("kind", "flat_tire", "notes", "x")).then().statusCode(400)
                .contentType(PROBLEM).body("errors[0].field", equalTo("kind"));
        change(id, "problems", driverToken, Map.of("kind", "other")).then().statusCode(400)
                .body("errors[0].field", equalTo("notes"));
        change(id, "problems", driverToken, Map.of("kind", "item_damaged", "notes", "x", "item_id", UUID.randomUUID()))
                .then().statusCode(422).contentType(PROBLEM).body("errors[0].field", equalTo("item_id"));
        change(id, "complete", driverToken, Map.of("note", "typo")).then().statusCode(400)
                .body("errors[0].field", equalTo("note"));
        // the warehouse reports what it finds on arrival
        change(id, "problems", warehouseToken, Map.of("kind", "item_damaged", "notes", "Box crushed", "item_id", item))
                .then().statusCode(200).body("status", equalTo("problem")).body("problem_kind", equalTo("item_damaged"));
        change(id, "problems", driverToken, Map.of("kind", "other", "notes", "again")).then().statusCode(409)
                .body("current_status", equalTo("problem"));
        change(id, "start", driverToken, null).then().statusCode(409).body("current_status", equalTo("problem"));
        change(id, "complete", admin(), Map.of("notes", "x")).then().statusCode(409)
                .body("current_status", equalTo("problem"));
        change(id, "resume", warehouseToken, null).then().statusCode(403);
        change(id, "resume", admin(), null).then().statusCode(200).body("status", equalTo("in_progress"));

        // an admin may close it with the item still missing, saying why
        change(id, "complete", admin(), Map.of("notes", "Item handed to the claims desk"))
                .then().statusCode(200).body("status", equalTo("done"));
        JsonPath task = task(id);
        List<String> types = task.getList("history.event_type");
        assertEquals("completed", types.get(types.size() - 1));
        assertEquals(Boolean.TRUE, task.getBoolean("history[" + (types.size() - 1) + "].metadata.forced"));
        assertEquals("Item handed to the claims desk", task.getString("history[" + (types.size() - 1) + "].notes"));
        assertEquals("warehouse", task.getString("history[" + types.indexOf("problem_reported") + "].actor_role"));
    }

    @Test
    void anAdminCancelsATaskThatIsNotDoneAndNothingHappensToItAfterwards() {
        String id = newTask(ServiceType.pickup, freshDay(), 10, List.of(UUID.randomUUID()));
        UUID driver = staff("driver");
        assign(id, driver);
        change(id, "cancel", admin(), Map.of()).then().statusCode(400).body("errors[0].field", equalTo("reason"));
        change(id, "cancel", admin(), Map.of("reason", "Van broke down; customer rebooks"))
                .then().statusCode(200)
                .body("status", equalTo("canceled"))
                .body("cancel_reason", equalTo("Van broke down; customer rebooks"))
                .body("canceled_at", notNullValue());
        for (String verb : List.of("start", "complete", "resume")) {
            change(id, verb, admin(), null).then().statusCode(409).contentType(PROBLEM)
                    .body("current_status", equalTo("canceled"));
        }
        change(id, "assign", admin(), Map.of("driver_id", driver)).then().statusCode(409)
                .body("current_status", equalTo("canceled"));
        change(id, "cancel", admin(), Map.of("reason", "again")).then().statusCode(409)
                .body("current_status", equalTo("canceled"));
        assertEquals("Van broke down; customer rebooks", task(id).getString("history[2].notes"));
    }

    @Test
    void aHeldDeliveryIsNotStartedUntilAnAdminOverridesTheHold() {
        UUID customer = UUID.randomUUID();
        awaitProcessed(publishPayment(customer, SubscriptionStatus.past_due, now()));
        UUID item = UUID.randomUUID();
        String id = newTask(ServiceType.redelivery, customer, freshDay(), 10, List.of(item));
        UUID driver = staff("driver");
        assign(id, driver);
        String driverToken = token(driver, "driver");

        change(id, "start", driverToken, null).then().statusCode(409).contentType(PROBLEM)
                .body("current_status", equalTo("assigned"))
                .body("payment_hold", equalTo(true))
                .body("customer_payment_status", equalTo("past_due"));
        change(id, "override-hold", driverToken, Map.of("notes", "please")).then().statusCode(403);
        change(id, "override-hold", admin(), Map.of()).then().statusCode(400).body("errors[0].field", equalTo("notes"));
        change(id, "override-hold", admin(), Map.of("notes", "Customer paid by phone"))
                .then().statusCode(200)
                .body("payment_hold", equalTo(false))
                .body("hold_overridden_by", equalTo(BOOTSTRAP_ADMIN.toString()))
                .body("customer_payment_status", equalTo("past_due"));
        change(id, "override-hold", admin(), Map.of("notes", "again")).then().statusCode(409)
                .body("payment_hold", equalTo(false));
        change(id, "start", driverToken, null).then().statusCode(200).body("status", equalTo("in_progress"));

        // the hold stays overridden when billing reports another unpaid state
        awaitProcessed(publishPayment(customer, SubscriptionStatus.unpaid, now()));
        JsonPath task = task(id);
        assertEquals("unpaid", task.getString("customer_payment_status"));
        assertEquals(false, task.getBoolean("payment_hold"));

        String action = task.getString("action_id");
        awaitProcessed(publishMoved(item, customer, ItemStatus.in_transit, ItemStatus.home, UUID.fromString(action)));
        assertEquals("done", taskOfAction(UUID.fromString(action)).getString("status"));
        assertNull(taskOfAction(UUID.fromString(action)).get("problem_kind"));
    }
}
