package com.valet.devstack;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevStackTest {
    private static Path dir;
    private static DevStack stack;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("dev-stack-test-");
        stack = new DevStack(DevStack.Settings.forTests(dir)).start();
    }

    @AfterAll
    static void stop() {
        stack.close();
        DevStack.deleteRecursively(dir);
    }

    @Test
    void runsRealPostgres17WithTheExtensionsTheServicesNeed() throws SQLException {
        try (Connection c = stack.postgres().connectAsSuperuser(DevStack.DATABASE);
             Statement s = c.createStatement()) {
            ResultSet version = s.executeQuery("SHOW server_version_num");
            version.next();
            assertEquals(17, Integer.parseInt(version.getString(1)) / 10000);
            ResultSet ext = s.executeQuery(
                    "SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension WHERE extname IN ('pg_trgm','pgcrypto')");
            ext.next();
            assertEquals("pg_trgm,pgcrypto", ext.getString(1));
        }
    }

    @Test
    void aServiceRoleCannotReadAnotherServicesSchema() throws SQLException {
        PostgresServer pg = stack.postgres();
        ServiceSchema booking = ServiceSchema.BOOKING;
        ServiceSchema inventory = ServiceSchema.INVENTORY;
        try (Connection own = pg.connect(DevStack.DATABASE, booking.role(), booking.devPassword());
             Statement s = own.createStatement()) {
            // search_path puts the role in its own schema: an unqualified table lands there
            s.execute("CREATE TABLE IF NOT EXISTS isolation_probe (secret text)");
            s.execute("INSERT INTO isolation_probe VALUES ('booking only')");
            ResultSet where = s.executeQuery(
                    "SELECT table_schema FROM information_schema.tables WHERE table_name = 'isolation_probe'");
            where.next();
            assertEquals("booking", where.getString(1));
        }
        try (Connection other = pg.connect(DevStack.DATABASE, inventory.role(), inventory.devPassword());
             Statement s = other.createStatement()) {
            SQLException denied = assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT * FROM booking.isolation_probe"));
            assertEquals("42501", denied.getSQLState(), denied.getMessage());
            SQLException noCreate = assertThrows(SQLException.class,
                    () -> s.execute("CREATE TABLE booking.intruder (x int)"));
            assertEquals("42501", noCreate.getSQLState(), noCreate.getMessage());
            SQLException noPublic = assertThrows(SQLException.class,
                    () -> s.execute("CREATE TABLE public.intruder (x int)"));
            assertEquals("42501", noPublic.getSQLState(), noPublic.getMessage());
        }
    }

    @Test
    void provisioningTwiceIsHarmless() {
        new SchemaProvisioner(stack.postgres(), DevStack.DATABASE).provision();
    }

    @Test
    void kafkaKeepsAcceptedRecordsAcrossABrokerRestart() throws Exception {
        String topic = "restart-probe-" + UUID.randomUUID();
        stack.kafka().createTopics(List.of(topic), 1);
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, "k", "before restart")).get();
        }
        stack.kafka().stop();
        assertFalse(Ports.isListening(stack.kafka().port()));
        stack.kafka().start();
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, "k", "after restart")).get();
        }
        assertEquals(List.of("before restart", "after restart"), readAll(topic, 2));
    }

    @Test
    void eventAndDeadLetterTopicsExist() throws Exception {
        java.util.Set<String> names;
        try (var admin = stack.kafka().admin()) {
            names = admin.listTopics().names().get();
        }
        for (String topic : DevStack.EVENT_TOPICS) {
            assertTrue(names.contains(topic), topic);
            assertTrue(names.contains(topic + ".dlq"), topic + ".dlq");
        }
    }

    @Test
    void portInUseGivesAClearMessage() throws Exception {
        try (var socket = new java.net.ServerSocket(0, 0, Ports.loopback())) {
            var e = assertThrows(Ports.PortInUseException.class,
                    () -> Ports.requireFree(socket.getLocalPort(), "gateway", "--gateway-port"));
            assertTrue(e.getMessage().contains("--gateway-port"), e.getMessage());
            assertTrue(e.getMessage().contains(Integer.toString(socket.getLocalPort())), e.getMessage());
        }
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    private static List<String> readAll(String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(30);
            while (values.size() < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
