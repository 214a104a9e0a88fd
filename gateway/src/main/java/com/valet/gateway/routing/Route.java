package com.valet.gateway.routing;

/**
 * One way through the gateway: requests whose path is {@code path} (exactly, or below it for a prefix
 * route) go to {@code service}, at {@code target} followed by what is left of the path.
 * {@code /api/booking/actions?x=1} on the prefix route {@code /api/booking -> booking ""} becomes
 * {@code /actions?x=1}; the exact route {@code /webhooks/stripe -> billing /webhooks/stripe} keeps its path.
 */
public record Route(String path, boolean prefix, String service, String target) {

    public static Route prefix(String path, String service) {
        return new Route(path, true, service, "");
    }

    public static Route exact(String path, String service, String target) {
        return new Route(path, false, service, target);
    }

    /** The pattern Vert.x Web matches ({@code /api/booking/*} also matches {@code /api/booking}). */
    String vertxPattern() {
        return prefix ? path + "/*" : path;
    }

    /**
     * The service's path for a request path this route matched, taken from the normalised path (dot
     * segments resolved) so that {@code /api/booking/../inventory} cannot leave the service's prefix.
     */
    String upstreamPath(String normalizedPath) {
        if (!prefix) {
            return target;
        }
        String rest = normalizedPath.length() > path.length() ? normalizedPath.substring(path.length()) : "";
        String upstream = target + rest;
        return upstream.isEmpty() ? "/" : upstream;
    }
}
