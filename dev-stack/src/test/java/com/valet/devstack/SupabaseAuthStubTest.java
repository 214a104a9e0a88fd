package com.valet.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SupabaseAuthStubTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void tokensVerifyAgainstTheServedJwksAndCarryTheSupabaseClaims() throws Exception {
        try (SupabaseAuthStub stub = SupabaseAuthStub.withNewKey(Ports.free()).start()) {
            UUID user = UUID.randomUUID();
            String token = stub.token(user, "ana@example.com", List.of("driver"), Duration.ofMinutes(5));
            String[] parts = token.split("\\.");
            JsonNode jwks = JSON.readTree(HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(stub.jwksUrl())).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            JsonNode key = jwks.get("keys").get(0);
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            assertEquals(key.get("kid").asText(), header.get("kid").asText());

            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(publicKey(key));
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            assertTrue(verifier.verify(Base64.getUrlDecoder().decode(parts[2])));

            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            assertEquals(user.toString(), claims.get("sub").asText());
            assertEquals(stub.issuer(), claims.get("iss").asText());
            assertEquals("authenticated", claims.get("aud").asText());
            assertEquals("driver", claims.at("/app_metadata/roles/0").asText());

            // a tampered payload no longer verifies
            String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    claims.toString().replace(user.toString(), UUID.randomUUID().toString()).getBytes(StandardCharsets.UTF_8));
            verifier.initVerify(publicKey(key));
            verifier.update((parts[0] + "." + forged).getBytes(StandardCharsets.US_ASCII));
            assertFalse(verifier.verify(Base64.getUrlDecoder().decode(parts[2])));
        }
    }

    @Test
    void aPersistedKeySurvivesARestartSoPrintedTokensStayValid() throws Exception {
        Path dir = Files.createTempDirectory("auth-key-");
        try {
            Object first = SupabaseAuthStub.withKeyIn(dir, 0).jwks();
            Object second = SupabaseAuthStub.withKeyIn(dir, 0).jwks();
            assertEquals(first, second);
        } finally {
            DevStack.deleteRecursively(dir);
        }
    }

    private static PublicKey publicKey(JsonNode jwk) throws Exception {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
        ECPoint point = new ECPoint(
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("x").asText())),
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("y").asText())));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    }

    @Test
    void aRemovedKeyLeavesTheJwksAndTheCurrentKeyCannotBeRemoved() {
        SupabaseAuthStub stub = SupabaseAuthStub.withNewKey(Ports.free());
        String first = stub.currentKid();
        assertThrows(IllegalArgumentException.class, () -> stub.remove(first));
        String second = stub.rotate();
        stub.remove(first);
        List<String> kids = ((List<?>) stub.jwks().get("keys")).stream()
                .map(key -> (String) ((java.util.Map<?, ?>) key).get("kid")).toList();
        assertFalse(kids.contains(first));
        assertTrue(kids.contains(second));
        assertEquals(second, stub.currentKid());
    }
}
