package com.valet.ops.task;

import com.valet.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * The operations day: a board's {@code date} is a calendar day in the service area's time zone
 * ({@code valet.ops.time-zone}, Austin's by default), and a task belongs to the day its window starts.
 */
@ApplicationScoped
public class OpsCalendar {
    private final ZoneId zone;

    OpsCalendar(@ConfigProperty(name = "valet.ops.time-zone", defaultValue = "America/Chicago") String zone) {
        this.zone = ZoneId.of(zone);
    }

    public ZoneId zone() {
        return zone;
    }

    public LocalDate dateOf(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    public Instant startOf(LocalDate date) {
        return date.atStartOfDay(zone).toInstant();
    }

    /** The day a request names ({@code YYYY-MM-DD}), today without one; 400 naming {@code date} otherwise. */
    public LocalDate day(String date) {
        if (date == null || date.isBlank()) {
            return LocalDate.now(zone);
        }
        try {
            return LocalDate.parse(date.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("date", "must be a date (YYYY-MM-DD)");
        }
    }
}
