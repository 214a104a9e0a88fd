package com.valet.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotNull;

/** An internal bean with a validated method: a violation here is the service's bug, not the client's. */
@ApplicationScoped
public class ProbeService {
    public String echo(@NotNull String value) {
        return value;
    }
}
