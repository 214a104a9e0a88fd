package com.valet.ops.task;

import com.valet.events.ServiceType;

/** What a task is: one per confirmed booking action, after its service type. */
public enum TaskKind {
    /** collect items at the customer's home and bring them to the warehouse (a pickup action) */
    pickup,
    /** bring stored items back to the customer (a redelivery action) */
    delivery,
    /** bring empty containers to the customer (a container delivery action) */
    container_drop;

    public static TaskKind of(ServiceType type) {
        return switch (type) {
            case pickup -> pickup;
            case redelivery -> delivery;
            case container_delivery -> container_drop;
        };
    }

    /** Whether the warehouse sees it arriving (items come in) rather than leaving. */
    public boolean arrives() {
        return this == pickup;
    }
}
