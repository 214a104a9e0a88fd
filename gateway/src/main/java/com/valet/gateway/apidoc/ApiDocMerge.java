package com.valet.gateway.apidoc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the services' OpenAPI documents into the one a client of the gateway reads: each service's paths
 * under its public prefix ({@code /api/<service>}; the webhooks keep theirs), its operations tagged with the
 * service, its schemas renamed {@code <service>.<Schema>} (two services may both have an {@code ItemView}),
 * every {@code $ref} rewritten to match, and the Supabase bearer scheme. The services' {@code /q/*} paths
 * are not reachable through the gateway and are left out.
 */
final class ApiDocMerge {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String SCHEMA_REF = "#/components/schemas/";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    static final String SECURITY_SCHEME = "SupabaseJWT";

    private ApiDocMerge() {
    }

    /**
     * @param documents   each service's document, by service name, in the order to list them
     * @param unavailable services whose document could not be read (listed in {@code x-valet-unavailable})
     */
    static ObjectNode merge(Map<String, JsonNode> documents, List<String> unavailable, String version) {
        ObjectNode merged = NODES.objectNode();
        merged.put("openapi", "3.1.0");
        ObjectNode info = merged.putObject("info");
        info.put("title", "Valet platform API");
        info.put("version", version);
        info.put("description", "Every public route of the platform, through the gateway. Calls under /api/ need a "
                + "Supabase access token (Authorization: Bearer); the webhooks are verified by their signatures.");
        merged.putArray("servers").addObject().put("url", "/");
        merged.putArray("security").addObject().putArray(SECURITY_SCHEME);
        ArrayNode tags = merged.putArray("tags");
        ObjectNode paths = merged.putObject("paths");
        ObjectNode components = merged.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        components.putObject("securitySchemes").putObject(SECURITY_SCHEME)
                .put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")
                .put("description", "A Supabase Auth access token (ES256/RS256, audience authenticated).");

        documents.forEach((service, document) -> {
            tags.addObject().put("name", service).put("description", service + "-service");
            JsonNode renamed = renameRefs(document.deepCopy(), service);
            renamed.path("paths").fields().forEachRemaining(path -> {
                if (path.getKey().startsWith("/q/")) {
                    return;
                }
                ObjectNode item = (ObjectNode) path.getValue();
                tagOperations(item, service);
                paths.set(publicPath(service, path.getKey()), item);
            });
            renamed.path("components").path("schemas").fields()
                    .forEachRemaining(schema -> schemas.set(service + "." + schema.getKey(), schema.getValue()));
        });
        if (!unavailable.isEmpty()) {
            ArrayNode missing = merged.putArray("x-valet-unavailable");
            unavailable.forEach(missing::add);
        }
        return merged;
    }

    /** {@code /items/{id}} of inventory is {@code /api/inventory/items/{id}}; a webhook keeps its path. */
    static String publicPath(String service, String path) {
        if (path.startsWith("/webhooks/")) {
            return path;
        }
        return "/".equals(path) ? "/api/" + service : "/api/" + service + path;
    }

    private static void tagOperations(ObjectNode item, String service) {
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> operation = it.next();
            if (METHODS.contains(operation.getKey()) && operation.getValue() instanceof ObjectNode op) {
                op.putArray("tags").add(service);
                if (op.hasNonNull("operationId")) {
                    op.put("operationId", service + "_" + op.get("operationId").asText());
                }
            }
        }
    }

    /** Every {@code $ref} to a schema of this document now names the service's copy. */
    private static JsonNode renameRefs(JsonNode node, String service) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith(SCHEMA_REF)) {
                object.set("$ref", TextNode.valueOf(SCHEMA_REF + service + "." + ref.asText().substring(SCHEMA_REF.length())));
            }
            object.elements().forEachRemaining(child -> renameRefs(child, service));
        } else if (node instanceof ArrayNode array) {
            array.elements().forEachRemaining(child -> renameRefs(child, service));
        }
        return node;
    }
}
