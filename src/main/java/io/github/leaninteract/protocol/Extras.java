package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Copies of unknown JSON fields. Jackson nodes are mutable, so they are copied in and out. */
final class Extras {

    private Extras() {
    }

    static Map<String, JsonNode> copy(Map<String, JsonNode> extra) {
        if (extra == null || extra.isEmpty()) {
            return Map.of();
        }
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        extra.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "extra field name"),
                Objects.requireNonNull(v, "extra field value (use NullNode for JSON null)").deepCopy()));
        return Collections.unmodifiableMap(copy);
    }
}
