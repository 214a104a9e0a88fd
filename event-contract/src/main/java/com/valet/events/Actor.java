package com.valet.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.UUID;

/** Who made a change. {@code id} is the user or staff id; only the system acts without one. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Actor(UUID id, ActorRole role) {

    public Actor {
        Require.notNull(role, "role");
        if (id == null && role != ActorRole.system) {
            throw new IllegalArgumentException("id is required unless role is system");
        }
    }

    public static Actor system() {
        return new Actor(null, ActorRole.system);
    }
}
