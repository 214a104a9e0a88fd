package com.valet.devstack;

import java.util.Arrays;
import java.util.Locale;

/**
 * The schema slices of the one platform database: each service logs in with its own role, which owns
 * its schema and has no privilege on any other.
 */
public enum ServiceSchema {
    INVENTORY("inventory"),
    BOOKING("booking"),
    BILLING("billing"),
    OPS("ops");

    private final String schema;

    ServiceSchema(String schema) {
        this.schema = schema;
    }

    public String schema() {
        return schema;
    }

    /** Login role of the service, e.g. {@code inventory_service}. */
    public String role() {
        return schema + "_service";
    }

    /** Local development password; production passwords come from Kubernetes secrets. */
    public String devPassword() {
        return schema + "-dev-password";
    }

    public String serviceName() {
        return schema + "-service";
    }

    public static ServiceSchema of(String name) {
        String wanted = name.toLowerCase(Locale.ROOT).replace("-service", "");
        return Arrays.stream(values())
                .filter(s -> s.schema.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown service " + name));
    }
}
