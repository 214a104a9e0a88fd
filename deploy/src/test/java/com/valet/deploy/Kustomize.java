package com.valet.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renders a kustomization directory the way {@code kubectl kustomize} does, for the features the manifests use:
 * {@code resources} (files and directories), {@code patches} (strategic merge, optionally with a {@code target}
 * kind/name), {@code namespace}, {@code replicas} and {@code images}. Any other field is refused, so a manifest
 * cannot use a feature this renderer (and therefore the checks) would silently ignore.
 * {@code DeployManifestsTest.rendersLikeKubectlKustomize} compares the result with kubectl where it is installed.
 */
final class Kustomize {

    static final Set<String> SUPPORTED_FIELDS =
            Set.of("apiVersion", "kind", "resources", "patches", "namespace", "replicas", "images");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass");

    private Kustomize() {
    }

    /** The resources of {@code dir}'s kustomization.yaml, patched and transformed. */
    static List<Map<String, Object>> render(Path dir) {
        Map<String, Object> kustomization = kustomization(dir);
        for (String field : kustomization.keySet()) {
            if (!SUPPORTED_FIELDS.contains(field)) {
                throw new IllegalArgumentException(dir + "/kustomization.yaml: field '" + field
                        + "' is not supported by the deploy test's renderer (supported: " + SUPPORTED_FIELDS + ")");
            }
        }
        List<Map<String, Object>> resources = new ArrayList<>();
        for (String entry : strings(kustomization.get("resources"))) {
            Path path = dir.resolve(entry).normalize();
            if (Files.isDirectory(path)) {
                resources.addAll(render(path));
            } else if (Files.isRegularFile(path)) {
                resources.addAll(Yaml.documents(path));
            } else {
                throw new IllegalArgumentException(dir + "/kustomization.yaml: resource " + entry + " does not exist");
            }
        }
        for (Map<String, Object> patchEntry : maps(kustomization.get("patches"))) {
            Path path = dir.resolve((String) patchEntry.get("path")).normalize();
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException(dir + "/kustomization.yaml: patch " + patchEntry.get("path")
                        + " does not exist");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> target = (Map<String, Object>) patchEntry.get("target");
            for (Map<String, Object> patch : Yaml.documents(path)) {
                applyPatch(resources, patch, target, dir.relativize(path).toString());
            }
        }
        Object namespace = kustomization.get("namespace");
        if (namespace != null) {
            for (Map<String, Object> resource : resources) {
                if (!CLUSTER_SCOPED.contains(Manifests.kind(resource))) {
                    Manifests.metadata(resource).put("namespace", namespace);
                }
            }
        }
        for (Map<String, Object> replicas : maps(kustomization.get("replicas"))) {
            boolean found = false;
            for (Map<String, Object> resource : resources) {
                if (Manifests.WORKLOAD_KINDS.contains(Manifests.kind(resource))
                        && replicas.get("name").equals(Manifests.name(resource))) {
                    Manifests.spec(resource).put("replicas", replicas.get("count"));
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException(dir + "/kustomization.yaml: replicas for unknown workload "
                        + replicas.get("name"));
            }
        }
        for (Map<String, Object> image : maps(kustomization.get("images"))) {
            for (Map<String, Object> resource : resources) {
                for (Map<String, Object> container : Manifests.allContainers(resource)) {
                    String current = (String) container.get("image");
                    if (current != null && imageName(current).equals(image.get("name"))) {
                        String name = image.containsKey("newName") ? (String) image.get("newName") : imageName(current);
                        String tag = image.containsKey("newTag") ? String.valueOf(image.get("newTag")) : imageTag(current);
                        container.put("image", tag == null ? name : name + ":" + tag);
                    }
                }
            }
        }
        return resources;
    }

    /**
     * Every {@code resources} and {@code patches} path of {@code dir}'s kustomization and of the kustomizations it
     * includes that does not exist, as "kustomization: path" lines. Empty when all exist.
     */
    static List<String> missingPaths(Path dir) {
        List<String> missing = new ArrayList<>();
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            missing.add(dir + ": no kustomization.yaml");
            return missing;
        }
        Map<String, Object> kustomization = kustomization(dir);
        for (String entry : strings(kustomization.get("resources"))) {
            Path path = dir.resolve(entry).normalize();
            if (Files.isDirectory(path)) {
                missing.addAll(missingPaths(path));
            } else if (!Files.isRegularFile(path)) {
                missing.add(file + ": resource " + entry);
            }
        }
        for (Map<String, Object> patch : maps(kustomization.get("patches"))) {
            Object entry = patch.get("path");
            if (entry == null || !Files.isRegularFile(dir.resolve((String) entry))) {
                missing.add(file + ": patch " + entry);
            }
        }
        return missing;
    }

    static Map<String, Object> kustomization(Path dir) {
        List<Map<String, Object>> docs = Yaml.documents(dir.resolve("kustomization.yaml"));
        if (docs.size() != 1) {
            throw new IllegalArgumentException(dir + "/kustomization.yaml must hold one document");
        }
        return docs.get(0);
    }

    private static void applyPatch(List<Map<String, Object>> resources, Map<String, Object> patch,
                                   Map<String, Object> target, String patchFile) {
        String kind = target != null ? (String) target.get("kind") : Manifests.kind(patch);
        String name = target != null ? (String) target.get("name") : Manifests.name(patch);
        boolean applied = false;
        for (int i = 0; i < resources.size(); i++) {
            Map<String, Object> resource = resources.get(i);
            if ((kind == null || kind.equals(Manifests.kind(resource)))
                    && (name == null || name.equals(Manifests.name(resource)))) {
                Map<String, Object> body = new LinkedHashMap<>(patch);
                if (target != null) {
                    // a targeted patch applies to every match whatever name it carries itself
                    Map<String, Object> metadata = new LinkedHashMap<>(Manifests.metadata(patch));
                    metadata.remove("name");
                    body.put("metadata", metadata);
                }
                boolean custom = String.valueOf(resource.get("apiVersion")).contains("strimzi.io");
                @SuppressWarnings("unchecked")
                Map<String, Object> merged = (Map<String, Object>) merge(resource, body, custom);
                resources.set(i, merged);
                applied = true;
            }
        }
        if (!applied) {
            throw new IllegalArgumentException("patch " + patchFile + " matches no resource (" + kind + " " + name + ")");
        }
    }

    /**
     * Strategic merge: maps merge key by key, a null deletes; lists of named objects (containers, env, volumes,
     * ports) in built-in kinds merge by name; any other list, and every list of a custom resource, is replaced.
     */
    @SuppressWarnings("unchecked")
    static Object merge(Object base, Object patch, boolean customResource) {
        if (base instanceof Map<?, ?> baseMap && patch instanceof Map<?, ?> patchMap) {
            Map<String, Object> result = new LinkedHashMap<>();
            ((Map<String, Object>) baseMap).forEach((k, v) -> result.put(k, Yaml.copy(v)));
            ((Map<String, Object>) patchMap).forEach((k, v) -> {
                if (v == null) {
                    result.remove(k);
                } else {
                    result.put(k, merge(result.get(k), v, customResource));
                }
            });
            return result;
        }
        if (!customResource && base instanceof List<?> baseList && patch instanceof List<?> patchList
                && allNamed(baseList) && allNamed(patchList)) {
            List<Object> result = new ArrayList<>();
            for (Object element : baseList) {
                result.add(Yaml.copy(element));
            }
            for (Object element : patchList) {
                Object name = ((Map<?, ?>) element).get("name");
                int at = -1;
                for (int i = 0; i < result.size(); i++) {
                    if (Objects.equals(((Map<?, ?>) result.get(i)).get("name"), name)) {
                        at = i;
                    }
                }
                if (at >= 0) {
                    result.set(at, merge(result.get(at), element, false));
                } else {
                    result.add(Yaml.copy(element));
                }
            }
            return result;
        }
        return Yaml.copy(patch);
    }

    private static boolean allNamed(List<?> list) {
        return !list.isEmpty() && list.stream().allMatch(e -> e instanceof Map<?, ?> m && m.get("name") != null);
    }

    static String imageName(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(0, colon) : image;
    }

    static String imageTag(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(colon + 1) : null;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }
}
