package com.valet.legacyimport;

import com.valet.devstack.DevStack;
import com.valet.devstack.Ports;
import com.valet.devstack.PostgresServer;
import com.valet.devstack.SchemaProvisioner;
import com.valet.devstack.ServiceSchema;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The import against a legacy database shaped like the seed (schemas, enums, arrays, jsonb, a generated column,
 * the SECURITY DEFINER functions) with realistic and dirty rows, into a target made by the services' own Flyway
 * migrations: dry run, an interrupted run and its resumption, a second run, verification.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LegacyImportTest {
    private static final String C = "00000000-0000-4000-8000-0000000000c";
    private static final String ID = "00000000-0000-4000-8000-0000000000";
    private static Path dir;
    private static PostgresServer postgres;

    @BeforeAll
    static void databases() throws Exception {
        dir = Files.createTempDirectory("valet-legacy-");
        postgres = new PostgresServer(dir.resolve("pg"), Ports.free(), false).start();
        try (Connection admin = postgres.connectAsSuperuser("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE legacy");
        }
        try (Connection legacy = postgres.connectAsSuperuser("legacy"); Statement sql = legacy.createStatement()) {
            sql.execute(resource("legacy/schema.sql"));
            sql.execute(resource("legacy/rows.sql"));
        }
        new SchemaProvisioner(postgres, DevStack.DATABASE).provision();
        Path repo = Path.of(System.getProperty("valet.repo", "..")).toAbsolutePath().normalize();
        for (ServiceSchema service : ServiceSchema.values()) {
            Flyway.configure()
                    .dataSource(postgres.jdbcUrl(DevStack.DATABASE), service.role(), service.devPassword())
                    .schemas(service.schema()).defaultSchema(service.schema()).createSchemas(false)
                    .locations("filesystem:" + repo.resolve(service.serviceName() + "/src/main/resources/db/migration"),
                            "filesystem:" + repo.resolve("event-outbox/src/main/resources/db/event-outbox"))
                    .load().migrate();
        }
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
        DevStack.deleteRecursively(dir);
    }

    @Test
    @Order(1)
    void theDryRunReportsEveryProblemWithItsHandlingAndWritesNothing() throws Exception {
        Result dry = command("dry-run");
        System.out.println(dry.output());
        assertEquals(0, dry.exit(), dry.output());
        List<String> expected = List.of(
                "public.service_areas ABCDE ZIP is not 5 digits -> skipped",
                "public.customer_profile " + C + "3 delivery_address lacks zip -> imported without an address",
                "public.customer_profile " + C + "4 out_of_service_area was false but ZIP 10001 is not served -> re-derived: true",
                "public.customer_profile " + C + "5 phone call me is not a phone number -> imported without phone",
                "public.customer_profile " + C + "6 billing.customers says Stripe customer cus_fay_other, the profile cus_fay -> kept the profile's",
                "public.items " + ID + "14 QR code SV-26-12 is not SV-YYYY-NNNNNN -> a fresh QR code of 2026",
                "public.items " + ID + "15 no description -> imported with the label as description",
                "public.items " + ID + "16 no photo (1-5 are required) -> skipped",
                "public.items " + ID + "18 dimensions lack a positive width -> imported without dimensions",
                "public.inventory_events " + ID + "24 its item " + ID + "16 is not imported -> skipped",
                "public.claims " + ID + "52 claim already approved in the legacy system -> skipped",
                "public.actions " + ID + "32 pickup item " + ID + "99 is not imported -> imported without that item",
                "public.actions " + ID + "33 no address to visit",
                "public.actions " + ID + "34 a confirmed action without scheduled_start -> skipped",
                "public.booking_events " + ID + "43 its action " + ID + "33 is not imported -> skipped",
                "billing.webhook_events evt_legacy_2 never processed in the legacy system -> imported unprocessed",
                "sv.staff " + ID + "62 unknown role janitor or no name -> skipped");
        List<String> reported = dry.output().lines().filter(l -> l.contains(" -> ")).map(l -> l.strip().replaceAll("\\s+", " ")).toList();
        assertEquals(expected.size(), reported.size(), dry.output());
        for (String problem : expected) {
            assertTrue(reported.stream().anyMatch(line -> line.startsWith(problem)), "reported: " + problem + "\n" + dry.output());
        }
        assertTrue(dry.output().contains("Problems (17; 8 rows skipped)"), dry.output());
        assertEquals(0, count("SELECT count(*) FROM inventory.item") + count("SELECT count(*) FROM booking.customer_profile")
                + count("SELECT count(*) FROM billing.customers"), "a dry run writes nothing");
    }

    @Test
    @Order(2)
    void anInterruptedRunContinuesWhereItStoppedAndImportsEveryRowKeepingIdsCodesAndTrails() throws Exception {
        Result first = command("run", "--emit-events", "--stop-after=5");
        assertEquals(0, first.exit(), first.output());
        assertTrue(first.output().contains("stopped after"), first.output());
        long partial = count("SELECT count(*) FROM booking.service_area") + count("SELECT count(*) FROM booking.customer_profile")
                + count("SELECT count(*) FROM billing.customers") + count("SELECT count(*) FROM inventory.item");
        assertTrue(partial > 0 && partial < 2 + 7 + 8 + 7, "part of the data is in: " + partial);

        Result rest = command("run", "--emit-events");
        System.out.println(rest.output().substring(rest.output().indexOf("Writing:")));
        assertEquals(0, rest.exit(), rest.output());
        assertEquals(Map.of("booking.service_area", 2L, "booking.customer_profile", 7L, "billing.customers", 8L,
                "inventory.item", 7L, "inventory.inventory_event", 3L, "inventory.claim", 1L, "booking.action", 3L,
                "booking.booking_event", 3L, "billing.webhook_events", 2L, "ops.staff", 1L), counts(
                "booking.service_area", "booking.customer_profile", "billing.customers", "inventory.item",
                "inventory.inventory_event", "inventory.claim", "booking.action", "booking.booking_event",
                "billing.webhook_events", "ops.staff"));
        assertEquals(1, count("SELECT count(*) FROM billing.referrals"));
        assertEquals(1, count("SELECT count(*) FROM inventory.container_type"));

        // ids, QR codes and timestamps kept; a fresh code for the malformed one, after the highest imported of its year
        assertEquals("SV-2025-000101|Winter coats|stored|2025-03-02 00:00:00+00|24.00|3.000", text(
                "SELECT qr_code || '|' || label || '|' || status || '|' || created_at || '|' || length_in || '|' || cubic_feet"
                        + " FROM inventory.item WHERE id = '" + ID + "11'"));
        assertEquals("SV-2026-000008", text("SELECT qr_code FROM inventory.item WHERE id = '" + ID + "14'"));
        assertEquals("Chair", text("SELECT description FROM inventory.item WHERE id = '" + ID + "15'"));
        assertEquals(null, text("SELECT length_in::text FROM inventory.item WHERE id = '" + ID + "18'"));
        assertEquals("150", text("SELECT last_value::text FROM inventory.qr_counter WHERE year = 2025"));
        assertEquals("8", text("SELECT last_value::text FROM inventory.qr_counter WHERE year = 2026"));

        // profile columns in booking, subscription columns in billing
        assertEquals("ana@example.com|Ana Alvarez|+15125550101|78701|false", text("SELECT email || '|' || full_name || '|' || phone"
                + " || '|' || (delivery_address ->> 'zip') || '|' || out_of_service_area FROM booking.customer_profile"
                + " WHERE user_id = '" + C + "1'"));
        assertEquals("true|null", text("SELECT out_of_service_area || '|' || COALESCE(delivery_address::text, 'null')"
                + " FROM booking.customer_profile WHERE user_id = '" + C + "3'"));
        assertEquals("cus_dee|past_due|true|true", text("SELECT stripe_customer_id || '|' || subscription_status || '|'"
                + " || out_of_service_area || '|' || needs_manual_refund FROM billing.customers WHERE user_id = '" + C + "4'"));
        assertEquals("cus_hal|inactive", text("SELECT stripe_customer_id || '|' || subscription_status FROM billing.customers"
                + " WHERE user_id = '" + C + "8'"));
        assertEquals("trialing|2026-01-15 00:00:00+00", text("SELECT subscription_status || '|' || trial_end FROM billing.customers"
                + " WHERE user_id = '" + C + "2'"));

        // actions: address from the profile, the missing item dropped, history kept
        assertEquals("{" + ID + "13}|9 Oak Ave", text("SELECT pickup_item_ids::text || '|' || (address ->> 'street')"
                + " FROM booking.action WHERE id = '" + ID + "32'"));
        assertEquals("canceled|2025-12-11 00:00:00+00", text("SELECT status || '|' || canceled_at FROM booking.action"
                + " WHERE id = '" + ID + "35'"));
        assertEquals("calendly_webhook|2025-03-02 02:00:00+00", text("SELECT event_type || '|' || created_at FROM"
                + " booking.booking_event WHERE id = '" + ID + "42'"));
        assertEquals("stored|{\"location\": \"A-1-1\"}", text("SELECT event_type || '|' || event_data FROM"
                + " inventory.inventory_event WHERE id = '" + ID + "22'"));
        assertEquals(1, count("SELECT count(*) FROM billing.webhook_events WHERE processed_at IS NULL"));
        assertEquals("friend@example.com|pending", text("SELECT referred_email || '|' || status FROM billing.referrals"));

        // --emit-events: what the read models need, through each owner's outbox
        assertEquals(7, count("SELECT count(*) FROM inventory.event_outbox WHERE topic = 'item-moved'"));
        assertEquals(6, count("SELECT count(*) FROM billing.event_outbox WHERE topic = 'subscription-changed'"));
        assertEquals(2, count("SELECT count(*) FROM booking.event_outbox WHERE topic = 'customer-area-changed'"));
        assertEquals("3", text("SELECT rows_done::text FROM legacy_import.progress WHERE target = 'booking.action'"));
        assertEquals(12, count("SELECT count(*) FROM legacy_import.progress WHERE finished_at IS NOT NULL"), "every table done");
    }

    @Test
    @Order(3)
    void aSecondRunChangesNothing() throws Exception {
        Map<String, Long> before = counts("inventory.item", "booking.customer_profile", "billing.customers", "booking.action",
                "inventory.event_outbox", "billing.event_outbox", "booking.event_outbox", "inventory.qr_counter");
        String qr = text("SELECT string_agg(qr_code, ',' ORDER BY id) FROM inventory.item");
        Result again = command("run", "--emit-events");
        assertEquals(0, again.exit(), again.output());
        assertTrue(again.output().contains("Done: 0 rows written in this run, 0 events"), again.output());
        assertEquals(before, counts("inventory.item", "booking.customer_profile", "billing.customers", "booking.action",
                "inventory.event_outbox", "billing.event_outbox", "booking.event_outbox", "inventory.qr_counter"));
        assertEquals(qr, text("SELECT string_agg(qr_code, ',' ORDER BY id) FROM inventory.item"));
        assertEquals("8", text("SELECT last_value::text FROM inventory.qr_counter WHERE year = 2026"));
    }

    @Test
    @Order(4)
    void verificationComparesCountsAndChecksumsAndNoticesADifference() throws Exception {
        Result verified = command("verify");
        System.out.println(verified.output());
        assertEquals(0, verified.exit(), verified.output());
        assertTrue(verified.output().contains("Verified"), verified.output());
        assertFalse(verified.output().contains("DIFFERENT"), verified.output());
        assertTrue(verified.output().contains("inventory.item"), verified.output());

        execute("UPDATE inventory.item SET label = 'Summer coats' WHERE id = '" + ID + "11'");
        try {
            Result different = command("verify");
            assertEquals(1, different.exit(), different.output());
            assertTrue(different.output().lines().anyMatch(l -> l.contains("inventory.item") && l.contains("DIFFERENT")),
                    different.output());
        } finally {
            execute("UPDATE inventory.item SET label = 'Winter coats' WHERE id = '" + ID + "11'");
        }
    }

    @Test
    @Order(5)
    void passwordsComeFromTheEnvironmentAndAreNeverPrinted() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = new LegacyImport(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(new String[] {"explode"}, Map.of());
        assertEquals(2, exit);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("usage:"), bytes.toString(StandardCharsets.UTF_8));
        Result run = command("dry-run");
        assertFalse(run.output().contains("s3cret-legacy"), "no password in the output");
    }

    // ---- helpers ----

    private record Result(int exit, String output) {
    }

    private static Result command(String... args) throws SQLException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--source=" + postgres.jdbcUrl("legacy"));
        all.add("--source-user=" + PostgresServer.SUPERUSER);
        all.add("--target=" + postgres.jdbcUrl(DevStack.DATABASE));
        all.add("--target-user=" + PostgresServer.SUPERUSER);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = new LegacyImport(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(all.toArray(String[]::new),
                Map.of("LEGACY_SOURCE_PASSWORD", "s3cret-legacy", "VALET_TARGET_PASSWORD", "s3cret-target"));
        return new Result(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    private static Map<String, Long> counts(String... tables) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        for (String table : tables) {
            counts.put(table, count("SELECT count(*) FROM " + table));
        }
        return counts;
    }

    private static long count(String sql) throws SQLException {
        return Long.parseLong(text(sql));
    }

    private static String text(String sql) throws SQLException {
        try (Connection c = postgres.connectAsSuperuser(DevStack.DATABASE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = postgres.connectAsSuperuser(DevStack.DATABASE); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String resource(String name) throws IOException {
        try (var in = LegacyImportTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
