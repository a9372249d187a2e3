package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An info tree node for a tactic.
 *
 * @param name        the tactic's name, or {@code null}
 * @param stx         its syntax
 * @param goalsBefore the goals before the tactic ran
 * @param goalsAfter  the goals after it ran
 * @param extra       unknown fields, kept
 */
public record TacticNode(String name, Syntax stx, List<String> goalsBefore, List<String> goalsAfter,
                         Map<String, JsonNode> extra) implements InfoNode {

    public TacticNode {
        Objects.requireNonNull(stx, "stx");
        goalsBefore = goalsBefore == null ? List.of() : List.copyOf(goalsBefore);
        goalsAfter = goalsAfter == null ? List.of() : List.copyOf(goalsAfter);
        extra = Extras.copy(extra);
    }

    @Override
    public Map<String, JsonNode> extra() {
        return Extras.copy(extra);
    }
}
