package io.github.leaninteract.testing;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * Evaluates the simulator's expressions: natural-number and string literals, names of
 * definitions (applied to arguments when the definition has binders), parentheses, and
 * {@code + - *} on naturals and {@code ++} on strings. Enough for {@code #eval} answers that depend
 * on what an environment defined; anything else is reported as {@link Unsupported}.
 */
final class ExprEvaluator {

    /** A Lean-like error about the expression, with the offsets (in the evaluated text) it concerns. */
    static final class EvalError extends Exception {
        final int start;
        final int end;

        EvalError(String message, int start, int end) {
            super(message, null, false, false);
            this.start = start;
            this.end = end;
        }
    }

    /** The expression uses something the simulator does not model. */
    static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    /** The expression depends on a declaration that used {@code sorry}. */
    static final class DependsOnSorry extends Exception {
        DependsOnSorry() {
            super(null, null, false, false);
        }
    }

    private static final int MAX_DEPTH = 64;

    private final SimEnvironment env;
    private final String text;
    private final Map<String, Object> locals;
    private final int depth;
    private int pos;

    private ExprEvaluator(SimEnvironment env, String text, Map<String, Object> locals, int depth) {
        this.env = env;
        this.text = text;
        this.locals = locals;
        this.depth = depth;
    }

    /** The value of {@code text}: a {@link BigInteger} or a {@link String}. */
    static Object evaluate(SimEnvironment env, String text) throws EvalError, Unsupported, DependsOnSorry {
        return evaluate(env, text, Map.of(), 0);
    }

    private static Object evaluate(SimEnvironment env, String text, Map<String, Object> locals, int depth)
            throws EvalError, Unsupported, DependsOnSorry {
        if (depth > MAX_DEPTH) {
            throw new Unsupported("maximum recursion depth has been reached");
        }
        ExprEvaluator e = new ExprEvaluator(env, text, locals, depth);
        Object value = e.sum();
        e.skipSpaces();
        if (e.pos < text.length()) {
            throw new Unsupported("unexpected `" + text.substring(e.pos) + "`");
        }
        return value;
    }

    /** Lean's type name of a value. */
    static String typeOf(Object value) {
        return value instanceof String ? "String" : "Nat";
    }

    /** How {@code #eval} shows a value: strings quoted as {@code Repr} does. */
    static String show(Object value) {
        if (value instanceof String) {
            String s = (String) value;
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
        }
        return value.toString();
    }

    private Object sum() throws EvalError, Unsupported, DependsOnSorry {
        Object left = product();
        while (true) {
            skipSpaces();
            String op = text.startsWith("++", pos) ? "++" : text.startsWith("+", pos) ? "+"
                    : text.startsWith("-", pos) ? "-" : null;
            if (op == null) {
                return left;
            }
            int opStart = pos;
            pos += op.length();
            Object right = product();
            left = apply(op, left, right, opStart);
        }
    }

    private Object product() throws EvalError, Unsupported, DependsOnSorry {
        Object left = application();
        while (true) {
            skipSpaces();
            if (!text.startsWith("*", pos)) {
                return left;
            }
            int opStart = pos;
            pos++;
            left = apply("*", left, application(), opStart);
        }
    }

    private Object apply(String op, Object left, Object right, int opStart) throws EvalError {
        if (op.equals("++") && left instanceof String && right instanceof String) {
            return (String) left + right;
        }
        if (left instanceof BigInteger && right instanceof BigInteger) {
            BigInteger a = (BigInteger) left;
            BigInteger b = (BigInteger) right;
            switch (op) {
                case "+":
                    return a.add(b);
                case "*":
                    return a.multiply(b);
                case "-":
                    return a.subtract(b).max(BigInteger.ZERO);
                default:
                    break;
            }
        }
        String cls = op.equals("++") ? "HAppend" : op.equals("*") ? "HMul" : op.equals("-") ? "HSub" : "HAdd";
        throw new EvalError("failed to synthesize\n  " + cls + " " + typeOf(left) + " " + typeOf(right) + " ?m",
                opStart, opStart + op.length());
    }

    private Object application() throws EvalError, Unsupported, DependsOnSorry {
        skipSpaces();
        if (!LeanText.isIdentStart(text, pos)) {
            return atom();
        }
        int start = pos;
        int end = LeanText.endOfIdent(text, pos);
        String name = text.substring(start, end);
        pos = end;
        if (locals.containsKey(name)) {
            return locals.get(name);
        }
        Constant c = env.find(name);
        if (c == null) {
            throw new EvalError("Unknown identifier `" + name + "`", start, end);
        }
        if (c.usesSorry()) {
            throw new DependsOnSorry();
        }
        if (!c.kind().equals("def")) {
            throw new Unsupported("`" + name + "` is a proof, not a value");
        }
        Map<String, Object> args = new HashMap<>();
        for (Binder binder : c.binders()) {
            for (String param : binder.names()) {
                skipSpaces();
                if (pos >= text.length() || "+-*)".indexOf(text.charAt(pos)) >= 0) {
                    throw new Unsupported("`" + name + "` needs more arguments");
                }
                args.put(param, atomOrName());
            }
        }
        return evaluate(env, c.value(), args, depth + 1);
    }

    private Object atomOrName() throws EvalError, Unsupported, DependsOnSorry {
        if (LeanText.isIdentStart(text, pos)) {
            int start = pos;
            int end = LeanText.endOfIdent(text, pos);
            String name = text.substring(start, end);
            Constant c = env.find(name);
            if (locals.containsKey(name) || (c != null && c.binders().isEmpty())) {
                return application();
            }
            throw new EvalError("Unknown identifier `" + name + "`", start, end);
        }
        return atom();
    }

    private Object atom() throws EvalError, Unsupported, DependsOnSorry {
        skipSpaces();
        if (pos >= text.length()) {
            throw new Unsupported("expected a term");
        }
        char c = text.charAt(pos);
        if (c == '(') {
            pos++;
            Object inner = sum();
            skipSpaces();
            if (!text.startsWith(")", pos)) {
                throw new Unsupported("expected `)`");
            }
            pos++;
            return inner;
        }
        if (Character.isDigit(c)) {
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            return new BigInteger(text.substring(start, pos));
        }
        if (c == '"') {
            int end = LeanText.endOfString(text, pos);
            String body = text.substring(pos + 1, end);
            pos = end + 1;
            return body.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
        }
        throw new Unsupported("unexpected `" + c + "`");
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }
}
