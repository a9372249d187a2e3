package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.github.leaninteract.protocol.JsonFields.NODES;

/** Requests to and from their wire JSON. */
final class RequestCodec {

    private RequestCodec() {
    }

    static ObjectNode write(LeanRequest request) {
        Objects.requireNonNull(request, "request");
        ObjectNode o = NODES.objectNode();
        if (request instanceof Command c) {
            o.put("cmd", c.cmd());
            writeOptions(o, c.env(), c.allTactics(), c.rootGoals(), c.declarations(), c.infotree(),
                    c.incrementality(), c.setOptions());
        } else if (request instanceof FileCommand f) {
            o.put("path", f.path());
            writeOptions(o, f.env(), f.allTactics(), f.rootGoals(), f.declarations(), f.infotree(),
                    f.incrementality(), f.setOptions());
        } else if (request instanceof ProofStep p) {
            o.put("tactic", p.tactic());
            o.put("proofState", p.proofState());
        } else if (request instanceof PickleEnvironment p) {
            o.put("env", p.env());
            o.put("pickleTo", p.pickleTo());
        } else if (request instanceof PickleProofState p) {
            o.put("proofState", p.proofState());
            o.put("pickleTo", p.pickleTo());
        } else if (request instanceof UnpickleEnvironment u) {
            o.put("unpickleEnvFrom", u.unpickleEnvFrom());
        } else if (request instanceof UnpickleProofState u) {
            o.put("unpickleProofStateFrom", u.unpickleProofStateFrom());
            if (u.env() != null) {
                o.put("env", u.env());
            }
        } else {
            throw new AssertionError("unknown request kind " + request.getClass());
        }
        // Extras never name a protocol field (checked on creation), so they cannot change the request's kind.
        request.extra().forEach(o::set);
        return o;
    }

    private static void writeOptions(ObjectNode o, Integer env, Boolean allTactics, Boolean rootGoals,
                                     Boolean declarations, InfoTreeOptions infotree, Boolean incrementality,
                                     List<LeanOption> setOptions) {
        if (env != null) {
            o.put("env", env);
        }
        if (allTactics != null) {
            o.put("allTactics", allTactics);
        }
        if (rootGoals != null) {
            o.put("rootGoals", rootGoals);
        }
        if (declarations != null) {
            o.put("declarations", declarations);
        }
        if (infotree != null) {
            o.put("infotree", infotree.wireName());
        }
        if (incrementality != null) {
            o.put("incrementality", incrementality);
        }
        if (setOptions != null) {
            ArrayNode options = o.putArray("setOptions");
            for (LeanOption option : setOptions) {
                ArrayNode pair = options.addArray();
                pair.add(JsonFields.stringsNode(option.name()));
                pair.add(optionValue(option.value()));
            }
        }
    }

    private static JsonNode optionValue(Object value) {
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof BigInteger i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Number n) {
            return NODES.numberNode(n.longValue());
        }
        @SuppressWarnings("unchecked")
        List<String> name = (List<String>) value;
        return JsonFields.stringsNode(name);
    }

    /**
     * Reads a request the way the REPL does: the first kind whose required fields are present wins,
     * in the REPL's order (proof step, pickle environment, unpickle environment, pickle proof state,
     * unpickle proof state, command, file). Protocol fields that do not belong to that kind are ignored,
     * as the REPL ignores them; any other field is kept as an extra field of the request.
     */
    static LeanRequest read(JsonNode node) {
        ObjectNode o = JsonFields.object(node, "a REPL request");
        Map<String, JsonNode> extra = JsonFields.unknown(o, Extras.PROTOCOL_FIELDS);
        if (JsonFields.has(o, "proofState") && JsonFields.has(o, "tactic")) {
            return new ProofStep(JsonFields.requiredInt(o, "proofState"), JsonFields.requiredString(o, "tactic"),
                    extra);
        }
        if (JsonFields.has(o, "env") && JsonFields.has(o, "pickleTo")) {
            return new PickleEnvironment(JsonFields.requiredInt(o, "env"), JsonFields.requiredString(o, "pickleTo"),
                    extra);
        }
        if (JsonFields.has(o, "unpickleEnvFrom")) {
            return new UnpickleEnvironment(JsonFields.requiredString(o, "unpickleEnvFrom"), extra);
        }
        if (JsonFields.has(o, "proofState") && JsonFields.has(o, "pickleTo")) {
            return new PickleProofState(JsonFields.requiredInt(o, "proofState"),
                    JsonFields.requiredString(o, "pickleTo"), extra);
        }
        if (JsonFields.has(o, "unpickleProofStateFrom")) {
            return new UnpickleProofState(JsonFields.requiredString(o, "unpickleProofStateFrom"),
                    JsonFields.integer(o, "env"), extra);
        }
        if (JsonFields.has(o, "cmd")) {
            return new Command(JsonFields.requiredString(o, "cmd"), JsonFields.integer(o, "env"),
                    JsonFields.bool(o, "allTactics"), JsonFields.bool(o, "rootGoals"),
                    JsonFields.bool(o, "declarations"), infotree(o), JsonFields.bool(o, "incrementality"),
                    setOptions(o), extra);
        }
        if (JsonFields.has(o, "path")) {
            return new FileCommand(JsonFields.requiredString(o, "path"), JsonFields.integer(o, "env"),
                    JsonFields.bool(o, "allTactics"), JsonFields.bool(o, "rootGoals"),
                    JsonFields.bool(o, "declarations"), infotree(o), JsonFields.bool(o, "incrementality"),
                    setOptions(o), extra);
        }
        List<String> fields = new ArrayList<>();
        o.properties().forEach(e -> fields.add(e.getKey()));
        throw new IllegalArgumentException("not a REPL request: expected 'cmd', 'path', 'tactic' with 'proofState', "
                + "'pickleTo' with 'env' or 'proofState', 'unpickleEnvFrom' or 'unpickleProofStateFrom'; got fields "
                + fields);
    }

    private static InfoTreeOptions infotree(ObjectNode o) {
        String s = JsonFields.string(o, "infotree");
        return s == null ? null : InfoTreeOptions.fromWireName(s);
    }

    private static List<LeanOption> setOptions(ObjectNode o) {
        ArrayNode a = JsonFields.array(o, "setOptions");
        if (a == null) {
            return null;
        }
        List<LeanOption> options = new ArrayList<>(a.size());
        for (JsonNode pair : a) {
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isArray()) {
                throw new IllegalArgumentException("each of 'setOptions' must be [[name parts…], value], got "
                        + JsonFields.describe(pair));
            }
            List<String> name = new ArrayList<>();
            pair.get(0).forEach(n -> name.add(JsonFields.asString(n)));
            options.add(new LeanOption(name, optionValue(pair.get(1))));
        }
        return options;
    }

    private static Object optionValue(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isIntegralNumber()) {
            if (v.canConvertToInt()) {
                return v.intValue();
            }
            return v.canConvertToLong() ? (Object) v.longValue() : v.bigIntegerValue();
        }
        if (v.isArray()) {
            List<String> name = new ArrayList<>();
            v.forEach(n -> name.add(JsonFields.asString(n)));
            return name;
        }
        throw new IllegalArgumentException("an option value must be a boolean, an integer, a string or a list of "
                + "strings, got " + JsonFields.describe(v));
    }
}
