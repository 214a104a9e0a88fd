package com.valet.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A local stand-in for Supabase Auth's token side: it signs access tokens with an ES256 key (as Supabase's
 * asymmetric JWT signing keys do) and serves the public key as JWKS at
 * {@code /auth/v1/.well-known/jwks.json}, so services verify real signed JWTs exactly as in production.
 */
public final class SupabaseAuthStub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys;
    private final String keyId;
    private final int port;
    private HttpServer server;

    private SupabaseAuthStub(KeyPair keys, int port) {
        this.keys = keys;
        this.port = port;
        this.keyId = "dev-" + Integer.toHexString(Arrays.hashCode(keys.getPublic().getEncoded()));
    }

    /** A stub with a fresh key, for tests. */
    public static SupabaseAuthStub withNewKey(int port) {
        return new SupabaseAuthStub(generate(), port);
    }

    /** A stub whose key is kept in {@code keyDir}, so tokens printed by an earlier run stay valid. */
    public static SupabaseAuthStub withKeyIn(Path keyDir, int port) {
        try {
            Path priv = keyDir.resolve("jwt-signing-key.pk8");
            Path pub = keyDir.resolve("jwt-signing-key.pub");
            if (Files.exists(priv) && Files.exists(pub)) {
                KeyFactory ec = KeyFactory.getInstance("EC");
                return new SupabaseAuthStub(new KeyPair(
                        ec.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(pub))),
                        ec.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(priv)))), port);
            }
            KeyPair fresh = generate();
            Files.createDirectories(keyDir);
            Files.write(pub, fresh.getPublic().getEncoded());
            Files.write(priv, fresh.getPrivate().getEncoded());
            return new SupabaseAuthStub(fresh, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized SupabaseAuthStub start() {
        if (server != null) {
            return this;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(Ports.loopback(), port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("the auth stub could not bind port " + port, e);
        }
        server.createContext("/auth/v1/.well-known/jwks.json", exchange -> respond(exchange, jwks()));
        server.createContext("/auth/v1/.well-known/openid-configuration", exchange -> respond(exchange,
                Map.of("issuer", issuer(), "jwks_uri", jwksUrl(),
                        "id_token_signing_alg_values_supported", List.of("ES256"))));
        server.start();
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Supabase's issuer is the project's Auth URL: {@code https://<ref>.supabase.co/auth/v1}. */
    public String issuer() {
        return baseUrl() + "/auth/v1";
    }

    public String jwksUrl() {
        return issuer() + "/.well-known/jwks.json";
    }

    public int port() {
        return port;
    }

    /** An access token shaped like Supabase's for a signed-in (magic link) user. */
    public String customerToken(UUID userId, String email, Duration validity) {
        return token(userId, email, List.of(), validity);
    }

    /**
     * Staff carry their roles in {@code app_metadata.roles}: app_metadata is writable only with the
     * service role key, so a user cannot grant themselves a role.
     */
    public String token(UUID userId, String email, List<String> staffRoles, Duration validity) {
        Instant now = Instant.now();
        Map<String, Object> appMetadata = new LinkedHashMap<>();
        appMetadata.put("provider", "email");
        appMetadata.put("providers", List.of("email"));
        if (!staffRoles.isEmpty()) {
            appMetadata.put("roles", staffRoles);
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer());
        claims.put("sub", userId.toString());
        claims.put("aud", "authenticated");
        claims.put("exp", now.plus(validity).getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("email", email);
        claims.put("phone", "");
        claims.put("app_metadata", appMetadata);
        claims.put("user_metadata", Map.of());
        claims.put("role", "authenticated");
        claims.put("aal", "aal1");
        claims.put("amr", List.of(Map.of("method", "otp", "timestamp", now.getEpochSecond())));
        claims.put("session_id", UUID.randomUUID().toString());
        claims.put("is_anonymous", false);
        return sign(claims);
    }

    /** Signs arbitrary claims: tests use it for expired, foreign-issuer or tampered tokens. */
    public String sign(Map<String, Object> claims) {
        try {
            Map<String, Object> header = Map.of("alg", "ES256", "typ", "JWT", "kid", keyId);
            String signingInput = B64URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + B64URL.encodeToString(JSON.writeValueAsBytes(claims));
            // JWS wants the raw R||S form, not DER.
            Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
            es256.initSign((ECPrivateKey) keys.getPrivate());
            es256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(es256.sign());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Map<String, Object> jwks() {
        ECPublicKey pub = (ECPublicKey) keys.getPublic();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "EC");
        jwk.put("crv", "P-256");
        jwk.put("x", B64URL.encodeToString(unsigned32(pub.getW().getAffineX())));
        jwk.put("y", B64URL.encodeToString(unsigned32(pub.getW().getAffineY())));
        jwk.put("kid", keyId);
        jwk.put("alg", "ES256");
        jwk.put("use", "sig");
        jwk.put("key_ops", List.of("verify"));
        return Map.of("keys", List.of(jwk));
    }

    private static byte[] unsigned32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }
}
