package com.valet.billing.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.valet.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Every call billing makes to the Stripe API, through stripe-java with timeouts, network retries and an
 * idempotency key on each create. stripe-java blocks: each call runs on a worker thread and its result
 * comes back on the caller's Vert.x context, never inside an open database transaction. The API key is
 * configuration (prod: {@code STRIPE_API_KEY}) and is never logged.
 */
@ApplicationScoped
public class StripeGateway {
    private static final Logger LOG = Logger.getLogger(StripeGateway.class);

    private final StripeClient client;
    private final Vertx vertx;
    private final String priceId;
    private final String successUrl;
    private final String cancelUrl;
    private final String portalReturnUrl;

    StripeGateway(Vertx vertx,
                  @ConfigProperty(name = "valet.stripe.api-key") String apiKey,
                  @ConfigProperty(name = "valet.stripe.api-base") String apiBase,
                  @ConfigProperty(name = "valet.stripe.connect-timeout-ms") int connectTimeout,
                  @ConfigProperty(name = "valet.stripe.read-timeout-ms") int readTimeout,
                  @ConfigProperty(name = "valet.stripe.max-network-retries") int retries,
                  @ConfigProperty(name = "valet.stripe.price-id") String priceId,
                  @ConfigProperty(name = "valet.stripe.success-url") String successUrl,
                  @ConfigProperty(name = "valet.stripe.cancel-url") String cancelUrl,
                  @ConfigProperty(name = "valet.stripe.portal-return-url") String portalReturnUrl) {
        this.vertx = vertx;
        this.client = StripeClient.builder().setApiKey(apiKey).setApiBase(apiBase)
                .setConnectTimeout(connectTimeout).setReadTimeout(readTimeout).setMaxNetworkRetries(retries).build();
        this.priceId = priceId;
        this.successUrl = successUrl;
        this.cancelUrl = cancelUrl;
        this.portalReturnUrl = portalReturnUrl;
    }

    /**
     * Creates the Stripe customer of a user. The idempotency key is derived from the user id, so two
     * concurrent first checkouts of the same user create one Stripe customer.
     */
    public Uni<String> createCustomer(UUID userId, String email) {
        return blocking("create a customer", () -> {
            CustomerCreateParams.Builder params = CustomerCreateParams.builder()
                    .putMetadata("user_id", userId.toString());
            if (email != null) {
                params.setEmail(email);
            }
            Customer customer = client.v1().customers().create(params.build(),
                    idempotent("valet-customer-" + userId));
            return customer.getId();
        });
    }

    /** A Checkout Session for the subscription price; the key is the caller's (or one per attempt). */
    public Uni<Checkout> createCheckout(UUID userId, String stripeCustomerId, String idempotencyKey) {
        return blocking("create a checkout session", () -> {
            SessionCreateParams params = SessionCreateParams.builder()
                    .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                    .setCustomer(stripeCustomerId)
                    .setClientReferenceId(userId.toString())
                    .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
                    .setSuccessUrl(successUrl)
                    .setCancelUrl(cancelUrl)
                    .putMetadata("user_id", userId.toString())
                    .setSubscriptionData(SessionCreateParams.SubscriptionData.builder()
                            .putMetadata("user_id", userId.toString()).build())
                    .build();
            Session session = client.v1().checkout().sessions().create(params,
                    idempotent("valet-checkout-" + userId + "-" + idempotencyKey));
            return new Checkout(session.getId(), session.getUrl());
        });
    }

    /** A Billing Portal session where the customer manages payment methods, invoices and cancellation. */
    public Uni<String> createPortal(String stripeCustomerId, String idempotencyKey) {
        return blocking("create a billing portal session", () -> client.v1().billingPortal().sessions().create(
                com.stripe.param.billingportal.SessionCreateParams.builder().setCustomer(stripeCustomerId)
                        .setReturnUrl(portalReturnUrl).build(),
                idempotent("valet-portal-" + stripeCustomerId + "-" + idempotencyKey)).getUrl());
    }

    public record Checkout(String sessionId, String url) {
    }

    private static RequestOptions idempotent(String key) {
        return RequestOptions.builder().setIdempotencyKey(key).build();
    }

    private <T> Uni<T> blocking(String what, Callable<T> call) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                return call.call();
            } catch (StripeException e) {
                LOG.warnf("Stripe refused to %s: %s (status %s, request %s)", what, e.getClass().getSimpleName(),
                        e.getStatusCode(), e.getRequestId());
                throw new ProblemException(502, "Bad Gateway", "Stripe could not " + what + " just now; try again.",
                        null, Map.of());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }), false);
    }
}
