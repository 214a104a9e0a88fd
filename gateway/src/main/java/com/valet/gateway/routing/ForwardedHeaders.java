package com.valet.gateway.routing;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which headers cross the gateway. Everything end-to-end goes through untouched (Authorization, which the
 * services verify again; signature headers of the webhooks; {@code X-Request-Id}), except what must not:
 * hop-by-hop headers, headers a client could use to claim an identity or a network position, and the W3C
 * trace context, which the gateway's tracing writes anew as a child of the client's. The services trust only the token, but a header that looks like identity is a trap
 * waiting for the first handler that reads it.
 */
final class ForwardedHeaders {
    /** RFC 9110 section 7.6.1, plus the ones the HTTP client sets itself. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");
    private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length", "expect");
    private static final Set<String> IDENTITY = Set.of("x-user-id", "x-user-roles", "x-forwarded-user",
            "x-real-ip", "forwarded");
    private static final String IDENTITY_PREFIX = "x-valet-";
    /** The client's trace context is the parent of the gateway's span; the HTTP client sends the child's. */
    private static final Set<String> TRACE_CONTEXT = Set.of("traceparent", "tracestate");
    /** X-Forwarded-For/-Host/-Proto/-Port/-Prefix...: replaced by what the gateway saw itself. */
    private static final String FORWARDED_PREFIX = "x-forwarded-";
    /** The gateway answers with its own request id and CORS headers. */
    private static final Set<String> GATEWAY_OWNED_IN_RESPONSE = Set.of("x-request-id");
    private static final String CORS_PREFIX = "access-control-";

    private ForwardedHeaders() {
    }

    /** The headers to send to the service. */
    static MultiMap toService(MultiMap incoming, String clientAddress, String scheme, String host, Route route) {
        Set<String> connectionTokens = connectionTokens(incoming);
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        for (Map.Entry<String, String> header : incoming) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || connectionTokens.contains(name) || SET_BY_CLIENT.contains(name)
                    || IDENTITY.contains(name) || name.startsWith(IDENTITY_PREFIX) || name.startsWith(FORWARDED_PREFIX)
                    || TRACE_CONTEXT.contains(name)) {
                continue;
            }
            out.add(header.getKey(), header.getValue());
        }
        if (clientAddress != null) {
            out.set("X-Forwarded-For", clientAddress);
        }
        out.set("X-Forwarded-Proto", scheme);
        if (host != null) {
            out.set("X-Forwarded-Host", host);
        }
        if (route.prefix()) {
            out.set("X-Forwarded-Prefix", route.path());
        }
        return out;
    }

    /**
     * The service's response headers to pass on. {@code Content-Length} passes through (the body is relayed
     * byte for byte; a HEAD response has the length of the body it does not carry); a {@code Location}
     * pointing into the service is rewritten to the gateway's path for it.
     */
    static void toClient(MultiMap fromService, MultiMap out, String serviceOrigin, Route route) {
        Set<String> connectionTokens = connectionTokens(fromService);
        for (Map.Entry<String, String> header : fromService) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || connectionTokens.contains(name)
                    || GATEWAY_OWNED_IN_RESPONSE.contains(name) || name.startsWith(CORS_PREFIX)) {
                continue;
            }
            String value = header.getValue();
            if (name.equals("location") || name.equals("content-location")) {
                value = rewriteLocation(value, serviceOrigin, route);
            }
            out.add(header.getKey(), value);
        }
    }

    /**
     * {@code http://127.0.0.1:8081/claims/7} (the service's own address, as Quarkus makes a relative
     * Location absolute) becomes {@code /api/inventory/claims/7}; any other URL is left alone.
     */
    static String rewriteLocation(String location, String serviceOrigin, Route route) {
        if (!route.prefix()) {
            return location;
        }
        String rest;
        if (location.startsWith(serviceOrigin + "/")) {
            rest = location.substring(serviceOrigin.length());
        } else if (location.equals(serviceOrigin)) {
            rest = "/";
        } else if (location.startsWith("/") && !location.startsWith("//")) {
            rest = location;
        } else {
            return location;
        }
        return route.path() + rest;
    }

    private static Set<String> connectionTokens(MultiMap headers) {
        String connection = headers.get(HttpHeaders.CONNECTION);
        if (connection == null) {
            return Set.of();
        }
        Set<String> tokens = new java.util.HashSet<>();
        for (String token : connection.split(",")) {
            tokens.add(token.strip().toLowerCase(Locale.ROOT));
        }
        return tokens;
    }
}
