package io.github.leaninteract.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.leaninteract.support.Closer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.github.leaninteract.testing.SimulatorProcess.firstMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pickling to and from real files, within one process and across processes. */
class ReplSimulatorPickleTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final Closer closer = new Closer();

    private SimulatorProcess start() throws IOException {
        return closer.add(SimulatorProcess.start());
    }

    private String path(String name) {
        return new com.fasterxml.jackson.databind.node.TextNode(dir.resolve(name).toString()).toString();
    }

    @Test
    void environmentRoundTripKeepsDefinitions() throws Exception {
        SimulatorProcess repl = start();
        repl.request("{\"cmd\": \"import Lean\\ndef f := 42\"}");
        JsonNode pickled = repl.request("{\"pickleTo\": " + path("a.olean") + ", \"env\": 0}");
        assertEquals(0, pickled.get("env").asInt());
        assertTrue(Files.size(dir.resolve("a.olean")) > 0);

        SimulatorProcess other = start();
        other.request("{\"cmd\": \"def g := 1\"}");
        JsonNode unpickled = other.request("{\"unpickleEnvFrom\": " + path("a.olean") + "}");
        assertEquals(1, unpickled.get("env").asInt());
        JsonNode eval = other.request("{\"cmd\": \"#eval f\", \"env\": 1}");
        assertEquals("42", firstMessage(eval));
    }

    @Test
    void pickleOfUnknownEnvironmentIsAnAnswer() throws Exception {
        SimulatorProcess repl = start();
        assertEquals("Unknown environment.",
                repl.request("{\"pickleTo\": " + path("x.olean") + ", \"env\": 3}").get("message").asText());
        assertFalse(Files.exists(dir.resolve("x.olean")));
    }

    @Test
    void pickleOfAProofStateAnswersWithANewId() throws Exception {
        SimulatorProcess repl = start();
        repl.request("{\"cmd\": \"def f : Nat := by sorry\"}");
        JsonNode pickled = repl.request("{\"pickleTo\": " + path("c.olean") + ", \"proofState\": 0}");
        assertEquals(1, pickled.get("proofState").asInt());
        assertEquals("⊢ Nat", pickled.at("/goals/0").asText());
        assertEquals("Incomplete: open goals remain", pickled.get("proofStatus").asText());
    }

    @Test
    void proofStateRoundTripKeepsGoalsAndHypotheses() throws Exception {
        SimulatorProcess repl = start();
        repl.request("{\"cmd\": \"def f : Nat := by sorry\"}");
        repl.request("{\"tactic\": \"have t : Nat := 42\", \"proofState\": 0}");
        repl.request("{\"pickleTo\": " + path("d.olean") + ", \"proofState\": 1}");

        SimulatorProcess other = start();
        JsonNode unpickled = other.request("{\"unpickleProofStateFrom\": " + path("d.olean") + "}");
        assertEquals(0, unpickled.get("proofState").asInt());
        assertEquals("t : Nat\n⊢ Nat", unpickled.at("/goals/0").asText());
        JsonNode done = other.request("{\"tactic\": \"exact t\", \"proofState\": 0}");
        assertEquals("Completed", done.get("proofStatus").asText());
    }

    @Test
    void unpickledProofStateUsesTheGivenEnvironment() throws Exception {
        SimulatorProcess repl = start();
        repl.request("{\"cmd\": \"theorem t : 2 = 2 := by sorry\"}");
        repl.request("{\"pickleTo\": " + path("p.olean") + ", \"proofState\": 0}");
        repl.request("{\"cmd\": \"theorem two : 2 = 2 := rfl\"}");
        JsonNode unpickled = repl.request("{\"unpickleProofStateFrom\": " + path("p.olean") + ", \"env\": 1}");
        assertEquals(2, unpickled.get("proofState").asInt());
        assertEquals("Completed", repl.request("{\"tactic\": \"exact two\", \"proofState\": 2}").get("proofStatus").asText());
    }

    @Test
    void unpickleProofStateWithUnknownEnvironmentIsAnAnswer() throws Exception {
        SimulatorProcess repl = start();
        repl.request("{\"cmd\": \"def f : Nat := by sorry\"}");
        repl.request("{\"pickleTo\": " + path("c.olean") + ", \"proofState\": 0}");
        JsonNode answer = repl.request("{\"unpickleProofStateFrom\": " + path("c.olean") + ", \"env\": 9}");
        assertEquals("Unknown environment.", answer.get("message").asText());
    }

    @Test
    void pickleOfUnknownProofStateUsesTheReplsOwnSpelling() throws Exception {
        SimulatorProcess repl = start();
        assertEquals("Unknown proof State.",
                repl.request("{\"pickleTo\": " + path("c.olean") + ", \"proofState\": 0}").get("message").asText());
    }

    @Test
    void unpicklingAMissingFileKillsTheProcess() throws Exception {
        SimulatorProcess repl = start();
        repl.send("{\"unpickleEnvFrom\": " + path("missing.olean") + "}");
        repl.assertExits(1, "uncaught exception: no such file or directory");
    }

    @Test
    void unpicklingACorruptFileKillsTheProcess() throws Exception {
        Files.writeString(dir.resolve("bad.olean"), "not a pickle");
        SimulatorProcess repl = start();
        repl.send("{\"unpickleProofStateFrom\": " + path("bad.olean") + "}");
        repl.assertExits(1, "invalid header");
    }

    @Test
    void unpicklingAnEnvironmentAsAProofStateKillsTheProcess() throws Exception {
        SimulatorProcess repl = start();
        repl.request("{\"cmd\": \"def f := 1\"}");
        repl.request("{\"pickleTo\": " + path("e.olean") + ", \"env\": 0}");
        repl.send("{\"unpickleProofStateFrom\": " + path("e.olean") + "}");
        assertEquals(1, repl.exitCode());
    }

    @Test
    void picklingIntoAMissingDirectoryKillsTheProcessLikeTheRepl() throws Exception {
        SimulatorProcess repl = start();
        repl.request("{\"cmd\": \"def f := 1\"}");
        repl.send("{\"pickleTo\": " + path("no/such/dir/e.olean") + ", \"env\": 0}");
        assertEquals(1, repl.exitCode());
        assertFalse(Files.exists(dir.resolve("no")));
    }
}
