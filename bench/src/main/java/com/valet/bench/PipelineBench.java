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
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The event pipeline under load, measured honestly (GitHub issue 17, item 4), with the broker's own
 * producer-to-consumer latency measured in the same run as the reference:
 * <ol type="a">
 *   <li>a flood of {@code booking-confirmed} (published as booking's outbox relay does) until ops has created
 *       every task and inventory has applied every event;</li>
 *   <li>the same paced at {@code --rate} per second, p50 and p99 against the broker's own at that rate;</li>
 *   <li>warehouse scans ({@code POST /staff/items/{id}/moves} to stored on inventory's API, fired
 *       asynchronously at their scheduled times) until booking's read model says stored, ops has marked the
 *       task's item done and booking's visit is completed;</li>
 *   <li>the ratios side by side.</li>
 * </ol>
 * Every latency runs from the time the event was <em>due</em> (start + i / rate; a flood: all at its start),
 * not from when the possibly late send happened (open loop, no coordinated omission), to the
 * <em>commit</em> of the consumer's transaction: {@code pg_xact_commit_timestamp(xmin)} of the row that
 * shows the effect (PostgreSQL runs with {@code track_commit_timestamp=on}; the same machine's clock). A
 * warm-up precedes every measured stage. Per measured stage: the CPU milliseconds per event of each app JVM,
 * the Kafka broker, PostgreSQL (all its processes) and the benchmark itself, from {@code /proc}, and the load
 * average before and after. Run it with {@code bench/pipeline.sh}.
 */
public final class PipelineBench {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(300);
    private static final String REFERENCE_TOPIC = "bench-reference";
    /** The consumer name inventory's booking-confirmed consumer records in processed_event (BookingConfirmedConsumer.CONSUMER). */
    private static final String INVENTORY_CONSUMER = "inventory.item-scheduling";
    private static final String KAFKA_MAIN = "com.valet.devstack.KafkaBrokerMain";
    private static final EventCodec CODEC = new EventCodec();
    private static final Address ADDRESS = new Address("12 Main St", null, "Austin", "TX", "78701");
    private static final String ADDRESS_JSON = "{\"street\":\"12 Main St\",\"city\":\"Austin\",\"state\":\"TX\",\"zip\":\"78701\"}";

    private final PrintStream out = System.out;
    private final Path repo = Path.of(System.getProperty("valet.repo", ".")).toAbsolutePath().normalize();
    private int events = 1_000;
    private int rate = 20;
    private int scans = 200;
    private int warmup = 200;
    private DevStack stack;
    private KafkaProducer<String, String> producer;
    /** The superuser connection that polls for effects and reads commit timestamps (one backend, not one per poll). */
    private Connection db;
    private CpuMeter cpu;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String[]> summary = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        PipelineBench bench = new PipelineBench();
        Map<String, Integer> options = Flags.parse(args, Map.of("events", bench.events, "rate", bench.rate,
                "scans", bench.scans, "warmup", bench.warmup));
        bench.events = options.get("events");
        bench.rate = options.get("rate");
        bench.scans = options.get("scans");
        bench.warmup = options.get("warmup");
        if (bench.events < 1 || bench.rate < 1 || bench.scans < 1 || bench.warmup < 1) {
            throw new IllegalArgumentException("--events, --rate, --scans and --warmup must be at least 1");
        }
        try {
            bench.run();
        } catch (Throwable e) {
            // the dev stack's threads would keep the JVM (and the apps, Kafka, PostgreSQL) alive: exit, which runs the stop hooks
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /**
     * The services' JVM options; with {@code BENCH_JFR=1} each also records a JFR profile of the whole run to
     * {@code bench/target/logs/<service>.jfr} (read it with {@code jfr print --events jdk.ExecutionSample}, or JMC).
     */
    private static List<String> profiled(ServiceSchema service, Path logs) {
        List<String> options = new ArrayList<>(InventoryBench.SERVICE_JVM_OPTIONS);
        if ("1".equals(System.getenv("BENCH_JFR"))) {
            options.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + logs.resolve(service.serviceName() + ".jfr"));
        }
        return options;
    }

    private void run() throws Exception {
        stack = DevStack.sharedForTests();
        db = stack.postgres().connectAsSuperuser(DevStack.DATABASE);
        requireCommitTimestamps();
        stack.kafka().createTopics(List.of(REFERENCE_TOPIC), 3);
        Path logs = repo.resolve("bench/target/logs");
        List<AppProcess> apps = new ArrayList<>();
        for (ServiceSchema service : List.of(ServiceSchema.INVENTORY, ServiceSchema.BOOKING, ServiceSchema.OPS)) {
            AppProcess app = AppProcess.service(repo, service, Ports.free(), stack, logs)
                    .withJvmOptions(profiled(service, logs));
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
        List<CpuMeter.Target> targets = new ArrayList<>();
        for (AppProcess app : apps) {
            targets.add(new CpuMeter.Target(app.name().replace("-service", ""), app.pid(), false));
        }
        targets.add(new CpuMeter.Target("kafka", kafkaBrokerPid(), false));
        targets.add(new CpuMeter.Target("postgres", stack.postgres().postmasterPid(), true));
        targets.add(new CpuMeter.Target("bench", ProcessHandle.current().pid(), false));
        cpu = new CpuMeter(targets);
        producer = producer();
        producer.partitionsFor(Topics.BOOKING_CONFIRMED); // metadata fetched before any send is due
        producer.partitionsFor(REFERENCE_TOPIC);

        header();
        int warm = Math.min(warmup, events);

        out.printf("%n(a) flood: %d events at once (all due at the start)%n", events);
        Measured<Stage> brokerFlood = confirmationStage(true, warm);
        out.printf("%n(b) paced at %d/s: %d events, due every %.1f ms%n", rate, events, 1000.0 / rate);
        Measured<Stage> brokerPaced = confirmationStage(false, warm);

        out.printf("%n(c) warehouse scans paced at %d/s: %d measured after %d warm-up scans of other items%n",
                rate, scans, Math.min(warmup, scans));
        Measured<Stage[]> scanned = scanStage(inventory);
        for (Stage stage : scanned.result()) {
            // inventory's own API and transaction are no Kafka hop: no ratio to the broker for those two
            print(stage, stage.name().contains("inventory") ? null : brokerPaced.result());
        }
        printUsage(scanned);
        for (Stage stage : scanned.result()) {
            if (!stage.name().contains("inventory")) {
                summarize(stage, brokerPaced.result(), scanned);
            }
        }

        out.printf("%n(d) side by side: the pipeline against the broker's own latency at the same rate, in this run%n");
        out.printf("%-66s %9s %9s %9s %9s %9s %10s%n", "stage", "p50 ms", "p99 ms", "x broker", "x broker",
                "events/s", "CPU ms/ev");
        out.printf("%-66s %9s %9s %9s %9s %9s %10s%n", "", "", "", "p50", "p99", "", "all procs");
        for (String[] row : summary) {
            out.printf("%-66s %9s %9s %9s %9s %9s %10s%n", (Object[]) row);
        }
        out.printf("broker reference: flood p50 %.1f / p99 %.1f ms, %,.0f records/s; paced %d/s p50 %.1f / p99 %.1f ms%n",
                brokerFlood.result().p50(), brokerFlood.result().p99(), brokerFlood.result().perSecond(), rate,
                brokerPaced.result().p50(), brokerPaced.result().p99());
        out.printf("machine: %d cores, load average %.2f, Java %s%n", Runtime.getRuntime().availableProcessors(),
                CpuMeter.loadAverage(), System.getProperty("java.version"));
        producer.close(Duration.ofSeconds(5));
        db.close();
    }

    /**
     * One booking-confirmed stage, flood or paced: the broker's own reference and the pipeline at the same rate,
     * each after its warm-up, printed side by side with the CPU per event; returns the broker's figures.
     */
    private Measured<Stage> confirmationStage(boolean flood, int warm) throws Exception {
        reference(flood, warm);
        Measured<Stage> broker = measured(events, () -> reference(flood, events));
        print(broker.result(), null);
        printUsage(broker);
        confirmed(flood, warm);
        Measured<Stage[]> pipeline = measured(events, () -> confirmed(flood, events));
        print(pipeline.result()[0], broker.result());
        print(pipeline.result()[1], broker.result());
        if (flood) {
            out.printf("  %-66s ops %.1f s, inventory %.1f s after the start%n", "all applied:",
                    pipeline.result()[0].span(), pipeline.result()[1].span());
        }
        printUsage(pipeline);
        summarize(pipeline.result()[0], broker.result(), pipeline);
        summarize(pipeline.result()[1], broker.result(), pipeline);
        return broker;
    }

    private void header() {
        out.printf("%d events per stage (a, b), %d scans (c), paced at %d/s; warm-up before every measured stage: "
                + "%d events, %d scans on other items%n", events, scans, rate, Math.min(warmup, events), Math.min(warmup, scans));
        out.println("""
                What the figures mean:
                  latency     from the time the event was due (start + i/rate; in a flood every event is due at the
                              start) to the COMMIT of the consumer's transaction that applied it, in PostgreSQL:
                              pg_xact_commit_timestamp(xmin) of the row that shows the effect (ops.task, ops.task_item,
                              booking.customer_item, booking.action, inventory.processed_event), on the same clock.
                              Open loop: a send that leaves late still counts from its due time.
                              Broker reference: a plain producer and consumer on one topic of the same broker, from due
                              time to the consumer's poll returning the record.
                  events/s    events / (last commit - first due time)
                  x broker    the stage's p50 (p99) / the broker's own p50 (p99) at the same rate, in this run
                  CPU ms/ev   CPU time (user + system, /proc/<pid>/stat) of each process over the measured stage, divided by
                              the stage's events (each applied once by every consumer of its topic): the three app JVMs,
                              the Kafka broker JVM, PostgreSQL (postmaster + every backend and worker), and the benchmark
                              JVM itself (producer, HTTP client, polling). Idle work in the window (relay polls) is included.
                  load        the 1-minute load average before -> after the measured stage (2 cores: everything shares them)""");
    }

    // ---- stages ------------------------------------------------------------------------------------------------

    /** What one stage measured: latencies in microseconds, events/s, and seconds from the first due time to the last commit. */
    private record Stage(String name, Histogram latencies, double perSecond, double span) {
        double p50() {
            return latencies.getValueAtPercentile(50) / 1000.0;
        }

        double p99() {
            return latencies.getValueAtPercentile(99) / 1000.0;
        }

        double max() {
            return latencies.getMaxValue() / 1000.0;
        }
    }

    /** A measured stage's result with the CPU each process spent and the load average around it. */
    private record Measured<T>(T result, int events, Map<String, Double> cpuMillis, double loadBefore, double loadAfter) {
        double total() {
            return cpuMillis.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private interface StageRun<T> {
        T run() throws Exception;
    }

    private <T> Measured<T> measured(int count, StageRun<T> stage) throws Exception {
        double loadBefore = CpuMeter.loadAverage();
        Map<String, Long> before = cpu.snapshot();
        T result = stage.run();
        Map<String, Long> after = cpu.snapshot();
        return new Measured<>(result, count, cpu.millisBetween(before, after), loadBefore, CpuMeter.loadAverage());
    }

    private void print(Stage stage, Stage broker) {
        String ratio = broker == null ? "" : String.format("   p50 x%.1f  p99 x%.1f broker", stage.p50() / broker.p50(),
                stage.p99() / broker.p99());
        out.printf("  %-66s p50 %8.1f  p99 %8.1f  max %8.1f ms  %8.1f/s%s%n", stage.name(), stage.p50(), stage.p99(),
                stage.max(), stage.perSecond(), ratio);
    }

    private void printUsage(Measured<?> measured) {
        StringBuilder line = new StringBuilder();
        measured.cpuMillis().forEach((name, millis) ->
                line.append(String.format("%s %.2f  ", name, millis / measured.events())));
        out.printf("  CPU ms per event: %s| all %.2f   (%.1f s of CPU for %d events); load %.2f -> %.2f%n", line,
                measured.total() / measured.events(), measured.total() / 1000, measured.events(),
                measured.loadBefore(), measured.loadAfter());
    }

    private void summarize(Stage stage, Stage broker, Measured<?> measured) {
        summary.add(new String[] {stage.name(), String.format("%.1f", stage.p50()), String.format("%.1f", stage.p99()),
                String.format("x%.1f", stage.p50() / broker.p50()), String.format("x%.1f", stage.p99() / broker.p99()),
                String.format("%.1f", stage.perSecond()), String.format("%.2f", measured.total() / measured.events())});
    }

    /** The broker alone: a producer and a consumer, the due time in the value, latency until the poll returns it. */
    private Stage reference(boolean flood, int count) throws Exception {
        String run = UUID.randomUUID().toString();
        Histogram latencies = new Histogram(3);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + run,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(REFERENCE_TOPIC));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.seekToEnd(consumer.assignment());
            for (TopicPartition partition : consumer.assignment()) {
                consumer.position(partition);
            }
            Schedule schedule = new Schedule(flood ? 0 : rate);
            Thread sender = new Thread(() -> schedule.run(count, i -> producer.send(new ProducerRecord<>(REFERENCE_TOPIC,
                    UUID.randomUUID().toString(), run + " " + schedule.dueNanos(i)))), "reference-sender");
            sender.start();
            int received = 0;
            long last = schedule.startNanos;
            long deadline = System.nanoTime() + APPLY_TIMEOUT.toNanos();
            while (received < count && System.nanoTime() - deadline < 0) {
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
            if (received < count) {
                throw new IllegalStateException("the broker reference received " + received + " of " + count + " records");
            }
            double span = (last - schedule.startNanos) / 1e9;
            return new Stage((flood ? "flood" : "paced " + rate + "/s") + ": broker producer -> consumer (reference)",
                    latencies, received / span, span);
        }
    }

    /**
     * booking-confirmed, as booking's relay publishes it (CloudEvent, key = action id), until ops's task row and
     * inventory's processed_event row are committed. The pickup item is unknown to inventory, so inventory applies
     * the event by recording a rejected line (its transaction: lock, insert, processed_event) and no item-moved
     * follows, which leaves the task row as ops's consumer wrote it.
     *
     * @return [ops task created, inventory applied]
     */
    private Stage[] confirmed(boolean flood, int count) throws Exception {
        UUID customer = UUID.randomUUID();
        Instant window = Instant.now().plus(2, ChronoUnit.DAYS);
        List<ProducerRecord<String, String>> records = new ArrayList<>(count);
        UUID[] actions = new UUID[count];
        UUID[] eventIds = new UUID[count];
        for (int i = 0; i < count; i++) {
            actions[i] = UUID.randomUUID();
            CloudEvent<BookingConfirmed> event = CloudEvent.create(EventTypes.BOOKING_CONFIRMED, "/booking-service",
                    actions[i].toString(), new BookingConfirmed(actions[i], customer, ServiceType.pickup, window,
                            window.plus(2, ChronoUnit.HOURS), List.of(UUID.randomUUID()), List.of(), List.of(), ADDRESS,
                            null, Instant.now()));
            eventIds[i] = UUID.fromString(event.id());
            records.add(record(Topics.BOOKING_CONFIRMED, event)); // encoded beforehand, as the relay reads a stored payload
        }
        Schedule schedule = new Schedule(flood ? 0 : rate);
        schedule.run(count, i -> producer.send(records.get(i)));
        producer.flush();
        Map<UUID, Long> dueByAction = new HashMap<>();
        Map<UUID, Long> dueByEvent = new HashMap<>();
        for (int i = 0; i < count; i++) {
            dueByAction.put(actions[i], schedule.dueMicros(i));
            dueByEvent.put(eventIds[i], schedule.dueMicros(i));
        }
        String mode = flood ? "flood" : "paced " + rate + "/s";
        Map<UUID, Long> tasks = awaitCommitted("SELECT action_id, pg_xact_commit_timestamp(xmin) FROM ops.task"
                + " WHERE customer_id = ?", count, q -> q.setObject(1, customer));
        Map<UUID, Long> applied = awaitCommitted("SELECT event_id, pg_xact_commit_timestamp(xmin)"
                + " FROM inventory.processed_event WHERE consumer = ? AND event_id = ANY(?)", count, q -> {
                    q.setString(1, INVENTORY_CONSUMER);
                    q.setArray(2, db.createArrayOf("uuid", eventIds));
                });
        return new Stage[] {stage(mode + ": booking-confirmed -> ops task committed", dueByAction, tasks, schedule),
                stage(mode + ": booking-confirmed -> inventory applied (committed)", dueByEvent, applied, schedule)};
    }

    /**
     * Warehouse scans through inventory's API. The items (warm-up and measured ones, separate) were catalogued,
     * scheduled by a real booking-confirmed each (inventory schedules them, ops opens the task, booking holds the
     * visit) and picked up (in_transit), and booking and ops have applied all that before any scan is sent. Then a
     * warm-up round stores the warm-up items, and the measured round the others.
     */
    private Measured<Stage[]> scanStage(AppProcess inventory) throws Exception {
        UUID customer = UUID.randomUUID();
        String token = stack.auth().customerToken(customer, "pipeline@valet.local", Duration.ofHours(2));
        String staff = stack.auth().token(UUID.randomUUID(), "shelf@valet.local", List.of("warehouse"), Duration.ofHours(2));
        int warm = Math.min(warmup, scans);
        List<UUID> items = new ArrayList<>();
        for (int i = 0; i < warm + scans; i++) {
            String body = "{\"label\":\"Crate " + i + "\",\"description\":\"Crate " + i + " of records\",\"photo_paths\":[\""
                    + customer + "/crate.jpg\"]}";
            items.add(UUID.fromString(call(inventory.baseUrl() + "/items", token, body, 201)
                    .replaceFirst("(?s).*?\"id\":\"([^\"]+)\".*", "$1")));
        }
        UUID[] all = items.toArray(UUID[]::new);
        Instant start = Instant.now().plus(1, ChronoUnit.DAYS);
        try (PreparedStatement visit = db.prepareStatement("INSERT INTO booking.action (id, user_id, service_type, status,"
                + " pickup_item_ids, address, scheduled_start, scheduled_end) VALUES (?, ?, 'pickup', 'confirmed',"
                + " ARRAY[?]::uuid[], CAST(? AS jsonb), ?, ?)")) {
            for (UUID item : items) {
                UUID action = UUID.randomUUID();
                // booking's own visit, as booking holds it once confirmed: its completion is the last step measured
                visit.setObject(1, action);
                visit.setObject(2, customer);
                visit.setObject(3, item);
                visit.setString(4, ADDRESS_JSON);
                visit.setObject(5, OffsetDateTime.ofInstant(start, ZoneOffset.UTC));
                visit.setObject(6, OffsetDateTime.ofInstant(start.plus(2, ChronoUnit.HOURS), ZoneOffset.UTC));
                visit.executeUpdate();
                producer.send(record(Topics.BOOKING_CONFIRMED, CloudEvent.create(EventTypes.BOOKING_CONFIRMED,
                        "/booking-service", action.toString(), new BookingConfirmed(action, customer, ServiceType.pickup,
                                start, start.plus(2, ChronoUnit.HOURS), List.of(item), List.of(), List.of(), ADDRESS, null,
                                Instant.now()))));
            }
        }
        producer.flush();
        awaitCount("SELECT count(*) FROM ops.task_item WHERE item_id = ANY(?)", all);
        awaitCount("SELECT count(*) FROM inventory.item WHERE id = ANY(?) AND status = 'scheduled'", all);
        for (UUID item : items) {
            call(inventory.baseUrl() + "/staff/items/" + item + "/moves", staff, "{\"to_status\":\"in_transit\"}", 200);
        }
        // the pick-ups applied everywhere: no backlog of earlier moves in front of the scans
        awaitCount("SELECT count(*) FROM ops.task_item WHERE item_id = ANY(?) AND status = 'in_transit'", all);
        awaitCount("SELECT count(*) FROM booking.customer_item WHERE item_id = ANY(?) AND status = 'in_transit'", all);
        awaitCount("SELECT count(*) FROM booking.action WHERE pickup_item_ids[1] = ANY(?) AND status = 'in_progress'", all);

        scanRound(inventory, staff, items.subList(0, warm), 0);
        List<UUID> measuredItems = items.subList(warm, items.size());
        return measured(scans, () -> scanRound(inventory, staff, measuredItems, warm));
    }

    /**
     * One paced round of scans to stored, each request fired asynchronously at its due time; the responses are
     * checked afterwards.
     *
     * @return [API answered, inventory committed, booking read model, ops task item done, booking visit completed]
     */
    private Stage[] scanRound(AppProcess inventory, String staff, List<UUID> items, int offset) throws Exception {
        String mode = "paced " + rate + "/s";
        Histogram answered = new Histogram(3);
        long[] lastAnswer = {0};
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>(items.size());
        Schedule schedule = new Schedule(rate);
        schedule.run(items.size(), i -> {
            long due = schedule.dueNanos(i);
            int n = offset + i;
            responses.add(http.sendAsync(HttpRequest.newBuilder(URI.create(inventory.baseUrl() + "/staff/items/"
                                    + items.get(i) + "/moves")).timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + staff).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"to_status\":\"stored\",\"location\":\"B-"
                                    + (n % 40) + "-" + (n % 7) + "\"}")).build(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> {
                        long now = System.nanoTime();
                        synchronized (answered) {
                            answered.recordValue(Math.max(0, (now - due) / 1000));
                            lastAnswer[0] = Math.max(lastAnswer[0], now);
                        }
                    }));
        });
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < responses.size(); i++) {
            try {
                HttpResponse<String> response = responses.get(i).join();
                if (response.statusCode() != 200) {
                    errors.add(items.get(i) + ": HTTP " + response.statusCode() + " " + response.body());
                }
            } catch (RuntimeException e) {
                errors.add(items.get(i) + ": " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException(errors.size() + " of " + items.size() + " scans failed, e.g. "
                    + errors.subList(0, Math.min(3, errors.size())));
        }
        Map<UUID, Long> due = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            due.put(items.get(i), schedule.dueMicros(i));
        }
        UUID[] ids = items.toArray(UUID[]::new);
        int count = ids.length;
        Map<UUID, Long> committed = awaitCommitted("SELECT id, pg_xact_commit_timestamp(xmin) FROM inventory.item"
                + " WHERE id = ANY(?) AND status = 'stored'", count, q -> q.setArray(1, db.createArrayOf("uuid", ids)));
        Map<UUID, Long> stored = awaitCommitted("SELECT item_id, pg_xact_commit_timestamp(xmin) FROM booking.customer_item"
                + " WHERE item_id = ANY(?) AND status = 'stored'", count, q -> q.setArray(1, db.createArrayOf("uuid", ids)));
        Map<UUID, Long> done = awaitCommitted("SELECT item_id, pg_xact_commit_timestamp(xmin) FROM ops.task_item"
                + " WHERE item_id = ANY(?) AND done", count, q -> q.setArray(1, db.createArrayOf("uuid", ids)));
        Map<UUID, Long> completed = awaitCommitted("SELECT pickup_item_ids[1], pg_xact_commit_timestamp(xmin)"
                + " FROM booking.action WHERE pickup_item_ids[1] = ANY(?) AND status = 'completed'", count,
                q -> q.setArray(1, db.createArrayOf("uuid", ids)));
        double span;
        synchronized (answered) {
            span = (lastAnswer[0] - schedule.startNanos) / 1e9;
        }
        return new Stage[] {
                new Stage(mode + ": scan stored -> inventory API answered 200", answered, count / span, span),
                stage(mode + ": scan stored -> inventory item committed (API)", due, committed, schedule),
                stage(mode + ": scan stored -> booking read model stored", due, stored, schedule),
                stage(mode + ": scan stored -> ops task item done", due, done, schedule),
                stage(mode + ": scan stored -> booking action completed", due, completed, schedule)};
    }

    private static Stage stage(String name, Map<UUID, Long> dueMicros, Map<UUID, Long> committedMicros, Schedule schedule) {
        Histogram latencies = new Histogram(3);
        long lastCommitted = Long.MIN_VALUE;
        for (Map.Entry<UUID, Long> committed : committedMicros.entrySet()) {
            Long due = dueMicros.get(committed.getKey());
            if (due != null) {
                latencies.recordValue(Math.max(0, committed.getValue() - due));
                lastCommitted = Math.max(lastCommitted, committed.getValue());
            }
        }
        double span = (lastCommitted - schedule.startMicros) / 1e6;
        return new Stage(name, latencies, latencies.getTotalCount() / span, span);
    }

    // ---- open-loop schedule ------------------------------------------------------------------------------------

    /**
     * Event i is due at start + i / rate (rate 0: a flood, every event due at the start). The wall-clock start,
     * taken with the monotonic one, puts due times on PostgreSQL's clock (both are this machine's).
     */
    private static final class Schedule {
        final long startNanos;
        final long startMicros;
        final long intervalNanos;

        Schedule(int perSecond) {
            intervalNanos = perSecond == 0 ? 0 : 1_000_000_000L / perSecond;
            long before = System.nanoTime();
            Instant wall = Instant.now();
            long after = System.nanoTime();
            startNanos = before + (after - before) / 2;
            startMicros = wall.getEpochSecond() * 1_000_000 + wall.getNano() / 1000;
        }

        long dueNanos(int i) {
            return startNanos + i * intervalNanos;
        }

        long dueMicros(int i) {
            return startMicros + i * intervalNanos / 1000;
        }

        /** Calls {@code send} for each event at its due time (at once if it is already late). */
        void run(int count, IntConsumer send) {
            for (int i = 0; i < count; i++) {
                long due = dueNanos(i);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                send.accept(i);
            }
        }
    }

    // ---- PostgreSQL --------------------------------------------------------------------------------------------

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private void requireCommitTimestamps() throws SQLException {
        try (PreparedStatement show = db.prepareStatement("SHOW track_commit_timestamp");
             ResultSet rs = show.executeQuery()) {
            rs.next();
            if (!"on".equals(rs.getString(1))) {
                throw new IllegalStateException("PostgreSQL runs with track_commit_timestamp=" + rs.getString(1)
                        + "; the benchmark reads commit times (PostgresServer sets it on: rebuild dev-stack)");
            }
        }
    }

    /** Polls (count only) until {@code expected} rows exist, then reads id -> commit time (microseconds since the epoch). */
    private Map<UUID, Long> awaitCommitted(String sql, int expected, Binder binder) throws Exception {
        awaitRows("SELECT count(*) FROM (" + sql + ") effect", expected, binder);
        Map<UUID, Long> rows = new HashMap<>();
        try (PreparedStatement query = db.prepareStatement(sql)) {
            binder.bind(query);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime at = rs.getObject(2, OffsetDateTime.class);
                    if (at == null) {
                        throw new IllegalStateException("no commit timestamp for " + rs.getString(1) + " (" + sql
                                + "): committed before track_commit_timestamp was on, or frozen");
                    }
                    rows.put(UUID.fromString(rs.getString(1)), at.toEpochSecond() * 1_000_000 + at.getNano() / 1000);
                }
            }
        }
        return rows;
    }

    private void awaitCount(String sql, UUID[] ids) throws Exception {
        awaitRows(sql, ids.length, q -> q.setArray(1, db.createArrayOf("uuid", ids)));
    }

    private void awaitRows(String countSql, int expected, Binder binder) throws Exception {
        long deadline = System.nanoTime() + APPLY_TIMEOUT.toNanos();
        long found = 0;
        try (PreparedStatement query = db.prepareStatement(countSql)) {
            binder.bind(query);
            while (System.nanoTime() - deadline < 0) {
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    found = rs.getLong(1);
                }
                if (found >= expected) {
                    return;
                }
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("only " + found + " of " + expected + " rows after "
                + APPLY_TIMEOUT.toSeconds() + " s: " + countSql);
    }

    // ---- Kafka and HTTP ----------------------------------------------------------------------------------------

    /** The broker's JVM: the dev stack's child process running KafkaBrokerMain. */
    private static long kafkaBrokerPid() {
        return ProcessHandle.current().children()
                .filter(p -> CpuMeter.commandLine(p.pid()).contains(KAFKA_MAIN))
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException("no child process runs " + KAFKA_MAIN));
    }

    private String call(String url, String token, String body, int expected) {
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

    private static ProducerRecord<String, String> record(String topic, CloudEvent<?> event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.key(), CODEC.encode(event));
        record.headers().add(EventHeaders.CONTENT_TYPE, EventHeaders.CLOUDEVENTS_JSON.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
