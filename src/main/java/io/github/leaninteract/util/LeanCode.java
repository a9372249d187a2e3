package io.github.leaninteract.util;

import io.github.leaninteract.util.LeanLexer.Kind;
import io.github.leaninteract.util.LeanLexer.Token;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Text helpers for Lean 4 code, LeanInteract's {@code lean_interact.utils} ported onto a real lexer of
 * Lean comments and string and char literals, so that a {@code --} or {@code /-} inside a string, a
 * nested block comment, or a {@code theorem} keyword inside a comment or a string is read as Lean
 * reads it.
 *
 * <p>Text may be a snippet cut inside a comment: a comment still open at the end runs to the end, and
 * a {@code -/} that closes nothing means the snippet began inside a block comment, from its start up to
 * that closer (or, when several closers are left over, as deep as it takes).
 *
 * <p>Offsets are {@code char} indices into the given string, as {@link String#substring(int, int)}
 * takes them.
 *
 * <p>Stateless: all methods are static and thread-safe.
 */
public final class LeanCode {

    private static final Set<String> THEOREM_KEYWORDS = Set.of("theorem", "lemma", "example");

    /** Term-level bindings in a statement whose {@code :=} is theirs, not the one that starts the proof. */
    private static final Set<String> LOCAL_BINDERS = Set.of("let", "have", "haveI", "letI");

    private static final String OPENING_BRACKETS = "([{\u2983\u27e8\u27e6";   // ( [ { ⦃ ⟨ ⟦
    private static final String CLOSING_BRACKETS = ")]}\u2984\u27e9\u27e7";   // ) ] } ⦄ ⟩ ⟧

    private LeanCode() {
    }

    /**
     * A range of text, {@code start} inclusive, {@code end} exclusive. Immutable and thread-safe.
     *
     * @param start the first index in the range
     * @param end   the index after the last one
     */
    public record Span(int start, int end) {

        /**
         * Checks the range.
         *
         * @throws IllegalArgumentException if {@code start} is negative or after {@code end}
         */
        public Span {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("a span needs 0 <= start <= end, got [" + start + ", " + end + ")");
            }
        }

        /**
         * The text of this range in {@code code}.
         *
         * @param code the text this span was taken from
         * @return {@code code.substring(start, end)}
         */
        public String of(String code) {
            return code.substring(start, end);
        }
    }

    /**
     * Prefixes every line of {@code code} with {@code spaces} spaces, except lines that start inside a
     * string literal, whose value would change. Like LeanInteract's {@code indent_code}, a text ending
     * with a line break gets an indented empty last line.
     *
     * <pre>{@code
     * LeanCode.indent("theorem t : True := by\n  trivial", 2)   // "  theorem t : True := by\n    trivial"
     * }</pre>
     *
     * @param code   Lean code
     * @param spaces how many spaces to add, zero or more
     * @return the indented code
     * @throws IllegalArgumentException if {@code spaces} is negative
     */
    public static String indent(String code, int spaces) {
        Objects.requireNonNull(code, "code");
        if (spaces < 0) {
            throw new IllegalArgumentException("spaces must not be negative, got " + spaces);
        }
        BitSet insideLiteral = literalInteriors(code);
        String pad = " ".repeat(spaces);
        StringBuilder out = new StringBuilder(code.length() + spaces * 8);
        int lineStart = 0;
        while (true) {
            if (!insideLiteral.get(lineStart)) {
                out.append(pad);
            }
            int lineEnd = code.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                return out.append(code, lineStart, code.length()).toString();
            }
            out.append(code, lineStart, lineEnd + 1);
            lineStart = lineEnd + 1;
        }
    }

    /**
     * Tidies blank lines as LeanInteract's {@code compress_newlines} does: lines holding only whitespace
     * become empty, runs of empty lines shrink to one, leading whitespace goes, and a text ending with a
     * line break ends with exactly one. Whitespace inside string literals is left as it is.
     *
     * <pre>{@code
     * LeanCode.compressNewlines("\n\ntheorem a : True := trivial\n  \n\n\ntheorem b : True := trivial\n\n")
     * // "theorem a : True := trivial\n\ntheorem b : True := trivial\n"
     * }</pre>
     *
     * @param code Lean code
     * @return the tidied code
     */
    public static String compressNewlines(String code) {
        Objects.requireNonNull(code, "code");
        BitSet literal = new BitSet(code.length());
        for (Token t : LeanLexer.tokens(code)) {
            if (t.isLiteral()) {
                literal.set(t.start(), t.end());
            }
        }
        // Blank the lines that hold only whitespace outside literals; keep which output chars are literal.
        StringBuilder blanked = new StringBuilder(code.length());
        BitSet blankedLiteral = new BitSet(code.length());
        int lineStart = 0;
        while (lineStart <= code.length()) {
            int lineEnd = code.indexOf('\n', lineStart);
            int contentEnd = lineEnd < 0 ? code.length() : lineEnd;
            boolean blank = true;
            for (int i = lineStart; i < contentEnd && blank; i++) {
                blank = !literal.get(i) && isPythonSpace(code.charAt(i));
            }
            int keepEnd = blank ? lineStart : (lineEnd < 0 ? code.length() : lineEnd + 1);
            for (int i = lineStart; i < keepEnd; i++) {
                copy(code, literal, i, blanked, blankedLiteral);
            }
            if (lineEnd < 0) {
                break;
            }
            if (blank) {
                copy(code, literal, lineEnd, blanked, blankedLiteral);
            }
            lineStart = lineEnd + 1;
        }
        // At most two line breaks in a row, outside literals.
        StringBuilder out = new StringBuilder(blanked.length());
        BitSet outLiteral = new BitSet(blanked.length());
        int run = 0;
        for (int i = 0; i < blanked.length(); i++) {
            boolean free = !blankedLiteral.get(i);
            run = free && blanked.charAt(i) == '\n' ? run + 1 : 0;
            if (run <= 2) {
                copy(blanked, blankedLiteral, i, out, outLiteral);
            }
        }
        int start = 0;
        while (start < out.length() && !outLiteral.get(start) && isPythonSpace(out.charAt(start))) {
            start++;
        }
        int end = out.length();
        if (end > start && out.charAt(end - 1) == '\n' && !outLiteral.get(end - 1)) {
            while (end > start && !outLiteral.get(end - 1) && isPythonSpace(out.charAt(end - 1))) {
                end--;
            }
            return out.substring(start, end) + "\n";
        }
        return out.substring(start, end);
    }

    private static void copy(CharSequence from, BitSet fromLiteral, int i, StringBuilder to, BitSet toLiteral) {
        if (fromLiteral.get(i)) {
            toLiteral.set(to.length());
        }
        to.append(from.charAt(i));
    }

    /**
     * The comments of {@code code}, in order: line comments ({@code --} up to the line break, which is not
     * part of it), block comments ({@code /- -/}, nested) and doc comments ({@code /-- -/}, {@code /-! -/}).
     * Delimiters inside string and char literals are not comments. A comment still open at the end runs
     * to the end; a snippet cut inside a comment has its cut part as a range starting at 0. The ranges
     * are disjoint and sorted.
     *
     * <pre>{@code
     * String code = "/- intro -/ def s := \"-- not a comment\" -- a comment";
     * LeanCode.commentRanges(code)   // [Span[start=0, end=11], Span[start=39, end=51]]
     * }</pre>
     *
     * @param code Lean code, possibly a snippet cut inside a comment at either end
     * @return the comment ranges, end exclusive
     */
    public static List<Span> commentRanges(String code) {
        Objects.requireNonNull(code, "code");
        List<Span> spans = new ArrayList<>();
        for (Token t : LeanLexer.tokens(code)) {
            if (t.isComment()) {
                spans.add(new Span(t.start(), t.end()));
            }
        }
        return List.copyOf(spans);
    }

    /**
     * {@code code} without its comments (the ranges of {@link #commentRanges(String)}). Everything else is
     * kept as it is, line breaks included; where removing a comment would join two tokens (as in
     * {@code a/- c -/b}) a single space takes its place, since Lean reads a comment as whitespace.
     *
     * <p>Unlike LeanInteract's {@code remove_lean_comments}, which gives up when the numbers of comment
     * openers and closers differ by more than one and keeps the last character of a line comment that ends
     * the text, this reads every text as Lean would, taking a snippet cut inside comments (nested to any
     * depth) at either end into account, so it has an answer for every text.
     *
     * <pre>{@code
     * LeanCode.removeComments("/- intro -/\ntheorem t : True := by\n  trivial -- done")
     * // "\ntheorem t : True := by\n  trivial "
     * }</pre>
     *
     * @param code Lean code, possibly a snippet cut inside a comment at either end
     * @return the code without comments
     * @throws IllegalArgumentException if the comment delimiters cannot be matched; every text can be read
     *                                  as a snippet cut inside comments, so this lexer never finds such a text
     */
    public static String removeComments(String code) {
        Objects.requireNonNull(code, "code");
        StringBuilder out = new StringBuilder(code.length());
        int kept = 0;
        List<Token> tokens = LeanLexer.tokens(code);
        for (int k = 0; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (!t.isComment()) {
                continue;
            }
            int end = t.end();
            while (k + 1 < tokens.size() && tokens.get(k + 1).isComment() && tokens.get(k + 1).start() == end) {
                end = tokens.get(++k).end();
            }
            out.append(code, kept, t.start());
            if (out.length() > 0 && end < code.length()
                    && !LeanLexer.isWhitespace(out.charAt(out.length() - 1))
                    && !LeanLexer.isWhitespace(code.charAt(end))) {
                out.append(' ');
            }
            kept = end;
        }
        return out.append(code, kept, code.length()).toString();
    }

    /**
     * Where the proof of a declaration starts: the index of its {@code :=}, skipping any {@code :=} inside
     * brackets or binders ({@code (h := 1)}), inside comments and string literals, or belonging to a
     * {@code let}, {@code have}, {@code haveI} or {@code letI} in the statement.
     *
     * <pre>{@code
     * String decl = "theorem t (h := 1) : let x := 1; x = 1 := by simp";
     * decl.substring(0, LeanCode.splitImplementation(decl).getAsInt())  // "theorem t (h := 1) : let x := 1; x = 1 "
     * }</pre>
     *
     * @param declaration a Lean declaration
     * @return the index of the {@code :=} that starts the proof, or empty when there is none
     */
    public static OptionalInt splitImplementation(String declaration) {
        Objects.requireNonNull(declaration, "declaration");
        int[] depth = new int[OPENING_BRACKETS.length()];
        int pendingBinders = 0;
        for (Token t : LeanLexer.tokens(declaration)) {
            if (t.kind() == Kind.SYMBOL) {
                if (countBracket(declaration, t, depth) || !allZero(depth)) {
                    continue;
                }
                if (t.is(declaration, ":=")) {
                    if (pendingBinders == 0) {
                        return OptionalInt.of(t.start());
                    }
                    pendingBinders--;
                } else if (pendingBinders > 0 && (t.is(declaration, "\u2190") || t.is(declaration, "<-"))) {
                    pendingBinders--; // let x ← e: a binding without :=
                }
            } else if (t.kind() == Kind.IDENTIFIER && allZero(depth)
                    && LOCAL_BINDERS.contains(t.text(declaration))) {
                pendingBinders++;
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Where the statement of a declaration starts: the index of the first {@code :} outside brackets,
     * binders, comments and literals (not one of {@code :=} or {@code ::}).
     *
     * <pre>{@code
     * String decl = "theorem t {a : Nat} (h : a = 1) : a + 0 = 1 := by simp [h]";
     * decl.substring(LeanCode.splitConclusion(decl).getAsInt())   // ": a + 0 = 1 := by simp [h]"
     * }</pre>
     *
     * @param declaration a Lean declaration
     * @return the index of that {@code :}, or empty when there is none
     */
    public static OptionalInt splitConclusion(String declaration) {
        Objects.requireNonNull(declaration, "declaration");
        int[] depth = new int[OPENING_BRACKETS.length()];
        for (Token t : LeanLexer.tokens(declaration)) {
            if (t.kind() == Kind.SYMBOL && !countBracket(declaration, t, depth)
                    && allZero(depth) && t.is(declaration, ":")) {
                return OptionalInt.of(t.start());
            }
        }
        return OptionalInt.empty();
    }

    /** Counts {@code t} in {@code depth} when it is a bracket; as LeanInteract, each kind on its own. */
    private static boolean countBracket(String code, Token t, int[] depth) {
        if (t.end() - t.start() != 1) {
            return false;
        }
        char c = code.charAt(t.start());
        int open = OPENING_BRACKETS.indexOf(c);
        if (open >= 0) {
            depth[open]++;
            return true;
        }
        int close = CLOSING_BRACKETS.indexOf(c);
        if (close >= 0) {
            depth[close]--;
            return true;
        }
        return false;
    }

    private static boolean allZero(int[] depth) {
        for (int d : depth) {
            if (d != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The statement of the first {@code theorem}, {@code lemma} or {@code example} in {@code theorem},
     * as a {@code theorem} named {@code newName}: comments removed, anything before the keyword dropped,
     * the proof dropped, and {@code " := by sorry"} added when asked. Universe parameters
     * ({@code foo.{u}}) stay with the new name. The text is assumed to hold no other declaration after
     * the theorem.
     *
     * <pre>{@code
     * LeanCode.cleanTheoremString("/- c -/ lemma foo (n : Nat) : n + 0 = n := by simp", "bar", true)
     * // Optional[theorem bar (n : Nat) : n + 0 = n := by sorry]
     * }</pre>
     *
     * @param theorem  text holding a theorem, possibly cut inside comments
     * @param newName  the name to give it, not blank
     * @param addSorry whether to end it with {@code := by sorry}
     * @return the cleaned theorem, or empty when the text holds no {@code theorem}, {@code lemma} or
     *         {@code example} outside comments and literals
     * @throws IllegalArgumentException if {@code newName} is blank
     */
    public static Optional<String> cleanTheoremString(String theorem, String newName, boolean addSorry) {
        Objects.requireNonNull(theorem, "theorem");
        requireName(newName);
        String clean = removeComments(theorem);
        Token keyword = null;
        for (Token t : LeanLexer.tokens(clean)) {
            if (t.kind() == Kind.IDENTIFIER && THEOREM_KEYWORDS.contains(t.text(clean))) {
                keyword = t;
                break;
            }
        }
        if (keyword == null) {
            return Optional.empty();
        }
        String declaration = clean.substring(keyword.start());
        OptionalInt proof = splitImplementation(declaration);
        if (proof.isPresent()) {
            declaration = stripPython(declaration.substring(0, proof.getAsInt()));
        }
        List<Token> tokens = LeanLexer.tokens(declaration);
        int rest = tokens.get(0).end();
        String universes = "";
        if (!"example".equals(tokens.get(0).text(declaration)) && tokens.size() > 1
                && tokens.get(1).kind() == Kind.IDENTIFIER) {
            rest = tokens.get(1).end();
            int close = declaration.startsWith(".{", rest) ? declaration.indexOf('}', rest) : -1;
            if (close >= 0) {
                universes = declaration.substring(rest, close + 1);
                rest = close + 1;
            }
        }
        String result = "theorem " + newName + universes + " " + stripPython(declaration.substring(rest));
        return Optional.of(addSorry ? result + " := by sorry" : result);
    }

    /**
     * Where the last {@code theorem}, {@code lemma} or {@code example} of {@code code} starts, skipping
     * keywords inside comments (a final line comment included) and string literals.
     *
     * <pre>{@code
     * String code = "theorem a : True := trivial\ntheorem b : 1 = 1 := rfl -- theorem c";
     * code.substring(LeanCode.extractLastTheorem(code))   // "theorem b : 1 = 1 := rfl -- theorem c"
     * }</pre>
     *
     * @param code Lean code, expected to end with a theorem
     * @return the index of the last theorem keyword
     * @throws IllegalArgumentException if there is no such keyword outside comments and literals
     */
    public static int extractLastTheorem(String code) {
        Objects.requireNonNull(code, "code");
        int last = -1;
        for (Token t : LeanLexer.tokens(code)) {
            if (t.kind() == Kind.IDENTIFIER && THEOREM_KEYWORDS.contains(t.text(code))) {
                last = t.start();
            }
        }
        if (last < 0) {
            throw new IllegalArgumentException("No theorem, lemma or example outside comments and string literals in "
                    + "the given Lean code; pass code that ends with a theorem: " + excerpt(code));
        }
        return last;
    }

    /**
     * {@code code} with its last theorem (see {@link #extractLastTheorem(String)}) replaced by its
     * statement as {@link #cleanTheoremString(String, String, boolean)} makes it; the text before it is
     * kept as it is.
     *
     * <pre>{@code
     * LeanCode.cleanLastTheoremString("/- c -/\ntheorem t : True := by\n  sorry", "dummy", false)
     * // "/- c -/\ntheorem dummy : True"
     * }</pre>
     *
     * @param code     Lean code ending with a theorem
     * @param newName  the name to give the theorem, not blank
     * @param addSorry whether to end it with {@code := by sorry}
     * @return the code with the last theorem cleaned
     * @throws IllegalArgumentException if there is no theorem, or {@code newName} is blank
     */
    public static String cleanLastTheoremString(String code, String newName, boolean addSorry) {
        requireName(newName);
        int start = extractLastTheorem(code);
        return code.substring(0, start) + cleanTheoremString(code.substring(start), newName, addSorry)
                .orElseThrow(() -> new IllegalArgumentException(
                        "Could not clean the last theorem of the given Lean code: " + excerpt(code)));
    }

    private static void requireName(String newName) {
        Objects.requireNonNull(newName, "newName");
        if (newName.isBlank()) {
            throw new IllegalArgumentException("newName must not be blank");
        }
    }

    private static String excerpt(String code) {
        return code.length() <= 200 ? "\n" + code : "\n" + code.substring(0, 200) + "... (" + code.length() + " chars)";
    }

    /** The interiors of string and char literals, with the end of a literal left open at the end of the text. */
    private static BitSet literalInteriors(String code) {
        BitSet inside = new BitSet(code.length() + 1);
        for (Token t : LeanLexer.tokens(code)) {
            if (t.isLiteral()) {
                inside.set(t.start() + 1, t.cutAtEnd() ? t.end() + 1 : t.end());
            }
        }
        return inside;
    }

    /** Whitespace as Python's {@code str.isspace}, which LeanInteract's stripping uses. */
    private static boolean isPythonSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    private static String stripPython(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isPythonSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isPythonSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }
}
