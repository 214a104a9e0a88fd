package com.valet.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way a record can be poison; each must surface as InvalidEventException with a telling reason. */
class EventCodecRejectionTest {

    private final EventCodec codec = new EventCodec();

    /** A valid payment-received event, altered by {@code change}. */
    private String payment(Consumer<ObjectNode> change) {
        try {
            ObjectNode node = (ObjectNode) codec.mapper().readTree(codec.encode(Samples.envelope(
                    EventTypes.PAYMENT_RECEIVED, "/billing-service", Samples.OWNER_ID.toString(),
                    Samples.paymentReceived())));
            change.accept(node);
            return codec.mapper().writeValueAsString(node);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String rejected(String json) {
        return assertThrows(InvalidEventException.class, () -> codec.decode(json, EventTypes.PAYMENT_RECEIVED))
                .getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "'" + message + "' should mention '" + part + "'");
        }
    }

    @Test
    void untouchedSampleDecodes() {
        assertEquals(Samples.paymentReceived(), codec.decode(payment(n -> { }), EventTypes.PAYMENT_RECEIVED).data());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"specversion\":", "{} trailing", "[1,2]", "\"text\"", "", "   "})
    void rejectsTextThatIsNotAJsonObject(String text) {
        assertMentions(rejected(text), "event");
    }

    @Test
    void rejectsNullRecordValue() {
        assertMentions(rejected(null), "empty");
    }

    @Test
    void rejectsOtherSpecVersion() {
        assertMentions(rejected(payment(n -> n.put("specversion", "0.3"))), "specversion", "0.3");
        assertMentions(rejected(payment(n -> n.remove("specversion"))), "specversion", "missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "source", "type", "subject"})
    void rejectsMissingOrBlankRequiredAttribute(String attribute) {
        assertMentions(rejected(payment(n -> n.remove(attribute))), attribute, "required");
        assertMentions(rejected(payment(n -> n.put(attribute, " "))), attribute, "blank");
        assertMentions(rejected(payment(n -> n.put(attribute, 42))), attribute, "string");
    }

    @Test
    void rejectsIdThatIsNotAUuid() {
        assertMentions(rejected(payment(n -> n.put("id", "evt-1"))), "id", "UUID");
    }

    @Test
    void rejectsMissingOrMalformedTime() {
        assertMentions(rejected(payment(n -> n.remove("time"))), "time", "required");
        assertMentions(rejected(payment(n -> n.put("time", "yesterday"))), "time", "RFC 3339");
    }

    @Test
    void acceptsTimeWithOffset() {
        CloudEvent<PaymentReceived> event = codec.decode(
                payment(n -> n.put("time", "2026-11-23T20:14:05.123456+01:00")), EventTypes.PAYMENT_RECEIVED);
        assertEquals(Samples.TIME, event.time());
    }

    @Test
    void rejectsUnexpectedType() {
        String message = rejected(payment(n -> n.put("type", EventTypes.ITEM_MOVED.type())));
        assertMentions(message, EventTypes.ITEM_MOVED.type(), EventTypes.PAYMENT_RECEIVED.type());
    }

    @Test
    void rejectsNewerSchemaVersion() {
        assertMentions(rejected(payment(n -> n.put("schemaversion", 2))), "schemaversion 2", "newer", "1");
    }

    @Test
    void rejectsSchemaVersionBelowOneOrMissingOrNotInteger() {
        assertMentions(rejected(payment(n -> n.put("schemaversion", 0))), "schemaversion", "at least 1");
        assertMentions(rejected(payment(n -> n.put("schemaversion", -3))), "schemaversion", "at least 1");
        assertMentions(rejected(payment(n -> n.remove("schemaversion"))), "schemaversion", "required");
        assertMentions(rejected(payment(n -> n.put("schemaversion", 1.5))), "schemaversion", "integer");
    }

    @Test
    void acceptsSchemaVersionWrittenAsString() {
        assertEquals(1, codec.decode(payment(n -> n.put("schemaversion", "1")), EventTypes.PAYMENT_RECEIVED)
                .schemaversion());
    }

    @Test
    void rejectsMissingData() {
        assertMentions(rejected(payment(n -> n.remove("data"))), "data", "required");
        assertMentions(rejected(payment(n -> n.putNull("data"))), "data", "required");
    }

    @Test
    void rejectsDataThatDoesNotBind() {
        assertMentions(rejected(payment(n -> n.put("data", "a string"))), "data does not match");
        assertMentions(rejected(payment(n -> ((ObjectNode) n.get("data")).put("subscription_status", "ACTIVE"))),
                "data does not match", "at data.subscription_status", "ACTIVE");
        assertMentions(rejected(payment(n -> ((ObjectNode) n.get("data")).put("paid_at", "soon"))),
                "data does not match");
    }

    @Test
    void rejectsDataThatFailsValidationAndNamesTheField() {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> codec.decode(
                payment(n -> ((ObjectNode) n.get("data")).remove("stripe_event_id")), EventTypes.PAYMENT_RECEIVED));
        assertMentions(e.getMessage(), "invalid data", "stripe_event_id is required");
        assertInstanceOf(Exception.class, e.getCause(), "keeps the cause for the dead-letter-cause header");

        assertMentions(rejected(payment(n -> ((ObjectNode) n.get("data")).put("currency", "USD"))), "currency");
        assertMentions(rejected(payment(n -> ((ObjectNode) n.get("data")).put("amount_cents", -1))), "amount_cents");
    }

    @Test
    void nestedValidationFailureNamesThePath() throws Exception {
        ObjectNode node = (ObjectNode) codec.mapper().readTree(codec.encode(Samples.envelope(
                EventTypes.BOOKING_CONFIRMED, "/booking-service", Samples.ACTION_ID.toString(),
                Samples.bookingConfirmed())));
        ((ObjectNode) node.at("/data/containers/0")).put("quantity", 0);
        String message = assertThrows(InvalidEventException.class,
                () -> codec.decode(node.toString(), EventTypes.BOOKING_CONFIRMED)).getMessage();
        assertMentions(message, "data.containers[0]", "quantity must be at least 1");
    }

    @Test
    void rejectsAbsentPrimitiveInsteadOfReadingZero() {
        assertMentions(rejected(payment(n -> ((ObjectNode) n.get("data")).remove("amount_cents"))), "amount_cents");
    }

    @Test
    void ignoresUnknownFieldsAsATolerantReader() {
        CloudEvent<PaymentReceived> event = codec.decode(payment(n -> {
            n.put("someextension", "x");
            ((ObjectNode) n.get("data")).put("invoice_id", "in_123");
        }), EventTypes.PAYMENT_RECEIVED);
        assertEquals(Samples.paymentReceived(), event.data());
    }

    @Test
    void decodeEnvelopeAppliesTheTypeIndependentChecks() {
        assertThrows(InvalidEventException.class, () -> codec.decodeEnvelope("nope"));
        assertThrows(InvalidEventException.class, () -> codec.decodeEnvelope(payment(n -> n.remove("subject"))));
        // Type and schema checks need an expected type, so the envelope alone passes them.
        assertEquals(7, codec.decodeEnvelope(payment(n -> n.put("schemaversion", 7))).schemaversion());
    }
}
