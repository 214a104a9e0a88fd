package com.valet.inventory.move;

import com.valet.events.ItemStatus;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.UUID;

/** A staff member's move of an item: the new state, the booking action it belongs to, where it is now. */
public record MoveRequest(
        @NotNull ItemStatus toStatus,
        UUID actionId,
        @Pattern(regexp = "[A-Z0-9][A-Z0-9-]{0,31}", message = "must be a location code like A-12-3")
        String location) {
}
