package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One node of the info tree Lean built while elaborating a command, with its children. Returned in
 * {@link CommandResponse#infotree()} when the command asked for an {@link InfoTreeOptions info tree}.
 *
 * <p>The REPL writes most trees as {@code {"node": …, "kind": …, "children": […]}}; only Term, Command
 * and Tactic infos carry a {@link #node()}. An unassigned hole is written as {@code {"goalState": …}}
 * alone: it is read as a tree with a {@code null} kind and the goal state kept in {@link #extra()}.
 * Fields this library does not know are kept in {@link #extra()} so nothing is lost.
 *
 * <p>Walks are iterative, so very deep trees cannot overflow the stack. Immutable and thread-safe.
 *
 * @param kind     the info kind, such as {@code TacticInfo} or {@code CommandInfo}; {@code null} for a hole
 * @param node     the node's payload, or {@code null} for kinds that carry none
 * @param children the subtrees, in source order
 * @param extra    unknown fields, kept as they came
 */
public record InfoTree(String kind, InfoNode node, List<InfoTree> children, Map<String, JsonNode> extra) {

    /** The {@link #kind()} of command nodes. */
    public static final String COMMAND_INFO = "CommandInfo";

    public InfoTree {
        children = children == null ? List.of() : List.copyOf(children);
        extra = Extras.copy(extra);
    }

    /** A tree with no unknown fields. */
    public static InfoTree of(String kind, InfoNode node, List<InfoTree> children) {
        return new InfoTree(kind, node, children, Map.of());
    }

    @Override
    public Map<String, JsonNode> extra() {
        return Extras.copy(extra);
    }

    /** This tree and all its subtrees, depth-first, each parent before its children. */
    public List<InfoTree> dfsWalk() {
        List<InfoTree> out = new ArrayList<>();
        Deque<InfoTree> stack = new ArrayDeque<>();
        stack.push(this);
        while (!stack.isEmpty()) {
            InfoTree tree = stack.pop();
            out.add(tree);
            for (int i = tree.children.size() - 1; i >= 0; i--) {
                stack.push(tree.children.get(i));
            }
        }
        return out;
    }

    /** {@link #dfsWalk()} as a stream. */
    public Stream<InfoTree> stream() {
        return dfsWalk().stream();
    }

    /** The subtrees without children, in depth-first order. */
    public List<InfoTree> leaves() {
        return stream().filter(t -> t.children.isEmpty()).toList();
    }

    /** The subtrees that are commands ({@code CommandInfo} with a {@link CommandNode}). */
    public List<InfoTree> commands() {
        return stream().filter(t -> COMMAND_INFO.equals(t.kind) && t.node instanceof CommandNode).toList();
    }

    /** The {@code variable} commands. */
    public List<InfoTree> variables() {
        return commandsElaboratedBy("Lean.Elab.Command.elabVariable");
    }

    /** The module doc-string commands. */
    public List<InfoTree> docs() {
        return commandsElaboratedBy("Lean.Elab.Command.elabModuleDoc");
    }

    /** The {@code namespace} commands. */
    public List<InfoTree> namespaces() {
        return commandsElaboratedBy("Lean.Elab.Command.elabNamespace");
    }

    /** The declarations that are theorems (including lemmas). */
    public List<InfoTree> theorems() {
        return commands().stream().filter(t -> {
            Syntax stx = t.node.stx();
            List<String> args = stx.argKinds();
            return "Lean.Parser.Command.declaration".equals(stx.kind())
                    && !args.isEmpty()
                    && "Lean.Parser.Command.theorem".equals(args.get(args.size() - 1));
        }).toList();
    }

    /**
     * The theorem in this tree whose range contains the given sorry; empty when there is none or the
     * sorry has no position.
     */
    public Optional<InfoTree> theoremForSorry(Sorry sorry) {
        if (sorry.pos() == null || sorry.endPos() == null) {
            return Optional.empty();
        }
        return theorems().stream().filter(t -> {
            Range range = t.node.stx().range();
            return !sorry.pos().isBefore(range.start()) && !sorry.endPos().isAfter(range.finish());
        }).findFirst();
    }

    /**
     * This node's pretty-printed syntax, cut at {@code endPos}.
     *
     * @throws IllegalStateException    if the tree has no node or the node no pretty-printed text
     * @throws IllegalArgumentException if {@code endPos} is outside the node's range
     */
    public String ppUpTo(Pos endPos) {
        if (node == null) {
            throw new IllegalStateException("this " + kind + " tree has no node to pretty-print");
        }
        Syntax stx = node.stx();
        if (stx.pp() == null) {
            throw new IllegalStateException("the node has no pretty-printed text");
        }
        if (!stx.range().contains(endPos)) {
            throw new IllegalArgumentException("endPos " + endPos + " is outside the node's range " + stx.range());
        }
        List<String> lines = splitKeepingEnds(stx.pp());
        int lastIndex = endPos.line() - stx.range().start().line();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i <= lastIndex; i++) {
            if (i >= lines.size()) {
                throw new IllegalArgumentException("endPos " + endPos + " is past the end of the pretty-printed text");
            }
            String line = lines.get(i);
            if (i == lastIndex) {
                // Lean columns count code points, not UTF-16 units.
                int cut = Math.min(endPos.column(), line.codePointCount(0, line.length()));
                line = line.substring(0, line.offsetByCodePoints(0, cut));
            }
            out.append(line);
        }
        return out.toString();
    }

    private List<InfoTree> commandsElaboratedBy(String elaborator) {
        return commands().stream()
                .filter(t -> elaborator.equals(((CommandNode) t.node).elaborator()))
                .toList();
    }

    private static List<String> splitKeepingEnds(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }
}
