package com.valet.inventory.item;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Year;
import java.time.ZoneOffset;

/** Hands out QR labels {@code SV-YYYY-NNNNNN} from a per-year counter; see V1__items.sql for why it is safe. */
@ApplicationScoped
public class QrCodes {
    private static final String NEXT = "INSERT INTO qr_counter (year, last_value) VALUES (:year, 1)"
            + " ON CONFLICT (year) DO UPDATE SET last_value = qr_counter.last_value + 1 RETURNING last_value";

    /** Must run in the transaction that stores the item, so a rolled-back item gives its number back. */
    public Uni<String> next() {
        int year = Year.now(ZoneOffset.UTC).getValue();
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(NEXT, Integer.class)
                        .setParameter("year", year)
                        .getSingleResult())
                .map(n -> format(year, n));
    }

    static String format(int year, int number) {
        return String.format("SV-%04d-%06d", year, number);
    }
}
