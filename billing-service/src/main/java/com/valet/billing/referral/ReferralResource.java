package com.valet.billing.referral;

import com.valet.web.Caller;
import com.valet.web.FieldError;
import com.valet.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The caller's referrals: refer a friend by email, see how far each friend got. The credit is earned when the
 * friend pays their first invoice and shows in the caller's ledger ({@code GET /subscription}).
 */
@Path("/referrals")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ReferralResource {
    /** Deliberately loose (one @, a dot in the domain, no spaces): Stripe and Supabase check mail for real. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final String ALREADY_CUSTOMER = "SELECT count(*) FROM customers WHERE lower(email) = lower(:email)"
            + " AND subscription_status NOT IN ('inactive', 'incomplete', 'incomplete_expired')";

    private final Caller caller;

    ReferralResource(Caller caller) {
        this.caller = caller;
    }

    public record NewReferral(@NotNull String email) {
    }

    public record ReferralView(UUID id, String referredEmail, String status, Instant createdAt, Instant rewardedAt) {
        static ReferralView of(Referral referral) {
            return new ReferralView(referral.id, referral.referredEmail, referral.status, referral.createdAt,
                    referral.rewardedAt);
        }
    }

    @GET
    @Operation(summary = "The caller's referrals, newest first, with each friend's status"
            + " (pending, signed_up, rewarded, void)")
    public Uni<List<ReferralView>> list() {
        UUID user = caller.userId();
        return Panache.withSession(() -> Referral.<Referral>find("referrerUserId = ?1 order by createdAt desc, id", user)
                .list().map(referrals -> referrals.stream().map(ReferralView::of).toList()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Refer a friend by email: 201; 400 for a malformed email, 422 for yourself or someone"
            + " who already subscribes, 409 if you referred them already")
    public Uni<Response> refer(@NotNull NewReferral body) {
        UUID user = caller.userId();
        String email = normalized(body.email());
        String own = caller.email();
        if (own != null && own.equalsIgnoreCase(email)) {
            throw ProblemException.unprocessable("You cannot refer yourself.",
                    List.of(new FieldError("email", "is your own email")));
        }
        return Panache.withTransaction(() -> Referral.<Referral>find("referrerUserId = ?1 and lower(referredEmail) = ?2",
                user, email).firstResult().chain(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("You already referred " + email + ".",
                        Map.of("referral_id", existing.id.toString(), "referral_status", existing.status));
            }
            return Panache.getSession().chain(session -> session.createNativeQuery(ALREADY_CUSTOMER, Long.class)
                    .setParameter("email", email).getSingleResult());
        }).chain(customers -> {
            if (customers > 0) {
                throw ProblemException.unprocessable("This friend already subscribes.",
                        List.of(new FieldError("email", "belongs to a customer already")));
            }
            Referral referral = new Referral();
            referral.id = UUID.randomUUID();
            referral.referrerUserId = user;
            referral.referredEmail = email;
            referral.status = Referral.PENDING;
            referral.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            referral.updatedAt = referral.createdAt;
            return referral.<Referral>persist();
        })).onFailure(ReferralResource::duplicate).transform(e -> ProblemException.conflict(
                "You already referred " + email + ".", Map.of())).map(referral -> Response.status(Response.Status.CREATED)
                .entity(ReferralView.of(referral)).build());
    }

    /** Two identical referrals at once: the unique index refuses the second (SQLSTATE 23505). */
    private static boolean duplicate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    static String normalized(String email) {
        String value = email == null ? "" : email.strip();
        if (value.length() > 254 || !EMAIL.matcher(value).matches()) {
            throw ProblemException.badRequest("email", "must be an email address such as friend@example.com");
        }
        return value.toLowerCase(Locale.ROOT);
    }
}
