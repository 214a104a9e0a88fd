package com.valet.gateway.routing;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.function.Function;

/**
 * One service as the gateway reaches it: a pooled keep-alive HTTP client and a circuit breaker. Only a
 * failure to get an answer counts against the breaker (no connection, a timeout, a connection dropped
 * mid-answer); any HTTP status, 5xx included, is an answer and passes through. Neither does the client's own
 * doing count: a body over the limit, a client that went away.
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
                // a full pool is our own load, not the service failing: refused (503) but not counted; nor is
                // what the client did (a body over the limit, a client that went away)
                .failurePolicy(result -> result.failed() && !isNotTheServices(result.cause()));
    }

    private static boolean isNotTheServices(Throwable cause) {
        return cause instanceof ConnectionPoolTooBusyException || cause instanceof RequestBody.TooLarge
                || cause instanceof RequestBody.ClientGone || cause instanceof ClientGoneBeforeAnswer;
    }

    /** The service answered but the client's response was already closed: the answer is dropped. */
    static final class ClientGoneBeforeAnswer extends RuntimeException {
        ClientGoneBeforeAnswer() {
            super("the client went away before the answer", null, false, false);
        }
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

    /**
     * Sends the request, streaming {@code body} (null: none) to the service, and hands the service's response
     * to {@code relay} as soon as its head arrives (paused: the relay pipes it on). The result fails with
     * {@link io.vertx.circuitbreaker.OpenCircuitException} at once while the breaker is open; with
     * {@link UpstreamTimeoutException} when the request body did not get through within the request timeout
     * (a service that does not read it), or the answer did not end within another request timeout from the end
     * of the request body (or from the answer's head if that came first); with what went wrong otherwise. It succeeds when the relay's future does: the whole response was passed on.
     */
    Future<Void> call(HttpMethod method, String uri, MultiMap headers, RequestBody body,
                      Function<HttpClientResponse, Future<Void>> relay) {
        return breaker.execute(done -> exchange(method, uri, headers, body, relay, done));
    }

    private void exchange(HttpMethod method, String uri, MultiMap headers, RequestBody body,
                          Function<HttpClientResponse, Future<Void>> relay, Promise<Void> done) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setURI(uri)
                .setHeaders(headers)
                .setConnectTimeout(connectTimeoutMillis); // also bounds the wait for a pooled connection
        client.request(options).onComplete(created -> {
            if (created.failed()) {
                done.tryFail(created.cause());
                return;
            }
            new Exchange(created.result(), done).start(body, relay);
        });
    }

    /** One request in flight on one pooled connection; every way out completes {@code done} once. */
    private final class Exchange {
        private final HttpClientRequest request;
        private final Promise<Void> done;
        private long timer = -1;
        private boolean answered;

        Exchange(HttpClientRequest request, Promise<Void> done) {
            this.request = request;
            this.done = done;
            done.future().onComplete(result -> {
                if (timer >= 0) {
                    vertx.cancelTimer(timer);
                }
            });
        }

        void start(RequestBody body, Function<HttpClientResponse, Future<Void>> relay) {
            request.response().onComplete(answered -> {
                if (answered.failed()) {
                    done.tryFail(answered.cause());
                    return;
                }
                HttpClientResponse response = answered.result();
                response.pause(); // until the relay pipes it to the client
                this.answered = true; // from here the timer runs until the answer's end, never restarted
                startTimer();
                relay.apply(response).onComplete(relayed -> {
                    if (relayed.succeeded()) {
                        done.tryComplete();
                    } else if (done.tryFail(relayed.cause())) {
                        request.reset(); // the rest of the answer would never be read: free the connection
                    }
                });
            });
            if (body == null) {
                request.end();
                startTimer();
                return;
            }
            startTimer(); // bounds the upload: a service that stops reading must not hold the client forever
            body.abortHandler(this::abort);
            if (body.declaredLength() >= 0) {
                request.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(body.declaredLength()));
            } else {
                request.setChunked(true);
            }
            // never ended on a failure: a truncated body must not reach the service as a whole one
            body.pipe().endOnFailure(false).to(request).onComplete(sent -> {
                if (sent.succeeded()) {
                    restartTimer(); // the body is through: the answer gets the whole request timeout
                } else if (done.tryFail(sent.cause())) {
                    request.reset();
                }
            });
        }

        private void abort(Throwable cause) {
            if (done.tryFail(cause)) {
                request.reset();
            }
        }

        private void restartTimer() {
            if (timer >= 0 && !answered) {
                vertx.cancelTimer(timer);
                timer = -1;
                startTimer();
            }
        }

        private void startTimer() {
            if (timer >= 0 || done.future().isComplete()) {
                return;
            }
            timer = vertx.setTimer(requestTimeoutMillis, id -> {
                if (done.tryFail(new UpstreamTimeoutException(name, requestTimeoutMillis))) {
                    request.reset(); // frees the connection instead of waiting for the late answer
                }
            });
        }
    }

    @Override
    public void close() {
        breaker.close();
        client.close();
    }
}
