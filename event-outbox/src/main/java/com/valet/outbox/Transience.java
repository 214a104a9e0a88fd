package com.valet.outbox;

import com.valet.events.InvalidEventException;
import io.vertx.pgclient.PgException;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Whether a failure to apply an event may succeed if simply tried again (the database restarting or failing
 * over, a lost connection, a serialization failure or deadlock, an exhausted pool), or says something about
 * the event itself that no retry changes (a bug, a constraint the event violates, a rejection). The first
 * kind is retried without end, pausing the channel; only the second is dead-lettered.
 */
final class Transience {
    /** SQLSTATEs worth retrying: serialization failure, deadlock, lock not available, operator intervention. */
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03", "57P01", "57P02", "57P03",
            "57014");
    /** SQLSTATE classes worth retrying: connection exception, insufficient resources, system error. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "58");

    private Transience() {
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidEventException || t instanceof RejectedEventException) {
                return false;
            }
            if (t instanceof ConnectException || t instanceof SocketException || t instanceof TimeoutException) {
                return true;
            }
            String state = sqlState(t);
            if (state != null && state.length() == 5) {
                return TRANSIENT_STATES.contains(state) || TRANSIENT_CLASSES.contains(state.substring(0, 2));
            }
            String type = t.getClass().getName();
            if (type.equals("io.vertx.sqlclient.ClosedConnectionException")
                    || type.equals("org.hibernate.exception.JDBCConnectionException")
                    || type.equals("org.hibernate.exception.LockAcquisitionException")
                    || type.equals("org.hibernate.PessimisticLockException")
                    || type.equals("org.hibernate.StaleObjectStateException")
                    || type.equals("jakarta.persistence.OptimisticLockException")
                    || type.equals("io.vertx.core.impl.NoStackTraceTimeoutException")) {
                return true;
            }
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (type.startsWith("io.vertx") && (message.contains("connection refused")
                    || message.contains("connection reset") || message.contains("connection is closed")
                    || message.contains("pool closed") || message.contains("timeout"))) {
                return true;
            }
        }
        return false;
    }

    /** The SQLSTATE of a JDBC or Vert.x PostgreSQL client failure. */
    private static String sqlState(Throwable t) {
        if (t instanceof SQLException sql) {
            return sql.getSQLState();
        }
        return t instanceof PgException pg ? pg.getSqlState() : null;
    }

    /** One line for logs and dead-letter headers: the innermost message that says something. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return root == failure ? outer : outer + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
