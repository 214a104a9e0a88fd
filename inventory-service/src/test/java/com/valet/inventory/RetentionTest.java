package com.valet.inventory;

import com.valet.outbox.Retention;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The outbox and the inbox do not grow without bound: published rows past valet.outbox.retention (7 days) and
 * processed event ids past valet.inbox.retention (8 days) are purged; everything younger, and every row not yet
 * published however old, stays.
 */
@QuarkusTest
class RetentionTest {
    @Inject
    Retention retention;

    @Test
    void publishedRowsAndProcessedIdsPastRetentionArePurgedAndNothingElse() throws Throwable {
        UUID oldPublished = outboxRow("now() - interval '8 days'", "now() - interval '8 days'");
        UUID recentPublished = outboxRow("now() - interval '6 days'", "now() - interval '6 days'");
        UUID oldUnpublished = outboxRow("now() - interval '30 days'", "NULL");
        UUID oldProcessed = processed("now() - interval '9 days'");
        UUID recentProcessed = processed("now() - interval '7 days'");

        VertxContextSupport.subscribeAndAwait(() -> retention.purge());

        assertEquals(0, count("event_outbox", oldPublished), "a row published 8 days ago is purged");
        assertEquals(1, count("event_outbox", recentPublished), "a row published 6 days ago stays");
        assertEquals(1, count("event_outbox", oldUnpublished), "an unpublished row stays, however old");
        assertEquals(0, count("processed_event", oldProcessed), "an id processed 9 days ago is purged");
        assertEquals(1, count("processed_event", recentProcessed), "an id processed 7 days ago stays");
    }

    private static UUID outboxRow(String createdAt, String publishedAt) throws Throwable {
        UUID id = UUID.randomUUID();
        execute("INSERT INTO event_outbox (event_id, topic, event_key, event_type, payload, created_at, published_at)"
                + " VALUES ('" + id + "', 'item-moved', '" + id + "', 'com.valet.test', '{}'::jsonb, " + createdAt + ", "
                + publishedAt + ")");
        return id;
    }

    private static UUID processed(String processedAt) throws Throwable {
        UUID id = UUID.randomUUID();
        execute("INSERT INTO processed_event (consumer, event_id, event_type, topic, processed_at)"
                + " VALUES ('test.retention', '" + id + "', 'com.valet.test', 'item-moved', " + processedAt + ")");
        return id;
    }

    private static void execute(String sql) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(sql).executeUpdate())));
    }

    private static long count(String table, UUID eventId) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("SELECT count(*) FROM " + table + " WHERE event_id = :id",
                        Long.class).setParameter("id", eventId).getSingleResult())));
    }
}
