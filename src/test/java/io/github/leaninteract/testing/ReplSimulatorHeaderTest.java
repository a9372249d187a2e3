package io.github.leaninteract.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.leaninteract.support.Closer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

import static io.github.leaninteract.testing.SimulatorProcess.firstMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator reads a module header as Lean's grammar has it, fails unknown modules, and charges imports. */
class ReplSimulatorHeaderTest {

    @RegisterExtension
    final Closer closer = new Closer();

    private static JsonNode cmd(SimulatorProcess repl, String text) throws IOException {
        return repl.request("{\"cmd\": " + new TextNode(text) + "}");
    }

    @Test
    void commentsModulePreludeAndModifiersBelongToTheHeader() throws Exception {
        SimulatorProcess repl = closer.add(SimulatorProcess.start());
        JsonNode answer = cmd(repl, "/- a /- nested -/ comment -/ module -- why\nprelude\n"
                + "public meta import all Lean.Elab /- c -/ import Mathlib\n  import runtime Std\ndef x := 1\n#eval x");
        assertEquals(1, answer.get("messages").size(), answer.toString());
        assertEquals("1", firstMessage(answer));
        assertEquals(6, answer.at("/messages/0/pos/line").asInt());
    }

    @Test
    void theHeaderEndsAtAToken_alsoInTheMiddleOfALine() throws Exception {
        SimulatorProcess repl = closer.add(SimulatorProcess.start());
        JsonNode twoModules = cmd(repl, "import Mathlib Lean");
        assertEquals("unexpected identifier; expected command", firstMessage(twoModules));
        assertEquals(15, twoModules.at("/messages/0/pos/column").asInt());
        JsonNode sameLine = cmd(repl, "import Mathlib def x := 3\n#eval x");
        assertEquals("3", firstMessage(sameLine));
    }

    @Test
    void aDocCommentEndsTheHeader() throws Exception {
        SimulatorProcess repl = closer.add(SimulatorProcess.start());
        JsonNode answer = cmd(repl, "/-- doc -/\nimport Mathlib\ndef x := 1");
        assertEquals("invalid 'import' command, it must be used in the beginning of the file", firstMessage(answer));
        assertEquals(2, answer.at("/messages/0/pos/line").asInt());
    }

    @Test
    void anUnknownModuleFailsTheHeaderAtItsFirstTokenAndTheRestRunsWithoutImports() throws Exception {
        SimulatorProcess repl = closer.add(SimulatorProcess.start());
        JsonNode answer = cmd(repl, "-- intro\nimport Mathlib\nimport NoSuchPackage.Foo\ndef x := 1\n#eval x");
        JsonNode error = answer.at("/messages/0");
        assertEquals("error", error.get("severity").asText());
        assertTrue(error.get("data").asText().startsWith("unknown module prefix 'NoSuchPackage'"), error.toString());
        assertEquals(2, error.at("/pos/line").asInt());
        assertEquals(0, error.at("/pos/column").asInt());
        assertFalse(error.has("endPos"));
        assertEquals("1", answer.at("/messages/1/data").asText());
    }

    @Test
    void moduleRootsExtendTheSearchPath() throws Exception {
        SimulatorProcess repl = closer.add(SimulatorProcess.start("--module-roots", "MyProject,Other"));
        assertFalse(cmd(repl, "import MyProject.Basic\nimport Other").has("messages"));
    }

    @Test
    void importsCostTheirTimeAgainWhenAnEnvironmentIsUnpickled(@TempDir Path dir) throws Exception {
        // The cost is a lower bound only: a loaded machine makes everything slower, never faster.
        SimulatorProcess repl = closer.add(SimulatorProcess.start("--import-cost-ms", "300"));
        long t0 = System.nanoTime();
        int env = cmd(repl, "import Mathlib\nimport Lean").get("env").asInt();
        assertTrue(System.nanoTime() - t0 >= 600_000_000L);
        String pickle = dir.resolve("env.olean").toString();
        repl.request("{\"env\": " + env + ", \"pickleTo\": " + new TextNode(pickle) + "}");
        long t1 = System.nanoTime();
        repl.request("{\"unpickleEnvFrom\": " + new TextNode(pickle) + "}");
        assertTrue(System.nanoTime() - t1 >= 600_000_000L);
    }

    @Test
    void optionsAreParsed() {
        SimulatorOptions o = SimulatorOptions.parse(List.of("--import-cost-ms", "25", "--module-roots", "A, B"));
        assertEquals(25, o.importCostMs());
        assertTrue(o.moduleRoots().containsAll(Set.of("A", "B", "Mathlib")));
    }
}
