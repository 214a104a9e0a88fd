package com.valet.gateway.apidoc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.valet.gateway.routing.ServicesConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platform's OpenAPI document, assembled at run time from what the deployed services say about
 * themselves ({@code /q/openapi}), so it always matches the versions running. Rebuilt at most every
 * {@code valet.api-doc.refresh}; a service that cannot be read is served from its last good copy,
 * or listed in {@code x-valet-unavailable} until it answers.
 */
@ApplicationScoped
public class PlatformApiDoc {
    private static final Logger LOG = Logger.getLogger(PlatformApiDoc.class);

    private final Map<String, String> serviceUrls = new TreeMap<>();
    private final Map<String, JsonNode> lastGood = new ConcurrentHashMap<>();
    private final HttpClient client;
    private final ObjectMapper json;
    private final Duration refresh;
    private final Duration timeout;
    private final String version;
    private volatile ObjectNode current;
    private volatile Instant builtAt = Instant.EPOCH;

    PlatformApiDoc(Vertx vertx, ServicesConfig services, ObjectMapper json,
                   @ConfigProperty(name = "valet.api-doc.refresh", defaultValue = "PT1M") Duration refresh,
                   @ConfigProperty(name = "valet.api-doc.timeout", defaultValue = "PT2S") Duration timeout,
                   @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        services.services().forEach((name, service) -> serviceUrls.put(name, service.url()));
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) timeout.toMillis()));
        this.json = json;
        this.refresh = refresh;
        this.timeout = timeout;
        this.version = version;
    }

    /** The merged document, rebuilt when older than the refresh interval. */
    public CompletionStage<ObjectNode> document() {
        ObjectNode cached = current;
        if (cached != null && Instant.now().isBefore(builtAt.plus(refresh))) {
            return Future.succeededFuture(cached).toCompletionStage();
        }
        List<String> names = new ArrayList<>(serviceUrls.keySet());
        List<Future<JsonNode>> fetches = names.stream().map(this::fetch).toList();
        return Future.join(fetches).transform(ignored -> {
            Map<String, JsonNode> documents = new LinkedHashMap<>();
            List<String> unavailable = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                JsonNode document = fetches.get(i).succeeded() ? fetches.get(i).result() : lastGood.get(names.get(i));
                if (document == null) {
                    unavailable.add(names.get(i));
                } else {
                    documents.put(names.get(i), document);
                }
            }
            ObjectNode merged = ApiDocMerge.merge(documents, unavailable, version);
            current = merged;
            builtAt = unavailable.isEmpty() ? Instant.now() : Instant.EPOCH; // retry the missing ones next time
            return Future.succeededFuture(merged);
        }).toCompletionStage();
    }

    private Future<JsonNode> fetch(String service) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(serviceUrls.get(service) + "/q/openapi?format=json")
                .putHeader("Accept", "application/json")
                .setIdleTimeout(timeout.toMillis());
        return client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.statusCode() == 200
                        ? response.body()
                        : Future.failedFuture("status " + response.statusCode()))
                .map(body -> {
                    try {
                        return json.readTree(body.getBytes());
                    } catch (Exception e) {
                        throw new IllegalStateException("not JSON", e);
                    }
                })
                .onSuccess(document -> lastGood.put(service, document))
                .onFailure(e -> LOG.warnf("The OpenAPI document of %s could not be read: %s", service, e.getMessage()));
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
