package com.valet.inventory.claim;

import com.valet.events.ActorRole;
import com.valet.inventory.item.InventoryEvent;
import com.valet.inventory.item.Item;
import com.valet.inventory.item.ItemCursor;
import com.valet.web.FieldError;
import com.valet.web.IfMatch;
import com.valet.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Filing claims (customers) and deciding on them (staff). Every step is also a line in the item's trail
 * (claim_filed, claim_approved, claim_denied, claim_paid), written in the same transaction.
 */
@ApplicationScoped
public class ClaimDesk {

    /**
     * Files a claim on the customer's own live item, if the company has held it and no other claim on it
     * is still open or approved. The item row is locked so that two claims filed at once cannot both pass
     * that check (the partial unique index would stop the second anyway, as a 500).
     */
    @WithTransaction
    public Uni<Claim> file(UUID user, UUID itemId, NewClaim request) {
        return Item.<Item>find("id = ?1 and ownerId = ?2 and deletedAt is null", itemId, user)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("item " + itemId))
                .<Claim>chain(item -> {
                    if (item.physicalLockedAt == null) {
                        throw ProblemException.conflict("The company has never held this item: a claim covers"
                                + " damage or loss while the item is, or was, in our hands.",
                                Map.of("current_status", item.status.name()));
                    }
                    return Claim.<Claim>find("itemId = ?1 and status in ?2", itemId, List.copyOf(ClaimStatus.ACTIVE))
                            .firstResult();
                })
                .chain(active -> {
                    if (active != null) {
                        throw ProblemException.conflict("This item already has a claim being dealt with.",
                                Map.of("claim_id", active.id.toString(), "claim_status", active.status.name()));
                    }
                    Claim claim = newClaim(user, itemId, request);
                    Map<String, Object> trail = new LinkedHashMap<>();
                    trail.put("claim_id", claim.id.toString());
                    trail.put("kind", claim.kind.name());
                    trail.put("amount_cents", claim.amountCents);
                    return claim.<Claim>persist()
                            .call(() -> InventoryEvent.of(itemId, "claim_filed", trail, user,
                                    ActorRole.customer.name(), claim.createdAt).persist());
                });
    }

    /** The customer's own claim; 404 also for another customer's (its existence is not theirs). */
    @WithSession
    public Uni<Claim> mine(UUID user, UUID id) {
        return Claim.<Claim>find("id = ?1 and userId = ?2", id, user).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("claim " + id));
    }

    /** The customer's claims, newest first, after the cursor position. */
    @WithSession
    public Uni<List<Claim>> mine(UUID user, ItemCursor after, int limit) {
        if (after == null) {
            return Claim.<Claim>find("userId = ?1 order by createdAt desc, id desc", user).range(0, limit).list();
        }
        return Claim.<Claim>find("userId = ?1 and (createdAt < ?2 or (createdAt = ?2 and id < ?3))"
                        + " order by createdAt desc, id desc", user, after.createdAt(), after.id())
                .range(0, limit).list();
    }

    /** The staff's queue: claims in one status, oldest first (first filed, first reviewed). */
    @WithSession
    public Uni<List<Claim>> queue(ClaimStatus status, ItemCursor after, int limit) {
        if (after == null) {
            return Claim.<Claim>find("status = ?1 order by createdAt, id", status).range(0, limit).list();
        }
        return Claim.<Claim>find("status = ?1 and (createdAt > ?2 or (createdAt = ?2 and id > ?3))"
                        + " order by createdAt, id", status, after.createdAt(), after.id())
                .range(0, limit).list();
    }

    @WithSession
    public Uni<Claim> find(UUID id) {
        return Claim.<Claim>findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("claim " + id));
    }

    /** open -> approved, granting 1..the claimed amount. */
    @WithTransaction
    public Uni<Claim> approve(UUID id, long expectedVersion, ClaimReview.Approval approval, UUID staff,
                              ActorRole role) {
        return decide(id, expectedVersion, ClaimStatus.approved, staff, role, claim -> {
            if (approval.approvedAmountCents() > claim.amountCents) {
                throw ProblemException.unprocessable("A claim cannot be approved for more than was claimed.",
                        List.of(new FieldError("approved_amount_cents",
                                "must not exceed the claimed amount (" + claim.amountCents + " cents)")));
            }
            claim.approvedAmountCents = approval.approvedAmountCents();
            claim.reviewNote = approval.reviewNote() == null ? null : approval.reviewNote().strip();
            claim.reviewedBy = staff;
            claim.reviewedAt = claim.updatedAt;
        }, claim -> Map.of("approved_amount_cents", claim.approvedAmountCents));
    }

    /** open -> denied, with the reason the customer will read. */
    @WithTransaction
    public Uni<Claim> deny(UUID id, long expectedVersion, ClaimReview.Denial denial, UUID staff, ActorRole role) {
        return decide(id, expectedVersion, ClaimStatus.denied, staff, role, claim -> {
            claim.reviewNote = denial.reviewNote().strip();
            claim.reviewedBy = staff;
            claim.reviewedAt = claim.updatedAt;
        }, claim -> Map.of());
    }

    /** approved -> paid: the approved amount went out, under this transfer reference. */
    @WithTransaction
    public Uni<Claim> pay(UUID id, long expectedVersion, ClaimReview.Payout payout, UUID staff, ActorRole role) {
        return decide(id, expectedVersion, ClaimStatus.paid, staff, role, claim -> {
            claim.payoutReference = payout.payoutReference().strip();
            claim.paidAt = claim.updatedAt;
        }, claim -> Map.of("amount_cents", claim.approvedAmountCents));
    }

    /**
     * The common part of a decision: the claim is locked (so a concurrent decision waits and then sees
     * the new version: 412, not a failed flush), the caller must hold its current version (If-Match),
     * the transition must be allowed (409 with current_status), then the change, its trail line, and a
     * flush so that the answer carries the new version as ETag.
     */
    private static Uni<Claim> decide(UUID id, long expectedVersion, ClaimStatus to, UUID staff, ActorRole role,
                                     Consumer<Claim> change, Function<Claim, Map<String, Object>> trailData) {
        return Claim.<Claim>find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("claim " + id))
                .chain(claim -> {
                    IfMatch.requireCurrent("claim", claim.version, expectedVersion);
                    if (!claim.status.canBecome(to)) {
                        throw ProblemException.conflict("A claim that is " + claim.status + " cannot become " + to + ".",
                                Map.of("current_status", claim.status.name()));
                    }
                    claim.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    change.accept(claim);
                    claim.status = to;
                    Map<String, Object> trail = new LinkedHashMap<>();
                    trail.put("claim_id", claim.id.toString());
                    trail.putAll(trailData.apply(claim));
                    return InventoryEvent.of(claim.itemId, "claim_" + to.name(), trail, staff, role.name(),
                                    claim.updatedAt).persist()
                            .chain(() -> Panache.getSession().chain(s -> s.flush()))
                            .replaceWith(claim);
                });
    }

    private static Claim newClaim(UUID user, UUID itemId, NewClaim request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Claim claim = new Claim();
        claim.id = UUID.randomUUID();
        claim.userId = user;
        claim.itemId = itemId;
        claim.kind = request.kind();
        claim.description = request.description().strip();
        claim.amountCents = request.amountCents();
        claim.photoPaths = request.photoPaths() == null ? new String[0] : request.photoPaths().toArray(String[]::new);
        claim.status = ClaimStatus.open;
        claim.createdAt = now;
        claim.updatedAt = now;
        return claim;
    }
}
