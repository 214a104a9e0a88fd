package com.valet.devstack;

import com.valet.events.Topics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The platform's infrastructure on one machine: PostgreSQL 17 with one schema + role per service, a
 * single-node Kafka with the event and dead-letter topics, and the Supabase Auth stub. The run command
 * and the tests start exactly this.
 */
public final class DevStack implements AutoCloseable {
    public static final String DATABASE = "valet";
    public static final List<String> EVENT_TOPICS = List.of(
            Topics.ITEM_MOVED, Topics.BOOKING_CONFIRMED, Topics.BOOKING_CANCELED, Topics.PAYMENT_RECEIVED,
            Topics.SUBSCRIPTION_CHANGED, Topics.CUSTOMER_AREA_CHANGED);

    private static DevStack shared;

    private final Settings settings;
    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private final SupabaseAuthStub auth;
    private final TraceCollectorStub traces = TraceCollectorStub.onFreePort();

    /**
     * @param durable fsync on (run command) or off (tests)
     */
    public record Settings(Path dataDir, int postgresPort, int kafkaPort, int kafkaControllerPort, int authPort,
                           boolean durable, String kafkaHeap) {
        public static Settings forTests(Path dataDir) {
            return new Settings(dataDir, Ports.free(), Ports.free(), Ports.free(), Ports.free(), false, "256m");
        }
    }

    public DevStack(Settings settings) {
        this.settings = settings;
        this.postgres = new PostgresServer(settings.dataDir().resolve("postgres"), settings.postgresPort(),
                settings.durable());
        this.kafka = new KafkaBroker(settings.dataDir().resolve("kafka"), settings.kafkaPort(),
                settings.kafkaControllerPort(), settings.kafkaHeap());
        this.auth = settings.durable()
                ? SupabaseAuthStub.withKeyIn(settings.dataDir().resolve("auth"), settings.authPort())
                : SupabaseAuthStub.withNewKey(settings.authPort());
    }

    /**
     * One stack per test JVM, started on first use and stopped when the JVM exits: a Quarkus app
     * restart between test classes must not cost a new PostgreSQL and Kafka.
     */
    public static synchronized DevStack sharedForTests() {
        if (shared == null) {
            shared = startOnFreePorts(3);
        }
        return shared;
    }

    /**
     * A port found free may be taken (by an outgoing connection's ephemeral port, say) before the server
     * binds it; on such a failure the stack is started again on other free ports.
     */
    private static DevStack startOnFreePorts(int attempts) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Path dir;
            try {
                dir = Files.createTempDirectory("valet-test-stack-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            DevStack stack = new DevStack(Settings.forTests(dir));
            Thread cleanup = new Thread(() -> {
                stack.close();
                deleteRecursively(dir);
            }, "dev-stack-shutdown");
            Runtime.getRuntime().addShutdownHook(cleanup);
            try {
                return stack.start();
            } catch (RuntimeException e) {
                last = e;
                System.err.println("Dev stack attempt " + attempt + " failed: " + e.getMessage());
                Runtime.getRuntime().removeShutdownHook(cleanup);
                cleanup.run();
            }
        }
        throw last;
    }

    public DevStack start() {
        postgres.start();
        new SchemaProvisioner(postgres, DATABASE).provision();
        kafka.start();
        List<String> topics = new ArrayList<>();
        for (String topic : EVENT_TOPICS) {
            topics.add(topic);
            topics.add(Topics.deadLetter(topic));
        }
        kafka.createTopics(topics, 3);
        auth.start();
        traces.start();
        return this;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public SupabaseAuthStub auth() {
        return auth;
    }

    public TraceCollectorStub traces() {
        return traces;
    }

    public Settings settings() {
        return settings;
    }

    /** Quarkus configuration that points one service at its schema slice, Kafka and the auth stub. */
    public Map<String, String> serviceConfig(ServiceSchema service) {
        Map<String, String> config = new LinkedHashMap<>(commonConfig());
        config.put("quarkus.datasource.username", service.role());
        config.put("quarkus.datasource.password", service.devPassword());
        config.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(DATABASE));
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(DATABASE));
        return config;
    }

    /**
     * The local stand-ins for the settings production takes from its environment (dev-settings.properties),
     * for the packaged apps, which run in the prod profile. Not for {@code @QuarkusTest}s: their %test
     * values stay in charge there.
     */
    public static Map<String, String> devSettings(ServiceSchema service) {
        Properties all = new Properties();
        try (InputStream in = DevStack.class.getResourceAsStream("/provision/dev-settings.properties")) {
            all.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String prefix = service.schema() + ".";
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : all.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                settings.put(key.substring(prefix.length()), all.getProperty(key));
            }
        }
        return settings;
    }

    /** Configuration shared by every app, the gateway included. */
    public Map<String, String> commonConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("quarkus.oidc.auth-server-url", auth.issuer());
        config.put("quarkus.oidc.token.issuer", auth.issuer());
        config.putAll(traces.exporterConfig());
        // the packaged apps run the prod profile, which samples 10 % of new traces: a dev stack records them all
        config.put("quarkus.otel.traces.sampler.arg", "1.0");
        return config;
    }

    @Override
    public void close() {
        traces.close();
        auth.close();
        kafka.stop();
        postgres.stop();
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory left behind is not worth failing a shutdown for
        }
    }
}
