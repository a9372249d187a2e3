package io.github.leaninteract.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The module header of a Lean text, {@code module? prelude? import*} among comments and whitespace, as
 * Lean's {@code Module.header} parser reads it, split off at a line boundary so that the rest (the body)
 * can run on the environment the header builds.
 *
 * <p>An import is {@code (public|private)? meta? import (all|runtime)? Module}; one module each. A doc
 * comment ({@code /--}, {@code /-!}) is a token, not a comment, so it ends the header, as in Lean.
 * {@link #split} answers empty (run the text as it is) whenever reuse could change the answer or this
 * reader is unsure: no import, a text that is only a header, a header whose last token shares its line
 * with the body's first token, a block comment across the split, an unterminated comment, a tab or a
 * carriage return in the header (Lean rejects those), anything after a module name that is not a comment
 * or a line break, or a body whose first token could still be read as part of a header.
 *
 * <p>Immutable and thread-safe.
 */
final class ImportHeader {

    private final String text;
    private final String body;
    private final List<String> statements;

    private ImportHeader(String text, String body, List<String> statements) {
        this.text = text;
        this.body = body;
        this.statements = List.copyOf(statements);
    }

    /** The header's own text, comments included: whole lines, to be run without an environment. */
    String text() {
        return text;
    }

    /**
     * The body, with every header line left empty: run on the header's environment, its positions (lines
     * count {@code \n} only) are those of the whole text, so nothing in the answer needs shifting.
     */
    String body() {
        return body;
    }

    /** The header's statements, normalised ({@code import Mathlib}, {@code prelude}, …), in order. */
    List<String> statements() {
        return statements;
    }

    /** What identifies the environment the header builds: its statements, not their spacing or comments. */
    String key() {
        return String.join("\n", statements);
    }

    /** The header of {@code code} split off from its body, or empty when the text must run as it is. */
    static Optional<ImportHeader> split(String code) {
        return new Reader(code).read();
    }

    /** A hand-written reader of Lean's whitespace and header tokens; one instance per text. */
    private static final class Reader {
        private final String s;
        private int pos;
        /** Start and end offsets of every block comment met, to check that the split cuts none. */
        private final List<int[]> blockComments = new ArrayList<>();

        Reader(String s) {
            this.s = s;
        }

        Optional<ImportHeader> read() {
            List<String> statements = new ArrayList<>();
            int lastEnd = -1;
            boolean imports = false;
            if (!trivia()) {
                return Optional.empty();
            }
            if (wordIs("module")) {
                lastEnd = keyword(statements, "module");
                if (!trivia()) {
                    return Optional.empty();
                }
            }
            if (wordIs("prelude")) {
                lastEnd = keyword(statements, "prelude");
                if (!trivia()) {
                    return Optional.empty();
                }
            }
            while (true) {
                int start = pos;
                StringBuilder statement = new StringBuilder();
                String w = word();
                if (w.equals("public") || w.equals("private")) {
                    statement.append(w).append(' ');
                    pos += w.length();
                    if (!trivia()) {
                        return Optional.empty();
                    }
                    w = word();
                }
                if (w.equals("meta")) {
                    statement.append(w).append(' ');
                    pos += w.length();
                    if (!trivia()) {
                        return Optional.empty();
                    }
                    w = word();
                }
                if (!w.equals("import")) {
                    if (pos != start) {
                        // `private def` and the like: a command after all, and Lean's header ended before it.
                        pos = start;
                    }
                    break;
                }
                statement.append("import ");
                pos += w.length();
                if (!trivia()) {
                    return Optional.empty();
                }
                w = word();
                if (w.equals("all") || w.equals("runtime")) {
                    statement.append(w).append(' ');
                    pos += w.length();
                    if (!trivia()) {
                        return Optional.empty();
                    }
                }
                int nameEnd = moduleName(pos);
                if (nameEnd < 0) {
                    return Optional.empty();
                }
                statement.append(s, pos, nameEnd);
                statements.add(statement.toString());
                imports = true;
                pos = nameEnd;
                lastEnd = nameEnd;
                if (pos < s.length() && !isWhitespace(s.charAt(pos)) && !s.startsWith("--", pos)
                        && !s.startsWith("/-", pos)) {
                    return Optional.empty(); // `import A.B;` or a name this reader does not know: leave it to Lean
                }
                if (!trivia()) {
                    return Optional.empty();
                }
            }
            if (!imports || pos >= s.length()) {
                return Optional.empty();
            }
            int split = lineStart(pos);
            // A block comment across the line break goes to the body whole, from the start of its own line.
            for (int i = blockComments.size() - 1; i >= 0; i--) {
                int[] c = blockComments.get(i);
                if (c[0] < split && split < c[1]) {
                    split = lineStart(c[0]);
                }
            }
            if (split <= lastEnd || startsAnotherHeaderStatement()) {
                return Optional.empty();
            }
            String header = s.substring(0, split);
            if (header.indexOf('\t') >= 0 || header.indexOf('\r') >= 0) {
                return Optional.empty();
            }
            int lines = (int) header.chars().filter(c -> c == '\n').count();
            return Optional.of(new ImportHeader(header, "\n".repeat(lines) + s.substring(split), statements));
        }

        private int keyword(List<String> statements, String keyword) {
            statements.add(keyword);
            pos += keyword.length();
            return pos;
        }

        /**
         * Skips whitespace and comments from {@code pos}; stops at a doc comment. Returns false for an
         * unterminated block comment.
         */
        private boolean trivia() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (isWhitespace(c)) {
                    pos++;
                } else if (s.startsWith("--", pos)) {
                    int nl = s.indexOf('\n', pos);
                    pos = nl < 0 ? s.length() : nl + 1;
                } else if (s.startsWith("/-", pos) && !s.startsWith("/--", pos) && !s.startsWith("/-!", pos)) {
                    int end = endOfBlockComment(pos);
                    if (end < 0) {
                        return false;
                    }
                    blockComments.add(new int[] {pos, end});
                    pos = end;
                } else {
                    return true;
                }
            }
            return true;
        }

        /** The end of the nested block comment opening at {@code start}, or -1 when it is not closed. */
        private int endOfBlockComment(int start) {
            int depth = 0;
            int i = start;
            while (i + 1 < s.length()) {
                if (s.charAt(i) == '/' && s.charAt(i + 1) == '-') {
                    depth++;
                    i += 2;
                } else if (s.charAt(i) == '-' && s.charAt(i + 1) == '/') {
                    i += 2;
                    if (--depth == 0) {
                        return i;
                    }
                } else {
                    i++;
                }
            }
            return -1;
        }

        private int lineStart(int offset) {
            return s.lastIndexOf('\n', offset - 1) + 1;
        }

        /** Whether the body begins with a token that some Lean version reads as part of a header. */
        private boolean startsAnotherHeaderStatement() {
            String w = word();
            return w.equals("import") || w.equals("module") || w.equals("prelude");
        }

        private boolean wordIs(String keyword) {
            return word().equals(keyword);
        }

        /** The plain identifier-like word at {@code pos} (no dots), or "". */
        private String word() {
            int i = pos;
            while (i < s.length() && isIdentChar(s.charAt(i))) {
                i++;
            }
            return i > pos && isIdentStart(s.charAt(pos)) ? s.substring(pos, i) : "";
        }

        /** The end of the dotted module name at {@code i} ({@code A.B}, {@code «a b».C}), or -1. */
        private int moduleName(int i) {
            while (true) {
                if (i < s.length() && s.charAt(i) == '«') {
                    int close = s.indexOf('»', i + 1);
                    if (close < 0 || s.substring(i, close).indexOf('\n') >= 0) {
                        return -1;
                    }
                    i = close + 1;
                } else {
                    int start = i;
                    while (i < s.length() && isIdentChar(s.charAt(i))) {
                        i++;
                    }
                    if (i == start || !isIdentStart(s.charAt(start))) {
                        return -1;
                    }
                }
                if (i + 1 < s.length() && s.charAt(i) == '.' && !isWhitespace(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }

        private static boolean isIdentStart(char c) {
            return c == '_' || Character.isLetter(c);
        }

        private static boolean isIdentChar(char c) {
            return c == '_' || c == '\'' || c == '!' || c == '?' || Character.isLetterOrDigit(c)
                    || (c >= '\u2080' && c <= '\u209C');
        }

        private static boolean isWhitespace(char c) {
            return c == ' ' || c == '\n' || c == '\t' || c == '\r';
        }
    }
}
