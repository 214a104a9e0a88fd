package com.valet.gateway.routing;

/** The service did not answer within its request timeout (the gateway answers 504). */
final class UpstreamTimeoutException extends RuntimeException {
    UpstreamTimeoutException(String service, long millis) {
        super(service + " did not answer within " + millis + " ms", null, false, false);
    }
}
