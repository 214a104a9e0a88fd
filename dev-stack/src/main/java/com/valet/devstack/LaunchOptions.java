package com.valet.devstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags of {@code ./valet up}. Every flag has a default, so a bare {@code ./valet up} works; a wrong
 * flag fails before anything starts, with a message that names it.
 */
public record LaunchOptions(boolean fresh, Path dataDir, int gatewayPort, int inventoryPort, int bookingPort,
                            int billingPort, int opsPort, int authPort, int postgresPort, int kafkaPort,
                            int kafkaControllerPort, int replicas) {

    public static final String DEFAULT_DATA_DIR = ".valet";
    /**
     * Every topic has 3 partitions and a consumer group gives each partition to one instance, so a 4th
     * instance of a service would consume nothing.
     */
    public static final int MAX_REPLICAS = 3;
    /** Instance n (from 1) of a service listens on the service's port + (n - 1) * this: 8081, 8181, 8281. */
    public static final int REPLICA_PORT_STEP = 100;

    /** A port the launcher binds or hands out: what listens there and which flag moves it. */
    public record PortUse(int port, String what, String flag) {
    }

    /** Defaults; the data directory lives in the repository (it is git-ignored). */
    public static LaunchOptions defaults(Path repoRoot) {
        return new LaunchOptions(false, repoRoot.resolve(DEFAULT_DATA_DIR).toAbsolutePath().normalize(),
                8080, 8081, 8082, 8083, 8084, 8089, 54320, 19092, 19093, 1);
    }

    /** Parses with relative paths resolved against the working directory (the script cd's to the repo). */
    public static LaunchOptions parse(String[] args) {
        return parse(args, Path.of("").toAbsolutePath());
    }

    /**
     * @param repoRoot where the default data directory lives and relative {@code --data-dir} paths resolve
     * @throws IllegalArgumentException with a one-line message naming the offending flag
     */
    public static LaunchOptions parse(String[] args, Path repoRoot) {
        LaunchOptions d = defaults(repoRoot);
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (PortUse use : d.portUses()) {
            ports.put(use.flag(), use.port());
        }
        boolean fresh = false;
        Path dataDir = d.dataDir();
        int replicas = d.replicas();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String flag = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? null : arg.substring(eq + 1);
            if (flag.equals("--fresh")) {
                if (value != null) {
                    throw new IllegalArgumentException("--fresh takes no value (got '" + arg + "')");
                }
                fresh = true;
            } else if (flag.equals("--data-dir")) {
                dataDir = resolveDir(requireValue(flag, value, "DIR"), repoRoot);
            } else if (flag.equals("--replicas")) {
                replicas = replicas(requireValue(flag, value, "N"));
            } else if (ports.containsKey(flag)) {
                ports.put(flag, port(flag, requireValue(flag, value, "N")));
            } else if (flag.startsWith("-")) {
                throw new IllegalArgumentException("unknown flag " + flag);
            } else {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
        }
        LaunchOptions options = new LaunchOptions(fresh, dataDir,
                ports.get("--gateway-port"), ports.get("--inventory-port"), ports.get("--booking-port"),
                ports.get("--billing-port"), ports.get("--ops-port"), ports.get("--auth-port"),
                ports.get("--postgres-port"), ports.get("--kafka-port"), ports.get("--kafka-controller-port"),
                replicas);
        options.requireDistinctPorts();
        return options;
    }

    /**
     * Every port this run will bind, in start order; the launcher checks all of them up front. With
     * {@code --replicas=N} the further instances of a service are listed too, under the flag that moves them.
     */
    public List<PortUse> portUses() {
        List<PortUse> uses = new ArrayList<>(List.of(
                new PortUse(postgresPort, "PostgreSQL", "--postgres-port"),
                new PortUse(kafkaPort, "Kafka", "--kafka-port"),
                new PortUse(kafkaControllerPort, "Kafka controller", "--kafka-controller-port"),
                new PortUse(authPort, "Supabase Auth stub", "--auth-port")));
        for (int instance = 1; instance <= replicas; instance++) {
            for (ServiceSchema service : ServiceSchema.values()) {
                uses.add(new PortUse(servicePort(service, instance), instanceName(service, instance),
                        "--" + service.schema() + "-port"));
            }
        }
        uses.add(new PortUse(gatewayPort, "gateway", "--gateway-port"));
        return List.copyOf(uses);
    }

    /** The port of the service's first instance (the one the gateway routes to). */
    public int servicePort(ServiceSchema service) {
        return switch (service) {
            case INVENTORY -> inventoryPort;
            case BOOKING -> bookingPort;
            case BILLING -> billingPort;
            case OPS -> opsPort;
        };
    }

    /** The port of instance {@code instance} (from 1) of the service: its flag's port + 100 per instance. */
    public int servicePort(ServiceSchema service, int instance) {
        if (instance < 1 || instance > replicas) {
            throw new IllegalArgumentException("instance " + instance + " of " + replicas);
        }
        return servicePort(service) + (instance - 1) * REPLICA_PORT_STEP;
    }

    /** {@code inventory-service} with one instance; {@code inventory-service-1}, {@code -2}... with several. */
    public String instanceName(ServiceSchema service, int instance) {
        return replicas == 1 ? service.serviceName() : AppProcess.instanceName(service, instance);
    }

    public DevStack.Settings stackSettings() {
        // durable: fsync on, and the auth stub keeps its key so printed tokens survive a restart
        return new DevStack.Settings(dataDir, postgresPort, kafkaPort, kafkaControllerPort, authPort, true, "256m");
    }

    public static String usage() {
        return String.join("\n",
                "Usage: ./valet [--rebuild] up [options]   start the platform; Ctrl-C stops everything",
                "       ./valet help                        show this help",
                "",
                "  --rebuild                  (script) rebuild with Maven even if no source changed",
                "Options of up:",
                "  --fresh                    delete the data directory first (all local data is lost)",
                "  --data-dir=DIR             data and logs (default: .valet in the repository)",
                "  --gateway-port=N           gateway, the public entry (default 8080)",
                "  --inventory-port=N         inventory-service (default 8081)",
                "  --booking-port=N           booking-service (default 8082)",
                "  --billing-port=N           billing-service (default 8083)",
                "  --ops-port=N               ops-service (default 8084)",
                "  --replicas=N               instances of each domain service, 1 to " + MAX_REPLICAS + " (default 1);",
                "                             instance n listens on its service's port + " + REPLICA_PORT_STEP
                        + " * (n - 1)",
                "                             (inventory 8081, 8181, ...). The instances of a service share its",
                "                             schema, consumer groups and outbox relay; the gateway routes to",
                "                             instance 1",
                "  --auth-port=N              Supabase Auth stub (default 8089)",
                "  --postgres-port=N          PostgreSQL 17 (default 54320)",
                "  --kafka-port=N             Kafka broker (default 19092)",
                "  --kafka-controller-port=N  Kafka KRaft controller (default 19093)");
    }

    private void requireDistinctPorts() {
        Map<Integer, PortUse> seen = new LinkedHashMap<>();
        List<String> clashes = new ArrayList<>();
        for (PortUse use : portUses()) {
            if (use.port() > 65535) {
                throw new IllegalArgumentException(use.flag() + " leaves no room for " + use.what() + " (port "
                        + use.port() + " with --replicas=" + replicas + "): choose a lower port");
            }
            PortUse other = seen.putIfAbsent(use.port(), use);
            if (other != null) {
                clashes.add(describe(use) + " and " + describe(other) + " are both " + use.port());
            }
        }
        if (!clashes.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", clashes) + ": every server needs its own port");
        }
    }

    /** The flag, and the instance when it is not the flag's own port: "--inventory-port (inventory-service-2)". */
    private String describe(PortUse use) {
        return replicas == 1 ? use.flag() : use.flag() + " (" + use.what() + ")";
    }

    private static String requireValue(String flag, String value, String placeholder) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(flag + " needs a value: " + flag + "=" + placeholder);
        }
        return value.trim();
    }

    private static int replicas(String value) {
        int replicas;
        try {
            replicas = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--replicas must be a number, got '" + value + "'");
        }
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("--replicas must be between 1 and " + MAX_REPLICAS + ", got " + replicas
                    + " (every topic has " + MAX_REPLICAS + " partitions: a further instance would consume nothing)");
        }
        return replicas;
    }

    private static int port(String flag, String value) {
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a port number, got '" + value + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(flag + " must be between 1 and 65535, got " + port);
        }
        return port;
    }

    private static Path resolveDir(String value, Path repoRoot) {
        // The shell does not expand ~ after "--data-dir=", so do it here.
        if (value.equals("~") || value.startsWith("~/")) {
            value = System.getProperty("user.home") + value.substring(1);
        }
        return repoRoot.resolve(value).toAbsolutePath().normalize();
    }
}
