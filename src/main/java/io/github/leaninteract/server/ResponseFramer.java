package io.github.leaninteract.server;

/**
 * Cuts the REPL's stdout into answers, one line at a time.
 *
 * <p>The REPL ends each answer with a blank line, but builds for old Lean versions may not; so an answer
 * is also complete as soon as a whole JSON object (or array) has been read. Text that does not start like
 * JSON runs to the next blank line and is handed on as it is, for the caller to reject.
 *
 * <p>Not thread-safe: one instance belongs to the one thread reading a process's stdout.
 */
final class ResponseFramer {

    private final StringBuilder buffer = new StringBuilder();
    private int depth;
    private boolean inString;
    private boolean escaped;
    private boolean json;

    /**
     * Feeds one line (without its line terminator).
     *
     * @return a complete answer, or {@code null} when more lines are needed
     */
    String accept(String line) {
        if (line.isBlank()) {
            return buffer.length() == 0 ? null : take();
        }
        if (buffer.length() == 0) {
            char first = line.stripLeading().charAt(0);
            json = first == '{' || first == '[';
        }
        if (buffer.length() > 0) {
            buffer.append('\n');
        }
        buffer.append(line);
        if (json && scan(line)) {
            return take();
        }
        return null;
    }

    /** Whatever was read since the last complete answer (for error messages at end of input). */
    String pending() {
        return buffer.toString();
    }

    /** @return true when the line closed the outermost JSON value */
    private boolean scan(String line) {
        for (int i = 0, n = line.length(); i < n; i++) {
            char c = line.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth <= 0) {
                    // Anything after the closing brace on the same line is kept; the parser rejects it.
                    return i == n - 1 || line.substring(i + 1).isBlank();
                }
            }
        }
        return false;
    }

    private String take() {
        String s = buffer.toString();
        buffer.setLength(0);
        depth = 0;
        inString = false;
        escaped = false;
        json = false;
        return s;
    }
}
