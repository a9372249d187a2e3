package io.github.leaninteract.util;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small lexer of Lean 4's lexical structure: comments (nested block comments, doc comments, line
 * comments), string literals (with escapes, interpolation holes, raw strings), char literals,
 * identifiers, numbers and symbols. It follows Lean's own rules where they matter for finding comments
 * and literals (the third character of a top-level {@code /-} belongs to the opener, a {@code '} inside
 * an identifier such as {@code h'} is part of it, {@code ''} is not a char literal) and is lenient
 * elsewhere: it never fails, whatever the text.
 *
 * <p>Text is read as a snippet that may be cut inside a comment at either end. A comment left open at
 * the end runs to the end. A {@code -/} that closes nothing means the snippet began inside a block
 * comment: the lexer then reads the text from its start as the inside of a block comment nested as
 * deep as it takes for no closer to be left over, and reports that part as one comment starting at 0.
 *
 * <p>Stateless; its static methods are thread-safe.
 */
final class LeanLexer {

    /** What a token is. Whitespace is not a token. */
    enum Kind {
        IDENTIFIER, NUMBER, SYMBOL, STRING, CHAR,
        /** {@code -- ...} up to (not including) the line break. */
        LINE_COMMENT,
        /** {@code /- ... -/}, or the part of a comment cut by the start of the text. */
        BLOCK_COMMENT,
        /** {@code /-- ... -/}. */
        DOC_COMMENT,
        /** {@code /-! ... -/}. */
        MODULE_DOC_COMMENT;

        boolean isComment() {
            return this == LINE_COMMENT || this == BLOCK_COMMENT || this == DOC_COMMENT || this == MODULE_DOC_COMMENT;
        }

        boolean isLiteral() {
            return this == STRING || this == CHAR;
        }
    }

    /**
     * One token: {@code code.substring(start, end)}.
     *
     * @param cutAtStart the token is a block comment that began before the text (it starts at 0)
     * @param cutAtEnd   the token is a comment or string literal still open at the end of the text
     */
    record Token(Kind kind, int start, int end, boolean cutAtStart, boolean cutAtEnd) {

        String text(String code) {
            return code.substring(start, end);
        }

        boolean isComment() {
            return kind.isComment();
        }

        boolean isLiteral() {
            return kind.isLiteral();
        }

        /** Whether this token is the identifier or symbol {@code text}. */
        boolean is(String code, String text) {
            return (kind == Kind.IDENTIFIER || kind == Kind.SYMBOL) && end - start == text.length()
                    && code.startsWith(text, start);
        }
    }

    private static final int NOT_CLOSED = -1;

    /** Signals a {@code -/} that closes no comment. */
    private static final int STRAY_CLOSER = -2;

    private final String code;
    private final int n;
    /** Where the last {@code »} is: a {@code «} before it opens an escaped identifier. */
    private final int lastGuillemet;

    private LeanLexer(String code) {
        this.code = code;
        this.n = code.length();
        this.lastGuillemet = code.lastIndexOf('\u00bb');
    }

    /** The tokens of {@code code} in order, comments and literals included, whitespace left out. */
    static List<Token> tokens(String code) {
        return new LeanLexer(code).tokenize();
    }

    /** Whether Lean treats {@code c} as whitespace. */
    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private List<Token> tokenize() {
        int cutDepth = 0;
        int cutEnd = 0;
        // For every top-level position some earlier pass started a token at: where that pass met its stray
        // closer. A later pass reaching such a position would repeat it, so it stops at once; this keeps
        // the work linear when several restarts are needed.
        int[] strayFrom = null;
        IntList visited = new IntList();
        while (true) {
            List<Token> out = new ArrayList<>();
            if (cutDepth > 0) {
                out.add(new Token(Kind.BLOCK_COMMENT, 0, cutEnd, true, false));
            }
            visited.clear();
            int stray = -1;
            int i = cutEnd;
            while (i < n) {
                if (strayFrom != null && strayFrom[i] >= 0) {
                    stray = strayFrom[i];
                    break;
                }
                visited.add(i);
                int next = lex(i, true, out);
                if (next == STRAY_CLOSER) {
                    stray = i;
                    break;
                }
                i = next;
            }
            if (stray < 0) {
                return out;
            }
            if (strayFrom == null) {
                strayFrom = new int[n];
                Arrays.fill(strayFrom, -1);
            }
            for (int k = 0; k < visited.size(); k++) {
                strayFrom[visited.get(k)] = stray;
            }
            // One level deeper at the start: the comment that began before the text now ends at the next
            // closer that brings the nesting back to zero.
            cutDepth++;
            int close = commentBodyEnd(cutEnd, 1);
            if (close == NOT_CLOSED) {
                return List.of(new Token(Kind.BLOCK_COMMENT, 0, n, true, true));
            }
            cutEnd = close;
        }
    }

    /**
     * Lexes whitespace or one token at {@code i}, adding the token to {@code out} when not null.
     *
     * @param topLevel whether a {@code -/} there closes nothing ({@link #STRAY_CLOSER}); inside an
     *                 interpolation hole it is read as symbols
     * @return the position after it, or {@link #STRAY_CLOSER}
     */
    private int lex(int i, boolean topLevel, List<Token> out) {
        char c = code.charAt(i);
        char next = i + 1 < n ? code.charAt(i + 1) : '\0';
        if (isWhitespace(c)) {
            int end = i + 1;
            while (end < n && isWhitespace(code.charAt(end))) {
                end++;
            }
            return end;
        }
        if (c == '-' && next == '-') {
            int end = code.indexOf('\n', i);
            if (end < 0) {
                end = n;
            } else if (end > i + 2 && code.charAt(end - 1) == '\r') {
                end--; // the CR of a CRLF belongs to the line break, not to the comment
            }
            return add(out, Kind.LINE_COMMENT, i, end, false);
        }
        if (c == '/' && next == '-') {
            char third = i + 2 < n ? code.charAt(i + 2) : '\0';
            Kind kind = third == '-' ? Kind.DOC_COMMENT : third == '!' ? Kind.MODULE_DOC_COMMENT : Kind.BLOCK_COMMENT;
            // As in Lean, the body starts after the third character, whatever it is.
            int close = commentBodyEnd(Math.min(i + 3, n), 1);
            return close == NOT_CLOSED ? add(out, kind, i, n, true) : add(out, kind, i, close, false);
        }
        if (c == '-' && next == '/' && topLevel) {
            return STRAY_CLOSER;
        }
        if (c == '"') {
            return addString(out, i, stringEnd(i + 1, false));
        }
        if (c == 'r' && (next == '"' || next == '#')) {
            int end = rawStringEnd(i);
            if (end != i) {
                return addString(out, i, end);
            }
        }
        if (c == '\'') {
            if (next == '\'') {
                return add(out, Kind.SYMBOL, i, i + 2, false); // Mathlib's image notation f '' s
            }
            int end = i > 0 && code.charAt(i - 1) == '\u00b9' ? NOT_CLOSED : charEnd(i); // f ⁻¹' s
            return end == NOT_CLOSED ? add(out, Kind.SYMBOL, i, i + 1, false) : add(out, Kind.CHAR, i, end, false);
        }
        int cp = code.codePointAt(i);
        if (isIdFirst(cp) || (c == '\u00ab' && lastGuillemet > i)) {
            int end = identifierEnd(i);
            add(out, Kind.IDENTIFIER, i, end, false);
            if (end < n && code.charAt(end) == '"' && code.charAt(end - 1) == '!') {
                // s!"..", m!"..", f!"..": an interpolated string, whose {holes} hold code
                return addString(out, end, stringEnd(end + 1, true));
            }
            return end;
        }
        if (c >= '0' && c <= '9') {
            return add(out, Kind.NUMBER, i, numberEnd(i), false);
        }
        if ((c == ':' && (next == '=' || next == ':')) || (c == '<' && next == '-')) {
            return add(out, Kind.SYMBOL, i, i + 2, false);
        }
        return add(out, Kind.SYMBOL, i, i + Character.charCount(cp), false);
    }

    private static int add(List<Token> out, Kind kind, int start, int end, boolean cutAtEnd) {
        if (out != null) {
            out.add(new Token(kind, start, end, false, cutAtEnd));
        }
        return end;
    }

    private int addString(List<Token> out, int start, int end) {
        return end == NOT_CLOSED ? add(out, Kind.STRING, start, n, true) : add(out, Kind.STRING, start, end, false);
    }

    /**
     * The end of a block comment body read from {@code i} at the given nesting, as Lean's
     * {@code finishCommentBlock} reads it: the position after the closer that brings the nesting to zero.
     */
    private int commentBodyEnd(int i, int nesting) {
        while (i < n) {
            char c = code.charAt(i);
            if (c == '-' && i + 1 < n && code.charAt(i + 1) == '/') {
                i += 2;
                if (--nesting == 0) {
                    return i;
                }
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '-') {
                i += 2;
                nesting++;
            } else {
                i++;
            }
        }
        return NOT_CLOSED;
    }

    /** The position after the closing quote of a string whose body starts at {@code i}. */
    private int stringEnd(int i, boolean interpolated) {
        while (i < n) {
            char c = code.charAt(i);
            if (c == '\\') {
                i += 2; // the escaped character, whatever it is, cannot end the string
            } else if (c == '"') {
                return i + 1;
            } else if (interpolated && c == '{') {
                i = holeEnd(i + 1);
            } else {
                i++;
            }
        }
        return NOT_CLOSED;
    }

    /** The position after the closing brace of an interpolation hole whose code starts at {@code i}. */
    private int holeEnd(int i) {
        int braces = 0;
        while (i < n) {
            char c = code.charAt(i);
            if (c == '{') {
                braces++;
                i++;
            } else if (c == '}') {
                if (braces == 0) {
                    return i + 1;
                }
                braces--;
                i++;
            } else {
                i = lex(i, false, null);
            }
        }
        return n;
    }

    /** The end of a raw string {@code r"..."} or {@code r#"..."#} at {@code i}, or {@code i} when there is none. */
    private int rawStringEnd(int i) {
        int hashes = 0;
        int j = i + 1;
        while (j < n && code.charAt(j) == '#') {
            hashes++;
            j++;
        }
        if (j >= n || code.charAt(j) != '"') {
            return i;
        }
        String closer = "\"" + "#".repeat(hashes);
        int close = code.indexOf(closer, j + 1);
        return close < 0 ? NOT_CLOSED : close + closer.length();
    }

    /** The end of a char literal at {@code i} ({@code 'a'}, {@code '\''}, {@code '\x41'}). */
    private int charEnd(int i) {
        int j = i + 1;
        if (j >= n) {
            return NOT_CLOSED;
        }
        if (code.charAt(j) == '\\') {
            j++;
            if (j >= n) {
                return NOT_CLOSED;
            }
            char e = code.charAt(j);
            if (e == 'x') {
                j += 3;
            } else if (e == 'u' && j + 1 < n && code.charAt(j + 1) == '{') {
                j += 2;
                while (j < n && Character.digit(code.charAt(j), 16) >= 0) {
                    j++;
                }
                if (j >= n || code.charAt(j) != '}') {
                    return NOT_CLOSED;
                }
                j++;
            } else {
                j++;
            }
        } else {
            j += Character.charCount(code.codePointAt(j));
        }
        return j < n && code.charAt(j) == '\'' ? j + 1 : NOT_CLOSED;
    }

    /** The end of a (possibly dotted, possibly «escaped») identifier at {@code i}. */
    private int identifierEnd(int i) {
        while (true) {
            if (code.charAt(i) == '\u00ab') {
                int close = code.indexOf('\u00bb', i + 1);
                if (close < 0) {
                    return i;
                }
                i = close + 1;
            } else {
                i += Character.charCount(code.codePointAt(i));
                while (i < n && isIdRest(code.codePointAt(i))) {
                    i += Character.charCount(code.codePointAt(i));
                }
            }
            if (i + 1 < n && code.charAt(i) == '.'
                    && (isIdFirst(code.codePointAt(i + 1))
                        || (code.charAt(i + 1) == '\u00ab' && lastGuillemet > i + 1))) {
                i++;
            } else {
                return i;
            }
        }
    }

    private int numberEnd(int i) {
        int j = i + 1;
        if (code.charAt(i) == '0' && j < n && "xXbBoO".indexOf(code.charAt(j)) >= 0) {
            j++;
            while (j < n && (Character.digit(code.charAt(j), 16) >= 0 || code.charAt(j) == '_')) {
                j++;
            }
            return j;
        }
        j = digitsEnd(j);
        if (j + 1 < n && code.charAt(j) == '.' && isDigit(code.charAt(j + 1))) {
            j = digitsEnd(j + 1);
        }
        if (j < n && (code.charAt(j) == 'e' || code.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < n && (code.charAt(k) == '+' || code.charAt(k) == '-')) {
                k++;
            }
            if (k < n && isDigit(code.charAt(k))) {
                j = digitsEnd(k);
            }
        }
        return j;
    }

    private int digitsEnd(int j) {
        while (j < n && (isDigit(code.charAt(j)) || code.charAt(j) == '_')) {
            j++;
        }
        return j;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    // Lean's Char.isAlpha is ASCII only; other letters come from isLetterLike.
    private static boolean isIdFirst(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || isLetterLike(c);
    }

    private static boolean isIdRest(int c) {
        return isIdFirst(c) || (c >= '0' && c <= '9') || c == '\'' || c == '!' || c == '?' || isSubscriptAlnum(c);
    }

    private static boolean isLetterLike(int c) {
        return (0x3b1 <= c && c <= 0x3c9 && c != 0x3bb)                 // lower Greek, but lambda
                || (0x391 <= c && c <= 0x3a9 && c != 0x3a0 && c != 0x3a3) // upper Greek, but Pi and Sigma
                || (0x3ca <= c && c <= 0x3fb)                             // Coptic
                || (0x1f00 <= c && c <= 0x1ffe)                           // polytonic Greek
                || (0x2100 <= c && c <= 0x214f)                           // letter-like block
                || (0x1d49c <= c && c <= 0x1d59f);                        // script, double-struck, Fraktur
    }

    private static boolean isSubscriptAlnum(int c) {
        return (0x2080 <= c && c <= 0x2089) || (0x2090 <= c && c <= 0x209c) || (0x1d62 <= c && c <= 0x1d6a);
    }

    /** A growable list of ints, to record positions without boxing. */
    private static final class IntList {
        private int[] items = new int[16];
        private int size;

        void add(int value) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = value;
        }

        int get(int index) {
            return items[index];
        }

        int size() {
            return size;
        }

        void clear() {
            size = 0;
        }
    }
}
