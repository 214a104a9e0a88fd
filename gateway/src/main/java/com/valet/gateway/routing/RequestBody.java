package com.valet.gateway.routing;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.ReadStream;

/**
 * The client's request body as a stream for the upstream request, bytes exactly as received (the webhooks'
 * signatures are computed over them), counted as they pass: past {@code maxBytes} (a chunked body has no
 * Content-Length for the early check of BodyLimit) nothing more goes on, the rest of the body is drained and
 * thrown away, and the abort handler hears {@link TooLarge}. A client that goes away mid-body is reported the
 * same way ({@link ClientGone}), before the pipe hears of it, so that the upstream request is aborted rather
 * than ended and neither counts against the service's circuit breaker.
 */
final class RequestBody implements ReadStream<Buffer> {
    /** The body went past the limit; the rest was not forwarded. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("request body too large", null, false, false);
        }
    }

    /** The client's connection failed before its whole body arrived. */
    static final class ClientGone extends RuntimeException {
        ClientGone(Throwable cause) {
            super("the client went away: " + cause, cause, false, false);
        }
    }

    private final HttpServerRequest request;
    private final long maxBytes;
    private final long declaredLength;
    private long received;
    private boolean aborted;
    private Handler<Buffer> handler;
    private Handler<Throwable> exceptionHandler;
    private Handler<Throwable> abortHandler;

    private RequestBody(HttpServerRequest request, long maxBytes, long declaredLength) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.declaredLength = declaredLength;
    }

    /**
     * The body to forward, or null when the request has none: no Content-Length (or 0) and no
     * Transfer-Encoding on HTTP/1.x; an HTTP/2 stream that ended with its headers.
     */
    static RequestBody of(HttpServerRequest request, long maxBytes) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared = -1;
        if (length != null) {
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                declared = -1; // Vert.x's codec refuses a malformed Content-Length before we see it
            }
        }
        if (request.isEnded()) {
            return null; // nothing left to read (no route handler before this one reads bodies)
        }
        boolean chunked = request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        boolean body = chunked ? true
                : declared > 0 || (declared < 0 && request.version() == HttpVersion.HTTP_2 && !request.isEnded());
        if (!body) {
            return null;
        }
        return new RequestBody(request, maxBytes, chunked ? -1 : declared);
    }

    /** The Content-Length the client declared, -1 if the body is chunked (or HTTP/2 without a length). */
    long declaredLength() {
        return declaredLength;
    }

    /** Called once, with {@link TooLarge} or {@link ClientGone}, when the body will not arrive whole. */
    RequestBody abortHandler(Handler<Throwable> handler) {
        this.abortHandler = handler;
        return this;
    }

    @Override
    public RequestBody handler(Handler<Buffer> handler) {
        this.handler = handler;
        if (handler == null) {
            request.handler(null);
        } else {
            request.handler(this::chunk);
        }
        return this;
    }

    private void chunk(Buffer chunk) {
        if (aborted) {
            return;
        }
        received += chunk.length();
        if (received > maxBytes) {
            abort(new TooLarge());
            return;
        }
        Handler<Buffer> h = handler;
        if (h != null) {
            h.handle(chunk);
        }
    }

    private void abort(Throwable cause) {
        aborted = true;
        request.handler(chunk -> {
        }); // drained: the 413 can be read by a client still sending
        request.resume();
        Handler<Throwable> h = abortHandler;
        if (h != null) {
            h.handle(cause);
        }
    }

    @Override
    public RequestBody exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        request.exceptionHandler(handler == null ? null : failure -> {
            if (!aborted) {
                abort(new ClientGone(failure));
            }
            Handler<Throwable> h = exceptionHandler;
            if (h != null) {
                h.handle(failure);
            }
        });
        return this;
    }

    @Override
    public RequestBody endHandler(Handler<Void> endHandler) {
        request.endHandler(endHandler == null ? null : v -> {
            if (!aborted) {
                endHandler.handle(v);
            }
        });
        return this;
    }

    @Override
    public RequestBody pause() {
        if (!aborted) {
            request.pause();
        }
        return this;
    }

    @Override
    public RequestBody resume() {
        request.resume();
        return this;
    }

    @Override
    public RequestBody fetch(long amount) {
        request.fetch(amount);
        return this;
    }
}
