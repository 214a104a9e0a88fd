package com.valet.booking.action;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.UUID;

/**
 * The Calendly page where a customer picks the slot of a visit. The action id travels as the
 * {@code utm_content} tracking parameter, which Calendly hands back in the invitee webhook: that is how a
 * Calendly booking is matched to its action (docs/booking.md).
 */
@ApplicationScoped
public class SchedulingLinks {
    public static final String TRACKING_PARAMETER = "utm_content";

    private final String schedulingUrl;

    SchedulingLinks(@ConfigProperty(name = "valet.calendly.scheduling-url") String schedulingUrl) {
        this.schedulingUrl = schedulingUrl;
    }

    public String forAction(UUID actionId) {
        return schedulingUrl + (schedulingUrl.contains("?") ? "&" : "?") + TRACKING_PARAMETER + "=" + actionId;
    }
}
