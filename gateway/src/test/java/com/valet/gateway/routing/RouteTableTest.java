package com.valet.gateway.routing;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RouteTableTest {
    private static final Route BOOKING = Route.prefix("/api/booking", "booking");

    @Test
    void thePrefixIsStripped() {
        assertEquals("/actions/7", BOOKING.upstreamPath("/api/booking/actions/7"));
        assertEquals("/", BOOKING.upstreamPath("/api/booking"));
        assertEquals("/", BOOKING.upstreamPath("/api/booking/"));
    }

    @Test
    void aWebhookKeepsItsPath() {
        Route stripe = Route.exact("/webhooks/stripe", "billing", "/webhooks/stripe");
        assertEquals("/webhooks/stripe", stripe.upstreamPath("/webhooks/stripe"));
    }

    @Test
    void everyServiceGetsARouteAndTheWebhooksGoWhereTheyBelong() {
        var routes = RouteTable.of(Map.of("booking", service(), "billing", service(), "inventory", service(), "ops", service()));
        assertEquals(6, routes.size());
        assertEquals("booking", routes.stream().filter(r -> r.path().equals("/webhooks/calendly")).findFirst().orElseThrow().service());
        assertEquals("billing", routes.stream().filter(r -> r.path().equals("/webhooks/stripe")).findFirst().orElseThrow().service());
    }

    @Test
    void aServiceCannotTakeTheGatewaysOwnPath() {
        assertThrows(IllegalArgumentException.class, () -> RouteTable.of(Map.of("me", service())));
        assertThrows(IllegalArgumentException.class, () -> RouteTable.of(Map.of("Booking/x", service())));
    }

    @Test
    void aLocationIntoTheServiceBecomesTheGatewaysPath() {
        String origin = "http://127.0.0.1:8082";
        assertEquals("/api/booking/actions/7", ForwardedHeaders.rewriteLocation(origin + "/actions/7", origin, BOOKING));
        assertEquals("/api/booking/actions/7", ForwardedHeaders.rewriteLocation("/actions/7", origin, BOOKING));
        assertEquals("https://calendly.com/x", ForwardedHeaders.rewriteLocation("https://calendly.com/x", origin, BOOKING));
        assertEquals("http://127.0.0.1:80821/x", ForwardedHeaders.rewriteLocation("http://127.0.0.1:80821/x", origin, BOOKING));
    }

    private static ServicesConfig.Service service() {
        return new ServicesConfig.Service() {
            @Override
            public String url() {
                return "http://127.0.0.1:1";
            }

            @Override
            public Optional<java.time.Duration> connectTimeout() {
                return Optional.empty();
            }

            @Override
            public Optional<java.time.Duration> requestTimeout() {
                return Optional.empty();
            }
        };
    }
}
