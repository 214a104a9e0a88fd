package com.valet.gateway.routing;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** A service's whole answer, read before anything is sent to the client (API bodies are small JSON). */
record UpstreamReply(int status, MultiMap headers, Buffer body) {
}
