package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** The payload of an {@link InfoTree} node: what Lean recorded about one piece of syntax. */
public sealed interface InfoNode permits TacticNode, CommandNode, TermNode {

    /** The syntax this node is about. */
    Syntax stx();

    /** Fields this library does not know, kept as they came. */
    Map<String, JsonNode> extra();
}
