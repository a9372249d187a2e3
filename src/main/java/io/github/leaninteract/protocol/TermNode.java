package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Objects;

/**
 * An info tree node for a term.
 *
 * @param elaborator   the elaborator used, or {@code null}
 * @param stx          its syntax
 * @param expectedType the expected type, pretty-printed, or {@code null} when there was none
 * @param expr         the elaborated expression, pretty-printed
 * @param isBinder     whether the term is a binder
 * @param extra        unknown fields, kept
 */
public record TermNode(String elaborator, Syntax stx, String expectedType, String expr, boolean isBinder,
                       Map<String, JsonNode> extra) implements InfoNode {

    public TermNode {
        Objects.requireNonNull(stx, "stx");
        Objects.requireNonNull(expr, "expr");
        extra = Extras.copy(extra);
    }

    @Override
    public Map<String, JsonNode> extra() {
        return Extras.copy(extra);
    }
}
