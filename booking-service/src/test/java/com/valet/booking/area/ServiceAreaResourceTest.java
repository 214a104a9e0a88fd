package com.valet.booking.area;

import com.valet.devstack.DevStack;
import com.valet.devstack.testing.TopicReader;
import com.valet.events.CloudEvent;
import com.valet.events.CustomerAreaChanged;
import com.valet.events.EventCodec;
import com.valet.events.EventTypes;
import com.valet.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.valet.booking.BookingFixtures.PROBLEM;
import static com.valet.booking.BookingFixtures.profileAt;
import static com.valet.booking.BookingFixtures.staffToken;
import static com.valet.booking.BookingFixtures.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ServiceAreaResourceTest {
    private static final EventCodec CODEC = new EventCodec();
    private final String admin = staffToken(UUID.randomUUID(), "admin");

    @Test
    void anyoneCanCheckAZipWithoutSigningIn() {
        given().put("/staff/service-areas/73301").then().statusCode(401);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("city", "Austin", "state", "TX"))
                .put("/staff/service-areas/73301").then().statusCode(anyOf201or200());
        given().get("/service-areas/73301").then().statusCode(200)
                .body("served", equalTo(true)).body("city", equalTo("Austin")).body("state", equalTo("TX"));
        given().get("/service-areas/10001").then().statusCode(200).body("served", equalTo(false));
        given().get("/service-areas/1234x").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("zip"));
    }

    @Test
    void servingOrWithdrawingAZipRederivesTheProfilesThereAndAnnouncesEachChange() {
        String zip = "787" + (10 + (int) (Math.random() * 89));
        UUID customer = UUID.randomUUID();
        given().auth().oauth2(admin).delete("/staff/service-areas/" + zip); // start unserved whatever ran before
        try (TopicReader areas = TopicReader.fromStart(DevStack.sharedForTests().kafka().bootstrapServers(),
                Topics.CUSTOMER_AREA_CHANGED)) {
            profileAt(customer, zip);
            String etag = given().auth().oauth2(token(customer)).get("/profile").then()
                    .body("out_of_service_area", equalTo(true)).extract().header("ETag");
            assertAreaEvent(areas, customer, zip, true);

            given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("city", "Austin", "state", "TX"))
                    .put("/staff/service-areas/" + zip).then().statusCode(201);
            given().auth().oauth2(token(customer)).get("/profile").then().body("out_of_service_area", equalTo(false))
                    .header("ETag", not(equalTo(etag))); // a new version of the profile
            given().auth().oauth2(admin).get("/staff/service-areas").then().statusCode(200).body("zip", hasItem(zip));
            assertAreaEvent(areas, customer, zip, false);

            given().auth().oauth2(admin).delete("/staff/service-areas/" + zip).then().statusCode(204);
            given().auth().oauth2(token(customer)).get("/profile").then().body("out_of_service_area", equalTo(true));
            assertAreaEvent(areas, customer, zip, true);
            given().auth().oauth2(admin).delete("/staff/service-areas/" + zip).then().statusCode(404).contentType(PROBLEM);
        }
    }

    /** The next area event of this customer says this (events of one customer keep their order: same key). */
    private static void assertAreaEvent(TopicReader areas, UUID customer, String zip, boolean outOfArea) {
        CloudEvent<CustomerAreaChanged> event = CODEC.decode(areas.await(r -> customer.toString().equals(r.key()),
                Duration.ofSeconds(20)).value(), EventTypes.CUSTOMER_AREA_CHANGED);
        assertEquals(customer, event.data().customerId());
        assertEquals(zip, event.data().zip());
        assertEquals(outOfArea, event.data().outOfServiceArea());
    }

    @Test
    void onlyAdminsManageServiceAreas() {
        String body = "{\"city\":\"Austin\",\"state\":\"TX\"}";
        given().auth().oauth2(token(UUID.randomUUID())).contentType(ContentType.JSON).body(body)
                .put("/staff/service-areas/78799").then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(staffToken(UUID.randomUUID(), "driver")).contentType(ContentType.JSON).body(body)
                .put("/staff/service-areas/78799").then().statusCode(403);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("city", "Austin", "state", "Texas"))
                .put("/staff/service-areas/78799").then().statusCode(400).body("errors[0].field", equalTo("state"));
        given().get("/service-areas/78799").then().body("served", equalTo(false));
    }

    @Test
    void supabasesAnonKeyChecksAZipButManagesNothing() {
        // Supabase clients send the anon key as the bearer before anyone signs in
        Map<String, Object> claims = DevStack.sharedForTests().auth()
                .claims(UUID.randomUUID(), "", List.of("admin"), Duration.ofMinutes(5));
        claims.put("role", "anon");
        claims.remove("sub");
        String anonKey = DevStack.sharedForTests().auth().sign(claims);
        given().auth().oauth2(anonKey).get("/service-areas/10001").then().statusCode(200).body("served", equalTo(false));
        given().auth().oauth2(anonKey).get("/staff/service-areas").then().statusCode(401).contentType(PROBLEM);
        claims.put("role", "service_role");
        given().auth().oauth2(DevStack.sharedForTests().auth().sign(claims)).get("/staff/service-areas")
                .then().statusCode(401).contentType(PROBLEM);
    }

    private static org.hamcrest.Matcher<Integer> anyOf201or200() {
        return org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201));
    }
}
