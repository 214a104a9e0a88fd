package com.valet.gateway.edge;

import com.valet.devstack.SupabaseAuthStub;
import com.valet.devstack.SupabaseAuthTestResource;
import com.valet.gateway.testing.ServiceStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.valet.gateway.testing.GatewayTest.assertProblem;
import static com.valet.gateway.testing.GatewayTest.auth;
import static com.valet.gateway.testing.ServiceStubs.stub;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the gateway accepts as a Supabase access token, and every way a token is refused: always 401 (403
 * for the service key) as problem+json with a Bearer challenge, never a 500, and the service never called.
 */
@QuarkusTest
@QuarkusTestResource(value = SupabaseAuthTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ServiceStubs.class, restrictToAnnotatedClass = false)
class TokenMatrixTest {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String PROTECTED = "/api/inventory/items";

    @Test
    void es256AndRs256TokensFromTheJwksAreAccepted() {
        accepted(auth().sign(claims()));
        accepted(auth().signRs256(claims()));
    }

    @Test
    void aTokenNotYetValidIsRefused() {
        Map<String, Object> claims = claims();
        claims.put("nbf", Instant.now().plusSeconds(600).getEpochSecond());
        refused(auth().sign(claims));
    }

    @Test
    void aTokenExpiredWithinTheLeewayIsStillAcceptedButNotBeyond() {
        Map<String, Object> claims = claims();
        claims.put("iat", Instant.now().minusSeconds(3600).getEpochSecond());
        claims.put("exp", Instant.now().minusSeconds(5).getEpochSecond());
        accepted(auth().sign(claims)); // clocks drift: a few seconds (quarkus.oidc.token.lifespan-grace) are allowed
        claims.put("exp", Instant.now().minusSeconds(300).getEpochSecond());
        refused(auth().sign(claims));
    }

    @Test
    void aTamperedPayloadIsRefused() {
        String[] parts = auth().sign(claims()).split("\\.");
        Map<String, Object> other = claims();
        other.put("app_metadata", Map.of("roles", List.of("admin")));
        refused(parts[0] + "." + B64URL.encodeToString(json(other)) + "." + parts[2]);
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String header = B64URL.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        refused(header + "." + B64URL.encodeToString(json(claims())) + ".");
    }

    @Test
    void anHs256TokenIsRefusedWhenOnlyAsymmetricKeysAreConfigured() {
        refused(auth().signWithLegacySecret(claims()));
    }

    @Test
    void keyConfusionAnHs256TokenKeyedWithThePublishedRsaKeyIsRefused() throws Exception {
        Map<String, Object> rsaJwk = auth().jwks().get("keys") instanceof List<?> keys
                ? keys.stream().map(k -> (Map<?, ?>) k).filter(k -> "RSA".equals(k.get("kty"))).findFirst()
                .map(k -> (Map<String, Object>) (Map) k).orElseThrow() : Map.of();
        PublicKey rsa = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode((String) rsaJwk.get("n"))),
                new BigInteger(1, Base64.getUrlDecoder().decode((String) rsaJwk.get("e")))));
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(rsa.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        String kid = (String) rsaJwk.get("kid");
        refused(SupabaseAuthStub.signHs256(claims(), rsa.getEncoded(), kid));
        refused(SupabaseAuthStub.signHs256(claims(), pem.getBytes(StandardCharsets.US_ASCII), kid));
    }

    @Test
    void malformedTokensAreRefused() {
        for (String token : List.of("x", "a.b", "a.b.c.d", "eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln", "....")) {
            refused(token);
        }
    }

    @Test
    void anUnknownKidIsRefusedAndARotatedKeyIsAcceptedWithoutARestart() throws Exception {
        refused(auth().signWithUnpublishedKey(claims()));
        // the refused kid made the gateway fetch the JWKS; refreshes are rate limited (1 s in tests)
        Thread.sleep(1_200);
        auth().rotate();
        accepted(auth().sign(claims()));
    }

    @Test
    void whileTheJwksEndpointIsDownKnownKeysKeepWorking() throws Exception {
        SupabaseAuthStub auth = auth();
        auth.jwksDown(true);
        try {
            accepted(auth.sign(claims()));
            accepted(auth.signRs256(claims()));
            Thread.sleep(1_200);
            refused(auth.signWithUnpublishedKey(claims())); // a refresh is tried, fails, and that is a 401
            accepted(auth.sign(claims()));
        } finally {
            auth.jwksDown(false);
        }
    }

    @Test
    void theAnonKeyReachesOnlyPublicRoutes() {
        Map<String, Object> anon = claims();
        anon.put("role", "anon");
        anon.remove("sub");
        String token = auth().sign(anon);
        stub("booking").clear();
        given().auth().oauth2(token).when().get("/api/booking/service-areas/78701").then().statusCode(200);
        stub("inventory").clear();
        assertProblem(given().auth().oauth2(token).when().get(PROTECTED).then(), 401)
                .header("WWW-Authenticate", startsWith("Bearer"));
        assertEquals(0, stub("inventory").calls());
    }

    @Test
    void theServiceRoleKeyIsNotForThePublicApi() {
        Map<String, Object> service = claims();
        service.put("role", "service_role");
        service.remove("sub");
        stub("inventory").clear();
        assertProblem(given().auth().oauth2(auth().sign(service)).when().get(PROTECTED).then(), 403);
        assertEquals(0, stub("inventory").calls());
    }

    // ----------------------------------------------------------------------------------------------------

    private static Map<String, Object> claims() {
        return auth().claims(UUID.randomUUID(), "matrix@example.com", List.of(), Duration.ofMinutes(5));
    }

    private static void accepted(String token) {
        stub("inventory").clear();
        given().auth().oauth2(token).when().get(PROTECTED).then().statusCode(200);
        assertEquals(1, stub("inventory").calls());
    }

    private static ValidatableResponse refused(String token) {
        stub("inventory").clear();
        ValidatableResponse response = assertProblem(given().auth().oauth2(token).when().get(PROTECTED).then(), 401)
                .header("WWW-Authenticate", startsWith("Bearer"));
        assertEquals(0, stub("inventory").calls(), "a refused token never reaches the service");
        return response;
    }

    private static byte[] json(Map<String, Object> claims) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(claims);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
