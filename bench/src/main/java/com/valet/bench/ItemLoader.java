package com.valet.bench;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * Fills {@code inventory.item} (already migrated by the service) inside PostgreSQL with
 * {@code INSERT ... SELECT ... generate_series}, then copies it into {@code bench_seed.items}, the seed's
 * table shape with no index but its primary key. Runs as the superuser: the load is not the service's
 * business, and the copy lives outside the service's schema.
 */
final class ItemLoader {
    /** Items per INSERT statement: bounds each statement's sort and prints progress. */
    private static final long CHUNK_ITEMS = 100_000;
    /** QR numbers are six digits per year, so 1M items need labels over several years. */
    private static final int LABELS_PER_YEAR = 500_000;

    private static final String CUSTOMERS = """
            INSERT INTO bench_seed.customer (idx, id, items, first_item)
            SELECT * FROM unnest(?::int[], ?::uuid[], ?::int[], ?::bigint[])""";

    /*
     * The inner query draws every random value once per item (PostgreSQL does not inline a subquery with
     * volatile functions, so each value is the same wherever the outer query uses it). ORDER BY created_at:
     * customers add items over time, so one customer's items lie scattered over the table's pages, as
     * they would in production, not side by side.
     */
    private static final String ITEMS = """
            WITH v AS (SELECT ?::text[] AS nouns, ?::text[] AS adjectives, ?::text[] AS rooms, ?::text[] AS notes,
                              ?::text[] AS tags, ?::text[] AS categories)
            INSERT INTO inventory.item (id, owner_id, label, description, category, status, photo_paths, qr_code,
                weight_lbs, length_in, width_in, height_in, tags, location_code, physical_locked_at, version,
                created_at, updated_at, deleted_at)
            SELECT gen_random_uuid(), d.owner_id, d.adjective || ' ' || d.noun,
                   format('%s %s from the %s, %s. Packed with the %s.', initcap(d.adjective), d.noun, d.room,
                          d.note, d.other_noun),
                   d.category, d.status, ARRAY[d.owner_id || '/' || gen_random_uuid() || '.jpg'],
                   format('SV-%s-%s', 2020 + d.n / ?, lpad((d.n % ? + 1)::text, 6, '0')),
                   d.weight, d.length, d.width, d.height,
                   ARRAY(SELECT DISTINCT v.tags[1 + floor(random() * cardinality(v.tags))::int]
                         FROM v, generate_series(1, (d.n % 4)::int)),
                   CASE WHEN d.status = 'stored'
                        THEN format('%s-%s-%s', chr(65 + (d.n % 8)::int), d.n / 8 % 40 + 1, d.n % 5 + 1) END,
                   CASE WHEN d.status IN ('stored', 'in_transit') THEN d.created_at + interval '7 days' END,
                   0, d.created_at, d.created_at,
                   CASE WHEN d.status = 'home' AND d.deleted < 0.03 THEN d.created_at + interval '1 day' END
            FROM (SELECT c.id AS owner_id, c.first_item + k - 1 AS n,
                         v.adjectives[1 + floor(random() * cardinality(v.adjectives))::int] AS adjective,
                         v.nouns[1 + floor(power(random(), 2) * cardinality(v.nouns))::int] AS noun,
                         v.nouns[1 + floor(power(random(), 2) * cardinality(v.nouns))::int] AS other_noun,
                         v.rooms[1 + floor(random() * cardinality(v.rooms))::int] AS room,
                         v.notes[1 + floor(random() * cardinality(v.notes))::int] AS note,
                         v.categories[1 + floor(random() * cardinality(v.categories))::int] AS category,
                         (ARRAY['stored', 'home', 'scheduled', 'in_transit'])[
                             width_bucket(random(), ARRAY[0, 0.75, 0.9, 0.95]::float8[])] AS status,
                         random() AS deleted,
                         round((0.5 + random() * 80)::numeric, 2) AS weight,
                         round((4 + random() * 60)::numeric, 1) AS length,
                         round((4 + random() * 40)::numeric, 1) AS width,
                         round((2 + random() * 40)::numeric, 1) AS height,
                         timestamptz '2023-01-01 00:00:00+00' + random() * interval '1380 days' AS created_at
                  FROM v, bench_seed.customer c, generate_series(1, c.items) AS k
                  WHERE c.idx >= ? AND c.idx < ?) d
            ORDER BY d.created_at""";

    /** The seed's columns (user_id as it was named there); no search vector, no index but the key. */
    private static final String SEED_COPY = """
            CREATE TABLE bench_seed.items AS
            SELECT id, owner_id AS user_id, label, description, category, status, photo_paths, qr_code, weight_lbs,
                   length_in, width_in, height_in, cubic_feet, tags, location_code, created_at, updated_at
            FROM inventory.item WHERE deleted_at IS NULL""";

    private final Connection admin;
    private final PrintStream out;

    ItemLoader(Connection admin, PrintStream out) {
        this.admin = admin;
        this.out = out;
    }

    void load(Population population) throws SQLException {
        long start = System.nanoTime();
        admin.setAutoCommit(true); // VACUUM cannot run in a transaction
        execute("DROP SCHEMA IF EXISTS bench_seed CASCADE");
        execute("CREATE SCHEMA bench_seed");
        execute("CREATE TABLE bench_seed.customer (idx int PRIMARY KEY, id uuid NOT NULL, items int NOT NULL,"
                + " first_item bigint NOT NULL)");
        insertCustomers(population.customers());
        execute("SELECT setseed(0.42)"); // the same items every run
        insertItems(population, start);
        step("VACUUM ANALYZE inventory.item", start);
        step(SEED_COPY, start);
        step("ALTER TABLE bench_seed.items ADD PRIMARY KEY (id)", start);
        step("VACUUM ANALYZE bench_seed.items", start);
        out.printf("Loaded %,d items in %.0f s: inventory.item %s (with indexes), bench_seed.items %s%n",
                population.items(), seconds(start), size("inventory.item"), size("bench_seed.items"));
    }

    private void insertCustomers(List<Population.Customer> customers) throws SQLException {
        try (PreparedStatement insert = admin.prepareStatement(CUSTOMERS)) {
            insert.setArray(1, admin.createArrayOf("int4",
                    customers.stream().map(Population.Customer::index).toArray()));
            insert.setArray(2, admin.createArrayOf("uuid", customers.stream().map(Population.Customer::id)
                    .toArray(UUID[]::new)));
            insert.setArray(3, admin.createArrayOf("int4",
                    customers.stream().map(Population.Customer::items).toArray()));
            insert.setArray(4, admin.createArrayOf("int8",
                    customers.stream().map(Population.Customer::firstItem).toArray()));
            insert.executeUpdate();
        }
    }

    private void insertItems(Population population, long start) throws SQLException {
        List<Population.Customer> customers = population.customers();
        try (PreparedStatement insert = admin.prepareStatement(ITEMS)) {
            int p = 1;
            for (List<String> words : List.of(Vocabulary.NOUNS, Vocabulary.ADJECTIVES, Vocabulary.ROOMS,
                    Vocabulary.NOTES, Vocabulary.TAGS, Vocabulary.CATEGORIES)) {
                insert.setArray(p++, admin.createArrayOf("text", words.toArray()));
            }
            insert.setInt(p++, LABELS_PER_YEAR);
            insert.setInt(p++, LABELS_PER_YEAR);
            int from = 0;
            long done = 0;
            while (from < customers.size()) {
                int to = from;
                long chunk = 0;
                while (to < customers.size() && chunk < CHUNK_ITEMS) {
                    chunk += customers.get(to++).items();
                }
                insert.setInt(p, from);
                insert.setInt(p + 1, to);
                done += insert.executeUpdate();
                out.printf("  %,d / %,d items (%.0f s)%n", done, population.items(), seconds(start));
                from = to;
            }
        }
    }

    private void step(String sql, long start) throws SQLException {
        execute(sql);
        out.printf("  %s (%.0f s)%n", sql.lines().findFirst().orElse(sql), seconds(start));
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }

    private String size(String table) throws SQLException {
        try (Statement statement = admin.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_size_pretty(pg_total_relation_size('" + table + "'))")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
