package com.valet.outbox;

import com.valet.events.InvalidEventException;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransienceTest {

    private static PgException pg(String state) {
        return new PgException("boom", "ERROR", state, "detail");
    }

    @Test
    void theDatabaseAwayOrBusyIsTransient() {
        assertTrue(Transience.isTransient(new ConnectException("Connection refused")));
        assertTrue(Transience.isTransient(pg("57P01")), "admin shutdown (a restart)");
        assertTrue(Transience.isTransient(pg("57P03")), "cannot connect now (starting up)");
        assertTrue(Transience.isTransient(pg("08006")), "connection failure");
        assertTrue(Transience.isTransient(pg("40001")), "serialization failure");
        assertTrue(Transience.isTransient(pg("40P01")), "deadlock");
        assertTrue(Transience.isTransient(pg("53300")), "too many connections");
        assertTrue(Transience.isTransient(new SQLException("x", "08001")));
    }

    @Test
    void theCauseChainIsRead() {
        assertTrue(Transience.isTransient(new CompletionException(new RuntimeException("wrapped", pg("40P01")))));
        assertTrue(Transience.isTransient(new io.vertx.core.VertxException("Connection is closed")));
    }

    @Test
    void whatNoRetryChangesIsNotTransient() {
        assertFalse(Transience.isTransient(new InvalidEventException("not json")));
        assertFalse(Transience.isTransient(new RejectedEventException("unknown aggregate")));
        assertFalse(Transience.isTransient(pg("23505")), "unique violation");
        assertFalse(Transience.isTransient(pg("22001")), "value too long");
        assertFalse(Transience.isTransient(pg("23514")), "check violation");
        assertFalse(Transience.isTransient(new NullPointerException()));
        assertFalse(Transience.isTransient(new IllegalStateException("bug")));
    }

    @Test
    void aRejectionWinsOverATransientCauseBelowIt() {
        RejectedEventException rejected = new RejectedEventException("unknown action");
        rejected.initCause(pg("40001"));
        assertFalse(Transience.isTransient(rejected));
    }

    @Test
    void describeNamesTheInnermostCause() {
        String text = Transience.describe(new RuntimeException("outer", pg("40P01")));
        assertTrue(text.contains("outer") && text.contains("PgException"), text);
    }
}
