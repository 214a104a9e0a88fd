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
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
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
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local stand-in for Supabase Auth's token side: it signs access tokens with an ES256 key (as Supabase's
 * asymmetric JWT signing keys do; an RS256 key is published too) and serves the public keys as JWKS at
 * {@code /auth/v1/.well-known/jwks.json}, so services verify real signed JWTs exactly as in production.
 * Tests can rotate the signing key, sign with a key the JWKS never listed, and take the JWKS endpoint down.
 */
public final class SupabaseAuthStub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    /** The legacy HS256 secret of a local Supabase (the CLI's default); never a production value. */
    public static final String LEGACY_JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";

    /** A key as Supabase publishes it: its id, its JWS algorithm, and (here) the private half to sign with. */
    private record SigningKey(String kid, String alg, KeyPair pair) {
        static SigningKey of(String alg, KeyPair pair) {
            return new SigningKey("dev-" + Integer.toHexString(Arrays.hashCode(pair.getPublic().getEncoded())), alg, pair);
        }
    }

    /** Every key in the JWKS: the ES256 keys (the current one last after a rotation) and an RS256 key. */
    private final List<SigningKey> published = new CopyOnWriteArrayList<>();
    private volatile SigningKey current;
    private final SigningKey rsa;
    private final int port;
    private volatile boolean jwksDown;
    private HttpServer server;

    private SupabaseAuthStub(KeyPair es256, KeyPair rs256, int port) {
        this.current = SigningKey.of("ES256", es256);
        this.rsa = SigningKey.of("RS256", rs256);
        this.published.add(current);
        this.published.add(rsa);
        this.port = port;
    }

    /** A stub with fresh keys, for tests. */
    public static SupabaseAuthStub withNewKey(int port) {
        return new SupabaseAuthStub(generate(), generateRsa(), port);
    }

    /** A stub whose key is kept in {@code keyDir}, so tokens printed by an earlier run stay valid. */
    public static SupabaseAuthStub withKeyIn(Path keyDir, int port) {
        try {
            Files.createDirectories(keyDir);
            return new SupabaseAuthStub(keptKey(keyDir, "jwt-signing-key", "EC"), keptKey(keyDir, "jwt-rsa-key", "RSA"),
                    port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keptKey(Path keyDir, String name, String algorithm)
            throws IOException, GeneralSecurityException {
        Path priv = keyDir.resolve(name + ".pk8");
        Path pub = keyDir.resolve(name + ".pub");
        if (Files.exists(priv) && Files.exists(pub)) {
            KeyFactory factory = KeyFactory.getInstance(algorithm);
            return new KeyPair(factory.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(pub))),
                    factory.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(priv))));
        }
        KeyPair fresh = "EC".equals(algorithm) ? generate() : generateRsa();
        Files.write(pub, fresh.getPublic().getEncoded());
        Files.write(priv, fresh.getPrivate().getEncoded());
        return fresh;
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
        server.createContext("/auth/v1/.well-known/jwks.json", exchange -> {
            if (jwksDown) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            respond(exchange, jwks());
        });
        server.createContext("/auth/v1/.well-known/openid-configuration", exchange -> respond(exchange,
                Map.of("issuer", issuer(), "jwks_uri", jwksUrl(),
                        "id_token_signing_alg_values_supported", List.of("ES256", "RS256"))));
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
        return sign(claims(userId, email, staffRoles, validity));
    }

    /** The claims of {@link #token}, for tests that change one of them (role, nbf, aud...) before signing. */
    public Map<String, Object> claims(UUID userId, String email, List<String> staffRoles, Duration validity) {
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
        return claims;
    }

    /** Signs arbitrary claims with the current ES256 key: tests use it for expired, foreign-issuer or tampered tokens. */
    public String sign(Map<String, Object> claims) {
        return sign(current, claims);
    }

    /** Signs with the published RS256 key (Supabase offers RSA signing keys too). */
    public String signRs256(Map<String, Object> claims) {
        return sign(rsa, claims);
    }

    /** Signs with a key the JWKS has never listed (an unknown {@code kid}). */
    public String signWithUnpublishedKey(Map<String, Object> claims) {
        return sign(SigningKey.of("ES256", generate()), claims);
    }

    /**
     * Key rotation as Supabase does it: a new ES256 key is published and signs from now on; the previous
     * keys stay in the JWKS so tokens already issued keep verifying until they expire. Returns the new kid.
     */
    public String rotate() {
        SigningKey next = SigningKey.of("ES256", generate());
        published.add(next);
        current = next;
        return next.kid();
    }

    /**
     * Revoking a key as Supabase does: it is no longer published in the JWKS (tokens it signed must then be
     * refused). The current signing key cannot be removed: {@link #rotate} away from it first.
     */
    public void remove(String kid) {
        if (current.kid().equals(kid)) {
            throw new IllegalArgumentException("rotate away from the current signing key before removing it");
        }
        if (!published.removeIf(key -> key.kid().equals(kid))) {
            throw new IllegalArgumentException("no published key " + kid);
        }
    }

    /** The kid of the current ES256 signing key. */
    public String currentKid() {
        return current.kid();
    }

    /** While down, the JWKS endpoint answers 503, as Supabase Auth might during an incident. */
    public void jwksDown(boolean down) {
        this.jwksDown = down;
    }

    /**
     * Signs with the legacy HS256 JWT secret (Supabase CLI's well-known local default), as older Supabase
     * projects still do; apps accept it only where {@code valet.auth.legacy-jwt-secret} is set to it.
     */
    public String signWithLegacySecret(Map<String, Object> claims) {
        return signHs256(claims, LEGACY_JWT_SECRET.getBytes(StandardCharsets.UTF_8), null);
    }

    /** An HS256 token keyed with any bytes (a wrong secret, or a public key in a key-confusion attack). */
    public static String signHs256(Map<String, Object> claims, byte[] key, String kid) {
        try {
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("alg", "HS256");
            header.put("typ", "JWT");
            if (kid != null) {
                header.put("kid", kid);
            }
            String signingInput = B64URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + B64URL.encodeToString(JSON.writeValueAsBytes(claims));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return signingInput + "." + B64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(SigningKey key, Map<String, Object> claims) {
        try {
            Map<String, Object> header = Map.of("alg", key.alg(), "typ", "JWT", "kid", key.kid());
            String signingInput = B64URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + B64URL.encodeToString(JSON.writeValueAsBytes(claims));
            // JWS wants ECDSA signatures in the raw R||S form, not DER.
            Signature signature = Signature.getInstance(
                    "RS256".equals(key.alg()) ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
            signature.initSign(key.pair().getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(signature.sign());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Map<String, Object> jwks() {
        return Map.of("keys", published.stream().map(SupabaseAuthStub::jwk).toList());
    }

    /** The public half of a key as a JWK (RFC 7517/7518). */
    private static Map<String, Object> jwk(SigningKey key) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        if (key.pair().getPublic() instanceof RSAPublicKey rsa) {
            jwk.put("kty", "RSA");
            jwk.put("n", B64URL.encodeToString(unsigned(rsa.getModulus())));
            jwk.put("e", B64URL.encodeToString(unsigned(rsa.getPublicExponent())));
        } else {
            ECPublicKey ec = (ECPublicKey) key.pair().getPublic();
            jwk.put("kty", "EC");
            jwk.put("crv", "P-256");
            jwk.put("x", B64URL.encodeToString(unsigned32(ec.getW().getAffineX())));
            jwk.put("y", B64URL.encodeToString(unsigned32(ec.getW().getAffineY())));
        }
        jwk.put("kid", key.kid());
        jwk.put("alg", key.alg());
        jwk.put("use", "sig");
        jwk.put("key_ops", List.of("verify"));
        return jwk;
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] raw = value.toByteArray();
        return raw.length > 1 && raw[0] == 0 ? Arrays.copyOfRange(raw, 1, raw.length) : raw;
    }

    private static byte[] unsigned32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    private static KeyPair generateRsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
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
