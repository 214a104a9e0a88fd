package com.valet.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Service address, same shape as the seed's {@code delivery_address} jsonb. {@code unit} is optional. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Address(String street, String unit, String city, String state, String zip) {

    public Address {
        Require.notBlank(street, "street");
        Require.notBlank(city, "city");
        Require.notBlank(state, "state");
        Require.notBlank(zip, "zip");
    }
}
