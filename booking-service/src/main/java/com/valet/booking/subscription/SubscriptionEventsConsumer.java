package com.valet.booking.subscription;

import com.valet.events.EventTypes;
import com.valet.events.PaymentReceived;
import com.valet.events.SubscriptionChanged;
import com.valet.events.SubscriptionStatus;
import com.valet.outbox.EventInbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/**
 * Billing's payment-received and subscription-changed both carry the subscription status; booking keeps
 * the newest per customer (by the time billing says it became true), once per event.
 */
@ApplicationScoped
public class SubscriptionEventsConsumer {
    static final String CONSUMER = "booking.customer-subscription";
    private static final Logger LOG = Logger.getLogger(SubscriptionEventsConsumer.class);

    private final EventInbox inbox;

    SubscriptionEventsConsumer(EventInbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("payment-received")
    public Uni<Void> onPaymentReceived(ConsumerRecords<String, String> records) {
        return inbox.apply(CONSUMER, EventTypes.PAYMENT_RECEIVED, records, event -> {
            PaymentReceived payment = event.data();
            return apply(payment.customerId(), payment.subscriptionStatus(), payment.subscriptionId(),
                    payment.stripeCustomerId(), payment.paidAt());
        });
    }

    @Incoming("subscription-changed")
    public Uni<Void> onSubscriptionChanged(ConsumerRecords<String, String> records) {
        return inbox.apply(CONSUMER, EventTypes.SUBSCRIPTION_CHANGED, records, event -> {
            SubscriptionChanged change = event.data();
            return apply(change.customerId(), change.subscriptionStatus(), change.subscriptionId(),
                    change.stripeCustomerId(), change.changedAt());
        });
    }

    Uni<Void> apply(UUID customerId, SubscriptionStatus status, String subscriptionId, String stripeCustomerId,
                    Instant asOf) {
        return CustomerSubscription.<CustomerSubscription>findById(customerId).chain(known -> {
            if (known != null && asOf.isBefore(known.asOf)) {
                LOG.infof("Ignoring an older subscription status for customer %s (%s, known from %s)",
                        customerId, asOf, known.asOf);
                return Uni.createFrom().voidItem();
            }
            CustomerSubscription subscription = known != null ? known : new CustomerSubscription();
            subscription.customerId = customerId;
            subscription.status = status;
            if (subscriptionId != null) {
                subscription.subscriptionId = subscriptionId;
            }
            subscription.stripeCustomerId = stripeCustomerId;
            subscription.asOf = asOf;
            subscription.updatedAt = Instant.now();
            return known != null ? Uni.createFrom().voidItem() : subscription.persist().replaceWithVoid();
        });
    }
}
