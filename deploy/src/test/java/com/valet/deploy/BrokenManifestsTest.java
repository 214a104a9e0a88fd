package com.valet.deploy;

import static com.valet.deploy.Manifests.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checks catch what they are for: broken fixtures (src/test/resources/broken, each one defect away from
 * good-app.yaml) and the real overlays with one thing taken away each report that violation.
 */
class BrokenManifestsTest {

    private static final List<String> GATEWAY_ONLY = List.of("gateway");

    static Path fixture(String name) {
        try {
            return Path.of(BrokenManifestsTest.class.getResource("/broken/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Map<String, Object>> load(String name) {
        return Yaml.documents(fixture(name));
    }

    @Test
    void theGoodFixturePasses() {
        List<Map<String, Object>> good = load("good-app.yaml");
        assertEquals(List.of(), ManifestChecks.probes(good, GATEWAY_ONLY));
        assertEquals(List.of(), ManifestChecks.resources(good));
        assertEquals(List.of(), ManifestChecks.security(good));
        assertEquals(List.of(), ManifestChecks.images(good, GATEWAY_ONLY, "0.1.0-SNAPSHOT"));
    }

    @Test
    void aMissingProbeIsReported() {
        assertEquals(List.of("Deployment gateway container gateway: no readinessProbe"),
                ManifestChecks.probes(load("missing-probe.yaml"), GATEWAY_ONLY));
    }

    @Test
    void aProbeOnTheWrongEndpointIsReported() {
        assertEquals(List.of("Deployment gateway container gateway: livenessProbe must GET /q/health/live but is /q/health/ready"),
                ManifestChecks.probes(load("wrong-probe-path.yaml"), GATEWAY_ONLY));
    }

    @Test
    void aMissingLimitIsReported() {
        assertEquals(List.of("Deployment gateway container gateway: no limits.memory"),
                ManifestChecks.resources(load("missing-limit.yaml")));
    }

    @Test
    void everyInsecureSettingIsReported() {
        List<String> violations = ManifestChecks.security(load("insecure.yaml"));
        String where = "Deployment gateway container gateway: ";
        assertEquals(List.of(
                where + "must run as non-root (runAsNonRoot: true, runAsUser not 0)",
                where + "readOnlyRootFilesystem must be true",
                where + "allowPrivilegeEscalation must be false",
                where + "capabilities.drop must contain ALL",
                where + "/tmp must be an emptyDir (the root filesystem is read-only)"), violations);
    }

    @Test
    void anotherModulesImageIsReported() {
        List<String> violations = ManifestChecks.images(load("wrong-image.yaml"), GATEWAY_ONLY, null);
        assertEquals(List.of(
                "Deployment gateway: image valet/inventory-service is not valet/gateway (the module's image)",
                "Deployment gateway: image valet/inventory-service must be tagged with a version"), violations);
    }

    @Test
    void danglingSecretAndConfigMapReferencesAreReported() {
        List<String> violations = ManifestChecks.references(load("dangling-refs.yaml"), Map.of());
        assertEquals(List.of(
                "Deployment billing-service container billing-service env STRIPE_WEBHOOK_SECRET: Secret valet-stripe has no key webhook-secret",
                "Deployment billing-service container billing-service env STRIPE_PRICE_ID: ConfigMap valet-settings does not exist",
                "Deployment billing-service volume certs: Secret billing-certs does not exist"), violations);
        // a Secret the operator provides (listed, with its keys) satisfies the same references
        assertEquals(List.of("Deployment billing-service container billing-service env STRIPE_PRICE_ID: ConfigMap valet-settings does not exist"),
                ManifestChecks.references(load("dangling-refs.yaml"),
                        Map.of("valet-stripe", Set.of("api-key", "webhook-secret"), "billing-certs", Set.of())));
    }

    @Test
    void aMissingTopicAndAnUnderReplicatedOneAreReported() {
        List<String> violations = ManifestChecks.topics(load("topics-missing-one.yaml"), Code.topics(), 3, 2);
        assertTrue(violations.contains("no KafkaTopic for topic payment-received.dlq"), violations.toString());
        assertTrue(violations.contains("KafkaTopic item-moved.dlq: replicas must be 3 but is 1"), violations.toString());
        assertTrue(violations.contains("KafkaTopic item-moved.dlq: min.insync.replicas must be 2 but is 1"), violations.toString());
        // declared topics are not reported missing
        assertTrue(violations.stream().noneMatch(v -> v.equals("no KafkaTopic for topic item-moved")), violations.toString());
    }

    @Test
    void anOpenNetworkIsReported() {
        List<String> violations = ManifestChecks.network(load("open-network.yaml"), List.of("gateway", "inventory-service"), "gateway");
        assertTrue(violations.contains("NetworkPolicy valet-services: admits {namespaceSelector={matchLabels={kubernetes.io/metadata.name=monitoring}}} "
                + "to inventory-service; only the gateway may reach a service"), violations.toString());
        assertTrue(violations.contains("Ingress inventory: routes to inventory-service; only the gateway is public"), violations.toString());
        assertTrue(violations.contains("Deployment gateway: no NetworkPolicy restricts its ingress"), violations.toString());
        assertTrue(violations.contains("Ingress inventory: path / exposes /q (health, metrics, OpenAPI); publish /api and /webhooks only"),
                violations.toString());
    }

    @Test
    void missingKustomizationPathsAreReported() {
        Path dir = fixture("kustomization-missing");
        List<String> missing = Kustomize.missingPaths(dir);
        assertEquals(List.of(dir.resolve("kustomization.yaml") + ": resource missing.yaml",
                dir.resolve("kustomization.yaml") + ": patch gone.yaml"), missing);
        assertThrows(IllegalArgumentException.class, () -> Kustomize.render(dir));
    }

    @Test
    void aKustomizeFeatureTheRendererDoesNotKnowIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Kustomize.render(fixture("kustomization-unsupported")));
        assertTrue(refused.getMessage().contains("'helmCharts'"), refused.getMessage());
    }

    // --- the real prod overlay, with one thing removed ---

    @Test
    void theRealOverlayWithoutAProbeALimitOrATopicFails() {
        List<Map<String, Object>> prod = DeployManifestsTest.render("overlays/prod");
        List<String> apps = Code.apps();
        for (String app : apps) {
            List<Map<String, Object>> broken = Yaml.copyAll(prod);
            Map<String, Object> container = Manifests.containers(Manifests.find(broken, "Deployment", app).orElseThrow()).get(0);
            container.remove("livenessProbe");
            assertEquals(List.of("Deployment " + app + " container " + app + ": no livenessProbe"),
                    ManifestChecks.probes(broken, apps));

            broken = Yaml.copyAll(prod);
            container = Manifests.containers(Manifests.find(broken, "Deployment", app).orElseThrow()).get(0);
            Manifests.map(Manifests.map(container.get("resources")).get("limits")).remove("cpu");
            assertEquals(List.of("Deployment " + app + " container " + app + ": no limits.cpu"),
                    ManifestChecks.resources(broken));
        }
        for (String topic : Code.topics()) {
            List<Map<String, Object>> broken = new ArrayList<>(Yaml.copyAll(prod));
            broken.removeIf(r -> "KafkaTopic".equals(Manifests.kind(r)) && topic.equals(name(r)));
            assertEquals(List.of("no KafkaTopic for topic " + topic), ManifestChecks.topics(broken, Code.topics(), 3, 2));
        }
    }

    @Test
    void theRealOverlayWithoutAnEnvVarTheCodeReadsFails() {
        List<Map<String, Object>> prod = DeployManifestsTest.render("overlays/prod");
        Map<String, Map<String, String>> required = Map.of("billing-service", Code.requiredEnv("billing-service"));
        assertTrue(required.get("billing-service").containsKey("STRIPE_WEBHOOK_SECRET"), required.toString());
        for (String env : required.get("billing-service").keySet()) {
            List<Map<String, Object>> broken = Yaml.copyAll(prod);
            Map<String, Object> container = Manifests.containers(
                    Manifests.find(broken, "Deployment", "billing-service").orElseThrow()).get(0);
            Manifests.list(container.get("env")).removeIf(e -> env.equals(e.get("name")));
            List<String> violations = ManifestChecks.environment(broken, required);
            assertEquals(1, violations.size(), violations.toString());
            assertTrue(violations.get(0).startsWith("Deployment billing-service: env " + env + " is not set"), violations.toString());
        }
    }

    @Test
    void theRealOverlayWithoutItsMigrationStepOrWithOtherJvmSettingsFails() {
        List<Map<String, Object>> prod = DeployManifestsTest.render("overlays/prod");
        List<String> apps = Code.apps();
        assertEquals(List.of(), ManifestChecks.migrations(prod, apps));
        assertEquals(List.of(), ManifestChecks.jvm(prod, apps));

        List<Map<String, Object>> broken = Yaml.copyAll(prod);
        Map<String, Object> pod = Manifests.podSpec(Manifests.find(broken, "Deployment", "ops-service").orElseThrow());
        pod.remove("initContainers");
        assertEquals(List.of("Deployment ops-service: needs exactly one init container, \"migrate\""),
                ManifestChecks.migrations(broken, apps));

        broken = Yaml.copyAll(prod);
        Map<String, Object> migrate = Manifests.list(Manifests.podSpec(
                Manifests.find(broken, "Deployment", "booking-service").orElseThrow()).get("initContainers")).get(0);
        Manifests.list(migrate.get("env")).removeIf(e -> "QUARKUS_INIT_AND_EXIT".equals(e.get("name"))
                || "CALENDLY_WEBHOOK_SIGNING_KEY".equals(e.get("name")));
        List<String> violations = ManifestChecks.migrations(broken, apps);
        assertEquals(List.of("Deployment booking-service: init container migrate needs QUARKUS_INIT_AND_EXIT=true",
                "Deployment booking-service: init container migrate: env CALENDLY_WEBHOOK_SIGNING_KEY is not set"), violations);

        broken = Yaml.copyAll(prod);
        Map<String, Object> app = Manifests.containers(Manifests.find(broken, "Deployment", "inventory-service").orElseThrow()).get(0);
        Manifests.list(app.get("env")).add(new java.util.LinkedHashMap<>(Map.of("name", "QUARKUS_FLYWAY_MIGRATE_AT_START", "value", "true")));
        assertEquals(List.of("Deployment inventory-service: the app container must not migrate (QUARKUS_FLYWAY_MIGRATE_AT_START)"),
                ManifestChecks.migrations(broken, apps));

        broken = Yaml.copyAll(prod);
        Map<String, Object> gateway = Manifests.containers(Manifests.find(broken, "Deployment", "gateway").orElseThrow()).get(0);
        Manifests.list(gateway.get("env")).stream().filter(e -> "JAVA_OPTS_APPEND".equals(e.get("name")))
                .forEach(e -> e.put("value", "-Xmx512m"));
        Manifests.map(Manifests.map(gateway.get("resources")).get("limits")).put("memory", "128Mi");
        violations = ManifestChecks.jvm(broken, apps);
        assertEquals(2, violations.size(), violations.toString());
        assertTrue(violations.get(0).startsWith("Deployment gateway container gateway: JAVA_OPTS_APPEND must be"), violations.toString());
        assertTrue(violations.get(1).startsWith("Deployment gateway container gateway: memory limit 128Mi is below"), violations.toString());
    }
}
