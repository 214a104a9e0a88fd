package com.valet.inventory.move;

import com.valet.events.ItemStatus;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static com.valet.events.ItemStatus.home;
import static com.valet.events.ItemStatus.in_transit;
import static com.valet.events.ItemStatus.scheduled;
import static com.valet.events.ItemStatus.stored;

/**
 * The physical life of an item: home -> scheduled -> in_transit -> stored -> scheduled -> in_transit ->
 * home, plus cancellations, which send a scheduled item back where it is: home before the company ever
 * held it, stored after.
 */
final class MoveRules {
    private static final Map<ItemStatus, Set<ItemStatus>> NEXT = Map.of(
            home, EnumSet.of(scheduled),
            scheduled, EnumSet.of(in_transit, home, stored),
            in_transit, EnumSet.of(stored, home),
            stored, EnumSet.of(scheduled));

    private MoveRules() {
    }

    /** @param heldBefore whether the company has held the item before ({@code physical_locked_at} set) */
    static boolean allowed(ItemStatus from, ItemStatus to, boolean heldBefore) {
        if (!NEXT.get(from).contains(to)) {
            return false;
        }
        if (from == scheduled && to == home) {
            return !heldBefore; // a canceled pickup: the item never left
        }
        if (from == scheduled && to == stored) {
            return heldBefore; // a canceled redelivery: the item never left the warehouse
        }
        return true;
    }

    /** The company holds the item from the moment a driver has it. */
    static boolean inCompanyHands(ItemStatus status) {
        return status == in_transit || status == stored;
    }
}
