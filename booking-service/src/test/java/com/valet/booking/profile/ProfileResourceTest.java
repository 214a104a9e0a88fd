package com.valet.booking.profile;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static com.valet.booking.BookingFixtures.PROBLEM;
import static com.valet.booking.BookingFixtures.address;
import static com.valet.booking.BookingFixtures.serve;
import static com.valet.booking.BookingFixtures.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ProfileResourceTest {

    @Test
    void theFirstReadCreatesTheProfileFromTheTokenAndUpdatesNeedTheEtag() {
        UUID customer = UUID.randomUUID();
        String etag = given().auth().oauth2(token(customer)).get("/profile").then().statusCode(200)
                .body("user_id", equalTo(customer.toString()))
                .body("email", equalTo(customer + "@example.com"))
                .body("delivery_address", nullValue())
                .body("out_of_service_area", equalTo(false))
                .extract().header("ETag");
        // a second read finds the same profile
        given().auth().oauth2(token(customer)).get("/profile").then().statusCode(200).header("ETag", etag);

        serve("78702");
        String next = patch(customer, etag, Map.of("full_name", " Ada Lovelace ", "phone", "+1 (512) 555-0100",
                "delivery_address", address("78702"))).statusCode(200)
                .body("full_name", equalTo("Ada Lovelace"))
                .body("phone", equalTo("+15125550100"))
                .body("delivery_address.zip", equalTo("78702"))
                .body("delivery_address.unit", equalTo("4B"))
                .body("out_of_service_area", equalTo(false))
                .extract().header("ETag");

        patch(customer, etag, Map.of("full_name", "Stale")).statusCode(412).contentType(PROBLEM);
        given().auth().oauth2(token(customer)).contentType(ContentType.JSON).body(Map.of("full_name", "No etag"))
                .patch("/profile").then().statusCode(428).contentType(PROBLEM);
        patch(customer, next, Map.of("delivery_address", address("99501"))).statusCode(200)
                .body("out_of_service_area", equalTo(true));
        given().auth().oauth2(token(customer)).get("/profile").then().body("full_name", equalTo("Ada Lovelace"));
    }

    @Test
    void billingColumnsAndUnknownFieldsAreRefusedByNameAndChangeNothing() {
        UUID customer = UUID.randomUUID();
        String etag = given().auth().oauth2(token(customer)).get("/profile").then().extract().header("ETag");
        Map<String, Object> body = new HashMap<>();
        body.put("full_name", "Mallory");
        body.put("subscription_status", "active");
        body.put("stripe_customer_id", "cus_123");
        body.put("favourite_colour", "red");
        patch(customer, etag, body).statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItems("subscription_status", "stripe_customer_id", "favourite_colour"))
                .body("errors.find { it.field == 'subscription_status' }.message", containsString("billing"));
        given().auth().oauth2(token(customer)).get("/profile").then().body("full_name", nullValue())
                .header("ETag", etag);
    }

    @Test
    void aBadAddressOrPhoneIsRefusedByField() {
        UUID customer = UUID.randomUUID();
        String etag = given().auth().oauth2(token(customer)).get("/profile").then().extract().header("ETag");
        Map<String, Object> bad = new HashMap<>(address("7870"));
        bad.put("state", "Texas");
        bad.put("street", " ");
        patch(customer, etag, Map.of("delivery_address", bad, "phone", "call me")).statusCode(400)
                .contentType(PROBLEM)
                .body("errors.field", hasItems("delivery_address.zip", "delivery_address.state",
                        "delivery_address.street", "phone"));
        patch(customer, etag, Map.of("phone", "+1 555")).statusCode(400).body("errors[0].field", equalTo("phone"));
    }

    @Test
    void theProfileNeedsASignedInCaller() {
        given().get("/profile").then().statusCode(401);
    }

    private static ValidatableResponse patch(UUID customer, String etag, Map<String, Object> body) {
        return given().auth().oauth2(token(customer)).header("If-Match", etag).contentType(ContentType.JSON)
                .body(body).patch("/profile").then();
    }
}
