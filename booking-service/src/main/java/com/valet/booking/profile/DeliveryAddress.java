package com.valet.booking.profile;

import com.valet.events.Address;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The seed's delivery_address {street, unit, city, state, zip}; US only. */
public record DeliveryAddress(
        @NotBlank @Size(max = 200) String street,
        @Size(max = 50) String unit,
        @NotBlank @Size(max = 100) String city,
        @NotBlank @Pattern(regexp = UsStates.PATTERN, message = "must be a US state code such as TX") String state,
        @NotBlank @Pattern(regexp = "[0-9]{5}", message = "must be a 5-digit ZIP code") String zip) {

    public Address toEvent() {
        return new Address(street, unit, city, state, zip);
    }
}
