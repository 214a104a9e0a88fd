package com.valet.outbox;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * W3C trace context across the outbox: the request's {@code traceparent} is stored in the CloudEvent when
 * the event is appended (the relay publishes it later, outside the request), and a consumer continues the
 * trace of the record it applies. So one trace id follows a change from the HTTP call through every
 * service that reacts to it, and every log line on the way carries it.
 */
final class TraceContext {
    static final String TRACEPARENT = "traceparent";
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceContext() {
    }

    /** The current span as a {@code traceparent} value, or null outside any trace. */
    static String currentTraceparent() {
        Map<String, String> carrier = new HashMap<>();
        W3C.inject(Context.current(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** The remote parent a stored {@code traceparent} names; the root context when it is absent or invalid. */
    static Context fromTraceparent(String traceparent) {
        return traceparent == null ? Context.root() : W3C.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP);
    }

    /**
     * The parent of a consumer's work on a record: the producer span in the record's header when there is
     * one (the relay's), else the trace the event itself carries (a record from a tool without tracing).
     */
    static Context ofRecord(ConsumerRecord<String, String> record, String eventTraceparent) {
        Header header = record.headers() == null ? null : record.headers().lastHeader(TRACEPARENT);
        if (header != null) {
            Context producer = fromTraceparent(new String(header.value(), StandardCharsets.UTF_8));
            if (Span.fromContext(producer).getSpanContext().isValid()) {
                return producer;
            }
        }
        return fromTraceparent(eventTraceparent);
    }
}
