package com.valet.booking.subscription;

import com.valet.events.EventTypes;
import com.valet.events.PaymentReceived;
import com.valet.outbox.EventInbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Instant;

/** payment-received carries the subscription status; booking keeps the newest per customer, once per event. */
@ApplicationScoped
public class PaymentReceivedConsumer {
    static final String CONSUMER = "booking.customer-subscription";
    private static final Logger LOG = Logger.getLogger(PaymentReceivedConsumer.class);

    private final EventInbox inbox;

    PaymentReceivedConsumer(EventInbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("payment-received")
    public Uni<Void> onPaymentReceived(ConsumerRecord<String, String> record) {
        return inbox.apply(CONSUMER, EventTypes.PAYMENT_RECEIVED, record, event -> apply(event.data()));
    }

    Uni<Void> apply(PaymentReceived payment) {
        return CustomerSubscription.<CustomerSubscription>findById(payment.customerId()).chain(known -> {
            if (known != null && payment.paidAt().isBefore(known.asOf)) {
                LOG.infof("Ignoring an older subscription status for customer %s (%s, known from %s)",
                        payment.customerId(), payment.paidAt(), known.asOf);
                return Uni.createFrom().voidItem();
            }
            CustomerSubscription subscription = known != null ? known : new CustomerSubscription();
            subscription.customerId = payment.customerId();
            subscription.status = payment.subscriptionStatus();
            if (payment.subscriptionId() != null) {
                subscription.subscriptionId = payment.subscriptionId();
            }
            subscription.stripeCustomerId = payment.stripeCustomerId();
            subscription.asOf = payment.paidAt();
            subscription.updatedAt = Instant.now();
            return known != null ? Uni.createFrom().voidItem() : subscription.persist().replaceWithVoid();
        });
    }
}
