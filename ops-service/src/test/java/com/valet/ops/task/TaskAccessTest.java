package com.valet.ops.task;

import com.valet.events.ServiceType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static com.valet.ops.OpsFixtures.PROBLEM;
import static com.valet.ops.OpsFixtures.admin;
import static com.valet.ops.OpsFixtures.assign;
import static com.valet.ops.OpsFixtures.change;
import static com.valet.ops.OpsFixtures.freshDay;
import static com.valet.ops.OpsFixtures.newTask;
import static com.valet.ops.OpsFixtures.staff;
import static com.valet.ops.OpsFixtures.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Who sees which tasks: the day board, a driver's day, the warehouse's day, one task. */
@QuarkusTest
class TaskAccessTest {

    @Test
    void theDayBoardListsTheDaysTasksByWindowWithFilters() {
        LocalDate day = freshDay();
        String afternoon = newTask(ServiceType.pickup, day, 14, List.of(UUID.randomUUID()));
        String morning = newTask(ServiceType.redelivery, day, 9, List.of(UUID.randomUUID()));
        String noon = newTask(ServiceType.container_delivery, day, 11, List.of());
        newTask(ServiceType.pickup, day.plusDays(1), 8, List.of(UUID.randomUUID()));
        UUID driver = staff("driver");
        assign(noon, driver);

        JsonPath board = given().auth().oauth2(admin()).get("/tasks/board?date=" + day)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(day.toString(), board.getString("date"));
        assertEquals("America/Chicago", board.getString("time_zone"));
        assertEquals(List.of(morning, noon, afternoon), board.getList("tasks.id"));
        assertEquals(List.of("delivery", "container_drop", "pickup"), board.getList("tasks.kind"));
        assertEquals(2, board.getInt("counts.open"));
        assertEquals(1, board.getInt("counts.assigned"));
        assertEquals(0, board.getInt("counts.done"));
        assertEquals("driver " + driver.toString().substring(0, 8), board.getString("tasks[1].assignee_name"));

        String warehouse = token(staff("warehouse"), "warehouse");
        given().auth().oauth2(warehouse).get("/tasks/board?date=" + day + "&status=open")
                .then().statusCode(200).body("tasks.id", equalTo(List.of(morning, afternoon)));
        given().auth().oauth2(warehouse).get("/tasks/board?date=" + day + "&assignee=" + driver)
                .then().statusCode(200).body("tasks.id", equalTo(List.of(noon)));
        given().auth().oauth2(warehouse).get("/tasks/board?date=" + day + "&assignee=unassigned")
                .then().statusCode(200).body("tasks.id", equalTo(List.of(morning, afternoon)));

        given().auth().oauth2(admin()).get("/tasks/board?date=23-01-2031")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("date"));
        given().auth().oauth2(admin()).get("/tasks/board?date=" + day + "&status=lost")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("status"));
        given().auth().oauth2(admin()).get("/tasks/board?date=" + day + "&assignee=bob")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("assignee"));
        given().auth().oauth2(token(driver, "driver")).get("/tasks/board?date=" + day)
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(token(UUID.randomUUID())).get("/tasks/board?date=" + day)
                .then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void aDriverSeesTheirOwnTasksOfTheDayInTimeOrderAndNoOneElses() {
        LocalDate day = freshDay();
        UUID dana = staff("driver");
        UUID eli = staff("driver");
        String late = newTask(ServiceType.pickup, day, 15, List.of(UUID.randomUUID()));
        String early = newTask(ServiceType.redelivery, day, 8, List.of(UUID.randomUUID()));
        String elis = newTask(ServiceType.pickup, day, 10, List.of(UUID.randomUUID()));
        String tomorrow = newTask(ServiceType.pickup, day.plusDays(1), 10, List.of(UUID.randomUUID()));
        assign(late, dana);
        assign(early, dana);
        assign(tomorrow, dana);
        assign(elis, eli);

        String danaToken = token(dana, "driver");
        given().auth().oauth2(danaToken).get("/tasks/mine?date=" + day)
                .then().statusCode(200)
                .body("driver_id", equalTo(dana.toString()))
                .body("tasks.id", equalTo(List.of(early, late)))
                .body("tasks[0].address.street", equalTo("1200 Barton Springs Rd"))
                .body("tasks[0].items", hasSize(1));
        given().auth().oauth2(danaToken).get("/tasks/" + early)
                .then().statusCode(200).body("history.event_type", equalTo(List.of("created", "assigned")));

        // another driver's task does not exist for her, to read or to change; an admin sees every task
        given().auth().oauth2(danaToken).get("/tasks/" + elis).then().statusCode(404).contentType(PROBLEM);
        change(elis, "start", danaToken, null).then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(admin()).get("/tasks/" + elis)
                .then().statusCode(200).body("assignee_id", equalTo(eli.toString()));
        given().auth().oauth2(token(staff("warehouse"), "warehouse")).get("/tasks/" + elis).then().statusCode(200);
        given().auth().oauth2(admin()).get("/tasks/" + UUID.randomUUID()).then().statusCode(404);

        // "mine" is the drivers' list
        given().auth().oauth2(admin()).get("/tasks/mine?date=" + day).then().statusCode(403);
    }

    @Test
    void theWarehouseSeesWhatArrivesAndWhatLeavesThatDay() {
        LocalDate day = freshDay();
        String pickup = newTask(ServiceType.pickup, day, 13, List.of(UUID.randomUUID()));
        String canceledPickup = newTask(ServiceType.pickup, day, 9, List.of(UUID.randomUUID()));
        String delivery = newTask(ServiceType.redelivery, day, 11, List.of(UUID.randomUUID()));
        String drop = newTask(ServiceType.container_delivery, day, 8, List.of());
        change(canceledPickup, "cancel", admin(), java.util.Map.of("reason", "customer called")).then().statusCode(200);

        String warehouse = token(staff("warehouse"), "warehouse");
        given().auth().oauth2(warehouse).get("/tasks/warehouse?date=" + day)
                .then().statusCode(200)
                .body("date", equalTo(day.toString()))
                .body("arriving.id", equalTo(List.of(pickup)))
                .body("leaving.id", equalTo(List.of(drop, delivery)))
                .body("leaving.kind", equalTo(List.of("container_drop", "delivery")));
        given().auth().oauth2(admin()).get("/tasks/warehouse?date=" + day)
                .then().statusCode(200).body("arriving.id", equalTo(List.of(pickup)));
        given().auth().oauth2(token(staff("driver"), "driver")).get("/tasks/warehouse?date=" + day)
                .then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void deactivatingADriverGivesTheirTasksNotYetStartedBackToDispatch() {
        LocalDate day = freshDay();
        UUID driver = staff("driver");
        String waiting = newTask(ServiceType.pickup, day, 9, List.of(UUID.randomUUID()));
        String started = newTask(ServiceType.container_delivery, day, 12, List.of());
        assign(waiting, driver);
        assign(started, driver);
        change(started, "start", token(driver, "driver"), null).then().statusCode(200);

        given().auth().oauth2(admin()).post("/staff/directory/" + driver + "/deactivate").then().statusCode(200);

        given().auth().oauth2(admin()).get("/tasks/" + waiting)
                .then().statusCode(200)
                .body("status", equalTo("open"))
                .body("assignee_id", equalTo(null))
                .body("history[2].event_type", equalTo("unassigned"))
                .body("history[2].metadata.reason", equalTo("staff_deactivated"));
        given().auth().oauth2(admin()).get("/tasks/" + started)
                .then().statusCode(200).body("status", equalTo("in_progress"));
        // and a deactivated driver cannot be given new work
        change(waiting, "assign", admin(), java.util.Map.of("driver_id", driver))
                .then().statusCode(422).contentType(PROBLEM).body("errors[0].field", equalTo("driver_id"));
    }
}
