package com.valet.gateway.edge;

import io.vertx.core.http.HttpMethod;

import java.util.regex.Pattern;

/**
 * Which requests the gateway lets through without a token. Everything under {@code /api/} needs a valid
 * one, except the ZIP check a visitor makes before signing up and the API document; the webhooks (signed by Calendly and
 * Stripe, verified by the services) and the gateway's own {@code /q/*} are outside {@code /api/}.
 * Checked on the normalised path, so {@code /api/booking/service-areas/../items} is not public.
 */
public final class AccessRules {
    /** One path segment of plain characters: no %-encoding, so it cannot hide a '/' or a dot segment. */
    private static final Pattern PUBLIC_ZIP_CHECK = Pattern.compile("/api/booking/service-areas/[A-Za-z0-9-]{1,16}");
    /** The platform's API document (the gateway's own route): public like any API reference. */
    private static final String API_DOC = "/api/openapi";

    private AccessRules() {
    }

    public static boolean needsToken(HttpMethod method, String normalizedPath) {
        if (!normalizedPath.startsWith("/api/")) {
            return false;
        }
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
        return !(read && (PUBLIC_ZIP_CHECK.matcher(normalizedPath).matches() || API_DOC.equals(normalizedPath)));
    }

    /** Paths the gateway forwards (and rate-limits per client address); {@code /q/*} is not one. */
    public static boolean isForwarded(String normalizedPath) {
        return normalizedPath.startsWith("/api/") || normalizedPath.startsWith("/webhooks/");
    }
}
