package io.github.leaninteract.testing;

/**
 * Small text helpers for the simulator's tiny Lean: whitespace, brackets, words. Kept apart from the library's
 * own scanners ({@code util.LeanLexer}, the server's import-header reader) on purpose: the simulator is the
 * oracle the library's tests compare against, and a scanner bug shared by both would cancel out.
 */
final class LeanText {

    private LeanText() {
    }

    /** Collapses runs of whitespace to one space and trims, so {@code x  = 2} and {@code x = 2} compare equal. */
    static String normalize(String s) {
        return s.trim().replaceAll("\\s+", " ");
    }

    /**
     * Normalises a type or proposition as Lean's pretty-printer would space it: whitespace collapsed
     * and binary operators surrounded by single spaces, so {@code 1+1=2} reads {@code 1 + 1 = 2}.
     */
    static String type(String s) {
        String t = normalize(s);
        t = t.replaceAll("\\s*(?<![:<>=!+])=(?![=>])\\s*", " = ");
        t = t.replaceAll("\\s*(?<!\\+)\\+(?![+])\\s*", " + ");
        t = t.replaceAll("\\s*\\*\\s*", " * ");
        t = t.replaceAll("\\s*([→↔∧∨≠≤≥])\\s*", " $1 ");
        return normalize(t);
    }

    /** The index of {@code token} at bracket depth 0 from {@code from}, or -1; string literals are skipped. */
    static int indexOfTopLevel(String s, String token, int from) {
        int depth = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                i = endOfString(s, i);
                continue;
            }
            if (depth == 0 && s.startsWith(token, i)) {
                return i;
            }
            if ("([{⟨⦃".indexOf(c) >= 0) {
                depth++;
            } else if (")]}⟩⦄".indexOf(c) >= 0 && depth > 0) {
                depth--;
            }
        }
        return -1;
    }

    /** The index of the closing quote of the string literal opening at {@code start}, or the last index. */
    static int endOfString(String s, int start) {
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return s.length() - 1;
    }

    /** The end of the identifier starting at {@code start} (letters, digits, {@code _ . ' !?} and subscripts). */
    static int endOfIdent(String s, int start) {
        int i = start;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (Character.isLetterOrDigit(cp) || cp == '_' || cp == '.' || cp == '\'' || cp == '!' || cp == '?'
                    || (cp >= 0x2080 && cp <= 0x209C) || cp == '✝') {
                i += Character.charCount(cp);
            } else {
                break;
            }
        }
        return i;
    }

    static boolean isIdentStart(String s, int i) {
        if (i >= s.length()) {
            return false;
        }
        int cp = s.codePointAt(i);
        return Character.isLetter(cp) || cp == '_';
    }

    /** Whether {@code s} starts with the word {@code word} followed by whitespace or its end. */
    static boolean startsWithWord(String s, String word) {
        return s.startsWith(word) && (s.length() == word.length() || Character.isWhitespace(s.charAt(word.length())));
    }

    /** The end (exclusive) of the block comment opening at {@code start}; block comments nest, as in Lean. */
    static int endOfBlockComment(String s, int start) {
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
        return s.length();
    }

    /** Replaces {@code -- …} and {@code /- … -/} (nested) comments by spaces, keeping every offset and newline. */
    static String blankComments(String s) {
        if (!s.contains("--") && !s.contains("/-")) {
            return s; // spares a copy of a multi-megabyte command
        }
        StringBuilder sb = new StringBuilder(s);
        int i = 0;
        while (i < sb.length()) {
            char c = sb.charAt(i);
            if (c == '"') {
                i = endOfString(s, i) + 1;
            } else if (c == '-' && i + 1 < sb.length() && sb.charAt(i + 1) == '-') {
                while (i < sb.length() && sb.charAt(i) != '\n') {
                    sb.setCharAt(i++, ' ');
                }
            } else if (c == '/' && i + 1 < sb.length() && sb.charAt(i + 1) == '-') {
                int end = endOfBlockComment(s, i);
                for (; i < end; i++) {
                    if (sb.charAt(i) != '\n') {
                        sb.setCharAt(i, ' ');
                    }
                }
            } else {
                i++;
            }
        }
        return sb.toString();
    }
}
