package com.valet.inventory.search;

import com.valet.inventory.item.Item;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ranked keyword search within one customer's items: every word must match label, tags or description
 * (as a prefix, so "bik" finds "bike"); label matches rank above tags, tags above description.
 */
@ApplicationScoped
public class ItemSearch {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final int MAX_WORDS = 8;
    // every mapped column of Item, and only those (search_vector is not mapped)
    private static final String SEARCH = "SELECT id, owner_id, label, description, category, status, photo_paths,"
            + " qr_code, weight_lbs, length_in, width_in, height_in, cubic_feet, tags, location_code, current_action_id,"
            + " physical_locked_at, version, created_at, updated_at, deleted_at FROM item"
            + " WHERE owner_id = :owner AND deleted_at IS NULL AND (:storedOnly = false OR status = 'stored')"
            + " AND search_vector @@ to_tsquery('english', :query)"
            + " ORDER BY ts_rank(search_vector, to_tsquery('english', :query)) DESC, created_at DESC, id"
            + " LIMIT :limit";

    /** The words of a search text as a prefix tsquery ({@code bik:* & red:*}); empty if it has no words. */
    static Optional<String> tsQuery(String text) {
        Matcher words = WORD.matcher(text.toLowerCase(Locale.ROOT));
        StringBuilder query = new StringBuilder();
        int count = 0;
        while (words.find() && count < MAX_WORDS) {
            if (count++ > 0) {
                query.append(" & ");
            }
            query.append(words.group()).append(":*");
        }
        return count == 0 ? Optional.empty() : Optional.of(query.toString());
    }

    @WithSession
    public Uni<List<Item>> search(UUID owner, String tsQuery, boolean storedOnly, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(SEARCH, Item.class)
                .setParameter("owner", owner)
                .setParameter("storedOnly", storedOnly)
                .setParameter("query", tsQuery)
                .setParameter("limit", limit)
                .getResultList());
    }
}
