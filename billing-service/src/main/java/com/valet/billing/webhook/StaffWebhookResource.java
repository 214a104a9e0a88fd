package com.valet.billing.webhook;

import com.valet.web.Caller;
import com.valet.web.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Operators (any staff role): the Stripe events not processed yet, and replaying one from its stored payload. */
@Path("/staff/webhooks/stripe")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class StaffWebhookResource {
    /** Stripe's event ids: {@code evt_} and letters or digits; anything else cannot be stored, so is not found. */
    private static final java.util.regex.Pattern STRIPE_EVENT_ID = java.util.regex.Pattern.compile("evt_[A-Za-z0-9_]{1,250}");
    private static final Logger LOG = Logger.getLogger(StaffWebhookResource.class);

    private final StripeWebhooks webhooks;
    private final Caller caller;

    StaffWebhookResource(StripeWebhooks webhooks, Caller caller) {
        this.webhooks = webhooks;
        this.caller = caller;
    }

    public record Unprocessed(String eventId, String eventType, Instant stripeCreated, Instant receivedAt,
                              int attempts, String lastError) {
        static Unprocessed of(WebhookEvent row) {
            return new Unprocessed(row.eventId, row.eventType, row.stripeCreated, row.receivedAt, row.attempts,
                    row.lastError);
        }
    }

    public record Unprocesseds(List<Unprocessed> events) {
    }

    @GET
    @Operation(summary = "Stripe events received but not processed (failed ones carry attempts and last_error), oldest first")
    public Uni<Unprocesseds> unprocessed(@QueryParam("limit") @DefaultValue("100") int limit) {
        caller.requireStaff();
        return webhooks.unprocessed(Math.max(1, Math.min(limit, 500)))
                .map(rows -> new Unprocesseds(rows.stream().map(Unprocessed::of).toList()));
    }

    @POST
    @Path("/{eventId}/replay")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Process a stored Stripe event again (once: a processed event answers duplicate)")
    public Uni<StripeWebhookResource.Receipt> replay(@PathParam("eventId") String eventId) {
        caller.requireStaff();
        if (eventId == null || !STRIPE_EVENT_ID.matcher(eventId).matches()) {
            throw ProblemException.notFound("Stripe event " + (eventId == null ? "" : eventId.replace('\0', '?')));
        }
        String actor = caller.actor().toString();
        return webhooks.process(eventId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Stripe event " + eventId))
                .map(handled -> {
                    LOG.infof("Stripe event %s replayed by %s: %s (%s)", eventId, actor, handled.outcome(),
                            handled.detail());
                    return new StripeWebhookResource.Receipt(eventId, null, handled.outcome(), handled.detail());
                })
                .onFailure(ProcessingFailed.class).transform(failure -> new ProblemException(500,
                        "Internal Server Error", failure.getMessage(), null, Map.of("event_id", eventId)));
    }
}
