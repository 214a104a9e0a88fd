package com.valet.inventory.item;

import com.valet.events.ItemStatus;
import com.valet.web.ProblemException;

import java.util.Arrays;

/** Which of the caller's items a list shows; a null field does not filter. Tags match exactly. */
public record ItemFilter(ItemStatus status, String category, String tag) {

    static ItemStatus status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ItemStatus.valueOf(value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("status", "must be one of " + Arrays.toString(ItemStatus.values()));
        }
    }
}
