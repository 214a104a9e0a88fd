package com.valet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time (user + system) of named processes from {@code /proc/<pid>/stat}, read before and after a stage.
 * A process measured as a tree (PostgreSQL: the postmaster, its backends and workers) counts every live
 * descendant found by walking the parent pids of {@code /proc/* /stat}, plus the time of the children each
 * has already reaped ({@code cutime + cstime}: a backend whose connection closed during the stage).
 */
final class CpuMeter {
    /** One measured process; {@code tree}: with all its descendants. */
    record Target(String name, long pid, boolean tree) {
    }

    private static final Path PROC = Path.of("/proc");

    private final List<Target> targets;
    private final long ticksPerSecond;

    CpuMeter(List<Target> targets) {
        this.targets = List.copyOf(targets);
        this.ticksPerSecond = clockTicks();
    }

    List<Target> targets() {
        return targets;
    }

    /** CPU ticks so far, per target name (in the targets' order). */
    Map<String, Long> snapshot() {
        Map<Long, Stat> all = null;
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (Target target : targets) {
            if (target.tree()) {
                if (all == null) {
                    all = allProcesses();
                }
                ticks.put(target.name(), treeTicks(all, target.pid()));
            } else {
                Stat stat = read(PROC.resolve(Long.toString(target.pid())).resolve("stat"));
                ticks.put(target.name(), stat == null ? 0 : stat.utime + stat.stime);
            }
        }
        return ticks;
    }

    /** CPU milliseconds spent between two snapshots, per target name. */
    Map<String, Double> millisBetween(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Double> millis = new LinkedHashMap<>();
        for (Target target : targets) {
            long delta = after.getOrDefault(target.name(), 0L) - before.getOrDefault(target.name(), 0L);
            millis.put(target.name(), delta * 1000.0 / ticksPerSecond);
        }
        return millis;
    }

    private record Stat(long pid, long ppid, long utime, long stime, long cutime, long cstime) {
    }

    private static long treeTicks(Map<Long, Stat> all, long root) {
        Map<Long, List<Stat>> children = new HashMap<>();
        for (Stat stat : all.values()) {
            children.computeIfAbsent(stat.ppid, p -> new ArrayList<>()).add(stat);
        }
        Stat top = all.get(root);
        if (top == null) {
            return 0;
        }
        long sum = 0;
        List<Stat> pending = new ArrayList<>(List.of(top));
        while (!pending.isEmpty()) {
            Stat stat = pending.remove(pending.size() - 1);
            sum += stat.utime + stat.stime + stat.cutime + stat.cstime;
            pending.addAll(children.getOrDefault(stat.pid, List.of()));
        }
        return sum;
    }

    private static Map<Long, Stat> allProcesses() {
        Map<Long, Stat> all = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path entry : entries) {
                Stat stat = read(entry.resolve("stat"));
                if (stat != null) {
                    all.put(stat.pid, stat);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return all;
    }

    /** Fields 1, 4, 14-17 of proc(5) stat; null if the process is gone. */
    private static Stat read(Path file) {
        String line;
        try {
            line = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null; // exited between the listing and the read
        }
        int close = line.lastIndexOf(')'); // the command name may contain spaces and parentheses
        long pid = Long.parseLong(line.substring(0, line.indexOf(' ')).trim());
        String[] f = line.substring(close + 2).trim().split(" ");
        // f[0] is field 3 (state): field n is f[n - 3]
        return new Stat(pid, Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                Long.parseLong(f[13]), Long.parseLong(f[14]));
    }

    /** USER_HZ, the unit of the stat times: {@code getconf CLK_TCK}, 100 on every usual Linux. */
    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String answer = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (getconf.waitFor() == 0 && answer.matches("\\d+")) {
                return Long.parseLong(answer);
            }
        } catch (IOException e) {
            // no getconf: the usual value
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }

    /** The command line of a process, arguments separated by spaces; empty if it is gone. */
    static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** The 1-minute load average, from {@code /proc/loadavg}. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(PROC.resolve("loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }
    }
}
