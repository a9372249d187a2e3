package io.github.leaninteract.protocol;

/**
 * A position in Lean source: a 1-based line and a 0-based column (in Unicode code points), as the REPL
 * reports them. Positions of messages produced in tactic mode can be line 0, column 0.
 *
 * <p>Positions are ordered by line, then column. Immutable and thread-safe.
 *
 * @param line   the line, never negative
 * @param column the column, never negative
 */
public record Pos(int line, int column) implements Comparable<Pos> {

    public Pos {
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException(
                    "line and column must not be negative, got line " + line + ", column " + column);
        }
    }

    /** Same as {@code new Pos(line, column)}. */
    public static Pos of(int line, int column) {
        return new Pos(line, column);
    }

    @Override
    public int compareTo(Pos other) {
        int byLine = Integer.compare(line, other.line);
        return byLine != 0 ? byLine : Integer.compare(column, other.column);
    }

    /** Whether this position comes strictly before {@code other}. */
    public boolean isBefore(Pos other) {
        return compareTo(other) < 0;
    }

    /** Whether this position comes strictly after {@code other}. */
    public boolean isAfter(Pos other) {
        return compareTo(other) > 0;
    }
}
