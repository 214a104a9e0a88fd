package com.valet.system;

import com.valet.devstack.DevStack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A dev stack of its own (in a temp directory) and the apps started on it; closing stops and deletes all. */
final class Platform implements AutoCloseable {
    final Path dir;
    final DevStack stack;
    final PlatformProcesses apps;

    private Platform(Path dir, DevStack stack, PlatformProcesses apps) {
        this.dir = dir;
        this.stack = stack;
        this.apps = apps;
    }

    static Platform start(String name) throws IOException {
        Path dir = Files.createTempDirectory("valet-" + name + "-");
        DevStack stack = new DevStack(DevStack.Settings.forTests(dir.resolve("stack"))).start();
        return new Platform(dir, stack, new PlatformProcesses(stack, dir.resolve("logs")));
    }

    @Override
    public void close() {
        apps.close();
        stack.close();
        DevStack.deleteRecursively(dir);
    }
}
