package com.valet.gateway.routing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body into memory, refusing it past {@code maxBytes} (a chunked body has no
 * Content-Length for the early check). The bytes are kept exactly as received: the webhooks' signatures
 * are computed over them.
 */
final class BodyReader {
    /** The body went past the limit; the rest was not read. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("request body too large", null, false, false);
        }
    }

    private BodyReader() {
    }

    static Future<Buffer> read(HttpServerRequest request, long maxBytes) {
        Promise<Buffer> result = Promise.promise();
        if (request.isEnded()) {
            result.complete(Buffer.buffer());
            return result.future();
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (result.future().isComplete()) {
                return;
            }
            if ((long) body.length() + chunk.length() > maxBytes) {
                result.tryFail(new TooLarge());
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(result::tryFail);
        request.endHandler(v -> result.tryComplete(body));
        request.resume(); // Quarkus pauses every request until a handler wants its body
        return result.future();
    }
}
