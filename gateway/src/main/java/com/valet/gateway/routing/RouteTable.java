package com.valet.gateway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every route of the gateway: {@code /api/<service>/**} for each configured service (prefix stripped) and
 * the two webhooks, which keep their path and are public (the services verify the signatures).
 */
public final class RouteTable {
    /** Third parties call these; their paths are fixed in the Calendly and Stripe dashboards. */
    static final List<Route> WEBHOOKS = List.of(
            Route.exact("/webhooks/calendly", "booking", "/webhooks/calendly"),
            Route.exact("/webhooks/stripe", "billing", "/webhooks/stripe"));

    private RouteTable() {
    }

    public static List<Route> of(Map<String, ServicesConfig.Service> services) {
        List<Route> routes = new ArrayList<>();
        for (String name : new TreeMap<>(services).keySet()) {
            if (!name.matches("[a-z][a-z0-9-]*") || name.equals("me") || name.equals("openapi")) {
                throw new IllegalArgumentException("valet.services." + name + ": a service name is lower-case letters,"
                        + " digits and '-', and not 'me' or 'openapi' (the gateway's own /api/me and /api/openapi)");
            }
            routes.add(Route.prefix("/api/" + name, name));
        }
        for (Route webhook : WEBHOOKS) {
            if (services.containsKey(webhook.service())) {
                routes.add(webhook);
            }
        }
        return List.copyOf(routes);
    }
}
