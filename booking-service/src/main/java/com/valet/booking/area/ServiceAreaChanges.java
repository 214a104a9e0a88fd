package com.valet.booking.area;

import com.valet.booking.profile.CustomerAreas;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Keeps out_of_service_area true to the served ZIPs when admins change them, and announces each profile
 * whose flag changed (a new version of the profile, so its ETag changes too).
 */
@ApplicationScoped
public class ServiceAreaChanges {
    private static final String REDERIVE = "UPDATE customer_profile SET out_of_service_area = :outOfArea,"
            + " updated_at = now(), version = version + 1"
            + " WHERE delivery_address ->> 'zip' = :zip AND out_of_service_area <> :outOfArea"
            + " RETURNING user_id, updated_at";

    private final CustomerAreas areas;

    ServiceAreaChanges(CustomerAreas areas) {
        this.areas = areas;
    }

    /** Runs in the caller's transaction; answers how many profiles changed. */
    Uni<Integer> rederive(String zip, boolean served) {
        return Panache.getSession().chain(session -> session.createNativeQuery(REDERIVE, Object[].class)
                        .setParameter("zip", zip)
                        .setParameter("outOfArea", !served)
                        .getResultList())
                .chain(rows -> Multi.createFrom().iterable(rows)
                        .onItem().transformToUniAndConcatenate(row -> areas.announce((UUID) row[0], zip, !served, instant(row[1])))
                        .collect().asList()
                        .map(List::size));
    }

    private static Instant instant(Object value) {
        return value instanceof OffsetDateTime time ? time.toInstant() : (Instant) value;
    }
}
