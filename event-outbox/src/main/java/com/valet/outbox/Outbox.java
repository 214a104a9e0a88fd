package com.valet.outbox;

import com.valet.events.CloudEvent;
import com.valet.events.EventCodec;
import com.valet.events.EventType;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where a service announces a state change: the event is inserted into the service's
 * {@code event_outbox} table inside the caller's transaction, so the change and its event commit or
 * roll back together. {@link OutboxRelay} publishes it afterwards. The event keeps the current W3C trace
 * context ({@code traceparent}), so the trace of the request goes on in the services that consume it.
 */
@ApplicationScoped
public class Outbox {
    private static final String INSERT = "INSERT INTO event_outbox (event_id, topic, event_key, event_type, payload)"
            + " VALUES (:id, :topic, :key, :type, CAST(CAST(:payload AS text) AS jsonb))";
    // Many events in one statement; WITH ORDINALITY keeps their order, so seq (the relay's order per key) follows it.
    private static final String INSERT_ALL = "INSERT INTO event_outbox (event_id, topic, event_key, event_type, payload)"
            + " SELECT CAST(r ->> 'id' AS uuid), :topic, r ->> 'key', :type, r -> 'payload'"
            + " FROM jsonb_array_elements(CAST(CAST(:rows AS text) AS jsonb)) WITH ORDINALITY AS e(r, n) ORDER BY n";

    private final EventCodec codec;
    private final String source;

    Outbox(EventCodec codec, @ConfigProperty(name = "quarkus.application.name") String application) {
        this.codec = codec;
        this.source = "/" + application;
    }

    /**
     * Appends an event; must run inside a Hibernate Reactive transaction ({@code @WithTransaction} or
     * {@code Panache.withTransaction}), or it fails rather than publish a change that may never commit.
     */
    public <T> Uni<CloudEvent<T>> append(EventType<T> type, String subject, T data) {
        CloudEvent<T> event = create(type, subject, data, TraceContext.currentTraceparent());
        return session().chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("id", UUID.fromString(event.id()))
                        .setParameter("topic", type.topic())
                        .setParameter("key", event.key())
                        .setParameter("type", event.type())
                        .setParameter("payload", codec.encode(event))
                        .executeUpdate())
                .replaceWith(event);
    }

    /**
     * Appends events of one type in one statement, in the order given (a consumer applying a batch of events
     * together); the same guarantees as {@link #append}.
     *
     * @param data each event's subject (its key) and data
     */
    public <T> Uni<List<CloudEvent<T>>> appendAll(EventType<T> type, List<Map.Entry<String, T>> data) {
        if (data.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String traceparent = TraceContext.currentTraceparent();
        List<CloudEvent<T>> events = data.stream()
                .map(entry -> create(type, entry.getKey(), entry.getValue(), traceparent)).toList();
        StringBuilder rows = new StringBuilder("[");
        try {
            for (CloudEvent<T> event : events) {
                rows.append(rows.length() > 1 ? ",{\"id\":\"" : "{\"id\":\"").append(event.id())
                        .append("\",\"key\":").append(codec.mapper().writeValueAsString(event.key()))
                        .append(",\"payload\":").append(codec.encode(event)).append('}');
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an event key", e);
        }
        String json = rows.append(']').toString();
        return session().chain(session -> session.createNativeQuery(INSERT_ALL)
                        .setParameter("topic", type.topic())
                        .setParameter("type", type.type())
                        .setParameter("rows", json)
                        .executeUpdate())
                .replaceWith(events);
    }

    private <T> CloudEvent<T> create(EventType<T> type, String subject, T data, String traceparent) {
        CloudEvent<T> created = CloudEvent.create(type, source, subject, data);
        return traceparent == null ? created : created.withTraceparent(traceparent);
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.currentTransaction()
                .onItem().ifNull().failWith(() -> new IllegalStateException(
                        "Outbox.append needs an open transaction: the event must commit with its state change"))
                .chain(tx -> Panache.getSession());
    }
}
