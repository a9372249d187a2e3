package io.github.leaninteract.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The REPL's state and request dispatch: environments and proof states are indexes into two
 * growing lists, from 0, never reused. Request shapes are tried in the order of the REPL's
 * {@code parse}, with the same field types (ids are natural numbers, so a negative id matches no
 * shape and ends the process). Not thread-safe: the simulator serves one request at a time.
 */
final class SimulatedRepl {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final List<SimEnvironment> environments = new ArrayList<>();
    private final List<ProofState> proofStates = new ArrayList<>();
    private final FaultInjector faults;
    private final ModulePath modules;

    SimulatedRepl(FaultInjector faults) {
        this(faults, ModulePath.DEFAULT);
    }

    SimulatedRepl(FaultInjector faults, ModulePath modules) {
        this.faults = faults;
        this.modules = modules;
    }

    /**
     * Answers one request, or returns null when the request produced no JSON answer (already written
     * garbage). Throws {@link ReplExit} where the REPL would die; may never return ({@code #sim hang}).
     */
    ObjectNode handle(JsonNode request) throws IOException {
        if (isNat(request, "proofState") && isString(request, "tactic")) {
            return proofStep(id(request, "proofState"), request.get("tactic").textValue());
        }
        if (isNat(request, "env") && isString(request, "pickleTo")) {
            return pickleEnvironment(id(request, "env"), request.get("pickleTo").textValue());
        }
        if (isString(request, "unpickleEnvFrom")) {
            return unpickleEnvironment(request.get("unpickleEnvFrom").textValue());
        }
        if (isNat(request, "proofState") && isString(request, "pickleTo")) {
            return pickleProofState(id(request, "proofState"), request.get("pickleTo").textValue());
        }
        if (isString(request, "unpickleProofStateFrom") && isOptional(request, "env", SimulatedRepl::isNatNode)) {
            return unpickleProofState(request.get("unpickleProofStateFrom").textValue(), optionalId(request, "env"));
        }
        if (isString(request, "cmd") && hasCommandOptions(request)) {
            return command(request.get("cmd").textValue(), request);
        }
        if (isString(request, "path") && hasCommandOptions(request)) {
            String path = request.get("path").textValue();
            String text;
            try {
                text = Files.readString(Path.of(path), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return error(Pickles.ioMessage(e, path));
            }
            return command(text, request);
        }
        throw ReplExit.uncaught("{\"message\": \"Could not parse as a valid JSON command:\\n"
                + "no request shape matches " + shapeHint(request) + "\"}");
    }

    private ObjectNode command(String cmd, JsonNode request) throws IOException {
        Long envId = optionalId(request, "env");
        if (envId != null && !exists(environments, envId)) {
            return error("Unknown environment.");
        }
        SimEnvironment start = envId == null ? SimEnvironment.EMPTY : environments.get(envId.intValue());
        boolean allTactics = request.path("allTactics").booleanValue();
        boolean rootGoals = request.path("rootGoals").booleanValue();
        String infotree = request.path("infotree").textValue();
        SourceText source = new SourceText(cmd);
        ElabOutput out = new ElabOutput(source);
        SimEnvironment result;
        if (FaultInjector.isDirective(cmd)) {
            if (!faults.run(cmd, out)) {
                return null;
            }
            result = start;
        } else {
            result = new CommandElaborator(cmd, start, out, envId == null, allTactics || infotree != null,
                    modules).run();
        }
        ObjectNode response = JSON.objectNode();
        out.finish(response, this::record, rootGoals, allTactics, infotree);
        environments.add(result);
        response.put("env", environments.size() - 1);
        return response;
    }

    private ObjectNode proofStep(long id, String tactic) {
        if (!exists(proofStates, id)) {
            return error("Unknown proof state.");
        }
        ProofState state = proofStates.get((int) id);
        List<TacticEngine.Item> items = TacticEngine.split(tactic, 0);
        if (items.isEmpty()) {
            return error("Lean error:\n<input>:1:0: unexpected end of input");
        }
        TacticEngine.Item unknown = TacticEngine.firstUnknown(items);
        if (unknown != null) {
            SourceText positions = new SourceText(tactic);
            return error("Lean error:\n<input>:" + positions.line(unknown.start()) + ":"
                    + (positions.column(unknown.start()) + 1) + ": unknown tactic");
        }
        ElabOutput out = new ElabOutput(SourceText.TACTIC_MODE);
        TacticEngine.Outcome outcome;
        try {
            outcome = new TacticEngine(state.environment(), out, false).run(state.goals(), state.containsSorry(), items);
        } catch (TacticEngine.Failure f) {
            return error("Lean error:\n" + f.getMessage());
        }
        return proofStepResponse(new ProofState(outcome.goals(), state.environment(), outcome.containsSorry()), out);
    }

    /** Records {@code state} after the sorries' states, as the REPL's {@code createProofStepReponse} does. */
    private ObjectNode proofStepResponse(ProofState state, ElabOutput out) {
        ObjectNode response = JSON.objectNode();
        out.finish(response, this::record, false, false, null);
        response.put("proofState", record(state));
        var goals = response.putArray("goals");
        state.goals().forEach(g -> goals.add(g.render()));
        response.put("proofStatus", state.status());
        return response;
    }

    private ObjectNode pickleEnvironment(long id, String path) {
        if (!exists(environments, id)) {
            return error("Unknown environment.");
        }
        Pickles.writeEnvironment(path, environments.get((int) id));
        ObjectNode response = JSON.objectNode();
        response.put("env", id);
        return response;
    }

    private ObjectNode unpickleEnvironment(String path) {
        SimEnvironment env = Pickles.readEnvironment(path);
        // As in Lean, an unpickled environment imports its modules again.
        env.imports().forEach(modules::load);
        environments.add(env);
        ObjectNode response = JSON.objectNode();
        response.put("env", environments.size() - 1);
        return response;
    }

    private ObjectNode pickleProofState(long id, String path) {
        if (!exists(proofStates, id)) {
            return error("Unknown proof State."); // sic: the REPL's own capitalisation for this request
        }
        ProofState state = proofStates.get((int) id);
        Pickles.writeProofState(path, state);
        return proofStepResponse(state, new ElabOutput(SourceText.TACTIC_MODE));
    }

    private ObjectNode unpickleProofState(String path, Long envId) {
        if (envId != null && !exists(environments, envId)) {
            return error("Unknown environment.");
        }
        Pickles.PickledProofState pickled = Pickles.readProofState(path);
        if (envId == null) {
            pickled.environment().imports().forEach(modules::load);
        }
        SimEnvironment env = envId == null ? pickled.environment() : environments.get(envId.intValue());
        return proofStepResponse(new ProofState(pickled.goals(), env, pickled.containsSorry()),
                new ElabOutput(SourceText.TACTIC_MODE));
    }

    private int record(ProofState state) {
        proofStates.add(state);
        return proofStates.size() - 1;
    }

    private static ObjectNode error(String message) {
        ObjectNode response = JSON.objectNode();
        response.put("message", message);
        return response;
    }

    private static boolean exists(List<?> list, long id) {
        return id >= 0 && id < list.size();
    }

    private static boolean hasCommandOptions(JsonNode r) {
        return isOptional(r, "env", SimulatedRepl::isNatNode)
                && isOptional(r, "allTactics", JsonNode::isBoolean)
                && isOptional(r, "rootGoals", JsonNode::isBoolean)
                && isOptional(r, "infotree", JsonNode::isTextual);
    }

    private static boolean isOptional(JsonNode r, String field, java.util.function.Predicate<JsonNode> type) {
        JsonNode value = r.get(field);
        return value == null || value.isNull() || type.test(value);
    }

    private static boolean isString(JsonNode r, String field) {
        return r.isObject() && r.has(field) && r.get(field).isTextual();
    }

    private static boolean isNat(JsonNode r, String field) {
        return r.isObject() && r.has(field) && isNatNode(r.get(field));
    }

    private static boolean isNatNode(JsonNode n) {
        return n.isIntegralNumber() && n.bigIntegerValue().signum() >= 0;
    }

    /** An id as a long; ids too large for any list become -1, which no list has. */
    private static long id(JsonNode r, String field) {
        BigInteger value = r.get(field).bigIntegerValue();
        return value.bitLength() < 63 ? value.longValue() : -1;
    }

    private static Long optionalId(JsonNode r, String field) {
        JsonNode value = r.get(field);
        return value == null || value.isNull() ? null : id(r, field);
    }

    private static String shapeHint(JsonNode request) {
        if (!request.isObject()) {
            return "a JSON " + request.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        }
        List<String> fields = new ArrayList<>();
        request.properties().forEach(p -> fields.add(p.getKey()));
        return "fields " + fields + " (ids must be natural numbers)";
    }
}
