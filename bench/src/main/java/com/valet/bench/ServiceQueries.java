package com.valet.bench;

import com.valet.devstack.SupabaseAuthStub;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed's item queries as customers send them to inventory-service: each request as a random customer,
 * with that customer's own Supabase-shaped JWT, so the service does everything it does in production
 * (token check, owner scoping, JSON).
 */
final class ServiceQueries {
    private static final Pattern NEXT_CURSOR = Pattern.compile("\"next_cursor\":\"([^\"]+)\"");
    /** One per item in a list or search answer: counting it is cheaper than parsing the JSON. */
    private static final String ITEM_FIELD = "\"qr_code\":";
    /** A deep page starts after at least this many of the customer's items. */
    static final int DEEP_PAGE_AFTER = 250;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "http-client");
                thread.setDaemon(true);
                return thread;
            }))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;
    private final Population population;
    private final String[] tokens;
    private List<DeepPage> deepPages = List.of();

    /** A cursor deep into one customer's list, and that customer's token. */
    private record DeepPage(String token, String cursor) {
    }

    ServiceQueries(String baseUrl, Population population, SupabaseAuthStub auth) {
        this.baseUrl = baseUrl;
        this.population = population;
        this.tokens = new String[population.size()];
        for (Population.Customer customer : population.customers()) {
            tokens[customer.index()] = auth.customerToken(customer.id(),
                    "customer-" + customer.index() + "@bench.valet.local", Duration.ofHours(12));
        }
    }

    /** {@code GET /items}: the first page (50), newest first; seed query 1. */
    Workload listFirstPage() {
        return workload("GET /items (first page)", (customer, keyword) -> get("/items", tokens[customer.index()]));
    }

    /** {@code GET /items?after=...}: a page deep in a large catalogue, reached by its keyset cursor. */
    Workload listDeepPage() {
        if (deepPages.isEmpty()) {
            throw new IllegalStateException("findDeepPages first");
        }
        return new Workload() {
            @Override
            public String name() {
                return "GET /items?after= (deep page)";
            }

            @Override
            public Session open() {
                return random -> {
                    DeepPage page = deepPages.get(random.nextInt(deepPages.size()));
                    return items(get("/items?after=" + page.cursor(), page.token()));
                };
            }
        };
    }

    /** {@code GET /items/search?q=kw&stored_only=true}: seed query 2, full-text over the GIN index. */
    Workload search() {
        return workload("GET /items/search?q=kw&stored_only=true", (customer, keyword) ->
                get("/items/search?stored_only=true&q=" + URLEncoder.encode(keyword, StandardCharsets.UTF_8),
                        tokens[customer.index()]));
    }

    /**
     * Walks the lists of up to {@code count} customers with more than {@link #DEEP_PAGE_AFTER} items to
     * their last page through {@code next_cursor}: the service issues the cursors, the benchmark never
     * forges one.
     */
    int findDeepPages(int count, SplittableRandom random) throws IOException, InterruptedException {
        List<Population.Customer> large = new ArrayList<>(population.customers().stream()
                .filter(c -> c.items() > DEEP_PAGE_AFTER + 50).toList());
        List<DeepPage> found = new ArrayList<>();
        while (!large.isEmpty() && found.size() < count) {
            Population.Customer customer = large.remove(random.nextInt(large.size()));
            String token = tokens[customer.index()];
            String cursor = null;
            int seen = 0;
            Optional<String> next = nextCursor(get("/items", token));
            while (next.isPresent()) {
                cursor = next.get();
                seen += 50;
                next = nextCursor(get("/items?after=" + cursor, token));
            }
            if (cursor != null && seen >= DEEP_PAGE_AFTER) {
                found.add(new DeepPage(token, cursor));
            }
        }
        deepPages = List.copyOf(found);
        return deepPages.size();
    }

    private Workload workload(String name, BiFunction<Population.Customer, String, String> request) {
        return new Workload() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Session open() {
                return random -> {
                    // Both drawn always, so every workload sees the same sequence of customers.
                    Population.Customer customer = population.pick(random);
                    String keyword = Vocabulary.keyword(random);
                    return items(request.apply(customer, keyword));
                };
            }
        };
    }

    /** The body of a 200 answer; any other status fails the run. */
    private String get(String path, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int items(String body) {
        int count = 0;
        for (int i = body.indexOf(ITEM_FIELD); i >= 0; i = body.indexOf(ITEM_FIELD, i + 1)) {
            count++;
        }
        return count;
    }

    private static Optional<String> nextCursor(String body) {
        Matcher matcher = NEXT_CURSOR.matcher(body);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
