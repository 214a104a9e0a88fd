package com.valet.web;

import com.valet.devstack.SupabaseAuthStub;
import com.valet.devstack.SupabaseAuthTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The caller's identity from the verified Supabase token (same app and config as ProblemMappersTest). */
@QuarkusTest
@QuarkusTestResource(value = SupabaseAuthTestResource.class, restrictToAnnotatedClass = false)
class CallerTest {
    private final SupabaseAuthStub auth = SupabaseAuthTestResource.auth();

    @Test
    void aCustomerIsTheTokensSubjectWithNoRoles() {
        UUID user = UUID.randomUUID();
        given().auth().oauth2(auth.customerToken(user, "ana@example.com", Duration.ofMinutes(5)))
                .when().get("/probe/me")
                .then().statusCode(200)
                .body("user_id", equalTo(user.toString()))
                .body("email", equalTo("ana@example.com"))
                .body("roles", empty())
                .body("staff", equalTo(false));
    }

    @Test
    void staffRolesComeFromAppMetadata() {
        UUID user = UUID.randomUUID();
        given().auth().oauth2(auth.token(user, "sam@valet.example", List.of("warehouse", "admin"), Duration.ofMinutes(5)))
                .when().get("/probe/me")
                .then().statusCode(200)
                .body("user_id", equalTo(user.toString()))
                .body("roles", containsInAnyOrder("warehouse", "admin"))
                .body("staff", equalTo(true));
    }

    @Test
    void everyStaffRolePassesRequireStaff() {
        for (String role : StaffRoles.ALL) {
            given().auth().oauth2(auth.token(UUID.randomUUID(), "sam@valet.example", List.of(role), Duration.ofMinutes(5)))
                    .when().get("/probe/staff-only")
                    .then().statusCode(200).body("ok", equalTo(true));
        }
    }

    @Test
    void aRoleThatIsNotAStaffRoleIsNotStaff() {
        String token = auth.token(UUID.randomUUID(), "bea@example.com", List.of("beta_tester"), Duration.ofMinutes(5));
        given().auth().oauth2(token).when().get("/probe/me")
                .then().statusCode(200)
                .body("roles", containsInAnyOrder("beta_tester"))
                .body("staff", equalTo(false));
        given().auth().oauth2(token).when().get("/probe/staff-only").then().statusCode(403);
    }

    @Test
    void aTokenWithoutEmailHasNoEmail() {
        Map<String, Object> claims = claims(UUID.randomUUID().toString());
        claims.remove("email");
        given().auth().oauth2(auth.sign(claims)).when().get("/probe/me")
                .then().statusCode(200).body("email", nullValue());
    }

    @Test
    void aSubjectThatIsNotAUuidIsUnauthorized() {
        for (String sub : List.of("service-account", "1-1-1-1-1")) {
            io.restassured.response.Response response = given().auth().oauth2(auth.sign(claims(sub))).get("/probe/me");
            ProblemMappersTest.assertProblem(response, 401, """
                    {"type": "about:blank", "title": "Unauthorized", "status": 401,
                     "detail": "The token's subject is not a user id.", "instance": "/probe/me"}""");
            assertEquals(List.of("Bearer"), response.headers().getValues("WWW-Authenticate"));
        }
    }

    @Test
    void withoutATokenThereIsNoCaller() {
        // /open/* has no HTTP permission: the Caller itself refuses
        io.restassured.response.Response response = given().get("/open/me");
        ProblemMappersTest.assertProblem(response, 401, """
                {"type": "about:blank", "title": "Unauthorized", "status": 401,
                 "detail": "A valid bearer token is required.", "instance": "/open/me"}""");
        assertEquals(List.of("Bearer"), response.headers().getValues("WWW-Authenticate"));
    }

    private Map<String, Object> claims(String sub) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", auth.issuer());
        claims.put("sub", sub);
        claims.put("aud", "authenticated");
        claims.put("role", "authenticated");
        claims.put("email", "x@example.com");
        claims.put("app_metadata", Map.of("provider", "email"));
        claims.put("iat", Instant.now().getEpochSecond());
        claims.put("exp", Instant.now().plusSeconds(300).getEpochSecond());
        return claims;
    }
}
