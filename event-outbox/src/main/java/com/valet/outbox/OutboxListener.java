package com.valet.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Wakes the relay when a transaction that appended events commits, in this instance or any other of the
 * service: one pooled connection kept open with {@code LISTEN outbox_<schema>}; the trigger of
 * {@code event_outbox} notifies that channel, and PostgreSQL delivers notifications only at commit. A lost
 * connection is reopened after a second; meanwhile the relay's slow poll covers.
 */
@ApplicationScoped
class OutboxListener {
    private static final Logger LOG = Logger.getLogger(OutboxListener.class);
    private static final long RECONNECT_MS = 1000;

    private final Pool pool;
    private final Vertx vertx;
    private final OutboxRelay relay;
    private volatile SqlConnection connection;
    private volatile boolean stopped;

    OutboxListener(Pool pool, Vertx vertx, OutboxRelay relay) {
        this.pool = pool;
        this.vertx = vertx;
        this.relay = relay;
    }

    void start(@Observes StartupEvent startup) {
        if (relay.isEnabled()) {
            listen();
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopped = true;
        SqlConnection open = connection;
        if (open != null) {
            open.close();
        }
    }

    private void listen() {
        if (stopped) {
            return;
        }
        pool.getConnection()
                .compose(conn -> conn.query("SELECT 'outbox_' || current_schema()").execute()
                        .compose(rows -> {
                            String channel = rows.iterator().next().getString(0);
                            PgConnection pg = PgConnection.cast(conn);
                            pg.notificationHandler(notification -> relay.wake());
                            pg.closeHandler(closed -> {
                                connection = null;
                                if (!stopped) {
                                    LOG.warn("The outbox listener's connection closed; reconnecting");
                                    vertx.setTimer(RECONNECT_MS, ignored -> listen());
                                }
                            });
                            connection = conn;
                            // a channel is an identifier: quoted, as current_schema() gave it
                            return conn.query("LISTEN \"" + channel.replace("\"", "\"\"") + "\"").execute()
                                    .onFailure(e -> conn.close());
                        }))
                .onSuccess(listening -> relay.wake())
                .onFailure(e -> {
                    LOG.warnf("Cannot listen for outbox commits (%s); retrying in a second", Transience.describe(e));
                    vertx.setTimer(RECONNECT_MS, ignored -> listen());
                });
    }
}
