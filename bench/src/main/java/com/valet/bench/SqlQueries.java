package com.valet.bench;

import com.valet.devstack.DevStack;
import com.valet.devstack.PostgresServer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Keyword search straight in SQL, so that the comparison is the database's work alone: the seed's ILIKE
 * query on the unindexed copy and on {@code inventory.item}, against the service's full-text query.
 */
final class SqlQueries {
    /** The service's columns: everything but the search vector, which it never reads. */
    private static final String ITEM_COLUMNS = "id, owner_id, label, description, category, status, photo_paths,"
            + " qr_code, weight_lbs, length_in, width_in, height_in, cubic_feet, tags, location_code,"
            + " physical_locked_at, version, created_at, updated_at, deleted_at";
    /** The seed's filter, word for word but for the table's name and auth.uid() as a parameter. */
    private static final String SEED_KEYWORD_MATCH =
            "(label ILIKE ? OR description ILIKE ? OR ? = ANY(tags))";
    /** ItemSearch's query with stored_only=true: owner, live, stored, prefix tsquery, ranked, 20 rows. */
    private static final String FULL_TEXT = "SELECT " + ITEM_COLUMNS + " FROM inventory.item"
            + " WHERE owner_id = ? AND deleted_at IS NULL AND status = 'stored'"
            + " AND search_vector @@ to_tsquery('english', ?)"
            + " ORDER BY ts_rank(search_vector, to_tsquery('english', ?)) DESC, created_at DESC, id LIMIT 20";

    private final PostgresServer postgres;
    private final Population population;

    SqlQueries(PostgresServer postgres, Population population) {
        this.postgres = postgres;
        this.population = population;
    }

    /** A parameterised query and how a drawn customer and keyword fill it in. */
    record Query(String name, String sql, Binder binder) {
    }

    interface Binder {
        void bind(PreparedStatement statement, UUID customer, String keyword) throws SQLException;
    }

    Query fullText() {
        return new Query("SQL full-text, GIN (the service's query)", FULL_TEXT, (s, customer, keyword) -> {
            s.setObject(1, customer);
            s.setString(2, keyword + ":*");
            s.setString(3, keyword + ":*");
        });
    }

    Query seedIlikeOnItem() {
        return new Query("SQL seed ILIKE on inventory.item (owner index)", "SELECT " + ITEM_COLUMNS
                + " FROM inventory.item WHERE owner_id = ? AND deleted_at IS NULL AND status = 'stored' AND "
                + SEED_KEYWORD_MATCH, SqlQueries::bindOwnerAndPattern);
    }

    Query seedIlikeUnindexed() {
        return new Query("SQL seed ILIKE on bench_seed.items (no index)", "SELECT * FROM bench_seed.items"
                + " WHERE user_id = ? AND status = 'stored' AND " + SEED_KEYWORD_MATCH,
                SqlQueries::bindOwnerAndPattern);
    }

    /** Staff search over every customer: the 20 newest stored matches, so both sides sort the same way. */
    Query staffFullText() {
        return new Query("SQL staff-wide full-text, GIN", "SELECT " + ITEM_COLUMNS + " FROM inventory.item"
                + " WHERE deleted_at IS NULL AND status = 'stored' AND search_vector @@ to_tsquery('english', ?)"
                + " ORDER BY created_at DESC LIMIT 20", (s, customer, keyword) -> s.setString(1, keyword + ":*"));
    }

    Query staffIlikeUnindexed() {
        return new Query("SQL staff-wide ILIKE on bench_seed.items", "SELECT * FROM bench_seed.items"
                + " WHERE status = 'stored' AND " + SEED_KEYWORD_MATCH + " ORDER BY created_at DESC LIMIT 20",
                (s, customer, keyword) -> bindPattern(s, 1, keyword));
    }

    private static void bindOwnerAndPattern(PreparedStatement s, UUID customer, String keyword) throws SQLException {
        s.setObject(1, customer);
        bindPattern(s, 2, keyword);
    }

    private static void bindPattern(PreparedStatement s, int first, String keyword) throws SQLException {
        s.setString(first, "%" + keyword + "%");
        s.setString(first + 1, "%" + keyword + "%");
        s.setString(first + 2, keyword);
    }

    /** The query under load: one connection per load thread, as a pool would give. */
    Workload workload(Query query) {
        return new Workload() {
            @Override
            public String name() {
                return query.name();
            }

            @Override
            public Session open() throws SQLException {
                Connection connection = postgres.connectAsSuperuser(DevStack.DATABASE);
                PreparedStatement statement = connection.prepareStatement(query.sql());
                return new Session() {
                    @Override
                    public int run(SplittableRandom random) throws SQLException {
                        // Drawn in the same order as ServiceQueries: the same customers and keywords.
                        Population.Customer customer = population.pick(random);
                        String keyword = Vocabulary.keyword(random);
                        query.binder().bind(statement, customer.id(), keyword);
                        int rows = 0;
                        try (ResultSet rs = statement.executeQuery()) {
                            while (rs.next()) {
                                rows++;
                            }
                        }
                        return rows;
                    }

                    @Override
                    public void close() throws SQLException {
                        connection.close();
                    }
                };
            }
        };
    }

    /** PostgreSQL's plan for one customer and keyword, as run (EXPLAIN ANALYZE). */
    List<String> explain(Query query, UUID customer, String keyword) throws SQLException {
        List<String> plan = new ArrayList<>();
        try (Connection connection = postgres.connectAsSuperuser(DevStack.DATABASE);
             PreparedStatement statement = connection.prepareStatement(
                     "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + query.sql())) {
            query.binder().bind(statement, customer, keyword);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
        }
        return plan;
    }
}
