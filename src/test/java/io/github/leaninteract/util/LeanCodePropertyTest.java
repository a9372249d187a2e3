package io.github.leaninteract.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.util.LeanCode.Span;
import io.github.leaninteract.util.LeanLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties over generated snippets that mix identifiers, numbers, symbols, string, raw string, interpolated
 * string and char literals (holding comment delimiters, quotes and escapes), line comments and nested block
 * and doc comments. The generator knows where its comments and literals are; the lexer must find exactly those.
 */
class LeanCodePropertyTest {

    private static final int SNIPPETS = 400;

    private static final String[] IDENTIFIERS = {
        "x", "h'", "f'", "x''", "α", "x₁", "Nat.succ", "theorem", "lemma", "«a -- b»", "r", "s", "foo_bar", "ℝ"};
    private static final String[] NUMBERS = {"1", "42", "0x1F", "2.5"};
    private static final String[] SYMBOLS = {
        ":=", ":", "(", ")", "[", "]", "{", "}", "+", "*", "=", "-", "/", "→", "⟨", "⟩", "''", ",", "."};
    private static final String[] STRING_PARTS = {
        "a", " ", "--", "/-", "-/", "\\\"", "\\\\", "\\n", "\\x41", "\\u{3B1}", "'", "{", "}", "\n", "theorem"};
    private static final String[] RAW_PARTS = {"a", " ", "--", "/-", "-/", "\\", "'", "theorem"};
    private static final String[] INTERPOLATED = {"s!\"a {f \"x -- }\"} b\"", "s!\"{x} -/ {\"/-\"} --\""};
    private static final String[] CHARS = {
        "'a'", "'\\''", "'\\\\'", "'\"'", "'-'", "'/'", "'\\n'", "'\\x41'", "'\\u{3B1}'", "'α'"};
    private static final String[] LINE_COMMENT_PARTS = {" a", " -/", " /-", " \"", " '", "--", " theorem"};
    private static final String[] OPENERS = {"/- ", "/-- ", "/-! "};
    private static final String[] SEPARATORS = {" ", "\n", "  ", " \n ", ""};

    private enum Role { CODE, LITERAL, COMMENT }

    /** A generated snippet: its text and where its pieces are. */
    private record Snippet(String code, List<Span> comments, List<Span> literals, List<Span> topLevelBlockComments) {
    }

    /** Builds a snippet piece by piece. {@code plain}: comment bodies without quotes, primes or "--". */
    private static final class Generator {
        private final Random random;
        private final boolean plain;
        private final StringBuilder code = new StringBuilder();
        private final List<Span> comments = new ArrayList<>();
        private final List<Span> literals = new ArrayList<>();
        private final List<Span> blocks = new ArrayList<>();
        private Role lastRole;
        private boolean lastWasLineComment;

        Generator(long seed, boolean plain) {
            this.random = new Random(seed);
            this.plain = plain;
        }

        Snippet generate() {
            int pieces = 5 + random.nextInt(30);
            for (int i = 0; i < pieces; i++) {
                int kind = random.nextInt(10);
                switch (kind) {
                    case 0, 1 -> piece(Role.CODE, pick(IDENTIFIERS));
                    case 2 -> piece(Role.CODE, random.nextBoolean() ? pick(NUMBERS) : pick(SYMBOLS));
                    case 3 -> piece(Role.LITERAL, string());
                    case 4 -> piece(Role.LITERAL, pick(CHARS));
                    case 5 -> {
                        if (random.nextInt(3) == 0) {
                            interpolated();
                        } else {
                            piece(Role.LITERAL, rawString());
                        }
                    }
                    case 6 -> lineComment();
                    default -> blockComment();
                }
            }
            return new Snippet(code.toString(), comments, literals, blocks);
        }

        private String pick(String[] options) {
            return options[random.nextInt(options.length)];
        }

        private String string() {
            StringBuilder s = new StringBuilder("\"");
            for (int i = random.nextInt(6); i > 0; i--) {
                s.append(pick(STRING_PARTS));
            }
            return s.append('"').toString();
        }

        private String rawString() {
            StringBuilder body = new StringBuilder();
            for (int i = random.nextInt(5); i > 0; i--) {
                body.append(pick(RAW_PARTS));
            }
            return random.nextBoolean() ? "r\"" + body + "\"" : "r#\"" + body + "\"\"x\"#";
        }

        /** {@code s!"..."}: the identifier {@code s!}, then the literal from its quote on. */
        private void interpolated() {
            piece(Role.LITERAL, pick(INTERPOLATED));
            Span whole = literals.remove(literals.size() - 1);
            literals.add(new Span(whole.start() + 2, whole.end()));
        }

        private static boolean identifierPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '\'' || c == '!' || c == '?'
                    || (c >= '\u2080' && c <= '\u209c');
        }

        private void lineComment() {
            StringBuilder c = new StringBuilder("--");
            for (int i = random.nextInt(4); i > 0; i--) {
                c.append(plain ? " a" : pick(LINE_COMMENT_PARTS));
            }
            piece(Role.COMMENT, c.toString());
            lastWasLineComment = true;
        }

        private void blockComment() {
            int start = separateAndStart(pickOpener().charAt(0));
            String text = blockCommentText(0);
            code.append(text);
            Span span = new Span(start, code.length());
            comments.add(span);
            blocks.add(span);
            lastRole = Role.COMMENT;
            lastWasLineComment = false;
        }

        private String pickOpener() {
            return pick(OPENERS);
        }

        private String blockCommentText(int depth) {
            StringBuilder c = new StringBuilder(pickOpener());
            for (int i = random.nextInt(5); i > 0; i--) {
                int kind = random.nextInt(plain ? 4 : 7);
                switch (kind) {
                    case 0 -> c.append("a");
                    case 1 -> c.append(random.nextBoolean() ? "-" : "/");
                    case 2 -> c.append("theorem");
                    case 3 -> c.append(depth < 3 ? blockCommentText(depth + 1) : "b");
                    case 4 -> c.append('"');
                    case 5 -> c.append('\'');
                    default -> c.append("--");
                }
                c.append(' ');
            }
            return c.append(" -/").toString();
        }

        private void piece(Role role, String text) {
            int start = separateAndStart(text.charAt(0));
            code.append(text);
            Span span = new Span(start, code.length());
            if (role == Role.COMMENT) {
                comments.add(span);
            } else if (role == Role.LITERAL) {
                literals.add(span);
            }
            lastRole = role;
            lastWasLineComment = false;
        }

        /** Appends a separator that keeps the pieces apart as the generator means them; returns the next start. */
        private int separateAndStart(char first) {
            if (code.length() == 0) {
                return 0;
            }
            if (lastWasLineComment) {
                code.append('\n');
                return code.length();
            }
            String separator = pick(SEPARATORS);
            char last = code.charAt(code.length() - 1);
            boolean joins = (last == '-' && (first == '-' || first == '/')) || (last == '/' && first == '-')
                    || first == '\'' || first == '"' || (identifierPart(last) && identifierPart(first));
            code.append(separator.isEmpty() && joins ? " " : separator);
            return code.length();
        }
    }

    @Test
    void theLexerFindsExactlyTheGeneratedCommentsAndLiterals() {
        for (long seed = 0; seed < SNIPPETS; seed++) {
            Snippet s = new Generator(seed, false).generate();
            assertEquals(s.comments(), LeanCode.commentRanges(s.code()), () -> "comments of: " + s.code());
            assertEquals(s.literals(), literalSpans(s.code()), () -> "literals of: " + s.code());
        }
    }

    @Test
    void removingCommentsKeepsTheTextOutsideCommentsAndLiteralsUntouched() {
        for (long seed = 0; seed < SNIPPETS; seed++) {
            Snippet s = new Generator(seed, false).generate();
            String removed = LeanCode.removeComments(s.code());
            assertEquals(withoutComments(s.code(), s.comments()), removed, () -> "removing comments of: " + s.code());
            assertEquals(List.of(), LeanCode.commentRanges(removed), () -> "comments left in: " + removed);
            List<String> literalsBefore = s.literals().stream().map(l -> l.of(s.code())).toList();
            List<String> literalsAfter = literalSpans(removed).stream().map(l -> l.of(removed)).toList();
            assertEquals(literalsBefore, literalsAfter, () -> "literals changed in: " + s.code());
        }
    }

    @Test
    void commentRangesAreSortedDisjointAndStartAtADelimiterOrAtACut() {
        for (long seed = 0; seed < SNIPPETS; seed++) {
            Snippet s = new Generator(seed, false).generate();
            Random random = new Random(seed);
            // also any cut of it: the invariants hold for every text, whatever it means
            int from = random.nextInt(s.code().length());
            int to = from + random.nextInt(s.code().length() - from + 1);
            for (String code : List.of(s.code(), s.code().substring(from, to))) {
                int previousEnd = 0;
                for (Span span : LeanCode.commentRanges(code)) {
                    assertTrue(span.start() >= previousEnd, () -> "overlapping or unsorted ranges in: " + code);
                    assertTrue(span.start() < span.end(), () -> "empty range in: " + code);
                    String text = span.of(code);
                    assertTrue(span.start() == 0 || text.startsWith("--") || text.startsWith("/-"),
                            () -> "range " + span + " of " + code + " starts at neither a delimiter nor the cut");
                    previousEnd = span.end();
                }
            }
        }
    }

    @Test
    void aSnippetCutInsideABlockCommentAtItsStartCountsTheCutPartAsComment() {
        int checked = 0;
        for (long seed = 0; seed < SNIPPETS; seed++) {
            Snippet s = new Generator(seed, true).generate();
            Random random = new Random(seed);
            for (Span block : s.topLevelBlockComments()) {
                // cut after a space inside the body, so no delimiter is split
                List<Integer> cuts = new ArrayList<>();
                for (int i = block.start() + 3; i < block.end() - 2; i++) {
                    if (s.code().charAt(i - 1) == ' ') {
                        cuts.add(i);
                    }
                }
                if (cuts.isEmpty()) {
                    continue;
                }
                int cut = cuts.get(random.nextInt(cuts.size()));
                String code = s.code().substring(cut);
                List<Span> expected = new ArrayList<>();
                expected.add(new Span(0, block.end() - cut));
                s.comments().stream().filter(c -> c.start() >= block.end())
                        .forEach(c -> expected.add(new Span(c.start() - cut, c.end() - cut)));
                assertEquals(expected, LeanCode.commentRanges(code), () -> "comments of: " + code);
                assertEquals(withoutComments(code, expected), LeanCode.removeComments(code), () -> "removing from: " + code);
                checked++;
            }
        }
        assertTrue(checked > SNIPPETS / 2, "only " + checked + " cuts checked");
    }

    @Test
    void aSnippetCutInsideACommentAtItsEndCountsTheRestAsComment() {
        int checked = 0;
        for (long seed = 0; seed < SNIPPETS; seed++) {
            Snippet s = new Generator(seed, false).generate();
            Random random = new Random(seed);
            for (Span comment : s.comments()) {
                if (comment.end() - comment.start() < 3) {
                    continue;
                }
                int cut = comment.start() + 2 + random.nextInt(comment.end() - comment.start() - 2);
                String code = s.code().substring(0, cut);
                List<Span> expected = new ArrayList<>(s.comments().stream().filter(c -> c.end() <= comment.start()).toList());
                expected.add(new Span(comment.start(), cut));
                assertEquals(expected, LeanCode.commentRanges(code), () -> "comments of: " + code);
                checked++;
            }
        }
        assertTrue(checked > SNIPPETS, "only " + checked + " cuts checked");
    }

    private static List<Span> literalSpans(String code) {
        return LeanLexer.tokens(code).stream().filter(Token::isLiteral).map(t -> new Span(t.start(), t.end())).toList();
    }

    /**
     * The text outside the given comments, in order; where a run of adjacent comments stood between two
     * characters that are not whitespace, one space, since Lean reads a comment as whitespace.
     */
    private static String withoutComments(String code, List<Span> comments) {
        StringBuilder out = new StringBuilder();
        int kept = 0;
        for (int k = 0; k < comments.size(); k++) {
            int start = comments.get(k).start();
            int end = comments.get(k).end();
            while (k + 1 < comments.size() && comments.get(k + 1).start() == end) {
                end = comments.get(++k).end();
            }
            out.append(code, kept, start);
            if (out.length() > 0 && end < code.length() && !Character.isWhitespace(out.charAt(out.length() - 1))
                    && !Character.isWhitespace(code.charAt(end))) {
                out.append(' ');
            }
            kept = end;
        }
        return out.append(code.substring(kept)).toString();
    }
}
