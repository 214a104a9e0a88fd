package com.valet.system;

import com.valet.devstack.AppProcess;
import com.valet.devstack.DevStack;
import com.valet.devstack.ServiceSchema;
import com.valet.devstack.testing.EventPublisher;
import com.valet.events.Address;
import com.valet.events.BookingConfirmed;
import com.valet.events.CloudEvent;
import com.valet.events.EventTypes;
import com.valet.events.ServiceType;
import com.valet.events.Topics;
import com.valet.system.GatewayClient.Reply;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static com.valet.system.GatewayClient.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances each of inventory, booking and ops on one dev stack (issue 17): each service's consumer group
 * shares its topics' 3 partitions between the two, and one instance at a time relays the service's outbox.
 * Under a steady load (booking-confirmed events, published as booking's relay publishes them, and warehouse
 * scans of the items of ops' tasks through inventory's API, whose item-moved events go through inventory's relay
 * to booking and ops), instance 1 of each service is killed with SIGKILL while it is applying events on its
 * partitions. The survivors take over inventory's relay at once and the dead instances' partitions after the
 * consumer session timeout, and in the end every event has had its effect exactly once: nothing lost, nothing
 * applied twice.
 */
class ReplicasSystemTest {
    private static final Duration LOAD = Duration.ofSeconds(24);
    private static final Duration KILL_AFTER = Duration.ofSeconds(10);
    private static final long ACTION_EVERY_MILLIS = 500;
    private static final int ITEMS_PER_ACTION = 2;
    /** Threads that book: an action takes a few requests, one thread alone would lag behind the schedule. */
    private static final int BOOKERS = 3;
    /** After the load: the dead consumers' partitions wait for the session timeout (45 s), then the backlog. */
    private static final Duration CATCH_UP = Duration.ofSeconds(120);
    private static final int CUSTOMERS = 6;
    private static final Address ADDRESS = new Address("1 Congress Ave", null, "Austin", "TX", "78701");
    private static final List<ServiceSchema> REPLICATED = List.of(ServiceSchema.INVENTORY, ServiceSchema.BOOKING,
            ServiceSchema.OPS);
    /** The topic whose consumer is killed mid-batch in each service: the busiest one it consumes. */
    private static final Map<ServiceSchema, String> WATCHED = Map.of(ServiceSchema.INVENTORY, Topics.BOOKING_CONFIRMED,
            ServiceSchema.BOOKING, Topics.ITEM_MOVED, ServiceSchema.OPS, Topics.ITEM_MOVED);

    private static Platform platform;
    private static DevStack stack;
    private static PlatformProcesses apps;
    private static final Map<ServiceSchema, List<AppProcess>> instances = new EnumMap<>(ServiceSchema.class);

    @BeforeAll
    static void startTwoInstancesOfEachService() throws Exception {
        platform = Platform.start("replicas");
        stack = platform.stack;
        apps = platform.apps;
        List<AppProcess> all = new ArrayList<>();
        for (ServiceSchema service : REPLICATED) {
            List<AppProcess> two = List.of(apps.replica(service, 1), apps.replica(service, 2));
            instances.put(service, two);
            all.addAll(two);
        }
        long t0 = System.nanoTime();
        // all six at once: both instances of a service run its Flyway migrations concurrently, as replicas do
        apps.startAll(all.toArray(AppProcess[]::new));
        System.out.printf(Locale.ROOT, "[replicas] 6 instances ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void twoInstancesShareTheWorkAndOneOfEachKilledMidBatchLosesNothingAndAppliesNothingTwice() throws Exception {
        // ---- both instances of each service hold partitions of every topic the service consumes ----
        Map<String, Map<String, Set<Integer>>> shares = awaitEachTopicSharedByBothInstances();
        System.out.println("[replicas] partitions per topic and instance before the kills: " + shares);

        // ---- steady load; instance 1 of each service killed while it applies events ----
        Load load = new Load();
        load.start();
        Thread.sleep(KILL_AFTER.toMillis());
        Map<String, Double> relayedBeforeKill = new TreeMap<>();
        for (AppProcess inventory : instances.get(ServiceSchema.INVENTORY)) {
            relayedBeforeKill.put(inventory.name(), metric(inventory, "valet_outbox_published_total"));
        }
        List<Kill> kills = new ArrayList<>();
        for (ServiceSchema service : REPLICATED) {
            kills.add(killWhileApplying(service, WATCHED.get(service), shares));
        }
        Kill inventoryKill = kills.get(0);
        kills.forEach(kill -> System.out.println("[replicas] " + kill));
        System.out.println("[replicas] inventory events published by each instance before the kill: " + relayedBeforeKill);

        // ---- the survivors catch up ----
        load.awaitDone(LOAD.plus(CATCH_UP));
        long loadEnded = System.nanoTime();
        assertEquals(List.of(), load.failures, "every request of the load was answered as expected");
        List<String> itemMoved = queryStrings("SELECT event_id::text FROM inventory.event_outbox WHERE topic = ?",
                Topics.ITEM_MOVED);
        String[] movedIds = itemMoved.toArray(String[]::new);
        String[] confirmedIds = load.confirmedEventIds.toArray(String[]::new);
        String[] actionIds = load.actions.keySet().stream().map(UUID::toString).toArray(String[]::new);
        awaitUntil("inventory's outbox is published", () -> queryLong(
                "SELECT count(*) FROM inventory.event_outbox WHERE published_at IS NULL"), n -> n == 0);
        awaitUntil("booking and ops applied every item-moved, inventory and ops every booking-confirmed", () ->
                missing("booking", Topics.ITEM_MOVED, movedIds) + missing("ops", Topics.ITEM_MOVED, movedIds)
                        + missing("inventory", Topics.BOOKING_CONFIRMED, confirmedIds)
                        + missing("ops", Topics.BOOKING_CONFIRMED, confirmedIds), n -> n == 0);
        try {
            awaitUntil("every ops task is done", () -> queryLong("SELECT count(*) FROM ops.task WHERE status = 'done'"
                    + " AND action_id::text = ANY(?)", (Object) actionIds), n -> n == actionIds.length, Duration.ofSeconds(30));
        } catch (AssertionError e) {
            printTasksNotDone(actionIds);
            throw e;
        }
        awaitUntil("every booking visit is completed", () -> queryLong("SELECT count(*) FROM booking.action"
                + " WHERE status = 'completed' AND id::text = ANY(?)", (Object) actionIds), n -> n == actionIds.length,
                Duration.ofSeconds(30));
        System.out.printf(Locale.ROOT, "[replicas] load: %d actions, %d items, %d booking-confirmed and %d item-moved events,"
                        + " %d scans, requests per inventory instance %s; caught up %.1f s after the load ended%n",
                load.actions.size(), load.items.size(), confirmedIds.length, movedIds.length, load.scans.get(),
                new TreeMap<>(load.requestsByInstance), (System.nanoTime() - loadEnded) / 1e9);

        // ---- nothing lost, nothing applied twice ----
        // 48 actions are due in 24 s; a machine busy with other work books fewer
        assertTrue(load.actions.size() >= 20 && movedIds.length >= 160, "a real load: " + load.actions.size()
                + " actions, " + movedIds.length + " item-moved events");
        assertEachEventProcessedOncePerConsumer("inventory", Topics.BOOKING_CONFIRMED, confirmedIds);
        assertEachEventProcessedOncePerConsumer("ops", Topics.BOOKING_CONFIRMED, confirmedIds);
        assertEachEventProcessedOncePerConsumer("booking", Topics.ITEM_MOVED, movedIds);
        assertEachEventProcessedOncePerConsumer("ops", Topics.ITEM_MOVED, movedIds);
        assertInventoryScheduledEachItemOnce(load);
        assertBookingFollowedEachVisitOnce(load);
        assertOpsMadeOneTaskPerActionAndLoggedEachChangeOnce(load);
        assertNoDeadLetters();

        // ---- inventory's relay: the survivor took over ----
        String[] afterKill = queryStrings("SELECT event_id::text FROM inventory.event_outbox WHERE topic = ?"
                + " AND created_at > ?", Topics.ITEM_MOVED, Timestamp.from(inventoryKill.at)).toArray(String[]::new);
        // a scan begun a second after the kill: inventory-service-1 had been gone for a while
        List<String> scannedAfterKill = load.scannedAfter(inventoryKill.at.plusSeconds(1));
        assertTrue(afterKill.length >= 20 && scannedAfterKill.size() >= 20, "inventory-service-2 alone took "
                + scannedAfterKill.size() + " scans and wrote " + afterKill.length + " events after the kill");
        assertTrue(scannedAfterKill.stream().allMatch("inventory-service-2"::equals), "after the kill only"
                + " inventory-service-2 answered scans");
        assertEquals(0, missing("booking", Topics.ITEM_MOVED, afterKill) + missing("ops", Topics.ITEM_MOVED, afterKill),
                "the events of scans through inventory-service-2 reached booking and ops");
        double takeover = queryDouble("SELECT EXTRACT(EPOCH FROM min(published_at) - ?) FROM inventory.event_outbox"
                + " WHERE published_at > ?", Timestamp.from(inventoryKill.at), Timestamp.from(inventoryKill.at));
        System.out.printf(Locale.ROOT, "[replicas] inventory's relay: %d rows unpublished at the kill; inventory-service-2"
                + " published %.2f s after it; %d events written after the kill, all published and applied by booking"
                + " and ops%n", inventoryKill.unpublished, takeover, afterKill.length);
        assertTrue(takeover < 10, "the surviving relay takes over within seconds, not " + takeover + " s");
        for (Kill kill : kills) {
            double idle = kill.partitions.isEmpty() ? 0 : queryDouble("SELECT EXTRACT(EPOCH FROM min(processed_at) - ?)"
                            + " FROM " + kill.service.schema() + ".processed_event WHERE topic = ? AND kafka_partition = ANY(?)"
                            + " AND processed_at > ?", Timestamp.from(kill.at), kill.topic,
                    kill.partitions.toArray(Integer[]::new), Timestamp.from(kill.at));
            System.out.printf(Locale.ROOT, "[replicas] %s's partitions %s of %s: %s took them over %.1f s after the kill%n",
                    kill.instance, kill.partitions, kill.topic, kill.service.serviceName() + "-2", idle);
        }
    }

    // ---- the kills ------------------------------------------------------------------------------------------

    /** What was killed, when, and what it was in the middle of. */
    private record Kill(ServiceSchema service, String instance, String topic, Set<Integer> partitions, Instant at,
                        long appliedOnItsPartitions, long pendingOnItsPartitions, long appliedNotCommitted,
                        long unpublished) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s killed while applying %s on partitions %s: %d applied there so far,"
                            + " %d waiting, %d applied but their offsets not committed (redelivered to the survivor)%s",
                    instance, topic, partitions, appliedOnItsPartitions, pendingOnItsPartitions, appliedNotCommitted,
                    service == ServiceSchema.INVENTORY ? "; " + unpublished + " outbox rows unpublished" : "");
        }
    }

    /**
     * Kills instance 1 of the service the moment it is seen applying: records are waiting on its partitions of
     * the topic (published, not yet applied), and it applied events there within the last half second (and a few
     * before: it has been at work for a while).
     */
    private Kill killWhileApplying(ServiceSchema service, String topic, Map<String, Map<String, Set<Integer>>> shares)
            throws Exception {
        AppProcess victim = instances.get(service).get(0);
        Set<Integer> partitions = shares.get(service.serviceName() + " " + topic).get(victim.name());
        List<TopicPartition> topicPartitions = partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
        String applied = "SELECT kafka_partition, count(*), max(kafka_offset) FROM " + service.schema()
                + ".processed_event WHERE topic = ? AND kafka_partition = ANY(?) GROUP BY kafka_partition";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long last = -1;
        long lastApplied = 0;
        try (Admin admin = stack.kafka().admin();
             Connection db = stack.postgres().connectAsSuperuser(DevStack.DATABASE);
             PreparedStatement progress = db.prepareStatement(applied)) {
            progress.setString(1, topic);
            progress.setArray(2, db.createArrayOf("int4", partitions.toArray()));
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, Long> ends = new HashMap<>();
                admin.listOffsets(topicPartitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                        .all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
                long count = 0;
                long pending = ends.values().stream().mapToLong(Long::longValue).sum();
                try (ResultSet rs = progress.executeQuery()) {
                    while (rs.next()) {
                        count += rs.getLong(2);
                        pending -= Math.min(ends.get(new TopicPartition(topic, rs.getInt(1))), rs.getLong(3) + 1);
                    }
                }
                if (last >= 0 && count > last) {
                    lastApplied = System.nanoTime();
                }
                last = count;
                if (count >= 3 && pending > 0 && System.nanoTime() - lastApplied < TimeUnit.MILLISECONDS.toNanos(500)) {
                    Instant at = Instant.now();
                    apps.kill(victim);
                    long unpublished = service == ServiceSchema.INVENTORY
                            ? queryLong("SELECT count(*) FROM inventory.event_outbox WHERE published_at IS NULL") : 0;
                    return new Kill(service, victim.name(), topic, partitions, at, count, pending,
                            appliedNotCommitted(admin, service, topic, partitions), unpublished);
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError(victim.name() + " was not seen applying " + topic + " on " + partitions);
    }

    /** Applied (recorded in processed_event) at or after the group's committed offset: Kafka hands them out again. */
    private static long appliedNotCommitted(Admin admin, ServiceSchema service, String topic, Set<Integer> partitions)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(service.serviceName())
                .partitionsToOffsetAndMetadata().get();
        long count = 0;
        for (int partition : partitions) {
            OffsetAndMetadata offset = committed.get(new TopicPartition(topic, partition));
            count += queryLong("SELECT count(*) FROM " + service.schema() + ".processed_event WHERE topic = ?"
                    + " AND kafka_partition = ? AND kafka_offset >= ?", topic, partition, offset == null ? 0 : offset.offset());
        }
        return count;
    }

    /**
     * Waits until, in each service's group, every topic it consumes has partitions held by instance 1 and by
     * instance 2 (the members' client ids start with the instance's name). Key: "group topic".
     */
    private static Map<String, Map<String, Set<Integer>>> awaitEachTopicSharedByBothInstances() {
        return awaitUntil("each topic's partitions are shared by both instances of each service", () -> {
            try (Admin admin = stack.kafka().admin()) {
                List<String> groups = REPLICATED.stream().map(ServiceSchema::serviceName).toList();
                Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all().get();
                Map<String, Map<String, Set<Integer>>> shares = new TreeMap<>();
                for (ServiceSchema service : REPLICATED) {
                    for (MemberDescription member : described.get(service.serviceName()).members()) {
                        String instance = instances.get(service).stream().map(AppProcess::name)
                                .filter(name -> member.clientId().startsWith(name + "-")).findFirst()
                                .orElse("unknown client " + member.clientId());
                        for (TopicPartition partition : member.assignment().topicPartitions()) {
                            if (!partition.topic().endsWith(Topics.deadLetter(""))) {
                                shares.computeIfAbsent(service.serviceName() + " " + partition.topic(), k -> new TreeMap<>())
                                        .computeIfAbsent(instance, k -> new TreeSet<>()).add(partition.partition());
                            }
                        }
                    }
                }
                return shares;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, shares -> {
            for (ServiceSchema service : REPLICATED) {
                Set<String> both = instances.get(service).stream().map(AppProcess::name).collect(Collectors.toSet());
                if (!shares.containsKey(service.serviceName() + " " + WATCHED.get(service))) {
                    return false;
                }
                for (Map.Entry<String, Map<String, Set<Integer>>> topic : shares.entrySet()) {
                    if (topic.getKey().startsWith(service.serviceName() + " ")
                            && (!topic.getValue().keySet().equals(both)
                            || topic.getValue().values().stream().mapToInt(Set::size).sum() != 3)) {
                        return false;
                    }
                }
            }
            return true;
        }, Duration.ofSeconds(90));
    }

    // ---- the load -------------------------------------------------------------------------------------------

    /**
     * Every {@link #ACTION_EVERY_MILLIS}: a customer catalogues two items through inventory's API, booking holds a
     * confirmed pickup of them, and booking-confirmed goes to Kafka as booking's relay sends it. Inventory schedules
     * the items (item-moved through its outbox); two warehouse scanners then move each item in_transit and stored
     * through inventory's API, alternating between the live inventory instances.
     */
    private final class Load {
        final Map<UUID, List<UUID>> actions = new ConcurrentHashMap<>();
        final Map<UUID, UUID> items = new ConcurrentHashMap<>(); // item -> action
        final List<String> confirmedEventIds = new CopyOnWriteArrayList<>();
        final List<String> failures = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> requestsByInstance = new ConcurrentHashMap<>();
        final AtomicInteger scans = new AtomicInteger();
        /** Who answered each successful scan, and when it was sent. */
        final List<Map.Entry<Instant, String>> scanLog = Collections.synchronizedList(new ArrayList<>());
        private final DelayQueue<Scan> due = new DelayQueue<>();
        private final AtomicInteger unstored = new AtomicInteger();
        private final AtomicInteger turn = new AtomicInteger();
        private final Set<UUID> tasked = ConcurrentHashMap.newKeySet();
        private volatile long started;
        private final List<UUID> customers = new ArrayList<>();
        private final Map<UUID, String> customerTokens = new HashMap<>();
        private final String warehouseToken = stack.auth().token(UUID.randomUUID(), "shelf@valet.example",
                List.of("warehouse"), Duration.ofHours(1));
        private final List<Thread> threads = new ArrayList<>();
        private final java.util.concurrent.CountDownLatch bookers = new java.util.concurrent.CountDownLatch(BOOKERS);
        private volatile boolean stop;

        Load() {
            for (int i = 0; i < CUSTOMERS; i++) {
                UUID customer = UUID.randomUUID();
                customers.add(customer);
                customerTokens.put(customer, stack.auth().customerToken(customer, customer + "@example.com",
                        Duration.ofHours(1)));
            }
        }

        void start() {
            started = System.nanoTime();
            for (int i = 0; i < BOOKERS; i++) {
                int booker = i;
                threads.add(new Thread(() -> book(booker), "load-bookings-" + i));
            }
            for (int i = 0; i < 2; i++) {
                threads.add(new Thread(this::scan, "load-scanner-" + i));
            }
            threads.forEach(Thread::start);
        }

        void awaitDone(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Thread t : threads) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            stop = true;
            for (Thread t : threads) {
                t.join(30_000);
            }
            assertEquals(0, unstored.get(), "every item was scheduled by inventory and scanned in_transit and stored in "
                    + timeout.toSeconds() + " s");
        }

        List<String> scannedAfter(Instant at) {
            synchronized (scanLog) {
                return scanLog.stream().filter(e -> e.getKey().isAfter(at)).map(Map.Entry::getValue).toList();
            }
        }

        /** Booker {@code booker} of {@link #BOOKERS} takes every BOOKERS-th slot of the schedule. */
        private void book(int booker) {
            Instant window = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
            try (EventPublisher publisher = new EventPublisher(stack.kafka().bootstrapServers())) {
                for (int n = booker; n * ACTION_EVERY_MILLIS < LOAD.toMillis() && !stop; n += BOOKERS) {
                    sleepUntil(started + n * TimeUnit.MILLISECONDS.toNanos(ACTION_EVERY_MILLIS));
                    UUID customer = customers.get(n % CUSTOMERS);
                    UUID action = UUID.randomUUID();
                    List<UUID> catalogued = new ArrayList<>();
                    for (int i = 0; i < ITEMS_PER_ACTION; i++) {
                        catalogued.add(createItem(customer, "Crate " + n + "-" + i));
                    }
                    if (catalogued.contains(null)) {
                        continue; // reported as a failure
                    }
                    BookingConfirmed confirmed = new BookingConfirmed(action, customer, ServiceType.pickup, window,
                            window.plus(2, ChronoUnit.HOURS), catalogued, List.of(), List.of(), ADDRESS, null,
                            Instant.now().truncatedTo(ChronoUnit.MICROS));
                    holdConfirmedVisit(confirmed);
                    CloudEvent<BookingConfirmed> event = CloudEvent.create(EventTypes.BOOKING_CONFIRMED,
                            "/booking-service", action.toString(), confirmed);
                    actions.put(action, catalogued);
                    catalogued.forEach(item -> items.put(item, action));
                    unstored.addAndGet(catalogued.size());
                    publisher.publish(event, Topics.BOOKING_CONFIRMED);
                    confirmedEventIds.add(event.id());
                    catalogued.forEach(item -> due.add(new Scan(item, action, "in_transit", 0, 300)));
                }
            } catch (RuntimeException e) {
                failures.add("booking load: " + e);
            } finally {
                bookers.countDown();
            }
        }

        /** A customer catalogues an item (retried on the other instance if the one asked died meanwhile). */
        private UUID createItem(UUID customer, String label) {
            for (int attempt = 0; attempt < 5; attempt++) {
                AppProcess inventory = nextInventory();
                try {
                    Reply created = new GatewayClient(inventory.baseUrl()).post("/items", customerTokens.get(customer),
                            map("label", label, "description", label + " of records", "category", "household",
                                    "photo_paths", List.of(customer + "/crate.jpg")));
                    count(inventory);
                    if (created.status() == 201) {
                        return UUID.fromString(created.body().path("id").asText());
                    }
                    failures.add("create item answered " + created.status() + ": " + created.body());
                    return null;
                } catch (UncheckedIOException e) {
                    // killed mid-request; the item may exist without us knowing its id: its events still count
                }
            }
            failures.add("no inventory instance created " + label);
            return null;
        }

        /** What booking holds once a pickup is confirmed, so its visit advances from the item moves. */
        private void holdConfirmedVisit(BookingConfirmed visit) {
            try (Connection c = stack.postgres().connectAsSuperuser(DevStack.DATABASE);
                 PreparedStatement insert = c.prepareStatement("INSERT INTO booking.action (id, user_id, service_type,"
                         + " status, pickup_item_ids, address, scheduled_start, scheduled_end) VALUES (?, ?, 'pickup',"
                         + " 'confirmed', ?, CAST(? AS jsonb), ?, ?)")) {
                insert.setObject(1, visit.actionId());
                insert.setObject(2, visit.customerId());
                insert.setArray(3, c.createArrayOf("uuid", visit.pickupItemIds().toArray()));
                insert.setString(4, "{\"street\":\"1 Congress Ave\",\"city\":\"Austin\",\"state\":\"TX\",\"zip\":\"78701\"}");
                insert.setObject(5, OffsetDateTime.ofInstant(visit.scheduledStart(), ZoneOffset.UTC));
                insert.setObject(6, OffsetDateTime.ofInstant(visit.scheduledEnd(), ZoneOffset.UTC));
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        private void scan() {
            while (!stop) {
                Scan scan;
                try {
                    scan = due.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (scan == null) {
                    if (bookers.getCount() == 0 && unstored.get() == 0) {
                        return;
                    }
                    continue;
                }
                if (!onTheBoard(scan.action)) {
                    due.add(scan.retry()); // the driver sees the visit once ops has its task
                    continue;
                }
                AppProcess inventory = nextInventory();
                Map<String, Object> move = scan.to.equals("stored")
                        ? map("to_status", "stored", "action_id", scan.action, "location", "R-" + (scans.get() % 97))
                        : map("to_status", scan.to, "action_id", scan.action);
                Reply reply;
                Instant sent = Instant.now();
                try {
                    reply = new GatewayClient(inventory.baseUrl()).post("/staff/items/" + scan.item + "/moves",
                            warehouseToken, move);
                    count(inventory);
                } catch (UncheckedIOException e) {
                    due.add(scan.retry()); // the instance died under the request: ask the other one
                    continue;
                }
                String current = reply.body().path("current_status").asText();
                if (reply.status() == 200 || (reply.status() == 409 && current.equals(scan.to))) {
                    // 409 in the target state: an earlier attempt moved it, and its answer was lost with the instance
                    if (reply.status() == 200) {
                        scans.incrementAndGet();
                        scanLog.add(Map.entry(sent, inventory.name()));
                    }
                    if (scan.to.equals("in_transit")) {
                        due.add(new Scan(scan.item, scan.action, "stored", 0, 200));
                    } else {
                        unstored.decrementAndGet();
                    }
                } else if (reply.status() == 409 && scan.to.equals("in_transit") && current.equals("home")) {
                    due.add(scan.retry()); // inventory has not applied the booking-confirmed yet
                } else {
                    failures.add("move " + scan.item + " to " + scan.to + " answered " + reply.status() + ": "
                            + reply.body());
                    unstored.decrementAndGet();
                }
            }
        }

        /**
         * Whether ops has the action's task, as a driver's day shows it: staff scan the items of the tasks they
         * are given (as in JourneySystemTest), so an item is not scanned before ops consumed its booking-confirmed.
         */
        private boolean onTheBoard(UUID action) {
            if (tasked.contains(action)) {
                return true;
            }
            if (queryLong("SELECT count(*) FROM ops.task WHERE action_id = ?::uuid", action.toString()) == 0) {
                return false;
            }
            tasked.add(action);
            return true;
        }

        /** The live inventory instances in turn. */
        private AppProcess nextInventory() {
            List<AppProcess> live = instances.get(ServiceSchema.INVENTORY).stream().filter(AppProcess::isAlive).toList();
            return live.get(Math.floorMod(turn.getAndIncrement(), live.size()));
        }

        private void count(AppProcess inventory) {
            requestsByInstance.computeIfAbsent(inventory.name(), k -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** A move to try once due; retried with backoff up to 3 s until ops has the task and inventory the schedule. */
    private record Scan(UUID item, UUID action, String to, int attempt, long dueAtMillis) implements Delayed {
        Scan(UUID item, UUID action, String to, int attempt, int delayMillis) {
            this(item, action, to, attempt, System.currentTimeMillis() + delayMillis);
        }

        Scan retry() {
            return new Scan(item, action, to, attempt + 1, (int) Math.min(3000, 100L << Math.min(attempt, 5)));
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueAtMillis - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.MILLISECONDS), other.getDelay(TimeUnit.MILLISECONDS));
        }
    }

    // ---- what must hold in the end --------------------------------------------------------------------------

    /**
     * Each consumer of the topic in the schema (found in processed_event, not named here) recorded exactly these
     * event ids, each once.
     */
    private static void assertEachEventProcessedOncePerConsumer(String schema, String topic, String[] expected) {
        List<String> consumers = queryStrings("SELECT DISTINCT consumer FROM " + schema + ".processed_event WHERE topic = ?",
                topic);
        assertFalse(consumers.isEmpty(), schema + " consumes " + topic);
        Set<String> wanted = new TreeSet<>(List.of(expected));
        for (String consumer : consumers) {
            List<String> twice = queryStrings("SELECT event_id::text FROM " + schema + ".processed_event WHERE consumer = ?"
                    + " AND topic = ? GROUP BY event_id HAVING count(*) > 1", consumer, topic);
            assertEquals(List.of(), twice, schema + " " + consumer + " recorded no event twice");
            Set<String> recorded = new TreeSet<>(queryStrings("SELECT event_id::text FROM " + schema + ".processed_event"
                    + " WHERE consumer = ? AND topic = ?", consumer, topic));
            assertEquals(wanted, recorded, schema + " " + consumer + " applied every " + topic + " event, and no other");
        }
    }

    /**
     * booking-confirmed's effect in inventory (the consumer's trail line and item-moved event per item) exists
     * once per item, and so does each scan's.
     */
    private static void assertInventoryScheduledEachItemOnce(Load load) {
        String[] items = ids(load.items.keySet());
        assertEquals(List.of(), queryStrings("SELECT item_id || ' ' || (event_data->>'to_status') || ' x' || count(*)"
                + " FROM inventory.inventory_event WHERE event_type = 'moved' AND item_id::text = ANY(?)"
                + " GROUP BY item_id, event_data->>'to_status' HAVING count(*) <> 1", (Object) items),
                "one trail line per move of an item");
        assertEquals(3L * items.length, queryLong("SELECT count(*) FROM inventory.inventory_event WHERE event_type = 'moved'"
                + " AND item_id::text = ANY(?)", (Object) items), "scheduled, in_transit and stored, each once per item");
        // the schedule's move names the action of the booking-confirmed it came from
        Map<String, String> scheduledFor = new TreeMap<>();
        load.items.forEach((item, action) -> scheduledFor.put(item.toString(), action.toString()));
        Map<String, String> scheduled = new TreeMap<>();
        for (String row : queryStrings("SELECT item_id || ' ' || (event_data->>'action_id') FROM inventory.inventory_event"
                + " WHERE event_type = 'moved' AND event_data->>'to_status' = 'scheduled' AND item_id::text = ANY(?)",
                (Object) items)) {
            scheduled.merge(row.split(" ")[0], row.split(" ")[1], (a, b) -> a + " and " + b);
        }
        assertEquals(scheduledFor, scheduled, "each item scheduled once, for its booking");
        assertEquals(4L * items.length, queryLong("SELECT count(*) FROM inventory.event_outbox WHERE topic = ?"
                + " AND event_key = ANY(?)", Topics.ITEM_MOVED, items), "created, scheduled, in_transit, stored: four"
                + " item-moved events per item");
        assertEquals(0, queryLong("SELECT count(*) FROM inventory.rejected_line WHERE action_id::text = ANY(?)",
                (Object) ids(load.actions.keySet())), "no line of a booking was rejected");
        assertEquals(items.length, queryLong("SELECT count(*) FROM inventory.item WHERE status = 'stored'"
                + " AND current_action_id IS NULL AND id::text = ANY(?)", (Object) items), "every item is on its shelf");
    }

    /** booking's read model follows every item, and each visit started and completed once. */
    private static void assertBookingFollowedEachVisitOnce(Load load) {
        String[] items = ids(load.items.keySet());
        String[] actions = ids(load.actions.keySet());
        assertEquals(items.length, queryLong("SELECT count(*) FROM booking.customer_item c WHERE c.status = 'stored'"
                + " AND c.item_id::text = ANY(?) AND c.last_action_id = (SELECT a.id FROM booking.action a"
                + " WHERE c.item_id = ANY(a.pickup_item_ids))", (Object) items), "booking knows every item is stored,"
                + " for its visit");
        assertEquals(List.of(), queryStrings("SELECT a.id || ' ' || t.type || ' x' || (SELECT count(*) FROM"
                + " booking.booking_event e WHERE e.action_id = a.id AND e.event_type = t.type) FROM booking.action a"
                + " CROSS JOIN (VALUES ('started'), ('completed')) t(type) WHERE a.id::text = ANY(?) AND (SELECT count(*)"
                + " FROM booking.booking_event e WHERE e.action_id = a.id AND e.event_type = t.type) <> 1",
                (Object) actions), "each visit started once and completed once");
    }

    /** One task per action, created once, completed once; each item's move logged at most once on it. */
    private static void assertOpsMadeOneTaskPerActionAndLoggedEachChangeOnce(Load load) {
        String[] actions = ids(load.actions.keySet());
        String[] items = ids(load.items.keySet());
        assertEquals(actions.length, queryLong("SELECT count(*) FROM ops.task WHERE status = 'done'"
                + " AND action_id::text = ANY(?)", (Object) actions), "one task per action, done");
        assertEquals(List.of(), queryStrings("SELECT t.action_id || ' ' || k.type || ' x' || (SELECT count(*) FROM"
                + " ops.task_event e WHERE e.task_id = t.id AND e.event_type = k.type) FROM ops.task t CROSS JOIN"
                + " (VALUES ('created'), ('completed')) k(type) WHERE t.action_id::text = ANY(?) AND (SELECT count(*)"
                + " FROM ops.task_event e WHERE e.task_id = t.id AND e.event_type = k.type) <> 1", (Object) actions),
                "each task created once and completed once");
        // a move consumed before its task existed is kept in item_move and shows on the task without a line
        assertEquals(List.of(), queryStrings("SELECT e.task_id || ' ' || (e.metadata->>'item_id') || ' '"
                + " || (e.metadata->>'to_status') FROM ops.task_event e JOIN ops.task t ON t.id = e.task_id"
                + " WHERE e.event_type = 'item_moved' AND t.action_id::text = ANY(?)"
                + " GROUP BY 1 HAVING count(*) > 1", (Object) actions), "no item move logged twice on a task");
        assertEquals(items.length, queryLong("SELECT count(*) FROM ops.task_item i JOIN ops.task t ON t.id = i.task_id"
                + " WHERE i.done AND i.status = 'stored' AND t.action_id::text = ANY(?)", (Object) actions),
                "every item of every task is done");
        assertEquals(items.length, queryLong("SELECT count(*) FROM ops.item_move WHERE status = 'stored'"
                + " AND action_id::text = ANY(?)", (Object) actions), "ops knows each item's newest move");
    }

    /**
     * What ops knows of the actions whose task is not done: the task, its items, the newest move of each, its
     * trail, and when ops began the transactions that applied the events of the action and its items.
     */
    private static void printTasksNotDone(String[] actions) {
        queryStrings("SELECT t.action_id || ' ' || t.status || ' created ' || t.created_at || ' items '"
                + " || (SELECT json_agg(json_build_object('item', i.item_id, 'status', i.status, 'done', i.done))"
                + " FROM ops.task_item i WHERE i.task_id = t.id)::text || ' newest moves ' || coalesce((SELECT"
                + " json_agg(json_build_object('item', m.item_id, 'status', m.status)) FROM ops.item_move m"
                + " WHERE m.action_id = t.action_id)::text, '-') || ' trail ' || (SELECT json_agg(json_build_object("
                + "'type', e.event_type, 'at', e.created_at, 'item', e.metadata->>'item_id', 'to', e.metadata->>'to_status')"
                + " ORDER BY e.id) FROM ops.task_event e WHERE e.task_id = t.id)::text || ' applied in ops: ' || (SELECT"
                + " string_agg(p.topic || ' ' || coalesce(o.event_key || ' ' || (o.payload->'data'->>'to_status'), '')"
                + " || ' tx from ' || p.processed_at, '; ' ORDER BY p.processed_at) FROM ops.processed_event p"
                + " LEFT JOIN inventory.event_outbox o ON o.event_id = p.event_id WHERE p.event_id::text ="
                + " (SELECT e.metadata->>'event_id' FROM ops.task_event e WHERE e.task_id = t.id AND e.event_type = 'created')"
                + " OR o.event_key IN (SELECT i.item_id::text FROM ops.task_item i WHERE i.task_id = t.id))"
                + " FROM ops.task t WHERE t.status <> 'done' AND t.action_id::text = ANY(?)", (Object) actions)
                .forEach(row -> System.out.println("[replicas] task not done: " + row));
    }

    /** A fresh stack: any record on any dead-letter topic is an event some consumer could not apply. */
    private static void assertNoDeadLetters() throws Exception {
        try (Admin admin = stack.kafka().admin()) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (String topic : DevStack.EVENT_TOPICS) {
                for (int p = 0; p < 3; p++) {
                    ends.put(new TopicPartition(Topics.deadLetter(topic), p), OffsetSpec.latest());
                }
            }
            Map<String, Long> letters = new TreeMap<>();
            admin.listOffsets(ends).all().get().forEach((partition, info) ->
                    letters.merge(partition.topic(), info.offset(), Long::sum));
            assertEquals(0, letters.values().stream().mapToLong(Long::longValue).sum(), "no dead letters: " + letters);
        }
    }

    /** Expected event ids that some consumer of the topic in the schema has not recorded yet. */
    private static long missing(String schema, String topic, String[] expected) {
        List<String> consumers = queryStrings("SELECT DISTINCT consumer FROM " + schema + ".processed_event WHERE topic = ?",
                topic);
        if (consumers.isEmpty()) {
            return expected.length;
        }
        long missing = 0;
        for (String consumer : consumers) {
            missing += expected.length - queryLong("SELECT count(DISTINCT event_id) FROM " + schema + ".processed_event"
                    + " WHERE consumer = ? AND topic = ? AND event_id::text = ANY(?)", consumer, topic, expected);
        }
        return missing;
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static String[] ids(Set<UUID> ids) {
        return ids.stream().map(UUID::toString).toArray(String[]::new);
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <T> T awaitUntil(String what, Supplier<T> value, Predicate<T> until) {
        return awaitUntil(what, value, until, CATCH_UP);
    }

    private static <T> T awaitUntil(String what, Supplier<T> value, Predicate<T> until, Duration timeout) {
        return GatewayClient.await(what, value, until, timeout);
    }

    /** The sum of a Prometheus counter's series on one instance; NaN if it does not answer or has no such metric. */
    private static double metric(AppProcess app, String name) {
        try {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            List<Double> values = text.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                    .map(l -> Double.parseDouble(l.substring(l.indexOf(l.contains("}") ? '}' : ' ') + 1).trim().split("\\s+")[0]))
                    .toList();
            return values.isEmpty() ? Double.NaN : values.stream().mapToDouble(Double::doubleValue).sum();
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    // ---- reads across the schemas, as the database owner (a test's view, never a service's) ----

    private static String queryString(String sql, Object... parameters) {
        return new OwnerQueries(stack).string(sql, parameters);
    }

    private static long queryLong(String sql, Object... parameters) {
        return new OwnerQueries(stack).number(sql, parameters);
    }

    private static double queryDouble(String sql, Object... parameters) {
        String value = queryString(sql, parameters);
        return value == null ? Double.NaN : Double.parseDouble(value);
    }

    private static List<String> queryStrings(String sql, Object... parameters) {
        return new OwnerQueries(stack).strings(sql, parameters);
    }
}
