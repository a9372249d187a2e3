package io.github.leaninteract.protocol;

import java.util.List;

/** The validity rules shared by command and proof step responses (LeanInteract's lean_code_is_valid). */
final class Validity {

    private Validity() {
    }

    /**
     * Whether a message or sorry spanning {@code [pos, endPos]} can touch the lines {@code start..end}.
     * Only lines are compared, and a missing bound or position never excludes anything.
     */
    static boolean intersects(Pos pos, Pos endPos, Pos start, Pos end) {
        boolean result = true;
        if (start != null && endPos != null) {
            result = endPos.line() >= start.line();
        }
        if (end != null && pos != null) {
            result = result && pos.line() <= end.line();
        }
        return result;
    }

    static boolean isValid(List<Message> messages, List<Sorry> sorries, Pos start, Pos end, boolean allowSorry) {
        boolean anyError = messages.stream()
                .anyMatch(m -> m.isError() && intersects(m.pos(), m.endPos(), start, end));
        if (anyError) {
            return false;
        }
        if (allowSorry) {
            return true;
        }
        boolean anySorry = sorries.stream().anyMatch(s -> intersects(s.pos(), s.endPos(), start, end))
                || messages.stream().anyMatch(m -> m.isSorryWarning() && intersects(m.pos(), m.endPos(), start, end));
        return !anySorry;
    }

    static List<Message> withSeverity(List<Message> messages, Severity severity) {
        return messages.stream().filter(m -> m.severity() == severity).toList();
    }
}
