package com.valet.web;

import com.valet.devstack.SupabaseAuthStub;
import com.valet.devstack.SupabaseAuthTestResource;
import com.valet.web.TokenVerificationCache.Result;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verified-token cache in a real app (ProbeResource, real ES256 tokens, the auth stub's JWKS): a token is
 * verified once and then served from the cache, a cached token is still refused the moment it expires, and a
 * token signed with a key removed from the JWKS is refused once the periodic refresh (2 s here) has run.
 */
@QuarkusTest
@QuarkusTestResource(value = SupabaseAuthTestResource.class, restrictToAnnotatedClass = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the key changes last: they empty the cache the others count on
class TokenCacheTest {
    private final SupabaseAuthStub auth = SupabaseAuthTestResource.auth();

    @Inject
    TokenVerificationCache tokens;

    @Test
    void aTokenIsVerifiedOnceThenServedFromTheCache() {
        String token = auth.customerToken(UUID.randomUUID(), "ana@example.com", Duration.ofMinutes(5));
        long verified = tokens.count(Result.VERIFIED);
        long cached = tokens.count(Result.CACHED);
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).when().get("/probe/me").then().statusCode(200);
        }
        assertEquals(verified + 1, tokens.count(Result.VERIFIED));
        assertEquals(cached + 2, tokens.count(Result.CACHED));
    }

    @Test
    void aCachedTokenIsRefusedOnceItsExpiryPassesWithTheSameLeewayAsAFreshOne() throws Exception {
        int grace = ConfigProvider.getConfig().getOptionalValue("quarkus.oidc.token.lifespan-grace", Integer.class).orElse(0);
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = auth.claims(UUID.randomUUID(), "ana@example.com", List.of(), Duration.ofMinutes(5));
        claims.put("iat", now - 60);
        claims.put("exp", now - grace + 3); // inside the leeway for about 3 more seconds
        String token = auth.sign(claims);

        long cached = tokens.count(Result.CACHED);
        given().auth().oauth2(token).when().get("/probe/me").then().statusCode(200);
        given().auth().oauth2(token).when().get("/probe/me").then().statusCode(200);
        assertEquals(cached + 1, tokens.count(Result.CACHED), "the second use came from the cache");

        long refusedAt = ((now - grace + 3) + grace) * 1000; // quarkus-oidc refuses once now - grace >= exp
        Thread.sleep(Math.max(0, refusedAt - System.currentTimeMillis()) + 50);
        long refused = tokens.count(Result.REFUSED);
        given().auth().oauth2(token).when().get("/probe/me").then().statusCode(401);
        assertEquals(cached + 1, tokens.count(Result.CACHED), "an expired token is not served from the cache");
        assertEquals(refused + 1, tokens.count(Result.REFUSED));
    }

    @Test
    void refusalsAreNotCachedAndAreRefusedEveryTime() {
        String[] parts = auth.customerToken(UUID.randomUUID(), "ana@example.com", Duration.ofMinutes(5)).split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        long refused = tokens.count(Result.REFUSED);
        long cached = tokens.count(Result.CACHED);
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(tampered).when().get("/probe/me").then().statusCode(401);
        }
        assertEquals(refused + 2, tokens.count(Result.REFUSED));
        assertEquals(cached, tokens.count(Result.CACHED));
    }

    @Test
    void aCachedAnonKeyIsStillNoUser() {
        Map<String, Object> anon = auth.claims(UUID.randomUUID(), "", List.of(), Duration.ofMinutes(5));
        anon.put("role", "anon");
        anon.remove("sub");
        String token = auth.sign(anon);
        long cached = tokens.count(Result.CACHED);
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(token).when().get("/probe/me").then().statusCode(401);
        }
        assertEquals(cached + 1, tokens.count(Result.CACHED), "cached, and SignedInUsersOnly still applies");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aTokenSignedWithARemovedKeyIsRefusedAfterTheJwksRefresh() {
        String doomedKid = auth.rotate();
        String token = auth.customerToken(UUID.randomUUID(), "ana@example.com", Duration.ofMinutes(5));
        // the new kid makes the app fetch the JWKS (or the periodic refresh brings it)
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                given().auth().oauth2(token).when().get("/probe/me").then().extract().statusCode() == 200);
        // the new key emptied the cache (now and again a second later): wait until the token is served from it
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            long cached = tokens.count(Result.CACHED);
            given().auth().oauth2(token).when().get("/probe/me").then().statusCode(200);
            return tokens.count(Result.CACHED) == cached + 1;
        });

        auth.rotate();
        auth.remove(doomedKid);
        long removedAt = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                given().auth().oauth2(token).when().get("/probe/me").then().extract().statusCode() == 401);
        long took = System.currentTimeMillis() - removedAt;
        assertTrue(took < 2_000 + 3_000, "refused within the refresh interval (2 s) and some slack, took " + took + " ms");
        given().auth().oauth2(token).when().get("/probe/me").then().statusCode(401); // and stays refused

        String fresh = auth.customerToken(UUID.randomUUID(), "ana@example.com", Duration.ofMinutes(5));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                given().auth().oauth2(fresh).when().get("/probe/me").then().extract().statusCode() == 200);
    }
}
