package com.valet.outbox;

import com.valet.events.CloudEvent;
import com.valet.events.EventCodec;
import com.valet.events.EventType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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
        CloudEvent<T> created = CloudEvent.create(type, source, subject, data);
        String traceparent = TraceContext.currentTraceparent();
        CloudEvent<T> event = traceparent == null ? created : created.withTraceparent(traceparent);
        return Panache.currentTransaction()
                .onItem().ifNull().failWith(() -> new IllegalStateException(
                        "Outbox.append needs an open transaction: the event must commit with its state change"))
                .chain(tx -> Panache.getSession())
                .chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("id", UUID.fromString(event.id()))
                        .setParameter("topic", type.topic())
                        .setParameter("key", event.key())
                        .setParameter("type", event.type())
                        .setParameter("payload", codec.encode(event))
                        .executeUpdate())
                .replaceWith(event);
    }
}
