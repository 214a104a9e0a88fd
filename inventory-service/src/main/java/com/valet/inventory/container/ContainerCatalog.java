package com.valet.inventory.container;

import com.valet.web.IfMatch;
import com.valet.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The container types on offer, and their upkeep by staff. */
@ApplicationScoped
public class ContainerCatalog {

    @WithSession
    public Uni<List<ContainerType>> onOffer() {
        return ContainerType.<ContainerType>find("active = true order by priceCents, name").list();
    }

    @WithTransaction
    public Uni<ContainerType> create(ContainerTypeSpec spec) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ContainerType type = new ContainerType();
        type.id = UUID.randomUUID();
        type.createdAt = now;
        apply(type, spec, now);
        return requireUniqueName(type).chain(() -> type.<ContainerType>persist());
    }

    /** Replaces the definition if the caller holds the current version (If-Match). */
    @WithTransaction
    public Uni<ContainerType> replace(UUID id, long expectedVersion, ContainerTypeSpec spec) {
        return ContainerType.<ContainerType>findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("container type " + id))
                .chain(type -> {
                    IfMatch.requireCurrent("container type", type.version, expectedVersion);
                    apply(type, spec, Instant.now().truncatedTo(ChronoUnit.MICROS));
                    return requireUniqueName(type)
                            .chain(() -> Panache.getSession().chain(s -> s.flush()))
                            .replaceWith(type);
                });
    }

    private static Uni<Void> requireUniqueName(ContainerType type) {
        if (!type.active) {
            return Uni.createFrom().voidItem();
        }
        return ContainerType.count("lower(name) = lower(?1) and active = true and id <> ?2", type.name, type.id)
                .invoke(others -> {
                    if (others > 0) {
                        throw ProblemException.conflict("A container type named '" + type.name + "' is already on offer.",
                                Map.of("name", type.name));
                    }
                })
                .replaceWithVoid();
    }

    private static void apply(ContainerType type, ContainerTypeSpec spec, Instant now) {
        type.name = spec.name().strip();
        type.description = spec.description();
        type.lengthIn = spec.dimensionsIn().length();
        type.widthIn = spec.dimensionsIn().width();
        type.heightIn = spec.dimensionsIn().height();
        type.priceCents = spec.priceCents();
        type.currency = spec.currency() == null ? "usd" : spec.currency();
        type.active = spec.active() == null || spec.active();
        type.updatedAt = now;
    }
}
