package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The syntax of an {@link InfoTree} node.
 *
 * @param pp       the pretty-printed syntax, or {@code null} when Lean could not print it
 * @param range    where it is in the source
 * @param kind     the syntax kind, such as {@code Lean.Parser.Command.declaration}
 * @param argKinds the kinds of its arguments
 * @param extra    fields this library does not know, kept as they came (never {@code null})
 */
public record Syntax(String pp, Range range, String kind, List<String> argKinds, Map<String, JsonNode> extra) {

    public Syntax {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(kind, "kind");
        argKinds = argKinds == null ? List.of() : List.copyOf(argKinds);
        extra = Extras.copy(extra);
    }

    /** Unknown fields, as fresh copies (JSON nodes are mutable). */
    @Override
    public Map<String, JsonNode> extra() {
        return Extras.copy(extra);
    }
}
