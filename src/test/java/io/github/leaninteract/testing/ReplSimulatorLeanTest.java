package io.github.leaninteract.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.leaninteract.support.Closer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.github.leaninteract.testing.SimulatorProcess.firstMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tiny Lean: answers depend on environments and proof states. One process per test. */
class ReplSimulatorLeanTest {

    @RegisterExtension
    final Closer closer = new Closer();

    private SimulatorProcess repl;

    @BeforeEach
    void start() throws IOException {
        repl = closer.add(SimulatorProcess.start());
    }

    private JsonNode cmd(String text) throws IOException {
        return repl.request("{\"cmd\": " + quote(text) + "}");
    }

    private JsonNode cmd(String text, int env) throws IOException {
        return repl.request("{\"cmd\": " + quote(text) + ", \"env\": " + env + "}");
    }

    private JsonNode tactic(String tactic, int proofState) throws IOException {
        return repl.request("{\"tactic\": " + quote(tactic) + ", \"proofState\": " + proofState + "}");
    }

    private static String quote(String s) {
        return new com.fasterxml.jackson.databind.node.TextNode(s).toString();
    }

    @Test
    void evalDependsOnTheEnvironment() throws Exception {
        int a = cmd("def x := 1").get("env").asInt();
        int b = cmd("def x := 2").get("env").asInt();
        assertEquals("1", firstMessage(cmd("#eval x", a)));
        assertEquals("2", firstMessage(cmd("#eval x", b)));
    }

    @Test
    void evalComputesWithDefinitionsAndArguments() throws Exception {
        int env = cmd("def base : Nat := 10\ndef double (n : Nat) : Nat := n * 2\ndef hi := \"hi\"").get("env").asInt();
        JsonNode answer = cmd("#eval double (base + 1)\n#eval hi ++ \"!\"", env);
        assertEquals("22", firstMessage(answer));
        assertEquals("\"hi!\"", answer.at("/messages/1/data").asText());
        assertEquals(2, answer.at("/messages/1/pos/line").asInt());
    }

    @Test
    void evalOfAnUnknownNameIsAnError() throws Exception {
        JsonNode message = cmd("#eval nope + 1").at("/messages/0");
        assertEquals("error", message.get("severity").asText());
        assertEquals("Unknown identifier `nope`", message.get("data").asText());
        assertEquals(6, message.at("/pos/column").asInt());
        assertEquals(10, message.at("/endPos/column").asInt());
    }

    @Test
    void checkShowsTheSignature() throws Exception {
        int env = cmd("theorem demo (a b: Nat) : a + b = b + a := by sorry").get("env").asInt();
        assertEquals("demo (a b : Nat) : a + b = b + a", firstMessage(cmd("#check demo", env)));
    }

    @Test
    void printShowsTheDefinition() throws Exception {
        int env = cmd("def f : Nat := 37").get("env").asInt();
        assertEquals("def f : Nat :=\n37", firstMessage(cmd("#print f", env)));
    }

    @Test
    void importIsRecordedOnlyAtTheStartOfAFreshEnvironment() throws Exception {
        JsonNode fresh = cmd("import Mathlib\ndef f := 1");
        assertFalse(fresh.has("messages"));
        JsonNode late = cmd("def g := 1\nimport Mathlib");
        assertEquals("invalid 'import' command, it must be used in the beginning of the file",
                firstMessage(late));
        JsonNode withEnv = cmd("import Lean", fresh.get("env").asInt());
        assertEquals("error", withEnv.at("/messages/0/severity").asText());
    }

    @Test
    void redeclarationIsAnError() throws Exception {
        int env = cmd("def f := 1").get("env").asInt();
        assertEquals("'f' has already been declared", firstMessage(cmd("def f := 2", env)));
    }

    @Test
    void unparseableCommandIsAnErrorMessage() throws Exception {
        JsonNode answer = cmd("this is not Lean");
        assertEquals("unexpected identifier; expected command", firstMessage(answer));
        assertEquals(0, answer.get("env").asInt());
    }

    @Test
    void sorryOpensAProofStateWithTheBindersAsHypotheses() throws Exception {
        JsonNode answer = cmd("theorem my_theorem (x : Nat) : x = x := by sorry");
        JsonNode sorry = answer.at("/sorries/0");
        assertEquals("x : Nat\n⊢ x = x", sorry.get("goal").asText());
        assertEquals(0, sorry.get("proofState").asInt());
        assertEquals(43, sorry.at("/pos/column").asInt());
        assertEquals("declaration uses `sorry`", firstMessage(answer));
        assertEquals(8, answer.at("/messages/0/pos/column").asInt());
    }

    @Test
    void tacticsLeadToCompleted() throws Exception {
        cmd("theorem t (p q : Prop) (hq : q) : p → q ∧ True → q := by sorry");
        JsonNode intro = tactic("intro hp h", 0);
        assertEquals(1, intro.get("proofState").asInt());
        assertEquals("p q : Prop\nhq : q\nhp : p\nh : q ∧ True\n⊢ q", intro.at("/goals/0").asText());
        assertEquals("Incomplete: open goals remain", intro.get("proofStatus").asText());
        JsonNode done = tactic("exact hq", 1);
        assertEquals("Completed", done.get("proofStatus").asText());
        assertEquals(0, done.get("goals").size());
    }

    @Test
    void multiLineTacticBlockRunsInOrder() throws Exception {
        cmd("example (x : Nat) : x = x := by sorry");
        JsonNode answer = tactic("have h : 1 + 1 = 2 := by rfl\nskip\nrfl", 0);
        assertEquals("Completed", answer.get("proofStatus").asText());
    }

    @Test
    void haveWithSorryAddsAHypothesisAndAProofState() throws Exception {
        cmd("theorem foo (x : Int) : x = x := by sorry");
        JsonNode answer = tactic("have h : x = 1 := sorry", 0);
        assertEquals("x : Int\n⊢ x = 1", answer.at("/sorries/0/goal").asText());
        assertEquals(1, answer.at("/sorries/0/proofState").asInt());
        assertFalse(answer.at("/sorries/0").has("pos"));
        assertEquals(2, answer.get("proofState").asInt());
        assertEquals("x : Int\nh : x = 1\n⊢ x = x", answer.at("/goals/0").asText());
    }

    @Test
    void sorryTacticLeavesAProofThatContainsSorry() throws Exception {
        cmd("def f : Nat := by sorry");
        assertEquals("Incomplete: contains sorry", tactic("sorry", 0).get("proofStatus").asText());
    }

    @Test
    void exactWithAnUnknownNameClosesTheGoalAsSorry() throws Exception {
        cmd("theorem my_theorem (x : Nat) : x = x := by sorry");
        JsonNode answer = tactic("exact my_fake_premise", 0);
        assertEquals("Incomplete: contains sorry", answer.get("proofStatus").asText());
        assertEquals("Unknown identifier `my_fake_premise`", firstMessage(answer));
        assertEquals(0, answer.at("/messages/0/pos/line").asInt());
    }

    @Test
    void unknownTacticIsALeanError() throws Exception {
        cmd("def f : Nat := by sorry");
        assertEquals("Lean error:\n<input>:1:1: unknown tactic", tactic("exat 42", 0).get("message").asText());
    }

    @Test
    void rflOnDifferentSidesIsALeanError() throws Exception {
        cmd("example : 1 = 2 := by sorry");
        assertTrue(tactic("rfl", 0).get("message").asText().startsWith("Lean error:\n"));
        assertEquals("Completed", tactic("trivial", cmd("example : True := by sorry").at("/sorries/0/proofState")
                .asInt()).get("proofStatus").asText());
    }

    @Test
    void assumptionUsesAMatchingHypothesis() throws Exception {
        cmd("theorem aa (x : Nat) (h1 : x  = 2) : x = 2 := by sorry");
        assertEquals("Completed", tactic("assumption", 0).get("proofStatus").asText());
    }

    @Test
    void unsolvedGoalsAreReportedAtTheBy() throws Exception {
        JsonNode message = cmd("def f : Nat := by").at("/messages/0");
        assertEquals("unsolved goals\n⊢ Nat", message.get("data").asText());
        assertEquals(15, message.at("/pos/column").asInt());
        assertEquals(17, message.at("/endPos/column").asInt());
    }

    @Test
    void completeProofHasNoMessages() throws Exception {
        JsonNode answer = cmd("theorem t (a : Nat) : a = a := by\n  rfl\n\ntheorem u : 2 + 2 = 4 := rfl");
        assertFalse(answer.has("messages"));
        assertFalse(answer.has("sorries"));
    }

    @Test
    void allTacticsAndInfotreeDescribeEachTactic() throws Exception {
        JsonNode answer = repl.request("{\"cmd\": \"def f : Nat := by have t := 37; exact t\", \"allTactics\": true,"
                + " \"infotree\": \"original\"}");
        assertEquals("have t := 37", answer.at("/tactics/0/tactic").asText());
        assertEquals("⊢ Nat", answer.at("/tactics/0/goals").asText());
        assertEquals("t : Nat\n⊢ Nat", answer.at("/tactics/1/goals").asText());
        assertEquals(1, answer.at("/tactics/1/proofState").asInt());
        assertEquals("TacticInfo", answer.at("/infotree/0/kind").asText());
    }

    @Test
    void rootGoalsGiveAProofStatePerDeclaration() throws Exception {
        JsonNode answer = repl.request("{\"cmd\": \"theorem bb : 1+1=2 := by rfl\", \"rootGoals\": true}");
        assertEquals("⊢ 1 + 1 = 2", answer.at("/sorries/0/goal").asText());
        assertEquals("Completed", tactic("rfl", answer.at("/sorries/0/proofState").asInt()).get("proofStatus").asText());
    }
}
