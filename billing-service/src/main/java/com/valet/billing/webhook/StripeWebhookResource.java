package com.valet.billing.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import com.valet.web.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Stripe's webhooks. No user token: the caller is authenticated by {@code Stripe-Signature} over the raw
 * body, read as bytes exactly as received and verified with stripe-java's {@link Webhook.Signature#verifyHeader}
 * (HMAC-SHA256 of "t.body", 300 s tolerance, what {@link Webhook#constructEvent} checks), then parsed once. A missing, malformed, wrong or stale signature is a 400
 * problem and nothing is written. A verified event is answered 200 once processed (or if it already
 * was); a processing failure is a 500, so Stripe retries it.
 */
@Path("/webhooks/stripe")
@PermitAll
public class StripeWebhookResource {
    static final String HEADER = "Stripe-Signature";
    private static final Logger LOG = Logger.getLogger(StripeWebhookResource.class);

    private final StripeWebhooks webhooks;
    private final MeterRegistry registry;
    private final String secret;
    private final long tolerance;
    private final ObjectMapper json;

    StripeWebhookResource(StripeWebhooks webhooks, MeterRegistry registry, ObjectMapper json,
                          @ConfigProperty(name = "valet.stripe.webhook-secret") String secret,
                          @ConfigProperty(name = "valet.stripe.webhook-tolerance-seconds") long tolerance) {
        this.webhooks = webhooks;
        this.registry = registry;
        this.secret = secret;
        this.tolerance = tolerance;
        this.json = json;
    }

    /** What billing did with the event. */
    public record Receipt(String eventId, String eventType, Handled.Outcome outcome, String detail) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Stripe webhook, verified by Stripe-Signature (400 if missing, wrong or older than 300 s);"
            + " processed once per event id; 500 if processing failed (Stripe retries)")
    public Uni<Receipt> receive(@HeaderParam(HEADER) String signature, byte[] body) {
        String payload = new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8);
        if (signature == null || signature.isBlank()) {
            count("unsigned", "rejected");
            throw ProblemException.badRequest(HEADER, "is required");
        }
        JsonNode event;
        try {
            // the signature over the exact bytes, without parsing them (Webhook.constructEvent would parse them
            // into a stripe-java Event nobody reads); then the one parse, into the tree the handlers read
            Webhook.Signature.verifyHeader(payload, signature, secret, tolerance);
        } catch (SignatureVerificationException e) {
            LOG.warnf("Refused a Stripe webhook: %s", e.getMessage());
            count("unverified", "rejected");
            throw ProblemException.badRequest(HEADER, "does not verify: " + e.getMessage());
        }
        try {
            event = json.readTree(payload);
        } catch (IOException | RuntimeException e) {
            count("unreadable", "rejected");
            throw ProblemException.badRequest("body", "is not a Stripe event");
        }
        JsonNode id = event == null ? null : event.get("id");
        JsonNode typeNode = event == null ? null : event.get("type");
        JsonNode created = event == null ? null : event.get("created");
        if (id == null || !id.isTextual() || typeNode == null || !typeNode.isTextual() || created == null
                || !created.isIntegralNumber()) {
            count("unreadable", "rejected");
            throw ProblemException.badRequest("body", "is not a Stripe event (id, type and created are required)");
        }
        String eventId = id.asText();
        String type = typeNode.asText();
        return webhooks.receive(new StripeWebhooks.Delivery(eventId, type, Instant.ofEpochSecond(created.asLong()),
                        payload, event))
                .map(handled -> {
                    LOG.infof("Stripe %s %s: %s (%s)", type, eventId, handled.outcome(), handled.detail());
                    count(type, handled.outcome().name());
                    return new Receipt(eventId, type, handled.outcome(), handled.detail());
                })
                .onFailure(ProcessingFailed.class).transform(failure -> {
                    count(type, "failed");
                    return new ProblemException(500, "Internal Server Error", "The event " + eventId
                            + " was recorded but could not be processed yet; it will be completed on retry.",
                            null, Map.of("event_id", eventId));
                });
    }

    private void count(String type, String outcome) {
        Counter.builder("valet.stripe.webhooks")
                .description("Stripe webhooks by event type and outcome (rejected: signature; failed: left for a retry)")
                .tag("type", type).tag("outcome", outcome).register(registry).increment();
    }
}
