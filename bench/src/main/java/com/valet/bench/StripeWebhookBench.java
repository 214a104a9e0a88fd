package com.valet.bench;

import com.valet.devstack.AppProcess;
import com.valet.devstack.DevStack;
import com.valet.devstack.Ports;
import com.valet.devstack.ServiceSchema;
import com.valet.devstack.testing.WebhookSignature;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stripe webhook ingestion by the packaged billing-service: signed deliveries (HMAC-SHA256 over the exact
 * bytes, checked by stripe-java), the idempotent insert into webhook_events, the processing, the ledger and
 * the outbox, in one request each. Each customer's events go in Stripe's order (checkout, subscription,
 * invoices); a fifth of the deliveries are redeliveries of an event sent earlier (Stripe retries, re-signed
 * with a new timestamp). Afterwards the database says whether every distinct event was applied exactly once.
 * Run it with {@code bench/billing.sh}.
 */
public final class StripeWebhookBench {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final PrintStream out = System.out;
    private final Path repo = Path.of(System.getProperty("valet.repo", ".")).toAbsolutePath().normalize();
    private int customers = 400;
    private int invoices = 3;
    private int duplicatePercent = 20;
    private int concurrency = 8;

    public static void main(String[] args) throws Exception {
        StripeWebhookBench bench = new StripeWebhookBench();
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            int value = Integer.parseInt(kv[1]);
            switch (kv[0]) {
                case "customers" -> bench.customers = value;
                case "invoices" -> bench.invoices = value;
                case "duplicates" -> bench.duplicatePercent = value;
                case "concurrency" -> bench.concurrency = value;
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        bench.run();
        System.exit(0);
    }

    /** One delivery: the event's bytes, and whether it repeats an event already sent. */
    private record Delivery(String eventId, String type, byte[] body, boolean redelivery) {
    }

    private void run() throws Exception {
        DevStack stack = DevStack.sharedForTests();
        AppProcess billing = AppProcess.service(repo, ServiceSchema.BILLING, Ports.free(), stack,
                repo.resolve("bench/target/logs")).withJvmOptions(InventoryBench.SERVICE_JVM_OPTIONS);
        if (!billing.isBuilt()) {
            throw new IllegalStateException(billing.notBuiltMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> billing.stop(Duration.ofSeconds(10)), "bench-stop"));
        billing.start();
        billing.awaitReady(READY_TIMEOUT);
        String secret = DevStack.devSettings(ServiceSchema.BILLING).get("valet.stripe.webhook-secret");

        // Each load thread owns whole customers, so a customer's events arrive in Stripe's order.
        SplittableRandom random = new SplittableRandom(11);
        List<List<Delivery>> lanes = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            lanes.add(new ArrayList<>());
        }
        long created = Instant.now().getEpochSecond() - 3600;
        int distinct = 0;
        int invoicePaid = 0;
        for (int c = 0; c < customers; c++) {
            List<Delivery> lane = lanes.get(c % concurrency);
            List<Delivery> sent = new ArrayList<>();
            UUID user = UUID.randomUUID();
            String hex = user.toString().replace("-", "");
            String cus = "cus_" + hex.substring(0, 14);
            String sub = "sub_" + hex.substring(0, 14);
            List<String[]> events = new ArrayList<>();
            events.add(new String[] {"checkout.session.completed", "{\"id\":\"cs_" + hex + "\",\"object\":\"checkout.session\","
                    + "\"mode\":\"subscription\",\"customer\":\"" + cus + "\",\"subscription\":\"" + sub
                    + "\",\"client_reference_id\":\"" + user + "\"}"});
            events.add(new String[] {"customer.subscription.created", "{\"id\":\"" + sub + "\",\"object\":\"subscription\","
                    + "\"customer\":\"" + cus + "\",\"status\":\"active\",\"trial_start\":null,\"trial_end\":null,\"metadata\":{}}"});
            for (int i = 0; i < invoices; i++) {
                events.add(new String[] {"invoice.paid", "{\"id\":\"in_" + hex.substring(0, 12) + i + "\",\"object\":\"invoice\","
                        + "\"customer\":\"" + cus + "\",\"amount_paid\":4900,\"currency\":\"usd\",\"status\":\"paid\","
                        + "\"status_transitions\":{\"paid_at\":" + (created + i) + "},\"parent\":{\"type\":"
                        + "\"subscription_details\",\"subscription_details\":{\"subscription\":\"" + sub + "\"}}}"});
                invoicePaid++;
            }
            for (String[] event : events) {
                String id = "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
                byte[] body = ("{\"id\":\"" + id + "\",\"object\":\"event\",\"api_version\":\"2025-03-31.basil\","
                        + "\"created\":" + (created++) + ",\"livemode\":false,\"pending_webhooks\":1,\"type\":\""
                        + event[0] + "\",\"data\":{\"object\":" + event[1] + "}}").getBytes(StandardCharsets.UTF_8);
                Delivery delivery = new Delivery(id, event[0], body, false);
                lane.add(delivery);
                sent.add(delivery);
                distinct++;
                // a retry of something this customer already had, about duplicatePercent of all deliveries
                if (random.nextInt(100) < duplicatePercent * 100 / (100 - duplicatePercent)) {
                    Delivery again = sent.get(random.nextInt(sent.size()));
                    lane.add(new Delivery(again.eventId(), again.type(), again.body(), true));
                }
            }
        }
        int total = lanes.stream().mapToInt(List::size).sum();
        out.printf("billing-service ready in %.0f s; %,d deliveries of %,d distinct events (%d customers, %d invoices"
                        + " each; %.1f %% redeliveries), %d in flight%n", billing.sinceStart().toMillis() / 1000.0, total,
                distinct, customers, invoices, 100.0 * (total - distinct) / total, concurrency);

        Histogram latencies = new Histogram(3);
        Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        URI endpoint = URI.create(billing.baseUrl() + "/webhooks/stripe");
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (List<Delivery> lane : lanes) {
            Thread thread = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                Histogram mine = new Histogram(3);
                try {
                    for (Delivery delivery : lane) {
                        long sentAt = System.nanoTime();
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                                .header("Content-Type", "application/json; charset=utf-8")
                                .header("Stripe-Signature", WebhookSignature.signNow(delivery.body(), secret))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body())).build(),
                                HttpResponse.BodyHandlers.ofString());
                        mine.recordValue((System.nanoTime() - sentAt) / 1000);
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException(delivery.type() + " answered " + response.statusCode()
                                    + ": " + response.body());
                        }
                        String outcome = response.body().replaceFirst("(?s).*\"outcome\"\\s*:\\s*\"([^\"]+)\".*", "$1");
                        outcomes.computeIfAbsent((delivery.redelivery() ? "redelivery: " : "first: ") + outcome,
                                k -> new AtomicLong()).incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
                synchronized (latencies) {
                    latencies.add(mine);
                }
            }, "stripe-" + threads.size());
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("ingestion failed", failure.get());
        }
        Report report = new Report(out);
        report.header();
        report.row(new Result("POST /webhooks/stripe (signed, 20 % redelivered)", latencies, seconds, total));
        out.println("answers: " + new TreeMap<>(Map.copyOf(outcomes)));

        try (Connection db = stack.postgres().connectAsSuperuser(DevStack.DATABASE); Statement sql = db.createStatement()) {
            long rows = count(sql, "SELECT count(*) FROM billing.webhook_events");
            long unprocessed = count(sql, "SELECT count(*) FROM billing.webhook_events WHERE processed_at IS NULL");
            long ledger = count(sql, "SELECT count(*) FROM billing.account_ledger");
            long announced = count(sql, "SELECT count(*) FROM billing.event_outbox"
                    + " WHERE event_type = 'com.valet.billing.payment-received'");
            out.printf("exactly once: webhook_events %,d rows for %,d distinct events (%,d unprocessed); ledger %,d"
                    + " entries and payment-received %,d events for %,d distinct invoice.paid -> %s%n", rows, distinct,
                    unprocessed, ledger, announced, invoicePaid,
                    rows == distinct && unprocessed == 0 && ledger == invoicePaid && announced == invoicePaid
                            ? "every event applied exactly once" : "MISMATCH");
        }
        out.printf("machine: %d cores, load average %.2f, Java %s%n", Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.version"));
    }

    private static long count(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
