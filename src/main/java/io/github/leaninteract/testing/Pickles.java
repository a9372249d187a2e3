package io.github.leaninteract.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Pickle files of the simulator: JSON with a format marker, holding an environment's imports and
 * declarations, or a proof state's goals with its environment. Like the REPL, writing does not
 * create missing directories, and any failure is an uncaught IO error that ends the process.
 */
final class Pickles {

    static final String FORMAT = "lean-interact ReplSimulator pickle";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** An unpickled proof state: its goals and sorry flag, with the environment it was pickled with. */
    record PickledProofState(List<Goal> goals, boolean containsSorry, SimEnvironment environment) {
    }

    private Pickles() {
    }

    static void writeEnvironment(String path, SimEnvironment env) {
        ObjectNode root = header("environment");
        root.set("environment", environmentJson(env));
        write(path, root);
    }

    static void writeProofState(String path, ProofState state) {
        ObjectNode root = header("proofState");
        root.set("environment", environmentJson(state.environment()));
        ArrayNode goals = root.putArray("goals");
        for (Goal g : state.goals()) {
            ObjectNode goal = goals.addObject();
            goal.put("target", g.target());
            ArrayNode hyps = goal.putArray("hypotheses");
            for (Hypothesis h : g.hypotheses()) {
                hyps.addObject().put("name", h.name()).put("type", h.type());
            }
        }
        root.put("containsSorry", state.containsSorry());
        write(path, root);
    }

    static SimEnvironment readEnvironment(String path) {
        JsonNode root = read(path, "environment");
        try {
            return environment(root.get("environment"));
        } catch (RuntimeException e) {
            throw corrupt(path);
        }
    }

    static PickledProofState readProofState(String path) {
        JsonNode root = read(path, "proofState");
        try {
            List<Goal> goals = new ArrayList<>();
            for (JsonNode g : root.get("goals")) {
                List<Hypothesis> hyps = new ArrayList<>();
                for (JsonNode h : g.get("hypotheses")) {
                    hyps.add(new Hypothesis(h.get("name").textValue(), h.get("type").textValue()));
                }
                goals.add(new Goal(hyps, g.get("target").textValue()));
            }
            return new PickledProofState(goals, root.get("containsSorry").booleanValue(),
                    environment(root.get("environment")));
        } catch (RuntimeException e) {
            throw corrupt(path);
        }
    }

    private static ObjectNode header(String kind) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", 1);
        root.put("kind", kind);
        return root;
    }

    private static ObjectNode environmentJson(SimEnvironment env) {
        ObjectNode e = MAPPER.createObjectNode();
        ArrayNode imports = e.putArray("imports");
        env.imports().forEach(imports::add);
        ArrayNode constants = e.putArray("constants");
        for (Constant c : env.constants()) {
            ObjectNode cj = constants.addObject();
            cj.put("kind", c.kind()).put("name", c.name()).put("type", c.type()).put("value", c.value())
                    .put("usesSorry", c.usesSorry());
            ArrayNode binders = cj.putArray("binders");
            for (Binder b : c.binders()) {
                ObjectNode bj = binders.addObject();
                bj.put("open", String.valueOf(b.open())).put("type", b.type());
                ArrayNode names = bj.putArray("names");
                b.names().forEach(names::add);
            }
        }
        return e;
    }

    private static SimEnvironment environment(JsonNode e) {
        List<String> imports = new ArrayList<>();
        e.get("imports").forEach(i -> imports.add(i.textValue()));
        List<Constant> constants = new ArrayList<>();
        for (JsonNode c : e.get("constants")) {
            List<Binder> binders = new ArrayList<>();
            for (JsonNode b : c.get("binders")) {
                List<String> names = new ArrayList<>();
                b.get("names").forEach(n -> names.add(n.textValue()));
                binders.add(new Binder(b.get("open").textValue().charAt(0), names, b.get("type").textValue()));
            }
            constants.add(new Constant(c.get("kind").textValue(), c.get("name").textValue(), binders,
                    c.get("type").textValue(), c.get("value").textValue(), c.get("usesSorry").booleanValue()));
        }
        return new SimEnvironment(imports, constants);
    }

    private static void write(String path, JsonNode root) {
        try {
            Files.write(Path.of(path), MAPPER.writeValueAsBytes(root));
        } catch (IOException e) {
            throw ReplExit.uncaught(ioMessage(e, path));
        }
    }

    private static JsonNode read(String path, String kind) {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(Path.of(path)));
        } catch (IOException e) {
            if (e instanceof NoSuchFileException || e instanceof AccessDeniedException) {
                throw ReplExit.uncaught(ioMessage(e, path));
            }
            throw corrupt(path);
        }
        if (root == null || !FORMAT.equals(root.path("format").textValue()) || !kind.equals(root.path("kind").textValue())) {
            throw corrupt(path);
        }
        return root;
    }

    private static ReplExit corrupt(String path) {
        return ReplExit.uncaught("failed to read file '" + path + "', invalid header");
    }

    /** Lean's wording of an IO error on a file. */
    static String ioMessage(IOException e, String path) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory (error code: 2)\n  file: " + path;
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied (error code: 13)\n  file: " + path;
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage() + "\n  file: " + path;
    }
}
