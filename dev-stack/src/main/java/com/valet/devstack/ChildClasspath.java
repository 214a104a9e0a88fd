package com.valet.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The classpath for child JVMs (the Kafka broker): this module's classes plus its runtime dependencies,
 * listed at build time in {@code dev-stack.classpath} by the maven-dependency-plugin.
 */
final class ChildClasspath {
    private ChildClasspath() {
    }

    static String get() {
        try (InputStream in = ChildClasspath.class.getResourceAsStream("/dev-stack.classpath")) {
            if (in == null) {
                throw new IllegalStateException("dev-stack.classpath is missing: build dev-stack with Maven first");
            }
            String deps = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            Path self = Path.of(ChildClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return self + java.io.File.pathSeparator + deps;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * This module as a jar (it carries {@link ParentWatchAgent}'s Premain-Class): the jar itself, or the
     * one Maven packaged next to {@code target/classes}; empty before packaging.
     */
    static java.util.Optional<Path> agentJar() {
        try {
            Path self = Path.of(ChildClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (java.nio.file.Files.isRegularFile(self)) {
                return java.util.Optional.of(self).filter(ChildClasspath::isAgent);
            }
            try (var jars = java.nio.file.Files.newDirectoryStream(self.getParent(), "dev-stack-*.jar")) {
                for (Path jar : jars) {
                    if (isAgent(jar)) {
                        return java.util.Optional.of(jar);
                    }
                }
            }
            return java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isAgent(Path jar) {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            return file.getManifest() != null
                    && file.getManifest().getMainAttributes().getValue("Premain-Class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
