package com.valet.web;

import java.net.ConnectException;
import java.util.Locale;

/**
 * Whether a failure means the database cannot be reached right now (refused or closed connections, an
 * administrator shutdown), as opposed to a bug: the Vert.x PostgreSQL client reports these as a
 * {@link ConnectException}, a closed connection, or PostgreSQL's SQLSTATE class 57P (operator intervention)
 * and 08 (connection exception). Matched by name: the gateway shares this code and has no SQL client.
 */
final class DatabaseUnavailable {
    private DatabaseUnavailable() {
    }

    static boolean causes(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String type = t.getClass().getName();
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            // a reset socket: the server went away mid-request (a restart, a failover)
            if (t instanceof ConnectException || t instanceof java.net.SocketException
                    || type.equals("io.vertx.sqlclient.ClosedConnectionException")) {
                return true;
            }
            if (type.equals("io.vertx.pgclient.PgException") && (message.contains("(57p") || message.contains("(08"))) {
                return true;
            }
            if (type.startsWith("io.vertx") && (message.contains("connection refused")
                    || message.contains("connection reset") || message.contains("pool closed"))) {
                return true;
            }
        }
        return false;
    }
}
