package com.valet.deploy;

import static com.valet.deploy.Manifests.at;
import static com.valet.deploy.Manifests.map;
import static com.valet.deploy.Manifests.name;
import static com.valet.deploy.Manifests.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.valet.devstack.DevStack;
import com.valet.devstack.ServiceSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real manifests: base and both overlays, rendered, against the rules and against what the code declares. */
class DeployManifestsTest {

    private static final Path DEPLOY = Code.deployDir();
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("^\\$\\{([A-Z0-9_]+)}$");

    static List<Map<String, Object>> render(String overlay) {
        return Kustomize.render(DEPLOY.resolve(overlay));
    }

    /** The Secrets the operator creates in production, from overlays/prod/secrets.example.yaml: name to keys. */
    static Map<String, Set<String>> operatorSecrets() {
        Map<String, Set<String>> secrets = new HashMap<>();
        for (Map<String, Object> secret : Yaml.documents(DEPLOY.resolve("overlays/prod/secrets.example.yaml"))) {
            Set<String> keys = new TreeSet<>(map(secret.get("stringData")).keySet());
            keys.addAll(map(secret.get("data")).keySet());
            secrets.put(name(secret), keys);
        }
        return secrets;
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyKustomizationPathExists(String dir) {
        assertEquals(List.of(), Kustomize.missingPaths(DEPLOY.resolve(dir)));
    }

    @Test
    void devFollowsEveryRule() {
        // dev brings its own Secrets: nothing may be left to an operator there
        assertEquals(List.of(), ManifestChecks.common(render("overlays/dev"), Map.of()));
    }

    @Test
    void prodFollowsEveryRule() {
        assertEquals(List.of(), ManifestChecks.common(render("overlays/prod"), operatorSecrets()));
    }

    @Test
    void baseImagesAreTheModulesTaggedWithTheProjectVersion() {
        assertEquals(List.of(), ManifestChecks.images(render("base"), Code.apps(), Code.version()));
    }

    @Test
    void prodTopicsAreReplicatedThreeTimesAndNeedTwoInSync() {
        List<Map<String, Object>> prod = render("overlays/prod");
        assertEquals(List.of(), ManifestChecks.topics(prod, Code.topics(), 3, 2));
        assertEquals(3, brokers(prod), "prod runs three brokers");
    }

    @Test
    void devTopicsLiveOnOneBroker() {
        List<Map<String, Object>> dev = render("overlays/dev");
        assertEquals(List.of(), ManifestChecks.topics(dev, Code.topics(), 1, 1));
        assertEquals(1, brokers(dev), "dev runs a single Kafka node");
    }

    @Test
    void theAppsAreTheReactorModulesTheDevStackRuns() {
        assertEquals(List.of("inventory-service", "booking-service", "billing-service", "ops-service", "gateway"),
                Code.apps());
        for (String app : Code.apps()) {
            assertTrue(Code.modules().contains(app) && Code.hasApplicationProperties(app), app + " is a Quarkus app module");
            assertEquals(app, Code.artifactId(app), app + "'s artifactId names its image");
        }
    }

    @Test
    void everyTopicOfTheCodeAndItsDeadLetterTwinIsRequired() {
        Set<String> topics = Code.topics();
        for (String topic : DevStack.EVENT_TOPICS) {
            assertTrue(topics.contains(topic) && topics.contains(topic + ".dlq"), topic + " and its .dlq: " + topics);
        }
        // every topic an app consumes or dead-letters to is in the set too
        for (String app : Code.apps()) {
            Code.properties(app).forEach((key, value) -> {
                if (key.toString().endsWith(".topic")) {
                    assertTrue(topics.contains(value.toString()), app + " uses " + value);
                }
            });
        }
    }

    @Test
    void prodRunsTwoReplicasOfEveryAppWithAutoscalerAndDisruptionBudget() {
        assertEquals(List.of(), ManifestChecks.scaling(render("overlays/prod"), Code.apps(), 2));
    }

    @Test
    void devRunsOneReplicaOfEveryAppAndNoAutoscaler() {
        List<Map<String, Object>> dev = render("overlays/dev");
        for (String app : Code.apps()) {
            Map<String, Object> deployment = Manifests.find(dev, "Deployment", app).orElseThrow();
            assertEquals(1, at(deployment, "spec", "replicas").orElse(null), app);
        }
        assertEquals(List.of(), ofKind(dev, "HorizontalPodAutoscaler"));
        // ...and the scaling rule does notice that
        assertFalse(ManifestChecks.scaling(dev, Code.apps(), 2).isEmpty());
    }

    @Test
    void prodSecretsAreLeftToTheOperatorAndDocumented() throws IOException {
        List<Map<String, Object>> prod = render("overlays/prod");
        assertEquals(List.of(), ofKind(prod, "Secret"), "no Secret value is committed for production");
        assertFalse(String.valueOf(Kustomize.kustomization(DEPLOY.resolve("overlays/prod")).get("resources"))
                .contains("secrets.example"), "secrets.example.yaml is a template, never applied by kustomize");
        // without the operator's Secrets, the references do not resolve: the list is what makes prod complete
        assertFalse(ManifestChecks.references(prod, Map.of()).isEmpty());
        String readme = Files.readString(DEPLOY.resolve("README.md"));
        String runbook = Files.readString(Code.root().resolve("docs/operations.md"));
        for (String secret : operatorSecrets().keySet()) {
            assertTrue(readme.contains("`" + secret + "`"), "deploy/README.md lists Secret " + secret);
            assertTrue(runbook.contains(secret), "docs/operations.md tells how to create Secret " + secret);
        }
    }

    @Test
    void devPostgresIsProvisionedWithTheDevStacksSqlAndPasswords() throws IOException {
        List<Map<String, Object>> dev = render("overlays/dev");
        Map<String, Object> provision = map(Manifests.find(dev, "ConfigMap", "postgres-provision").orElseThrow().get("data"));
        Path sql = Code.root().resolve("dev-stack/src/main/resources/provision");
        for (String file : List.of("database.sql", "service-schema.sql")) {
            assertEquals(Files.readString(sql.resolve(file), StandardCharsets.UTF_8), provision.get(file),
                    file + " is a copy of the dev stack's");
        }
        for (ServiceSchema service : ServiceSchema.values()) {
            Map<String, Object> secret = Manifests.find(dev, "Secret", "valet-db-" + service.schema()).orElseThrow();
            assertEquals(service.devPassword(), map(secret.get("stringData")).get("password"), service.role());
            Map<String, Object> deployment = Manifests.find(dev, "Deployment", service.serviceName()).orElseThrow();
            List<Map<String, Object>> env = Manifests.list(Manifests.containers(deployment).get(0).get("env"));
            Map<String, Object> username = env.stream().filter(e -> "QUARKUS_DATASOURCE_USERNAME".equals(e.get("name")))
                    .findFirst().orElseThrow();
            assertEquals(service.role(), username.get("value"), service.serviceName() + " logs in as its own role");
        }
    }

    /**
     * The dev overlay gives each app the dev stack's stand-ins (provision/dev-settings.properties) for every
     * {@code %prod.x=${ENV}} setting: the env var resolves, through its Secret or ConfigMap, to the same value.
     * Except the bootstrap admin, which must be a user of the Supabase project the dev overlay points at.
     */
    @Test
    void devOverlayUsesTheDevStacksStandIns() {
        List<Map<String, Object>> dev = render("overlays/dev");
        Set<String> notCompared = Set.of("valet.ops.bootstrap-admins");
        int compared = 0;
        for (ServiceSchema service : ServiceSchema.values()) {
            Map<String, String> standIns = DevStack.devSettings(service);
            Properties properties = Code.properties(service.serviceName());
            for (Map.Entry<String, String> standIn : standIns.entrySet()) {
                if (notCompared.contains(standIn.getKey())) {
                    continue;
                }
                String prod = properties.getProperty("%prod." + standIn.getKey());
                Matcher env = ENV_PLACEHOLDER.matcher(String.valueOf(prod));
                assertTrue(env.matches(), service.serviceName() + ": " + standIn.getKey() + " is read from %prod ${ENV}");
                assertEquals(standIn.getValue(), envValue(dev, service.serviceName(), env.group(1)),
                        service.serviceName() + " env " + env.group(1));
                compared++;
            }
        }
        assertTrue(compared >= 8, "compared " + compared + " settings");
    }

    /** The value an env var of the app's container gets in a rendered overlay (literal, Secret or ConfigMap). */
    static String envValue(List<Map<String, Object>> resources, String app, String name) {
        Map<String, Object> deployment = Manifests.find(resources, "Deployment", app).orElseThrow();
        Map<String, Object> env = Manifests.list(Manifests.containers(deployment).get(0).get("env")).stream()
                .filter(e -> name.equals(e.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(app + " does not set " + name));
        if (env.containsKey("value")) {
            return String.valueOf(env.get("value"));
        }
        Map<String, Object> secretRef = map(at(env, "valueFrom", "secretKeyRef").orElse(null));
        if (!secretRef.isEmpty()) {
            Map<String, Object> secret = Manifests.find(resources, "Secret", (String) secretRef.get("name")).orElseThrow();
            return String.valueOf(map(secret.get("stringData")).get(secretRef.get("key")));
        }
        Map<String, Object> configRef = map(at(env, "valueFrom", "configMapKeyRef").orElseThrow());
        Map<String, Object> configMap = Manifests.find(resources, "ConfigMap", (String) configRef.get("name")).orElseThrow();
        return String.valueOf(map(configMap.get("data")).get(configRef.get("key")));
    }

    /**
     * Where kubectl is installed, its kustomize renders exactly what the test's renderer renders, so the checks
     * above judged what a cluster would receive. (CI machines without kubectl skip this.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void rendersLikeKubectlKustomize(String dir) throws Exception {
        assumeTrue(kubectlAvailable(), "kubectl is not installed");
        Process process = new ProcessBuilder("kubectl", "kustomize", DEPLOY.resolve(dir).toString())
                .redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, "kubectl kustomize " + dir);
        assertEquals(byId(Yaml.documents(out)), byId(render(dir)));
    }

    private static Map<String, Object> byId(List<Map<String, Object>> resources) {
        Map<String, Object> byId = new TreeMap<>();
        for (Map<String, Object> resource : resources) {
            Map<String, Object> normalized = new LinkedHashMap<>(resource);
            byId.put(Manifests.id(resource) + " " + Manifests.metadata(resource).get("namespace"), normalized);
        }
        return byId;
    }

    private static boolean kubectlAvailable() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static int brokers(List<Map<String, Object>> resources) {
        return ofKind(resources, "KafkaNodePool").stream()
                .filter(p -> ((List<?>) at(p, "spec", "roles").orElse(List.of())).contains("broker"))
                .mapToInt(p -> (Integer) at(p, "spec", "replicas").orElse(0)).sum();
    }
}
