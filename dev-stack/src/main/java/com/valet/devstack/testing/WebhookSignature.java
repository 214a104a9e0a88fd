package com.valet.devstack.testing;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The signature header Stripe ({@code Stripe-Signature}) and Calendly ({@code Calendly-Webhook-Signature})
 * both send: {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + raw body)>}. Tests sign the exact
 * bytes they post, as the real senders do.
 */
public final class WebhookSignature {
    private WebhookSignature() {
    }

    public static String sign(byte[] body, long timestamp, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String signNow(byte[] body, String secret) {
        return sign(body, System.currentTimeMillis() / 1000, secret);
    }
}
