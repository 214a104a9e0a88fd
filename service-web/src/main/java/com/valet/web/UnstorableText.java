package com.valet.web;

/**
 * Whether a failure is PostgreSQL refusing a text value it cannot store: a NUL character (U+0000, sent as
 * {@code %00} in a path or query, or {@code \u0000} in JSON) gives SQLSTATE 22021 (invalid byte sequence)
 * or 22P05 (untranslatable character). The statement failed, so the transaction stored nothing: the
 * client's input is at fault, a 400. Matched by message: the gateway shares this code and has no SQL client.
 */
final class UnstorableText {
    private UnstorableText() {
    }

    static boolean causes(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("(22021)") || message.contains("(22P05)")
                    || message.contains("invalid byte sequence for encoding"))) {
                return true;
            }
        }
        return false;
    }
}
