package com.valet.gateway.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A downstream service for the gateway tests: a real Vert.x HTTP server on a free port that records what
 * it received and answers {@code {"service": name, "path": ...}}. A few paths answer differently:
 * {@code /created} (201 with a Location into this service), {@code /status/<code>} (that status),
 * {@code /chunked/<n>} (n bytes, chunked), {@code /broken} (a first chunk, then the connection closes).
 * A stub created with a delay answers only after it (longer than the gateway's timeout in the tests).
 */
public final class StubService {
    /** What the stub received, body bytes as they arrived. */
    public record Received(String method, String path, String query, MultiMap headers, byte[] body) {
    }

    private final String name;
    private final long delayMillis;
    private final Vertx vertx;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    StubService(String name, long delayMillis, Vertx vertx) {
        this.name = name;
        this.delayMillis = delayMillis;
        this.vertx = vertx;
    }

    StubService start() {
        try {
            server = vertx.createHttpServer()
                    .requestHandler(this::handle)
                    .listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("stub " + name + " did not start", e);
        }
        return this;
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.actualPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public Received last() {
        if (received.isEmpty()) {
            throw new AssertionError(name + " received nothing");
        }
        return received.get(received.size() - 1);
    }

    public int calls() {
        return received.size();
    }

    public void clear() {
        received.clear();
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            if (request.path().equals("/q/openapi")) { // the gateway's API document, not a routed call
                vertx.setTimer(Math.max(1, delayMillis), id -> answerOpenApi(request));
                return;
            }
            MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
            received.add(new Received(request.method().name(), request.path(), request.query(), headers, body.getBytes()));
            if (delayMillis > 0) {
                vertx.setTimer(delayMillis, id -> answer(request));
            } else {
                answer(request);
            }
        });
    }

    private void answer(HttpServerRequest request) {
        if (request.response().closed()) {
            return;
        }
        String path = request.path();
        if (path.equals("/created")) {
            request.response().setStatusCode(201).putHeader("Location", url() + "/things/1").end();
            return;
        }
        if (path.equals("/broken")) { // the head and a first chunk, then the connection drops
            request.response().setChunked(true).putHeader("Content-Type", "application/json").write("{\"partial\":");
            vertx.setTimer(50, id -> request.connection().close());
            return;
        }
        if (path.startsWith("/chunked/")) { // n bytes of 'x' in 8 KiB chunks, no Content-Length
            int n = Integer.parseInt(path.substring("/chunked/".length()));
            request.response().setChunked(true).putHeader("Content-Type", "application/octet-stream");
            for (int sent = 0; sent < n; sent += 8192) {
                request.response().write(Buffer.buffer("x".repeat(Math.min(8192, n - sent))));
            }
            request.response().end();
            return;
        }
        int status = path.startsWith("/status/") ? Integer.parseInt(path.substring("/status/".length())) : 200;
        Buffer body = new JsonObject().put("service", name).put("path", path).toBuffer();
        request.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Stub", name)
                .putHeader("X-Request-Id", "set-by-the-service")
                .putHeader("Access-Control-Allow-Origin", "*")
                .end(body);
    }

    /** A small document in the shape smallrye-openapi writes: a path, a schema referring to another, a /q path. */
    private void answerOpenApi(HttpServerRequest request) {
        if (request.response().closed()) {
            return;
        }
        JsonObject ref = new JsonObject().put("$ref", "#/components/schemas/Thing");
        JsonObject get = new JsonObject().put("operationId", "getThing").put("tags", new io.vertx.core.json.JsonArray().add("Things"))
                .put("responses", new JsonObject().put("200", new JsonObject().put("content",
                        new JsonObject().put("application/json", new JsonObject().put("schema", ref)))));
        JsonObject paths = new JsonObject()
                .put("/things/{id}", new JsonObject().put("get", get))
                .put("/q/health", new JsonObject().put("get", new JsonObject().put("responses", new JsonObject())))
                .put("/webhooks/" + name, new JsonObject().put("post", new JsonObject().put("responses", new JsonObject())));
        JsonObject schemas = new JsonObject()
                .put("Thing", new JsonObject().put("type", "object").put("properties", new JsonObject()
                        .put("owner", new JsonObject().put("$ref", "#/components/schemas/Owner"))))
                .put("Owner", new JsonObject().put("type", "object"));
        request.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("openapi", "3.1.0").put("info", new JsonObject().put("title", name))
                        .put("paths", paths).put("components", new JsonObject().put("schemas", schemas)).toBuffer());
    }

    void stop() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("stub " + name + " did not stop", e);
        }
    }
}
