package com.valet.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

@EnabledOnOs(OS.LINUX)
class CpuMeterTest {
    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void aProcessTreeCountsTheTimeOfAChildThatHasEnded() throws Exception {
        CpuMeter meter = new CpuMeter(List.of(new CpuMeter.Target("tree", SELF, true)));
        Map<String, Long> before = meter.snapshot();
        // a child that burns about 0.2 s of CPU and is reaped: its time moves into our cutime + cstime
        Process child = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done").start();
        child.waitFor();
        double millis = meter.millisBetween(before, meter.snapshot()).get("tree");
        assertTrue(millis >= 20, "CPU of the tree: " + millis + " ms");
    }

    @Test
    void aSingleProcessCountsItsOwnTime() {
        CpuMeter meter = new CpuMeter(List.of(new CpuMeter.Target("self", SELF, false)));
        Map<String, Long> before = meter.snapshot();
        long end = System.nanoTime() + 150_000_000L;
        long spin = 0;
        while (System.nanoTime() < end) {
            spin++;
        }
        double millis = meter.millisBetween(before, meter.snapshot()).get("self");
        assertTrue(millis >= 20, "CPU of this JVM: " + millis + " ms (" + spin + " spins)");
        assertTrue(CpuMeter.commandLine(SELF).contains("java"), CpuMeter.commandLine(SELF));
        assertTrue(CpuMeter.loadAverage() >= 0);
    }
}
