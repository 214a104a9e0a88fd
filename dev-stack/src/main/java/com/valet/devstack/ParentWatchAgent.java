package com.valet.devstack;

import java.util.Optional;

/**
 * A Java agent ({@code -javaagent:dev-stack.jar=<launcher pid>}) that ends the app it is attached to
 * when the launcher dies. {@code System.exit} runs the app's shutdown hooks, so a Quarkus app still
 * stops gracefully; no app code needs to know about the launcher.
 */
public final class ParentWatchAgent {
    private ParentWatchAgent() {
    }

    public static void premain(String launcherPid) {
        Optional<ProcessHandle> launcher = ProcessHandle.of(Long.parseLong(launcherPid.trim()));
        if (launcher.isEmpty()) {
            System.exit(0);
        }
        launcher.get().onExit().thenRun(() -> System.exit(0));
    }
}
