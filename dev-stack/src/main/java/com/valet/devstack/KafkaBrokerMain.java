package com.valet.devstack;

/**
 * Entry point of the broker's child JVM: {@code <parent pid> <server.properties>}. It exits when the
 * parent process dies, so a launcher killed without its shutdown hooks leaves no stray broker.
 */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        long parentPid = Long.parseLong(args[0]);
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> System.exit(0)),
                () -> System.exit(0));
        kafka.Kafka.main(new String[] {args[1]});
    }
}
