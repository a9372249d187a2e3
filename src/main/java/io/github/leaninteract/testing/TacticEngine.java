package io.github.leaninteract.testing;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the simulator's tactics on goals. Two kinds of failure, as in Lean: an elaboration error
 * (unknown identifier, type mismatch in {@code exact}) is logged and the goal is closed as if by
 * {@code sorry}; any other failure ({@code rfl} that does not apply, {@code assumption} that finds
 * nothing, no goals left) aborts the block with a {@link Failure}.
 */
final class TacticEngine {

    /** A tactic item with its offset in the source text. */
    record Item(String text, int start) {
        int end() {
            return start + text.length();
        }

        String name() {
            return text.split("\\s+", 2)[0];
        }

        String argument() {
            String[] parts = text.split("\\s+", 2);
            return parts.length > 1 ? parts[1].trim() : "";
        }
    }

    /** Aborts a tactic block: the message and the tactic that raised it. */
    static final class Failure extends Exception {
        final Item item;

        Failure(String message, Item item) {
            super(message, null, false, false);
            this.item = item;
        }
    }

    /** The goals and sorry flag after a block. */
    record Outcome(List<Goal> goals, boolean containsSorry) {
    }

    static final Set<String> KNOWN = Set.of("sorry", "admit", "rfl", "intro", "intros", "exact", "assumption",
            "have", "trivial", "skip", "done", "apply");

    private static final Pattern HAVE = Pattern.compile("have\\s+(?:([^\\s:]+)\\s*)?(?::\\s*(.+?))?\\s*:=\\s*(.+)",
            Pattern.DOTALL);

    private final SimEnvironment env;
    private final ElabOutput out;
    private final boolean recordTactics;

    TacticEngine(SimEnvironment env, ElabOutput out, boolean recordTactics) {
        this.env = env;
        this.out = out;
        this.recordTactics = recordTactics;
    }

    /** Splits a tactic block into items at newlines and top-level {@code ;}; blank items dropped. */
    static List<Item> split(String block, int base) {
        List<Item> items = new ArrayList<>();
        int lineStart = 0;
        while (lineStart <= block.length()) {
            int lineEnd = block.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = block.length();
            }
            String line = block.substring(lineStart, lineEnd);
            int from = 0;
            while (from <= line.length()) {
                int semi = LeanText.indexOfTopLevel(line, ";", from);
                if (semi >= 0 && line.substring(from, semi).contains(":= by")) {
                    semi = -1; // a nested `by` runs to the end of its line
                }
                int to = semi < 0 ? line.length() : semi;
                String raw = line.substring(from, to);
                String trimmed = raw.trim();
                if (!trimmed.isEmpty()) {
                    int lead = raw.indexOf(trimmed.charAt(0));
                    items.add(new Item(trimmed, base + lineStart + from + lead));
                }
                from = to + 1;
            }
            lineStart = lineEnd + 1;
        }
        return items;
    }

    /** The first item naming a tactic the simulator does not know, or null. */
    static Item firstUnknown(List<Item> items) {
        for (Item item : items) {
            if (!KNOWN.contains(item.name())) {
                return item;
            }
        }
        return null;
    }

    Outcome run(List<Goal> goals, boolean containsSorry, List<Item> items) throws Failure {
        State state = new State(new ArrayList<>(goals), containsSorry);
        for (Item item : items) {
            List<Goal> before = List.copyOf(state.goals);
            step(state, item);
            if (recordTactics) {
                out.tactic(item.text(), before, List.copyOf(state.goals), env, item.start(), item.end());
            }
        }
        return new Outcome(List.copyOf(state.goals), state.sorry);
    }

    private static final class State {
        final List<Goal> goals;
        boolean sorry;

        State(List<Goal> goals, boolean sorry) {
            this.goals = goals;
            this.sorry = sorry;
        }

        Goal main(Item item) throws Failure {
            if (goals.isEmpty()) {
                throw new Failure("No goals to be solved", item);
            }
            return goals.get(0);
        }
    }

    private void step(State s, Item item) throws Failure {
        String arg = item.argument();
        switch (item.name()) {
            case "skip":
                return;
            case "sorry":
            case "admit": {
                Goal g = s.main(item);
                out.sorry(g, env, item.start(), item.end());
                s.goals.remove(0);
                s.sorry = true;
                return;
            }
            case "rfl": {
                Goal g = s.main(item);
                String why = reflexivityFailure(g.target());
                if (why != null) {
                    throw new Failure(why + "\n" + g.render(), item);
                }
                s.goals.remove(0);
                return;
            }
            case "trivial": {
                Goal g = s.main(item);
                if (!g.target().equals("True") && reflexivityFailure(g.target()) != null) {
                    throw new Failure("Tactic `trivial` failed\n\n" + g.render(), item);
                }
                s.goals.remove(0);
                return;
            }
            case "assumption": {
                Goal g = s.main(item);
                for (Hypothesis h : g.hypotheses()) {
                    if (h.type().equals(g.target())) {
                        s.goals.remove(0);
                        return;
                    }
                }
                throw new Failure("Tactic `assumption` failed\n\n" + g.render(), item);
            }
            case "done":
                if (!s.goals.isEmpty()) {
                    throw new Failure("unsolved goals\n" + ElabOutput.render(s.goals), item);
                }
                return;
            case "intro":
            case "intros":
                intro(s, item, arg);
                return;
            case "exact":
                exact(s, item, arg);
                return;
            case "have":
                have(s, item);
                return;
            case "apply":
                apply(s, item, arg);
                return;
            default:
                throw new Failure("unknown tactic", item);
        }
    }

    private void intro(State s, Item item, String arg) throws Failure {
        Goal g = s.main(item);
        List<String> names = arg.isEmpty() ? new ArrayList<>() : List.of(arg.split("\\s+"));
        boolean all = item.name().equals("intros");
        int count = all ? Integer.MAX_VALUE : Math.max(1, names.size());
        for (int i = 0; i < count; i++) {
            String wanted = i < names.size() ? names.get(i) : null;
            Goal next = introOnce(g, wanted);
            if (next == null) {
                if (all && i >= names.size()) {
                    break;
                }
                throw new Failure("Tactic `intro` failed: no additional binders or `let` expressions in the goal\n\n"
                        + g.render(), item);
            }
            g = next;
        }
        s.goals.set(0, g);
    }

    /** Introduces one {@code ∀} binder or one {@code →} premise, or returns null when there is none. */
    static Goal introOnce(Goal g, String wanted) {
        String target = g.target();
        if (target.startsWith("∀")) {
            int comma = LeanText.indexOfTopLevel(target, ",", 1);
            if (comma < 0) {
                return null;
            }
            String binders = target.substring(1, comma).trim();
            String body = target.substring(comma + 1).trim();
            String type = "?";
            String namesText = binders;
            if (binders.startsWith("(") && binders.endsWith(")") && LeanText.indexOfTopLevel(binders, " ", 0) < 0) {
                binders = binders.substring(1, binders.length() - 1);
                namesText = binders;
            }
            int colon = LeanText.indexOfTopLevel(binders, ":", 0);
            if (colon >= 0) {
                namesText = binders.substring(0, colon).trim();
                type = LeanText.type(binders.substring(colon + 1));
            }
            String[] names = namesText.split("\\s+");
            String first = names[0];
            String name = wanted != null ? wanted : first;
            if (names.length > 1) {
                String restNames = String.join(" ", List.of(names).subList(1, names.length));
                body = "∀ " + restNames + (colon >= 0 ? " : " + type : "") + ", " + body;
            }
            body = renameWord(body, first, name);
            return new Goal(g.hypotheses(), body).withHypothesis(new Hypothesis(name, type));
        }
        int arrow = LeanText.indexOfTopLevel(target, "→", 0);
        if (arrow < 0) {
            return null;
        }
        String premise = LeanText.type(target.substring(0, arrow));
        String conclusion = LeanText.type(target.substring(arrow + 1));
        return new Goal(g.hypotheses(), conclusion)
                .withHypothesis(new Hypothesis(wanted != null ? wanted : "a✝", premise));
    }

    private static String renameWord(String text, String from, String to) {
        if (from.equals(to)) {
            return text;
        }
        return text.replaceAll("(?<![\\w.'])" + Pattern.quote(from) + "(?![\\w'])", Matcher.quoteReplacement(to));
    }

    private void exact(State s, Item item, String term) throws Failure {
        Goal g = s.main(item);
        String problem = checkTerm(g, term);
        s.goals.remove(0);
        if (problem != null) {
            out.error(item.start(), item.end(), problem);
            s.sorry = true;
        }
    }

    /** Null when {@code term} plausibly proves the main goal, else Lean's elaboration error. */
    private String checkTerm(Goal g, String term) {
        String target = g.target();
        if (term.equals("rfl")) {
            String why = reflexivityFailure(target);
            return why == null ? null : mismatch(term, "?a = ?a", target);
        }
        if (term.equals("trivial") || term.equals("True.intro")) {
            return target.equals("True") ? null : mismatch(term, "True", target);
        }
        if (term.matches("\\d+")) {
            return target.equals("Nat") || target.equals("Int") ? null : mismatch(term, "Nat", target);
        }
        if (LeanText.isIdentStart(term, 0) && LeanText.endOfIdent(term, 0) == term.length()) {
            Hypothesis h = g.hypothesis(term);
            String type = h != null ? h.type() : null;
            if (type == null) {
                Constant c = env.find(term);
                if (c == null) {
                    return "Unknown identifier `" + term + "`";
                }
                type = c.binders().isEmpty() ? c.type() : null;
            }
            return type == null || type.equals(target) ? null : mismatch(term, type, target);
        }
        return null;
    }

    private static String mismatch(String term, String has, String expected) {
        return "type mismatch\n  " + term + "\nhas type\n  " + has + " : Prop\nbut is expected to have type\n  "
                + expected + " : Prop";
    }

    /** {@code apply h} with {@code h : A → … → T} for the target T: the premises become the new goals. */
    private void apply(State s, Item item, String term) throws Failure {
        Goal g = s.main(item);
        Hypothesis h = g.hypothesis(term);
        Constant c = h == null ? env.find(term) : null;
        if (h == null && c == null) {
            out.error(item.start(), item.end(), "Unknown identifier `" + term + "`");
            s.goals.remove(0);
            s.sorry = true;
            return;
        }
        String type = h != null ? h.type() : c.type();
        List<Goal> premises = new ArrayList<>();
        while (!type.equals(g.target())) {
            int arrow = LeanText.indexOfTopLevel(type, "→", 0);
            if (arrow < 0) {
                throw new Failure("Tactic `apply` failed: could not unify the conclusion of `" + term + "`\n  "
                        + (h != null ? h.type() : c.type()) + "\nwith the goal\n  " + g.target() + "\n\n" + g.render(),
                        item);
            }
            premises.add(g.withTarget(LeanText.type(type.substring(0, arrow))));
            type = LeanText.type(type.substring(arrow + 1));
        }
        s.goals.remove(0);
        s.goals.addAll(0, premises);
    }

    private void have(State s, Item item) throws Failure {
        Goal g = s.main(item);
        Matcher m = HAVE.matcher(item.text());
        if (!m.matches()) {
            throw new Failure("unknown tactic", item);
        }
        String name = m.group(1) != null ? m.group(1) : "this";
        String type = m.group(2) != null ? LeanText.type(m.group(2)) : null;
        String value = m.group(3).trim();
        int valueStart = item.start() + m.start(3);
        if (type == null) {
            type = inferType(g, value);
        }
        Goal claim = new Goal(g.hypotheses(), type);
        if (value.equals("sorry")) {
            out.sorry(claim, env, valueStart, valueStart + 5);
            s.sorry = true;
        } else if (LeanText.startsWithWord(value, "by")) {
            int blockStart = valueStart + 2;
            List<Item> nested = split(item.text().substring(blockStart - item.start()), blockStart);
            Outcome o = new TacticEngine(env, out, recordTactics).run(List.of(claim), false, nested);
            s.sorry |= o.containsSorry();
            if (!o.goals().isEmpty()) {
                out.error(valueStart, item.end(), "unsolved goals\n" + ElabOutput.render(o.goals()));
                s.sorry = true;
            }
        } else {
            String problem = checkTerm(claim, value);
            if (problem != null) {
                out.error(valueStart, item.end(), problem);
                s.sorry = true;
            }
        }
        s.goals.set(0, g.withHypothesis(new Hypothesis(name, type)));
    }

    private String inferType(Goal g, String value) {
        Hypothesis h = g.hypothesis(value);
        if (h != null) {
            return h.type();
        }
        try {
            return ExprEvaluator.typeOf(ExprEvaluator.evaluate(env, value));
        } catch (Exception e) {
            return "?";
        }
    }

    /** Null when {@code target} is {@code a = a} or {@code a ↔ a} (also after evaluating both sides), else why not. */
    String reflexivityFailure(String target) {
        for (String rel : List.of("=", "↔")) {
            int at = LeanText.indexOfTopLevel(target, " " + rel + " ", 0);
            if (at < 0) {
                continue;
            }
            String lhs = LeanText.normalize(target.substring(0, at));
            String rhs = LeanText.normalize(target.substring(at + rel.length() + 2));
            if (lhs.equals(rhs) || sameValue(lhs, rhs)) {
                return null;
            }
            return "Tactic `rfl` failed: The left-hand side\n  " + lhs
                    + "\nis not definitionally equal to the right-hand side\n  " + rhs;
        }
        return "Tactic `rfl` failed: The goal is not a reflexive relation";
    }

    private boolean sameValue(String lhs, String rhs) {
        try {
            Object a = ExprEvaluator.evaluate(env, lhs);
            Object b = ExprEvaluator.evaluate(env, rhs);
            return a.equals(b) && (a instanceof BigInteger || a instanceof String);
        } catch (Exception e) {
            return false;
        }
    }
}
