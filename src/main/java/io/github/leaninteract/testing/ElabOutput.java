package io.github.leaninteract.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Collects what elaborating one request produces: messages, sorries, root goals, tactics and
 * info-tree nodes. Proof-state ids are handed out only in {@link #finish}, in the REPL's order
 * (sorries, then root goals, then tactics), so ids match what the real REPL would give.
 */
final class ElabOutput {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final SourceText source;
    private final ArrayNode messages = JSON.arrayNode();
    private final List<Pending> sorries = new ArrayList<>();
    private final List<Pending> rootGoals = new ArrayList<>();
    private final List<Pending> tactics = new ArrayList<>();
    private final ArrayNode infotree = JSON.arrayNode();
    private int errorCount;

    private record Pending(ObjectNode node, ProofState state) {
    }

    ElabOutput(SourceText source) {
        this.source = source;
    }

    SourceText source() {
        return source;
    }

    int errorCount() {
        return errorCount;
    }

    /** A message over [start, end); without {@code endPos} when {@code end} is negative, as the header's errors. */
    void message(String severity, int start, int end, String data) {
        if ("error".equals(severity)) {
            errorCount++;
        }
        ObjectNode m = messages.addObject();
        m.put("severity", severity);
        m.set("pos", source.pos(start));
        if (end >= 0) {
            m.set("endPos", source.pos(end));
        }
        m.put("data", data);
    }

    void error(int start, int end, String data) {
        message("error", start, end, data);
    }

    /** A sorry whose proof state holds {@code goal}; positions are omitted in tactic mode, as the REPL does for line 0. */
    void sorry(Goal goal, SimEnvironment env, int start, int end) {
        sorries.add(new Pending(positioned(goal.render(), start, end), new ProofState(List.of(goal), env, false)));
    }

    void rootGoal(Goal goal, SimEnvironment env, int offset) {
        rootGoals.add(new Pending(positioned(goal.render(), offset, offset), new ProofState(List.of(goal), env, false)));
    }

    void tactic(String tactic, List<Goal> goalsBefore, List<Goal> goalsAfter, SimEnvironment env, int start, int end) {
        ObjectNode t = JSON.objectNode();
        t.set("pos", source.pos(start));
        t.set("endPos", source.pos(end));
        t.put("goals", render(goalsBefore));
        t.put("tactic", tactic);
        t.putArray("usedConstants");
        tactics.add(new Pending(t, new ProofState(goalsBefore, env, false)));

        ObjectNode stx = JSON.objectNode();
        ObjectNode range = stx.putObject("range");
        range.put("synthetic", false);
        range.set("start", source.pos(start));
        range.set("finish", source.pos(end));
        String name = tactic.split("\\s+", 2)[0];
        stx.put("pp", tactic);
        stx.put("kind", "Lean.Parser.Tactic." + name);
        stx.putArray("argKinds");
        ObjectNode node = JSON.objectNode();
        node.set("stx", stx);
        node.put("name", "Lean.Parser.Tactic." + name);
        ArrayNode before = node.putArray("goalsBefore");
        goalsBefore.forEach(g -> before.add(g.render()));
        ArrayNode after = node.putArray("goalsAfter");
        goalsAfter.forEach(g -> after.add(g.render()));
        ObjectNode info = infotree.addObject();
        info.set("node", node);
        info.put("kind", "TacticInfo");
        info.putArray("children");
    }

    private ObjectNode positioned(String goal, int start, int end) {
        ObjectNode s = JSON.objectNode();
        s.put("goal", goal);
        if (!source.isTacticMode()) {
            s.set("pos", source.pos(start));
            s.set("endPos", source.pos(end));
        }
        return s;
    }

    static String render(List<Goal> goals) {
        List<String> rendered = new ArrayList<>();
        goals.forEach(g -> rendered.add(g.render()));
        return String.join("\n\n", rendered);
    }

    /**
     * Records the pending proof states and fills the response's lists, omitting empty ones.
     *
     * @param wantRootGoals whether the request asked for {@code rootGoals}
     * @param wantTactics whether it asked for {@code allTactics}
     * @param infotreeMode the {@code infotree} option, or null
     */
    void finish(ObjectNode response, ToIntFunction<ProofState> recorder, boolean wantRootGoals,
            boolean wantTactics, String infotreeMode) {
        ArrayNode sorryArray = JSON.arrayNode();
        for (Pending p : sorries) {
            p.node().put("proofState", recorder.applyAsInt(p.state()));
            sorryArray.add(p.node());
        }
        if (wantRootGoals) {
            for (Pending p : rootGoals) {
                p.node().put("proofState", recorder.applyAsInt(p.state()));
                sorryArray.add(p.node());
            }
        }
        ArrayNode tacticArray = JSON.arrayNode();
        if (wantTactics) {
            for (Pending p : tactics) {
                p.node().put("proofState", recorder.applyAsInt(p.state()));
                tacticArray.add(p.node());
            }
        }
        putIfNotEmpty(response, "messages", messages);
        putIfNotEmpty(response, "sorries", sorryArray);
        putIfNotEmpty(response, "tactics", tacticArray);
        if (infotreeMode != null && List.of("full", "tactics", "original", "substantive").contains(infotreeMode)) {
            putIfNotEmpty(response, "infotree", infotree);
        }
    }

    private static void putIfNotEmpty(ObjectNode response, String field, ArrayNode list) {
        if (!list.isEmpty()) {
            response.set(field, list);
        }
    }
}
