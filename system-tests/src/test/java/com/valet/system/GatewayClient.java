package com.valet.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A client of the platform's public API: JSON over the gateway, as the web app and the staff app call it. */
final class GatewayClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    GatewayClient(String base) {
        this.base = base;
    }

    String base() {
        return base;
    }

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String etag() {
            return raw.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag: " + raw.uri()));
        }

        Reply expect(int expected) {
            if (status != expected) {
                throw new AssertionError(raw.request().method() + " " + raw.uri() + " answered " + status
                        + " (expected " + expected + "): " + raw.body());
            }
            return this;
        }
    }

    Reply get(String path, String token) {
        return send(request(path, token).GET());
    }

    Reply post(String path, String token, Object body) {
        return send(request(path, token).POST(json(body)));
    }

    Reply post(String path, String token, Object body, String ifMatch) {
        return send(request(path, token).header("If-Match", ifMatch).POST(json(body)));
    }

    Reply put(String path, String token, Object body) {
        return send(request(path, token).PUT(json(body)));
    }

    Reply patch(String path, String token, Object body, String ifMatch) {
        return send(request(path, token).header("If-Match", ifMatch).method("PATCH", json(body)));
    }

    /** A webhook: the exact bytes, signed by the caller, no user token. */
    Reply webhook(String path, byte[] body, String signatureHeader, String signature) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header(signatureHeader, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json").header("Content-Type", "application/json");
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(body == null ? "{}" : JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body = text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
            return new Reply(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the value satisfies the condition: the asynchronous steps of the journey (events). */
    static <T> T await(String what, Supplier<T> value, Predicate<T> until) {
        return await(what, value, until, Duration.ofSeconds(60));
    }

    static <T> T await(String what, Supplier<T> value, Predicate<T> until, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        T last = null;
        while (Instant.now().isBefore(deadline)) {
            last = value.get();
            if (until.test(last)) {
                return last;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what
                + "; last seen: " + last);
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
