package com.valet.devstack;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for an OpenTelemetry collector: accepts the apps' OTLP/HTTP trace exports and counts them.
 * The apps export exactly as in production (batches of spans over the real protocol) instead of logging a
 * refused connection every five seconds, and a test can see that spans did leave a service.
 */
public final class TraceCollectorStub implements AutoCloseable {
    private final HttpServer server;
    private final AtomicLong exports = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private TraceCollectorStub(HttpServer server) {
        this.server = server;
    }

    public static TraceCollectorStub onFreePort() {
        try {
            return new TraceCollectorStub(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TraceCollectorStub start() {
        // OTLP/HTTP posts protobuf to <endpoint>/v1/traces; an empty 200 is a valid ExportTraceServiceResponse.
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                bytes.addAndGet(body.readAllBytes().length);
            }
            exports.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return this;
    }

    /** How many export requests (batches of spans) arrived. */
    public long exports() {
        return exports.get();
    }

    public long bytesReceived() {
        return bytes.get();
    }

    /** Where the apps send their traces: the settings a production deployment gives its collector. */
    public Map<String, String> exporterConfig() {
        return Map.of(
                "quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:" + server.getAddress().getPort(),
                "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
