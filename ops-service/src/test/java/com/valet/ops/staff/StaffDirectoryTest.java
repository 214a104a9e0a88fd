package com.valet.ops.staff;

import com.valet.ops.OpsFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static com.valet.ops.OpsFixtures.PROBLEM;
import static com.valet.ops.OpsFixtures.admin;
import static com.valet.ops.OpsFixtures.staff;
import static com.valet.ops.OpsFixtures.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class StaffDirectoryTest {

    @Test
    void anAdminAddsListsAndDeactivatesStaff() {
        UUID driver = UUID.randomUUID();
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("user_id", driver, "role", "driver", "full_name", "  Dana Driver "))
                .post("/staff/directory")
                .then().statusCode(201)
                .header("Location", endsWith("/staff/directory/" + driver))
                .body("user_id", equalTo(driver.toString()))
                .body("role", equalTo("driver"))
                .body("full_name", equalTo("Dana Driver"))
                .body("active", equalTo(true))
                .body("created_by", equalTo(OpsFixtures.BOOTSTRAP_ADMIN.toString()))
                .body("deactivated_at", nullValue());

        given().auth().oauth2(admin()).get("/staff/directory?role=driver&active=true")
                .then().statusCode(200)
                .body("user_id", hasItem(driver.toString()))
                .body("role", not(hasItem("warehouse")));

        // an admin of the directory (not the bootstrap one) manages it too
        UUID secondAdmin = staff("admin");
        given().auth().oauth2(token(secondAdmin, "admin"))
                .post("/staff/directory/" + driver + "/deactivate")
                .then().statusCode(200)
                .body("active", equalTo(false))
                .body("deactivated_by", equalTo(secondAdmin.toString()))
                .body("deactivated_at", notNullValue());

        given().auth().oauth2(admin()).get("/staff/directory?active=false")
                .then().statusCode(200).body("user_id", hasItem(driver.toString()));
        given().auth().oauth2(admin()).get("/staff/directory?active=true")
                .then().statusCode(200).body("user_id", not(hasItem(driver.toString())));
        given().auth().oauth2(admin()).get("/staff/directory/" + driver)
                .then().statusCode(200).body("active", equalTo(false));
    }

    @Test
    void aDeactivatedMemberLosesAccessAtOnce() {
        UUID warehouse = staff("warehouse");
        String stillValidToken = token(warehouse, "warehouse");
        given().auth().oauth2(stillValidToken).get("/tasks/warehouse").then().statusCode(200);

        given().auth().oauth2(admin()).post("/staff/directory/" + warehouse + "/deactivate").then().statusCode(200);

        given().auth().oauth2(stillValidToken).get("/tasks/warehouse")
                .then().statusCode(403).contentType(PROBLEM)
                .body("detail", equalTo("Your staff access was deactivated."));
    }

    @Test
    void onlyActiveAdminsInTheDirectoryManageIt() {
        UUID driver = staff("driver");
        UUID warehouse = staff("warehouse");
        given().auth().oauth2(token(driver, "driver")).get("/staff/directory")
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(token(warehouse, "warehouse")).contentType(ContentType.JSON)
                .body(Map.of("user_id", UUID.randomUUID(), "role", "admin", "full_name", "Me Too"))
                .post("/staff/directory").then().statusCode(403).contentType(PROBLEM);
        // a customer, and an admin token of someone who is not in the directory (nor a bootstrap admin)
        given().auth().oauth2(token(UUID.randomUUID())).get("/staff/directory")
                .then().statusCode(403).body("detail", equalTo("This is for staff only."));
        given().auth().oauth2(token(UUID.randomUUID(), "admin")).get("/staff/directory")
                .then().statusCode(403).contentType(PROBLEM)
                .body("detail", equalTo("You are not in the staff directory: ask an admin to add you."));
        given().get("/staff/directory").then().statusCode(401);
    }

    @Test
    void theTokenMustCarryTheDirectoryRole() {
        UUID warehouse = staff("warehouse");
        // the token says driver, the directory says warehouse: the token alone does not make them a driver
        given().auth().oauth2(token(warehouse, "driver")).get("/tasks/mine")
                .then().statusCode(403).contentType(PROBLEM)
                .body("detail", equalTo("Your token does not carry your staff role (warehouse)."));
        given().auth().oauth2(token(warehouse, "driver", "warehouse")).get("/tasks/mine")
                .then().statusCode(403).body("detail", equalTo("This is for driver only; you are warehouse."));
        given().auth().oauth2(token(warehouse, "driver", "warehouse")).get("/tasks/warehouse")
                .then().statusCode(200);
    }

    @Test
    void addingIsValidatedAndDeactivationFollowsItsRules() {
        UUID user = staff("warehouse");
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("user_id", user, "role", "driver", "full_name", "Again"))
                .post("/staff/directory")
                .then().statusCode(409).contentType(PROBLEM)
                .body("current_status", equalTo("active"))
                .body("role", equalTo("warehouse"));
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("user_id", UUID.randomUUID(), "role", "pilot", "full_name", "X"))
                .post("/staff/directory")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("role"));
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("user_id", UUID.randomUUID(), "role", "driver"))
                .post("/staff/directory")
                .then().statusCode(400).body("errors[0].field", equalTo("full_name"));
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("user_id", UUID.randomUUID(), "role", "driver", "full_name", "X", "active", false))
                .post("/staff/directory")
                .then().statusCode(400).body("errors[0].field", equalTo("active"));
        given().auth().oauth2(admin()).get("/staff/directory?role=pilot")
                .then().statusCode(400).body("errors[0].field", equalTo("role"));

        given().auth().oauth2(admin()).post("/staff/directory/" + user + "/deactivate").then().statusCode(200);
        given().auth().oauth2(admin()).post("/staff/directory/" + user + "/deactivate")
                .then().statusCode(409).contentType(PROBLEM).body("current_status", equalTo("inactive"));
        given().auth().oauth2(admin()).post("/staff/directory/" + UUID.randomUUID() + "/deactivate")
                .then().statusCode(404).contentType(PROBLEM);

        // adding a deactivated member again brings them back, with the role and name given now
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("user_id", user, "role", "driver", "full_name", "Back Again"))
                .post("/staff/directory")
                .then().statusCode(200)
                .body("active", equalTo(true)).body("role", equalTo("driver"))
                .body("full_name", equalTo("Back Again")).body("deactivated_at", nullValue());
        given().auth().oauth2(token(user, "driver")).get("/tasks/mine").then().statusCode(200);

        UUID admin = staff("admin");
        given().auth().oauth2(token(admin, "admin")).post("/staff/directory/" + admin + "/deactivate")
                .then().statusCode(409).contentType(PROBLEM).body("current_status", equalTo("active"));
    }
}
