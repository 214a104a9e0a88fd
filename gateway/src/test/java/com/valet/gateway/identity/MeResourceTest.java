package com.valet.gateway.identity;

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
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(value = SupabaseAuthTestResource.class, restrictToAnnotatedClass = false)
class MeResourceTest {
    private final SupabaseAuthStub auth = SupabaseAuthTestResource.auth();

    @Test
    void aSupabaseTokenIdentifiesTheCustomer() {
        UUID user = UUID.randomUUID();
        given().auth().oauth2(auth.customerToken(user, "ana@example.com", Duration.ofMinutes(5)))
                .when().get("/api/me")
                .then().statusCode(200)
                .body("userId", equalTo(user.toString()))
                .body("email", equalTo("ana@example.com"))
                .body("roles", empty());
    }

    @Test
    void staffRolesComeFromAppMetadata() {
        given().auth().oauth2(auth.token(UUID.randomUUID(), "sam@valet.example", List.of("driver"), Duration.ofMinutes(5)))
                .when().get("/api/me")
                .then().statusCode(200)
                .body("roles", contains("driver"));
    }

    @Test
    void noTokenIsUnauthorized() {
        given().when().get("/api/me").then().statusCode(401);
    }

    @Test
    void anExpiredTokenIsUnauthorized() {
        Map<String, Object> claims = claims(UUID.randomUUID());
        claims.put("exp", Instant.now().minusSeconds(600).getEpochSecond());
        given().auth().oauth2(auth.sign(claims)).when().get("/api/me").then().statusCode(401);
    }

    @Test
    void aTokenFromAnotherIssuerIsUnauthorized() {
        Map<String, Object> claims = claims(UUID.randomUUID());
        claims.put("iss", "https://someone-else.supabase.co/auth/v1");
        given().auth().oauth2(auth.sign(claims)).when().get("/api/me").then().statusCode(401);
    }

    @Test
    void aTokenForAnotherAudienceIsUnauthorized() {
        Map<String, Object> claims = claims(UUID.randomUUID());
        claims.put("aud", "anon");
        given().auth().oauth2(auth.sign(claims)).when().get("/api/me").then().statusCode(401);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsUnauthorized() {
        try (SupabaseAuthStub impostor = SupabaseAuthStub.withNewKey(0)) {
            Map<String, Object> claims = claims(UUID.randomUUID());
            given().auth().oauth2(impostor.sign(claims)).when().get("/api/me").then().statusCode(401);
        }
    }

    @Test
    void healthNeedsNoToken() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    private Map<String, Object> claims(UUID user) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", auth.issuer());
        claims.put("sub", user.toString());
        claims.put("aud", "authenticated");
        claims.put("role", "authenticated");
        claims.put("email", "x@example.com");
        claims.put("iat", Instant.now().getEpochSecond());
        claims.put("exp", Instant.now().plusSeconds(300).getEpochSecond());
        return claims;
    }
}
