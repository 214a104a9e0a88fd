package com.valet.gateway.routing;

import com.valet.web.ProblemWriter;
import com.valet.gateway.edge.BodyLimit;
import com.valet.gateway.edge.RequestIds;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * Forwards a request on one {@link Route} to its service and the answer back: method, path (prefix
 * stripped), query string, headers ({@link ForwardedHeaders}) and body bytes unchanged. Both bodies are
 * streamed, with back-pressure, never held whole: the request body goes to the service as it arrives
 * ({@link RequestBody} counts it against the limit), the response goes to the client as the service sends it.
 * When no answer comes the client gets problem+json at once: 503 (no connection, breaker open) or 504 (too
 * slow); if part of the answer was already sent, the client's connection is reset instead (a truncated body
 * must not look whole).
 */
final class ProxyHandler implements Handler<RoutingContext> {
    private static final Logger LOG = Logger.getLogger(ProxyHandler.class);
    /** The service's response headers, once they were copied to the client's response. */
    private static final String ANSWER_HEADERS = ProxyHandler.class.getName() + ".answer";

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
        HttpMethod method = request.method();
        RequestBody body = RequestBody.of(request, bodyLimit.maxBytes());
        if (body == null) {
            request.resume(); // Quarkus pauses every request until a handler wants its body: let it end
        } else if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue(); // the size was checked already (BodyLimit): let the client send it
        }
        upstream.call(method, uri, headers, body, answer -> relay(ctx, method, answer))
                .onFailure(cause -> failed(ctx, method, path, cause));
    }

    /** The service's status and headers, then its body as it comes; the future completes when all was passed on. */
    private Future<Void> relay(RoutingContext ctx, HttpMethod method, HttpClientResponse answer) {
        HttpServerResponse response = ctx.response();
        if (response.closed() || response.ended()) {
            return Future.failedFuture(new Upstream.ClientGoneBeforeAnswer());
        }
        ctx.put(ANSWER_HEADERS, answer.headers());
        response.setStatusCode(answer.statusCode());
        boolean head = method == HttpMethod.HEAD;
        ForwardedHeaders.toClient(answer.headers(), response.headers(), upstream.origin(), route);
        if (!head && !response.headers().contains(HttpHeaders.CONTENT_LENGTH) && hasBody(answer.statusCode())
                && ctx.request().version() != HttpVersion.HTTP_2) {
            response.setChunked(true); // the service streams its answer without a length: so do we
        }
        return answer.pipe().endOnFailure(false).to(response)
                .recover(cause -> Future.failedFuture(response.closed() ? new RequestBody.ClientGone(cause) : cause));
    }

    private static boolean relayStarted(RoutingContext ctx) {
        return ctx.get(ANSWER_HEADERS) != null;
    }

    private static void forgetAnswerHeaders(RoutingContext ctx) {
        MultiMap copied = ctx.get(ANSWER_HEADERS);
        HttpServerResponse response = ctx.response();
        for (String name : copied.names()) {
            if (!name.regionMatches(true, 0, "access-control-", 0, 15) && !name.equalsIgnoreCase(RequestIds.HEADER)) {
                response.headers().remove(name);
            }
        }
        response.headers().remove(HttpHeaders.CONTENT_LENGTH);
        response.setChunked(false);
    }

    private static boolean hasBody(int status) {
        return status >= 200 && status != 204 && status != 304;
    }

    private void failed(RoutingContext ctx, HttpMethod method, String path, Throwable cause) {
        HttpServerResponse response = ctx.response();
        if (!response.headWritten() && relayStarted(ctx)) {
            forgetAnswerHeaders(ctx); // the service's head was copied but nothing went out: a problem can still be sent
        }
        if (cause instanceof RequestBody.TooLarge) {
            if (!response.headWritten()) {
                bodyLimit.tooLarge(ctx); // the service's request was aborted: it never saw a whole body
            } else {
                response.reset();
            }
            return;
        }
        if (cause instanceof RequestBody.ClientGone || cause instanceof Upstream.ClientGoneBeforeAnswer) {
            if (!response.closed()) {
                response.reset();
            }
            return;
        }
        if (response.headWritten()) {
            // part of the answer is out: the client must see a broken response, not a short one
            LOG.warnf("%s %s -> %s %s broke off mid-answer: %s [X-Request-Id %s]", method, ctx.normalizedPath(),
                    upstream.name(), path, cause.toString(), RequestIds.of(ctx));
            response.reset();
            return;
        }
        unavailable(ctx, method, path, cause);
    }

    /** Logged with the path only: a query string may hold personal data. */
    private void unavailable(RoutingContext ctx, HttpMethod method, String path, Throwable cause) {
        if (ctx.response().closed()) {
            return;
        }
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
