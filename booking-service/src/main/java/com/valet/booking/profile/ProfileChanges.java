package com.valet.booking.profile;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A partial update of the profile; a field left out stays as it is. Any other field is refused by name,
 * and the billing columns with a message saying why: only verified Stripe webhooks change them.
 */
public final class ProfileChanges {
    @Size(max = 200)
    @Pattern(regexp = ".*\\S.*", message = "must not be blank")
    public String fullName;

    /** Digits with an optional leading +; spaces, dashes, dots and parentheses are tolerated and dropped. */
    @Pattern(regexp = "\\+?[0-9 ().-]{7,25}", message = "must be a phone number such as +1 512 555 0100")
    public String phone;

    @Valid
    public DeliveryAddress deliveryAddress;

    /** Fields that are not the customer's to write, by their JSON name. */
    final Map<String, Object> refused = new LinkedHashMap<>();

    @JsonAnySetter
    void refuse(String field, Object value) {
        refused.put(field, value);
    }

    String normalizedPhone() {
        return phone == null ? null : phone.replaceAll("[ ().-]", "");
    }
}
