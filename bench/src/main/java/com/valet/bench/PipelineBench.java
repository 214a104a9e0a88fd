package com.valet.bench;

import com.valet.devstack.AppProcess;
import com.valet.devstack.DevStack;
import com.valet.devstack.Ports;
import com.valet.devstack.ServiceSchema;
import com.valet.events.Address;
import com.valet.events.BookingConfirmed;
import com.valet.events.CloudEvent;
import com.valet.events.EventCodec;
import com.valet.events.EventHeaders;
import com.valet.events.EventTypes;
import com.valet.events.ServiceType;
import com.valet.events.Topics;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * The event pipeline under load, with the broker's own producer-to-consumer latency measured in the same run
 * as the reference: (1) {@code booking-confirmed} published (as booking's outbox relay does) until ops has
 * created the task; (2) a warehouse scan ({@code POST /staff/items/{id}/moves} to stored) until ops has marked
 * the task's item done, booking's read model has the item stored and booking's visit is completed, through
 * inventory's outbox, Kafka and both consumers. Each at a paced rate (latency) and as a flood (sustained events/s). Times come from one
 * clock: the benchmark's send time and the consumers' commit-side {@code now()} in PostgreSQL on the same
 * machine. Run it with {@code bench/pipeline.sh}.
 */
public final class PipelineBench {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final String REFERENCE_TOPIC = "bench-reference";
    private static final EventCodec CODEC = new EventCodec();
    private static final Address ADDRESS = new Address("12 Main St", null, "Austin", "TX", "78701");

    private final PrintStream out = System.out;
    private final Path repo = Path.of(System.getProperty("valet.repo", ".")).toAbsolutePath().normalize();
    private int events = 1_000;
    private int rate = 50;
    private int scans = 200;
    private DevStack stack;

    public static void main(String[] args) throws Exception {
        PipelineBench bench = new PipelineBench();
        Map<String, Integer> options = Flags.parse(args, Map.of("events", bench.events, "rate", bench.rate,
                "scans", bench.scans));
        bench.events = options.get("events");
        bench.rate = options.get("rate");
        bench.scans = options.get("scans");
        bench.run();
        System.exit(0);
    }

    private void run() throws Exception {
        stack = DevStack.sharedForTests();
        stack.kafka().createTopics(List.of(REFERENCE_TOPIC), 3);
        Path logs = repo.resolve("bench/target/logs");
        List<AppProcess> apps = new ArrayList<>();
        for (ServiceSchema service : List.of(ServiceSchema.INVENTORY, ServiceSchema.BOOKING, ServiceSchema.OPS)) {
            AppProcess app = AppProcess.service(repo, service, Ports.free(), stack, logs)
                    .withJvmOptions(InventoryBench.SERVICE_JVM_OPTIONS);
            if (!app.isBuilt()) {
                throw new IllegalStateException(app.notBuiltMessage());
            }
            apps.add(app);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> apps.forEach(a -> a.stop(Duration.ofSeconds(10))), "bench-stop"));
        apps.forEach(AppProcess::start);
        for (AppProcess app : apps) {
            app.awaitReady(READY_TIMEOUT);
        }
        AppProcess inventory = apps.get(0);
        out.printf("%d events per stage, paced at %d/s, then as a flood; %d warehouse scans%n", events, rate, scans);

        warmUp();
        out.printf("%-64s %9s %9s %9s %11s%n", "stage", "p50 ms", "p99 ms", "max ms", "events/s");
        for (boolean flood : new boolean[] {false, true}) {
            Stage reference = reference(flood);
            Stage confirmed = confirmedToTask(flood);
            print(reference);
            print(confirmed);
            out.printf("  %-62s p50 x%.1f  p99 x%.1f  events/s x%.2f%n", "pipeline / broker",
                    confirmed.p50() / reference.p50(), confirmed.p99() / reference.p99(),
                    confirmed.perSecond() / reference.perSecond());
        }
        for (Stage scanned : scanToDone(inventory)) {
            print(scanned);
        }
        out.printf("machine: %d cores, load average %.2f, Java %s%n", Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.version"));
    }

    /** What one stage measured: latencies in microseconds, and the sustained rate from first send to last apply. */
    private record Stage(String name, Histogram latencies, double perSecond) {
        double p50() {
            return latencies.getValueAtPercentile(50) / 1000.0;
        }

        double p99() {
            return latencies.getValueAtPercentile(99) / 1000.0;
        }
    }

    private void print(Stage stage) {
        out.printf("%-64s %9.1f %9.1f %9.1f %11.0f%n", stage.name(), stage.p50(), stage.p99(),
                stage.latencies().getMaxValue() / 1000.0, stage.perSecond());
    }

    /** JIT, connection pools and consumer assignments settle before anything is measured. */
    private void warmUp() throws Exception {
        int saved = events;
        events = Math.min(200, events);
        reference(true);
        confirmedToTask(true);
        events = saved;
    }

    /** The broker alone: a producer and a consumer, the send time in the value. */
    private Stage reference(boolean flood) throws Exception {
        String run = UUID.randomUUID().toString();
        Histogram latencies = new Histogram(3);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + run,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new StringDeserializer());
             KafkaProducer<String, String> producer = producer()) {
            consumer.subscribe(List.of(REFERENCE_TOPIC));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.seekToEnd(consumer.assignment());
            for (TopicPartition partition : consumer.assignment()) {
                consumer.position(partition);
            }
            Thread sender = new Thread(() -> pace(flood, i -> producer.send(new ProducerRecord<>(REFERENCE_TOPIC,
                    UUID.randomUUID().toString(), run + " " + System.nanoTime()))), "reference-sender");
            long first = System.nanoTime();
            sender.start();
            int received = 0;
            long last = first;
            Instant deadline = Instant.now().plusSeconds(120);
            while (received < events && Instant.now().isBefore(deadline)) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    String[] parts = record.value().split(" ");
                    if (parts[0].equals(run)) {
                        last = System.nanoTime();
                        latencies.recordValue(Math.max(0, (last - Long.parseLong(parts[1])) / 1000));
                        received++;
                    }
                }
            }
            sender.join();
            return new Stage((flood ? "flood" : "paced") + ": broker producer -> consumer (reference)", latencies,
                    received / ((last - first) / 1e9));
        }
    }

    /** booking-confirmed, as booking's relay publishes it, until ops's task row exists. */
    private Stage confirmedToTask(boolean flood) throws Exception {
        UUID customer = UUID.randomUUID();
        Map<UUID, Long> sentAt = new HashMap<>();
        try (KafkaProducer<String, String> producer = producer()) {
            Instant start = Instant.now().plus(2, ChronoUnit.DAYS);
            pace(flood, i -> {
                UUID action = UUID.randomUUID();
                BookingConfirmed confirmed = new BookingConfirmed(action, customer, ServiceType.pickup, start,
                        start.plus(2, ChronoUnit.HOURS), List.of(UUID.randomUUID()), List.of(), List.of(), ADDRESS,
                        null, Instant.now());
                synchronized (sentAt) {
                    sentAt.put(action, System.currentTimeMillis() * 1000);
                }
                send(producer, Topics.BOOKING_CONFIRMED, CloudEvent.create(EventTypes.BOOKING_CONFIRMED,
                        "/booking-service", action.toString(), confirmed));
            });
        }
        Map<UUID, Long> created = awaitRows("SELECT action_id, created_at FROM ops.task WHERE customer_id = ?::uuid",
                customer.toString(), events);
        return stage((flood ? "flood" : "paced") + ": booking-confirmed -> ops task created", sentAt, created);
    }

    /**
     * Warehouse scans through inventory's API: the items were scheduled by a booking-confirmed (inventory and
     * ops both act on it) and picked up (in_transit); the measured scan stores each, until ops marks the
     * task's item done and booking's read model says stored.
     */
    private Stage[] scanToDone(AppProcess inventory) throws Exception {
        UUID customer = UUID.randomUUID();
        String token = stack.auth().customerToken(customer, "pipeline@valet.local", Duration.ofHours(2));
        String staff = stack.auth().token(UUID.randomUUID(), "shelf@valet.local", List.of("warehouse"), Duration.ofHours(2));
        HttpClient http = HttpClient.newHttpClient();
        List<UUID> items = new ArrayList<>();
        for (int i = 0; i < scans; i++) {
            String body = "{\"label\":\"Crate " + i + "\",\"description\":\"Crate " + i + " of records\",\"photo_paths\":[\""
                    + customer + "/crate.jpg\"]}";
            items.add(UUID.fromString(call(http, inventory.baseUrl() + "/items", token, body, 201)
                    .replaceFirst("(?s).*?\"id\":\"([^\"]+)\".*", "$1")));
        }
        Instant start = Instant.now().plus(1, ChronoUnit.DAYS);
        try (KafkaProducer<String, String> producer = producer();
             Connection db = stack.postgres().connectAsSuperuser(DevStack.DATABASE);
             PreparedStatement visit = db.prepareStatement("INSERT INTO booking.action (id, user_id, service_type, status,"
                     + " pickup_item_ids, address, scheduled_start, scheduled_end) VALUES (?, ?, 'pickup', 'confirmed',"
                     + " ARRAY[?]::uuid[], CAST(? AS jsonb), ?, ?)")) {
            for (UUID item : items) {
                UUID action = UUID.randomUUID();
                // booking's own visit, as booking holds it once confirmed: its completion is the last step measured
                visit.setObject(1, action);
                visit.setObject(2, customer);
                visit.setObject(3, item);
                visit.setString(4, "{\"street\":\"12 Main St\",\"city\":\"Austin\",\"state\":\"TX\",\"zip\":\"78701\"}");
                visit.setObject(5, java.time.OffsetDateTime.ofInstant(start, java.time.ZoneOffset.UTC));
                visit.setObject(6, java.time.OffsetDateTime.ofInstant(start.plus(2, ChronoUnit.HOURS), java.time.ZoneOffset.UTC));
                visit.executeUpdate();
                send(producer, Topics.BOOKING_CONFIRMED, CloudEvent.create(EventTypes.BOOKING_CONFIRMED, "/booking-service",
                        action.toString(), new BookingConfirmed(action, customer, ServiceType.pickup, start,
                                start.plus(2, ChronoUnit.HOURS), List.of(item), List.of(), List.of(), ADDRESS, null, Instant.now())));
            }
        }
        awaitRows("SELECT ti.item_id, t.created_at FROM ops.task t JOIN ops.task_item ti ON ti.task_id = t.id"
                + " WHERE t.customer_id = ?::uuid", customer.toString(), scans);
        awaitRows("SELECT id, updated_at FROM inventory.item WHERE owner_id = ?::uuid AND status = 'scheduled'",
                customer.toString(), scans);
        for (UUID item : items) {
            call(http, inventory.baseUrl() + "/staff/items/" + item + "/moves", staff, "{\"to_status\":\"in_transit\"}", 200);
        }
        Map<UUID, Long> sentAt = new HashMap<>();
        pace(false, i -> {
            if (i >= items.size()) {
                return;
            }
            UUID item = items.get(i);
            synchronized (sentAt) {
                sentAt.put(item, System.currentTimeMillis() * 1000);
            }
            call(http, inventory.baseUrl() + "/staff/items/" + item + "/moves", staff,
                    "{\"to_status\":\"stored\",\"location\":\"B-" + (i % 40) + "-" + (i % 7) + "\"}", 200);
        }, scans);
        Map<UUID, Long> done = awaitRows("SELECT ti.item_id, ti.done_at FROM ops.task_item ti JOIN ops.task t ON t.id = ti.task_id"
                + " WHERE t.customer_id = ?::uuid AND ti.done", customer.toString(), scans);
        Map<UUID, Long> stored = awaitRows("SELECT item_id, updated_at FROM booking.customer_item WHERE owner_id = ?::uuid"
                + " AND status = 'stored'", customer.toString(), scans);
        Map<UUID, Long> completed = awaitRows("SELECT pickup_item_ids[1], completed_at FROM booking.action"
                + " WHERE user_id = ?::uuid AND status = 'completed'", customer.toString(), scans);
        return new Stage[] {stage("paced: scan stored (inventory API) -> ops task item done", sentAt, done),
                stage("paced: scan stored (inventory API) -> booking read model stored", sentAt, stored),
                stage("paced: scan stored (inventory API) -> booking action completed", sentAt, completed)};
    }

    private Stage stage(String name, Map<UUID, Long> sentMicros, Map<UUID, Long> appliedMicros) {
        Histogram latencies = new Histogram(3);
        long firstSent = Long.MAX_VALUE;
        long lastApplied = Long.MIN_VALUE;
        for (Map.Entry<UUID, Long> applied : appliedMicros.entrySet()) {
            Long sent = sentMicros.get(applied.getKey());
            if (sent != null) {
                latencies.recordValue(Math.max(0, applied.getValue() - sent));
                firstSent = Math.min(firstSent, sent);
                lastApplied = Math.max(lastApplied, applied.getValue());
            }
        }
        return new Stage(name, latencies, latencies.getTotalCount() / ((lastApplied - firstSent) / 1e6));
    }

    /** Runs {@code send} {@code events} times: at {@link #rate} per second, or as fast as it returns. */
    private void pace(boolean flood, java.util.function.IntConsumer send) {
        pace(flood, send, events);
    }

    private void pace(boolean flood, java.util.function.IntConsumer send, int count) {
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (!flood) {
                long due = start + i * interval;
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
            }
            send.accept(i);
        }
    }

    /** Polls until the query returns {@code expected} rows: id -> timestamp (microseconds since the epoch). */
    private Map<UUID, Long> awaitRows(String sql, String parameter, int expected) throws Exception {
        Instant deadline = Instant.now().plusSeconds(300);
        Map<UUID, Long> rows = new HashMap<>();
        while (Instant.now().isBefore(deadline)) {
            rows.clear();
            try (Connection c = stack.postgres().connectAsSuperuser(DevStack.DATABASE);
                 PreparedStatement query = c.prepareStatement(sql)) {
                query.setString(1, parameter);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        Timestamp at = rs.getTimestamp(2);
                        rows.put(UUID.fromString(rs.getString(1)), at.getTime() * 1000 + (at.getNanos() / 1000) % 1000);
                    }
                }
            }
            if (rows.size() >= expected) {
                return rows;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("only " + rows.size() + " of " + expected + " rows after 300 s: " + sql);
    }

    private static String call(HttpClient http, String url, String token, String body, int expected) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "0"),
                new StringSerializer(), new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, String topic, CloudEvent<?> event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.key(), CODEC.encode(event));
        record.headers().add(EventHeaders.CONTENT_TYPE, EventHeaders.CLOUDEVENTS_JSON.getBytes(StandardCharsets.UTF_8));
        producer.send(record);
    }
}
