package com.valet.gateway.edge;

import com.valet.devstack.SupabaseAuthTestResource;
import com.valet.gateway.testing.ServiceStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.valet.gateway.testing.GatewayTest.assertProblem;
import static com.valet.gateway.testing.GatewayTest.auth;
import static com.valet.gateway.testing.ServiceStubs.stub;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The gateway verifies a token once and serves its next requests from service-web's verified-token cache, as
 * {@code valet_token_verifications_total} on /q/metrics shows; a cached token is still refused the moment it
 * expires (with the same leeway as a fresh one), and the service is then not called.
 */
@QuarkusTest
@QuarkusTestResource(value = SupabaseAuthTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ServiceStubs.class, restrictToAnnotatedClass = false)
class TokenCacheTest {
    private static final String PROTECTED = "/api/inventory/items";

    @Test
    void aTokenIsVerifiedOnceAndThenServedFromTheCache() {
        String token = auth().customerToken(UUID.randomUUID(), "cache@example.com", Duration.ofMinutes(5));
        double verified = verifications("verified");
        double cached = verifications("cached");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).when().get(PROTECTED).then().statusCode(200);
        }
        assertEquals(verified + 1, verifications("verified"));
        assertEquals(cached + 2, verifications("cached"));
    }

    @Test
    void aCachedTokenIsRefusedOnceItExpires() throws Exception {
        int grace = ConfigProvider.getConfig().getOptionalValue("quarkus.oidc.token.lifespan-grace", Integer.class).orElse(0);
        long now = Instant.now().getEpochSecond();
        long exp = now - grace + 3; // inside the leeway for about 3 more seconds
        Map<String, Object> claims = auth().claims(UUID.randomUUID(), "cache@example.com", List.of(), Duration.ofMinutes(5));
        claims.put("iat", now - 60);
        claims.put("exp", exp);
        String token = auth().sign(claims);

        double cached = verifications("cached");
        given().auth().oauth2(token).when().get(PROTECTED).then().statusCode(200);
        given().auth().oauth2(token).when().get(PROTECTED).then().statusCode(200);
        assertEquals(cached + 1, verifications("cached"), "the second request was served from the cache");

        Thread.sleep(Math.max(0, (exp + grace) * 1000 - System.currentTimeMillis()) + 50);
        stub("inventory").clear();
        assertProblem(given().auth().oauth2(token).when().get(PROTECTED).then(), 401)
                .header("WWW-Authenticate", startsWith("Bearer"));
        assertEquals(0, stub("inventory").calls(), "an expired token never reaches the service");
        assertEquals(cached + 1, verifications("cached"));
    }

    private static double verifications(String result) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^valet_token_verifications_total\\{[^}]*result=\"" + result + "\"[^}]*} (\\S+)$",
                Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
