package com.valet.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each record refuses invalid values at construction, naming the wire field. */
class PayloadValidationTest {

    private static final UUID ID = UUID.randomUUID();
    private static final Instant NOW = Instant.parse("2026-11-23T19:14:05Z");
    private static final Address ADDRESS = new Address("12 Main St", null, "Austin", "TX", "78701");

    private static void assertRejected(String expectedMessage, Executable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(e.getMessage().contains(expectedMessage),
                () -> "'" + e.getMessage() + "' should contain '" + expectedMessage + "'");
    }

    @Test
    void itemMovedRequiresItsFields() {
        Actor actor = Actor.system();
        assertRejected("item_id is required", () -> new ItemMoved(null, ID, "SV-2026-000001", null, ItemStatus.home, null, actor, NOW));
        assertRejected("owner_id is required", () -> new ItemMoved(ID, null, "SV-2026-000001", null, ItemStatus.home, null, actor, NOW));
        assertRejected("qr_code is required", () -> new ItemMoved(ID, ID, null, null, ItemStatus.home, null, actor, NOW));
        assertRejected("qr_code must not be blank", () -> new ItemMoved(ID, ID, " ", null, ItemStatus.home, null, actor, NOW));
        assertRejected("qr_code must match", () -> new ItemMoved(ID, ID, "SV-26-1", null, ItemStatus.home, null, actor, NOW));
        assertRejected("to_status is required", () -> new ItemMoved(ID, ID, "SV-2026-000001", null, null, null, actor, NOW));
        assertRejected("actor is required", () -> new ItemMoved(ID, ID, "SV-2026-000001", null, ItemStatus.home, null, null, NOW));
        assertRejected("moved_at is required", () -> new ItemMoved(ID, ID, "SV-2026-000001", null, ItemStatus.home, null, actor, null));
    }

    @Test
    void actorNeedsARoleAndAnIdUnlessSystem() {
        assertRejected("role is required", () -> new Actor(ID, null));
        assertRejected("id is required unless role is system", () -> new Actor(null, ActorRole.driver));
        assertEquals(ActorRole.system, new Actor(null, ActorRole.system).role());
    }

    @Test
    void bookingConfirmedRequiresItsFields() {
        Instant end = NOW.plusSeconds(3600);
        ServiceType pickup = ServiceType.pickup;
        assertRejected("action_id is required", () -> new BookingConfirmed(null, ID, pickup, NOW, end, null, null, null, ADDRESS, null, NOW));
        assertRejected("customer_id is required", () -> new BookingConfirmed(ID, null, pickup, NOW, end, null, null, null, ADDRESS, null, NOW));
        assertRejected("service_type is required", () -> new BookingConfirmed(ID, ID, null, NOW, end, null, null, null, ADDRESS, null, NOW));
        assertRejected("scheduled_start is required", () -> new BookingConfirmed(ID, ID, pickup, null, end, null, null, null, ADDRESS, null, NOW));
        assertRejected("scheduled_end is required", () -> new BookingConfirmed(ID, ID, pickup, NOW, null, null, null, null, ADDRESS, null, NOW));
        assertRejected("scheduled_end must be after scheduled_start", () -> new BookingConfirmed(ID, ID, pickup, NOW, NOW, null, null, null, ADDRESS, null, NOW));
        assertRejected("address is required", () -> new BookingConfirmed(ID, ID, pickup, NOW, end, null, null, null, null, null, NOW));
        assertRejected("confirmed_at is required", () -> new BookingConfirmed(ID, ID, pickup, NOW, end, null, null, null, ADDRESS, null, null));
        assertRejected("pickup_item_ids must not contain null", () -> new BookingConfirmed(ID, ID, pickup, NOW, end,
                Arrays.asList(ID, null), null, null, ADDRESS, null, NOW));
    }

    @Test
    void bookingConfirmedListsDefaultToEmptyAndAreImmutableCopies() {
        List<UUID> pickups = new ArrayList<>(List.of(ID));
        BookingConfirmed booking = new BookingConfirmed(ID, ID, ServiceType.pickup, NOW, NOW.plusSeconds(60),
                pickups, null, null, ADDRESS, null, NOW);
        pickups.clear();
        assertEquals(List.of(ID), booking.pickupItemIds());
        assertEquals(List.of(), booking.deliveryItemIds());
        assertEquals(List.of(), booking.containers());
        assertThrows(UnsupportedOperationException.class, () -> booking.pickupItemIds().add(ID));
    }

    @Test
    void containerOrderAndAddressValidate() {
        assertRejected("container_type_id is required", () -> new ContainerOrder(null, 1));
        assertRejected("quantity must be at least 1", () -> new ContainerOrder(ID, 0));
        assertRejected("street must not be blank", () -> new Address("", null, "Austin", "TX", "78701"));
        assertRejected("city is required", () -> new Address("1 A St", null, null, "TX", "78701"));
        assertRejected("state is required", () -> new Address("1 A St", null, "Austin", null, "78701"));
        assertRejected("zip must not be blank", () -> new Address("1 A St", "4B", "Austin", "TX", " "));
    }

    @Test
    void paymentReceivedRequiresItsFields() {
        SubscriptionStatus active = SubscriptionStatus.active;
        assertRejected("customer_id is required", () -> new PaymentReceived(null, "cus_1", "evt_1", null, active, 100, "usd", NOW));
        assertRejected("stripe_customer_id must not be blank", () -> new PaymentReceived(ID, "", "evt_1", null, active, 100, "usd", NOW));
        assertRejected("stripe_event_id is required", () -> new PaymentReceived(ID, "cus_1", null, null, active, 100, "usd", NOW));
        assertRejected("subscription_status is required", () -> new PaymentReceived(ID, "cus_1", "evt_1", null, null, 100, "usd", NOW));
        assertRejected("amount_cents must not be negative", () -> new PaymentReceived(ID, "cus_1", "evt_1", null, active, -1, "usd", NOW));
        assertRejected("currency is required", () -> new PaymentReceived(ID, "cus_1", "evt_1", null, active, 100, null, NOW));
        assertRejected("currency must be a 3-letter lowercase ISO code", () -> new PaymentReceived(ID, "cus_1", "evt_1", null, active, 100, "USD", NOW));
        assertRejected("paid_at is required", () -> new PaymentReceived(ID, "cus_1", "evt_1", null, active, 100, "usd", null));
        assertEquals(0, new PaymentReceived(ID, "cus_1", "evt_1", null, active, 0, "eur", NOW).amountCents());
        assertRejected("changed_at is required", () -> new SubscriptionChanged(ID, "cus_1", "evt_1", null, active, null, null));
        assertRejected("subscription_status is required", () -> new SubscriptionChanged(ID, "cus_1", "evt_1", null, null, null, NOW));
        assertRejected("stripe_event_id is required", () -> new SubscriptionChanged(ID, "cus_1", null, null, active, null, NOW));
    }

    @Test
    void customerAreaChangedRequiresTheCustomerAndTheTime() {
        assertRejected("customer_id is required", () -> new CustomerAreaChanged(null, "10001", true, Samples.TIME));
        assertRejected("changed_at is required", () -> new CustomerAreaChanged(Samples.OWNER_ID, "10001", true, null));
    }

    @Test
    void onlyActiveAndTrialingSubscriptionsAllowBooking() {
        for (SubscriptionStatus status : SubscriptionStatus.values()) {
            boolean expected = status == SubscriptionStatus.active || status == SubscriptionStatus.trialing;
            assertEquals(expected, status.allowsBooking(), status.name());
        }
    }
}
