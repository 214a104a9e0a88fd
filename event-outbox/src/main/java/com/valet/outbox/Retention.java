package com.valet.outbox;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Keeps the outbox and the inbox from growing without bound: published outbox rows older than
 * {@code valet.outbox.retention} and processed-event ids older than {@code valet.inbox.retention} are deleted
 * hourly, a few thousand rows per statement so no purge holds locks for long. The inbox must remember an event
 * id at least as long as Kafka may redeliver the event, so its retention (8 days) exceeds the topics' (7 days).
 * Runs in every instance; the deletes are idempotent.
 */
@ApplicationScoped
public class Retention {
    private static final Logger LOG = Logger.getLogger(Retention.class);
    private static final int CHUNK = 5000;
    private static final String PURGE_OUTBOX = "DELETE FROM event_outbox WHERE seq IN (SELECT seq FROM event_outbox"
            + " WHERE published_at < now() - make_interval(secs => $1) LIMIT $2)";
    private static final String PURGE_INBOX = "DELETE FROM processed_event WHERE ctid IN (SELECT ctid FROM processed_event"
            + " WHERE processed_at < now() - make_interval(secs => $1) LIMIT $2)";

    private final Pool pool;
    private final Duration outboxRetention;
    private final Duration inboxRetention;

    Retention(Pool pool,
              @ConfigProperty(name = "valet.outbox.retention", defaultValue = "P7D") Duration outboxRetention,
              @ConfigProperty(name = "valet.inbox.retention", defaultValue = "P8D") Duration inboxRetention) {
        this.pool = pool;
        this.outboxRetention = outboxRetention;
        this.inboxRetention = inboxRetention;
    }

    /** Deletes what is past retention; hourly, and callable (operators' tooling, tests). */
    @Scheduled(every = "${valet.outbox.purge-every:1h}", delay = 1, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> purge() {
        return purge(PURGE_OUTBOX, outboxRetention, "published outbox rows")
                .chain(() -> purge(PURGE_INBOX, inboxRetention, "processed event ids"));
    }

    private Uni<Void> purge(String sql, Duration retention, String what) {
        return purgeChunks(sql, retention, 0)
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.infof("Purged %d %s older than %s", deleted, what, retention);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("Purging %s failed: %s", what, Transience.describe(e)))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Long> purgeChunks(String sql, Duration retention, long sofar) {
        return pool.preparedQuery(sql).execute(Tuple.of((double) retention.toSeconds(), CHUNK))
                .chain(result -> result.rowCount() < CHUNK ? Uni.createFrom().item(sofar + result.rowCount())
                        : purgeChunks(sql, retention, sofar + result.rowCount()));
    }
}
