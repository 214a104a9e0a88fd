package com.valet.devstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaunchOptionsTest {
    private static final Path REPO = Path.of("/work/repo");

    private static LaunchOptions parse(String... args) {
        return LaunchOptions.parse(args, REPO);
    }

    private static String rejection(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> parse(args)).getMessage();
    }

    @Test
    void noFlagsGiveTheDocumentedDefaults() {
        LaunchOptions o = parse();
        assertFalse(o.fresh());
        assertEquals(Path.of("/work/repo/.valet"), o.dataDir());
        assertEquals(8080, o.gatewayPort());
        assertEquals(8081, o.inventoryPort());
        assertEquals(8082, o.bookingPort());
        assertEquals(8083, o.billingPort());
        assertEquals(8084, o.opsPort());
        assertEquals(8089, o.authPort());
        assertEquals(54320, o.postgresPort());
        assertEquals(19092, o.kafkaPort());
        assertEquals(19093, o.kafkaControllerPort());
        assertEquals(1, o.replicas());
        assertEquals(o, LaunchOptions.defaults(REPO));
    }

    @Test
    void eachPortFlagSetsItsOwnPort() {
        LaunchOptions o = parse("--gateway-port=9080", "--inventory-port=9081", "--booking-port=9082",
                "--billing-port=9083", "--ops-port=9084", "--auth-port=9089", "--postgres-port=6432",
                "--kafka-port=29092", "--kafka-controller-port=29093");
        assertEquals(9080, o.gatewayPort());
        assertEquals(9081, o.inventoryPort());
        assertEquals(9082, o.bookingPort());
        assertEquals(9083, o.billingPort());
        assertEquals(9084, o.opsPort());
        assertEquals(9089, o.authPort());
        assertEquals(6432, o.postgresPort());
        assertEquals(29092, o.kafkaPort());
        assertEquals(29093, o.kafkaControllerPort());
        assertFalse(o.fresh());
    }

    @Test
    void oneFlagLeavesTheOtherDefaultsAlone() {
        LaunchOptions o = parse("--booking-port=9999");
        assertEquals(9999, o.bookingPort());
        assertEquals(8081, o.inventoryPort());
        assertEquals(8080, o.gatewayPort());
    }

    @Test
    void servicePortFollowsTheServiceFlags() {
        LaunchOptions o = parse("--inventory-port=7001", "--booking-port=7002", "--billing-port=7003", "--ops-port=7004");
        assertEquals(7001, o.servicePort(ServiceSchema.INVENTORY));
        assertEquals(7002, o.servicePort(ServiceSchema.BOOKING));
        assertEquals(7003, o.servicePort(ServiceSchema.BILLING));
        assertEquals(7004, o.servicePort(ServiceSchema.OPS));
    }

    @Test
    void freshIsASwitch() {
        assertTrue(parse("--fresh").fresh());
        assertTrue(parse("--gateway-port=9000", "--fresh").fresh());
        assertTrue(rejection("--fresh=yes").contains("--fresh"));
    }

    @Test
    void dataDirResolvesAgainstTheRepositoryAndExpandsTilde() {
        assertEquals(Path.of("/tmp/valet-try"), parse("--data-dir=/tmp/valet-try").dataDir());
        assertEquals(Path.of("/work/repo/other/data"), parse("--data-dir=other/./data").dataDir());
        assertEquals(Path.of(System.getProperty("user.home"), "valet"), parse("--data-dir=~/valet").dataDir());
        assertTrue(rejection("--data-dir=").contains("--data-dir"));
        assertTrue(rejection("--data-dir").contains("--data-dir"));
    }

    @Test
    void portUsesListEveryPortWithItsFlagForThePortCheck() {
        LaunchOptions o = parse("--kafka-port=29092");
        List<LaunchOptions.PortUse> uses = o.portUses();
        assertEquals(9, uses.size());
        assertTrue(uses.contains(new LaunchOptions.PortUse(29092, "Kafka", "--kafka-port")));
        assertTrue(uses.contains(new LaunchOptions.PortUse(8081, "inventory-service", "--inventory-port")));
        assertTrue(uses.contains(new LaunchOptions.PortUse(8080, "gateway", "--gateway-port")));
        assertEquals(9, uses.stream().map(LaunchOptions.PortUse::flag).distinct().count());
    }

    @Test
    void stackSettingsAreDurableWithTheChosenPorts() {
        DevStack.Settings s = parse("--postgres-port=6000", "--data-dir=/tmp/x").stackSettings();
        assertTrue(s.durable());
        assertEquals(6000, s.postgresPort());
        assertEquals(19092, s.kafkaPort());
        assertEquals(19093, s.kafkaControllerPort());
        assertEquals(8089, s.authPort());
        assertEquals(Path.of("/tmp/x"), s.dataDir());
        assertEquals("256m", s.kafkaHeap());
    }

    @Test
    void unknownFlagIsRejectedByName() {
        String message = rejection("--gatway-port=9000");
        assertTrue(message.contains("unknown flag --gatway-port"), message);
        assertTrue(rejection("--verbose").contains("--verbose"));
        assertTrue(rejection("extra").contains("extra"));
    }

    @Test
    void nonNumericPortIsRejectedNamingTheFlag() {
        String message = rejection("--kafka-port=abc");
        assertTrue(message.contains("--kafka-port"), message);
        assertTrue(message.contains("abc"), message);
        assertTrue(rejection("--ops-port=80.5").contains("--ops-port"));
    }

    @Test
    void outOfRangePortIsRejectedNamingTheFlag() {
        for (String bad : List.of("0", "-1", "65536", "99999999999")) {
            String message = rejection("--postgres-port=" + bad);
            assertTrue(message.contains("--postgres-port"), message);
        }
        assertEquals(65535, parse("--postgres-port=65535").postgresPort());
        assertEquals(1, parse("--postgres-port=1").postgresPort());
    }

    @Test
    void portFlagWithoutValueIsRejected() {
        assertTrue(rejection("--auth-port").contains("--auth-port=N"));
        assertTrue(rejection("--auth-port=").contains("--auth-port"));
    }

    @Test
    void twoServersOnOnePortAreRejectedNamingBothFlags() {
        String message = rejection("--booking-port=8081");
        assertTrue(message.contains("--booking-port"), message);
        assertTrue(message.contains("--inventory-port"), message);
        assertTrue(message.contains("8081"), message);
    }

    @Test
    void usageListsEveryFlag() {
        String usage = LaunchOptions.usage();
        for (String flag : List.of("--fresh", "--data-dir", "--gateway-port", "--inventory-port", "--booking-port",
                "--billing-port", "--ops-port", "--auth-port", "--postgres-port", "--kafka-port",
                "--kafka-controller-port", "--replicas", "--rebuild")) {
            assertTrue(usage.contains(flag), flag);
        }
    }

    @Test
    void replicasStartFurtherInstancesOfEachServiceAHundredPortsApart() {
        LaunchOptions o = parse("--replicas=2", "--booking-port=9082");
        assertEquals(2, o.replicas());
        assertEquals(8081, o.servicePort(ServiceSchema.INVENTORY, 1));
        assertEquals(8181, o.servicePort(ServiceSchema.INVENTORY, 2));
        assertEquals(9182, o.servicePort(ServiceSchema.BOOKING, 2));
        assertEquals(8084, o.servicePort(ServiceSchema.OPS), "the gateway's upstream is instance 1");
        assertEquals("ops-service-2", o.instanceName(ServiceSchema.OPS, 2));
        assertEquals("ops-service", parse().instanceName(ServiceSchema.OPS, 1), "one instance keeps the plain name");
        assertEquals(3, parse("--replicas=3").replicas());
        assertThrows(IllegalArgumentException.class, () -> o.servicePort(ServiceSchema.OPS, 3));
    }

    @Test
    void portUsesListEveryInstanceUnderTheFlagThatMovesIt() {
        List<LaunchOptions.PortUse> uses = parse("--replicas=2").portUses();
        assertEquals(13, uses.size());
        assertTrue(uses.contains(new LaunchOptions.PortUse(8081, "inventory-service-1", "--inventory-port")));
        assertTrue(uses.contains(new LaunchOptions.PortUse(8181, "inventory-service-2", "--inventory-port")));
        assertTrue(uses.contains(new LaunchOptions.PortUse(8184, "ops-service-2", "--ops-port")));
        assertEquals(13, uses.stream().map(LaunchOptions.PortUse::port).distinct().count());
    }

    @Test
    void replicasOutsideOneToThreeAreRejected() {
        for (String bad : List.of("0", "4", "-1", "two", "")) {
            String message = rejection("--replicas=" + bad);
            assertTrue(message.contains("--replicas"), message);
        }
        assertTrue(rejection("--replicas=4").contains("3 partitions"));
        assertTrue(rejection("--replicas").contains("--replicas=N"));
    }

    @Test
    void aFurtherInstanceOnAnotherServersPortIsRejectedNamingBoth() {
        String message = rejection("--replicas=2", "--booking-port=8181");
        assertTrue(message.contains("--booking-port"), message);
        assertTrue(message.contains("--inventory-port (inventory-service-2)"), message);
        assertTrue(message.contains("8181"), message);
        String overflow = rejection("--replicas=3", "--gateway-port=9000", "--ops-port=65500");
        assertTrue(overflow.contains("--ops-port") && overflow.contains("ops-service-2"), overflow);
    }
}
