package com.valet.booking.area;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Keeps out_of_service_area true to the served ZIPs when admins change them. */
@ApplicationScoped
public class ServiceAreaChanges {
    private static final String REDERIVE = "UPDATE customer_profile SET out_of_service_area = :outOfArea,"
            + " updated_at = now() WHERE delivery_address ->> 'zip' = :zip AND out_of_service_area <> :outOfArea";

    /** Runs in the caller's transaction. */
    Uni<Integer> rederive(String zip, boolean served) {
        return Panache.getSession().chain(session -> session.createNativeQuery(REDERIVE)
                .setParameter("zip", zip)
                .setParameter("outOfArea", !served)
                .executeUpdate());
    }
}
