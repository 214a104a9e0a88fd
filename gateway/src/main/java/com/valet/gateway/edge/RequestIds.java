package com.valet.gateway.edge;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an {@code X-Request-Id}: the client's if it is a sane token, a new UUID otherwise.
 * It is put on the request (so it is forwarded and in the access log) and on the response (so a client
 * can quote it), before anything else runs: even a CORS refusal or a 401 carries it.
 */
@Singleton
public class RequestIds {
    public static final String HEADER = "X-Request-Id";
    /** Runs before CORS (300) and authentication (200). */
    static final int PRIORITY = 400;
    /** Anything else (long, spaces, control characters) could forge log lines: replaced. */
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    void register(@Observes Filters filters) {
        filters.register(this::assign, PRIORITY);
    }

    void assign(RoutingContext ctx) {
        String id = ctx.request().getHeader(HEADER);
        if (id == null || !SANE.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
        }
        ctx.request().headers().set(HEADER, id); // one value, even if the client sent several
        ctx.response().headers().set(HEADER, id);
        ctx.next();
    }

    public static String of(RoutingContext ctx) {
        return ctx.request().getHeader(HEADER);
    }
}
