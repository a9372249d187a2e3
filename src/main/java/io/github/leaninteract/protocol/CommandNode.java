package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Objects;

/**
 * An info tree node for a command.
 *
 * @param elaborator the elaborator that handled the command, or {@code null} when anonymous
 * @param stx        its syntax
 * @param extra      unknown fields, kept
 */
public record CommandNode(String elaborator, Syntax stx, Map<String, JsonNode> extra) implements InfoNode {

    public CommandNode {
        Objects.requireNonNull(stx, "stx");
        extra = Extras.copy(extra);
    }

    @Override
    public Map<String, JsonNode> extra() {
        return Extras.copy(extra);
    }
}
