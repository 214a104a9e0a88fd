package com.valet.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An item changed physical state. Key: {@code item_id}.
 *
 * @param fromStatus null when the item was just catalogued
 * @param actionId   the booking action this move belongs to, null for moves outside a booking
 * @param location   warehouse location code where the item now is (e.g. {@code A-12-3}), when stored;
 *                   added in schema version 1 as an optional field, so older consumers ignore it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemMoved(
        UUID itemId,
        UUID ownerId,
        String qrCode,
        ItemStatus fromStatus,
        ItemStatus toStatus,
        UUID actionId,
        Actor actor,
        Instant movedAt,
        String location) {

    /** The label format the warehouse scans (seed: {@code SV-YYYY-NNNNNN}). */
    public static final Pattern QR_CODE_FORMAT = Pattern.compile("SV-\\d{4}-\\d{6}");

    public ItemMoved {
        Require.notNull(itemId, "item_id");
        Require.notNull(ownerId, "owner_id");
        Require.notBlank(qrCode, "qr_code");
        if (!QR_CODE_FORMAT.matcher(qrCode).matches()) {
            throw new IllegalArgumentException("qr_code must match SV-YYYY-NNNNNN but was '" + qrCode + "'");
        }
        Require.notNull(toStatus, "to_status");
        Require.notNull(actor, "actor");
        Require.notNull(movedAt, "moved_at");
    }

    /** A move with no warehouse location (cataloguing, scheduling, transit). */
    public ItemMoved(UUID itemId, UUID ownerId, String qrCode, ItemStatus fromStatus, ItemStatus toStatus,
                     UUID actionId, Actor actor, Instant movedAt) {
        this(itemId, ownerId, qrCode, fromStatus, toStatus, actionId, actor, movedAt, null);
    }
}
