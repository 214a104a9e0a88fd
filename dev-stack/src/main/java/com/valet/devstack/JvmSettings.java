package com.valet.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM settings of the apps, in one place: what production runs (deploy/ sets the same list in each
 * Deployment's {@code JAVA_OPTS_APPEND}; the deploy test compares them), what {@code ./valet up} and the tests
 * run, and what ran before issue 19 (the baseline of {@code bench/startup.sh}). Figures and reasons:
 * docs/performance.md, "Start-up and footprint"; decision 26 in docs/architecture.md.
 */
public final class JvmSettings {
    /** Until issue 19, every app under {@code ./valet up}: 223-230 MB RSS idle per service. */
    public static final List<String> BEFORE = List.of("-Xms32m", "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /**
     * A domain service in production: a heap sized from the measured live set (35-45 MB after load) with room
     * for a burst, the serial collector (one or two cores per pod; no GC threads to feed), bounded metaspace
     * and code cache (the JVM's defaults reserve 240 MB of code cache and unbounded metaspace), 512 KB thread
     * stacks (the event loops and Kafka threads use a fraction of the 1 MB default).
     */
    public static final List<String> SERVICE = List.of(
            "-XX:+UseSerialGC", "-Xms16m", "-Xmx128m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
            "-XX:MaxMetaspaceSize=160m", "-XX:ReservedCodeCacheSize=64m", "-Xss512k", "-XX:MaxDirectMemorySize=64m");

    /** The gateway in production: no database, no Kafka, no Hibernate; a smaller heap and metaspace. */
    public static final List<String> GATEWAY = List.of(
            "-XX:+UseSerialGC", "-Xms16m", "-Xmx96m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
            "-XX:MaxMetaspaceSize=96m", "-XX:ReservedCodeCacheSize=48m", "-Xss512k", "-XX:MaxDirectMemorySize=64m");

    /**
     * The one difference of {@code ./valet up} and the tests from production: C1 only. Five apps, Kafka and
     * PostgreSQL share a laptop's cores, and C2 would spend them compiling for peak throughput no one measures
     * there (the benchmarks run the production settings). Production keeps C2: under load it does the same
     * work in less CPU.
     */
    public static final List<String> DEV_ONLY = List.of("-XX:TieredStopAtLevel=1");

    /**
     * glibc gives every thread that allocates its own 64 MB malloc arena; two are enough for a JVM whose
     * allocations are its own (deploy/ sets the same variable).
     */
    public static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]+)\"");

    private JvmSettings() {
    }

    /** Production's options for an app (a module name: {@code inventory-service}, ..., {@code gateway}). */
    public static List<String> production(String module) {
        return module.startsWith(AppProcess.GATEWAY) ? GATEWAY : SERVICE;
    }

    /** What {@code ./valet up} and the tests run: production's, C1 only. */
    public static List<String> devStack(String module) {
        List<String> options = new ArrayList<>(production(module));
        options.addAll(DEV_ONLY);
        return List.copyOf(options);
    }

    /**
     * The JDK's version from {@code <java.home>/release} ({@code 17.0.15}, {@code 25.0.3}); empty if unreadable.
     */
    public static Optional<String> javaVersion(Path javaHome) {
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(javaHome.resolve("release")));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The feature release (17, 25), 0 if unknown. */
    public static int feature(String version) {
        Matcher m = Pattern.compile("^(\\d+)").matcher(version);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
