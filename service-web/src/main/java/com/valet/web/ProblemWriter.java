package com.valet.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * Ends a request with an RFC 9457 problem at the HTTP layer, where the JAX-RS mappers of service-web do
 * not reach (filters, proxied routes, authentication failures): the same {@link Problem} shape.
 */
@Singleton
public class ProblemWriter {
    private static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    private final ObjectMapper json;

    ProblemWriter(ObjectMapper json) {
        this.json = json;
    }

    public void send(RoutingContext ctx, int status, String detail) {
        send(ctx, status, detail, Map.of());
    }

    /** {@code extensions} become members of the problem, e.g. {@code "service": "booking"}. */
    public void send(RoutingContext ctx, int status, String detail, Map<String, Object> extensions) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.headWritten()) {
            return; // too late for a problem body: the client already has a status line
        }
        Problem problem = new Problem(Problem.ABOUT_BLANK, null, status, detail, ctx.request().path(), List.of(), extensions);
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem", e);
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }

    /** 401 with the Bearer challenge (set once, whoever set it first). */
    public void unauthorized(RoutingContext ctx, String detail) {
        if (!ctx.response().headers().contains(WWW_AUTHENTICATE)) {
            ctx.response().putHeader(WWW_AUTHENTICATE, "Bearer");
        }
        send(ctx, 401, detail);
    }
}
