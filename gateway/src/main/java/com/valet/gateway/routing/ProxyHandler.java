package com.valet.gateway.routing;

import com.valet.web.ProblemWriter;
import com.valet.gateway.edge.BodyLimit;
import com.valet.gateway.edge.RequestIds;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * Forwards a request on one {@link Route} to its service and the answer back: method, path (prefix
 * stripped), query string, headers ({@link ForwardedHeaders}) and body bytes unchanged. When no answer
 * comes the client gets problem+json at once: 503 (no connection, breaker open) or 504 (too slow).
 */
final class ProxyHandler implements Handler<RoutingContext> {
    private static final Logger LOG = Logger.getLogger(ProxyHandler.class);

    private final Route route;
    private final Upstream upstream;
    private final BodyLimit bodyLimit;
    private final ProblemWriter problems;

    ProxyHandler(Route route, Upstream upstream, BodyLimit bodyLimit, ProblemWriter problems) {
        this.route = route;
        this.upstream = upstream;
        this.bodyLimit = bodyLimit;
        this.problems = problems;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String query = request.query();
        String path = route.upstreamPath(ctx.normalizedPath());
        String uri = query == null ? path : path + "?" + query;
        String client = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        MultiMap headers = ForwardedHeaders.toService(request.headers(), client, request.scheme(),
                request.authority() == null ? null : request.authority().toString(), route);
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue(); // the size was checked already (BodyLimit): let the client send it
        }
        BodyReader.read(request, bodyLimit.maxBytes())
                .onSuccess(body -> forward(ctx, request.method(), uri, path, headers, body))
                .onFailure(failure -> {
                    if (failure instanceof BodyReader.TooLarge) {
                        bodyLimit.tooLarge(ctx);
                    } else {
                        ctx.fail(failure); // the client went away mid-body
                    }
                });
    }

    private void forward(RoutingContext ctx, HttpMethod method, String uri, String path, MultiMap headers, Buffer body) {
        upstream.call(method, uri, headers, body).onComplete(result -> {
            if (result.succeeded()) {
                reply(ctx, method, result.result());
            } else {
                unavailable(ctx, method, path, result.cause());
            }
        });
    }

    private void reply(RoutingContext ctx, HttpMethod method, UpstreamReply reply) {
        HttpServerResponse response = ctx.response();
        if (response.closed() || response.ended()) {
            return;
        }
        response.setStatusCode(reply.status());
        ForwardedHeaders.toClient(reply.headers(), response.headers(), method == HttpMethod.HEAD, upstream.origin(), route);
        response.end(reply.body());
    }

    /** Logged with the path only: a query string may hold personal data. */
    private void unavailable(RoutingContext ctx, HttpMethod method, String path, Throwable cause) {
        String service = upstream.name();
        boolean timeout = cause instanceof UpstreamTimeoutException;
        if (!(cause instanceof OpenCircuitException)) { // an open breaker was logged when it opened
            LOG.warnf("%s %s -> %s %s failed: %s [X-Request-Id %s]", method, ctx.normalizedPath(), service, path,
                    cause.toString(), RequestIds.of(ctx));
        }
        if (timeout) {
            problems.send(ctx, 504, service + " did not answer in time.", Map.of("service", service));
            return;
        }
        long retryAfter = Math.max(1, (upstream.openForMillis() + 999) / 1000);
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        problems.send(ctx, 503, service + " is unavailable.", Map.of("service", service));
    }
}
