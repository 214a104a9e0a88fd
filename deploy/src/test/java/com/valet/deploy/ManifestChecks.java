package com.valet.deploy;

import static com.valet.deploy.Manifests.at;
import static com.valet.deploy.Manifests.containers;
import static com.valet.deploy.Manifests.id;
import static com.valet.deploy.Manifests.kind;
import static com.valet.deploy.Manifests.list;
import static com.valet.deploy.Manifests.map;
import static com.valet.deploy.Manifests.name;
import static com.valet.deploy.Manifests.ofKind;
import static com.valet.deploy.Manifests.podLabels;
import static com.valet.deploy.Manifests.podSpec;
import static com.valet.deploy.Manifests.workloads;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rules every rendered overlay must follow. Each check returns one line per violation (empty: all good), so a
 * test can show all of them at once and the broken fixtures can assert that each violation is reported.
 */
final class ManifestChecks {
    static final Map<String, String> HEALTH_PATHS = Map.of(
            "startupProbe", "/q/health/started",
            "livenessProbe", "/q/health/live",
            "readinessProbe", "/q/health/ready");

    private ManifestChecks() {
    }

    /** Every container has startup, liveness and readiness probes; the apps' are the Quarkus health endpoints. */
    static List<String> probes(List<Map<String, Object>> resources, List<String> apps) {
        List<String> violations = new ArrayList<>();
        for (Map<String, Object> workload : workloads(resources)) {
            boolean app = apps.contains(name(workload));
            for (Map<String, Object> container : containers(workload)) {
                for (Map.Entry<String, String> probe : HEALTH_PATHS.entrySet()) {
                    String where = id(workload) + " container " + container.get("name");
                    Map<String, Object> spec = map(container.get(probe.getKey()));
                    if (spec.isEmpty()) {
                        violations.add(where + ": no " + probe.getKey());
                    } else if (app) {
                        Object path = at(spec, "httpGet", "path").orElse(null);
                        if (!probe.getValue().equals(path)) {
                            violations.add(where + ": " + probe.getKey() + " must GET " + probe.getValue()
                                    + " but is " + (path == null ? spec : path));
                        } else if (!declaresPort(container, at(spec, "httpGet", "port").orElse(null))) {
                            violations.add(where + ": " + probe.getKey() + " port is not a container port");
                        }
                    }
                }
            }
        }
        return violations;
    }

    /** Every container requests and limits CPU and memory. */
    static List<String> resources(List<Map<String, Object>> resources) {
        List<String> violations = new ArrayList<>();
        for (Map<String, Object> workload : workloads(resources)) {
            for (Map<String, Object> container : Manifests.allContainers(workload)) {
                for (String bound : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        if (at(container, "resources", bound, resource).isEmpty()) {
                            violations.add(id(workload) + " container " + container.get("name") + ": no "
                                    + bound + "." + resource);
                        }
                    }
                }
            }
        }
        return violations;
    }

    /** Non-root, read-only root filesystem with an emptyDir /tmp, no privilege escalation, all capabilities dropped. */
    static List<String> security(List<Map<String, Object>> resources) {
        List<String> violations = new ArrayList<>();
        for (Map<String, Object> workload : workloads(resources)) {
            Map<String, Object> pod = podSpec(workload);
            Map<String, Object> podContext = map(pod.get("securityContext"));
            Set<String> emptyDirs = new HashSet<>();
            for (Map<String, Object> volume : list(pod.get("volumes"))) {
                if (volume.containsKey("emptyDir")) {
                    emptyDirs.add((String) volume.get("name"));
                }
            }
            for (Map<String, Object> container : Manifests.allContainers(workload)) {
                String where = id(workload) + " container " + container.get("name");
                Map<String, Object> context = map(container.get("securityContext"));
                Object nonRoot = context.containsKey("runAsNonRoot") ? context.get("runAsNonRoot")
                        : podContext.get("runAsNonRoot");
                Object user = context.containsKey("runAsUser") ? context.get("runAsUser") : podContext.get("runAsUser");
                if (!Boolean.TRUE.equals(nonRoot) || Objects.equals(user, 0)) {
                    violations.add(where + ": must run as non-root (runAsNonRoot: true, runAsUser not 0)");
                }
                if (!Boolean.TRUE.equals(context.get("readOnlyRootFilesystem"))) {
                    violations.add(where + ": readOnlyRootFilesystem must be true");
                }
                if (!Boolean.FALSE.equals(context.get("allowPrivilegeEscalation"))) {
                    violations.add(where + ": allowPrivilegeEscalation must be false");
                }
                if (Boolean.TRUE.equals(context.get("privileged"))) {
                    violations.add(where + ": must not be privileged");
                }
                List<?> drop = (List<?>) at(context, "capabilities", "drop").orElse(List.of());
                if (!drop.contains("ALL")) {
                    violations.add(where + ": capabilities.drop must contain ALL");
                }
                boolean tmp = list(container.get("volumeMounts")).stream()
                        .anyMatch(m -> "/tmp".equals(m.get("mountPath")) && emptyDirs.contains(m.get("name")));
                if (!tmp) {
                    violations.add(where + ": /tmp must be an emptyDir (the root filesystem is read-only)");
                }
            }
        }
        return violations;
    }

    /**
     * Every Secret and ConfigMap a workload or Ingress refers to, with the key, exists in the rendered overlay or,
     * for Secrets, in {@code operatorSecrets} (name to keys: the Secrets the operator creates).
     */
    static List<String> references(List<Map<String, Object>> resources, Map<String, Set<String>> operatorSecrets) {
        Map<String, Set<String>> secrets = new HashMap<>(operatorSecrets);
        Map<String, Set<String>> configMaps = new HashMap<>();
        for (Map<String, Object> secret : ofKind(resources, "Secret")) {
            Set<String> keys = new HashSet<>(map(secret.get("data")).keySet());
            keys.addAll(map(secret.get("stringData")).keySet());
            secrets.merge(name(secret), keys, (a, b) -> {
                Set<String> union = new HashSet<>(a);
                union.addAll(b);
                return union;
            });
        }
        for (Map<String, Object> configMap : ofKind(resources, "ConfigMap")) {
            Set<String> keys = new HashSet<>(map(configMap.get("data")).keySet());
            keys.addAll(map(configMap.get("binaryData")).keySet());
            configMaps.put(name(configMap), keys);
        }
        List<String> violations = new ArrayList<>();
        for (Map<String, Object> workload : workloads(resources)) {
            for (Map<String, Object> container : Manifests.allContainers(workload)) {
                String where = id(workload) + " container " + container.get("name");
                for (Map<String, Object> env : list(container.get("env"))) {
                    Map<String, Object> secretRef = map(at(env, "valueFrom", "secretKeyRef").orElse(null));
                    Map<String, Object> configRef = map(at(env, "valueFrom", "configMapKeyRef").orElse(null));
                    String what = where + " env " + env.get("name");
                    check(violations, what, "Secret", secrets, secretRef);
                    check(violations, what, "ConfigMap", configMaps, configRef);
                }
                for (Map<String, Object> envFrom : list(container.get("envFrom"))) {
                    check(violations, where + " envFrom", "Secret", secrets, map(envFrom.get("secretRef")));
                    check(violations, where + " envFrom", "ConfigMap", configMaps, map(envFrom.get("configMapRef")));
                }
            }
            for (Map<String, Object> volume : list(podSpec(workload).get("volumes"))) {
                String where = id(workload) + " volume " + volume.get("name");
                volumeSource(violations, where, secrets, configMaps, map(volume.get("secret")), map(volume.get("configMap")));
                for (Map<String, Object> source : list(at(volume, "projected", "sources").orElse(null))) {
                    volumeSource(violations, where, secrets, configMaps, map(source.get("secret")),
                            map(source.get("configMap")));
                }
            }
        }
        for (Map<String, Object> ingress : ofKind(resources, "Ingress")) {
            for (Map<String, Object> tls : list(at(ingress, "spec", "tls").orElse(null))) {
                Object secret = tls.get("secretName");
                if (secret != null && !secrets.containsKey(secret)) {
                    violations.add(id(ingress) + ": TLS Secret " + secret + " is neither in the overlay nor operator-provided");
                }
            }
        }
        return violations;
    }

    private static void volumeSource(List<String> violations, String where, Map<String, Set<String>> secrets,
                                     Map<String, Set<String>> configMaps, Map<String, Object> secret,
                                     Map<String, Object> configMap) {
        if (!secret.isEmpty()) {
            String name = (String) (secret.containsKey("secretName") ? secret.get("secretName") : secret.get("name"));
            itemsExist(violations, where, "Secret", secrets, name, secret);
        }
        if (!configMap.isEmpty()) {
            itemsExist(violations, where, "ConfigMap", configMaps, (String) configMap.get("name"), configMap);
        }
    }

    private static void itemsExist(List<String> violations, String where, String kind,
                                   Map<String, Set<String>> known, String name, Map<String, Object> source) {
        if (Boolean.TRUE.equals(source.get("optional"))) {
            return;
        }
        if (!known.containsKey(name)) {
            violations.add(where + ": " + kind + " " + name + " does not exist");
            return;
        }
        for (Map<String, Object> item : list(source.get("items"))) {
            if (!known.get(name).contains(item.get("key"))) {
                violations.add(where + ": " + kind + " " + name + " has no key " + item.get("key"));
            }
        }
    }

    private static void check(List<String> violations, String where, String kind, Map<String, Set<String>> known,
                              Map<String, Object> ref) {
        if (ref.isEmpty() || Boolean.TRUE.equals(ref.get("optional"))) {
            return;
        }
        Object name = ref.get("name");
        if (!known.containsKey(name)) {
            violations.add(where + ": " + kind + " " + name + " does not exist");
        } else if (ref.containsKey("key") && !known.get(name).contains(ref.get("key"))) {
            violations.add(where + ": " + kind + " " + name + " has no key " + ref.get("key"));
        }
    }

    /**
     * Every topic in {@code required} has a KafkaTopic, and every KafkaTopic has {@code replicas} replicas,
     * min.insync.replicas {@code minInSync}, at least one partition and a Kafka cluster that exists.
     */
    static List<String> topics(List<Map<String, Object>> resources, Set<String> required, int replicas, int minInSync) {
        List<String> violations = new ArrayList<>();
        Set<String> declared = new HashSet<>();
        Set<String> clusters = new HashSet<>();
        ofKind(resources, "Kafka").forEach(k -> clusters.add(name(k)));
        for (Map<String, Object> topic : ofKind(resources, "KafkaTopic")) {
            Map<String, Object> spec = map(topic.get("spec"));
            String topicName = (String) spec.getOrDefault("topicName", name(topic));
            declared.add(topicName);
            Object cluster = at(topic, "metadata", "labels", "strimzi.io/cluster").orElse(null);
            if (!clusters.contains(cluster)) {
                violations.add("KafkaTopic " + topicName + ": strimzi.io/cluster " + cluster + " is not a Kafka in the overlay");
            }
            if (!(spec.get("partitions") instanceof Integer p) || p < 1) {
                violations.add("KafkaTopic " + topicName + ": partitions must be set (>= 1)");
            }
            if (!Objects.equals(spec.get("replicas"), replicas)) {
                violations.add("KafkaTopic " + topicName + ": replicas must be " + replicas + " but is " + spec.get("replicas"));
            }
            Object minIsr = at(spec, "config", "min.insync.replicas").orElse(null);
            if (!Objects.equals(minIsr, minInSync)) {
                violations.add("KafkaTopic " + topicName + ": min.insync.replicas must be " + minInSync + " but is " + minIsr);
            }
        }
        for (String topic : required) {
            if (!declared.contains(topic)) {
                violations.add("no KafkaTopic for topic " + topic);
            }
        }
        return violations;
    }

    /** The node pools have enough brokers for every replication setting of the cluster and its topics. */
    static List<String> kafkaCapacity(List<Map<String, Object>> resources) {
        List<String> violations = new ArrayList<>();
        for (Map<String, Object> kafka : ofKind(resources, "Kafka")) {
            int brokers = 0;
            for (Map<String, Object> pool : ofKind(resources, "KafkaNodePool")) {
                boolean ofCluster = name(kafka).equals(at(pool, "metadata", "labels", "strimzi.io/cluster").orElse(null));
                List<?> roles = (List<?>) at(pool, "spec", "roles").orElse(List.of());
                if (ofCluster && roles.contains("broker")) {
                    brokers += (Integer) at(pool, "spec", "replicas").orElse(0);
                }
            }
            Map<String, Object> config = map(at(kafka, "spec", "kafka", "config").orElse(null));
            for (String key : List.of("default.replication.factor", "offsets.topic.replication.factor",
                    "transaction.state.log.replication.factor", "min.insync.replicas", "transaction.state.log.min.isr")) {
                if (!(config.get(key) instanceof Integer value) || value > brokers) {
                    violations.add(id(kafka) + ": " + key + " must be set and at most the " + brokers + " broker(s)");
                }
            }
            for (Map<String, Object> topic : ofKind(resources, "KafkaTopic")) {
                Object replicas = at(topic, "spec", "replicas").orElse(null);
                Object minIsr = at(topic, "spec", "config", "min.insync.replicas").orElse(1);
                if (replicas instanceof Integer r && (r > brokers || minIsr instanceof Integer m && m > r)) {
                    violations.add(id(topic) + ": " + r + " replicas / min.insync " + minIsr + " do not fit "
                            + brokers + " broker(s)");
                }
            }
        }
        return violations;
    }

    /**
     * Each app runs as one Deployment named after it with the module's image (…valet/&lt;artifactId&gt;, tagged, not
     * latest) and its HTTP port; every Deployment of the platform is one of the apps.
     */
    static List<String> images(List<Map<String, Object>> resources, List<String> apps, String requiredTag) {
        List<String> violations = new ArrayList<>();
        for (String app : apps) {
            if (Manifests.find(resources, "Deployment", app).isEmpty()) {
                violations.add("no Deployment for app " + app);
            }
        }
        for (Map<String, Object> deployment : ofKind(resources, "Deployment")) {
            String app = name(deployment);
            if (!"valet".equals(at(deployment, "metadata", "labels", "app.kubernetes.io/part-of").orElse(null))) {
                continue;
            }
            if (!apps.contains(app)) {
                violations.add(id(deployment) + ": not an app module of the repository " + apps);
                continue;
            }
            List<Map<String, Object>> containers = containers(deployment);
            if (containers.size() != 1) {
                violations.add(id(deployment) + ": must run exactly one container");
                continue;
            }
            String image = String.valueOf(containers.get(0).get("image"));
            String repository = Kustomize.imageName(image);
            String tag = Kustomize.imageTag(image);
            String expected = "valet/" + Code.artifactId(app);
            if (!(repository.equals(expected) || repository.endsWith("/" + expected))) {
                violations.add(id(deployment) + ": image " + image + " is not " + expected + " (the module's image)");
            }
            if (tag == null || tag.equals("latest") || requiredTag != null && !tag.equals(requiredTag)) {
                violations.add(id(deployment) + ": image " + image + " must be tagged "
                        + (requiredTag == null ? "with a version" : requiredTag));
            }
            boolean port = list(containers.get(0).get("ports")).stream()
                    .anyMatch(p -> "http".equals(p.get("name")) && Objects.equals(p.get("containerPort"), Code.httpPort(app)));
            if (!port) {
                violations.add(id(deployment) + ": needs container port http = " + Code.httpPort(app)
                        + " (quarkus.http.port)");
            }
        }
        return violations;
    }

    /**
     * Each app's container sets every environment variable its application.properties needs in production
     * ({@link Code#requiredEnv}); secrets come from Secrets; no value points at the dev stack.
     */
    static List<String> environment(List<Map<String, Object>> resources, Map<String, Map<String, String>> requiredEnv) {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> app : requiredEnv.entrySet()) {
            Map<String, Object> deployment = Manifests.find(resources, "Deployment", app.getKey()).orElse(null);
            if (deployment == null) {
                violations.add("no Deployment for app " + app.getKey());
                continue;
            }
            Map<String, Map<String, Object>> env = new HashMap<>();
            for (Map<String, Object> container : containers(deployment)) {
                list(container.get("env")).forEach(e -> env.put((String) e.get("name"), e));
            }
            app.getValue().forEach((name, reason) -> {
                if (!env.containsKey(name)) {
                    violations.add(id(deployment) + ": env " + name + " is not set (needed by " + reason + ")");
                }
            });
            env.forEach((name, e) -> {
                if (Code.isSecretEnv(name) && at(e, "valueFrom", "secretKeyRef").isEmpty()) {
                    violations.add(id(deployment) + ": env " + name + " must come from a Secret (secretKeyRef)");
                }
                if (e.get("value") instanceof String value && Code.pointsAtDevStack(value)) {
                    violations.add(id(deployment) + ": env " + name + " points at the dev stack: " + value);
                }
            });
        }
        return violations;
    }

    /**
     * Every app pod is under a NetworkPolicy for ingress and egress; the services admit only the gateway's pods;
     * the services may reach PostgreSQL (5432) and Kafka (9092); only the gateway has an Ingress, for /api and
     * /webhooks (not its /q endpoints), and no Service
     * is exposed outside the cluster.
     */
    static List<String> network(List<Map<String, Object>> resources, List<String> apps, String gateway) {
        List<String> violations = new ArrayList<>();
        Map<String, Object> gatewayLabels = Manifests.find(resources, "Deployment", gateway)
                .map(Manifests::podLabels).orElse(Map.of());
        List<Map<String, Object>> policies = ofKind(resources, "NetworkPolicy");
        for (String app : apps) {
            Map<String, Object> deployment = Manifests.find(resources, "Deployment", app).orElse(null);
            if (deployment == null) {
                continue;
            }
            Map<String, Object> labels = podLabels(deployment);
            List<Map<String, Object>> selecting = policies.stream()
                    .filter(p -> Manifests.selects(map(at(p, "spec", "podSelector").orElse(null)), labels)).toList();
            for (String type : List.of("Ingress", "Egress")) {
                if (selecting.stream().noneMatch(p -> ((List<?>) at(p, "spec", "policyTypes").orElse(List.of())).contains(type))) {
                    violations.add(id(deployment) + ": no NetworkPolicy restricts its " + type.toLowerCase());
                }
            }
            if (app.equals(gateway)) {
                continue;
            }
            Set<Integer> egressPorts = new HashSet<>();
            for (Map<String, Object> policy : selecting) {
                for (Map<String, Object> rule : list(at(policy, "spec", "ingress").orElse(null))) {
                    List<Map<String, Object>> from = list(rule.get("from"));
                    if (from.isEmpty()) {
                        violations.add(id(policy) + ": admits everyone to " + app + " (an ingress rule without from)");
                    }
                    for (Map<String, Object> peer : from) {
                        if (peer.containsKey("namespaceSelector") || peer.containsKey("ipBlock")
                                || !peer.containsKey("podSelector")
                                || !Manifests.selects(map(peer.get("podSelector")), gatewayLabels)
                                || map(map(peer.get("podSelector")).get("matchLabels")).isEmpty()) {
                            violations.add(id(policy) + ": admits " + peer + " to " + app + "; only the gateway may reach a service");
                        }
                    }
                }
                for (Map<String, Object> rule : list(at(policy, "spec", "egress").orElse(null))) {
                    list(rule.get("ports")).forEach(p -> egressPorts.add((Integer) p.get("port")));
                }
            }
            for (int port : List.of(5432, 9092, 53)) {
                if (!egressPorts.contains(port)) {
                    violations.add(id(deployment) + ": egress to port " + port + " is not allowed");
                }
            }
        }
        for (Map<String, Object> ingress : ofKind(resources, "Ingress")) {
            for (Map<String, Object> rule : list(at(ingress, "spec", "rules").orElse(null))) {
                for (Map<String, Object> path : list(at(rule, "http", "paths").orElse(null))) {
                    Object service = at(path, "backend", "service", "name").orElse(null);
                    if (!gateway.equals(service)) {
                        violations.add(id(ingress) + ": routes to " + service + "; only the gateway is public");
                    }
                    Object prefix = path.get("path");
                    if (!(prefix instanceof String p) || p.equals("/") || p.startsWith("/q")) {
                        violations.add(id(ingress) + ": path " + prefix + " exposes /q (health, metrics, OpenAPI); "
                                + "publish /api and /webhooks only");
                    }
                }
            }
        }
        for (Map<String, Object> service : ofKind(resources, "Service")) {
            Object type = at(service, "spec", "type").orElse("ClusterIP");
            if (!"ClusterIP".equals(type)) {
                violations.add(id(service) + ": type " + type + "; the Ingress is the only way in");
            }
        }
        return violations;
    }

    /**
     * Production scaling: each app runs {@code minReplicas}+ replicas, an HPA (apps/v1 Deployment target,
     * minReplicas >= that, max >= min) and a PodDisruptionBudget selecting its pods that lets a node drain.
     */
    static List<String> scaling(List<Map<String, Object>> resources, List<String> apps, int minReplicas) {
        List<String> violations = new ArrayList<>();
        for (String app : apps) {
            Map<String, Object> deployment = Manifests.find(resources, "Deployment", app).orElse(null);
            if (deployment == null) {
                violations.add("no Deployment for app " + app);
                continue;
            }
            Object replicas = at(deployment, "spec", "replicas").orElse(1);
            if (!(replicas instanceof Integer r) || r < minReplicas) {
                violations.add(id(deployment) + ": replicas " + replicas + " < " + minReplicas);
            }
            List<Map<String, Object>> hpas = ofKind(resources, "HorizontalPodAutoscaler").stream()
                    .filter(h -> "Deployment".equals(at(h, "spec", "scaleTargetRef", "kind").orElse(null))
                            && app.equals(at(h, "spec", "scaleTargetRef", "name").orElse(null)))
                    .toList();
            if (hpas.size() != 1) {
                violations.add(id(deployment) + ": needs exactly one HorizontalPodAutoscaler, has " + hpas.size());
            } else {
                Object min = at(hpas.get(0), "spec", "minReplicas").orElse(1);
                Object max = at(hpas.get(0), "spec", "maxReplicas").orElse(0);
                if (!(min instanceof Integer mn) || mn < minReplicas || !(max instanceof Integer mx) || mx < mn) {
                    violations.add(id(hpas.get(0)) + ": minReplicas " + min + " / maxReplicas " + max
                            + " (need min >= " + minReplicas + ", max >= min)");
                }
            }
            Map<String, Object> labels = podLabels(deployment);
            List<Map<String, Object>> budgets = ofKind(resources, "PodDisruptionBudget").stream()
                    .filter(p -> Manifests.selects(map(at(p, "spec", "selector").orElse(null)), labels)).toList();
            if (budgets.isEmpty()) {
                violations.add(id(deployment) + ": no PodDisruptionBudget selects its pods");
            }
            for (Map<String, Object> budget : budgets) {
                Object minAvailable = at(budget, "spec", "minAvailable").orElse(null);
                if (minAvailable instanceof Integer m && m >= minReplicas) {
                    violations.add(id(budget) + ": minAvailable " + m + " would block every node drain");
                }
                if (minAvailable == null && at(budget, "spec", "maxUnavailable").isEmpty()) {
                    violations.add(id(budget) + ": sets neither minAvailable nor maxUnavailable");
                }
            }
        }
        return violations;
    }

    /** All checks that hold for every overlay (everything but the replication figures and scaling). */
    static List<String> common(List<Map<String, Object>> resources, Map<String, Set<String>> operatorSecrets) {
        List<String> apps = Code.apps();
        Map<String, Map<String, String>> env = new HashMap<>();
        apps.forEach(app -> env.put(app, Code.requiredEnv(app)));
        List<String> violations = new ArrayList<>();
        violations.addAll(probes(resources, apps));
        violations.addAll(resources(resources));
        violations.addAll(security(resources));
        violations.addAll(references(resources, operatorSecrets));
        violations.addAll(images(resources, apps, null));
        violations.addAll(environment(resources, env));
        violations.addAll(network(resources, apps, "gateway"));
        violations.addAll(kafkaCapacity(resources));
        violations.addAll(migrations(resources, apps));
        violations.addAll(jvm(resources, apps));
        return violations;
    }

    /** The init container that migrates a service's schema before its new version starts (decision 26). */
    static final String MIGRATE = "migrate";

    /**
     * Migrations run as a step of their own: every service's Deployment has an init container "migrate" running
     * the same image with {@code QUARKUS_INIT_AND_EXIT=true} and migrations on, and every env var the app needs;
     * the app container does not migrate (its {@code %prod} start has migrate-at-start off, in
     * application.properties); the gateway, which has no schema, has no init container.
     */
    static List<String> migrations(List<Map<String, Object>> resources, List<String> apps) {
        List<String> violations = new ArrayList<>();
        for (String app : apps) {
            Map<String, Object> deployment = Manifests.find(resources, "Deployment", app).orElse(null);
            if (deployment == null) {
                continue; // reported by images()
            }
            List<Map<String, Object>> inits = list(podSpec(deployment).get("initContainers"));
            boolean service = !app.equals("gateway");
            if (!service) {
                if (!inits.isEmpty()) {
                    violations.add(id(deployment) + ": has nothing to migrate, needs no init container");
                }
                continue;
            }
            if (!"false".equals(Code.properties(app).getProperty("%prod.quarkus.flyway.migrate-at-start"))) {
                violations.add(app + ": application.properties must set %prod.quarkus.flyway.migrate-at-start=false"
                        + " (the init container migrates)");
            }
            Map<String, Object> migrate = inits.stream().filter(c -> MIGRATE.equals(c.get("name"))).findFirst().orElse(null);
            if (migrate == null || inits.size() != 1) {
                violations.add(id(deployment) + ": needs exactly one init container, \"" + MIGRATE + "\"");
                continue;
            }
            Map<String, Object> main = containers(deployment).isEmpty() ? Map.of() : containers(deployment).get(0);
            if (!Objects.equals(migrate.get("image"), main.get("image"))) {
                violations.add(id(deployment) + ": init container " + MIGRATE + " must run the app's image "
                        + main.get("image") + ", not " + migrate.get("image"));
            }
            Map<String, Object> env = env(migrate);
            for (Map.Entry<String, String> flag : Map.of("QUARKUS_INIT_AND_EXIT", "true",
                    "_PROD_QUARKUS_FLYWAY_MIGRATE_AT_START", "true").entrySet()) {
                if (!flag.getValue().equals(map(env.get(flag.getKey())).get("value"))) {
                    violations.add(id(deployment) + ": init container " + MIGRATE + " needs " + flag.getKey() + "="
                            + flag.getValue());
                }
            }
            for (String name : Code.requiredEnv(app).keySet()) {
                if (!env.containsKey(name)) {
                    violations.add(id(deployment) + ": init container " + MIGRATE + ": env " + name + " is not set");
                }
            }
            for (String name : env(main).keySet()) {
                if (name.contains("FLYWAY_MIGRATE_AT_START") || name.equals("QUARKUS_INIT_AND_EXIT")) {
                    violations.add(id(deployment) + ": the app container must not migrate (" + name + ")");
                }
            }
        }
        return violations;
    }

    /**
     * Every app container (and the migration step) runs with production's JVM settings, the list dev-stack's
     * {@code JvmSettings} has and {@code ./valet up} runs (plus C1 only there); the image's default collector is
     * replaced, not added to; the heap and metaspace caps fit under the memory limit.
     */
    static List<String> jvm(List<Map<String, Object>> resources, List<String> apps) {
        List<String> violations = new ArrayList<>();
        for (String app : apps) {
            Map<String, Object> deployment = Manifests.find(resources, "Deployment", app).orElse(null);
            if (deployment == null) {
                continue;
            }
            String expected = String.join(" ", com.valet.devstack.JvmSettings.production(app));
            for (Map<String, Object> container : Manifests.allContainers(deployment)) {
                String where = id(deployment) + " container " + container.get("name");
                Map<String, Object> env = env(container);
                Object options = map(env.get("JAVA_OPTS_APPEND")).get("value");
                if (!expected.equals(options)) {
                    violations.add(where + ": JAVA_OPTS_APPEND must be \"" + expected + "\" (JvmSettings.production) but is "
                            + options);
                }
                if (!"-XX:+UseSerialGC".equals(map(env.get("GC_CONTAINER_OPTIONS")).get("value"))) {
                    violations.add(where + ": GC_CONTAINER_OPTIONS must be -XX:+UseSerialGC (the image would add ParallelGC)");
                }
                com.valet.devstack.JvmSettings.ENVIRONMENT.forEach((name, value) -> {
                    if (!value.equals(map(env.get(name)).get("value"))) {
                        violations.add(where + ": env " + name + " must be " + value);
                    }
                });
                Object limit = at(container, "resources", "limits", "memory").orElse(null);
                long caps = megabytes(expected, "-Xmx") + megabytes(expected, "-XX:MaxMetaspaceSize=");
                if (limit != null && mebibytes(String.valueOf(limit)) < caps) {
                    violations.add(where + ": memory limit " + limit + " is below the heap and metaspace caps (" + caps + " MB)");
                }
            }
        }
        return violations;
    }

    private static Map<String, Object> env(Map<String, Object> container) {
        Map<String, Object> env = new HashMap<>();
        list(container.get("env")).forEach(e -> env.put((String) e.get("name"), e));
        return env;
    }

    private static long megabytes(String options, String flag) {
        for (String option : options.split(" ")) {
            if (option.startsWith(flag) && option.toLowerCase(java.util.Locale.ROOT).endsWith("m")) {
                return Long.parseLong(option.substring(flag.length(), option.length() - 1));
            }
        }
        return 0;
    }

    private static long mebibytes(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
        }
        if (quantity.endsWith("Mi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2));
        }
        return Long.MAX_VALUE; // another unit: not judged here
    }


    private static boolean declaresPort(Map<String, Object> container, Object port) {
        return list(container.get("ports")).stream()
                .anyMatch(p -> Objects.equals(p.get("name"), port) || Objects.equals(p.get("containerPort"), port));
    }
}
