package com.valet.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Navigation in rendered manifests (maps from YAML). */
final class Manifests {
    static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job");

    private Manifests() {
    }

    static String kind(Map<String, Object> resource) {
        return (String) resource.get("kind");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> metadata(Map<String, Object> resource) {
        return (Map<String, Object>) resource.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
    }

    static String name(Map<String, Object> resource) {
        return (String) metadata(resource).get("name");
    }

    static String id(Map<String, Object> resource) {
        return kind(resource) + " " + name(resource);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(Map<String, Object> resource) {
        return (Map<String, Object>) resource.computeIfAbsent("spec", k -> new LinkedHashMap<>());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value) {
        return value instanceof List<?> ? (List<Map<String, Object>>) value : List.of();
    }

    /** A nested value by keys, e.g. {@code at(resource, "spec", "template", "spec")}; empty if absent. */
    static Optional<Object> at(Object value, String... path) {
        Object current = value;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return Optional.empty();
            }
            current = map.get(key);
        }
        return Optional.ofNullable(current);
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> resources, String kind) {
        return resources.stream().filter(r -> kind.equals(kind(r))).toList();
    }

    static Optional<Map<String, Object>> find(List<Map<String, Object>> resources, String kind, String name) {
        return resources.stream().filter(r -> kind.equals(kind(r)) && name.equals(name(r))).findFirst();
    }

    static List<Map<String, Object>> workloads(List<Map<String, Object>> resources) {
        return resources.stream().filter(r -> WORKLOAD_KINDS.contains(kind(r))).toList();
    }

    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(at(workload, "spec", "template", "spec").orElse(null));
    }

    static Map<String, Object> podLabels(Map<String, Object> workload) {
        return map(at(workload, "spec", "template", "metadata", "labels").orElse(null));
    }

    static List<Map<String, Object>> containers(Map<String, Object> workload) {
        return list(podSpec(workload).get("containers"));
    }

    static List<Map<String, Object>> allContainers(Map<String, Object> resource) {
        if (!WORKLOAD_KINDS.contains(kind(resource))) {
            return List.of();
        }
        List<Map<String, Object>> all = new ArrayList<>(containers(resource));
        all.addAll(list(podSpec(resource).get("initContainers")));
        return all;
    }

    /** Whether a label selector ({@code matchLabels} only, as the manifests use) selects these labels. */
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        Map<String, Object> matchLabels = map(selector.get("matchLabels"));
        if (selector.containsKey("matchExpressions")) {
            throw new IllegalArgumentException("matchExpressions are not supported by the checks: " + selector);
        }
        return matchLabels.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
