package com.valet.inventory.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.valet.devstack.DevStack;
import com.valet.devstack.testing.EventPublisher;
import com.valet.devstack.testing.TopicReader;
import com.valet.events.Address;
import com.valet.events.BookingConfirmed;
import com.valet.events.CloudEvent;
import com.valet.events.EventTypes;
import com.valet.events.ServiceType;
import com.valet.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static com.valet.inventory.item.ItemFixtures.item;
import static com.valet.inventory.item.ItemFixtures.token;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** One trace id follows a change: from the HTTP request into the event, and from a consumed event into the next. */
@QuarkusTest
class TraceContextTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theRequestsTraceGoesOutWithTheEventItCaused() throws Exception {
        UUID owner = UUID.randomUUID();
        String traceId = randomHex(16);
        String callerSpan = randomHex(8);
        String id = given().auth().oauth2(token(owner)).header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .contentType(ContentType.JSON).body(item(owner, "Kayak"))
                .post("/items").then().statusCode(201).extract().path("id");

        ConsumerRecord<String, String> created = firstMoveOf(id);
        assertEquals(traceId, traceIdOf(header(created)), "the record's traceparent header continues the request's trace");
        assertEquals(traceId, traceIdOf(JSON.readTree(created.value()).path("traceparent").asText()),
                "the CloudEvent keeps the trace it was appended in");
        assertNotEquals(callerSpan, spanIdOf(header(created)), "the producer span is a new span of that trace");
    }

    @Test
    void anEventAppliedByAConsumerPassesItsTraceToTheEventsItCauses() throws Exception {
        UUID owner = UUID.randomUUID();
        String id = given().auth().oauth2(token(owner)).contentType(ContentType.JSON).body(item(owner, "Canoe"))
                .post("/items").then().statusCode(201).extract().path("id");
        String traceId = randomHex(16);
        UUID action = UUID.randomUUID();
        Instant start = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        CloudEvent<BookingConfirmed> confirmed = CloudEvent.create(EventTypes.BOOKING_CONFIRMED, "/booking-service",
                action.toString(), new BookingConfirmed(action, owner, ServiceType.pickup, start,
                        start.plus(2, ChronoUnit.HOURS), List.of(UUID.fromString(id)), List.of(), List.of(),
                        new Address("1 Main St", null, "Austin", "TX", "78701"), null,
                        Instant.now().truncatedTo(ChronoUnit.MICROS)))
                .withTraceparent("00-" + traceId + "-" + randomHex(8) + "-01");
        try (EventPublisher publisher = new EventPublisher(DevStack.sharedForTests().kafka().bootstrapServers())) {
            publisher.publish(confirmed, Topics.BOOKING_CONFIRMED);
        }

        ConsumerRecord<String, String> scheduled = moveOf(id, "scheduled");
        assertEquals(traceId, traceIdOf(header(scheduled)));
        assertEquals(traceId, traceIdOf(JSON.readTree(scheduled.value()).path("traceparent").asText()));
    }

    private static ConsumerRecord<String, String> firstMoveOf(String itemId) {
        try (TopicReader reader = TopicReader.fromStart(DevStack.sharedForTests().kafka().bootstrapServers(),
                Topics.ITEM_MOVED)) {
            return reader.await(record -> record.value().contains(itemId), Duration.ofSeconds(30));
        }
    }

    private static ConsumerRecord<String, String> moveOf(String itemId, String toStatus) {
        try (TopicReader reader = TopicReader.fromStart(DevStack.sharedForTests().kafka().bootstrapServers(),
                Topics.ITEM_MOVED)) {
            return reader.await(record -> {
                try {
                    JsonNode data = JSON.readTree(record.value()).path("data");
                    return data.path("item_id").asText().equals(itemId) && data.path("to_status").asText().equals(toStatus);
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(60));
        }
    }

    private static String header(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("traceparent");
        assertNotNull(header, "record has a traceparent header");
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String traceIdOf(String traceparent) {
        return traceparent.split("-")[1];
    }

    private static String spanIdOf(String traceparent) {
        return traceparent.split("-")[2];
    }

    private static String randomHex(int bytes) {
        byte[] value = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(value);
        value[0] |= 1; // never all zeros, which W3C treats as invalid
        return HexFormat.of().formatHex(value);
    }
}
