package com.valet.deploy;

import com.valet.devstack.AppProcess;
import com.valet.devstack.DevStack;
import com.valet.devstack.ServiceSchema;
import com.valet.events.Topics;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the code declares, read from the repository rather than repeated in the test: the apps (what the dev
 * stack runs), their ports and the environment variables their production profile needs, the
 * project version, and every Kafka topic.
 */
final class Code {
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(:([^}]*))?}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

    private Code() {
    }

    /** The repository root: the first directory upwards whose pom.xml lists the deploy module. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && read(pom).contains("<module>deploy</module>")) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    static Path deployDir() {
        return root().resolve("deploy");
    }

    /** The project version, e.g. 0.1.0-SNAPSHOT: the image tag of the base manifests. */
    static String version() {
        String pom = read(root().resolve("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>valet-platform</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        if (!m.find()) {
            throw new IllegalStateException("no version in the root pom");
        }
        return m.group(1);
    }

    /**
     * The deployable apps: the ones {@code ./valet up} runs (a service per {@link ServiceSchema}, and the gateway).
     * Other modules (libraries, tools, tests) are not deployed.
     */
    static List<String> apps() {
        List<String> apps = new ArrayList<>();
        for (ServiceSchema service : ServiceSchema.values()) {
            apps.add(service.serviceName());
        }
        apps.add(AppProcess.GATEWAY);
        return apps;
    }

    /** The reactor modules of the root pom. */
    static List<String> modules() {
        List<String> modules = new ArrayList<>();
        Matcher m = MODULE.matcher(read(root().resolve("pom.xml")));
        while (m.find()) {
            modules.add(m.group(1));
        }
        return modules;
    }

    static boolean hasApplicationProperties(String module) {
        return Files.isRegularFile(applicationProperties(module));
    }

    /** The module's artifactId, which is its image name (quarkus.container-image.name defaults to it). */
    static String artifactId(String module) {
        String pom = read(root().resolve(module).resolve("pom.xml"));
        String afterParent = pom.substring(pom.indexOf("</parent>"));
        Matcher m = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(afterParent);
        if (!m.find()) {
            throw new IllegalStateException("no artifactId in " + module + "/pom.xml");
        }
        return m.group(1);
    }

    static Properties properties(String app) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(applicationProperties(app))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    static int httpPort(String app) {
        return Integer.parseInt(properties(app).getProperty("quarkus.http.port", "8080"));
    }

    /**
     * Environment variables the app needs in a cluster, each with the reason: the {@code ${ENV}} of every
     * {@code %prod.} setting without a default, and the Quarkus env name of every setting whose value points at
     * the dev stack (127.0.0.1 / localhost) or is a password, unless a {@code %prod.} variant replaces it.
     */
    static Map<String, String> requiredEnv(String app) {
        Properties properties = properties(app);
        Map<String, String> required = new LinkedHashMap<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            String value = properties.getProperty(key);
            if (key.startsWith("%prod.")) {
                Matcher m = PLACEHOLDER.matcher(value);
                while (m.find()) {
                    if (ENV_NAME.matcher(m.group(1)).matches() && m.group(2) == null) {
                        required.put(m.group(1), key + "=" + value);
                    }
                }
                continue;
            }
            if (key.startsWith("%") || properties.containsKey("%prod." + key)) {
                continue;
            }
            Matcher m = PLACEHOLDER.matcher(value);
            boolean viaEnv = false;
            while (m.find()) {
                if (ENV_NAME.matcher(m.group(1)).matches() && m.group(3) != null && pointsAtDevStack(m.group(3))) {
                    required.put(m.group(1), key + "=" + value);
                    viaEnv = true;
                }
            }
            String literal = PLACEHOLDER.matcher(value).replaceAll("");
            if (!viaEnv && (pointsAtDevStack(literal)
                    || key.toLowerCase(Locale.ROOT).contains("password") && !literal.isBlank())) {
                required.put(envName(key), key + "=" + value);
            }
        }
        return required;
    }

    /** Env vars that carry a secret and so must come from a Secret (secretKeyRef), never a literal or ConfigMap. */
    static boolean isSecretEnv(String name) {
        return name.endsWith("PASSWORD") || name.endsWith("SECRET") || name.endsWith("_KEY");
    }

    static boolean pointsAtDevStack(String value) {
        return value.contains("127.0.0.1") || value.contains("localhost");
    }

    /** Quarkus's environment variable for a property: non-alphanumerics become _, upper case. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * Every Kafka topic the code uses, dead-letter twins included: the constants of {@link Topics},
     * {@link DevStack#EVENT_TOPICS}, and every {@code *.topic} an app's application.properties names.
     */
    static Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        for (Field field : Topics.class.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && field.getType() == String.class) {
                try {
                    topics.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        topics.addAll(DevStack.EVENT_TOPICS);
        for (String app : apps()) {
            Properties properties = properties(app);
            for (String key : properties.stringPropertyNames()) {
                if (key.endsWith(".topic")) {
                    topics.add(properties.getProperty(key));
                }
            }
        }
        Set<String> withDeadLetters = new TreeSet<>(topics);
        for (String topic : topics) {
            if (!topic.endsWith(Topics.deadLetter(""))) {
                withDeadLetters.add(Topics.deadLetter(topic));
            }
        }
        return withDeadLetters;
    }

    private static Path applicationProperties(String module) {
        return root().resolve(module).resolve("src/main/resources/application.properties");
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
