package com.valet.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Sends bad input to every operation of the platform's public API, as the gateway's merged OpenAPI document
 * lists them: malformed JSON, wrong types, a huge body, unicode and SQL meta-characters, negative and enormous
 * numbers, garbage path and query parameters, and missing or forged tokens. Each answer is checked: never a
 * 5xx, never an answer without a problem+json body when it is an error. What it finds is returned, not thrown,
 * so one run lists every offending operation.
 */
final class BadInputProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Iterable<String> METHODS = List.of("get", "post", "put", "patch", "delete");
    /** Unicode (RTL, emoji, combining), SQL and script meta-characters: stored verbatim or refused, never a 500. */
    static final String NASTY_TEXT = "Robert'); DROP TABLE item;-- \" \\ % _ <script>alert(1)</script> "
            + "\u202Eevil\u202C 🚀 e\u0301 \uD834\uDD1E ' OR '1'='1 \u0000 nul";
    private static final List<String> NASTY_PATH = List.of("not-a-uuid", "00000000-0000-0000-0000-000000000000",
            "%27%3B%20DROP%20TABLE%20item%3B--", "-1", "99999999999999999999999", "%F0%9F%9A%80", "%00");
    private static final List<JsonNode> NASTY_NUMBERS = List.of(NODES.numberNode(-1), NODES.numberNode(0),
            NODES.numberNode(new java.math.BigInteger("99999999999999999999999999")), NODES.numberNode(1e308),
            NODES.numberNode(-2147483649L), NODES.numberNode(0.5));

    record Finding(String operation, String probe, int status, String body) {
        @Override
        public String toString() {
            return operation + " [" + probe + "] -> " + status + " " + (body.length() > 300 ? body.substring(0, 300) : body);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final JsonNode document;
    private final Function<String, String> tokenFor;
    private final String forgedToken;
    private final List<Finding> findings = new ArrayList<>();
    private final Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    private int requests;
    private boolean refusalsOnly;

    /**
     * @param tokenFor    the token to call a path with (an admin's for staff paths, a customer's otherwise)
     * @param forgedToken a token that must be refused (signed with a key the platform does not trust)
     */
    BadInputProbe(String base, JsonNode document, Function<String, String> tokenFor, String forgedToken) {
        this.base = base;
        this.document = document;
        this.tokenFor = tokenFor;
        this.forgedToken = forgedToken;
    }

    int requests() {
        return requests;
    }

    Map<Integer, Integer> statuses() {
        return statuses;
    }

    /**
     * Probes every operation; answers what went wrong (empty: nothing did). With {@code refusalsOnly}, only
     * the probes that must be refused with a 4xx (so must store nothing); otherwise only the others (text,
     * numbers, path and query values a service may also accept).
     */
    List<Finding> run(boolean refusalsOnly) {
        this.refusalsOnly = refusalsOnly;
        findings.clear();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (path.getKey().startsWith("/webhooks/")) {
                continue; // signed by the sender: probed by the webhook tests of billing and booking
            }
            for (String method : METHODS) {
                JsonNode operation = path.getValue().get(method);
                if (operation != null) {
                    probe(method.toUpperCase(), path.getKey(), operation);
                }
            }
        }
        return List.copyOf(findings);
    }

    private void probe(String method, String template, JsonNode operation) {
        String name = method + " " + template;
        String token = tokenFor.apply(template);
        String url = fill(template, UUID.randomUUID().toString());
        boolean open = operation.has("security") && operation.get("security").isEmpty();
        JsonNode schema = requestSchema(operation);
        if (refusalsOnly) {
            if (!open && template.startsWith("/api/")) {
                expect4xx(name, "no token", send(method, url, null, bodyOrNull(operation)));
                expect4xx(name, "forged token", send(method, url, forgedToken, bodyOrNull(operation)));
            }
            if (schema != null) {
                expect4xx(name, "malformed JSON", send(method, url, token, "{\"label\": \"unterminated"));
                expect4xx(name, "JSON array instead of object", send(method, url, token, "[1,2,3]"));
                expect4xx(name, "wrong types", send(method, url, token, write(wrongTypes(schema))));
                expect4xx(name, "huge body", send(method, url, token, "{\"label\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}"));
            }
            return;
        }
        for (String garbage : NASTY_PATH) {
            if (template.contains("{")) {
                noServerError(name, "path " + garbage, send(method, fill(template, garbage), token, bodyOrNull(operation)));
            }
        }
        for (String query : queryProbes(operation)) {
            noServerError(name, "query " + query, send(method, url + "?" + query, token, bodyOrNull(operation)));
        }
        if (schema != null) {
            noServerError(name, "nasty text", send(method, url, token, write(filled(schema, NODES.textNode(NASTY_TEXT), null))));
            for (JsonNode number : NASTY_NUMBERS) {
                noServerError(name, "number " + number, send(method, url, token, write(filled(schema, null, number))));
            }
        }
    }

    private List<String> queryProbes(JsonNode operation) {
        List<String> probes = new ArrayList<>();
        for (JsonNode parameter : operation.path("parameters")) {
            if (!"query".equals(parameter.path("in").asText())) {
                continue;
            }
            String name = parameter.path("name").asText();
            for (String value : List.of("-1", "0", "99999999999999999999999", "abc", "", NASTY_TEXT, "%00")) {
                probes.add(name + "=" + (value.equals("%00") ? value : URLEncoder.encode(value, StandardCharsets.UTF_8)));
            }
        }
        return probes;
    }

    private static String fill(String template, String value) {
        return template.replaceAll("\\{[^}]+}", value);
    }

    private String bodyOrNull(JsonNode operation) {
        return requestSchema(operation) == null ? null : "{}";
    }

    private JsonNode requestSchema(JsonNode operation) {
        JsonNode schema = operation.path("requestBody").path("content").path("application/json").path("schema");
        return schema.isMissingNode() ? null : resolve(schema);
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        if (ref != null) {
            String name = ref.asText().substring("#/components/schemas/".length());
            return resolve(document.path("components").path("schemas").path(name));
        }
        for (String composite : List.of("allOf", "anyOf", "oneOf")) {
            if (schema.has(composite) && schema.get(composite).size() > 0) {
                return resolve(schema.get(composite).get(0));
            }
        }
        return schema;
    }

    private String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) { // 3.1: ["string", "null"]
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
        }
        return type.asText(schema.has("properties") ? "object" : "string");
    }

    /** Every property with a value of the wrong JSON type. */
    private ObjectNode wrongTypes(JsonNode schema) {
        ObjectNode body = NODES.objectNode();
        schema.path("properties").fields().forEachRemaining(p -> body.set(p.getKey(), switch (type(resolve(p.getValue()))) {
            case "integer", "number" -> NODES.textNode("twelve");
            case "boolean" -> NODES.textNode("maybe");
            case "array" -> NODES.textNode("not a list");
            case "object" -> NODES.arrayNode().add(1);
            default -> NODES.objectNode().put("nested", true);
        }));
        if (body.isEmpty()) {
            body.put("unexpected", 1);
        }
        return body;
    }

    /** A body of the right shape, strings set to {@code text} and numbers to {@code number} where given. */
    private JsonNode filled(JsonNode schema, JsonNode text, JsonNode number) {
        JsonNode resolved = resolve(schema);
        switch (type(resolved)) {
            case "object" -> {
                ObjectNode body = NODES.objectNode();
                resolved.path("properties").fields().forEachRemaining(p -> body.set(p.getKey(), filled(p.getValue(), text, number)));
                return body;
            }
            case "array" -> {
                ArrayNode list = NODES.arrayNode();
                list.add(filled(resolved.path("items"), text, number));
                return list;
            }
            case "integer", "number" -> {
                return number != null ? number : NODES.numberNode(1);
            }
            case "boolean" -> {
                return NODES.booleanNode(true);
            }
            default -> {
                if (resolved.has("enum") && text == null) {
                    return resolved.get("enum").get(0);
                }
                return text != null ? text : NODES.textNode("x");
            }
        }
    }

    private void expect4xx(String operation, String probe, HttpResponse<String> response) {
        if (response.statusCode() < 400 || response.statusCode() >= 500 || !isProblem(response)) {
            findings.add(new Finding(operation, probe, response.statusCode(), response.body()));
        }
    }

    private void noServerError(String operation, String probe, HttpResponse<String> response) {
        if (response.statusCode() >= 500 || (response.statusCode() >= 400 && !isProblem(response))) {
            findings.add(new Finding(operation, probe, response.statusCode(), response.body()));
        }
    }

    private static boolean isProblem(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
    }

    private HttpResponse<String> send(String method, String url, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .header("If-Match", "\"0\"") // past the If-Match check, on to the body
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            requests++;
            statuses.merge(response.statusCode(), 1, Integer::sum);
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " got no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String write(JsonNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
