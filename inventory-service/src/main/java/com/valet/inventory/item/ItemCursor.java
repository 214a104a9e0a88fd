package com.valet.inventory.item;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Position in a list ordered by (created_at, id): a customer's newest-first items or claims, the staff's
 * oldest-first claim queue. Opaque to clients, stable under inserts.
 */
public record ItemCursor(Instant createdAt, UUID id) {

    static ItemCursor after(Item item) {
        return new ItemCursor(item.createdAt, item.id);
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Empty when the text is not a cursor this service issued. */
    public static Optional<ItemCursor> decode(String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 2) {
                return Optional.empty();
            }
            return Optional.of(new ItemCursor(Instant.parse(parts[0]), UUID.fromString(parts[1])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
