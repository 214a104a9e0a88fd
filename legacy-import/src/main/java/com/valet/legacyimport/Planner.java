package com.valet.legacyimport;

import com.valet.legacyimport.Row.Json;
import com.valet.legacyimport.Row.TextArray;
import com.valet.legacyimport.Row.UuidArray;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the legacy database and decides, row by row, what each becomes in the services' schemas, and what is
 * wrong with it. Nothing is written: the same plan serves the dry run, the run and the verification, so all
 * three see the same rows. Rules for dirty rows are in legacy-import/README.md ("What is wrong, and what
 * happens to it").
 */
final class Planner {
    static final Pattern QR = Pattern.compile("^SV-(\\d{4})-(\\d{6})$");
    private static final Pattern ZIP = Pattern.compile("^\\d{5}$");
    private static final Pattern STATE = Pattern.compile("^[A-Z]{2}$");
    private static final Set<String> ITEM_STATUSES = Set.of("home", "scheduled", "in_transit", "stored");
    private static final Set<String> SERVICE_TYPES = Set.of("pickup", "redelivery", "container_delivery");
    private static final Set<String> ACTION_STATUSES = Set.of("pending_items", "pending_confirmation", "confirmed",
            "in_progress", "completed", "canceled");
    private static final Set<String> SCHEDULED = Set.of("confirmed", "in_progress", "completed");
    private static final Set<String> SUBSCRIPTION_STATUSES = Set.of("inactive", "incomplete", "incomplete_expired",
            "trialing", "active", "past_due", "canceled", "unpaid", "paused");
    private static final Set<String> STAFF_ROLES = Set.of("driver", "warehouse", "admin");
    private static final Set<String> REFERRAL_STATUSES = Set.of("pending", "signed_up", "rewarded", "void");
    /** Who the trails say wrote an imported row's history. */
    static final String IMPORT_ACTOR_ROLE = "system";
    static final UUID IMPORT_ACTOR = UUID.fromString("00000000-0000-0000-0000-00000000001e");

    private final Connection source;
    private final Plan plan = new Plan();
    private final Set<String> servedZips = new HashSet<>();
    private final Map<UUID, Json> addresses = new HashMap<>();
    private final Set<UUID> items = new HashSet<>();
    private final Set<UUID> actions = new HashSet<>();
    private final Set<String> qrCodes = new HashSet<>();
    private final Set<String> emails = new HashSet<>();
    private final Set<String> stripeIds = new HashSet<>();
    private final Set<String> calendlyUris = new HashSet<>();

    Planner(Connection source) {
        this.source = source;
    }

    Plan plan() throws SQLException {
        serviceAreas();
        for (String schema : List.of("public", "sv")) {
            profiles(schema);
        }
        billingCustomersWithoutProfile();
        for (String schema : List.of("public", "sv")) {
            items(schema);
        }
        for (String schema : List.of("public", "sv")) {
            inventoryEvents(schema);
        }
        claims();
        for (String schema : List.of("public", "sv")) {
            actions(schema);
        }
        bookingEvents();
        webhookEvents("billing");
        webhookEvents("sv");
        staff();
        referrals();
        containerCatalog();
        return plan;
    }

    // ---- booking.service_area -----------------------------------------------------------------------------

    private void serviceAreas() throws SQLException {
        each("public.service_areas", "SELECT zip, city, state FROM public.service_areas ORDER BY zip", rs -> {
            String zip = trim(rs.getString("zip"));
            String state = upper(rs.getString("state"));
            String city = trim(rs.getString("city"));
            if (zip == null || !ZIP.matcher(zip).matches()) {
                return skip("public.service_areas", zip, "ZIP is not 5 digits");
            }
            if (state == null || !STATE.matcher(state).matches() || city == null) {
                return skip("public.service_areas", zip, "city or 2-letter state missing");
            }
            servedZips.add(zip);
            return new Row("booking.service_area", zip).set("zip", zip).set("city", city).set("state", state);
        });
    }

    // ---- booking.customer_profile + billing.customers -------------------------------------------------------

    private void profiles(String schema) throws SQLException {
        String table = schema + ".customer_profile";
        if (!exists(schema, "customer_profile")) {
            return;
        }
        String billingJoin = schema.equals("public") && exists("billing", "customers")
                ? " LEFT JOIN billing.customers b ON b.user_id = p.user_id" : "";
        String billingStripe = billingJoin.isEmpty() ? "NULL" : "b.stripe_customer_id";
        each(table, "SELECT p.*, " + billingStripe + " AS billing_stripe_customer_id FROM " + table + " p" + billingJoin
                + " ORDER BY p.user_id", rs -> {
            UUID user = (UUID) rs.getObject("user_id");
            String key = user.toString();
            if (plan.has("booking.customer_profile", key)) {
                return skip(table, key, "the same customer was imported from public", "skipped (public wins)");
            }
            String email = lower(rs.getString("email"));
            if (email != null && !emails.add(email)) {
                problem(table, key, "email " + email + " belongs to another customer too", "imported without email");
                email = null;
            }
            Json address = address(table, key, rs.getString("delivery_address"));
            boolean legacyOut = bool(rs, "out_of_service_area");
            boolean outOfArea = address == null ? legacyOut
                    : !servedZips.contains(json(address.text(), "zip"));
            if (address != null && outOfArea != legacyOut) {
                problem(table, key, "out_of_service_area was " + legacyOut + " but ZIP " + json(address.text(), "zip")
                        + (outOfArea ? " is not served" : " is served"), "re-derived: " + outOfArea);
            }
            if (address != null) {
                addresses.put(user, address);
            }
            OffsetDateTime created = time(rs, "created_at");
            plan.add(new Row("booking.customer_profile", key).set("user_id", user).set("email", email)
                    .set("full_name", trim(rs.getString("full_name"))).set("phone", phone(table, key, rs.getString("phone")))
                    .set("delivery_address", address).set("out_of_service_area", outOfArea)
                    .set("created_at", created).set("updated_at", or(time(rs, "updated_at"), created)));

            String stripe = trim(rs.getString("stripe_customer_id"));
            String billingStripe2 = trim(rs.getString("billing_stripe_customer_id"));
            if (stripe == null) {
                stripe = billingStripe2;
            } else if (billingStripe2 != null && !billingStripe2.equals(stripe)) {
                problem(table, key, "billing.customers says Stripe customer " + billingStripe2 + ", the profile " + stripe,
                        "kept the profile's");
            }
            if (stripe != null && !stripeIds.add(stripe)) {
                problem(table, key, "Stripe customer " + stripe + " belongs to another customer too", "imported without it");
                stripe = null;
            }
            String status = lower(rs.getString("subscription_status"));
            if (status == null || !SUBSCRIPTION_STATUSES.contains(status)) {
                problem(table, key, "unknown subscription_status " + status, "imported as inactive");
                status = "inactive";
            }
            plan.add(new Row("billing.customers", key).set("user_id", user).set("email", email)
                    .set("stripe_customer_id", stripe).set("subscription_id", trim(rs.getString("subscription_id")))
                    .set("subscription_status", status).set("trial_start", optionalTime(rs, "trial_start"))
                    .set("trial_end", optionalTime(rs, "trial_end")).set("last_payment_at", time(rs, "last_payment_at"))
                    .set("out_of_service_area", outOfArea).set("needs_manual_refund", bool(rs, "needs_manual_refund"))
                    .set("area_changed_at", or(time(rs, "updated_at"), created)).set("created_at", created)
                    .set("updated_at", or(time(rs, "updated_at"), created)));
            return null;
        });
    }

    /** billing.customers rows of users with no profile (they paid, never finished their profile). */
    private void billingCustomersWithoutProfile() throws SQLException {
        if (!exists("billing", "customers")) {
            return;
        }
        each("billing.customers", "SELECT user_id, stripe_customer_id FROM billing.customers ORDER BY user_id", rs -> {
            UUID user = (UUID) rs.getObject("user_id");
            if (plan.has("billing.customers", user.toString())) {
                return null; // merged into the profile's row
            }
            String stripe = trim(rs.getString("stripe_customer_id"));
            if (stripe != null && !stripeIds.add(stripe)) {
                return skip("billing.customers", user.toString(), "Stripe customer " + stripe + " belongs to another customer");
            }
            return new Row("billing.customers", user.toString()).set("user_id", user).set("stripe_customer_id", stripe)
                    .set("subscription_status", "inactive").set("out_of_service_area", false)
                    .set("needs_manual_refund", false).set("created_at", time(rs, null)).set("updated_at", time(rs, null));
        });
    }

    // ---- inventory.item ---------------------------------------------------------------------------------

    private void items(String schema) throws SQLException {
        String table = schema + ".items";
        if (!exists(schema, "items")) {
            return;
        }
        each(table, "SELECT * FROM " + table + " ORDER BY id", rs -> {
            UUID id = (UUID) rs.getObject("id");
            String key = id.toString();
            if (items.contains(id)) {
                return skip(table, key, "the same item was imported from public", "skipped (public wins)");
            }
            String label = trim(rs.getString("label"));
            if (label == null) {
                return skip(table, key, "no label");
            }
            String description = trim(rs.getString("description"));
            if (description == null) {
                problem(table, key, "no description", "imported with the label as description");
                description = label;
            }
            List<String> photos = strings(rs.getArray("photo_paths"));
            if (photos.isEmpty()) {
                return skip(table, key, "no photo (1-5 are required)");
            }
            if (photos.size() > 5) {
                problem(table, key, photos.size() + " photos (at most 5)", "imported with the first 5");
                photos = photos.subList(0, 5);
            }
            String status = lower(rs.getString("status"));
            if (!ITEM_STATUSES.contains(status)) {
                return skip(table, key, "unknown status " + status);
            }
            OffsetDateTime created = time(rs, "created_at");
            String qr = trim(rs.getString("qr_code"));
            boolean valid = qr != null && QR.matcher(qr).matches();
            Row row = new Row("inventory.item", key);
            if (!valid || !qrCodes.add(qr)) {
                problem(table, key, valid ? "QR code " + qr + " is on another item too" : "QR code " + qr
                        + " is not SV-YYYY-NNNNNN", "a fresh QR code of " + created.getYear() + " (printed label to replace)");
                qr = null;
            } else {
                Matcher m = QR.matcher(qr);
                m.matches();
                plan.seeQr(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            }
            Map<String, BigDecimal> dims = dimensions(table, key, rs.getString("dimensions"));
            BigDecimal weight = positive(rs.getBigDecimal("weight_lbs"));
            items.add(id);
            return row.set("id", id).set("owner_id", rs.getObject("user_id")).set("label", label)
                    .set("description", description).set("category", trim(rs.getString("category"))).set("status", status)
                    .set("photo_paths", new TextArray(photos)).set("qr_code", qr).set("weight_lbs", weight)
                    .set("length_in", dims.get("length")).set("width_in", dims.get("width")).set("height_in", dims.get("height"))
                    .set("tags", new TextArray(strings(rs.getArray("tags")))).set("physical_locked_at", time(rs, "physical_locked_at"))
                    .set("created_at", created).set("updated_at", or(time(rs, "updated_at"), created));
        });
    }

    private void inventoryEvents(String schema) throws SQLException {
        String table = schema + ".inventory_events";
        if (!exists(schema, "inventory_events")) {
            return;
        }
        each(table, "SELECT * FROM " + table + " ORDER BY created_at, id", rs -> {
            UUID item = (UUID) rs.getObject("item_id");
            String key = rs.getString("id");
            if (!items.contains(item)) {
                return skip(table, key, "its item " + item + " is not imported");
            }
            return new Row("inventory.inventory_event", key).set("id", rs.getObject("id")).set("item_id", item)
                    .set("event_type", or(trim(rs.getString("event_type")), "legacy"))
                    .set("event_data", new Json(or(rs.getString("event_data"), "{}")))
                    .set("actor_id", null).set("actor_role", IMPORT_ACTOR_ROLE).set("created_at", time(rs, "created_at"));
        });
    }

    /** Open claims come over; a decided legacy claim lacks the review facts the service requires. */
    private void claims() throws SQLException {
        if (!exists("public", "claims")) {
            return;
        }
        each("public.claims", "SELECT * FROM public.claims ORDER BY id", rs -> {
            String key = rs.getString("id");
            UUID item = (UUID) rs.getObject("item_id");
            if (!items.contains(item)) {
                return skip("public.claims", key, "its item " + item + " is not imported");
            }
            String kind = lower(rs.getString("claim_type"));
            if (!Set.of("damage", "loss").contains(kind)) {
                return skip("public.claims", key, "unknown claim type " + kind);
            }
            String status = lower(rs.getString("status"));
            if (!Set.of("open", "pending", "submitted").contains(status)) {
                return skip("public.claims", key, "claim already " + status + " in the legacy system",
                        "skipped (kept in the legacy archive; no review facts to import)");
            }
            long amount = rs.getLong("amount_cents");
            if (amount <= 0 || amount > 1_000_000) {
                return skip("public.claims", key, "amount " + amount + " cents outside 1-1,000,000");
            }
            String description = trim(rs.getString("description"));
            if (description == null) {
                return skip("public.claims", key, "no description");
            }
            OffsetDateTime created = time(rs, "created_at");
            return new Row("inventory.claim", key).set("id", rs.getObject("id")).set("user_id", rs.getObject("user_id"))
                    .set("item_id", item).set("kind", kind).set("description", description).set("amount_cents", amount)
                    .set("status", "open").set("created_at", created).set("updated_at", created);
        });
    }

    // ---- booking.action + booking_event -------------------------------------------------------------------

    private void actions(String schema) throws SQLException {
        String table = schema + ".actions";
        if (!exists(schema, "actions")) {
            return;
        }
        each(table, "SELECT * FROM " + table + " ORDER BY id", rs -> {
            UUID id = (UUID) rs.getObject("id");
            String key = id.toString();
            if (actions.contains(id)) {
                return skip(table, key, "the same action was imported from public", "skipped (public wins)");
            }
            UUID user = (UUID) rs.getObject("user_id");
            String type = lower(rs.getString("service_type"));
            String status = lower(rs.getString("status"));
            if (!SERVICE_TYPES.contains(type) || !ACTION_STATUSES.contains(status)) {
                return skip(table, key, "unknown service type " + type + " or status " + status);
            }
            OffsetDateTime start = time(rs, "scheduled_start");
            if (SCHEDULED.contains(status) && start == null) {
                return skip(table, key, "a " + status + " action without scheduled_start");
            }
            Json address = addresses.get(user);
            if (address == null) {
                return skip(table, key, "no address to visit (its customer's profile has no valid address)");
            }
            List<UUID> pickup = known(table, key, "pickup", uuids(rs.getArray("pickup_item_ids")));
            List<UUID> delivery = known(table, key, "delivery", uuids(rs.getArray("delivery_item_ids")));
            String uri = trim(rs.getString("calendly_event_uri"));
            if (uri != null && !calendlyUris.add(uri)) {
                problem(table, key, "Calendly event " + uri + " is on another action too", "imported without it");
                uri = null;
            }
            OffsetDateTime end = time(rs, "scheduled_end");
            if (end != null && start != null && !end.isAfter(start)) {
                problem(table, key, "scheduled_end is not after scheduled_start", "imported without scheduled_end");
                end = null;
            }
            OffsetDateTime created = time(rs, "created_at");
            OffsetDateTime updated = or(time(rs, "updated_at"), created);
            actions.add(id);
            return new Row("booking.action", key).set("id", id).set("user_id", user).set("service_type", type)
                    .set("status", status).set("pickup_item_ids", new UuidArray(pickup))
                    .set("delivery_item_ids", new UuidArray(delivery)).set("address", address)
                    .set("calendly_event_uri", uri).set("scheduled_start", start).set("scheduled_end", end)
                    .set("canceled_at", status.equals("canceled") ? updated : null)
                    .set("cancel_reason", status.equals("canceled") ? "canceled in the legacy system" : null)
                    .set("completed_at", status.equals("completed") ? updated : null)
                    .set("created_at", created).set("updated_at", updated);
        });
    }

    private void bookingEvents() throws SQLException {
        if (!exists("public", "booking_events")) {
            return;
        }
        each("public.booking_events", "SELECT * FROM public.booking_events ORDER BY created_at, id", rs -> {
            UUID action = (UUID) rs.getObject("action_id");
            String key = rs.getString("id");
            if (!actions.contains(action)) {
                return skip("public.booking_events", key, "its action " + action + " is not imported");
            }
            return new Row("booking.booking_event", key).set("id", rs.getObject("id")).set("action_id", action)
                    .set("event_type", or(trim(rs.getString("event_type")), "legacy"))
                    .set("metadata", new Json(or(rs.getString("metadata"), "{}")))
                    .set("actor_id", null).set("actor_role", IMPORT_ACTOR_ROLE).set("created_at", time(rs, "created_at"));
        });
    }

    // ---- billing.webhook_events -----------------------------------------------------------------------------

    private void webhookEvents(String schema) throws SQLException {
        String table = schema + ".webhook_events";
        if (!exists(schema, "webhook_events")) {
            return;
        }
        each(table, "SELECT * FROM " + table + " ORDER BY id", rs -> {
            String eventId = trim(rs.getString("event_id"));
            String key = eventId == null ? rs.getString("id") : eventId;
            if (eventId == null || plan.has("billing.webhook_events", eventId)) {
                return skip(table, key, eventId == null ? "no event_id" : "event already imported");
            }
            String payload = rs.getString("payload");
            String created = payload == null ? null : json(payload, "created");
            OffsetDateTime processed = time(rs, "processed_at");
            OffsetDateTime stripeCreated = created != null && created.matches("\\d+")
                    ? OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(Long.parseLong(created)), ZoneOffset.UTC)
                    : or(processed, time(rs, "created_at"));
            if (processed == null) {
                problem(table, key, "never processed in the legacy system", "imported unprocessed: staff can replay it");
            }
            return new Row("billing.webhook_events", eventId).set("event_id", eventId)
                    .set("event_type", or(trim(rs.getString("event_type")), "unknown"))
                    .set("payload", new Json(or(payload, "{}"))).set("stripe_created", stripeCreated)
                    .set("received_at", or(processed, stripeCreated)).set("processed_at", processed)
                    .set("outcome", processed == null ? null : "imported");
        });
    }

    // ---- sv: staff, referrals, container catalog (planned canonical tables, imported where they hold rows) --

    private void staff() throws SQLException {
        if (!exists("sv", "staff")) {
            return;
        }
        each("sv.staff", "SELECT * FROM sv.staff ORDER BY user_id", rs -> {
            String key = rs.getString("user_id");
            String role = lower(rs.getString("role"));
            String name = trim(rs.getString("full_name"));
            if (!STAFF_ROLES.contains(role) || name == null) {
                return skip("sv.staff", key, "unknown role " + role + " or no name");
            }
            boolean active = bool(rs, "active");
            OffsetDateTime created = time(rs, "created_at");
            return new Row("ops.staff", key).set("user_id", rs.getObject("user_id")).set("role", role).set("full_name", name)
                    .set("active", active).set("created_by", IMPORT_ACTOR).set("created_at", created)
                    .set("deactivated_by", active ? null : IMPORT_ACTOR).set("deactivated_at", active ? null : created)
                    .set("updated_at", created);
        });
    }

    private void referrals() throws SQLException {
        if (!exists("sv", "referrals")) {
            return;
        }
        each("sv.referrals", "SELECT * FROM sv.referrals ORDER BY id", rs -> {
            String key = rs.getString("id");
            String status = lower(rs.getString("status"));
            if (!REFERRAL_STATUSES.contains(status)) {
                return skip("sv.referrals", key, "unknown status " + status);
            }
            OffsetDateTime created = time(rs, "created_at");
            return new Row("billing.referrals", key).set("id", rs.getObject("id"))
                    .set("referrer_user_id", rs.getObject("referrer_user_id")).set("referred_email", lower(rs.getString("referred_email")))
                    .set("referred_user_id", rs.getObject("referred_user_id")).set("status", status)
                    .set("created_at", created).set("updated_at", created);
        });
    }

    private void containerCatalog() throws SQLException {
        if (!exists("sv", "container_catalog")) {
            return;
        }
        each("sv.container_catalog", "SELECT * FROM sv.container_catalog ORDER BY id", rs -> {
            String key = rs.getString("id");
            String name = trim(rs.getString("name"));
            long price = rs.getLong("price_cents");
            if (name == null || price < 0) {
                return skip("sv.container_catalog", key, "no name or a negative price");
            }
            if (positive(rs.getBigDecimal("length_in")) == null || positive(rs.getBigDecimal("width_in")) == null
                    || positive(rs.getBigDecimal("height_in")) == null) {
                return skip("sv.container_catalog", key, "dimensions missing");
            }
            OffsetDateTime created = time(rs, "created_at");
            return new Row("inventory.container_type", key).set("id", rs.getObject("id")).set("name", name)
                    .set("description", or(trim(rs.getString("description")), name))
                    .set("length_in", positive(rs.getBigDecimal("length_in"))).set("width_in", positive(rs.getBigDecimal("width_in")))
                    .set("height_in", positive(rs.getBigDecimal("height_in"))).set("price_cents", (int) price).set("currency", "usd")
                    .set("active", bool(rs, "active")).set("created_at", created).set("updated_at", created);
        });
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface RowMapper {
        Row map(ResultSet rs) throws SQLException;
    }

    private void each(String table, String sql, RowMapper mapper) throws SQLException {
        try (PreparedStatement query = source.prepareStatement(sql); ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                plan.read(table);
                Row row = mapper.map(rs);
                if (row != null) {
                    plan.add(row);
                }
            }
        }
    }

    private Row skip(String table, String key, String problem) {
        return skip(table, key, problem, "skipped");
    }

    private Row skip(String table, String key, String problem, String handling) {
        plan.problem(new Problem(table, key, problem, handling));
        return null;
    }

    private void problem(String table, String key, String problem, String handling) {
        plan.problem(new Problem(table, key, problem, handling));
    }

    private boolean exists(String schema, String table) throws SQLException {
        try (PreparedStatement query = source.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            query.setString(1, schema);
            query.setString(2, table);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The seed's {street, unit, city, state, zip}; anything incomplete is dropped (the customer re-enters it). */
    private Json address(String table, String key, String json) {
        if (json == null) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : List.of("street", "unit", "city", "state", "zip")) {
            fields.put(field, trim(json(json, field)));
        }
        List<String> missing = new ArrayList<>();
        for (String field : List.of("street", "city", "state", "zip")) {
            if (fields.get(field) == null) {
                missing.add(field);
            }
        }
        if (fields.get("state") != null) {
            fields.put("state", fields.get("state").toUpperCase(Locale.ROOT));
        }
        if (missing.isEmpty() && (!ZIP.matcher(fields.get("zip")).matches() || !STATE.matcher(fields.get("state")).matches())) {
            missing.add("a 5-digit zip and a 2-letter state");
        }
        if (!missing.isEmpty()) {
            problem(table, key, "delivery_address lacks " + String.join(", ", missing),
                    "imported without an address (the customer enters it again)");
            return null;
        }
        StringBuilder out = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (v != null) {
                out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":\"").append(escape(v)).append('"');
            }
        });
        return new Json(out.append('}').toString());
    }

    private String phone(String table, String key, String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.length() == 10) {
            digits = "1" + digits; // a US number without its country code
        }
        if (digits.length() < 7 || digits.length() > 15) {
            problem(table, key, "phone " + phone + " is not a phone number", "imported without phone");
            return null;
        }
        return "+" + digits;
    }

    private Map<String, BigDecimal> dimensions(String table, String key, String json) {
        Map<String, BigDecimal> out = new HashMap<>();
        if (json == null) {
            return out;
        }
        for (String side : List.of("length", "width", "height")) {
            String value = json(json, side);
            try {
                BigDecimal number = value == null ? null : positive(new BigDecimal(value));
                if (number == null) {
                    problem(table, key, "dimensions lack a positive " + side, "imported without dimensions");
                    out.clear();
                    return out;
                }
                out.put(side, number);
            } catch (NumberFormatException e) {
                problem(table, key, "dimension " + side + " is " + value, "imported without dimensions");
                out.clear();
                return out;
            }
        }
        return out;
    }

    private List<UUID> known(String table, String key, String line, List<UUID> ids) {
        List<UUID> kept = new ArrayList<>();
        for (UUID id : ids) {
            if (items.contains(id)) {
                kept.add(id);
            } else {
                problem(table, key, line + " item " + id + " is not imported", "imported without that item");
            }
        }
        return kept;
    }

    /** A top-level field of a JSON object, as text (numbers too); null when absent or JSON null. */
    static String json(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|(-?[0-9.eE+]+)|null|true|false)")
                .matcher(json);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2).replace("\\\"", "\"").replace("\\\\", "\\") : m.group(3);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) {
            if (value != null && !value.toString().isBlank()) {
                out.add(value.toString().strip());
            }
        }
        return out;
    }

    private static List<UUID> uuids(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).filter(java.util.Objects::nonNull)
                .map(v -> v instanceof UUID u ? u : UUID.fromString(v.toString())).toList();
    }

    private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        if (column == null) {
            return OffsetDateTime.now(ZoneOffset.UTC);
        }
        return rs.getObject(column, OffsetDateTime.class);
    }

    private static OffsetDateTime optionalTime(ResultSet rs, String column) throws SQLException {
        try {
            rs.findColumn(column);
        } catch (SQLException absent) {
            return null;
        }
        return time(rs, column);
    }

    private static boolean bool(ResultSet rs, String column) throws SQLException {
        return rs.getBoolean(column);
    }

    private static BigDecimal positive(BigDecimal value) {
        return value == null || value.signum() <= 0 ? null : value;
    }

    private static String trim(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String lower(String value) {
        String v = trim(value);
        return v == null ? null : v.toLowerCase(Locale.ROOT);
    }

    private static String upper(String value) {
        String v = trim(value);
        return v == null ? null : v.toUpperCase(Locale.ROOT);
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }
}
