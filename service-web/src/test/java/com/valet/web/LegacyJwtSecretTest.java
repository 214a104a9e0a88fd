package com.valet.web;

import com.valet.devstack.SupabaseAuthStub;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LegacyJwtSecretTest {
    private static final String SECRET = SupabaseAuthStub.LEGACY_JWT_SECRET;
    private static final String ISSUER = "https://project.supabase.co/auth/v1";
    private final LegacyJwtSecret verifier = new LegacyJwtSecret(SECRET, ISSUER, "authenticated", 30);

    @Test
    void aTokenSignedWithTheSecretYieldsItsClaims() throws Exception {
        assertEquals("user-1", verifier.verify(sign(claims(), SECRET)).getSubject());
    }

    @Test
    void everyOtherTokenIsRefused() {
        refused(sign(claims(), "a-different-secret-with-at-least-32-characters"));
        refused(sign(with("iss", "https://other.supabase.co/auth/v1"), SECRET));
        refused(sign(with("aud", "anon"), SECRET));
        refused(sign(with("exp", Instant.now().minusSeconds(31 + 5).getEpochSecond()), SECRET));
        refused(sign(with("nbf", Instant.now().plusSeconds(120).getEpochSecond()), SECRET));
        Map<String, Object> noSubject = claims();
        noSubject.remove("sub");
        refused(sign(noSubject, SECRET));
        Map<String, Object> noExpiry = claims();
        noExpiry.remove("exp");
        refused(sign(noExpiry, SECRET));
        // only HS256: the same claims signed by an asymmetric key are not this verifier's to accept
        try (SupabaseAuthStub auth = SupabaseAuthStub.withNewKey(0)) {
            refused(auth.sign(claims()));
        }
    }

    @Test
    void clocksMayDriftByTheLeeway() throws Exception {
        assertEquals("user-1", verifier.verify(sign(with("exp", Instant.now().minusSeconds(10).getEpochSecond()), SECRET)).getSubject());
    }

    @Test
    void aSecretShorterThanSupabasesMinimumIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new LegacyJwtSecret("short", ISSUER, "authenticated", 0));
    }

    @Test
    void theAlgorithmIsReadFromTheHeaderWithoutTrustingIt() {
        assertEquals(Optional.of("HS256"), LegacyJwtSecret.algorithm(sign(claims(), SECRET)));
        assertEquals(Optional.empty(), LegacyJwtSecret.algorithm("bm90IGpzb24.e30.x"));
        assertEquals(Optional.empty(), LegacyJwtSecret.algorithm("!!!.e30.x"));
        assertEquals(Optional.empty(), LegacyJwtSecret.algorithm("noDots"));
    }

    private void refused(String token) {
        assertThrows(InvalidJwtException.class, () -> verifier.verify(token));
    }

    private static String sign(Map<String, Object> claims, String secret) {
        return SupabaseAuthStub.signHs256(claims, secret.getBytes(StandardCharsets.UTF_8), null);
    }

    private static Map<String, Object> with(String claim, Object value) {
        Map<String, Object> claims = claims();
        claims.put(claim, value);
        return claims;
    }

    private static Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", "user-1");
        claims.put("aud", "authenticated");
        claims.put("role", "authenticated");
        claims.put("iat", Instant.now().minusSeconds(600).getEpochSecond());
        claims.put("exp", Instant.now().plusSeconds(300).getEpochSecond());
        return claims;
    }
}
