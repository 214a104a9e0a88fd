package com.valet.inventory.container;

import com.valet.inventory.item.NewItem;

import java.util.UUID;

public record ContainerTypeView(UUID id, String name, String description, NewItem.Dimensions dimensionsIn,
                                int priceCents, String currency, boolean active) {
    static ContainerTypeView of(ContainerType type) {
        return new ContainerTypeView(type.id, type.name, type.description,
                new NewItem.Dimensions(type.lengthIn, type.widthIn, type.heightIn), type.priceCents, type.currency,
                type.active);
    }
}
