package com.valet.gateway.routing;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.jboss.logging.Logger;

import java.net.URI;

/**
 * One service as the gateway reaches it: a pooled keep-alive HTTP client and a circuit breaker. Only a
 * failure to get an answer counts against the breaker (no connection, a timeout, a connection dropped
 * mid-answer); any HTTP status, 5xx included, is an answer and passes through.
 */
final class Upstream implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Upstream.class);

    private final String name;
    private final String origin;
    private final Vertx vertx;
    private final HttpClient client;
    private final CircuitBreaker breaker;
    private final long connectTimeoutMillis;
    private final long requestTimeoutMillis;
    private final long openForMillis;

    Upstream(String name, ServicesConfig.Service service, UpstreamConfig config, Vertx vertx) {
        this.name = name;
        this.vertx = vertx;
        URI url = URI.create(service.url());
        if (url.getHost() == null || !(url.getPath() == null || url.getPath().isEmpty() || url.getPath().equals("/"))
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException("valet.services." + name + ".url must be http(s)://host[:port] without a path, not "
                    + service.url());
        }
        boolean tls = "https".equals(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        this.origin = url.getScheme() + "://" + url.getRawAuthority();
        this.connectTimeoutMillis = service.connectTimeout().orElse(config.upstream().connectTimeout()).toMillis();
        this.requestTimeoutMillis = service.requestTimeout().orElse(config.upstream().requestTimeout()).toMillis();
        this.openForMillis = config.circuitBreaker().openFor().toMillis();
        this.client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setDefaultHost(url.getHost())
                        .setDefaultPort(port)
                        .setSsl(tls)
                        .setKeepAlive(true)
                        .setConnectTimeout((int) connectTimeoutMillis)
                        .setName("gateway-" + name),
                new PoolOptions()
                        .setHttp1MaxSize(config.upstream().maxConnections())
                        .setMaxWaitQueueSize(config.upstream().maxWaiting()));
        this.breaker = CircuitBreaker.create("gateway-" + name, vertx, new CircuitBreakerOptions()
                        .setMaxFailures(config.circuitBreaker().failures())
                        .setFailuresRollingWindow(config.circuitBreaker().window().toMillis())
                        .setResetTimeout(openForMillis)
                        .setTimeout(-1) // the request timeout below also frees the connection
                        .setMaxRetries(0) // never replay a request: a POST may have been applied
                        .setNotificationAddress(null)) // no event-bus chatter
                .openHandler(v -> LOG.warnf("Circuit breaker for %s opened: answering 503 for %d ms", name, openForMillis))
                .halfOpenHandler(v -> LOG.infof("Circuit breaker for %s half-open: trying one request", name))
                .closeHandler(v -> LOG.infof("Circuit breaker for %s closed", name))
                // a full pool is our own load, not the service failing: refused (503) but not counted
                .failurePolicy(result -> result.failed() && !(result.cause() instanceof ConnectionPoolTooBusyException));
    }

    String name() {
        return name;
    }

    /** {@code scheme://host:port} as configured, to recognise the service's own URLs in a Location. */
    String origin() {
        return origin;
    }

    long openForMillis() {
        return openForMillis;
    }

    /** Fails fast with {@link io.vertx.circuitbreaker.OpenCircuitException} while the breaker is open. */
    Future<UpstreamReply> call(HttpMethod method, String uri, MultiMap headers, Buffer body) {
        return breaker.execute(promise -> send(method, uri, headers, body).onComplete(promise));
    }

    private Future<UpstreamReply> send(HttpMethod method, String uri, MultiMap headers, Buffer body) {
        Promise<UpstreamReply> reply = Promise.promise();
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setURI(uri)
                .setHeaders(headers)
                .setConnectTimeout(connectTimeoutMillis); // also bounds the wait for a pooled connection
        client.request(options).onFailure(reply::tryFail).onSuccess(request -> {
            long timer = vertx.setTimer(requestTimeoutMillis, id -> {
                if (reply.tryFail(new UpstreamTimeoutException(name, requestTimeoutMillis))) {
                    request.reset(); // frees the connection instead of waiting for the late answer
                }
            });
            exchange(request, body).onComplete(result -> {
                vertx.cancelTimer(timer);
                if (result.succeeded()) {
                    reply.tryComplete(result.result());
                } else {
                    reply.tryFail(result.cause());
                }
            });
        });
        return reply.future();
    }

    private static Future<UpstreamReply> exchange(HttpClientRequest request, Buffer body) {
        Future<io.vertx.core.http.HttpClientResponse> sent = body.length() == 0 ? request.send() : request.send(body);
        return sent.compose(response -> response.body()
                .map(content -> new UpstreamReply(response.statusCode(), response.headers(), content)));
    }

    @Override
    public void close() {
        breaker.close();
        client.close();
    }
}
