package com.valet.billing.area;

import com.valet.billing.subscription.BillingCustomer;
import com.valet.billing.subscription.BillingStates;
import com.valet.events.CustomerAreaChanged;
import com.valet.events.EventTypes;
import com.valet.outbox.EventInbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Billing's copy of booking's out_of_service_area (decision 20), once per event: a payment by a customer out
 * of the service area is flagged for a manual refund. A customer not known to billing yet gets a row.
 */
@ApplicationScoped
public class CustomerAreaConsumer {
    static final String CONSUMER = "billing.customer-area";
    private static final String INSERT_IF_MISSING = "INSERT INTO customers (user_id, subscription_status, updated_at)"
            + " VALUES (:user, 'inactive', now()) ON CONFLICT (user_id) DO NOTHING";

    private final EventInbox inbox;

    CustomerAreaConsumer(EventInbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("customer-area-changed")
    public Uni<Void> onCustomerAreaChanged(ConsumerRecords<String, String> records) {
        return inbox.apply(CONSUMER, EventTypes.CUSTOMER_AREA_CHANGED, records, event -> {
            CustomerAreaChanged change = event.data();
            return Panache.getSession()
                    .chain(session -> session.createNativeQuery(INSERT_IF_MISSING)
                            .setParameter("user", change.customerId()).executeUpdate())
                    .chain(() -> BillingCustomer.<BillingCustomer>findById(change.customerId(), LockModeType.PESSIMISTIC_WRITE))
                    .invoke(customer -> BillingStates.applyArea(customer, change.outOfServiceArea(), change.changedAt()))
                    .replaceWithVoid();
        });
    }
}
