package com.valet.booking.calendly;

import com.valet.booking.action.Action;
import com.valet.booking.action.ActionStatus;
import com.valet.booking.action.Visits;
import com.valet.booking.calendly.CalendlyWebhook.Outcome;
import com.valet.events.Actor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Applies a verified Calendly invitee webhook to its action, in one transaction with its log row, the
 * action's change, its booking_event and the outbox event (docs/booking.md, "Calendly"). Nothing here
 * answers Calendly with an error for a webhook it cannot use: Calendly retries non-2xx deliveries for a
 * day, and a retry would not make it usable. What happened is the log row's outcome and detail.
 */
@ApplicationScoped
public class CalendlyWebhooks {
    private static final Logger LOG = Logger.getLogger(CalendlyWebhooks.class);
    private static final String INSERT = "INSERT INTO calendly_webhook"
            + " (id, event, invitee_uri, scheduled_event_uri, outcome, payload, received_at)"
            + " VALUES (:id, :event, :invitee, :eventUri, 'received', CAST(CAST(:payload AS text) AS jsonb), now())"
            + " ON CONFLICT (event, invitee_uri) DO NOTHING";

    private final Visits visits;

    CalendlyWebhooks(Visits visits) {
        this.visits = visits;
    }

    /** What a webhook did to which action, and why. */
    public record Result(Outcome outcome, UUID actionId, String detail) {
    }

    /**
     * Logs the webhook and applies it, once: a second delivery of the same (event, invitee) finds the row
     * (or waits for the first delivery's transaction on the unique index) and changes nothing.
     */
    @WithTransaction
    public Uni<Result> handle(InviteeWebhook webhook) {
        UUID id = UUID.randomUUID();
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("id", id)
                        .setParameter("event", webhook.event())
                        .setParameter("invitee", webhook.inviteeUri())
                        .setParameter("eventUri", webhook.scheduledEventUri())
                        .setParameter("payload", webhook.body())
                        .executeUpdate())
                .chain(inserted -> inserted == 0 ? duplicate(webhook) : apply(webhook)
                        .call(result -> CalendlyWebhook.<CalendlyWebhook>findById(id).invoke(row -> {
                            row.outcome = result.outcome();
                            row.actionId = result.actionId();
                            row.detail = result.detail();
                        }))
                        .call(() -> Panache.flush()));
    }

    private Uni<Result> duplicate(InviteeWebhook webhook) {
        return CalendlyWebhook.<CalendlyWebhook>find("event = ?1 and inviteeUri = ?2", webhook.event(),
                webhook.inviteeUri()).firstResult().map(first -> new Result(Outcome.duplicate,
                first == null ? null : first.actionId, "already received: " + (first == null ? "?" : first.outcome)));
    }

    private Uni<Result> apply(InviteeWebhook webhook) {
        return actionIdFor(webhook).chain(match -> {
            if (match.actionId() == null) {
                return Uni.createFrom().item(new Result(Outcome.unmatched, null, match.why()));
            }
            return visits.lockedIfAny(match.actionId()).chain(action -> {
                if (action == null) {
                    return Uni.createFrom().item(new Result(Outcome.unmatched, null,
                            "there is no action " + match.actionId()));
                }
                return webhook.created() ? created(action, webhook) : canceled(action, webhook);
            });
        });
    }

    private record Match(UUID actionId, String why) {
    }

    /**
     * The action is the one named by {@code tracking.utm_content} (our scheduling link carries the action
     * id there). Without a usable one: for a creation that replaces an earlier booking (a reschedule,
     * {@code old_invitee}), the action of that booking; for a cancellation, the action this booking's
     * creation was applied to, or the one holding its Calendly event.
     */
    private Uni<Match> actionIdFor(InviteeWebhook webhook) {
        String tracked = webhook.trackingContent();
        if (tracked != null) {
            try {
                return Uni.createFrom().item(new Match(UUID.fromString(tracked), null));
            } catch (IllegalArgumentException notAnId) {
                // someone else's utm_content: fall through to what else identifies the booking
            }
        }
        String why = tracked == null ? "the booking has no tracking.utm_content"
                : "tracking.utm_content '" + abbreviated(tracked) + "' is not an action id";
        if (webhook.created()) {
            if (webhook.oldInviteeUri() == null) {
                return Uni.createFrom().item(new Match(null, why));
            }
            return actionOfCreation(webhook.oldInviteeUri()).map(id -> new Match(id, why + " and its old_invitee"
                    + " was not applied to an action"));
        }
        return actionOfCreation(webhook.inviteeUri()).chain(id -> id != null ? Uni.createFrom().item(id)
                        : Action.<Action>find("calendlyEventUri", webhook.scheduledEventUri()).firstResult()
                        .map(action -> action == null ? null : action.id))
                .map(id -> new Match(id, why + ", and no action holds its booking"));
    }

    private static Uni<UUID> actionOfCreation(String inviteeUri) {
        return CalendlyWebhook.<CalendlyWebhook>find("event = ?1 and inviteeUri = ?2 and actionId is not null",
                InviteeWebhook.CREATED, inviteeUri).firstResult().map(row -> row == null ? null : row.actionId);
    }

    /** invitee.created: the slot of a pending_confirmation action, or a new slot of a confirmed one. */
    private Uni<Result> created(Action action, InviteeWebhook webhook) {
        switch (action.status) {
            case canceled:
                return ignored(action, "the action is canceled");
            case pending_items:
                return ignored(action, "the action waits for its items; Calendly bookings only confirm"
                        + " pending_confirmation actions");
            case in_progress:
            case completed:
                return ignored(action, "the action is already " + action.status);
            default:
                break;
        }
        return CalendlyWebhook.count("event = ?1 and inviteeUri = ?2", InviteeWebhook.CANCELED, webhook.inviteeUri())
                .chain(canceledFirst -> {
                    if (canceledFirst > 0) {
                        return ignored(action, "this booking's cancellation arrived before its creation");
                    }
                    if (action.status == ActionStatus.confirmed
                            && webhook.scheduledEventUri().equals(action.calendlyEventUri)
                            && webhook.start().equals(action.scheduledStart) && webhook.end().equals(action.scheduledEnd)) {
                        return ignored(action, "the action is already confirmed with this Calendly event");
                    }
                    return Action.count("calendlyEventUri = ?1 and id <> ?2", webhook.scheduledEventUri(), action.id)
                            .chain(taken -> {
                                if (taken > 0) {
                                    return ignored(action, "the Calendly event " + webhook.scheduledEventUri()
                                            + " is already the slot of another action");
                                }
                                Outcome outcome = action.status == ActionStatus.confirmed ? Outcome.rescheduled
                                        : Outcome.confirmed;
                                String previous = action.calendlyEventUri;
                                return visits.confirm(action, webhook.start(), webhook.end(),
                                                webhook.scheduledEventUri(), Actor.system())
                                        .replaceWith(new Result(outcome, action.id, outcome == Outcome.confirmed
                                                ? "confirmed for " + webhook.start()
                                                : "moved to " + webhook.start() + (previous == null ? ""
                                                : " (was Calendly event " + previous + ")")));
                            });
                });
    }

    /**
     * invitee.canceled: the first half of a reschedule is only noted; otherwise the action is canceled if
     * this booking is (or may be) its slot and no driver has started.
     */
    private Uni<Result> canceled(Action action, InviteeWebhook webhook) {
        boolean open = action.status == ActionStatus.pending_confirmation || action.status == ActionStatus.confirmed;
        if (webhook.rescheduled()) {
            if (!open) {
                return ignored(action, "a reschedule of a " + action.status + " action");
            }
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("calendly_event_uri", webhook.scheduledEventUri());
            return visits.note(action, "reschedule_started", metadata, Actor.system())
                    .replaceWith(new Result(Outcome.reschedule_started, action.id,
                            "Calendly event " + webhook.scheduledEventUri() + " is being replaced"));
        }
        return CalendlyWebhook.<CalendlyWebhook>find("event = ?1 and inviteeUri = ?2", InviteeWebhook.CREATED,
                webhook.inviteeUri()).firstResult().chain(creation -> {
                    if (creation != null && creation.outcome != Outcome.confirmed
                            && creation.outcome != Outcome.rescheduled) {
                        return ignored(action, "this booking was never the action's slot (its creation: "
                                + creation.outcome + ")");
                    }
                    if (action.calendlyEventUri != null
                            && !action.calendlyEventUri.equals(webhook.scheduledEventUri())) {
                        return ignored(action, "the action's slot is now Calendly event " + action.calendlyEventUri);
                    }
                    switch (action.status) {
                        case canceled:
                            return ignored(action, "the action is already canceled");
                        case pending_items:
                            return ignored(action, "Calendly bookings do not change a pending_items action");
                        case in_progress:
                        case completed:
                            LOG.warnf("Calendly canceled the booking of action %s, which is already %s: staff must"
                                    + " sort it out with the customer", action.id, action.status);
                            return ignored(action, "the action is already " + action.status
                                    + "; staff handle a late cancellation");
                        default:
                            break;
                    }
                    Map<String, Object> context = new LinkedHashMap<>();
                    context.put("calendly_event_uri", webhook.scheduledEventUri());
                    if (webhook.cancelerType() != null) {
                        context.put("canceler_type", webhook.cancelerType());
                    }
                    return visits.cancel(action, webhook.cancelReason(), context, Actor.system())
                            .replaceWith(new Result(Outcome.canceled, action.id, "canceled in Calendly"
                                    + (webhook.cancelerType() == null ? "" : " by the " + webhook.cancelerType())));
                });
    }

    private static Uni<Result> ignored(Action action, String why) {
        return Uni.createFrom().item(new Result(Outcome.ignored, action.id, why));
    }

    /** After the commit: unmatched webhooks are a warning (a link that lost its utm_content, a foreign booking). */
    static void log(InviteeWebhook webhook, Result result) {
        if (result.outcome() == Outcome.unmatched) {
            LOG.warnf("Calendly %s for %s matched no action: %s", webhook.event(), webhook.inviteeUri(),
                    result.detail());
        } else {
            LOG.infof("Calendly %s for %s: %s, action %s (%s)", webhook.event(), webhook.inviteeUri(),
                    result.outcome(), Objects.toString(result.actionId(), "-"), result.detail());
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
