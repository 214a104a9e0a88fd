package com.valet.billing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for api.stripe.com that stripe-java is pointed at ({@code valet.stripe.api-base}). It
 * answers customers, checkout sessions and billing portal sessions with minimal objects and records
 * every request (method, path, Idempotency-Key, form parameters); tests read them at {@code GET /__requests}.
 */
public class StripeStub implements QuarkusTestResourceLifecycleManager {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Map<String, Object>> requests = new ArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
        return Map.of("valet.stripe.api-base", "http://127.0.0.1:" + server.getAddress().getPort(),
                "valet.stripe.price-id", "price_test_monthly",
                "valet.stripe.max-network-retries", "0");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/__requests")) {
            synchronized (requests) {
                respond(exchange, 200, JSON.writeValueAsString(requests));
            }
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("method", exchange.getRequestMethod());
        recorded.put("path", path);
        recorded.put("idempotency_key", exchange.getRequestHeaders().getFirst("Idempotency-Key"));
        recorded.put("authorization", exchange.getRequestHeaders().getFirst("Authorization"));
        recorded.put("params", params);
        synchronized (requests) {
            requests.add(recorded);
        }
        int n = sequence.incrementAndGet();
        switch (path) {
            case "/v1/customers" -> respond(exchange, 200,
                    "{\"id\":\"cus_stub" + n + "\",\"object\":\"customer\",\"email\":null}");
            case "/v1/checkout/sessions" -> respond(exchange, 200, "{\"id\":\"cs_test_stub" + n
                    + "\",\"object\":\"checkout.session\",\"mode\":\"subscription\",\"url\":\"https://checkout.stripe.com/c/pay/cs_test_stub"
                    + n + "\"}");
            case "/v1/billing_portal/sessions" -> respond(exchange, 200, "{\"id\":\"bps_stub" + n
                    + "\",\"object\":\"billing_portal.session\",\"url\":\"https://billing.stripe.com/p/session/test_stub" + n + "\"}");
            default -> respond(exchange, 404, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"stub: no "
                    + path + "\"}}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Request-Id", "req_stub");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
