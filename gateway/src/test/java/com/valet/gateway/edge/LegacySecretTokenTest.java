package com.valet.gateway.edge;

import com.valet.devstack.SupabaseAuthStub;
import com.valet.devstack.SupabaseAuthTestResource;
import com.valet.gateway.testing.ServiceStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.valet.gateway.testing.GatewayTest.assertProblem;
import static com.valet.gateway.testing.GatewayTest.auth;
import static com.valet.gateway.testing.ServiceStubs.stub;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A project still on Supabase's legacy JWT secret: with {@code valet.auth.legacy-jwt-secret} set, HS256
 * tokens signed with that secret are accepted next to the JWKS keys, with the same claim checks; HS256
 * keyed with anything else is refused. ({@link TokenMatrixTest} shows HS256 refused when it is not set.)
 */
@QuarkusTest
@TestProfile(LegacySecretTokenTest.LegacySecretAccepted.class)
@QuarkusTestResource(value = SupabaseAuthTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ServiceStubs.class, restrictToAnnotatedClass = false)
class LegacySecretTokenTest {
    private static final String PROTECTED = "/api/inventory/items";

    public static class LegacySecretAccepted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("valet.auth.legacy-jwt-secret", SupabaseAuthStub.LEGACY_JWT_SECRET);
        }
    }

    @Test
    void anHs256TokenSignedWithTheLegacySecretIsAcceptedWithItsUserAndRoles() {
        UUID user = UUID.randomUUID();
        String token = auth().signWithLegacySecret(auth().claims(user, "legacy@example.com", List.of("driver"), Duration.ofMinutes(5)));
        given().auth().oauth2(token).when().get("/api/me").then().statusCode(200)
                .body("userId", equalTo(user.toString()))
                .body("email", equalTo("legacy@example.com"))
                .body("roles", contains("driver"));
        stub("inventory").clear();
        given().auth().oauth2(token).when().get(PROTECTED).then().statusCode(200);
        assertEquals(1, stub("inventory").calls());
    }

    @Test
    void jwksTokensAreStillAccepted() {
        stub("inventory").clear();
        given().auth().oauth2(auth().sign(claims())).when().get(PROTECTED).then().statusCode(200);
        given().auth().oauth2(auth().signRs256(claims())).when().get(PROTECTED).then().statusCode(200);
        assertEquals(2, stub("inventory").calls());
    }

    @Test
    void hs256KeyedWithAnythingButTheSecretIsRefused() {
        refused(SupabaseAuthStub.signHs256(claims(), "another-secret-of-at-least-32-characters!!".getBytes(StandardCharsets.UTF_8), null));
        // key confusion: the published RSA key's JWK used as the HMAC key
        String rsaJwk = auth().jwks().get("keys").toString();
        refused(SupabaseAuthStub.signHs256(claims(), rsaJwk.getBytes(StandardCharsets.UTF_8), null));
        String[] parts = auth().signWithLegacySecret(claims()).split("\\.");
        refused(parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 2) + "AA");
    }

    @Test
    void theSameClaimChecksApplyToHs256Tokens() {
        Map<String, Object> expired = claims();
        expired.put("iat", Instant.now().minusSeconds(3600).getEpochSecond());
        expired.put("exp", Instant.now().minusSeconds(300).getEpochSecond());
        refused(auth().signWithLegacySecret(expired));

        Map<String, Object> withinLeeway = claims();
        withinLeeway.put("iat", Instant.now().minusSeconds(3600).getEpochSecond());
        withinLeeway.put("exp", Instant.now().minusSeconds(5).getEpochSecond());
        given().auth().oauth2(auth().signWithLegacySecret(withinLeeway)).when().get(PROTECTED).then().statusCode(200);

        Map<String, Object> notYet = claims();
        notYet.put("nbf", Instant.now().plusSeconds(600).getEpochSecond());
        refused(auth().signWithLegacySecret(notYet));

        Map<String, Object> foreign = claims();
        foreign.put("iss", "https://other-project.supabase.co/auth/v1");
        refused(auth().signWithLegacySecret(foreign));

        Map<String, Object> otherAudience = claims();
        otherAudience.put("aud", "somebody-else");
        refused(auth().signWithLegacySecret(otherAudience));
    }

    @Test
    void theLegacyAnonAndServiceKeysAreNotUsers() {
        Map<String, Object> anon = claims();
        anon.put("role", "anon");
        String anonKey = auth().signWithLegacySecret(anon);
        given().auth().oauth2(anonKey).when().get("/api/booking/service-areas/78701").then().statusCode(200);
        refused(anonKey);

        Map<String, Object> service = claims();
        service.put("role", "service_role");
        stub("inventory").clear();
        assertProblem(given().auth().oauth2(auth().signWithLegacySecret(service)).when().get(PROTECTED).then(), 403);
        assertEquals(0, stub("inventory").calls());
    }

    private static Map<String, Object> claims() {
        return auth().claims(UUID.randomUUID(), "legacy@example.com", List.of(), Duration.ofMinutes(5));
    }

    private static void refused(String token) {
        stub("inventory").clear();
        assertProblem(given().auth().oauth2(token).when().get(PROTECTED).then(), 401)
                .header("WWW-Authenticate", startsWith("Bearer"));
        assertEquals(0, stub("inventory").calls(), "a refused token never reaches the service");
    }
}
