package com.valet.devstack;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * An app's class-data cache, kept next to its jar, one per JDK version: on JDK 25 and newer the JDK's AOT cache
 * (JEP 483/514/515: classes loaded and linked, method profiles), on 17 to 24 a dynamic AppCDS archive. The first
 * start after a build records it (the JVM writes it as it exits, so that stop takes a second or two longer);
 * every later start maps it. A cache older than the jar is stale (the JVM would refuse it anyway) and is
 * recorded again. Only one instance of an app records ({@code recorder}), into a file of its own that
 * {@link #publish} renames into place once the JVM has exited, so a reader never sees half a cache.
 */
public final class StartupCache {
    private final Path jar;
    private final String javaVersion;
    private final boolean recorder;
    private final Path recording;
    /** Whether the last {@link #options()} asked the JVM to record the cache as it exits. */
    private volatile boolean recordingAsked;

    StartupCache(Path jar, Path javaHome, boolean recorder) {
        this.jar = jar;
        this.javaVersion = JvmSettings.javaVersion(javaHome).orElse("unknown");
        this.recorder = recorder;
        this.recording = jar.resolveSibling(fileName() + "." + ProcessHandle.current().pid() + "-" + System.nanoTime()
                + ".recording");
    }

    private boolean aot() {
        return JvmSettings.feature(javaVersion) >= 25;
    }

    private String fileName() {
        return "valet-startup-" + javaVersion + (aot() ? ".aot" : ".jsa");
    }

    /** Where the cache lives: {@code target/quarkus-app/valet-startup-<java version>.aot|.jsa}. */
    public Path file() {
        return jar.resolveSibling(fileName());
    }

    /** A cache exists and is newer than the jar it was recorded with. */
    public boolean isCurrent() {
        try {
            Path file = file();
            return Files.isRegularFile(file) && Files.size(file) > 0
                    && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(jar)) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The JVM options: use the cache, record it (the recorder, when there is none), or nothing. */
    List<String> options() {
        if (JvmSettings.feature(javaVersion) < 17) {
            return List.of();
        }
        if (isCurrent()) {
            return aot() ? List.of("-XX:AOTCache=" + file()) : List.of("-XX:SharedArchiveFile=" + file(), "-Xshare:auto");
        }
        if (!recorder) {
            return List.of();
        }
        recordingAsked = true;
        // the launcher's watch agent (ParentWatchAgent) transforms no class: archiving with it is safe
        return List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+AllowArchivingWithJavaAgent",
                aot() ? "-XX:AOTCacheOutput=" + recording : "-XX:ArchiveClassesAtExit=" + recording);
    }

    /** The JVM was asked to write the cache as it exits: a stop then takes longer (seconds on JDK 17, ~20 s on 25). */
    boolean recording() {
        return recordingAsked;
    }

    /** After the JVM exited: a complete recording becomes the cache; a half-written one is dropped. */
    void publish(boolean exitedCleanly) {
        try {
            if (exitedCleanly && Files.isRegularFile(recording) && Files.size(recording) > 0) {
                try {
                    Files.move(recording, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(recording, file(), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.deleteIfExists(recording);
            // the AOT assembly's own leftovers (<cache>.config), and recordings of killed runs
            try (DirectoryStream<Path> left = Files.newDirectoryStream(jar.getParent(), fileName() + ".*.recording*")) {
                for (Path path : left) {
                    if (Files.getLastModifiedTime(path).toMillis() < System.currentTimeMillis() - 600_000
                            || path.toString().startsWith(recording.toString())) {
                        Files.deleteIfExists(path);
                    }
                }
            }
        } catch (IOException e) {
            // no cache this time: the next start records again
        }
    }

    public Optional<String> javaVersion() {
        return Optional.of(javaVersion);
    }
}
