package com.valet.booking.profile;

import com.valet.web.Caller;
import com.valet.web.FieldError;
import com.valet.web.IfMatch;
import com.valet.web.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The signed-in customer's own profile. */
@Path("/profile")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProfileResource {
    /** The seed's billing-protected columns: only verified Stripe webhooks (billing-service) change them. */
    static final Set<String> BILLING_FIELDS = Set.of("stripe_customer_id", "subscription_id", "subscription_status",
            "last_payment_at", "needs_manual_refund");
    private static final String PHONE = "\\+?[0-9]{7,15}";

    private final CustomerProfiles profiles;
    private final Caller caller;

    ProfileResource(CustomerProfiles profiles, Caller caller) {
        this.profiles = profiles;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The caller's profile, created from the sign-in token on first call")
    public Uni<Response> read() {
        return profiles.forSignedIn(caller.userId(), caller.email()).map(ProfileResource::withEtag);
    }

    @PATCH
    @Operation(summary = "Change full_name, phone or delivery_address; needs If-Match with the ETag you read")
    public Uni<Response> update(@HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                @Valid @NotNull ProfileChanges changes) {
        List<FieldError> errors = new ArrayList<>();
        changes.refused.keySet().forEach(field -> errors.add(new FieldError(field, BILLING_FIELDS.contains(field)
                ? "is managed by billing from verified Stripe events and cannot be changed here"
                : "is not a field you can change (full_name, phone, delivery_address)")));
        if (changes.phone != null && !changes.normalizedPhone().matches(PHONE)) {
            errors.add(new FieldError("phone", "must have 7 to 15 digits"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The profile was not changed.", errors);
        }
        long expected = IfMatch.requiredVersion(ifMatch);
        return profiles.update(caller.userId(), caller.email(), expected, changes).map(ProfileResource::withEtag);
    }

    private static Response withEtag(CustomerProfile profile) {
        return Response.ok(ProfileView.of(profile)).tag(IfMatch.etag(profile.version)).build();
    }
}
