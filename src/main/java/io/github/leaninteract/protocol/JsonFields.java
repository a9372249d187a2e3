package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed access to the fields of a JSON object. Every shape problem is an
 * {@link IllegalArgumentException} naming the field; callers turn it into the right exception.
 * A field holding JSON {@code null} counts as absent, as it does for the REPL's optional fields.
 */
final class JsonFields {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonFields() {
    }

    static ObjectNode object(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object, got " + describe(node));
        }
        return (ObjectNode) node;
    }

    static boolean has(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        return v != null && !v.isNull();
    }

    static String string(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string, got " + describe(v));
        }
        return v.textValue();
    }

    static String requiredString(ObjectNode o, String field) {
        String s = string(o, field);
        if (s == null) {
            throw new IllegalArgumentException("missing string field '" + field + "'");
        }
        return s;
    }

    static Integer integer(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException("'" + field + "' must be an integer id, got " + describe(v));
        }
        return v.intValue();
    }

    static int requiredInt(ObjectNode o, String field) {
        Integer i = integer(o, field);
        if (i == null) {
            throw new IllegalArgumentException("missing integer field '" + field + "'");
        }
        return i;
    }

    static Boolean bool(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("'" + field + "' must be true or false, got " + describe(v));
        }
        return v.booleanValue();
    }

    static ArrayNode array(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be a list, got " + describe(v));
        }
        return (ArrayNode) v;
    }

    /** The list in {@code field}, each element converted; empty when absent. */
    static <T> List<T> list(ObjectNode o, String field, Function<JsonNode, T> element) {
        ArrayNode a = array(o, field);
        if (a == null) {
            return List.of();
        }
        List<T> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            try {
                out.add(element.apply(a.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("in '" + field + "'[" + i + "]: " + e.getMessage(), e);
            }
        }
        return out;
    }

    static List<String> strings(ObjectNode o, String field) {
        return list(o, field, JsonFields::asString);
    }

    static String asString(JsonNode n) {
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("expected a string, got " + describe(n));
        }
        return n.textValue();
    }

    static Pos pos(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return asPos(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("in '" + field + "': " + e.getMessage(), e);
        }
    }

    static Pos requiredPos(ObjectNode o, String field) {
        Pos p = pos(o, field);
        if (p == null) {
            throw new IllegalArgumentException("missing position field '" + field + "'");
        }
        return p;
    }

    static Pos asPos(JsonNode n) {
        ObjectNode o = object(n, "a position");
        return new Pos(requiredInt(o, "line"), requiredInt(o, "column"));
    }

    static Range range(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            ObjectNode r = object(v, "a range");
            Boolean synthetic = bool(r, "synthetic");
            return new Range(synthetic != null && synthetic, requiredPos(r, "start"), requiredPos(r, "finish"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("in '" + field + "': " + e.getMessage(), e);
        }
    }

    /** The fields of {@code o} not in {@code known}, in their order. */
    static Map<String, JsonNode> unknown(ObjectNode o, Set<String> known) {
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            if (!known.contains(e.getKey())) {
                extra.put(e.getKey(), e.getValue());
            }
        }
        return extra;
    }

    static ObjectNode posNode(Pos p) {
        ObjectNode o = NODES.objectNode();
        o.put("line", p.line());
        o.put("column", p.column());
        return o;
    }

    static ObjectNode rangeNode(Range r) {
        ObjectNode o = NODES.objectNode();
        o.put("synthetic", r.synthetic());
        o.set("start", posNode(r.start()));
        o.set("finish", posNode(r.finish()));
        return o;
    }

    static ArrayNode stringsNode(List<String> strings) {
        ArrayNode a = NODES.arrayNode();
        strings.forEach(a::add);
        return a;
    }

    static void putExtra(ObjectNode o, Map<String, JsonNode> extra) {
        extra.forEach((k, v) -> {
            if (!o.has(k)) {
                o.set(k, v);
            }
        });
    }

    static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        String text = n.toString();
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + shown;
    }
}
