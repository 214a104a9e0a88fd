package com.valet.inventory.claim;

/** What happened to the item. Lowercase constants: {@code name()} is the JSON and column value. */
public enum ClaimKind {
    damage,
    loss
}
