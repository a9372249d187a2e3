package io.github.leaninteract.protocol;

import java.util.Objects;

/**
 * A message Lean reported: an error, warning, info or trace, with where it applies.
 *
 * @param pos      where the message starts
 * @param endPos   where it ends, or {@code null} when Lean gave no end
 * @param severity how serious it is
 * @param data     the message text
 */
public record Message(Pos pos, Pos endPos, Severity severity, String data) {

    public Message {
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(data, "data");
    }

    /** Whether this is an error message. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * Whether this is Lean's "declaration uses sorry" warning (quoted with either {@code 'sorry'} or
     * {@code `sorry`}: the wording changed between Lean versions).
     */
    public boolean isSorryWarning() {
        return data.equals("declaration uses 'sorry'") || data.equals("declaration uses `sorry`");
    }
}
