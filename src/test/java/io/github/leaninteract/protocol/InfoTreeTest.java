package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoTreeTest {

    private static Syntax syntax(String pp, String kind, int line, int from, int to, String... argKinds) {
        return new Syntax(pp, new Range(false, Pos.of(line, from), Pos.of(line, to)), kind, List.of(argKinds), Map.of());
    }

    /** theorem t : True := by trivial, with a term and a tactic below the command. */
    private static InfoTree theoremTree() {
        InfoTree term = InfoTree.of("TermInfo", new TermNode("Lean.Elab.Term.elabIdent",
                syntax("True", "ident", 1, 12, 16), "Prop", "True", false, Map.of()), List.of());
        InfoTree completion = InfoTree.of("CompletionInfo", null, List.of());
        InfoTree tactic = InfoTree.of("TacticInfo", new TacticNode("Lean.Parser.Tactic.trivial",
                syntax("trivial", "Lean.Parser.Tactic.trivial", 1, 23, 30), List.of("⊢ True"), List.of(), Map.of()),
                List.of(completion));
        return InfoTree.of("CommandInfo", new CommandNode("Lean.Elab.Command.elabDeclaration",
                syntax("theorem t : True := by trivial", "Lean.Parser.Command.declaration", 1, 0, 30,
                        "Lean.Parser.Command.declModifiers", "Lean.Parser.Command.theorem"), Map.of()),
                List.of(term, tactic));
    }

    @Test
    void dfsWalkVisitsParentsBeforeChildrenInSourceOrder() {
        List<String> kinds = theoremTree().dfsWalk().stream().map(InfoTree::kind).toList();
        assertEquals(List.of("CommandInfo", "TermInfo", "TacticInfo", "CompletionInfo"), kinds);
        assertEquals(4, theoremTree().stream().count());
    }

    @Test
    void leavesAreTheTreesWithoutChildren() {
        assertEquals(List.of("TermInfo", "CompletionInfo"),
                theoremTree().leaves().stream().map(InfoTree::kind).toList());
    }

    @Test
    void commandsAndTheoremsAreFound() {
        InfoTree tree = theoremTree();
        assertEquals(List.of(tree), tree.commands());
        assertEquals(List.of(tree), tree.theorems());
        assertTrue(tree.variables().isEmpty());
        assertTrue(tree.namespaces().isEmpty());
        assertTrue(tree.docs().isEmpty());
    }

    @Test
    void aDeclarationThatIsNotATheoremIsNotATheorem() {
        InfoTree def = InfoTree.of("CommandInfo", new CommandNode("Lean.Elab.Command.elabDeclaration",
                syntax("def f := 1", "Lean.Parser.Command.declaration", 1, 0, 10, "x", "Lean.Parser.Command.definition"),
                Map.of()), List.of());
        assertTrue(def.theorems().isEmpty());
        assertEquals(1, def.commands().size());
    }

    @Test
    void theoremForSorryFindsTheTheoremContainingIt() {
        InfoTree tree = theoremTree();
        assertEquals(Optional.of(tree), tree.theoremForSorry(new Sorry(Pos.of(1, 23), Pos.of(1, 28), "⊢ True", 0)));
        assertEquals(Optional.empty(), tree.theoremForSorry(new Sorry(Pos.of(2, 0), Pos.of(2, 5), "⊢ True", 0)));
        assertEquals(Optional.empty(), tree.theoremForSorry(new Sorry(null, null, "⊢ True", 0)));
    }

    @Test
    void ppUpToCutsThePrettyPrintedTextAtAPosition() {
        InfoTree tree = InfoTree.of("CommandInfo", new CommandNode(null,
                new Syntax("theorem t : True := by\n  trivial", new Range(false, Pos.of(3, 0), Pos.of(4, 9)),
                        "k", List.of(), Map.of()), Map.of()), List.of());
        assertEquals("theorem t", tree.ppUpTo(Pos.of(3, 9)));
        assertEquals("theorem t : True := by\n  tri", tree.ppUpTo(Pos.of(4, 5)));
        assertThrows(IllegalArgumentException.class, () -> tree.ppUpTo(Pos.of(5, 0)));
        assertThrows(IllegalStateException.class, () -> InfoTree.of("CompletionInfo", null, List.of()).ppUpTo(Pos.of(1, 0)));
    }

    @Test
    void ppUpToCountsColumnsInCodePoints() {
        InfoTree tree = InfoTree.of("CommandInfo", new CommandNode(null,
                new Syntax("𝔽 ⊢ x", new Range(false, Pos.of(1, 0), Pos.of(1, 5)), "k", List.of(), Map.of()),
                Map.of()), List.of());
        assertEquals("𝔽 ⊢", tree.ppUpTo(Pos.of(1, 3)));
    }

    @Test
    void nodesAreReadByTheirFieldsWithNullsAndUnknownFieldsKept() {
        String json = """
                {"node": {"stx": {"range": {"synthetic": true, "start": {"line": 1, "column": 0},
                                            "finish": {"line": 1, "column": 3}},
                                  "pp": null, "kind": "k", "argKinds": ["null"], "newStx": 1},
                          "name": null, "goalsBefore": ["⊢ p"], "goalsAfter": [], "future": "kept"},
                 "kind": "TacticInfo", "children": [], "alsoNew": [true]}
                """;
        InfoTree tree = ((CommandResponse) LeanJson.readResponse(Command.of("x"),
                "{\"env\": 0, \"infotree\": [" + json + "]}")).infotree().get(0);
        TacticNode node = assertInstanceOf(TacticNode.class, tree.node());
        assertNull(node.name());
        assertNull(node.stx().pp());
        assertTrue(node.stx().range().synthetic());
        assertEquals(Map.of("future", TextNode.valueOf("kept")), node.extra());
        assertEquals(Map.of("newStx", IntNode.valueOf(1)), node.stx().extra());
        assertEquals(LeanJson.readTree("[true]"), tree.extra().get("alsoNew"));
        JsonNode written = LeanJson.toTree(CommandResponse.of(0).withInfotree(List.of(tree))).get("infotree").get(0);
        assertEquals(LeanJson.readTree(json), written);
    }

    @Test
    void termAndCommandNodesAreRecognised() {
        String json = """
                {"env": 0, "infotree": [
                  {"node": {"stx": {"range": {"synthetic": false, "start": {"line": 1, "column": 0},
                                              "finish": {"line": 1, "column": 3}},
                                    "pp": "x", "kind": "k", "argKinds": []},
                            "elaborator": null},
                   "kind": "CommandInfo",
                   "children": [
                     {"node": {"stx": {"range": {"synthetic": false, "start": {"line": 1, "column": 0},
                                                 "finish": {"line": 1, "column": 1}},
                                       "pp": "p", "kind": "ident", "argKinds": []},
                               "isBinder": true, "expr": "p", "elaborator": null},
                      "kind": "TermInfo", "children": []},
                     {"goalState": "⊢ p"}]}]}
                """;
        CommandResponse r = (CommandResponse) LeanJson.readResponse(Command.of("x"), json);
        InfoTree root = r.infotree().get(0);
        assertInstanceOf(CommandNode.class, root.node());
        TermNode term = assertInstanceOf(TermNode.class, root.children().get(0).node());
        assertTrue(term.isBinder());
        assertNull(term.expectedType());
        InfoTree hole = root.children().get(1);
        assertNull(hole.kind());
        assertEquals(TextNode.valueOf("⊢ p"), hole.extra().get("goalState"));
        assertEquals(LeanJson.readTree(json), LeanJson.toTree(r));
    }

    @Test
    void extraFieldsCannotBeChangedThroughTheirAccessor() {
        InfoTree tree = new InfoTree("CustomInfo", null, List.of(),
                Map.of("data", LeanJson.readTree("{\"a\": 1}")));
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.extra().get("data")).put("a", 2);
        assertEquals(LeanJson.readTree("{\"a\": 1}"), tree.extra().get("data"));
    }

    @Test
    void veryDeepTreesAreWalkedWithoutOverflowingTheStack() {
        InfoTree tree = InfoTree.of("TermInfo", null, List.of());
        for (int i = 0; i < 20_000; i++) {
            tree = InfoTree.of("TermInfo", null, List.of(tree));
        }
        assertEquals(20_001, tree.dfsWalk().size());
        assertEquals(1, tree.leaves().size());
        List<InfoTree> none = new ArrayList<>(tree.commands());
        assertTrue(none.isEmpty());
    }
}
