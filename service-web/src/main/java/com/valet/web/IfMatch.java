package com.valet.web;

/**
 * Optimistic concurrency over HTTP: a resource's ETag is its row version, and a write must send it back
 * in {@code If-Match} so that a change made meanwhile is not silently overwritten.
 */
public final class IfMatch {
    private IfMatch() {
    }

    /** The ETag of a resource at {@code version}: what a client sends back in If-Match. */
    public static jakarta.ws.rs.core.EntityTag etag(long version) {
        return new jakarta.ws.rs.core.EntityTag(Long.toString(version));
    }

    /**
     * @throws ProblemException 412 when the resource is no longer at the version the client read
     */
    public static void requireCurrent(String what, long currentVersion, long expectedVersion) {
        if (currentVersion != expectedVersion) {
            throw ProblemException.preconditionFailed("The " + what + " changed since you read it (version "
                    + currentVersion + ", If-Match " + expectedVersion + "): read it again and retry.");
        }
    }

    /**
     * The version in {@code If-Match: "3"} (a weak {@code W/"3"} is accepted too).
     *
     * @throws ProblemException 428 when the header is missing, 412 when it is not one of our ETags
     */
    public static long requiredVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ProblemException.preconditionRequired("Send If-Match with the ETag you read, so that a change"
                    + " made meanwhile is not overwritten.");
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw ProblemException.preconditionFailed("If-Match " + ifMatch + " is not an ETag of this resource.");
        }
    }
}
