package com.valet.inventory.item;

import com.valet.devstack.DevStack;
import com.valet.devstack.SupabaseAuthStub;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/**
 * Zero trust for Supabase's keys: the service itself (not only the gateway) serves only signed-in users'
 * tokens. The anon key and the service key are refused with 401; a token signed with the project's legacy
 * HS256 secret works where that secret is configured (this service's tests), and one HMAC-keyed with
 * anything else does not.
 */
@QuarkusTest
class SupabaseKeysTest {
    private static final SupabaseAuthStub AUTH = DevStack.sharedForTests().auth();

    @Test
    void theAnonKeyAndTheServiceKeyAreNotUsers() {
        for (String role : List.of("anon", "service_role")) {
            Map<String, Object> claims = claims(UUID.randomUUID());
            claims.put("role", role);
            unauthorized(AUTH.sign(claims));
        }
    }

    @Test
    void aLegacyHs256UserTokenWorksAndIsTheSameUser() {
        UUID owner = UUID.randomUUID();
        String legacy = AUTH.signWithLegacySecret(claims(owner));
        String id = given().auth().oauth2(legacy).contentType(ContentType.JSON).body(ItemFixtures.item(owner, "Kayak"))
                .when().post("/items").then().statusCode(201).extract().path("id");
        // the same user with a JWKS-signed token sees it: identity does not depend on how the token was signed
        given().auth().oauth2(ItemFixtures.token(owner)).when().get("/items").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].id", equalTo(id));
        Map<String, Object> anon = claims(owner);
        anon.put("role", "anon");
        unauthorized(AUTH.signWithLegacySecret(anon));
    }

    @Test
    void hs256KeyedWithAnotherSecretIsRefused() {
        unauthorized(SupabaseAuthStub.signHs256(claims(UUID.randomUUID()),
                "not-the-projects-secret-but-long-enough-anyway".getBytes(StandardCharsets.UTF_8), null));
    }

    private static Map<String, Object> claims(UUID user) {
        return AUTH.claims(user, user + "@example.com", List.of(), Duration.ofMinutes(5));
    }

    private static void unauthorized(String token) {
        given().auth().oauth2(token).when().get("/items").then()
                .statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(401));
    }
}
