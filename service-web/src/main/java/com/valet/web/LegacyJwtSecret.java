package com.valet.web;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.HmacKey;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Verifies access tokens signed with a Supabase project's legacy JWT secret (HS256), for projects that have
 * not moved to asymmetric signing keys yet. Supabase uses the secret's UTF-8 bytes as the HMAC key. The
 * same claims are checked as for JWKS-verified tokens: issuer, audience {@code authenticated}, exp/nbf/iat
 * with the shared leeway, and a subject. Only HS256 is permitted here, and only with this secret, so a token
 * HMAC-signed with a published public key (key confusion) fails like any other bad signature.
 */
public final class LegacyJwtSecret {
    /** Supabase requires at least 32 characters; a shorter secret is a configuration mistake, not a key. */
    static final int MIN_LENGTH = 32;

    private final JwtConsumer consumer;

    public LegacyJwtSecret(String secret, String issuer, String audience, int leewaySeconds) {
        if (secret == null || secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("The legacy JWT secret must have at least " + MIN_LENGTH + " characters.");
        }
        this.consumer = new JwtConsumerBuilder()
                .setVerificationKey(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.HMAC_SHA256)
                .setExpectedIssuer(issuer)
                .setExpectedAudience(audience)
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(leewaySeconds)
                .setRelaxVerificationKeyValidation() // Supabase allows 32-character secrets (256 bits)
                .build();
    }

    /** The verified claims, or an exception saying why the token is refused. */
    public JwtClaims verify(String token) throws InvalidJwtException {
        JwtContext context = consumer.process(token);
        return context.getJwtClaims();
    }

    /**
     * The {@code alg} of a compact JWS's header without verifying anything, to route a token to the verifier
     * that can check it; empty when the header is not readable JSON.
     */
    public static Optional<String> algorithm(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            String header = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            Object alg = org.jose4j.json.JsonUtil.parseJson(header).get("alg");
            return alg instanceof String value ? Optional.of(value) : Optional.empty();
        } catch (IllegalArgumentException | org.jose4j.lang.JoseException e) {
            return Optional.empty();
        }
    }
}
