package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Copies of unknown JSON fields. Jackson nodes are mutable, so they are copied in and out. */
final class Extras {

    /**
     * Every field of a request the REPL reads. None may be an extra field of any kind of request: the
     * REPL tells the kinds apart by these fields, and ids in them must be checked and translated.
     */
    static final Set<String> PROTOCOL_FIELDS = Set.of("cmd", "path", "tactic", "proofState", "env", "pickleTo",
            "unpickleEnvFrom", "unpickleProofStateFrom", "allTactics", "rootGoals", "declarations", "infotree",
            "incrementality", "setOptions");

    private Extras() {
    }

    /** A copy of the extra fields of a request, after checking that none is a field of the protocol. */
    static Map<String, JsonNode> forRequest(Map<String, JsonNode> extra) {
        if (extra != null) {
            for (String name : extra.keySet()) {
                requireExtraName(name);
            }
        }
        return copy(extra);
    }

    /** {@code extra} with {@code name} set to {@code value} (a JsonNode, or any value Jackson can write). */
    static Map<String, JsonNode> with(Map<String, JsonNode> extra, String name, Object value) {
        requireExtraName(name);
        Map<String, JsonNode> copy = new LinkedHashMap<>(extra);
        copy.put(name, value == null ? NullNode.getInstance()
                : value instanceof JsonNode node ? node : LeanJson.mapper().valueToTree(value));
        return copy;
    }

    private static void requireExtraName(String name) {
        Objects.requireNonNull(name, "extra field name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("An extra field needs a name");
        }
        if (PROTOCOL_FIELDS.contains(name)) {
            throw new IllegalArgumentException("`" + name + "` is a field of the REPL protocol, not an extra field;"
                    + " set it through the request's own component or wither (for example withEnv)");
        }
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
