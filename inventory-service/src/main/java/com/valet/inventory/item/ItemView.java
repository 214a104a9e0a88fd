package com.valet.inventory.item;

import com.valet.events.ItemStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An item as its owner sees it. */
public record ItemView(
        UUID id,
        String label,
        String description,
        String category,
        ItemStatus status,
        List<String> photoPaths,
        String qrCode,
        BigDecimal weightLbs,
        NewItem.Dimensions dimensionsIn,
        BigDecimal cubicFeet,
        List<String> tags,
        String locationCode,
        UUID currentActionId,
        Instant physicalLockedAt,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public static ItemView of(Item item) {
        NewItem.Dimensions dimensions = item.lengthIn == null ? null
                : new NewItem.Dimensions(item.lengthIn, item.widthIn, item.heightIn);
        return new ItemView(item.id, item.label, item.description, item.category, item.status,
                List.of(item.photoPaths), item.qrCode, item.weightLbs, dimensions, item.cubicFeet,
                List.of(item.tags), item.locationCode, item.currentActionId,
                item.physicalLockedAt, item.createdAt, item.updatedAt, item.version);
    }

    /** A keyset page, newest first; {@code nextCursor} is null on the last page. */
    public record Page(List<ItemView> items, String nextCursor) {
    }
}
