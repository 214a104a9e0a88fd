package com.valet.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** YAML documents as plain maps and lists (Strimzi's custom resources included: no schema needed). */
final class Yaml {
    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());

    private Yaml() {
    }

    static List<Map<String, Object>> documents(Path file) {
        try (MappingIterator<Map<String, Object>> it =
                     MAPPER.readerFor(new TypeReference<Map<String, Object>>() { }).readValues(file.toFile())) {
            List<Map<String, Object>> docs = new ArrayList<>();
            while (it.hasNext()) {
                Map<String, Object> doc = it.next();
                if (doc != null && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static List<Map<String, Object>> documents(String yaml) {
        try (MappingIterator<Map<String, Object>> it =
                     MAPPER.readerFor(new TypeReference<Map<String, Object>>() { }).readValues(yaml)) {
            List<Map<String, Object>> docs = new ArrayList<>();
            while (it.hasNext()) {
                Map<String, Object> doc = it.next();
                if (doc != null && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A deep copy, so that patching a rendered resource never changes another one. */
    @SuppressWarnings("unchecked")
    static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, copy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(copy(v)));
            return copy;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> copyAll(List<Map<String, Object>> docs) {
        List<Map<String, Object>> copy = new ArrayList<>();
        docs.forEach(d -> copy.add((Map<String, Object>) copy(d)));
        return copy;
    }
}
