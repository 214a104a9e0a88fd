package com.valet.booking.area;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A ZIP code the drivers serve. */
@Entity
@Table(name = "service_area")
public class ServiceArea extends PanacheEntityBase {
    @Id
    public String zip;

    public String city;
    public String state;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    /** Whether visits can happen at this ZIP; a missing ZIP (no address yet) is not served. */
    public static Uni<Boolean> serves(String zip) {
        if (zip == null) {
            return Uni.createFrom().item(false);
        }
        return ServiceArea.count("zip", zip).map(count -> count > 0);
    }
}
