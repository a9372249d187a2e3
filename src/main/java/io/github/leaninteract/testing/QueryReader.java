package io.github.leaninteract.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads queries the way the REPL's {@code getLines} does: lines up to one that is blank after
 * trimming, each non-blank line right-trimmed, concatenated without a separator.
 *
 * <p>Works on bytes, and a query is handed out as a view on one growing buffer, so a 10 MB
 * request is not copied into intermediate arrays or strings. Not thread-safe.
 */
final class QueryReader {

    /** A query's bytes: {@code bytes[0, length)}; valid until the next call to {@link #next()}. */
    record Query(byte[] bytes, int length) {
        boolean startsWith(String prefix) {
            if (length < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (bytes[i] != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final InputStream in;
    private final byte[] input = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] joined = new byte[1 << 12];
    private int count;

    QueryReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next query without its terminating line, or {@code null} when input ended before any
     * line (the REPL's empty query, on which it exits normally). A lone blank line yields an empty
     * query: the REPL tries to parse it and dies.
     */
    Query next() throws IOException {
        count = 0;
        boolean first = true;
        while (true) {
            int lineStart = count;
            if (!readLineInto()) {
                return first ? null : new Query(joined, count);
            }
            int end = count;
            while (end > lineStart && isAsciiSpace(joined[end - 1])) {
                end--;
            }
            boolean blank = true;
            for (int i = lineStart; i < end && blank; i++) {
                blank = isAsciiSpace(joined[i]);
            }
            if (blank) {
                count = lineStart;
                return new Query(joined, count);
            }
            count = end;
            first = false;
        }
    }

    /** Lets go of a large request's buffer once it has been parsed. */
    void release() {
        if (joined.length > 1 << 20) {
            joined = new byte[1 << 12];
        }
    }

    /** Appends one line, newline included, to the joined buffer; false when input ended before any byte. */
    private boolean readLineInto() throws IOException {
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(input);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any;
                }
            }
            any = true;
            int start = position;
            while (position < limit && input[position] != '\n') {
                position++;
            }
            boolean newline = position < limit;
            if (newline) {
                position++;
            }
            append(start, position - start);
            if (newline) {
                return true;
            }
        }
    }

    private void append(int from, int length) {
        if (count + length > joined.length) {
            joined = Arrays.copyOf(joined, Math.max(joined.length * 2, count + length));
        }
        System.arraycopy(input, from, joined, count, length);
        count += length;
    }

    private static boolean isAsciiSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
