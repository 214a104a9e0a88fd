package com.valet.booking.action;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The seed's status flow: pending_items -> pending_confirmation -> confirmed -> in_progress -> completed,
 * or canceled from anything before in_progress. Lowercase: {@code name()} is the stored and wire value.
 */
public enum ActionStatus {
    pending_items, pending_confirmation, confirmed, in_progress, completed, canceled;

    private static final Map<ActionStatus, Set<ActionStatus>> NEXT = Map.of(
            pending_items, EnumSet.of(pending_confirmation, canceled),
            pending_confirmation, EnumSet.of(pending_items, confirmed, canceled),
            confirmed, EnumSet.of(confirmed, in_progress, canceled), // confirmed again: rescheduled
            in_progress, EnumSet.of(completed),
            completed, EnumSet.noneOf(ActionStatus.class),
            canceled, EnumSet.noneOf(ActionStatus.class));

    /** The two statuses of the seed's "pending actions" query. */
    public static final Set<ActionStatus> PENDING = EnumSet.of(pending_items, pending_confirmation);

    public boolean canBecome(ActionStatus next) {
        return NEXT.get(this).contains(next);
    }
}
