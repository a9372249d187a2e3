package io.github.leaninteract.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The simulator's tiny Lean: splits a command text into top-level commands (a line starting at
 * column 0 begins one, indented lines continue it) and elaborates each against an environment,
 * writing messages and sorries to an {@link ElabOutput}. Never throws on bad input: what it cannot
 * read becomes an error message, as in Lean.
 */
final class CommandElaborator {

    private static final Set<String> DECLARATIONS = Set.of("def", "theorem", "lemma", "abbrev", "example");
    private static final Set<String> MODIFIERS = Set.of("private", "protected", "noncomputable", "partial", "unsafe");
    private static final Set<String> ACCEPTED = Set.of("open", "set_option", "variable", "namespace", "section",
            "end", "universe", "attribute", "export");

    private static final Set<String> KEYWORDS = Set.of("sorry", "by", "fun", "at", "with", "then", "else", "do",
            "from", "have", "show", "calc", "match", "if", "let", "in", "where", "deriving");

    private final String text;
    private final String original;
    private final ModulePath modules;
    private final ElabOutput out;
    private final boolean importsAllowed;
    private final boolean recordTactics;
    private SimEnvironment env;

    /**
     * @param importsAllowed whether the request started a fresh environment (no {@code env} given)
     * @param recordTactics whether tactic records are wanted ({@code allTactics} or {@code infotree})
     * @param modules what {@code import} finds, and at what cost
     */
    CommandElaborator(String text, SimEnvironment start, ElabOutput out, boolean importsAllowed, boolean recordTactics,
            ModulePath modules) {
        this.original = text;
        this.modules = modules;
        this.text = LeanText.blankComments(text);
        this.env = start;
        this.out = out;
        this.importsAllowed = importsAllowed;
        this.recordTactics = recordTactics;
    }

    /** Elaborates the header (without {@code env} only), then every command, and returns the resulting environment. */
    SimEnvironment run() {
        int from = importsAllowed ? header() : 0;
        int lineStart = from;
        int commandStart = -1;
        if (from > 0) {
            // Lean's header ends at a token, not at a line: whatever follows it on the same line is a command.
            int next = skipSpaces(text, from);
            int lineEnd = text.indexOf('\n', from);
            if (next < text.length() && (lineEnd < 0 || next < lineEnd)) {
                commandStart = next;
            }
            lineStart = lineEnd < 0 ? text.length() : lineEnd + 1;
        }
        while (lineStart < text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            if (lineEnd > lineStart && !Character.isWhitespace(text.charAt(lineStart))) {
                if (commandStart >= 0) {
                    command(commandStart, lineStart);
                }
                commandStart = lineStart;
            }
            lineStart = lineEnd + 1;
        }
        if (commandStart >= 0) {
            command(commandStart, text.length());
        } else if (!text.substring(from).isBlank()) {
            int first = skipSpaces(text, from);
            out.error(first, first + 1, "unexpected token; expected command");
        }
        return env;
    }

    /**
     * Reads Lean's module header, {@code module? prelude? import*}, where an import is
     * {@code (public|private)? meta? import (all|runtime)? Module}, and imports its modules, paying their
     * cost. A module not on the path is Lean's {@code processHeader} failure: one error at the header's
     * first token, and the text goes on in an environment without any import. Doc comments
     * ({@code /--}, {@code /-!}) are tokens, not comments, so they end the header as in Lean.
     *
     * @return the offset just after the header's last token (0 when there is no header)
     */
    private int header() {
        int i = headerToken(0);
        int start = i;
        int end = 0;
        if (wordAt(i).equals("module")) {
            end = i + 6;
            i = headerToken(end);
        }
        if (wordAt(i).equals("prelude")) {
            end = i + 7;
            i = headerToken(end);
        }
        List<String> imported = new ArrayList<>();
        while (true) {
            int j = i;
            String w = wordAt(j);
            if (w.equals("public") || w.equals("private")) {
                j = headerToken(j + w.length());
                w = wordAt(j);
            }
            if (w.equals("meta")) {
                j = headerToken(j + w.length());
                w = wordAt(j);
            }
            if (!w.equals("import")) {
                break;
            }
            j = headerToken(j + w.length());
            w = wordAt(j);
            if (w.equals("all") || w.equals("runtime")) {
                j = headerToken(j + w.length());
                w = wordAt(j);
            }
            if (w.isEmpty()) {
                out.error(j, j + 1, "unexpected token; expected identifier");
                return j;
            }
            imported.add(w);
            end = j + w.length();
            i = headerToken(end);
        }
        for (String module : imported) {
            if (!modules.has(module)) {
                out.message("error", start, -1, ModulePath.unknownModule(module));
                env = SimEnvironment.EMPTY;
                return end;
            }
            modules.load(module);
            env = env.withImport(module);
        }
        return end;
    }

    /** The next token from {@code i}, past whitespace and comments; a doc comment is a token. */
    private int headerToken(int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))
                && !original.startsWith("/--", i) && !original.startsWith("/-!", i)) {
            i++;
        }
        return i;
    }

    /** The identifier at {@code i} (possibly dotted), or "" when none starts there. */
    private String wordAt(int i) {
        if (!LeanText.isIdentStart(text, i)) {
            return "";
        }
        return text.substring(i, LeanText.endOfIdent(text, i));
    }

    /** Elaborates the command in [start, end). */
    private void command(int start, int end) {
        String raw = text.substring(start, end);
        String cmd = raw.stripTrailing();
        int keywordStart = start;
        String word = cmd.split("\\s+", 2)[0];
        while ((MODIFIERS.contains(word) || word.startsWith("@[")) && cmd.length() > word.length()) {
            int skip = word.length();
            while (skip < cmd.length() && Character.isWhitespace(cmd.charAt(skip))) {
                skip++;
            }
            keywordStart += skip;
            cmd = cmd.substring(skip);
            word = cmd.split("\\s+", 2)[0];
        }
        String rest = cmd.substring(word.length());
        int restStart = keywordStart + word.length();
        if (word.equals("import")) {
            // The header was read before the first command: an import here is out of place.
            out.error(keywordStart, keywordStart + 6,
                    "invalid 'import' command, it must be used in the beginning of the file");
            return;
        }
        if (DECLARATIONS.contains(word)) {
            declaration(word, keywordStart, rest, restStart);
        } else if (word.equals("#eval") || word.equals("#reduce")) {
            eval(keywordStart, word.length(), rest, restStart);
        } else if (word.equals("#check")) {
            check(keywordStart, rest, restStart);
        } else if (word.equals("#print")) {
            print(keywordStart, rest, restStart);
        } else if (!ACCEPTED.contains(word)) {
            int wordEnd = keywordStart + word.length();
            String what = LeanText.isIdentStart(word, 0) && !KEYWORDS.contains(word) ? "identifier"
                    : "token '" + word + "'";
            out.error(keywordStart, wordEnd, "unexpected " + what + "; expected command");
        }
    }

    private void declaration(String keyword, int keywordStart, String rest, int restStart) {
        int errorsBefore = out.errorCount();
        boolean named = !keyword.equals("example");
        int i = skipSpaces(rest, 0);
        String name = null;
        int nameStart = restStart + i;
        int nameEnd = nameStart;
        if (named) {
            int end = LeanText.endOfIdent(rest, i);
            if (end == i) {
                out.error(nameStart, nameStart + 1, "unexpected token; expected identifier");
                return;
            }
            name = rest.substring(i, end);
            nameEnd = restStart + end;
            i = end;
        }
        int assign = LeanText.indexOfTopLevel(rest, ":=", i);
        if (assign < 0) {
            int at = restStart + rest.length();
            out.error(at, at, "unexpected end of input; expected ':=', 'where' or '|'");
            return;
        }
        if (name != null && env.find(name) != null) {
            out.error(nameStart, nameEnd, "'" + name + "' has already been declared");
            return;
        }
        List<Binder> binders = new ArrayList<>();
        String header = rest.substring(i, assign);
        int h = parseBinders(header, binders);
        String type = null;
        if (h < 0) {
            out.error(restStart + i, restStart + assign, "ReplSimulator cannot read the binders `"
                    + LeanText.normalize(header) + "`");
            return;
        }
        if (h < header.length() && header.charAt(h) == ':') {
            type = LeanText.type(header.substring(h + 1));
        }
        int bodyStart = restStart + skipSpaces(rest, assign + 2);
        int bodyEnd = restStart + rest.length();
        String body = text.substring(Math.min(bodyStart, bodyEnd), bodyEnd);
        int warnStart = named ? nameStart : keywordStart;
        int warnEnd = named ? nameEnd : keywordStart + keyword.length();

        if (type == null) {
            type = inferType(body, bodyStart);
            if (type == null) {
                return;
            }
        }
        List<Hypothesis> hyps = new ArrayList<>();
        for (Binder b : binders) {
            for (String n : b.names()) {
                hyps.add(new Hypothesis(n, b.type()));
            }
        }
        Goal goal = new Goal(hyps, type);
        out.rootGoal(goal, env, bodyStart);
        boolean usesSorry = false;
        if (LeanText.startsWithWord(body, "by")) {
            int blockStart = bodyStart + 2;
            List<TacticEngine.Item> items = TacticEngine.split(text.substring(blockStart, bodyEnd), blockStart);
            TacticEngine.Item unknown = TacticEngine.firstUnknown(items);
            if (unknown != null) {
                out.error(unknown.start(), unknown.start() + unknown.name().length(), "unknown tactic");
                usesSorry = true;
            } else {
                try {
                    TacticEngine.Outcome o = new TacticEngine(env, out, recordTactics).run(List.of(goal), false, items);
                    usesSorry = o.containsSorry();
                    if (!o.goals().isEmpty()) {
                        out.error(bodyStart, bodyEnd, "unsolved goals\n" + ElabOutput.render(o.goals()));
                        usesSorry = true;
                    }
                } catch (TacticEngine.Failure f) {
                    out.error(f.item.start(), f.item.end(), f.getMessage());
                    usesSorry = true;
                }
            }
        } else if (body.equals("sorry")) {
            out.sorry(goal, env, bodyStart, bodyStart + 5);
            usesSorry = true;
        } else {
            usesSorry = checkTerm(keyword, goal, body, bodyStart, bodyEnd);
        }
        if (out.errorCount() == errorsBefore && usesSorry) {
            out.message("warning", warnStart, warnEnd, "declaration uses `sorry`");
        }
        if (name != null) {
            String kind = keyword.equals("lemma") ? "theorem" : keyword.equals("abbrev") ? "def" : keyword;
            env = env.withConstant(new Constant(kind, name, binders, type, body, usesSorry));
        }
    }

    /** Checks a term proof or value; returns whether the declaration must be marked as using sorry. */
    private boolean checkTerm(String keyword, Goal goal, String body, int bodyStart, int bodyEnd) {
        boolean isValue = keyword.equals("def") || keyword.equals("abbrev");
        if (isValue) {
            try {
                Object value = ExprEvaluator.evaluate(withParameters(goal), body);
                String actual = ExprEvaluator.typeOf(value);
                if ((goal.target().equals("Nat") || goal.target().equals("String")) && !actual.equals(goal.target())) {
                    out.error(bodyStart, bodyEnd, "type mismatch\n  " + body + "\nhas type\n  " + actual
                            + " : Type\nbut is expected to have type\n  " + goal.target() + " : Type");
                    return true;
                }
            } catch (ExprEvaluator.EvalError e) {
                out.error(bodyStart + e.start, bodyStart + e.end, e.getMessage());
                return true;
            } catch (ExprEvaluator.DependsOnSorry e) {
                return true;
            } catch (ExprEvaluator.Unsupported e) {
                // A value the simulator cannot evaluate is accepted: it is not a type checker.
            }
            return false;
        }
        TacticEngine engine = new TacticEngine(env, out, false);
        if (body.equals("rfl") && engine.reflexivityFailure(goal.target()) != null) {
            out.error(bodyStart, bodyEnd, "type mismatch\n  rfl\nhas type\n  ?a = ?a : Prop\n"
                    + "but is expected to have type\n  " + goal.target() + " : Prop");
            return true;
        }
        return false;
    }

    /** The environment plus the declaration's parameters as opaque constants, so bodies may name them. */
    private SimEnvironment withParameters(Goal goal) {
        SimEnvironment e = env;
        for (Hypothesis h : goal.hypotheses()) {
            e = e.withConstant(new Constant("parameter", h.name(), List.of(), h.type(), "", false));
        }
        return e;
    }

    private String inferType(String body, int bodyStart) {
        if (LeanText.startsWithWord(body, "by") || body.equals("sorry")) {
            out.error(bodyStart, bodyStart + body.length(), "failed to infer definition type");
            return null;
        }
        try {
            return ExprEvaluator.typeOf(ExprEvaluator.evaluate(env, body));
        } catch (ExprEvaluator.EvalError e) {
            out.error(bodyStart + e.start, bodyStart + e.end, e.getMessage());
        } catch (ExprEvaluator.DependsOnSorry e) {
            out.error(bodyStart, bodyStart + body.length(), "failed to infer definition type");
        } catch (ExprEvaluator.Unsupported e) {
            out.error(bodyStart, bodyStart + body.length(),
                    "ReplSimulator cannot infer the type of `" + body + "`; state it explicitly");
        }
        return null;
    }

    private void eval(int keywordStart, int keywordLength, String rest, int restStart) {
        String expr = rest.trim();
        int exprStart = restStart + skipSpaces(rest, 0);
        int kwEnd = keywordStart + keywordLength;
        try {
            Object value = ExprEvaluator.evaluate(env, expr);
            out.message("info", keywordStart, kwEnd, ExprEvaluator.show(value));
        } catch (ExprEvaluator.EvalError e) {
            out.error(exprStart + e.start, exprStart + e.end, e.getMessage());
        } catch (ExprEvaluator.DependsOnSorry e) {
            out.error(keywordStart, kwEnd, "aborting evaluation since the expression depends on the 'sorry' axiom, "
                    + "which can lead to runtime instability and crashes.\n\n"
                    + "To attempt to evaluate anyway despite the risks, use the '#eval!' command.");
        } catch (ExprEvaluator.Unsupported e) {
            out.error(exprStart, exprStart + expr.length(), "ReplSimulator cannot evaluate `" + expr + "`: "
                    + e.getMessage());
        }
    }

    private void check(int keywordStart, String rest, int restStart) {
        String expr = rest.trim();
        int exprStart = restStart + skipSpaces(rest, 0);
        int kwEnd = keywordStart + 6;
        if (LeanText.isIdentStart(expr, 0) && LeanText.endOfIdent(expr, 0) == expr.length()) {
            Constant c = env.find(expr);
            if (c == null) {
                out.error(exprStart, exprStart + expr.length(), "Unknown identifier `" + expr + "`");
            } else {
                out.message("info", keywordStart, kwEnd, c.signature());
            }
            return;
        }
        try {
            Object value = ExprEvaluator.evaluate(env, expr);
            out.message("info", keywordStart, kwEnd, expr + " : " + ExprEvaluator.typeOf(value));
        } catch (ExprEvaluator.EvalError e) {
            out.error(exprStart + e.start, exprStart + e.end, e.getMessage());
        } catch (ExprEvaluator.DependsOnSorry | ExprEvaluator.Unsupported e) {
            out.error(exprStart, exprStart + expr.length(), "ReplSimulator cannot elaborate `" + expr + "`");
        }
    }

    private void print(int keywordStart, String rest, int restStart) {
        String name = rest.trim();
        int nameStart = restStart + skipSpaces(rest, 0);
        Constant c = env.find(name);
        if (c == null) {
            out.error(nameStart, nameStart + name.length(), "Unknown identifier `" + name + "`");
            return;
        }
        out.message("info", keywordStart, keywordStart + 6, c.kind() + " " + c.signature() + " :=\n" + c.value());
    }

    /**
     * Parses binder groups at the start of {@code header}; returns the index after them (at the type's
     * {@code :} or the end), or -1 when the header is not binders followed by an optional type.
     */
    static int parseBinders(String header, List<Binder> binders) {
        int i = skipSpaces(header, 0);
        while (i < header.length() && "({[⦃".indexOf(header.charAt(i)) >= 0) {
            char open = header.charAt(i);
            int close = matching(header, i);
            if (close < 0) {
                return -1;
            }
            String inside = header.substring(i + 1, close);
            int colon = LeanText.indexOfTopLevel(inside, ":", 0);
            if (colon >= 0) {
                List<String> names = List.of(inside.substring(0, colon).trim().split("\\s+"));
                binders.add(new Binder(open, names, LeanText.type(inside.substring(colon + 1))));
            } else if (open == '[') {
                binders.add(new Binder(open, List.of("inst✝"), LeanText.type(inside)));
            } else {
                return -1;
            }
            i = skipSpaces(header, close + 1);
        }
        if (i < header.length() && header.charAt(i) != ':') {
            return -1;
        }
        return i;
    }

    private static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("([{⟨⦃".indexOf(c) >= 0) {
                depth++;
            } else if (")]}⟩⦄".indexOf(c) >= 0 && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
