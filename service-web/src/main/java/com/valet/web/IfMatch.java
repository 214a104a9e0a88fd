package com.valet.web;

/**
 * Optimistic concurrency over HTTP: a resource's ETag is its row version, and a write must send it back
 * in {@code If-Match} so that a change made meanwhile is not silently overwritten.
 */
public final class IfMatch {
    private IfMatch() {
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
