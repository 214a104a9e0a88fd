package com.valet.booking.calendly;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks the {@code Calendly-Webhook-Signature} header, {@code t=<unix seconds>,v1=<hex HMAC-SHA256>}: the
 * HMAC, keyed with the webhook subscription's signing key, is over {@code "<t>.<raw body>"}, the exact
 * bytes received. Several {@code v1} are accepted (any one matching is enough), compared in constant
 * time; a {@code t} further than the tolerance from now, either way, is refused so that a captured
 * request cannot be replayed later. The key is kept as a {@link SecretKeySpec} and never logged.
 */
@ApplicationScoped
public class CalendlySignature {
    public static final String HEADER = "Calendly-Webhook-Signature";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,12}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    /** Why a signature was refused; also the {@code reason} tag of the rejection counter. */
    public enum Rejection {
        missing("The request has no Calendly-Webhook-Signature header."),
        malformed("The Calendly-Webhook-Signature header is not t=<unix time>,v1=<hex HMAC-SHA256>."),
        stale("The Calendly-Webhook-Signature timestamp is outside the accepted window."),
        mismatch("The Calendly-Webhook-Signature does not match the body.");

        public final String detail;

        Rejection(String detail) {
            this.detail = detail;
        }
    }

    private final SecretKeySpec key;
    private final Duration tolerance;
    private final MeterRegistry registry;

    CalendlySignature(@ConfigProperty(name = "valet.calendly.webhook-signing-key") String signingKey,
                      @ConfigProperty(name = "valet.calendly.signature-tolerance", defaultValue = "PT3M")
                      Duration tolerance,
                      MeterRegistry registry) {
        if (signingKey == null || signingKey.isBlank()) {
            throw new IllegalStateException("valet.calendly.webhook-signing-key is empty");
        }
        if (tolerance.isNegative() || tolerance.isZero()) {
            throw new IllegalStateException("valet.calendly.signature-tolerance must be positive");
        }
        this.key = new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.tolerance = tolerance;
        this.registry = registry;
    }

    /** Null when the header proves Calendly sent this body within the tolerance; otherwise why not. */
    public Rejection check(String header, byte[] body, Instant now) {
        Rejection rejection = verify(header, body, now);
        if (rejection != null) {
            Counter.builder("valet.calendly.webhooks.rejected")
                    .description("Calendly webhooks refused with 401 (signature missing, malformed, stale or wrong)")
                    .tag("reason", rejection.name()).register(registry).increment();
        }
        return rejection;
    }

    private Rejection verify(String header, byte[] body, Instant now) {
        if (header == null || header.isBlank()) {
            return Rejection.missing;
        }
        String timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int equals = part.indexOf('=');
            if (equals < 0) {
                return Rejection.malformed;
            }
            String name = part.substring(0, equals).strip();
            String value = part.substring(equals + 1).strip();
            if (name.equals("t")) {
                if (timestamp != null || !DIGITS.matcher(value).matches()) {
                    return Rejection.malformed;
                }
                timestamp = value;
            } else if (name.equals("v1")) {
                if (!SHA256_HEX.matcher(value).matches()) {
                    return Rejection.malformed;
                }
                signatures.add(HexFormat.of().parseHex(value));
            }
            // other schemes (a future v2) are not ours to check
        }
        if (timestamp == null || signatures.isEmpty()) {
            return Rejection.malformed;
        }
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (Duration.between(signedAt, now).abs().compareTo(tolerance) > 0) {
            return Rejection.stale;
        }
        byte[] expected = hmac(timestamp, body);
        boolean matches = false;
        for (byte[] signature : signatures) {
            matches |= MessageDigest.isEqual(expected, signature); // every one compared: no early exit
        }
        return matches ? null : Rejection.mismatch;
    }

    private byte[] hmac(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "CalendlySignature[tolerance=" + tolerance + "]"; // never the key
    }
}
