package com.valet.events;

/** Kind of booking action, as in the seed's {@code actions.service_type}. Lowercase: {@code name()} is the wire value. */
public enum ServiceType {
    pickup,
    redelivery,
    container_delivery
}
