package com.valet.booking.calendly;

import com.fasterxml.jackson.databind.JsonNode;
import com.valet.booking.calendly.CalendlyWebhook.Outcome;
import com.valet.booking.calendly.CalendlyWebhooks.Result;
import com.valet.web.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/**
 * Calendly's invitee webhooks. No user token: the caller is authenticated by the signature over the raw
 * body, which is therefore read as bytes, exactly as received, and only parsed once verified. A missing,
 * malformed, wrong or stale signature is a 401 and nothing is written. Any verified webhook is answered
 * 200 with what it did (Calendly retries anything else for a day), except a body that is not an invitee
 * webhook at all (400).
 */
@Path("/webhooks/calendly")
@PermitAll
public class CalendlyWebhookResource {
    /** The challenge of a 401 here: a signature, not a Bearer token, is what is missing. */
    static final String CHALLENGE = "Calendly-Webhook-Signature";
    private static final Logger LOG = Logger.getLogger(CalendlyWebhookResource.class);

    private final CalendlySignature signatures;
    private final CalendlyWebhooks webhooks;
    private final MeterRegistry registry;

    CalendlyWebhookResource(CalendlySignature signatures, CalendlyWebhooks webhooks, MeterRegistry registry) {
        this.signatures = signatures;
        this.webhooks = webhooks;
        this.registry = registry;
    }

    /** What the webhook did: {@code outcome} as in the log, the action it was applied to, and why. */
    public record Receipt(Outcome outcome, UUID actionId, String detail) {
        static Receipt of(Result result) {
            return new Receipt(result.outcome(), result.actionId(), result.detail());
        }
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Calendly invitee.created / invitee.canceled webhook, verified by Calendly-Webhook-Signature"
            + " (401 if missing, malformed, wrong or stale); applied once per (event, invitee)")
    public Uni<Receipt> receive(@HeaderParam(CalendlySignature.HEADER) String signature, byte[] body,
                                @Context HttpServerResponse response) {
        byte[] raw = body == null ? new byte[0] : body;
        CalendlySignature.Rejection rejection = signatures.check(signature, raw, Instant.now());
        if (rejection != null) {
            LOG.warnf("Refused a Calendly webhook: signature %s", rejection);
            response.headers().set(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
            throw ProblemException.unauthorized(rejection.detail);
        }
        JsonNode root = InviteeWebhook.read(raw);
        String event = InviteeWebhook.eventOf(root);
        if (!InviteeWebhook.CREATED.equals(event) && !InviteeWebhook.CANCELED.equals(event)) {
            LOG.infof("Ignoring a Calendly %s webhook: booking subscribes to invitee.created and invitee.canceled only",
                    event);
            count("other", Outcome.ignored);
            return Uni.createFrom().item(new Receipt(Outcome.ignored, null, "booking does not use " + (event == null ? "a webhook without an event" : event)));
        }
        InviteeWebhook webhook = InviteeWebhook.of(root, raw);
        return webhooks.handle(webhook).invoke(result -> {
            CalendlyWebhooks.log(webhook, result);
            count(webhook.event(), result.outcome());
        }).map(Receipt::of);
    }

    private void count(String event, Outcome outcome) {
        Counter.builder("valet.calendly.webhooks")
                .description("Verified Calendly webhooks by event and outcome (unmatched: no action to apply it to)")
                .tag("event", event).tag("outcome", outcome.name()).register(registry).increment();
    }
}
