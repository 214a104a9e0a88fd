package com.valet.legacyimport;

/**
 * Something wrong with a legacy row, and what the import does about it.
 *
 * @param source   the legacy table, e.g. {@code public.items}
 * @param key      the row's key there
 * @param problem  what is wrong
 * @param handling {@code skipped} (the row is not imported) or the fix applied (e.g. a fresh QR code)
 */
public record Problem(String source, String key, String problem, String handling) {
    public boolean skipped() {
        return handling.startsWith("skipped");
    }

    @Override
    public String toString() {
        return String.format("%-22s %-38s %s -> %s", source, key, problem, handling);
    }
}
