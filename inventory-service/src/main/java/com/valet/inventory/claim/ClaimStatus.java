package com.valet.inventory.claim;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Where a claim is in its review. Lowercase constants: {@code name()} is the JSON and column value. */
public enum ClaimStatus {
    open,
    approved,
    denied,
    paid;

    /** open -> approved | denied, approved -> paid; denied and paid are final. */
    private static final Map<ClaimStatus, Set<ClaimStatus>> NEXT = Map.of(
            open, EnumSet.of(approved, denied),
            approved, EnumSet.of(paid),
            denied, EnumSet.noneOf(ClaimStatus.class),
            paid, EnumSet.noneOf(ClaimStatus.class));

    /** Still being dealt with: an item has at most one such claim at a time. */
    static final Set<ClaimStatus> ACTIVE = EnumSet.of(open, approved);

    boolean canBecome(ClaimStatus next) {
        return NEXT.get(this).contains(next);
    }
}
